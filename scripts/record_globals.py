#!/usr/bin/python3
"""Record the globals CPython's unpickler asks for, for the differential test.

    /usr/bin/python3 scripts/record_globals.py [--impl python|c] FILE...

BENIGN FIXTURES ONLY (tests/fixtures/real and similar). Although nothing is
imported or called - every global is replaced by an inert placeholder class -
this script does run CPython's unpickler over the file, so it is a test oracle
for trusted inputs, not a scanner. Never point it at untrusted files; use
Sentinel for those.

For each FILE, the stream is loaded by a subclass of pickle's Unpickler whose
find_class RECORDS (module, name) after the Python-2 name mapping CPython
applies (protocol < 3, fix_imports=True: _compat_pickle.NAME_MAPPING, then
IMPORT_MAPPING) and returns a harmless placeholder class. persistent_load
returns a placeholder too. Output, one line per find_class call, in call order:

    module name

(`name` is the qualname as written; protocol 4+ dotted names stay dotted).
With several files, each file's lines are preceded by `== FILE`.
If a file cannot be loaded with placeholders, the globals recorded before the
failure are printed, then `ERROR <message>`, and the exit status is 3 (the
other files are still processed).

--impl python (default) uses the pure-Python pickle._Unpickler, which exposes
the stream protocol; --impl c uses the C _pickle.Unpickler, whose protocol is
taken from the stream's leading PROTO opcode (0 when absent). The C unpickler
rejects NEWOBJ on a non-class (e.g. a class reached through getattr), so the
default is the pure-Python one.
"""

import _compat_pickle
import io
import pickle
import sys


class Placeholder(dict):
    """Inert stand-in for any global, call result or persistent object.

    A dict (SETITEMS/SETITEM) that also accepts APPEND(S) and ADDITEMS, any
    constructor arguments, any BUILD state, any attribute, and can be called
    again (reducer chains) - returning a fresh placeholder. Hashable by
    identity so it can be a dict key or a set member.

    Extension points (used by scripts/gen_generation_fixtures.py): a subclass
    that defines `_ph_hook` in its own class body has it called with the
    constructor's positional arguments each time an instance is made; the
    BUILD state is kept in `_ph_state` (None until __setstate__ runs).
    """

    _ph_global = ("?", "?")
    _ph_state = None
    _ph_hook = None

    def __new__(cls, *args, **kwargs):
        if not isinstance(cls, type):          # NEWOBJ on a placeholder instance
            cls = type(cls)
        self = dict.__new__(cls)
        self.__dict__["_ph_args"] = (args, kwargs)
        self.__dict__["_ph_items"] = []
        hook = cls.__dict__.get("_ph_hook")    # own class only, not inherited
        if hook is not None:
            hook(args)
        return self

    def __init__(self, *args, **kwargs):       # never forward args to dict
        pass

    def __setstate__(self, state):
        self.__dict__["_ph_state"] = state

    def __call__(self, *args, **kwargs):
        return Placeholder(*args, **kwargs)

    def append(self, item):
        self.__dict__["_ph_items"].append(item)

    def extend(self, items):
        self.__dict__["_ph_items"].extend(items)

    def add(self, item):
        self.__dict__["_ph_items"].append(item)

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __repr__(self):
        return "<placeholder %s.%s>" % self._ph_global


_classes = {}


def placeholder_class(module, name):
    key = (module, name)
    cls = _classes.get(key)
    if cls is None:
        cls = type("Placeholder_" + name.replace(".", "_"), (Placeholder,),
                   {"_ph_global": key, "__module__": "sentinel.placeholder"})
        _classes[key] = cls
    return cls


def _map(module, name, proto, fix_imports=True):
    if proto < 3 and fix_imports:
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.IMPORT_MAPPING:
            module = _compat_pickle.IMPORT_MAPPING[module]
    return module, name


class PyRecorder(pickle._Unpickler):
    def __init__(self, f, out):
        super().__init__(f)
        self.out = out

    def find_class(self, module, name):
        module, name = _map(module, name, self.proto, self.fix_imports)
        self.out.append((module, name))
        return placeholder_class(module, name)

    def persistent_load(self, pid):
        return Placeholder(pid)


class CRecorder(pickle.Unpickler):
    def __init__(self, f, out, proto):
        super().__init__(f)
        self.out = out
        self.stream_proto = proto

    def find_class(self, module, name):
        module, name = _map(module, name, self.stream_proto)
        self.out.append((module, name))
        return placeholder_class(module, name)

    def persistent_load(self, pid):
        return Placeholder(pid)


def record(data, impl="python", out=None):
    """Globals find_class was asked for, in call order (appended to out)."""
    if out is None:
        out = []
    f = io.BytesIO(data)
    if impl == "c":
        proto = data[1] if len(data) > 1 and data[0] == 0x80 else 0
        CRecorder(f, out, proto).load()
    else:
        PyRecorder(f, out).load()
    return out


def main(argv):
    impl = "python"
    if len(argv) >= 2 and argv[0] == "--impl":
        impl = argv[1]
        argv = argv[2:]
        if impl not in ("python", "c"):
            print("usage: record_globals.py [--impl python|c] FILE...", file=sys.stderr)
            return 2
    if not argv:
        print("usage: record_globals.py [--impl python|c] FILE...", file=sys.stderr)
        return 2
    status = 0
    for path in argv:
        if len(argv) > 1:
            print("== %s" % path)
        out = []
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            record(data, impl, out)
        except Exception as e:  # noqa: BLE001 - any failure is reported
            for module, name in out:
                print("%s %s" % (module, name))
            print("ERROR %s: %s" % (type(e).__name__, str(e).replace("\n", " ")))
            status = 3
            continue
        for module, name in out:
            print("%s %s" % (module, name))
        sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
