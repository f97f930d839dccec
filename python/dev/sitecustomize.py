"""The development tree's start-up hook: CMake copies it to build/python, next
to the package (setup.py does not install it). A directory on PYTHONPATH is
no site directory, so its .pth files are not read; this makes build/python
behave like the site-packages a pip install fills: sentinel-guard.pth runs,
and child processes of a guarded program (spawn, forkserver, loky workers)
are guarded as they would be after `pip install`. It then runs the
sitecustomize it shadows (Debian's), if any."""

import importlib.machinery
import importlib.util
import os
import site
import sys

_here = os.path.dirname(os.path.abspath(__file__))
site.addsitedir(_here)

_others = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", _others)
if _spec is not None and _spec.loader is not None:
    _module = importlib.util.module_from_spec(_spec)
    try:
        _spec.loader.exec_module(_module)
    except Exception:  # noqa: BLE001 - as site.execsitecustomize does
        pass
