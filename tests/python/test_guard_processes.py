"""The guard across threads, reloads, early importers and processes (issue 16).

Every malicious sample is loaded in a subprocess (guarded_bypasses.py,
guarded_processes.py); its payload only creates a marker file, which must not
exist afterwards. Every subprocess has a timeout: a hang is a failure. Child
processes (spawn, forkserver, loky workers) are guarded through
SENTINEL_GUARD and the sentinel-guard.pth start-up hook, which build/python
holds with a sitecustomize.py that reads it (PYTHONPATH=build/python)."""

import json
import os
import pathlib
import pickle
import subprocess
import tempfile
import threading
import unittest

import sentinel
from sentinel import guard
from sentinel.guard import _checks
from support import HERE, PYTHON, payload_bytes

TIMEOUT = 240


def run(args, timeout=TIMEOUT):
    env = {k: v for k, v in os.environ.items() if k != "SENTINEL_GUARD"}
    try:
        proc = subprocess.run([PYTHON, *args], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"{args} hung (no result in {timeout} s):\n{e.stdout}\n{e.stderr}") from None
    if proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return lines, proc.stderr


class Workdir(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.work = pathlib.Path(self._tmp.name)
        self.marker = self.work / "marker"
        (self.work / "payload.pkl").write_bytes(payload_bytes("system", self.marker))
        (self.work / "early_import.py").write_text("from pickle import loads, Unpickler\n")

    def tearDown(self):
        self.assertFalse(self.marker.exists(), "a payload ran")
        self._tmp.cleanup()


class Bypasses(Workdir):
    """Each acceptance case of issue 16 that a single process can show."""

    def family(self, name):
        lines, stderr = run([str(HERE / "guarded_bypasses.py"), name, str(self.work)])
        results = {line["case"]: line for line in lines}
        self.assertTrue(results, stderr)
        return results

    def assert_refused(self, results, case):
        self.assertIn(case, results)
        self.assertEqual(results[case]["outcome"], "refused", f"{case}: {results[case]['detail']}")

    def test_enforce_from_two_threads(self):
        results = self.family("threads")
        for scan in ("on", "off"):
            self.assertIs(results[f"installed after the other block ended scan={scan}"]["detail"], True)
            self.assert_refused(results, f"pickle.loads after the other block ended scan={scan}")
            self.assert_refused(results, f"pickle._loads after the other block ended scan={scan}")
            self.assertIs(results[f"installed after both scan={scan}"]["detail"], False)
        self.assert_refused(results, "own strict block while another thread's block allows more")

    def test_reload_pickle(self):
        results = self.family("reload")
        for scan in ("on", "off"):
            self.assertIs(results[f"installed after reload scan={scan}"]["detail"], True)
            for entry in ("pickle.loads", "pickle._loads", "pickle._load", "pickle._Unpickler", "pickle.Unpickler"):
                self.assert_refused(results, f"{entry} after reload scan={scan}")
            self.assertIs(results[f"installed after reloading copyreg, _pickle, pickle scan={scan}"]["detail"], True)
            self.assert_refused(results, f"pickle._loads after reloading all scan={scan}")
            self.assert_refused(results, f"_pickle.loads after reloading all scan={scan}")
            self.assertIs(results[f"restored after uninstall scan={scan}"]["detail"], True)
        self.assert_refused(results, "pickle._loads reloaded before install")
        # installed() tells the truth: False while a patch is undone.
        self.assertIs(results["installed after a patch was undone"]["detail"], False)
        self.assertIs(results["installed once it is back"]["detail"], True)

    def assert_dill(self, results, label):
        for scan in ("on", "off"):
            for entry in ("dill.loads", "dill.load", "dill.Unpickler.load"):
                self.assert_refused(results, f"{entry} {label} scan={scan}")
            rewrite = f"dill __main__ rewrite {label} scan={scan}"
            self.assert_refused(results, rewrite)
            self.assertEqual(results[rewrite]["after"], "original")
        # Allowed explicitly, dill's mapping works as without the guard.
        self.assertEqual(results[f"dill __main__ allowed {label}"]["outcome"], "loaded")
        self.assertEqual(results[f"dill __main__ allowed {label}"]["after"], "rewritten")

    def test_dill_imported_before_install(self):
        results = self.family("dill-early")
        # The sample does rewrite the script's globals without the guard.
        self.assertEqual(results["dill __main__ rewrite unguarded"]["after"], "rewritten")
        self.assert_dill(results, "imported before install")
        self.assertIs(results["dill restored exactly"]["detail"], True)

    def test_dill_imported_after_install(self):
        self.assert_dill(self.family("dill-late"), "imported after install")

    def test_early_importers(self):
        results = self.family("early-importers")
        for scan in ("on", "off"):
            for case in ("shelve imported before install", "from pickle import loads before install",
                         "from pickle import Unpickler before install", "ForkingPickler.loads called by the program"):
                self.assert_refused(results, f"{case} scan={scan}")
        self.assertIs(results["restored exactly"]["detail"], True)

    def test_unauthenticated_connections_stay_guarded(self):
        results = self.family("connection")
        self.assert_refused(results, "Listener without authkey: recv")
        self.assert_refused(results, "Client without authkey: recv")
        self.assertEqual(results["authenticated connection"]["detail"], 7)


class Workers(Workdir):
    """A worker process loads the payload's bytes with pickle.loads: the
    worker is guarded, and the parent sees the UnsafeFileError."""

    def workers(self, *specs, guard="install"):
        args = [str(HERE / "guarded_processes.py"), "none" if guard == "run" else guard, str(self.work / "payload.pkl"),
                *specs]
        if guard == "run":
            args = ["-m", "sentinel.guard", "run", *args]
        lines, stderr = run(args)
        results = {line["spec"]: line for line in lines}
        self.assertEqual(sorted(results), sorted(specs), stderr)
        for spec, line in results.items():
            self.assertIs(line["installed"], True, spec)
            self.assertEqual(line["outcome"], "refused", f"{spec}: {line}")
            self.assertIn("UnsafeFileError", line["detail"], spec)
            self.assertIn("posix.system", line["detail"], spec)

    def test_spawn_pool_worker(self):
        self.workers("worker-pool:spawn")

    def test_forkserver_pool_worker(self):
        self.workers("worker-pool:forkserver")

    def test_loky_worker(self):
        self.workers("worker-joblib:loky")

    def test_process_pool_executor_worker(self):
        self.workers("worker-executor:spawn")

    def test_other_start_methods_and_backends(self):
        self.workers("worker-pool:fork", "worker-executor:forkserver", "worker-executor:fork",
                     "worker-joblib:multiprocessing", "worker-process:spawn", "worker-process:forkserver")

    def test_under_guard_run(self):
        self.workers("worker-pool:spawn", "worker-joblib:loky", "worker-executor:forkserver", guard="run")


BENIGN = ["pool:fork", "pool:spawn", "pool:forkserver", "executor:fork", "executor:spawn", "executor:forkserver",
          "manager:fork", "manager:spawn", "manager:forkserver", "dataloader:fork", "dataloader:spawn",
          "joblib:loky", "joblib:multiprocessing", "sklearn:"]


class BenignMultiprocessing(unittest.TestCase):
    """The program's own inter-process traffic works under the guard, in both
    install modes and with every start method, with the results it has
    without the guard; the workers themselves are guarded."""

    @classmethod
    def setUpClass(cls):
        script = str(HERE / "guarded_processes.py")
        commands = {"none": [script, "none", "-", *BENIGN], "install": [script, "install", "-", *BENIGN],
                    "run": ["-m", "sentinel.guard", "run", script, "none", "-", *BENIGN]}
        env = {k: v for k, v in os.environ.items() if k != "SENTINEL_GUARD"}
        procs = {mode: subprocess.Popen([PYTHON, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=env) for mode, args in commands.items()}
        cls.results, cls.errors = {}, {}
        for mode, proc in procs.items():
            try:
                out, err = proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                err = f"hung (no result in {TIMEOUT} s)\n{err}"
            cls.results[mode] = {line["spec"]: line for line in map(json.loads, filter(None, out.splitlines()))
                                 if line.get("spec")}
            cls.errors[mode] = f"exit {proc.returncode}\n{err}"

    def check(self, mode):
        baseline = self.results["none"]
        for spec in BENIGN:
            with self.subTest(spec=spec, mode=mode):
                self.assertIn(spec, baseline, self.errors["none"])
                self.assertEqual(baseline[spec]["outcome"], "ok", baseline[spec])
                self.assertIn(spec, self.results[mode], self.errors[mode])
                got = self.results[mode][spec]
                self.assertIs(got["installed"], True)
                self.assertEqual(got["outcome"], "ok", got)
                self.assertEqual(got["value"], baseline[spec]["value"])
                if got["workers_guarded"] is not None:
                    self.assertEqual(set(got["workers_guarded"]), {True})
                    self.assertEqual(set(baseline[spec]["workers_guarded"]), {False})

    def test_install_first(self):
        self.check("install")

    def test_guard_run(self):
        self.check("run")


class Custom:
    def __eq__(self, other):
        return type(other) is Custom


CUSTOM = f"{__name__}:Custom"


class InProcess(unittest.TestCase):
    """Benign, in this process: what children are handed, and the nesting rules."""

    def setUp(self):
        self.environment = os.environ.pop(guard.ENVIRONMENT, None)

    def tearDown(self):
        guard.uninstall()
        self.assertNotIn(guard.ENVIRONMENT, os.environ)
        if self.environment is not None:
            os.environ[guard.ENVIRONMENT] = self.environment

    def test_environment_follows_the_configuration(self):
        self.assertNotIn(guard.ENVIRONMENT, os.environ)
        guard.install(allow=[CUSTOM], scan="off")
        handed = json.loads(os.environ[guard.ENVIRONMENT])
        self.assertEqual(handed, {"allow": [[__name__, "Custom"]], "policy": None, "scan": "off"})
        with guard.enforce():
            self.assertEqual(json.loads(os.environ[guard.ENVIRONMENT])["allow"], [])
        self.assertEqual(json.loads(os.environ[guard.ENVIRONMENT]), handed)
        guard.uninstall()
        self.assertNotIn(guard.ENVIRONMENT, os.environ)

    def test_policies_reach_children(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "policy.yml"
            path.write_text("fail_on: [CRITICAL, HIGH, MEDIUM]\n")
            for policy in (str(path), sentinel.Policy.load(str(path))):
                config = _checks.Config.from_environment(_checks.Config(policy).environment)
                self.assertEqual(config.policy.fail_on, ["CRITICAL", "HIGH", "MEDIUM"])
        parsed = sentinel.Policy.parse("fail_on: [CRITICAL]\ntrusted_globals:\n  mypkg.models: [Head]\n")
        config = _checks.Config.from_environment(_checks.Config(parsed, ["a.b:C"], "off").environment)
        self.assertEqual(config.policy.fail_on, ["CRITICAL"])
        self.assertEqual(config.policy.trusted_globals, {"a.b": {"C"}, "mypkg.models": {"Head"}})
        self.assertFalse(config.scan)

    def test_blocks_in_two_threads_keep_their_configurations(self):
        data = pickle.dumps(Custom())
        entered, leave = threading.Event(), threading.Event()
        seen = {}

        def permissive():
            with guard.enforce(allow=[CUSTOM]):
                entered.set()
                leave.wait(30)
                seen["permissive"] = pickle.loads(data)

        thread = threading.Thread(target=permissive)
        thread.start()
        entered.wait(30)
        with guard.enforce():
            with self.assertRaises(sentinel.UnsafeFileError):  # this thread's own block
                pickle.loads(data)
            leave.set()
            thread.join(30)
            self.assertTrue(guard.installed())  # the other block ended: this one still stands
            with self.assertRaises(sentinel.UnsafeFileError):
                pickle.loads(data)
        self.assertEqual(seen["permissive"], Custom())
        self.assertFalse(guard.installed())

    def test_installed_tells_the_truth(self):
        guard.install()
        self.assertTrue(guard.installed())
        saved = pickle.loads
        pickle.loads = guard._unpickler.C_LOADS
        try:
            self.assertFalse(guard.installed())
        finally:
            pickle.loads = saved
        self.assertTrue(guard.installed())

    def test_any_python_child_is_guarded_or_does_not_run(self):
        env = {**os.environ, guard.ENVIRONMENT: json.dumps({"scan": "off", "allow": ["m:N"]})}
        code = ("import sentinel; "
                "print(sentinel.guard.installed(), sorted(sentinel.guard._checks.state.config.policy.trusted_globals))")
        child = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(child.stdout.strip(), "True ['m']", child.stderr)
        # A configuration the child cannot apply: it stops before running anything.
        env[guard.ENVIRONMENT] = json.dumps({"policy": "/nonexistent/sentinel-policy.yml"})
        child = subprocess.run([PYTHON, "-c", "print('ran')"], env=env, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(child.returncode, 70, child.stderr)
        self.assertNotIn("ran", child.stdout)
        self.assertIn("cannot guard this process", child.stderr)

    def test_unsafe_file_error_crosses_processes(self):
        data = payload_bytes("system", "/nonexistent/marker")
        with guard.enforce():
            with self.assertRaises(sentinel.UnsafeFileError) as caught:
                pickle.loads(data)
        error = pickle.loads(pickle.dumps(caught.exception))
        self.assertIs(type(error), sentinel.UnsafeFileError)
        self.assertEqual((str(error), error.rule_id, error.module, error.name),
                         (str(caught.exception), "PICKLE-EXEC", caught.exception.module, caught.exception.name))
        self.assertEqual([f.rule_id for f in error.findings], [f.rule_id for f in caught.exception.findings])
        self.assertTrue(error.findings)


if __name__ == "__main__":
    unittest.main()
