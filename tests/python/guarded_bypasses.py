"""Ways around the guard inside one process (threads, reload, early
importers, dill); run only in a subprocess by test_guard_processes.py:

    python3 guarded_bypasses.py FAMILY WORKDIR

WORKDIR holds payload.pkl (a marker payload) and early_import.py. Prints
one JSON line per case: refused (UnsafeFileError), loaded, or error."""

import importlib
import io
import json
import pathlib
import pickle
import sys

from case_report import report
import threading

FAMILY, WORK = sys.argv[1], pathlib.Path(sys.argv[2])
PAYLOAD = (WORK / "payload.pkl").read_bytes()
# dill maps ('__builtin__', '__main__') to the running script's globals:
# this stream sets `target` in them (protocol 0: GLOBAL, two strings, SETITEM).
MAIN_REWRITE = b"c__builtin__\n__main__\nS'target'\nS'rewritten'\ns."
target = "original"


def main_target():
    return sys.modules["__main__"].target


def note(case, value):
    print(json.dumps({"case": case, "outcome": "note", "detail": value}), flush=True)


def threads():
    """enforce() from two threads: the first block to end must not uninstall under the other."""
    import sentinel

    for scan in ("on", "off"):
        first_in, second_in, first_out, loaded = (threading.Event() for _ in range(4))

        def first():
            with sentinel.guard.enforce(scan=scan):
                first_in.set()
                second_in.wait(30)
            first_out.set()

        def second():
            first_in.wait(30)
            with sentinel.guard.enforce(scan=scan):
                second_in.set()
                first_out.wait(30)
                note(f"installed after the other block ended scan={scan}", sentinel.guard.installed())
                report(f"pickle.loads after the other block ended scan={scan}", lambda: pickle.loads(PAYLOAD))
                report(f"pickle._loads after the other block ended scan={scan}", lambda: pickle._loads(PAYLOAD))
            loaded.set()

        workers = [threading.Thread(target=first), threading.Thread(target=second)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        note(f"installed after both scan={scan}", sentinel.guard.installed())

    # Nested with different configurations across threads: each thread's own block applies to it.
    allowing = threading.Event()
    strict_done = threading.Event()

    def permissive():
        with sentinel.guard.enforce(allow=["posix:system"], scan="off"):  # a dangerous callable stays refused
            allowing.set()
            strict_done.wait(30)

    t = threading.Thread(target=permissive)
    t.start()
    allowing.wait(30)
    with sentinel.guard.enforce(scan="off"):
        report("own strict block while another thread's block allows more", lambda: pickle.loads(PAYLOAD))
    strict_done.set()
    t.join(60)


def reload():
    """importlib.reload(pickle) re-executes pickle.py: fresh pure-Python unpickler, original functions."""
    import _pickle
    import copyreg

    import sentinel

    for scan in ("on", "off"):
        sentinel.guard.install(scan=scan)
        importlib.reload(pickle)
        note(f"installed after reload scan={scan}", sentinel.guard.installed())
        report(f"pickle.loads after reload scan={scan}", lambda: pickle.loads(PAYLOAD))
        report(f"pickle._loads after reload scan={scan}", lambda: pickle._loads(PAYLOAD))
        report(f"pickle._load after reload scan={scan}", lambda: pickle._load(io.BytesIO(PAYLOAD)))
        report(f"pickle._Unpickler after reload scan={scan}", lambda: pickle._Unpickler(io.BytesIO(PAYLOAD)).load())
        report(f"pickle.Unpickler after reload scan={scan}", lambda: pickle.Unpickler(io.BytesIO(PAYLOAD)).load())
        for module in (copyreg, _pickle, pickle):
            importlib.reload(module)
        note(f"installed after reloading copyreg, _pickle, pickle scan={scan}", sentinel.guard.installed())
        report(f"pickle._loads after reloading all scan={scan}", lambda: pickle._loads(PAYLOAD))
        report(f"_pickle.loads after reloading all scan={scan}", lambda: _pickle.loads(PAYLOAD))
        sentinel.guard.uninstall()
        note(f"restored after uninstall scan={scan}",
             pickle.loads is _pickle.loads and pickle._Unpickler.find_class.__module__ == "pickle"
             and not any(f is sentinel.guard._finder for f in sys.meta_path))
    # Reloaded while not installed, then installed: the fresh unpickler is guarded.
    importlib.reload(pickle)
    with sentinel.guard.enforce(scan="off"):
        report("pickle._loads reloaded before install", lambda: pickle._loads(PAYLOAD))
    # A program that undoes a patch itself: installed() says so.
    sentinel.guard.install()
    saved = pickle._loads
    pickle._loads = sentinel.guard._unpickler.PY_LOADS
    note("installed after a patch was undone", sentinel.guard.installed())
    pickle._loads = saved
    note("installed once it is back", sentinel.guard.installed())


def _dill_cases(dill, label):
    import sentinel

    for scan in ("on", "off"):
        with sentinel.guard.enforce(scan=scan):
            report(f"dill.loads {label} scan={scan}", lambda: dill.loads(PAYLOAD))
            report(f"dill.load {label} scan={scan}", lambda: dill.load(open(WORK / "payload.pkl", "rb")))
            report(f"dill.Unpickler.load {label} scan={scan}", lambda: dill.Unpickler(io.BytesIO(PAYLOAD)).load())
            report(f"dill __main__ rewrite {label} scan={scan}", lambda: dill.loads(MAIN_REWRITE),
                   after=main_target)
    with sentinel.guard.enforce(allow=["__builtin__:__main__"], scan="off"):  # allowed explicitly: dill's own behaviour
        report(f"dill __main__ allowed {label}", lambda: dill.loads(MAIN_REWRITE), after=main_target)
    sys.modules["__main__"].target = "original"


def dill_early():
    import dill  # before install(): dill holds the original Unpickler as StockUnpickler

    report("dill __main__ rewrite unguarded", lambda: dill.loads(MAIN_REWRITE), after=main_target)
    sys.modules["__main__"].target = "original"
    original = dill._dill.Unpickler.find_class, dill._dill.StockUnpickler
    _dill_cases(dill, "imported before install")
    note("dill restored exactly", (dill._dill.Unpickler.find_class, dill._dill.StockUnpickler) == original)


def dill_late():
    import sentinel

    sentinel.guard.install()
    import dill  # after install(): the import hook guards its find_class

    sentinel.guard.uninstall()
    _dill_cases(dill, "imported after install")


def early_importers():
    import dbm
    import shelve

    sys.path.insert(0, str(WORK))
    import early_import  # `from pickle import loads, Unpickler` at import time
    from multiprocessing.reduction import ForkingPickler

    import sentinel

    with dbm.open(str(WORK / "db"), "c") as db:
        db[b"model"] = PAYLOAD
    for scan in ("on", "off"):
        with sentinel.guard.enforce(scan=scan):
            with shelve.open(str(WORK / "db"), "r") as db:
                report(f"shelve imported before install scan={scan}", lambda: db["model"])
            report(f"from pickle import loads before install scan={scan}", lambda: early_import.loads(PAYLOAD))
            report(f"from pickle import Unpickler before install scan={scan}",
                   lambda: early_import.Unpickler(io.BytesIO(PAYLOAD)).load())
            report(f"ForkingPickler.loads called by the program scan={scan}", lambda: ForkingPickler.loads(PAYLOAD))
    note("restored exactly", early_import.loads is pickle.loads and shelve.Unpickler is pickle.Unpickler)


def connection():
    """multiprocessing.connection without an authkey: whoever connects is no
    process of the program, and what it sends stays guarded."""
    import multiprocessing.connection

    import sentinel

    sentinel.guard.install()
    with multiprocessing.connection.Listener(("127.0.0.1", 0)) as listener:
        def send():
            with multiprocessing.connection.Client(listener.address) as client:
                client.send_bytes(PAYLOAD)
                report("Client without authkey: recv", client.recv)

        sender = threading.Thread(target=send)
        sender.start()
        with listener.accept() as served:
            report("Listener without authkey: recv", served.recv)
            served.send_bytes(PAYLOAD)
        sender.join(60)
    # With an authkey it is multiprocessing's own kind of channel: benign objects pass unchecked.
    with multiprocessing.connection.Listener(("127.0.0.1", 0), authkey=b"k") as listener:
        def send_benign():
            with multiprocessing.connection.Client(listener.address, authkey=b"k") as client:
                client.send(Local(7))

        sender = threading.Thread(target=send_benign)
        sender.start()
        with listener.accept() as served:
            note("authenticated connection", served.recv().value)
        sender.join(60)


class Local:
    def __init__(self, value):
        self.value = value


{"connection": connection, "threads": threads, "reload": reload, "dill-early": dill_early, "dill-late": dill_late,
 "early-importers": early_importers}[FAMILY]()
