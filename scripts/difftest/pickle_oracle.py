#!/usr/bin/python3
"""What CPython's two unpicklers reach in a pickle, without running anything.

    /usr/bin/python3 scripts/difftest/pickle_oracle.py < paths

Reads file paths, one per line, from standard input; for each prints one JSON
line {"path", "c": RESULT, "python": RESULT} where RESULT is
{"imports": [[module, name, mapped_module, mapped_name], ...], "calls": N,
"persistent": N, "error": "..."}.

Nothing scanned ever runs. find_class records the names and returns a fresh
placeholder class, never a real object; persistent_load returns a placeholder;
the copyreg extension registry of this process is empty. Calls the unpickler
makes (REDUCE, NEWOBJ, OBJ, INST, BUILD's __setstate__, APPEND/EXTEND/ADD and
__setitem__ on objects) land on placeholders and are counted. The process
limits its own memory and time (a hostile memo index or length must raise
MemoryError, not take the machine down).
"""

import _compat_pickle
import io
import json
import pickle
import resource
import signal
import sys
import warnings


class _Recorder:
    calls = 0


class Placeholder:
    """A stand-in for every global, call result and persistent object."""

    def __new__(cls, *args, **kwargs):
        _Recorder.calls += 1
        if not isinstance(cls, type):
            cls = type(cls)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        _Recorder.calls += 1
        return object.__new__(Placeholder)

    def __setstate__(self, state):
        _Recorder.calls += 1

    def __setitem__(self, key, value):
        _Recorder.calls += 1

    def append(self, item):
        _Recorder.calls += 1

    def extend(self, items):
        _Recorder.calls += 1
        for _ in items:
            pass

    def add(self, item):
        _Recorder.calls += 1

    def __iter__(self):
        return iter(())

    def keys(self):
        return ()

    __hash__ = object.__hash__


def _mapped(module, name):
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


def _importable(module):
    """Dotted identifiers: the names a module can be imported by. (A file
    named otherwise on sys.path is the one accepted difference, see
    docs/difftest.md.)"""
    return all(part.isidentifier() for part in module.split("."))


def _recording(base):
    class Recording(base):
        def __init__(self, file, log):
            super().__init__(file, encoding="latin1")
            self._log = log

        def find_class(self, module, name):
            # What the real find_class would do before returning: __import__
            # fails for a name no module can have, getattr(module, '') always.
            if not _importable(module) or not _importable(_mapped(module, name)[0]):
                raise ModuleNotFoundError(module)
            self._log["imports"].append([module, name, *_mapped(module, name)])
            if not name:
                raise AttributeError(name)
            return type("P", (Placeholder,), {})

        def persistent_load(self, pid):
            self._log["persistent"] += 1
            return object.__new__(Placeholder)

    return Recording


READERS = {"c": _recording(pickle.Unpickler), "python": _recording(pickle._Unpickler)}


class _Timeout(Exception):
    pass


_armed = [False]


def _alarm(signum, frame):
    if _armed[0]:
        raise _Timeout("timeout")


def load_all(data, reader):
    """Loads streams back to back, as a loader calling load() again would."""
    log = {"imports": [], "calls": 0, "persistent": 0, "error": ""}
    _Recorder.calls = 0
    f = io.BytesIO(data)
    _armed[0] = True
    signal.setitimer(signal.ITIMER_REAL, 2.0)
    try:
        for _ in range(16):
            if f.tell() >= len(data):
                break
            READERS[reader](f, log).load()
    except _Timeout:
        log["error"] = "timeout"
    except BaseException as e:  # the sample decides what is raised
        log["error"] = type(e).__name__
    finally:
        _armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    log["calls"] = _Recorder.calls
    return log


def main():
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    signal.signal(signal.SIGALRM, _alarm)
    sys.setrecursionlimit(5000)
    warnings.simplefilter("ignore")  # STRING escapes the sample chose
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        with open(path, "rb") as fh:
            data = fh.read()
        out = {"path": path}
        for reader in READERS:
            out[reader] = load_all(data, reader)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
