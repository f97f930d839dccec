#!/usr/bin/python3
"""Overhead of the runtime guard (sentinel.guard): load time with and without
it, on a realistic checkpoint and on many small pickles. Prints numbers; it
is not a timed test (docs/benchmark.md, "Runtime guard").

    PYTHONPATH=build/python /usr/bin/python3 scripts/bench_guard.py [--repeat 7] [--layers 12]

Cases, each timed without the guard, with it (scan on, the default) and with
scan="off"; the figure is the median of --repeat rounds (the three modes
interleaved in each), and the ratio is guarded / unguarded:
- torch.load of a GPT-2-small-shaped state_dict (--layers transformer blocks
  of width 768, about 7M parameters a layer; 124M parameters, ~500 MB, at 12);
- joblib.load of a fitted scikit-learn RandomForest (100 trees);
- pandas.read_pickle of a 1M-row DataFrame with numeric, string and
  categorical columns;
- pickle.loads of 20,000 small pickles (a dict of a few scalars and a list each),
  the worst case: the guard's fixed cost per load is not amortised.
Peak memory: for each case, a fresh interpreter does the load once without
the guard and once with it (scan on), and reports the peak RSS the load adds
(the high-water mark, reset just before the load, less the RSS before it);
the ratio is guarded / unguarded.
Then the scan of the checkpoint's data.pkl alone: the guard's own work on the
checkpoint, which the load's run-to-run noise would otherwise hide.
"""

import argparse
import contextlib
import gc
import pathlib
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

import sentinel
from sentinel import _core


MODES = {"unguarded": None, "scan=on": "on", "scan=off": "off"}


def median_seconds(load, repeat):
    """Median per mode, the modes interleaved in a rotating order so that
    drift and after-effects (page cache, allocator state, other load on the
    machine) hit them alike."""
    times = {mode: [] for mode in MODES}
    order = list(MODES.items())
    for round_ in range(repeat):
        for mode, scan in order[round_ % 3:] + order[:round_ % 3]:
            gc.collect()
            with sentinel.guard.enforce(scan=scan) if scan else contextlib.nullcontext():
                start = time.perf_counter()
                load()
                times[mode].append(time.perf_counter() - start)
    return {mode: statistics.median(t) for mode, t in times.items()}


def checkpoint(path, layers):
    import torch

    width = 768
    state = {"wte.weight": torch.randn(50257, width), "wpe.weight": torch.randn(1024, width)}
    for i in range(layers):
        p = f"h.{i}."
        state.update({
            p + "ln_1.weight": torch.ones(width), p + "ln_1.bias": torch.zeros(width),
            p + "attn.c_attn.weight": torch.randn(width, 3 * width), p + "attn.c_attn.bias": torch.zeros(3 * width),
            p + "attn.c_proj.weight": torch.randn(width, width), p + "attn.c_proj.bias": torch.zeros(width),
            p + "ln_2.weight": torch.ones(width), p + "ln_2.bias": torch.zeros(width),
            p + "mlp.c_fc.weight": torch.randn(width, 4 * width), p + "mlp.c_fc.bias": torch.zeros(4 * width),
            p + "mlp.c_proj.weight": torch.randn(4 * width, width), p + "mlp.c_proj.bias": torch.zeros(width),
        })
    torch.save(state, path)


def load_checkpoint(path):
    import torch

    return lambda: torch.load(path)


def forest(path):
    import joblib
    import numpy
    from sklearn.ensemble import RandomForestClassifier

    rng = numpy.random.default_rng(0)
    X = rng.normal(size=(2000, 20))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    joblib.dump(RandomForestClassifier(n_estimators=100, random_state=0).fit(X, y), path)


def load_forest(path):
    import joblib

    return lambda: joblib.load(path)


def frame(path):
    import numpy
    import pandas

    n = 1_000_000
    rng = numpy.random.default_rng(0)
    pandas.DataFrame({"x": rng.normal(size=n), "i": numpy.arange(n), "s": [f"row{i % 1000}" for i in range(n)],
                      "c": pandas.Categorical(rng.choice(["a", "b", "c"], size=n))}).to_pickle(path)


def load_frame(path):
    import pandas

    return lambda: pandas.read_pickle(path)


def small_pickles(count=20_000):
    blobs = [pickle.dumps({"id": i, "name": f"item{i}", "score": i / 3, "tags": ["a", "b"]}) for i in range(count)]

    def load_all():
        for blob in blobs:
            pickle.loads(blob)

    return load_all


def data_pkl_scan_seconds(path, repeat=200):
    """The static scan the guard runs on a torch checkpoint's data.pkl, alone."""
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        data = archive.read(name)
    policy = sentinel.Policy()
    start = time.perf_counter()
    for _ in range(repeat):
        _core.scan_load(policy, data, True, False, False, name)
    return (time.perf_counter() - start) / repeat


def cases(layers):
    """name -> (file name, make(path), loader(path)); the small pickles need no file."""
    return {
        f"torch.load GPT-2-shaped state_dict ({layers} layers)":
            ("ckpt.pt", lambda p: checkpoint(p, layers), load_checkpoint),
        "joblib.load RandomForest (100 trees)": ("forest.joblib", forest, load_forest),
        "pandas.read_pickle 1M-row DataFrame": ("frame.pkl", frame, load_frame),
        "pickle.loads x 20,000 small pickles": (None, None, lambda _: small_pickles()),
    }


def peak_mib(name, layers, work, mode):
    """Peak RSS a fresh interpreter adds while doing the load once in `mode`:
    the high-water mark (VmHWM, reset through /proc/self/clear_refs just
    before the load) less the RSS just before it. ru_maxrss would not do: a
    child's includes the parent's RSS at fork."""
    code = f"""
import sys
sys.path.insert(0, {str(pathlib.Path(__file__).resolve().parent)!r})
import bench_guard, pathlib, sentinel
name, file_name, loader = {name!r}, *bench_guard.cases({layers})[{name!r}][::2]
load = loader(pathlib.Path({str(work)!r}) / file_name if file_name else None)
scan = {MODES[mode]!r}
if scan:
    sentinel.guard.install(scan=scan)
def status(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status("VmRSS")
load()
print((status("VmHWM") - before) / 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--layers", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        loads = {}
        for name, (file_name, make, loader) in cases(args.layers).items():
            if make is not None:
                make(work / file_name)
            loads[name] = loader(work / file_name if file_name else None)
        baselines = {}
        print(f"{'case':52} {'unguarded':>10} {'scan=on':>10} {'ratio':>6} {'scan=off':>10} {'ratio':>6}"
              f" {'peak MiB: unguarded':>20} {'scan=on':>8} {'ratio':>6}")
        for name, load in loads.items():
            load()  # warm the page cache and imports
            t = median_seconds(load, args.repeat)
            base, on, off = t["unguarded"], t["scan=on"], t["scan=off"]
            peak_base, peak_on = (peak_mib(name, args.layers, work, mode) for mode in ("unguarded", "scan=on"))
            print(f"{name:52} {base * 1e3:8.1f}ms {on * 1e3:8.1f}ms {on / base:6.3f} {off * 1e3:8.1f}ms {off / base:6.3f}"
                  f" {peak_base:20.1f} {peak_on:8.1f} {peak_on / max(peak_base, 1.0):6.3f}")
            baselines[name] = base
        scan = data_pkl_scan_seconds(work / "ckpt.pt")
        checkpoint_base = next(iter(baselines.values()))
        print(f"the guard's own work on the checkpoint, free of load noise: scanning its data.pkl takes "
              f"{scan * 1e3:.3f} ms, {scan / checkpoint_base:.3%} of the unguarded load")


if __name__ == "__main__":
    main()
