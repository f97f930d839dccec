"""The runtime guard: every pickle load the process makes, including those
inside torch, joblib, numpy and pandas, refuses what the scanner's trusted
allowlist (extended by the policy and `allow`) does not cover.

    import sentinel
    sentinel.guard.install()                    # at the top of the program
    with sentinel.guard.enforce(allow={"mypkg.models": ["Head"]}):
        model = torch.load("model.pt", weights_only=False)

A reference to the original pickle functions or classes taken before
install() (`from pickle import loads` at import time) is not covered: install
early, or run the program with `python -m sentinel.guard run script.py`.
See docs/runtime-guard.md.
"""

import _pickle
import contextlib
import copyreg
import pickle
import threading
import warnings

from sentinel.guard import _checks, _code_loaders, _on_import, _unpickler

_lock = threading.Lock()
_restore = []  # (setter, original) pairs, undone in reverse order by uninstall()


def _entry_points():
    """(owner, attribute, guarded) for every replaced pickle entry point."""
    u = _unpickler
    return [
        (pickle, "load", u.load), (pickle, "loads", u.loads), (pickle, "Unpickler", u.GuardedUnpickler),
        (pickle, "_load", u.py_load), (pickle, "_loads", u.py_loads),
        (_pickle, "load", u.load), (_pickle, "loads", u.loads), (_pickle, "Unpickler", u.GuardedUnpickler),
        # In place on pickle._Unpickler itself, so that its subclasses (joblib's
        # NumpyUnpickler, pandas' compatibility unpickler) and references to it
        # taken before install() are covered as well.
        (u.PyUnpickler, "find_class", u.py_find_class), (u.PyUnpickler, "get_extension", u.py_get_extension),
    ]


def _replace(owner, attribute, guarded):
    original = owner.__dict__[attribute]
    setattr(owner, attribute, guarded)
    _restore.append((lambda value: setattr(owner, attribute, value), original))


def _replace_dispatch(opcode, guarded):
    table = _unpickler.PyUnpickler.dispatch
    original = table[opcode[0]]
    table[opcode[0]] = guarded
    _restore.append((lambda value: table.__setitem__(opcode[0], value), original))


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
                          stacklevel=3)
            continue
        _restore.append((lambda value, cls=cls: setattr(cls, "__bases__", value), original))


def install(policy=None, allow=None, *, scan="on"):
    """Replaces every pickle entry point with its guarded version. `policy`:
    a sentinel-policy.yml path or a sentinel.Policy (default: the built-in
    defaults); `allow`: more trusted globals, {module: [names]} or
    [(module, name)] or ["module:name"]; `scan`: "on" runs the static scan on
    the bytes of each load first, "off" checks imports and persistent ids only.
    Installing again replaces the configuration."""
    _activate(_checks.Config(policy, allow, scan))


def _activate(config):
    with _lock:
        _checks.state.config = config
        if _restore:
            return
        for owner, attribute, guarded in _entry_points():
            _replace(owner, attribute, guarded)
        _replace_dispatch(pickle.PERSID, _unpickler.py_load_persid)
        _replace_dispatch(pickle.BINPERSID, _unpickler.py_load_binpersid)
        _rebase_subclasses()
        # Objects cached for extension codes resolved before install() would
        # bypass find_class; it is only a cache (copyreg.clear_extension_cache).
        copyreg.clear_extension_cache()
        # TorchScript, torch.package and joblib, now or when they are imported.
        _on_import.await_modules(_code_loaders.patches(_replace))


def uninstall():
    """Restores every original pickle function, class and method exactly."""
    with _lock:
        _on_import.stop_waiting()
        while _restore:
            setter, original = _restore.pop()
            setter(original)
        _checks.state.config = None


def installed():
    return _checks.state.config is not None


@contextlib.contextmanager
def enforce(policy=None, allow=None, *, scan="on"):
    """install() for the duration of a with block; the previous state (not
    installed, or installed with another configuration) comes back on exit,
    also when the block raises."""
    previous = _checks.state.config
    install(policy, allow, scan=scan)
    try:
        yield
    finally:
        if previous is None:
            uninstall()
        else:
            _activate(previous)


__all__ = ["enforce", "install", "installed", "uninstall"]
