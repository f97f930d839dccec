"""Loads malicious samples with the guard installed; run only in a subprocess
by test_guard_malicious.py. python3 guarded_cases.py FAMILY WORKDIR prints one
JSON line per case: refused (UnsafeFileError), loaded, or error (anything else)."""

import contextlib
import copyreg
import io
import pathlib
import pickle
import sys

from case_report import report

FAMILY, WORK = sys.argv[1], pathlib.Path(sys.argv[2])


def opened(name):
    return open(WORK / name, "rb")


def entry_points():
    import _pickle

    import sentinel

    def from_file(fn, name):
        def load():
            with opened(name) as f:
                return fn(f)
        return load

    def from_bytes(fn, name):
        return lambda: fn((WORK / name).read_bytes())

    for scan in ("on", "off"):
        with sentinel.guard.enforce(scan=scan):
            for kind in ("system", "exec", "eval", "open"):
                name = f"payload_{kind}.pkl"
                cases = {
                    "pickle.load": from_file(pickle.load, name),
                    "pickle.loads": from_bytes(pickle.loads, name),
                    "pickle.Unpickler": from_file(lambda f: pickle.Unpickler(f).load(), name),
                    "pickle.Unpickler(BytesIO)": from_bytes(lambda b: pickle.Unpickler(io.BytesIO(b)).load(), name),
                    "pickle._load": from_file(pickle._load, name),
                    "pickle._loads": from_bytes(pickle._loads, name),
                    "pickle._Unpickler": from_file(lambda f: pickle._Unpickler(f).load(), name),
                    "_pickle.load": from_file(_pickle.load, name),
                    "_pickle.loads": from_bytes(_pickle.loads, name),
                    "_pickle.Unpickler": from_file(lambda f: _pickle.Unpickler(f).load(), name),
                }
                for entry, load in cases.items():
                    report(f"{entry} {kind} scan={scan}", load)
            report(f"pickle.loads protocol0 scan={scan}", from_bytes(pickle.loads, "payload_system_p0.pkl"))


def libraries():
    import joblib
    import numpy
    import pandas
    import torch

    import sentinel

    for scan in ("on", "off"):
        with sentinel.guard.enforce(scan=scan):
            # weights_only=False: from torch 2.6 on the default is True, which
            # refuses in torch's own unpickler before pickle (test_guard_modern_torch).
            report(f"torch.load scan={scan}", lambda: torch.load(WORK / "payload.pt", weights_only=False))
            report(f"torch.load legacy scan={scan}",
                   lambda: torch.load(WORK / "payload_legacy.pt", weights_only=False))
            report(f"joblib.load scan={scan}", lambda: joblib.load(WORK / "payload.joblib"))
            report(f"joblib.load zlib scan={scan}", lambda: joblib.load(WORK / "payload_zlib.joblib"))
            report(f"numpy.load scan={scan}", lambda: numpy.load(WORK / "payload.npy", allow_pickle=True))
            report(f"pandas.read_pickle scan={scan}", lambda: pandas.read_pickle(WORK / "payload_df.pkl"))


# Defined before install(): they derive from the original classes.
class EarlyUnpickler(pickle.Unpickler):
    pass


class EarlyRenamingUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        return super().find_class({"renamed": "posix"}.get(module, module), name)


class EarlyPyUnpickler(pickle._Unpickler):
    pass


def subclasses():
    import sentinel

    sentinel.guard.install(scan="off")
    report("subclass defined before install", lambda: EarlyUnpickler(opened("payload_system.pkl")).load())
    report("renaming subclass defined before install",
           lambda: EarlyRenamingUnpickler(opened("payload_renamed.pkl")).load())
    report("pure-Python subclass defined before install",
           lambda: EarlyPyUnpickler(opened("payload_system.pkl")).load())

    class Late(pickle.Unpickler):
        def persistent_load(self, pid):
            return pid

    report("subclass defined after install", lambda: Late(opened("payload_system.pkl")).load())


def fallbacks():
    import torch

    import sentinel

    sentinel.guard.install()

    def weights_only_then_full():
        try:
            return torch.load(WORK / "payload.pt", weights_only=True)
        except pickle.UnpicklingError:
            return torch.load(WORK / "payload.pt", weights_only=False)

    def unpickling_error_then_pure_python():
        data = (WORK / "payload_system.pkl").read_bytes()
        try:
            return pickle.loads(data)
        except pickle.UnpicklingError:
            return pickle._Unpickler(io.BytesIO(data)).load()

    def any_error_then_retry_without_scan():
        try:
            return torch.load(WORK / "payload.pt", weights_only=False)
        except Exception:
            with sentinel.guard.enforce(scan="off"):
                return torch.load(WORK / "payload.pt", weights_only=False)

    def common_loader_errors():
        try:
            return pickle.loads((WORK / "payload_system.pkl").read_bytes())
        except (ImportError, AttributeError, TypeError, ValueError, RuntimeError, OSError, EOFError, KeyError):
            return "swallowed"

    report("torch weights_only=True, except UnpicklingError: weights_only=False", weights_only_then_full)
    report("except UnpicklingError: pure-Python unpickler", unpickling_error_then_pure_python)
    report("except Exception: retry without the scan", any_error_then_retry_without_scan)
    report("except the errors loaders catch", common_loader_errors)


def extensions():
    import _pickle

    import sentinel

    copyreg.add_extension("posix", "system", 0xF0)
    data = (WORK / "payload_ext.pkl").read_bytes()
    for scan in ("on", "off"):
        with sentinel.guard.enforce(scan=scan):
            report(f"EXT1 pickle.loads scan={scan}", lambda: pickle.loads(data))
            report(f"EXT1 pickle._loads scan={scan}", lambda: pickle._loads(data))
            report(f"EXT1 _pickle.Unpickler scan={scan}", lambda: _pickle.Unpickler(io.BytesIO(data)).load())


{"entry_points": entry_points, "libraries": libraries, "subclasses": subclasses, "fallbacks": fallbacks,
 "extensions": extensions}[FAMILY]()
