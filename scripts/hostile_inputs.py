#!/usr/bin/python3
"""Issue 14's hostile inputs: small files that cost a naive scanner seconds,
gigabytes or an unreadable report. Each is generated here, as bytes, and
scanned by the CLI under an address-space limit; `check` asserts the verdict
and the peak RSS, `measure` prints CPU seconds and peak RSS per input (the
benchmark, docs/benchmark.md).

  hostile_inputs.py check   --sentinel PATH [--only NAME] [--no-rss]   # ctest hostile_inputs_bounded
  hostile_inputs.py measure --sentinel PATH [--only NAME] [--full]
  hostile_inputs.py write DIR [--full]

`--full` writes the sizes of the issue's table (the 3 GiB entry); the test
uses a smaller entry that is still far above the in-memory decoding cap, so
the same mechanism is exercised in seconds. Nothing scanned is executed: the
payloads are pickles built as bytes that would call os.system.
"""

import argparse
import gzip
import io
import os
import pathlib
import random
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

PAYLOAD = b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00true\x85R."
BENIGN = b"\x80\x02N."
MIB = 1 << 20


def zip_of(members, method=zipfile.ZIP_DEFLATED, level=9):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data, compresslevel=level)
    return buf.getvalue()


def pickle_like_junk(size, rng):
    """Bytes that keep a pickle machine busy from almost every offset: PROTO
    headers on the opcode chain and hidden inside bytes arguments (off the
    chain), EMPTY_LIST/POP runs between them, and no STOP, so no start
    reached from the junk ever ends in a stream a loader would act on. A
    short random pattern, repeated, so that it deflates to a few KB."""
    unit = bytearray()
    for _ in range(32):
        unit += b"C\x02\x80\x02"  # a bytes whose body is a PROTO header
        unit += b"]0" * rng.randrange(2, 6)
        unit += b"\x80\x02" + b"]0" * rng.randrange(1, 4)
    return (bytes(unit) * (size // len(unit) + 1))[:size]


def junk_members_zip(full=False):
    """Row 1: deflated members of junk (after a benign stream, and on their
    own), then a nested container that holds the payload."""
    rng = random.Random(14)
    size = 1 * MIB
    members = [
        ("junk_after_stream_0.pkl", BENIGN + pickle_like_junk(size, rng)),
        ("junk_after_stream_1.pkl", BENIGN + b"\x00" + pickle_like_junk(size, rng)),
        ("junk_0.bin", pickle_like_junk(size, rng)),
        ("junk_1.bin", b"\x00" + pickle_like_junk(size, rng)),
        ("inner.zip", zip_of([("archive/data.pkl", PAYLOAD)])),
    ]
    return zip_of(members), {"expect": "PICKLE-EXEC", "rss_mib": 256}


def empty_list_pop_gzip(full=False):
    """Row 2: 64 MiB of EMPTY_LIST, POP in a gzip of about 65 KB."""
    body = b"\x80\x04" + b"]0" * (32 * MIB) + b"N."
    return gzip.compress(body, compresslevel=9, mtime=0), {"expect": None, "rss_mib": 256}


def big_entry_zip(full=False):
    """Row 3: one deflated entry that decodes to gigabytes (3 GiB in the
    table; 1 GiB in the test) at about 160:1: a pickle of 1 GiB bytes
    arguments, each popped, then the payload."""
    total = (3 << 30) if full else (1 << 30)
    rng = random.Random(3)
    # A repeating 4 KiB block with a few random bytes changed per block.
    block = bytearray(4096)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", allowZip64=True) as z:
        info = zipfile.ZipInfo("archive/data.pkl", (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as w:
            w.write(b"\x80\x04")
            chunk = 1 << 30
            for _ in range(total // chunk):
                w.write(b"\x8e" + struct.pack("<Q", chunk))
                left = chunk
                while left:
                    for _ in range(64):
                        block[rng.randrange(4096)] = rng.randrange(256)
                    piece = bytes(block) * 256
                    n = min(left, len(piece))
                    w.write(piece[:n])
                    left -= n
                w.write(b"0")  # POP the bytes
            w.write(PAYLOAD)
    return buf.getvalue(), {"expect": "PICKLE-EXEC", "rss_mib": 512}


def nested_zip(full=False):
    """Row 4: four names for the same bytes at each of 12 nesting levels,
    one payload pickle at the bottom."""
    data = zip_of([("payload.pkl", PAYLOAD)])
    for _ in range(11):
        data = zip_of([(f"copy{i}.zip", data) for i in range(4)])
    # The payload is 12 containers deep: past the default archive_depth (8),
    # whose finding fails the gate; with the depth raised it is reported.
    return data, {"expect": "PICKLE-EXEC", "rss_mib": 256, "max_findings": 1000,
                  "args": ["--limit", "archive_depth=16"]}


def dense_pickle(full=False):
    """Row 5: 1.2M tuples of int, float, str and dict, pickled as the C
    Pickler writes them (with the memo)."""
    import pickle
    rng = random.Random(5)
    words = ["a", "id", "x", "key", "name", "val", "w", "bias"]
    rows = [(rng.randrange(1 << 40), rng.random(), rng.choice(words) * rng.randrange(1, 4),
             {"k": rng.randrange(100), "v": rng.random()}) for _ in range(1_200_000)]
    return pickle.dumps(rows, protocol=4), {"expect": None, "rss_mib": None, "rss_over_size_mib": 64}


INPUTS = {
    "junk_members.zip": junk_members_zip,
    "empty_list_pop.pkl.gz": empty_list_pop_gzip,
    "big_entry.zip": big_entry_zip,
    "nested.zip": nested_zip,
    "dense.pkl": dense_pickle,
}


def run_scan(sentinel, path, rss_limit_mib, extra=()):
    """Scans with the CLI; returns (exit code, JSON report, CPU seconds,
    peak RSS in MiB, stderr). The address-space limit makes an unbounded
    allocation fail inside the scanner instead of passing unnoticed; wait4
    gives this child's own peak RSS."""
    def limit():
        if rss_limit_mib:
            cap = (rss_limit_mib + 1024) * MIB  # address space > RSS: mappings, thread stacks
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sentinel, "artifact", "--format", "json", *extra, str(path)], stdout=out,
                                stderr=err, preexec_fn=limit)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    import json
    try:
        report = json.loads(text)
    except ValueError:
        report = None
    return (proc.returncode, report, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            errors.decode(errors="replace"))


def findings_of(report):
    return [f for file in report.get("files", []) for f in file.get("findings", [])]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["check", "measure", "write"])
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--sentinel")
    ap.add_argument("--only")
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--no-rss", action="store_true",
                    help="check verdicts only (sanitizer builds reserve address space and use more memory)")
    args = ap.parse_args()
    names = [n for n in INPUTS if not args.only or n == args.only]
    if args.mode == "write":
        out = pathlib.Path(args.dir)
        out.mkdir(parents=True, exist_ok=True)
        for n in names:
            (out / n).write_bytes(INPUTS[n](args.full)[0])
        return 0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            data, want = INPUTS[n](args.full)
            path = pathlib.Path(tmp) / n
            path.write_bytes(data)
            del data
            rss_cap = want["rss_mib"] or (path.stat().st_size >> 20) + want.get("rss_over_size_mib", 0)
            t0 = time.monotonic()
            limited = args.mode == "check" and not args.no_rss
            code, report, cpu, rss, err = run_scan(args.sentinel, path, rss_cap if limited else None,
                                                   want.get("args", ()))
            wall = time.monotonic() - t0
            found = findings_of(report) if report else []
            rules = sorted({f["rule_id"] for f in found})
            print(f"{n}: {path.stat().st_size} bytes, exit {code}, {len(found)} findings {rules}, "
                  f"cpu {cpu:.2f} s, wall {wall:.2f} s, peak RSS {rss:.0f} MiB (cap {rss_cap} MiB)", flush=True)
            if args.mode != "check":
                continue
            problems = []
            if report is None:
                problems.append(f"no JSON report (exit {code}): {err.strip()[-400:]}")
            elif want["expect"] and want["expect"] not in rules:
                problems.append(f"expected a {want['expect']} finding")
            if code not in (0, 1):
                problems.append(f"exit {code}")
            if want["expect"] and code != 1:
                problems.append("the gate did not fail")
            if limited and rss > rss_cap:
                problems.append(f"peak RSS {rss:.0f} MiB over {rss_cap} MiB")
            if len(found) > want.get("max_findings", 1 << 62):
                problems.append(f"{len(found)} findings, more than {want['max_findings']}")
            failures += [f"{n}: {p}" for p in problems]
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
