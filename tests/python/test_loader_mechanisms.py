"""Issue 13: every loader-mechanism sample (scripts/difftest/loader_samples.py)
really runs its payload under the real loader (torch.load, joblib.load,
numpy.load, pandas.read_pickle), each in its own subprocess with a payload
that only creates a marker file; and Sentinel's CLI fails it. The GoogleTests
in tests/loader_mechanisms_test.cpp scan the same shapes."""

import io
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

from support import PYTHON

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts/difftest"))

import loader_samples  # noqa: E402

# Runs in the subprocess: the real loader, as a victim would call it.
LOAD = r"""
import io, json, sys, warnings
warnings.simplefilter("ignore")
job = json.loads(sys.argv[1])
path, loader = job["path"], job["loader"]
try:
    if loader == "torch":
        import torch
        data = open(path, "rb").read()
        for off, length in job.get("ranges") or [[0, len(data)]]:
            try:
                torch.load(io.BytesIO(data[off:off + length]), weights_only=False)
            except Exception:
                pass
    elif loader in ("joblib", "joblib_mmap"):
        import joblib
        joblib.load(path, mmap_mode="r" if loader == "joblib_mmap" else None)
    elif loader == "numpy":
        import numpy
        r = numpy.load(path, allow_pickle=True)
        for k in getattr(r, "files", []):
            r[k]
    elif loader == "pandas":
        import pandas
        pandas.read_pickle(path)
except Exception as e:
    print("load raised", repr(e)[:200])
"""


class LoaderMechanisms(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="loader-mechanisms-"))
        cls.seed = loader_samples.torch_seed()

    def test_each_sample_runs_under_its_loader_and_sentinel_fails_it(self):
        cli = os.environ.get("SENTINEL_CLI", str(ROOT / "build/sentinel"))
        probe = loader_samples.samples(b"N", self.seed)
        for name in sorted(probe):
            with self.subTest(name=name):
                marker = self.work / f"marker_{name}"
                payload = loader_samples.system_payload(f"touch {marker}")
                data, job = loader_samples.samples(payload, self.seed)[name]
                path = self.work / f"{name}.{job['ext']}"
                path.write_bytes(data)
                proc = subprocess.run([PYTHON, "-c", LOAD, json.dumps(dict(job, path=str(path)))],
                                      capture_output=True, text=True, timeout=300)
                self.assertTrue(marker.exists(), f"{name}: the loader did not run the payload\n"
                                                 f"{proc.stdout}{proc.stderr[-2000:]}")
                scan = subprocess.run([cli, "artifact", "--no-policy", "-q", str(path)], capture_output=True,
                                      text=True, timeout=300)
                self.assertNotEqual(scan.returncode, 0, f"{name}: sentinel passes it\n{scan.stdout}")
                self.assertIn("os.system", scan.stdout, name)


if __name__ == "__main__":
    unittest.main()
