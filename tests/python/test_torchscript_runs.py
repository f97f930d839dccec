"""TorchScript code is code: torch.jit.load (and torch.load, which hands a
TorchScript archive to it) compiles the archive's code/ records and runs
__setstate__ while loading. Each case rewrites a committed benign archive so
that __setstate__ saves a value to a marker path in a fresh folder, shows
Sentinel reports it, then loads it with Debian's torch in a subprocess and
checks that the marker, and nothing else, appeared. Nothing else is run."""

import io
import pathlib
import subprocess
import sys
import tempfile
import unittest
import zipfile

import sentinel
from support import PYTHON

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from gen_torchscript_fixtures import GETSTATE, rewrite  # noqa: E402

BENIGN = REPO / "tests/fixtures/torchscript/bookworm" / (GETSTATE[0] + ".pt")

# name -> (statement with {marker}, rename of the record)
CASES = {
    "torch.save": ('torch.save(state, "{marker}")', None),
    "alias by assignment": ('s = torch.save\ns(state, "{marker}")', None),
    "getattr": ('getattr(torch, "save")(state, "{marker}")', None),
    "ops.aten": ('ops.aten.save(state, "{marker}")', None),
    "record name in capitals": ('torch.save(state, "{marker}")',
                                lambda n: n.replace("/code/__torch__.py", "/CODE/__TORCH__.PY")),
}

LOADERS = {
    "torch.jit.load": "import sys, torch; torch.jit.load(sys.argv[1])",
    "torch.load": "import sys, torch; torch.load(sys.argv[1], weights_only=False)",
}


class TorchScriptRuns(unittest.TestCase):
    def check(self, name, statement, rename, loader):
        with tempfile.TemporaryDirectory() as tmp:
            folder = pathlib.Path(tmp)
            marker = folder / "marker"
            sample = folder / "sample.pt"
            sample.write_bytes(rewrite(BENIGN.read_bytes(), statement.format(marker=marker), GETSTATE[1],
                                       GETSTATE[2], rename))
            findings = [f for f in sentinel.scan_file(str(sample)) if f.rule_id == "PICKLE-EXEC"]
            self.assertTrue(any("aten::save" in f.evidence and "__setstate__" in f.evidence for f in findings),
                            [f.evidence for f in findings])
            run = subprocess.run([PYTHON, "-c", LOADERS[loader], str(sample)], cwd=tmp, capture_output=True,
                                 text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            self.assertTrue(marker.exists(), f"{name} via {loader}: __setstate__ did not run")
            self.assertEqual(sorted(p.name for p in folder.iterdir()), ["marker", "sample.pt"])

    def test_setstate_runs_at_load(self):
        for name, (statement, rename) in CASES.items():
            for loader in LOADERS:
                if loader == "torch.load" and rename is not None:
                    continue  # torch.load looks for constants.pkl by its exact name only; jit.load does not care
                with self.subTest(case=name, loader=loader):
                    self.check(name, statement, rename, loader)

    def test_benign_archive_loads_and_is_clean(self):
        findings = [f for f in sentinel.scan_file(str(BENIGN)) if f.rule_id == "PICKLE-EXEC"]
        self.assertEqual(findings, [])
        with zipfile.ZipFile(io.BytesIO(BENIGN.read_bytes())) as z:
            self.assertIn(GETSTATE[0] + "/" + GETSTATE[2], z.namelist())


if __name__ == "__main__":
    unittest.main()
