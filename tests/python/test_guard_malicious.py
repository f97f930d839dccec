"""Malicious samples through every pickle entry point and every library, with
the guard installed, each family in its own interpreter: every load must be
refused with UnsafeFileError and no payload may ever run (its marker file
never appears)."""

import pickle
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
import pathlib

from support import PAYLOAD_KINDS, PYTHON, Payload, payload_bytes, run_cases


def write_fixtures(work):
    import joblib
    import numpy
    import pandas
    import torch

    for kind in PAYLOAD_KINDS:
        (work / f"payload_{kind}.pkl").write_bytes(payload_bytes(kind, work / f"marker_{kind}"))
    (work / "payload_system_p0.pkl").write_bytes(payload_bytes("system", work / "marker_p0", protocol=0))
    hook = Payload("system", work / "marker_lib")
    state = {"weight": torch.ones(2, 2), "hook": hook}
    torch.save(state, work / "payload.pt")
    torch.save(state, work / "payload_legacy.pt", _use_new_zipfile_serialization=False)
    joblib.dump({"coef": numpy.arange(4.0), "hook": hook}, work / "payload.joblib")
    joblib.dump({"coef": numpy.arange(4.0), "hook": hook}, work / "payload_zlib.joblib", compress=("zlib", 3))
    numpy.save(work / "payload.npy", numpy.array([1, hook], dtype=object), allow_pickle=True)
    pandas.DataFrame({"a": [1, 2], "b": [hook, "x"]}).to_pickle(work / "payload_df.pkl")
    command = f"touch {work / 'marker_renamed'}".encode()
    # GLOBAL renamed.system, which the subclass's own find_class maps to posix.
    (work / "payload_renamed.pkl").write_bytes(b"\x80\x02crenamed\nsystem\nX" + len(command).to_bytes(4, "little") +
                                               command + b"\x85R.")
    command = f"touch {work / 'marker_ext'}".encode()
    # EXT1 0xF0, registered to posix.system by the subprocess.
    (work / "payload_ext.pkl").write_bytes(b"\x80\x02\x82\xf0X" + len(command).to_bytes(4, "little") + command +
                                           b"\x85R.")


class GuardedMaliciousLoads(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="sentinel-guard-"))
        write_fixtures(cls.work)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work)

    def tearDown(self):
        self.assertEqual(sorted(p.name for p in self.work.glob("marker*")), [], "a payload ran")

    def assert_all_refused(self, family, expected_cases):
        results = run_cases(family, self.work)
        self.assertEqual(len(results), expected_cases, results)
        for case, (outcome, detail) in results.items():
            with self.subTest(case=case):
                self.assertEqual(outcome, "refused", detail)
        return results

    def test_every_entry_point(self):
        results = self.assert_all_refused("entry_points", 2 * (4 * 10 + 1))
        # With the scan the whole load is judged first; without it, find_class refuses.
        self.assertIn("PICKLE-EXEC", results["pickle.load system scan=on"][1])
        self.assertIn("refused posix.system", results["pickle.load system scan=off"][1])
        self.assertIn("refused builtins.exec", results["_pickle.loads exec scan=off"][1])

    def test_every_library(self):
        results = self.assert_all_refused("libraries", 12)
        self.assertIn("posix.system", results["torch.load scan=on"][1])

    def test_unpickler_subclasses(self):
        self.assert_all_refused("subclasses", 4)

    def test_fallback_patterns_do_not_swallow_the_refusal(self):
        results = self.assert_all_refused("fallbacks", 4)
        for case, (_, detail) in results.items():
            self.assertNotIn("swallowed", detail, case)

    def test_extension_codes(self):
        self.assert_all_refused("extensions", 6)


class RunCoversEarlyReferences(unittest.TestCase):
    """`from pickle import loads` before install() keeps the original function:
    documented as not covered, and covered by python -m sentinel.guard run."""

    def test_early_reference(self):
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            (work / "payload.pkl").write_bytes(payload_bytes("system", work / "marker"))
            script = work / "early.py"
            script.write_text(textwrap.dedent(f"""\
                from pickle import loads
                import sys
                loads(open({str(work / 'payload.pkl')!r}, 'rb').read())
                """))
            run = subprocess.run([PYTHON, "-m", "sentinel.guard", "run", str(script), "extra-arg"],
                                 capture_output=True, text=True, timeout=300)
            self.assertNotEqual(run.returncode, 0)
            self.assertIn("sentinel.errors.UnsafeFileError", run.stderr)
            self.assertIn("posix.system", run.stderr)
            self.assertFalse((work / "marker").exists())

    def test_run_passes_arguments_and_options(self):
        with tempfile.TemporaryDirectory() as tmp:
            script = pathlib.Path(tmp) / "args.py"
            script.write_text("import sys, sentinel\nprint(sys.argv[1:], sentinel.guard.installed())\n")
            run = subprocess.run([PYTHON, "-m", "sentinel.guard", "run", "--allow", "m:N", "--scan", "off", str(script),
                                  "a", "--b"], capture_output=True, text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout.strip(), "['a', '--b'] True")


if __name__ == "__main__":
    unittest.main()
