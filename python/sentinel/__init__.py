"""Sentinel: finds malicious pickles in ML artifacts without loading them, and
guards the loads a process makes at run time.

    import sentinel
    sentinel.scan_file("model.pt")     # findings, like `sentinel artifact`
    sentinel.guard.install()            # every pickle load now refuses what the allowlist lacks

See docs/runtime-guard.md.
"""

from sentinel._core import Finding, Policy, allowlisted, scan_bytes, scan_file
from sentinel.errors import UnsafeFileError
from sentinel import guard

__all__ = ["Finding", "Policy", "UnsafeFileError", "allowlisted", "guard", "scan_bytes", "scan_file"]
