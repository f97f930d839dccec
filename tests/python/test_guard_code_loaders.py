"""Loaders the guard covers beyond find_class (issue 16): TorchScript through
torch.jit.load and torch.load, torch.package, and joblib.load with and
without mmap_mode. Each malicious sample is first shown to run unguarded
(its marker appears), then loaded under the guard in a fresh interpreter,
installed both ways (install() first, and `python -m sentinel.guard run`),
with torch/joblib imported before and after install(): it must raise
UnsafeFileError and leave no marker. Benign twins load under the guard."""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

from support import PYTHON

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from gen_loader_fixtures import joblib_memmap_type  # noqa: E402
from gen_torchscript_fixtures import GETSTATE, rewrite  # noqa: E402

TORCHSCRIPT = REPO / "tests/fixtures/torchscript/bookworm"

# Each load is a statement on `path`; the runner reports one JSON line per load.
RUNNER = textwrap.dedent("""
    import json, sys
    mode, order, loads = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    if order == "early":
        import io, joblib, torch, torch.package
    if mode in ("install", "install-off"):
        import sentinel
        sentinel.guard.install(scan="off" if mode == "install-off" else "on")
    import io, joblib, torch, torch.package
    import sentinel
    for case, statement, path in loads:
        try:
            exec(statement, {"io": io, "joblib": joblib, "torch": torch, "path": path})
            outcome, detail = "loaded", ""
        except sentinel.UnsafeFileError as e:
            outcome, detail = "refused", str(e)
        except Exception as e:  # noqa: BLE001 - reported to the parent
            outcome, detail = "error", f"{type(e).__name__}: {e}"
        print(json.dumps({"case": case, "outcome": outcome, "detail": detail[:300]}), flush=True)
""")

TORCHSCRIPT_LOADS = {
    "torch.jit.load(path)": "torch.jit.load(path)",
    "torch.jit.load(BytesIO)": "torch.jit.load(io.BytesIO(open(path, 'rb').read()))",
    "torch.load(path)": "torch.load(path, weights_only=False)",
    "torch.load(file)": "torch.load(open(path, 'rb'), weights_only=False)",
}
JOBLIB_LOADS = {
    "joblib.load(path)": "joblib.load(path)",
    "joblib.load(path, mmap_mode='r')": "joblib.load(path, mmap_mode='r')",
    "joblib.load(path, mmap_mode='r+')": "joblib.load(path, mmap_mode='r+')",
    "joblib.load(path, mmap_mode='c')": "joblib.load(path, mmap_mode='c')",
    "joblib.load(file)": "joblib.load(open(path, 'rb'))",
}
PACKAGE_LOADS = {
    "PackageImporter": "torch.package.PackageImporter(path).load_pickle('model', 'model.pkl')",
}


def run(mode, order, loads, cwd):
    """loads: [(case, statement, path)]; returns {case: (outcome, detail)}."""
    command = [PYTHON, "-m", "sentinel.guard", "run", "runner.py"] if mode == "run" else [PYTHON, "-c", RUNNER]
    if mode == "run":
        (pathlib.Path(cwd) / "runner.py").write_text(RUNNER)
    proc = subprocess.run([*command, mode, order, json.dumps(loads)], cwd=cwd, capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"runner exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    return {e["case"]: (e["outcome"], e["detail"]) for e in map(json.loads, proc.stdout.splitlines())}


def unguarded(loads, cwd):
    """The same loads without the guard (the runner's "none" mode)."""
    return run("none", "late", loads, cwd)


class CodeLoaders(unittest.TestCase):
    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="sentinel-code-loaders-"))

    def tearDown(self):
        shutil.rmtree(self.work)

    def marker(self, name):
        return self.work / f"marker_{name}"

    def assert_runs_then_refused(self, samples, loads_by_name):
        """samples: {name: (path, marker)}; each load must run the payload
        unguarded and be refused, with no marker, in every guarded mode."""
        loads = [(f"{sample} {how}", statement, str(path)) for sample, (path, _) in samples.items()
                 for how, statement in loads_by_name.items()]
        for case, _, _ in loads:
            sample = case.split(" ")[0]
            with self.subTest(case=case, mode="unguarded"):
                marker = samples[sample][1]
                marker.unlink(missing_ok=True)
                unguarded([l for l in loads if l[0] == case], self.work)
                self.assertTrue(marker.exists(), f"{case}: the payload does not run unguarded")
                marker.unlink()
        for mode in ("install", "run"):
            for order in ("early", "late"):
                results = run(mode, order, loads, self.work)
                for case, _, _ in loads:
                    with self.subTest(case=case, mode=mode, order=order):
                        self.assertEqual(results[case][0], "refused", results[case][1])
                self.assertEqual(sorted(p.name for p in self.work.glob("marker*")), [], f"{mode} {order}")

    def assert_loads(self, paths, loads_by_name, mode_orders=(("install", "early"), ("run", "late"))):
        loads = [(f"{name} {how}", statement, str(path)) for name, path in paths.items()
                 for how, statement in loads_by_name.items()]
        for mode, order in mode_orders:
            results = run(mode, order, loads, self.work)
            for case, _, _ in loads:
                with self.subTest(case=case, mode=mode, order=order):
                    self.assertEqual(results[case][0], "loaded", results[case][1])

    def test_torchscript_payloads_are_refused(self):
        benign = (TORCHSCRIPT / (GETSTATE[0] + ".pt")).read_bytes()
        samples = {}
        for name, statement in {"save": 'torch.save(state, "{marker}")',
                                "getattr": 'getattr(torch, "save")(state, "{marker}")'}.items():
            path = self.work / f"ts_{name}.pt"
            path.write_bytes(rewrite(benign, statement.format(marker=self.marker(name)), GETSTATE[1], GETSTATE[2]))
            samples[path.stem.removeprefix("ts_")] = (path, self.marker(name))
        self.assert_runs_then_refused(samples, TORCHSCRIPT_LOADS)

    def test_benign_torchscript_loads(self):
        paths = {p.stem: p for p in sorted(TORCHSCRIPT.glob("*.pt"))
                 if p.stem in ("getstate_scripted", "linear_scripted", "conv_traced")}
        self.assertEqual(len(paths), 3)
        self.assert_loads(paths, TORCHSCRIPT_LOADS)

    def test_joblib_memmap_payload_is_refused(self):
        path = self.work / "memmap.joblib"
        path.write_bytes(joblib_memmap_type(str(self.marker("memmap"))))
        loads = {k: v for k, v in JOBLIB_LOADS.items() if "mmap_mode" in k}
        self.assert_runs_then_refused({"memmap": (path, self.marker("memmap"))}, loads)
        # Without mmap_mode the class is ndarray and the call fails; the guard refuses it all the same.
        results = run("install", "late", [("plain", JOBLIB_LOADS["joblib.load(path)"], str(path)),
                                          ("file", JOBLIB_LOADS["joblib.load(file)"], str(path))], self.work)
        self.assertEqual({case: outcome for case, (outcome, _) in results.items()},
                         {"plain": "refused", "file": "refused"}, results)

    def test_benign_joblib_loads_with_mmap(self):
        import joblib
        import numpy

        path = self.work / "benign.joblib"
        joblib.dump({"w": numpy.arange(1000.0), "b": numpy.ones((3, 3), dtype="float32")}, path)
        self.assert_loads({"benign": path}, JOBLIB_LOADS)

    def test_names_only_mode(self):
        # scan="off" judges names in find_class only: TorchScript has none, so
        # it is refused; joblib files load, their names checked.
        import joblib
        import numpy

        path = self.work / "benign.joblib"
        joblib.dump({"w": numpy.arange(10.0)}, path)
        script = TORCHSCRIPT / "linear_scripted.pt"
        results = run("install-off", "late", [("ts", TORCHSCRIPT_LOADS["torch.jit.load(path)"], str(script)),
                                              ("ts via torch.load", TORCHSCRIPT_LOADS["torch.load(path)"], str(script)),
                                              ("joblib", JOBLIB_LOADS["joblib.load(path, mmap_mode='r')"], str(path))],
                      self.work)
        self.assertEqual({case: outcome for case, (outcome, _) in results.items()},
                         {"ts": "refused", "ts via torch.load": "refused", "joblib": "loaded"}, results)
        self.assertIn("scan='off'", results["ts"][1])

    def test_torch_package_is_refused(self):
        import torch
        import torch.package

        benign = self.work / "benign_package.pt"
        with torch.package.PackageExporter(str(benign)) as exporter:
            exporter.save_pickle("model", "model.pkl", {"weight": torch.ones(2)})
        evil = self.work / "evil_package.pt"
        with torch.package.PackageExporter(str(evil)) as exporter:
            exporter.save_source_string("model", f"open({str(self.marker('package'))!r}, 'w').close()\n")
            exporter.save_pickle("model", "model.pkl", [1, 2])
        self.assert_runs_then_refused({"evil": (evil, self.marker("package"))}, PACKAGE_LOADS)
        # A benign package runs no code of its own, but PackageImporter resolves
        # names without find_class: refused while the guard is on, with the reason.
        results = run("install", "late", [("benign", PACKAGE_LOADS["PackageImporter"], str(benign))], self.work)
        self.assertEqual(results["benign"][0], "refused", results)
        self.assertIn("PackageImporter", results["benign"][1])
        self.assertEqual(unguarded([("benign", PACKAGE_LOADS["PackageImporter"], str(benign))], self.work)["benign"][0],
                         "loaded")


if __name__ == "__main__":
    unittest.main()
