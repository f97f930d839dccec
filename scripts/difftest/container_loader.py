"""Loads files through the REAL loaders (torch.load, joblib.load, numpy.load,
pandas.read_pickle) with every unpickler patched to RECORD and REFUSE: each
find_class is recorded and, unless Sentinel's allowlist trusts the name (and
data/dangerous.txt does not list it), answered with an inert placeholder
class. Loaders keep their own persistent_load (torch reads storage records
with it), and one without it still raises at a persistent id. Nothing a scanned file names is ever
called. TorchScript archives are never executed: torch.jit.load is replaced
by a recorder.

Run as a fork server: reads JSON jobs {"loader", "path", "ranges"} from stdin,
one per line, forks a child per job (resource-limited), and writes one JSON
result line per job: {"outcome", "imports", "persistent", "detail"}.
Used by scripts/difftest/containers.py; never run it on your own files
outside that harness.
"""

import io
import json
import os
import pathlib
import pickle
import resource
import signal
import sys
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _names(path):
    out = set()
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line:
            continue
        parts = line.split(" ")
        if len(parts) >= 2:
            out.add((parts[0], parts[1]))
    return out


TRUSTED = _names("data/allowlist.txt")
DANGEROUS = _names("data/dangerous.txt") if (ROOT / "data/dangerous.txt").exists() else set()
# find_class resolves a dotted name from protocol 4 on: ("joblib",
# "numpy_pickle.NumpyArrayWrapper") is the real wrapper class, so the loader
# must get the real class for every spelling of a trusted name.
TRUSTED_DOTTED = {f"{m}.{n}" for m, n in TRUSTED} - {f"{m}.{n}" for m, n in DANGEROUS}

PROBE_MODULE = "sentinel_probe_mod"
RECORD = {"imports": [], "persistent": 0, "torchscript": False}


class Inert:
    """What every untrusted name resolves to: accepts anything, does nothing."""

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return Inert()

    def __setstate__(self, state):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Inert()

    def __setitem__(self, k, v):
        pass

    def append(self, v):
        pass

    def extend(self, v):
        pass


def _module_exists(module):
    """Whether __import__(module) could succeed, without importing it: the
    real loader raises at a module that does not exist, and nothing after
    that runs. (find_spec imports parent packages, as __import__ would.)"""
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except Exception:  # noqa: BLE001 - invalid names, missing parents
        return False


def _resolve(module, name, real):
    if f"{module}.{name}" in TRUSTED_DOTTED:
        RECORD["imports"].append([module, name])
        return real(module, name)
    # The probe module stands for an attacker's installed module; any other
    # untrusted name must exist for the real loader to go on.
    if module != PROBE_MODULE and not _module_exists(module):
        raise ModuleNotFoundError(f"No module named {module!r}")
    # A module already imported must have the attribute (find_class's
    # getattr, dotted from protocol 4 on); others are not imported here.
    if module != PROBE_MODULE and module in sys.modules:
        obj = sys.modules[module]
        for part in str(name).split("."):
            if not part or not hasattr(obj, part):
                raise AttributeError(f"module {module!r} has no attribute {name!r}")
            obj = getattr(obj, part)
    RECORD["imports"].append([module, name])
    return type(str(name).replace(".", "_")[:60] or "inert", (Inert,), {})


def _patch():
    c_unpickler = pickle.Unpickler

    class RecordingUnpickler(c_unpickler):
        def find_class(self, module, name):
            return _resolve(module, name, super().find_class)

    # Pure-Python unpickler: joblib's NumpyUnpickler and pandas' compat
    # unpickler inherit its find_class.
    py_find_class = pickle._Unpickler.find_class

    def py_recording_find_class(self, module, name):
        return _resolve(module, name, lambda m, n: py_find_class(self, m, n))

    pickle._Unpickler.find_class = py_recording_find_class
    pickle.Unpickler = RecordingUnpickler

    def load(file, **kw):
        return RecordingUnpickler(file, **kw).load()

    def loads(data, /, **kw):
        return RecordingUnpickler(io.BytesIO(data), **kw).load()

    pickle.load = load
    pickle.loads = loads


def _torch_load(path, ranges):
    import torch

    def jit_load(*a, **k):
        RECORD["torchscript"] = True
        raise RuntimeError("torchscript archive: not executed by the harness")

    torch.jit.load = jit_load
    data = pathlib.Path(path).read_bytes()
    if ranges:
        # torch.distributed.checkpoint's FileSystemReader: torch.load of each
        # item's byte range of a .distcp shard.
        for off, length in ranges:
            try:
                torch.load(io.BytesIO(data[off:off + length]), weights_only=False)
            except Exception as e:  # noqa: BLE001 - the next item still loads
                RECORD.setdefault("errors", []).append(repr(e)[:200])
        return
    torch.load(io.BytesIO(data), weights_only=False)


def _run(job):
    loader, path = job["loader"], job["path"]
    warnings.simplefilter("ignore")
    if loader == "torch":
        _torch_load(path, job.get("ranges"))
    elif loader == "joblib":
        import joblib

        joblib.load(path)
    elif loader == "joblib_mmap":
        import joblib

        joblib.load(path, mmap_mode="r")
    elif loader == "numpy":
        import numpy

        r = numpy.load(path, allow_pickle=True)
        if hasattr(r, "files"):
            for k in r.files:
                r[k]
    elif loader == "pandas":
        import pandas

        pandas.read_pickle(path, compression=job.get("compression", "infer"))
    elif loader == "pickle":
        with open(path, "rb") as f:
            pickle.load(f)
    else:
        raise ValueError(loader)


def _child(job, out_fd):
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (20, 25))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
    _patch()
    outcome, detail = "loaded", ""
    try:
        _run(job)
    except BaseException as e:  # noqa: BLE001 - any failure is an outcome
        outcome, detail = "error", repr(e)[:300]
    RECORD.update(outcome=outcome, detail=detail)
    os.write(out_fd, json.dumps(RECORD).encode())
    os._exit(0)


def main():
    import numpy  # noqa: F401 - imported once, before forking
    import joblib  # noqa: F401
    import pandas  # noqa: F401
    import torch

    torch.set_num_threads(1)
    for line in sys.stdin:
        job = json.loads(line)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                _child(job, w)
            finally:
                os._exit(1)
        os.close(w)
        timeout = job.get("timeout", 30)

        def on_alarm(signum, frame):
            os.kill(pid, signal.SIGKILL)

        signal.signal(signal.SIGALRM, on_alarm)
        signal.alarm(timeout)
        chunks = []
        while True:
            b = os.read(r, 65536)
            if not b:
                break
            chunks.append(b)
        os.close(r)
        _, status = os.waitpid(pid, 0)
        signal.alarm(0)
        try:
            result = json.loads(b"".join(chunks))
        except ValueError:
            result = {"imports": [], "persistent": 0, "outcome": "crash", "detail": f"status {status}"}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
