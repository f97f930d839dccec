"""torch.load under the guard with weights_only left to its default, True and
False (issue 16: torch >= 2.6 defaults to weights_only=True, which decides
whether pickle is reached at all). Each artifact is loaded in a fresh
interpreter with the guard installed and, for comparison, without it; every
load is recorded as one of

    torch   torch refused by itself (pickle.UnpicklingError from its restricted
            weights_only unpickler, or its RuntimeError for TorchScript under
            weights_only=True)
    guard   the guard refused (sentinel.UnsafeFileError)
    loaded  the load returned
    error   anything else

Required everywhere: no payload ever runs under the guard (its marker file
never appears), benign state_dicts load in every mode, and the division of
labour documented in docs/runtime-guard.md ("Modern torch"):

- weights_only=True: torch's own unpickler refuses a malicious checkpoint
  before pickle (and so the guard) is involved; it never reaches pickle.
- weights_only=False: pickle runs and the guard refuses.
- the default is weights_only=True from torch 2.6 on, False before.
- TorchScript: torch.jit.load has no weights_only and only the guard stops
  it; torch.load of a TorchScript archive goes to torch.jit.load unless
  weights_only=True on a torch that refuses that combination (2.6 and later
  do; torch 1.13 dispatches to torch.jit.load regardless).

Set SENTINEL_OUTCOMES_FILE to also write the measured table there
(scripts/chroot/guard_tests.sh does, for tests/fixtures/generations/SUITE/guard_tests.txt)."""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

from support import PYTHON, Payload

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
TORCHSCRIPT = REPO / "tests/fixtures/torchscript/bookworm"

try:
    import torch
except ImportError:  # pragma: no cover - every Debian generation has torch
    torch = None


def torch_version():
    if torch is None:
        return (0, 0)
    return tuple(int("".join(c for c in part if c.isdigit()) or 0) for part in torch.__version__.split(".")[:2])


MODERN = torch_version() >= (2, 6)
NOT_MODERN = f"torch {torch.__version__ if torch else '(absent)'} < 2.6: weights_only defaults to False here"
NOT_OLD = f"torch {torch.__version__ if torch else '(absent)'} >= 2.6: weights_only defaults to True here"

# How each artifact is loaded; `path` is the artifact.
LOADS = {
    "default": "torch.load(path)",
    "weights_only=True": "torch.load(path, weights_only=True)",
    "weights_only=False": "torch.load(path, weights_only=False)",
}
JIT_LOAD = {"torch.jit.load": "torch.jit.load(path)"}

RUNNER = textwrap.dedent("""
    import json, os, pickle, re, sys, warnings
    guarded, cases = sys.argv[1] == "guarded", json.loads(sys.argv[2])
    if guarded:
        import sentinel
        sentinel.guard.install()
    import torch
    from sentinel.errors import UnsafeFileError
    warnings.simplefilter("ignore")  # torch.load's TorchScript dispatch warning
    for case, statement, path, marker in cases:
        try:
            exec(statement, {"torch": torch, "path": path})
            outcome, detail = "loaded", ""
        except UnsafeFileError as e:
            outcome, detail = "guard", str(e)
        except pickle.UnpicklingError as e:
            outcome, detail = "torch", f"UnpicklingError: {e}"
        except RuntimeError as e:
            weights_only = "weights_only" in str(e)
            outcome, detail = ("torch" if weights_only else "error"), f"RuntimeError: {e}"
        except Exception as e:  # noqa: BLE001 - reported to the parent
            outcome, detail = "error", f"{type(e).__name__}: {e}"
        ran = bool(marker) and os.path.exists(marker)
        if ran:
            os.unlink(marker)
        detail = " ".join(re.sub("\\x1b\\\\[[0-9;]*m", "", detail).split())[:1000]  # no terminal colours
        print(json.dumps({"case": case, "outcome": outcome, "ran": ran, "detail": detail}), flush=True)
""")


@unittest.skipIf(torch is None, "torch is not installed")
class ModernTorch(unittest.TestCase):
    """One guarded and one unguarded interpreter load every artifact in every mode."""

    @classmethod
    def setUpClass(cls):
        from gen_torchscript_fixtures import GETSTATE, rewrite

        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="sentinel-modern-torch-"))
        w = cls.work
        model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
        state = model.state_dict()
        # (artifact, path, marker or "", loads)
        artifacts = []
        torch.save(state, w / "benign_zip.pt")
        torch.save(state, w / "benign_legacy.pt", _use_new_zipfile_serialization=False)
        artifacts += [("benign state_dict zip", w / "benign_zip.pt", "", LOADS),
                      ("benign state_dict legacy", w / "benign_legacy.pt", "", LOADS)]
        # The whole module: benign, but outside torch's weights_only allowlist.
        torch.save(model, w / "benign_module.pt")
        artifacts.append(("benign full module zip", w / "benign_module.pt", "", LOADS))
        for fmt, zip_format in (("zip", True), ("legacy", False)):
            marker = w / f"marker_ckpt_{fmt}"
            evil = {"model": state, "epoch": 3, "hook": Payload("system", marker)}
            torch.save(evil, w / f"evil_{fmt}.pt", _use_new_zipfile_serialization=zip_format)
            artifacts.append((f"malicious checkpoint {fmt}", w / f"evil_{fmt}.pt", str(marker), LOADS))
        benign_ts = TORCHSCRIPT / (GETSTATE[0] + ".pt")
        marker = w / "marker_torchscript"
        (w / "evil_torchscript.pt").write_bytes(
            rewrite(benign_ts.read_bytes(), f'torch.save(state, "{marker}")', GETSTATE[1], GETSTATE[2]))
        artifacts += [("benign TorchScript", benign_ts, "", {**LOADS, **JIT_LOAD}),
                      ("malicious TorchScript", w / "evil_torchscript.pt", str(marker), {**LOADS, **JIT_LOAD})]
        cases = [(f"{name} | {how}", statement, str(path), marker)
                 for name, path, marker, loads in artifacts for how, statement in loads.items()]
        cls.guarded = cls.run_cases("guarded", cases)
        cls.unguarded = cls.run_cases("unguarded", cases)
        cls.write_table(cases)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work)

    @classmethod
    def run_cases(cls, mode, cases):
        proc = subprocess.run([PYTHON, "-c", RUNNER, mode, json.dumps(cases)], cwd=cls.work, capture_output=True,
                              text=True, timeout=600, env=os.environ.copy())
        if proc.returncode != 0:
            raise AssertionError(f"{mode} runner exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr[-3000:]}")
        results = {}
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                results[entry["case"]] = entry
        missing = [case for case, *_ in cases if case not in results]
        if missing:
            raise AssertionError(f"{mode} runner reported no outcome for {missing}:\n{proc.stderr[-3000:]}")
        return results

    @classmethod
    def write_table(cls, cases):
        target = os.environ.get("SENTINEL_OUTCOMES_FILE")
        if not target:
            return
        with open(target, "w") as out:
            out.write(f"# torch {torch.__version__}: artifact | load -> guarded outcome / unguarded outcome"
                      " (+ran: the payload ran)\n")
            for case, *_ in cases:
                g, u = cls.guarded[case], cls.unguarded[case]
                flag = lambda e: e["outcome"] + ("+ran" if e["ran"] else "")  # noqa: E731
                out.write(f"{case}\t{flag(g)}\t{flag(u)}\t{g['detail'][:160]}\n")

    def outcome(self, artifact, how, guarded=True):
        return (self.guarded if guarded else self.unguarded)[f"{artifact} | {how}"]

    def assert_outcome(self, artifact, how, expected, guarded=True):
        entry = self.outcome(artifact, how, guarded)
        self.assertEqual(entry["outcome"], expected,
                         f"{artifact} | {how} ({'guarded' if guarded else 'unguarded'}): {entry['detail']}")

    # Everywhere.

    def test_no_payload_runs_under_the_guard(self):
        ran = [case for case, entry in self.guarded.items() if entry["ran"]]
        self.assertEqual(ran, [], "a payload ran under the guard")

    def test_payloads_are_real(self):
        """Unguarded, each malicious artifact runs its payload through some load."""
        for artifact in ("malicious checkpoint zip", "malicious checkpoint legacy", "malicious TorchScript"):
            with self.subTest(artifact=artifact):
                self.assertTrue(self.outcome(artifact, "weights_only=False", guarded=False)["ran"])

    def test_benign_state_dicts_load_in_every_mode(self):
        for artifact in ("benign state_dict zip", "benign state_dict legacy"):
            for how in LOADS:
                with self.subTest(artifact=artifact, how=how):
                    self.assert_outcome(artifact, how, "loaded")
                    self.assert_outcome(artifact, how, "loaded", guarded=False)

    def test_weights_only_true_torch_refuses_before_pickle(self):
        """torch's restricted unpickler is not pickle's: the guard is never
        consulted, and the refusal is torch's own, guarded or not."""
        for artifact in ("malicious checkpoint zip", "malicious checkpoint legacy"):
            with self.subTest(artifact=artifact):
                self.assert_outcome(artifact, "weights_only=True", "torch")
                self.assert_outcome(artifact, "weights_only=True", "torch", guarded=False)
                self.assertIn("Weights only load failed", self.outcome(artifact, "weights_only=True")["detail"])
        # A benign whole module is outside torch's allowlist as well.
        self.assert_outcome("benign full module zip", "weights_only=True", "torch")

    def test_weights_only_false_the_guard_refuses(self):
        for artifact in ("malicious checkpoint zip", "malicious checkpoint legacy"):
            with self.subTest(artifact=artifact):
                self.assert_outcome(artifact, "weights_only=False", "guard")
                self.assertIn("posix.system", self.outcome(artifact, "weights_only=False")["detail"])
                unguarded = self.outcome(artifact, "weights_only=False", guarded=False)
                self.assertEqual((unguarded["outcome"], unguarded["ran"]), ("loaded", True))
        # What weights_only=True refuses and the guard accepts: a benign whole module.
        self.assert_outcome("benign full module zip", "weights_only=False", "loaded")

    def test_torchscript_only_the_guard_stops_jit_load(self):
        self.assert_outcome("malicious TorchScript", "torch.jit.load", "guard")
        unguarded = self.outcome("malicious TorchScript", "torch.jit.load", guarded=False)
        self.assertEqual((unguarded["outcome"], unguarded["ran"]), ("loaded", True))
        self.assert_outcome("malicious TorchScript", "weights_only=False", "guard")
        for how in ("torch.jit.load", "weights_only=False"):
            with self.subTest(how=how):
                self.assert_outcome("benign TorchScript", how, "loaded")

    def test_torchscript_weights_only_true(self):
        """torch 2.6 and later refuse TorchScript under weights_only=True
        themselves; torch 1.13 hands it to torch.jit.load regardless, where
        only the guard refuses it."""
        guarded = self.outcome("malicious TorchScript", "weights_only=True")
        unguarded = self.outcome("malicious TorchScript", "weights_only=True", guarded=False)
        if unguarded["ran"]:
            self.assertEqual(guarded["outcome"], "guard", guarded["detail"])
        else:
            self.assertEqual(unguarded["outcome"], "torch", unguarded["detail"])
            self.assertEqual(guarded["outcome"], "torch", guarded["detail"])
            self.assert_outcome("benign TorchScript", "weights_only=True", "torch")
        if MODERN:
            self.assertEqual(guarded["outcome"], "torch", guarded["detail"])
            self.assertIn("Cannot use ``weights_only=True`` with TorchScript", guarded["detail"])

    # The default, by torch version.

    @unittest.skipUnless(MODERN, NOT_MODERN)
    def test_default_is_weights_only_on_modern_torch(self):
        for artifact in ("malicious checkpoint zip", "malicious checkpoint legacy", "malicious TorchScript",
                         "benign full module zip", "benign TorchScript"):
            with self.subTest(artifact=artifact):
                self.assertEqual(self.outcome(artifact, "default")["outcome"],
                                 self.outcome(artifact, "weights_only=True")["outcome"])
                self.assert_outcome(artifact, "default", "torch")

    @unittest.skipIf(MODERN, NOT_OLD)
    def test_default_is_full_unpickling_before_2_6(self):
        for artifact in ("malicious checkpoint zip", "malicious checkpoint legacy", "malicious TorchScript"):
            with self.subTest(artifact=artifact):
                self.assert_outcome(artifact, "default", "guard")
                unguarded = self.outcome(artifact, "default", guarded=False)
                self.assertEqual((unguarded["outcome"], unguarded["ran"]), ("loaded", True))
        self.assert_outcome("benign full module zip", "default", "loaded")


@unittest.skipIf(torch is None, "torch is not installed")
class ModernTorchEscapeHatches(unittest.TestCase):
    """The ways back to full unpickling on torch >= 2.6 that bypass weights_only
    without a weights_only=False at the call site: the guard is what is left."""

    def setUp(self):
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="sentinel-modern-torch-"))
        self.marker = self.work / "marker"
        torch.save({"w": torch.ones(2), "hook": Payload("system", self.marker)}, self.work / "evil.pt")
        torch.save({"w": torch.ones(2), "hook": Payload("exec", self.marker)}, self.work / "evil_exec.pt")

    def tearDown(self):
        shutil.rmtree(self.work)

    def load(self, statement, env=None, artifact="evil.pt"):
        cases = [("case", statement, str(self.work / artifact), str(self.marker))]
        proc = subprocess.run([PYTHON, "-c", RUNNER, "guarded", json.dumps(cases)], cwd=self.work, capture_output=True,
                              text=True, timeout=600, env={**os.environ, **(env or {})})
        self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
        entry = json.loads(proc.stdout.strip().splitlines()[-1])
        self.marker.unlink(missing_ok=True)
        return entry

    @unittest.skipUnless(MODERN, NOT_MODERN + " (and TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD does not exist)")
    def test_force_no_weights_only_environment(self):
        entry = self.load("torch.load(path)", {"TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD": "1"})
        self.assertEqual((entry["outcome"], entry["ran"]), ("guard", False), entry["detail"])

    @unittest.skipUnless(MODERN, NOT_MODERN + " (an explicit pickle_module is the old default anyway)")
    def test_explicit_pickle_module_means_full_unpickling(self):
        entry = self.load("import pickle; torch.load(path, pickle_module=pickle)")
        self.assertEqual((entry["outcome"], entry["ran"]), ("guard", False), entry["detail"])

    def test_force_weights_only_environment(self):
        """TORCH_FORCE_WEIGHTS_ONLY_LOAD=1 (torch 1.13 on) turns even an
        explicit weights_only=False into a restricted load: torch refuses."""
        entry = self.load("torch.load(path, weights_only=False)", {"TORCH_FORCE_WEIGHTS_ONLY_LOAD": "1"})
        self.assertEqual((entry["outcome"], entry["ran"]), ("torch", False), entry["detail"])

    @unittest.skipUnless(hasattr(torch, "serialization") and hasattr(torch.serialization, "add_safe_globals"),
                         "torch.serialization.add_safe_globals does not exist in this torch")
    def test_add_safe_globals_is_torchs_alone(self):
        """add_safe_globals widens torch's weights_only allowlist, which the
        guard never sees: a weights_only=True load does not reach pickle. torch
        never admits sys/os/posix/nt globals, even when a program adds them;
        anything else the program adds (here builtins.exec) is called, guard
        installed or not (docs/runtime-guard.md, "Modern torch")."""
        entry = self.load("import os; torch.serialization.add_safe_globals([os.system]); "
                          "torch.load(path, weights_only=True)")
        self.assertEqual((entry["outcome"], entry["ran"]), ("torch", False), entry["detail"])
        self.assertIn("is blocked", entry["detail"])
        entry = self.load("torch.load(path, weights_only=True)", artifact="evil_exec.pt")
        self.assertEqual((entry["outcome"], entry["ran"]), ("torch", False), entry["detail"])
        entry = self.load("torch.serialization.add_safe_globals([exec]); torch.load(path, weights_only=True)",
                          artifact="evil_exec.pt")
        self.assertEqual((entry["outcome"], entry["ran"]), ("loaded", True), entry["detail"])
        # The same file with weights_only=False reaches pickle: the guard refuses.
        entry = self.load("torch.serialization.add_safe_globals([exec]); torch.load(path, weights_only=False)",
                          artifact="evil_exec.pt")
        self.assertEqual((entry["outcome"], entry["ran"]), ("guard", False), entry["detail"])

if __name__ == "__main__":
    unittest.main()
