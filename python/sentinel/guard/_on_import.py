"""Patches that wait for their module: the guard covers entry points of
libraries a program may import after install() (torch, joblib, ...). A
finder at the front of sys.meta_path wraps the loader of each awaited module
so that its patch runs as soon as the module has executed, before any other
code can take a reference. importlib.reload goes through the same finders,
so a reloaded module is patched again."""

import importlib.abc
import sys
import threading

_awaited = {}  # module name -> patch(module)
_local = threading.local()


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader, self._patch = loader, patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)

    def __getattr__(self, name):  # get_code, get_source, is_package, ... of the real loader
        return getattr(self._loader, name)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        patch = _awaited.get(name)
        if patch is None or getattr(_local, "finding", False):
            return None
        _local.finding = True
        try:
            for finder in sys.meta_path:
                find = getattr(finder, "find_spec", None)
                if finder is self or find is None:
                    continue
                spec = find(name, path, target)
                if spec is not None:
                    break
            else:
                return None
        finally:
            _local.finding = False
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


_finder = _Finder()


def await_modules(patches):
    """Applies patch(module) to each module of `patches` ({name: patch})
    already imported, and to the others as they are imported (or reloaded)."""
    _awaited.update(patches)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    for name, patch in patches.items():
        module = sys.modules.get(name)
        if module is not None:
            patch(module)


def stop_waiting():
    _awaited.clear()
    while _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
