"""The benign matrix: artifacts written by Debian's real libraries (torch,
numpy, pandas, scikit-learn, scipy, joblib, xgboost, dill, the stdlib) load
under the guard exactly as without it, and the static scanner passes each of
them: the guard refuses only what the scanner fails (issue 16).

benign_cases.py writes the artifacts and loads them; one subprocess per mode
(unguarded, install() first, `python -m sentinel.guard run`) loads them all
with the loader each library documents and prints one JSON line per case."""

import json
import os
import subprocess
import tempfile
import unittest

import sentinel
from support import HERE, PYTHON

CASES = HERE / "benign_cases.py"


def _run(*args, timeout=900):
    proc = subprocess.run([PYTHON, *args], capture_output=True, text=True, timeout=timeout, env=os.environ.copy(),
                          cwd=HERE)
    if proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def _results(stdout):
    return {entry["case"]: entry for entry in map(json.loads, filter(None, stdout.splitlines()))}


class BenignMatrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.folder = cls.tmp.name
        _run(str(CASES), "write", cls.folder)
        with open(os.path.join(cls.folder, "manifest.json")) as f:
            cls.manifest = json.load(f)
        cls.plain = _results(_run(str(CASES), "load", cls.folder, "plain"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_case_loads_unguarded(self):
        self.assertEqual(set(self.plain), set(self.manifest))
        broken = {name: r["detail"] for name, r in self.plain.items() if r["outcome"] != "loaded"}
        self.assertEqual(broken, {})

    def _compare(self, guarded):
        self.assertEqual(set(guarded), set(self.manifest))
        differ = {}
        for name, expected in self.plain.items():
            got = guarded[name]
            if got["outcome"] != "loaded":
                differ[name] = f"{got['outcome']}: {got['detail']}"
            elif got["canon"] != expected["canon"]:
                differ[name] = f"loaded differently: {json.dumps(got['canon'])[:300]}"
        self.assertEqual(differ, {}, f"{len(differ)} of {len(self.manifest)} cases differ under the guard")

    def test_every_case_loads_equal_with_install_first(self):
        self._compare(_results(_run(str(CASES), "load", self.folder, "guarded")))

    def test_every_case_loads_equal_under_guard_run(self):
        self._compare(_results(_run("-m", "sentinel.guard", "run", str(CASES), "load", self.folder, "run")))

    def test_the_scanner_passes_every_case(self):
        failing = {}
        for name, entry in self.manifest.items():
            fails = [f"{f.rule_id} {f.severity} {f.module}.{f.name}: {f.evidence}"[:200]
                     for f in sentinel.scan_file(entry["path"]) if f.verdict == "fail"]
            if fails:
                failing[name] = fails
        self.assertEqual(failing, {})


class CompatRetry(unittest.TestCase):
    """pandas.read_pickle retries a failed pickle.load with its compatibility
    unpickler: a name it would remap does not end a benign load, while a
    dangerous callable in the same old file is still refused."""

    def _guarded(self, code, folder):
        script = ("import sentinel.guard; sentinel.guard.install()\n"
                  "import json, sys, pandas, sentinel\n"
                  "sys.path.insert(0, %r)\n" % str(HERE) + code)
        return _run("-c", script, folder)

    def test_old_pandas_names_retry_and_a_payload_is_still_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            code = """
import benign_cases, os, pickle
from support import Payload
folder = sys.argv[1]
marker = os.path.join(folder, "marker")
frame = pandas.DataFrame({"a": [1, 2]})
benign = os.path.join(folder, "benign.pkl")
hostile = os.path.join(folder, "hostile.pkl")
open(benign, "wb").write(benign_cases.old_pandas_bytes(frame))
# The same old frame beside a payload (written here, never loaded unguarded).
payload = pickle.dumps({"frame": frame, "hook": Payload("system", marker)}, protocol=2)
for new, old in benign_cases.OLD_PANDAS_NAMES:
    payload = payload.replace(new, old)
open(hostile, "wb").write(payload)
out = {"benign": pandas.read_pickle(benign).equals(frame)}
try:
    pandas.read_pickle(hostile)
    out["hostile"] = "loaded"
except sentinel.UnsafeFileError as e:
    out["hostile"] = "refused " + e.rule_id
except Exception as e:
    out["hostile"] = "error " + type(e).__name__
try:
    pickle.load(open(benign, "rb"))
    out["plain_pickle"] = "loaded"
except sentinel.UnsafeFileError as e:
    out["plain_pickle"] = "refused " + e.rule_id
except Exception as e:
    out["plain_pickle"] = "error " + type(e).__name__
out["marker"] = os.path.exists(marker)
print(json.dumps(out))
"""
            out = json.loads(self._guarded(code, folder).splitlines()[-1])
        self.assertEqual(out["benign"], True)
        self.assertEqual(out["hostile"], "refused PICKLE-EXEC")
        self.assertFalse(out["marker"])
        # The old names are trusted spellings (data/allowlist.txt, pandas-compat):
        # outside pandas' retry, pickle.load fails as it does without the guard.
        self.assertEqual(out["plain_pickle"], "error ModuleNotFoundError")


if __name__ == "__main__":
    unittest.main()
