"""Loader truth for the reading samples (tests/readings/*.pasm, issue 13).

Each sample marked `#! loader ...` is assembled with a marker path and loaded
in a fresh Debian interpreter through every loader it names: the marker file
appearing proves the real loader runs the payload, so reading the file any
other way would let it through. The CLI must refuse the same bytes. Nothing
is loaded in this process.
"""

import pathlib
import unittest

from test_invocation_truth import assert_runs_and_refused, directives

SAMPLES = pathlib.Path(__file__).resolve().parents[2] / "tests/readings"


class ReadingTruth(unittest.TestCase):
    def test_samples_run_under_their_loaders_and_are_refused(self):
        checked = 0
        for sample in sorted(SAMPLES.glob("*.pasm")):
            text = sample.read_text()
            loaders = [name for group in directives(text, "loader") for name in group]
            for loader in loaders:
                with self.subTest(sample=sample.name, loader=loader):
                    assert_runs_and_refused(self, text, loader)
                checked += 1
        self.assertGreater(checked, 15)


if __name__ == "__main__":
    unittest.main()
