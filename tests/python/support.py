"""Shared by the Python tests: fixtures written with Debian's real libraries,
malicious samples (pickled here, never loaded here), and a runner for the
guarded subprocesses that do load them."""

import json
import os
import pathlib
import pickle
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
# Debian's interpreter, whatever python3 comes first on PATH.
PYTHON = "/usr/bin/python3"


class Payload:
    """Unpickling it runs `callable(*args)`: each creates the marker file."""

    def __init__(self, kind, marker):
        self.kind, self.marker = kind, str(marker)

    def __reduce__(self):
        import builtins

        if self.kind == "system":
            return os.system, (f"touch {self.marker}",)
        if self.kind == "exec":
            return builtins.exec, (f"open({self.marker!r}, 'w').close()",)
        if self.kind == "eval":
            return builtins.eval, (f"open({self.marker!r}, 'w').close()",)
        if self.kind == "open":
            return builtins.open, (self.marker, "w")
        raise ValueError(self.kind)


PAYLOAD_KINDS = ("system", "exec", "eval", "open")


def payload_bytes(kind, marker, protocol=pickle.DEFAULT_PROTOCOL):
    return pickle.dumps({"weights": [1.0, 2.0], "hook": Payload(kind, marker)}, protocol=protocol)


def run_cases(family, workdir, *extra_args, timeout=600):
    """Runs guarded_cases.py FAMILY in a fresh interpreter; returns
    {case: (outcome, detail)}, outcome one of refused / loaded / error."""
    proc = subprocess.run([PYTHON, str(HERE / "guarded_cases.py"), family, str(workdir), *extra_args],
                          capture_output=True, text=True, timeout=timeout, env=os.environ.copy())
    if proc.returncode != 0:
        raise AssertionError(f"guarded_cases.py {family} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            results[entry["case"]] = (entry["outcome"], entry["detail"])
    return results
