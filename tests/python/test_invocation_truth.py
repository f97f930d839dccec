"""Loader truth for the invocation shapes (tests/invocations/*.pasm).

Each malicious shape marked `#! loader ...` is assembled with a marker path
and loaded in a fresh Debian interpreter through every loader it names
(pickle, torch.load, joblib.load, numpy.load, pandas.read_pickle): the marker
file appearing proves the payload really runs there, and the CLI must refuse
the same bytes with PICKLE-EXEC. Each benign twin is loaded by the real
library without error and passes the gate. Nothing is loaded in this process.
"""

import json
import os
import pathlib
import subprocess
import tempfile
import unittest

from support import PYTHON

REPO = pathlib.Path(__file__).resolve().parents[2]
# What this machine's libraries (Debian 12's) wrote: the real-library twins of
# the shapes (tests/fixtures/generations/bookworm, docs/generations.md).
GENERATION = REPO / "tests/fixtures/generations/bookworm"
REAL_TWINS = ("partial_library_function.pkl", "partial_in_transformer.joblib", "memmap_subtype_p2.pkl",
              "memmap_subtype_p5.pkl", "tensor_pickle_dumps.pkl", "module_pickle_dumps.pkl", "tensor_joblib.joblib",
              "zoneinfo_p2.pkl", "zoneinfo_p4.pkl", "datetime_zoneinfo.pkl", "enum_members_p2.pkl",
              "enum_members_p4.pkl", "dill_plain_data.pkl", "joblib_object_array.joblib",
              "joblib_object_array_z.joblib", "joblib_mixed_arrays.joblib", "numpy_random_state.pkl")
SHAPES = REPO / "tests/invocations"
CLI = os.environ.get("SENTINEL_CLI", str(REPO / "build/sentinel"))

LOADERS = {
    "pickle": "import pickle; pickle.load(open(PATH, 'rb'))",
    "torch": "import torch; torch.load(PATH, weights_only=False)",
    "joblib": "import joblib; joblib.load(PATH)",
    "numpy": "import numpy; numpy.load(PATH, allow_pickle=True)",
    "pandas": "import pandas; pandas.read_pickle(PATH)",
}


def directives(text, verb):
    return [line.split(None, 2)[2].split() for line in text.splitlines()
            if line.startswith("#! ") and line.split()[1] == verb and len(line.split()) > 2]


def assemble(text, out):
    source = out.with_suffix(".pasm")
    source.write_text(text)
    subprocess.run([CLI, "asm", str(source), "-o", str(out)], check=True, capture_output=True)


def verdict(path):
    proc = subprocess.run([CLI, "artifact", str(path), "--no-policy", "--format", "json"], capture_output=True,
                          text=True)
    report = json.loads(proc.stdout)
    rules = {f["rule_id"] for file in report["files"] for f in file["findings"]}
    return proc.returncode, rules


def load(loader, path):
    code = LOADERS[loader].replace("PATH", repr(str(path)))
    return subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=300, cwd=path.parent)


def assert_runs_and_refused(test, text, loader):
    """Assembles a sample with a marker path: the CLI must refuse it with
    PICKLE-EXEC, and `loader` must run its payload (the marker appears)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        marker = work / "marker"
        artifact = work / "sample.pkl"
        assemble(text.replace("MARKER", str(marker)), artifact)
        code, rules = verdict(artifact)
        test.assertEqual(code, 1)
        test.assertIn("PICKLE-EXEC", rules)
        proc = load(loader, artifact)
        test.assertTrue(marker.exists(), f"the payload did not run under {loader}:\n{proc.stderr[-2000:]}")


class InvocationTruth(unittest.TestCase):
    def shapes(self, prefix):
        found = []
        for sample in sorted(SHAPES.glob(prefix + "*.pasm")):
            text = sample.read_text()
            loaders = [name for group in directives(text, "loader") for name in group]
            if loaders:
                found.append((sample, text, loaders))
        self.assertTrue(found, f"no {prefix}*.pasm sample names a loader")
        return found

    def test_malicious_shapes_run_under_the_loaders_and_are_refused(self):
        for sample, text, loaders in self.shapes("m"):
            for loader in loaders:
                with self.subTest(sample=sample.name, loader=loader):
                    assert_runs_and_refused(self, text, loader)

    def test_benign_twins_load_and_pass(self):
        for sample, text, loaders in self.shapes("b"):
            for loader in loaders:
                with self.subTest(sample=sample.name, loader=loader), tempfile.TemporaryDirectory() as tmp:
                    artifact = pathlib.Path(tmp) / "sample.pkl"
                    assemble(text, artifact)
                    self.assertEqual(verdict(artifact), (0, set()))
                    proc = load(loader, artifact)
                    self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])

    def test_real_library_twins_load_and_pass(self):
        loaders = dict(line.split("\t")[:2] for line in (GENERATION / "MANIFEST").read_text().splitlines() if line)
        for name in REAL_TWINS:
            with self.subTest(fixture=name):
                path = GENERATION / name
                self.assertEqual(verdict(path), (0, set()))
                proc = load(loaders[name], path)
                self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])


if __name__ == "__main__":
    unittest.main()
