"""Loader truth for the reading samples (tests/readings/*.pasm, issue 13).

Each sample marked `#! loader ...` is assembled with a marker path and loaded
in a fresh Debian interpreter through every loader it names: the marker file
appearing proves the real loader runs the payload, so reading the file any
other way would let it through. The CLI must refuse the same bytes. Nothing
is loaded in this process.
"""

import pathlib
import tempfile
import unittest

from test_invocation_truth import assemble, directives, load, verdict

SAMPLES = pathlib.Path(__file__).resolve().parents[2] / "tests/readings"


class ReadingTruth(unittest.TestCase):
    def test_samples_run_under_their_loaders_and_are_refused(self):
        checked = 0
        for sample in sorted(SAMPLES.glob("*.pasm")):
            text = sample.read_text()
            loaders = [name for group in directives(text, "loader") for name in group]
            for loader in loaders:
                with self.subTest(sample=sample.name, loader=loader), tempfile.TemporaryDirectory() as tmp:
                    work = pathlib.Path(tmp)
                    marker = work / "marker"
                    artifact = work / "sample.bin"
                    assemble(text.replace("MARKER", str(marker)), artifact)
                    code, rules = verdict(artifact)
                    self.assertEqual(code, 1)
                    self.assertIn("PICKLE-EXEC", rules)
                    proc = load(loader, artifact)
                    self.assertTrue(marker.exists(), f"the payload did not run under {loader}:\n{proc.stderr[-2000:]}")
                    checked += 1
        self.assertGreater(checked, 15)


if __name__ == "__main__":
    unittest.main()
