"""Sentinel: finds malicious pickles in ML artifacts without loading them, and
guards the loads a process makes at run time.

    import sentinel
    sentinel.scan("models/")           # the report `sentinel artifact --format json` writes, as a dict
    sentinel.scan_file("model.pt")     # findings, like `sentinel artifact`, with the gate's verdicts
    sentinel.guard.install()            # every pickle load now refuses what the allowlist lacks

Every scanning call takes `policy`: None (the built-in defaults, as
`sentinel artifact --no-policy`), a path to a sentinel-policy.yml, or a
sentinel.Policy. A library has no working directory to trust, so no policy
is looked up: pass the one the gate should apply. See docs/runtime-guard.md.
"""

import json
import os

from sentinel import _core
from sentinel._core import Finding, Policy, allowlisted
from sentinel._policy import as_policy
from sentinel.errors import UnsafeFileError
from sentinel import guard

__all__ = ["Finding", "Policy", "UnsafeFileError", "allowlisted", "guard", "scan", "scan_bytes", "scan_file"]


def scan(paths, policy=None, *, fail_on_skip=False):
    """Scans files and folders (one path or several) and returns the JSON report
    `sentinel artifact --format json [--policy FILE] [--fail-on-skip]` writes, as
    a dict: the same files, findings, verdicts and summary; summary["exit_code"]
    is the exit status the command line would have (0 pass, 1 findings that
    fail, 2 a file not scanned)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return json.loads(_core.scan_report([os.fspath(p) for p in paths], as_policy(policy), fail_on_skip))


def scan_file(path, policy=None):
    """Scans a file or folder (recursively) and returns its findings, each with
    the verdict the gate gives it under `policy` ("fail", "ticket", "accepted",
    "pass"); ValueError when a file cannot be scanned."""
    return _core.scan_file(os.fspath(path), as_policy(policy))


def scan_bytes(data, path="<bytes>", policy=None):
    """Scans an in-memory artifact (any contiguous buffer) as the file `path`
    and returns its findings, judged like scan_file()."""
    return _core.scan_bytes(data, path, as_policy(policy))
