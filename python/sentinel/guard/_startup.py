"""Run at interpreter start-up by the sentinel-guard.pth hook (installed
into site-packages with the package) when SENTINEL_GUARD is set: a child
process of a guarded program (spawn, forkserver, loky workers, any Python
subprocess with the package on its path) installs the guard with its
parent's configuration before anything else runs. If it cannot, the child
stops rather than run unguarded."""

import os
import sys


def install_from_environment():
    text = os.environ.get("SENTINEL_GUARD")
    if not text:
        return
    try:
        from sentinel import guard
        from sentinel.guard import _checks

        config = _checks.Config.from_environment(text)
        with guard._lock:
            _checks.state.base = config
            guard._sync()
    except Exception as e:  # noqa: BLE001 - fail closed, whatever went wrong
        sys.stderr.write(f"sentinel guard: cannot guard this process as SENTINEL_GUARD asks ({e!r}); exiting\n")
        sys.stderr.flush()
        os._exit(70)


install_from_environment()
