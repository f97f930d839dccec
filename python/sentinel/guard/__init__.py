"""The runtime guard: every pickle load the process makes, including those
inside torch, joblib, numpy and pandas, refuses what the scanner's trusted
allowlist (extended by the policy and `allow`) does not cover.

    import sentinel
    sentinel.guard.install()                    # at the top of the program
    with sentinel.guard.enforce(allow={"mypkg.models": ["Head"]}):
        model = torch.load("model.pt", weights_only=False)

install() also replaces references to the original pickle functions and
classes that modules imported before it hold (`from pickle import loads`,
dill, shelve, multiprocessing), re-applies itself when pickle is reloaded,
and hands its configuration to child processes (SENTINEL_GUARD, read at
start-up by the sentinel-guard.pth hook). A reference kept elsewhere (a
local variable, a container) is not covered: install early, or run the
program with `python -m sentinel.guard run script.py`.
See docs/runtime-guard.md.
"""

import contextlib
import copyreg
import importlib.abc
import os
import sys
import threading
import types
import warnings

from sentinel.guard import _checks, _code_loaders, _unpickler

ENVIRONMENT = "SENTINEL_GUARD"

_lock = threading.RLock()
# What install() replaced: key -> (setter, original, guarded), undone in
# reverse order by uninstall(). A key is replaced at most once: when a
# reloaded module brings a fresh original, that one is what comes back.
_restore = {}
_environment_before = [None]  # SENTINEL_GUARD as install() found it


class _Missing:
    pass


_MISSING = _Missing()


def _guarded_for_original():
    """The guarded replacement of each original, by identity."""
    u = _unpickler
    return {id(u.C_LOAD): (u.C_LOAD, u.load), id(u.C_LOADS): (u.C_LOADS, u.loads),
            id(u.CUnpickler): (u.CUnpickler, u.GuardedUnpickler),
            id(u.PY_LOAD): (u.PY_LOAD, u.py_load), id(u.PY_LOADS): (u.PY_LOADS, u.py_loads)}


def _entry_points(pickle, _pickle):
    """(owner, attribute, guarded) for every replaced pickle entry point."""
    u = _unpickler
    return [
        (pickle, "load", u.load), (pickle, "loads", u.loads), (pickle, "Unpickler", u.GuardedUnpickler),
        (pickle, "_load", u.py_load), (pickle, "_loads", u.py_loads),
        (_pickle, "load", u.load), (_pickle, "loads", u.loads), (_pickle, "Unpickler", u.GuardedUnpickler),
    ]


def _py_unpicklers(pickle):
    """The pure-Python unpickler classes patched in place: pickle._Unpickler
    as the guard was imported, and the current one when pickle has been
    reloaded since (a new class)."""
    classes = [_unpickler.PyUnpickler]
    current = getattr(pickle, "_Unpickler", None)
    if isinstance(current, type) and current is not _unpickler.PyUnpickler:
        classes.append(current)
    return classes


def _replace(key, owner, attribute, guarded):
    current = owner.__dict__.get(attribute, _MISSING)
    if current is guarded:
        return
    setattr(owner, attribute, guarded)
    _restore[key] = (lambda value: delattr(owner, attribute) if value is _MISSING else setattr(owner, attribute, value),
                     current, guarded)


def _replace_attribute(owner, attribute, guarded):
    _replace(("attribute", id(owner), attribute), owner, attribute, guarded)


def _replace_dispatch(table, opcode, guarded):
    key = ("dispatch", id(table), opcode[0])
    if table.get(opcode[0]) is guarded:
        return
    _restore[key] = (lambda value: table.__setitem__(opcode[0], value), table[opcode[0]], guarded)
    table[opcode[0]] = guarded


def _rebase_subclasses():
    """Unpickler subclasses defined before install() (class MyUnpickler(pickle.Unpickler))
    derive from the C class, whose methods cannot be replaced: they are given
    GuardedUnpickler as base instead, for as long as the guard is installed."""
    for cls in _unpickler.CUnpickler.__subclasses__():
        if cls is _unpickler.GuardedUnpickler:
            continue
        original = cls.__bases__
        try:
            cls.__bases__ = tuple(_unpickler.GuardedUnpickler if b is _unpickler.CUnpickler else b for b in original)
        except TypeError as e:
            warnings.warn(f"sentinel.guard cannot cover {cls.__module__}.{cls.__qualname__}: {e}", RuntimeWarning,
                          stacklevel=4)
            continue
        _restore[("bases", id(cls))] = (lambda value, cls=cls: setattr(cls, "__bases__", value), original, None)


def _is_own(name):
    return name in ("pickle", "_pickle", "sentinel") or name.startswith("sentinel.")


# Where early references were found: (owner, attribute, original, guarded),
# visited again on each install; and the modules already searched, by name
# (with the module object, so that a re-imported module is searched again).
# Searching every module costs tens of milliseconds with torch loaded: an
# outer enforce() block pays it once per module, not on every entry.
_sites = []
_searched = {}


def _replace_early_references():
    """Module attributes, and attributes of classes defined in those modules
    (multiprocessing's ForkingPickler.loads), that *are* an original pickle
    function or class, taken before install(): dill's StockUnpickler,
    shelve's Unpickler, `from pickle import loads`. Replaced by identity."""
    originals = _guarded_for_original()
    for name, module in list(sys.modules.items()):
        if _searched.get(name) is module:
            continue
        _searched[name] = module
        if not isinstance(module, types.ModuleType) or _is_own(name):
            continue
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for attribute, value in list(namespace.items()):
            found = originals.get(id(value))
            if found is not None and found[0] is value:
                _sites.append((module, attribute, value, found[1]))
            elif isinstance(value, type) and getattr(value, "__module__", None) == name:
                _find_class_references(value, originals)
    for owner, attribute, original, guarded in _sites:
        if owner.__dict__.get(attribute) is original:
            try:
                _replace_attribute(owner, attribute, guarded)
            except (TypeError, AttributeError):  # an immutable (built-in) class
                continue


def _find_class_references(cls, originals):
    try:
        items = list(vars(cls).items())
    except TypeError:
        return
    for attribute, value in items:
        found = originals.get(id(value))
        if found is None or found[0] is not value:
            continue
        # A function in a class stays what the builtin was: never bound to instances.
        guarded = found[1] if found[1] is _unpickler.GuardedUnpickler else staticmethod(found[1])
        _sites.append((cls, attribute, value, guarded))


def _dill_find_class(original):
    """dill's Unpickler.find_class answers ('__builtin__', '__main__') with
    the main module's dict and ('__builtin__', 'NoneType') itself, before
    the find_class the guard checks: every pair it is asked for is checked
    first (the first is refused unless allowed; the second is harmless)."""

    def find_class(self, module, name):
        if (module, name) != ("__builtin__", "NoneType"):
            _checks.check_global("dill._dill" if module == "dill.dill" else module, name)
        return original(self, module, name)

    find_class.sentinel_guarded = True
    return find_class


def _wrap_once(owner, attribute, make):
    original = getattr(owner, "__dict__", {}).get(attribute)
    if original is None or getattr(original, "sentinel_guarded", False):
        return
    _replace_attribute(owner, attribute, make(original))


def _guard_dill():
    dill = sys.modules.get("dill._dill")
    _wrap_once(getattr(dill, "Unpickler", None), "find_class", _dill_find_class)


def _mark_unauthenticated_connections():
    """The program's own inter-process traffic is trusted (docs/runtime-guard.md);
    a multiprocessing connection made without an authkey is not the program's
    own: its loads stay guarded."""
    connection = sys.modules.get("multiprocessing.connection")
    if connection is not None:
        _wrap_once(getattr(connection, "Listener", None), "accept", _unpickler.marking_accept)
        _wrap_once(connection, "Client", _unpickler.marking_client)


class _ReapplyLoader(importlib.abc.Loader):
    """Runs the real loader, then puts the guard back on what the module
    just (re)defined: importlib.reload(pickle) re-executes pickle.py, which
    brings back the original functions and a fresh pure-Python unpickler."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        with _lock:
            if _restore:
                _apply()

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _ReapplyFinder(importlib.abc.MetaPathFinder):
    """On sys.meta_path while the guard is installed: loading (or reloading)
    one of these modules re-applies the guard afterwards."""

    WATCHED = frozenset({"pickle", "_pickle", "copyreg", "dill", "dill._dill", "shelve", "multiprocessing.reduction",
                         "multiprocessing.connection", *_code_loaders.MODULES})

    def find_spec(self, name, path=None, target=None):
        if name not in self.WATCHED:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and not isinstance(spec.loader, _ReapplyLoader):
                    spec.loader = _ReapplyLoader(spec.loader)
                return spec
        return None


_finder = _ReapplyFinder()


def _apply():
    """Puts every replacement in place; what already is stays (idempotent)."""
    pickle = sys.modules.get("pickle") or _unpickler.pickle
    _pickle = sys.modules.get("_pickle") or _unpickler._pickle
    for owner, attribute, guarded in _entry_points(pickle, _pickle):
        _replace_attribute(owner, attribute, guarded)
    # In place on pickle._Unpickler itself, so that its subclasses (joblib's
    # NumpyUnpickler, pandas' compatibility unpickler) and references to it
    # taken before install() are covered as well.
    for cls in _py_unpicklers(pickle):
        _replace_attribute(cls, "find_class", _unpickler.py_find_class)
        _replace_attribute(cls, "get_extension", _unpickler.py_get_extension)
        _replace_dispatch(cls.dispatch, pickle.PERSID, _unpickler.py_load_persid)
        _replace_dispatch(cls.dispatch, pickle.BINPERSID, _unpickler.py_load_binpersid)
    _rebase_subclasses()
    _replace_early_references()
    _guard_dill()
    _mark_unauthenticated_connections()
    # TorchScript, torch.package and joblib: now, or when they are imported.
    _code_loaders.guard_loaded_modules(_wrap_once)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
        _restore[("meta_path",)] = (lambda value: sys.meta_path.remove(_finder) if _finder in sys.meta_path else None,
                                    None, None)
    # Objects cached for extension codes resolved before install() would
    # bypass find_class; it is only a cache (copyreg.clear_extension_cache).
    copyreg.clear_extension_cache()


def _in_place():
    """Whether every replacement is where install() put it (a reload or a
    program's own assignments may have undone some)."""
    pickle, _pickle = sys.modules.get("pickle"), sys.modules.get("_pickle")
    if pickle is None or _pickle is None or _finder not in sys.meta_path:
        return False
    entry_points = _entry_points(pickle, _pickle)
    if any(owner.__dict__.get(attribute) is not guarded for owner, attribute, guarded in entry_points):
        return False
    for cls in _py_unpicklers(pickle):
        if (cls.__dict__.get("find_class") is not _unpickler.py_find_class
                or cls.__dict__.get("get_extension") is not _unpickler.py_get_extension
                or cls.dispatch.get(pickle.PERSID[0]) is not _unpickler.py_load_persid
                or cls.dispatch.get(pickle.BINPERSID[0]) is not _unpickler.py_load_binpersid):
            return False
    return True


def _remove():
    while _restore:
        _, (setter, original, _guarded) = _restore.popitem()
        setter(original)


def _sync():
    """Makes the patches and SENTINEL_GUARD match the state: in place while
    install() or any enforce() block is active, removed otherwise."""
    state = _checks.state
    if state.active():
        if not _restore:
            _environment_before[0] = os.environ.get(ENVIRONMENT)
            _apply()
        elif not _in_place():  # nested install()/enforce(): only what was undone since
            _apply()
        os.environ[ENVIRONMENT] = state.shared_config().environment
    else:
        _remove()
        if _environment_before[0] is None:
            os.environ.pop(ENVIRONMENT, None)
        else:
            os.environ[ENVIRONMENT] = _environment_before[0]
        _environment_before[0] = None


def install(policy=None, allow=None, *, scan="on"):
    """Replaces every pickle entry point with its guarded version. `policy`:
    a sentinel-policy.yml path or a sentinel.Policy (default: the built-in
    defaults); `allow`: more trusted globals, {module: [names]} or
    [(module, name)] or ["module:name"]; `scan`: "on" runs the static scan on
    the bytes of each load first, "off" checks imports and persistent ids only.
    Installing again replaces the configuration (an enforce() block's own
    configuration still applies inside it)."""
    config = _checks.Config(policy, allow, scan)
    with _lock:
        _checks.state.base = config
        _sync()


def uninstall():
    """Restores every original pickle function, class and method exactly,
    now: also under active enforce() blocks, each of which, on exit, puts
    back the install() configuration it found, if any."""
    with _lock:
        _checks.state.clear()
        _sync()


def installed():
    """True when a configuration is in force and every replacement is in place."""
    with _lock:
        return _checks.state.config is not None and _in_place()


@contextlib.contextmanager
def enforce(policy=None, allow=None, *, scan="on"):
    """The guard for the duration of a with block, with this configuration
    for the loads of the thread that entered it (and of threads without a
    block of their own). Blocks nest, also across threads: the guard stays
    installed until the last active block ends (or install() is in force).
    On exit the previous state comes back, also when the block raises: not
    installed, or installed with the outer configuration."""
    block = _checks._Block(_checks.Config(policy, allow, scan))
    with _lock:
        block.previous_base = _checks.state.base
        _checks.state.enter(block)
        _sync()
    try:
        yield
    finally:
        with _lock:
            _checks.state.leave(block)
            if _checks.state.base is None and block.previous_base is not None:
                _checks.state.base = block.previous_base  # uninstall() inside the block lasts until its end
            _sync()


__all__ = ["ENVIRONMENT", "enforce", "install", "installed", "uninstall"]
