#!/usr/bin/python3
"""Checks the CI integration files against the CLI they call (run by CTest):
.pre-commit-hooks.yaml and action.yml parse, name what pre-commit and GitHub
require, and the commands they run work on the examples with the sentinel
binary given as argument.

    scripts/check_integrations.py SENTINEL_BINARY
"""
import os
import shlex
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print("check_integrations: " + message)
    sys.exit(1)


def main():
    sentinel = sys.argv[1]
    with open(os.path.join(REPO, ".pre-commit-hooks.yaml")) as fh:
        hooks = yaml.safe_load(fh)
    if not isinstance(hooks, list) or not hooks:
        fail(".pre-commit-hooks.yaml is not a list of hooks")
    for hook in hooks:
        for key in ("id", "name", "entry", "language"):
            if key not in hook:
                fail("hook lacks %r" % key)
        argv = shlex.split(hook["entry"])
        if argv[0] != "sentinel":
            fail("hook entry must run sentinel from PATH")
        # pre-commit appends the staged file names.
        run = subprocess.run([sentinel] + argv[1:] + [os.path.join(REPO, "examples", "clean_model.pkl")],
                             capture_output=True, text=True)
        if run.returncode != 0:
            fail("hook on a clean file exits %d: %s%s" % (run.returncode, run.stdout, run.stderr))
        run = subprocess.run([sentinel] + argv[1:] + [os.path.join(REPO, "examples", "unsafe_model.pkl")],
                             capture_output=True, text=True)
        if run.returncode != 1 or "PICKLE-EXEC" not in run.stdout:
            fail("hook on the unsafe example exits %d: %s" % (run.returncode, run.stdout))

    with open(os.path.join(REPO, "action.yml")) as fh:
        action = yaml.safe_load(fh)
    for key in ("name", "description", "inputs", "runs"):
        if key not in action:
            fail("action.yml lacks %r" % key)
    if action["runs"].get("using") != "composite":
        fail("action.yml must be a composite action")
    scan = [s for s in action["runs"]["steps"] if s.get("id") == "scan"]
    if len(scan) != 1 or "--format sarif" not in scan[0]["run"]:
        fail("action.yml has no scan step writing SARIF")
    # Run the scan step's script with the binary in place of the build, as the runner would.
    with tempfile.TemporaryDirectory() as tmp:
        script = scan[0]["run"].replace('"$RUNNER_TEMP/sentinel-bin/sentinel"', shlex.quote(sentinel))
        out = os.path.join(tmp, "github_output")
        env = dict(os.environ, SCAN_PATHS=os.path.join(REPO, "examples"), POLICY="", BASELINE="",
                   SARIF=os.path.join(tmp, "out.sarif"), GITHUB_OUTPUT=out, GITHUB_WORKSPACE=REPO)
        run = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)
        if run.returncode != 0:
            fail("scan step failed: %s%s" % (run.stdout, run.stderr))
        with open(out) as fh:
            if fh.read().strip() != "exit-code=1":
                fail("scan step must report exit-code=1 on the examples")
        if not os.path.getsize(os.path.join(tmp, "out.sarif")):
            fail("scan step wrote no SARIF")
    print("integrations ok")


if __name__ == "__main__":
    main()
