#!/usr/bin/python3
"""Issue 14's benchmark at scale: Sentinel side by side with
`pickletools.genops` and (optionally) picklescan, on the same file, in one run.

  bench_scale.py --sentinel PATH [--out DIR] [--only NAME] [--picklescan DIR]
                 [--repeat N] [--cpu N] [--no-genops]

Inputs (written into DIR if absent; DIR defaults to /tmp/bench_scale):

  dense.pkl           scripts/hostile_inputs.py's dense_pickle(): 1.2M tuples
                      (int, float, str, dict), pickle.dumps protocol 4, ~54 MB
  dense_200mb.pkl     the same rows from the same generator (same seed, the
                      first 1.2M rows are identical), 4.45M rows, ~200 MB
  checkpoint_2gib.pt  torch.save (zip format) of a state_dict of 64 float32
                      tensors of 8M values each (torch.randn, seed 0): 2 GiB
                      of tensor data

For each input, one at a time, pinned to one core (`taskset -c CPU`, default 1):

  sentinel    `sentinel artifact --format json FILE`, best of --repeat (3)
  genops      /usr/bin/python3 walking pickletools.genops over the pickle as
              picklescan does (for the .pt: over the archive's data.pkl member
              opened with zipfile, which is what picklescan reads); once
  picklescan  `python3 -m picklescan -p FILE` with PYTHONPATH=--picklescan DIR
              (the folder holding the `picklescan` package); once; skipped
              when --picklescan is not given or the package does not import

Wall time is measured around the child; CPU (user + sys) and peak RSS
(ru_maxrss) come from os.wait4 of that child. MB/s is file size / wall time
with MB = 10^6 bytes. The targets checked are issue 14's: Sentinel >= 100x
faster than genops (wall), >= 300 MB/s on one core (wall), and peak RSS <=
file size + 64 MiB.

Needs the stdlib, plus torch to write the checkpoint (only if absent).
"""

import argparse
import json
import os
import pathlib
import pickle
import random
import re
import subprocess
import sys
import tempfile
import time

SCRIPTS = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))
import hostile_inputs  # noqa: E402  (dense_pickle(), the issue's row 5)

MIB = 1 << 20
PYTHON = "/usr/bin/python3"
DENSE_200MB_ROWS = 4_450_000

GENOPS_CODE = r"""
import pickletools, sys, zipfile
path = sys.argv[1]
n = 0
if zipfile.is_zipfile(path):
    with zipfile.ZipFile(path) as z:
        name = next(m for m in z.namelist() if m.endswith("data.pkl"))
        with z.open(name) as f:
            for op, arg, pos in pickletools.genops(f):
                n += 1
else:
    with open(path, "rb") as f:
        for op, arg, pos in pickletools.genops(f):
            n += 1
print(n)
"""


# ---------------------------------------------------------------- inputs

def write_dense(path):
    data, _ = hostile_inputs.dense_pickle()
    return data


def write_dense_200mb(path):
    """The rows of hostile_inputs.dense_pickle(), built the same way (same
    seed, same draws in the same order), only more of them."""
    rng = random.Random(5)
    words = ["a", "id", "x", "key", "name", "val", "w", "bias"]
    rows = [(rng.randrange(1 << 40), rng.random(), rng.choice(words) * rng.randrange(1, 4),
             {"k": rng.randrange(100), "v": rng.random()}) for _ in range(DENSE_200MB_ROWS)]
    return pickle.dumps(rows, protocol=4)


def write_checkpoint(path):
    import torch
    torch.manual_seed(0)
    state = {f"layer{i:02d}.weight": torch.randn(8 * MIB, dtype=torch.float32) for i in range(64)}
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)  # zip format (_use_new_zipfile_serialization default)
    os.replace(tmp, path)
    return None


INPUTS = {
    "dense.pkl": write_dense,
    "dense_200mb.pkl": write_dense_200mb,
    "checkpoint_2gib.pt": write_checkpoint,
}


def write_input(name, path):
    data = INPUTS[name](path)
    if data is not None:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def ensure(name, path):
    """Writes the input in a child process: the measuring process must stay
    small, because Linux seeds a child's ru_maxrss with the RSS it had when it
    called exec, which after fork is this process's RSS."""
    if path.exists():
        return
    print(f"writing {path} ...", file=sys.stderr, flush=True)
    subprocess.run([PYTHON, __file__, "--write", name, str(path)], check=True)


# ---------------------------------------------------------------- runs

def run(cmd, cpu, env=None):
    """Runs cmd pinned to `cpu`; returns dict(wall, cpu, rss_mib, rc, out, err)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(["taskset", "-c", str(cpu), *cmd], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
                "rc": os.waitstatus_to_exitcode(status),
                "out": out.read().decode(errors="replace"), "err": err.read().decode(errors="replace")}


def run_sentinel(sentinel, path, cpu, repeat):
    best = None
    for _ in range(repeat):
        r = run([sentinel, "artifact", "--format", "json", str(path)], cpu)
        try:
            r["findings"] = json.loads(r["out"])["summary"]["findings"]
        except (ValueError, KeyError, TypeError):
            r["findings"] = None
        if best is None or r["wall"] < best["wall"]:
            best = r
    best["note"] = f"best of {repeat}"
    return best


def run_genops(path, cpu):
    r = run([PYTHON, "-c", GENOPS_CODE, str(path)], cpu)
    r["findings"] = None
    r["note"] = f"{r['out'].strip()} opcodes" if r["rc"] == 0 else r["err"].strip().splitlines()[-1:]
    return r


def picklescan_usable(folder):
    if not folder:
        return False, "not given (--picklescan)"
    env = dict(os.environ, PYTHONPATH=folder)
    p = subprocess.run([PYTHON, "-c", "import picklescan.scanner, picklescan.cli"], env=env,
                       capture_output=True, text=True)
    if p.returncode != 0:
        return False, "does not import: " + (p.stderr.strip().splitlines() or ["?"])[-1]
    return True, ""


def run_picklescan(folder, path, cpu):
    env = dict(os.environ, PYTHONPATH=folder)
    r = run([PYTHON, "-m", "picklescan", "-p", str(path)], cpu, env=env)
    m = re.search(r"Dangerous globals: (\d+)", r["out"])
    r["findings"] = int(m.group(1)) if m else None
    r["note"] = "once"
    if r["rc"] == 2:
        tail = (r["out"] + r["err"]).strip().splitlines()[-1:]
        r["note"] = f"scan error: {tail}"
    return r


# ---------------------------------------------------------------- report

def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--write":
        write_input(sys.argv[2], pathlib.Path(sys.argv[3]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentinel", required=True, help="the sentinel binary to measure")
    ap.add_argument("--out", default="/tmp/bench_scale", help="folder for the inputs (written if absent)")
    ap.add_argument("--only", choices=list(INPUTS), action="append", help="measure only this input (repeatable)")
    ap.add_argument("--picklescan", help="folder to put on PYTHONPATH that holds the picklescan package")
    ap.add_argument("--repeat", type=int, default=3, help="Sentinel runs per input; the best is kept")
    ap.add_argument("--cpu", type=int, default=1, help="core to pin every measured process to")
    ap.add_argument("--no-genops", action="store_true", help="skip the genops runs")
    args = ap.parse_args()

    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = args.only or list(INPUTS)
    ps_ok, ps_why = picklescan_usable(args.picklescan)
    if not ps_ok:
        print(f"picklescan skipped: {ps_why}", file=sys.stderr)

    rows = []
    for name in names:
        path = out / name
        ensure(name, path)
        size = path.stat().st_size
        print(f"measuring {name} ({size} bytes) ...", file=sys.stderr, flush=True)
        res = {"sentinel": run_sentinel(args.sentinel, path, args.cpu, args.repeat)}
        if not args.no_genops:
            res["genops"] = run_genops(path, args.cpu)
        if ps_ok:
            res["picklescan"] = run_picklescan(args.picklescan, path, args.cpu)
        for tool, r in res.items():
            print(f"  {tool}: wall {r['wall']:.3f} s, cpu {r['cpu']:.3f} s, rss {r['rss_mib']:.1f} MiB, "
                  f"rc {r['rc']}, findings {r['findings']}, {r['note']}", file=sys.stderr, flush=True)
        rows.append((name, size, res))

    print()
    print("| input | size (bytes) | tool | wall s | CPU s | MB/s | peak RSS MiB | exit | findings "
          "| Sentinel speed-up | targets |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, size, res in rows:
        s = res["sentinel"]
        for tool, r in res.items():
            mbs = size / 1e6 / r["wall"]
            speed, targets = "", ""
            if tool == "sentinel":
                checks = []
                rss_cap = size / MIB + 64
                checks.append(f">=300 MB/s: {'met' if mbs >= 300 else 'NOT met'}")
                if "genops" in res and res["genops"]["rc"] == 0:
                    x = res["genops"]["wall"] / s["wall"]
                    checks.append(f">=100x genops: {'met' if x >= 100 else 'NOT met'} ({x:.1f}x)")
                checks.append(f"RSS <= size+64 MiB ({rss_cap:.0f}): {'met' if s['rss_mib'] <= rss_cap else 'NOT met'}")
                targets = "; ".join(checks)
            else:
                speed = f"{r['wall'] / s['wall']:.1f}x" if r["rc"] in (0, 1) else "n/a"
            findings = "" if r["findings"] is None else str(r["findings"])
            print(f"| {name} | {size} | {tool} | {r['wall']:.3f} | {r['cpu']:.3f} | {mbs:.1f} | "
                  f"{r['rss_mib']:.1f} | {r['rc']} | {findings} | {speed} | {targets} |")
    if not ps_ok:
        print(f"\npicklescan: not measured ({ps_why})")
    import resource
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nThis harness's own peak RSS: {floor:.1f} MiB (a floor under every peak RSS above: "
          f"a child's ru_maxrss includes the RSS it inherited at fork, up to exec)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
