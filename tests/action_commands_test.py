#!/usr/bin/python3
"""Runs action.yml the way the GitHub runner runs a composite action (run by
CTest): every step in order, its `if:` evaluated, `${{ }}` expressions
substituted, `run:` scripts executed with bash in a workspace, GITHUB_OUTPUT
collected, a failing step failing the job unless it has continue-on-error.
Steps that use other actions are stood in for: checkout does nothing, the
cache restore hits (the built binary is already in place, as on a second run)
or misses, and the SARIF upload fails, as it does on a repository without code
scanning. Checks that paths with spaces are scanned, that SARIF URIs are
relative to the repository, that the scan's exit status is the job's, and
that a failed upload hides no failing gate.

    tests/action_commands_test.py SENTINEL_BINARY
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][A-Za-z0-9_.-]*))")


def fail(message):
    print("action_commands_test: " + message)
    sys.exit(1)


class Text(str):
    """A string that compares ignoring case, as GitHub's expressions compare."""

    def __eq__(self, other):
        return isinstance(other, str) and self.casefold() == other.casefold()

    def __ne__(self, other):
        return not self == other

    __hash__ = str.__hash__


def evaluate(expression, context):
    """The subset of GitHub's expression language action.yml uses: context
    lookups, string literals, true/false, ==, !=, &&, ||, ! and parentheses."""
    python = []
    values = {}
    pos = 0
    text = expression.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            fail("unsupported expression: " + expression)
        pos = m.end()
        literal, operator, name = m.groups()
        if literal is not None:
            values["_v%d" % len(values)] = Text(literal[1:-1].replace("''", "'"))
            python.append("_v%d" % (len(values) - 1))
        elif operator is not None:
            python.append({"&&": " and ", "||": " or ", "!": " not ", "==": " == ", "!=": " != "}.get(operator, operator))
        elif name in ("true", "false"):
            python.append(name.capitalize())
        else:
            value = context
            for part in name.split("."):
                value = value.get(part, "") if isinstance(value, dict) else ""
            values["_v%d" % len(values)] = Text(value) if isinstance(value, str) else value
            python.append("_v%d" % (len(values) - 1))
    return eval("".join(python), {"__builtins__": {}}, values)  # noqa: S307 -- built only from the tokens above


def substitute(text, context):
    return EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), text)


class Runner:
    def __init__(self, action, sentinel, workspace, temp, inputs, event, cache_hit):
        self.action = action
        self.sentinel = sentinel
        self.workspace = workspace
        self.temp = temp
        self.cache_hit = cache_hit
        defaults = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
        self.context = {
            "inputs": dict(defaults, **inputs),
            "github": dict(event, action_path=REPO, workspace=workspace, repository="acme/models"),
            "runner": {"temp": temp, "os": "Linux"},
            "steps": {},
        }
        self.ran = []        # names of the steps that ran
        self.sudo_calls = []
        self.failed = False  # the job's status
        self.exit_code = None

    def run(self):
        bin_dir = os.path.join(self.temp, "shims")
        os.makedirs(bin_dir)
        # sudo is the runner's; here it records the command instead of installing packages.
        log = os.path.join(self.temp, "sudo.log")
        with open(os.path.join(bin_dir, "sudo"), "w") as fh:
            fh.write('#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s"\n' % log)
        os.chmod(os.path.join(bin_dir, "sudo"), stat.S_IRWXU)
        self.path = bin_dir + os.pathsep + os.environ["PATH"]
        for step in self.action["runs"]["steps"]:
            condition = step.get("if", "success()")
            condition = EXPRESSION.sub(lambda m: m.group(1), condition) if isinstance(condition, str) else condition
            if condition == "success()":
                runs = not self.failed
            else:
                runs = not self.failed and bool(evaluate(condition, self.context))
            if not runs:
                continue
            self.ran.append(step["name"])
            ok = self.stand_in(step) if "uses" in step else self.script(step)
            if not ok and not step.get("continue-on-error", False):
                self.failed = True
        if os.path.exists(log):
            with open(log) as fh:
                self.sudo_calls = fh.read().splitlines()

    def stand_in(self, step):
        uses = step["uses"]
        outputs = {}
        ok = True
        if uses.startswith("actions/checkout@"):
            if step.get("with", {}).get("lfs") is not True:
                fail("the checkout does not fetch LFS content")
        elif uses.startswith("actions/cache/restore@"):
            path = substitute(step["with"]["path"], self.context)
            if self.cache_hit:
                os.makedirs(path, exist_ok=True)
                shutil.copy(self.sentinel, os.path.join(path, "sentinel"))
            outputs["cache-hit"] = "true" if self.cache_hit else ""
        elif uses.startswith("actions/cache/save@"):
            pass
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            self.uploaded = substitute(str(step["with"]), self.context)
            ok = False  # no code scanning on this repository
        else:
            fail("no stand-in for " + uses)
        if "id" in step:
            self.context["steps"][step["id"]] = {"outputs": outputs}
        return ok

    def script(self, step):
        if "${{" in step["run"]:
            fail("step %r expands an expression inside its script (inputs reach scripts through env)" % step["name"])
        output = os.path.join(self.temp, "output-%d" % len(self.ran))
        open(output, "w").close()
        env = dict(os.environ, PATH=self.path, GITHUB_OUTPUT=output, GITHUB_WORKSPACE=self.workspace,
                   RUNNER_TEMP=self.temp, RUNNER_OS="Linux", RUNNER_ARCH="X64")
        for name, value in step.get("env", {}).items():
            env[name] = substitute(str(value), self.context)
        run = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=self.workspace, env=env, capture_output=True,
                             text=True)
        self.log = getattr(self, "log", "") + run.stdout + run.stderr
        outputs = {}
        with open(output) as fh:
            for line in fh.read().splitlines():
                name, _, value = line.partition("=")
                outputs[name] = value
        if "id" in step:
            self.context["steps"][step["id"]] = {"outputs": outputs}
        if step["name"] == "Gate":
            self.exit_code = run.returncode
        return run.returncode == 0


def job(sentinel, paths, event=None, cache_hit=True, **inputs):
    with open(os.path.join(REPO, "action.yml")) as fh:
        action = yaml.safe_load(fh)
    tmp = tempfile.mkdtemp(prefix="sentinel-action-")
    workspace = os.path.join(tmp, "work space")
    temp = os.path.join(tmp, "runner temp")
    for folder in ("models dir", "clean dir"):
        os.makedirs(os.path.join(workspace, folder))
    os.makedirs(temp)
    shutil.copy(os.path.join(REPO, "examples", "unsafe_model.pkl"), os.path.join(workspace, "models dir", "unsafe model.pkl"))
    shutil.copy(os.path.join(REPO, "examples", "clean_model.pkl"), os.path.join(workspace, "clean dir", "clean model.pkl"))
    runner = Runner(action, sentinel, workspace, temp, dict(inputs, paths=paths.replace("$WS", workspace)),
                    event or {"event_name": "push"}, cache_hit)
    runner.run()
    sarif = os.path.join(workspace, runner.context["inputs"]["sarif-file"])
    runner.sarif = json.load(open(sarif)) if os.path.exists(sarif) else None
    shutil.rmtree(tmp)
    return runner


def uris(sarif):
    return sorted({loc["physicalLocation"]["artifactLocation"]["uri"]
                   for r in sarif["runs"][0]["results"] for loc in r["locations"]})


def main():
    sentinel = sys.argv[1]

    # Paths with spaces, one per line, one of them absolute inside the workspace.
    r = job(sentinel, "models dir\n$WS/clean dir/clean model.pkl\n\n", category="models")
    if r.exit_code != 1 or not r.failed:
        fail("findings must fail the job through the gate (gate exit %r)\n%s" % (r.exit_code, r.log))
    if "Upload SARIF" not in r.ran or "'category': 'models'" not in r.uploaded:
        fail("the SARIF upload did not run with the category input: %r" % getattr(r, "uploaded", None))
    if r.context["steps"]["scan"]["outputs"].get("exit-code") != "1":
        fail("the scan's exit-code output: %r" % r.context["steps"]["scan"]["outputs"])
    if uris(r.sarif) != ["models%20dir/unsafe%20model.pkl"]:
        fail("SARIF URIs are not relative to the repository: %r" % uris(r.sarif))
    if r.sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
        fail("SARIF URIs have no %SRCROOT% base")
    if "Build sentinel" in r.ran or r.sudo_calls != ["bash %s/scripts/install-deps.sh --runtime" % REPO]:
        fail("a cached binary was rebuilt, or more than its runtime installed: %r %r" % (r.ran, r.sudo_calls))

    # A clean scan passes although the upload fails.
    r = job(sentinel, "clean dir")
    if r.exit_code != 0 or r.failed:
        fail("a clean scan with a failed upload must pass (gate exit %r)\n%s" % (r.exit_code, r.log))

    # A path that cannot be scanned: exit 2 is the job's.
    r = job(sentinel, "no such dir")
    if r.exit_code != 2 or not r.failed:
        fail("an incomplete scan must fail the job with 2 (gate exit %r)" % r.exit_code)

    # A pull request from a fork cannot upload: the step is skipped, the gate still decides.
    fork = {"event_name": "pull_request",
            "event": {"pull_request": {"head": {"repo": {"full_name": "someone/models"}}}}}
    r = job(sentinel, "models dir", event=fork)
    if "Upload SARIF" in r.ran or r.exit_code != 1:
        fail("fork pull request: upload ran or the gate did not fail: %r %r" % (r.ran, r.exit_code))
    same = {"event_name": "pull_request", "event": {"pull_request": {"head": {"repo": {"full_name": "acme/models"}}}}}
    if "Upload SARIF" not in job(sentinel, "clean dir", event=same).ran:
        fail("a pull request from the repository itself must upload")
    if "Upload SARIF" in job(sentinel, "clean dir", **{"upload-sarif": "false"}).ran:
        fail("upload-sarif: false still uploads")

    # A cache miss builds (the build itself is left out here: it is the
    # project's own CMake build) and installs the build dependencies.
    with open(os.path.join(REPO, "action.yml")) as fh:
        action = yaml.safe_load(fh)
    context = {"steps": {"cache": {"outputs": {"cache-hit": ""}}}}
    for step in action["runs"]["steps"]:
        if step["name"] in ("Build sentinel", "Save the built binary"):
            if not evaluate(EXPRESSION.sub(lambda m: m.group(1), step["if"]), context):
                fail("a cache miss does not run %r" % step["name"])
    print("action commands ok")


if __name__ == "__main__":
    main()
