"""sentinel.scan_file / scan_bytes: the scanner inside a Python pipeline,
findings as Python objects with the fields of the JSON report."""

import io
import json
import os
import pathlib
import subprocess
import tempfile
import unittest
import zipfile

import sentinel
from support import payload_bytes

REPO = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("SENTINEL_CLI", str(REPO / "build/sentinel"))


class ScanApi(unittest.TestCase):
    def test_scan_bytes_reports_every_field(self):
        [finding] = sentinel.scan_bytes(payload_bytes("system", "/nonexistent/marker"), "upload.pkl")
        self.assertEqual(finding.rule_id, "PICKLE-EXEC")
        self.assertEqual(finding.category, "PICKLE")
        self.assertEqual(finding.severity, "CRITICAL")
        self.assertEqual((finding.module, finding.name), ("posix", "system"))
        self.assertEqual(finding.cwe, ["CWE-502"])
        self.assertEqual(finding.owasp_llm, "LLM03: Supply Chain")
        self.assertEqual(finding.path, "upload.pkl")
        self.assertTrue(finding.location.startswith("upload.pkl@"))
        self.assertIsInstance(finding.offset, int)
        self.assertIn("posix.system", finding.evidence)
        for text in (finding.title, finding.owner, finding.release_decision, finding.retest, finding.help_uri,
                     finding.fix, finding.fp_risk, finding.opcode, finding.fingerprint):
            self.assertTrue(text)
        self.assertIn("PICKLE-EXEC", repr(finding))

    def test_identical_entries_are_one_finding_with_their_places(self):
        payload = payload_bytes("system", "/nonexistent/marker")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in ("a.pkl", "b.pkl", "c.pkl"):
                archive.writestr(name, payload)
        [finding] = sentinel.scan_bytes(buffer.getvalue(), "three.zip")
        self.assertEqual(finding.chain, ["a.pkl"])
        self.assertEqual([place.split("@")[0] for place in finding.also_at], ["three.zip!b.pkl", "three.zip!c.pkl"])
        self.assertEqual(finding.also_at_more, 0)

    def test_scan_bytes_accepts_any_buffer_and_clean_is_empty(self):
        clean = b"\x80\x04\x95\x07\x00\x00\x00\x00\x00\x00\x00]\x94(K\x01K\x02e."
        for data in (clean, bytearray(clean), memoryview(clean)):
            self.assertEqual(sentinel.scan_bytes(data), [])
        with self.assertRaises(TypeError):
            sentinel.scan_bytes("text")

    def test_scan_file_reads_containers(self):
        fixtures = REPO / "tests/fixtures/containers"
        self.assertEqual(sentinel.scan_file(str(fixtures / "torch_state_dict.pt")), [])
        findings = sentinel.scan_file(str(fixtures / "joblib_payload_zlib.joblib"))
        self.assertTrue(any(f.rule_id == "PICKLE-EXEC" and f.name == "system" for f in findings), findings)
        nested = sentinel.scan_file(str(fixtures / "nested_zip3.zip"))
        self.assertTrue(nested and all(len(f.chain) >= 3 for f in nested), nested)

    def test_scan_file_folder_and_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            folder = pathlib.Path(tmp)
            (folder / "a.pkl").write_bytes(payload_bytes("eval", "/nonexistent/marker"))
            (folder / "notes.txt").write_text("not a model")
            findings = sentinel.scan_file(str(folder))
            self.assertEqual({f.path for f in findings}, {str(folder / "a.pkl")})
            with self.assertRaises(ValueError):
                sentinel.scan_file(str(folder / "missing.pkl"))

    def test_policy_object(self):
        policy = sentinel.Policy.parse("fail_on: [critical]\ntrusted_globals:\n  acme: [Head]\n", "p.yml")
        self.assertEqual(policy.fail_on, ["CRITICAL"])
        self.assertEqual(policy.trusted_globals, {"acme": {"Head"}})
        self.assertEqual(policy.trusting({"acme": {"Tail"}}).trusted_globals, {"acme": {"Head", "Tail"}})
        self.assertEqual(sentinel.Policy().fail_on, ["CRITICAL", "HIGH"])
        with self.assertRaisesRegex(ValueError, "unknown key 'fial_on'"):
            sentinel.Policy.parse("fial_on: [HIGH]\n")
        self.assertTrue(sentinel.allowlisted("collections", "OrderedDict"))
        self.assertFalse(sentinel.allowlisted("posix", "system"))


class AgreesWithTheCli(unittest.TestCase):
    """Issue 15: scan_file said verdict='pass' on a PICKLE-EXEC finding. The API
    now judges as `sentinel artifact` does; its report is the CLI's JSON."""

    def cli(self, *args, cwd=None):
        run = subprocess.run([CLI, "artifact", "--format", "json", *args], capture_output=True, text=True, cwd=cwd)
        report = json.loads(run.stdout)
        self.assertEqual(report["summary"]["exit_code"], run.returncode, run.stderr)
        return report

    def test_unsafe_and_clean_examples(self):
        for name, exit_code in (("unsafe_model.pkl", 1), ("unsafe_checkpoint.pt", 1), ("clean_model.pkl", 0)):
            path = str(REPO / "examples" / name)
            with self.subTest(name):
                report = sentinel.scan(path)
                self.assertEqual(report, self.cli("--no-policy", path))
                self.assertEqual(report["summary"]["exit_code"], exit_code)
                verdicts = [f.verdict for f in sentinel.scan_file(path)]
                self.assertEqual(verdicts, [f["verdict"] for f in report["files"][0]["findings"]])
        [finding] = sentinel.scan_file(REPO / "examples/unsafe_model.pkl")
        self.assertEqual((finding.rule_id, finding.verdict), ("PICKLE-EXEC", "fail"))
        [finding] = sentinel.scan_bytes((REPO / "examples/unsafe_model.pkl").read_bytes(), "upload.pkl")
        self.assertEqual(finding.verdict, "fail")

    def test_the_whole_folder_with_its_skip(self):
        folder = str(REPO / "examples")
        self.assertEqual(sentinel.scan(folder), self.cli("--no-policy", folder))
        failing = sentinel.scan([folder], fail_on_skip=True)
        self.assertEqual(failing, self.cli("--no-policy", "--fail-on-skip", folder))
        self.assertEqual(failing["summary"]["exit_code"], 1)

    def test_a_policy_judges_alike(self):
        with tempfile.TemporaryDirectory() as tmp:
            unsafe = REPO / "examples/unsafe_model.pkl"
            policy = pathlib.Path(tmp) / "sentinel-policy.yml"
            policy.write_text("fail_on: [HIGH]\nticket_on: [CRITICAL]\nallow:\n  - rule: PICKLE-EXEC\n"
                              "    path: \"*/unsafe_checkpoint.pt\"\n    reason: \"demo\"\n"
                              "    accepted_by: \"security@example.com\"\n")
            folder = str(REPO / "examples")
            report = sentinel.scan(folder, policy=str(policy))
            self.assertEqual(report, self.cli("--policy", str(policy), folder))
            self.assertEqual(report["summary"]["exit_code"], 0)
            self.assertEqual(report["policy"]["path"], str(policy))
            self.assertEqual(sentinel.scan(folder, policy=sentinel.Policy.load(str(policy))), report)
            self.assertEqual({f.verdict for f in sentinel.scan_file(unsafe, policy=policy)}, {"ticket"})
            # None is the defaults, whatever sentinel-policy.yml the working directory holds.
            self.assertEqual(self.cli(folder, cwd=tmp)["summary"]["exit_code"], 0)
            self.assertEqual(sentinel.scan(folder)["summary"]["exit_code"], 1)
            with self.assertRaises(TypeError):
                sentinel.scan(folder, policy=42)

    def test_a_hugging_face_snapshot(self):
        # Written as bytes and linked as huggingface_hub links them; never loaded.
        unsafe = (REPO / "examples/unsafe_model.pkl").read_bytes()
        with tempfile.TemporaryDirectory() as tmp:
            repo = pathlib.Path(tmp) / "models--acme--tiny"
            commit = "0123456789abcdef0123456789abcdef01234567"
            (repo / "blobs").mkdir(parents=True)
            (repo / "blobs" / "aaaa").write_bytes(unsafe)
            (repo / "refs").mkdir()
            (repo / "refs" / "main").write_text(commit)
            snapshot = repo / "snapshots" / commit
            snapshot.mkdir(parents=True)
            (snapshot / "pytorch_model.bin").symlink_to("../../blobs/aaaa")
            report = sentinel.scan(snapshot)
            self.assertEqual(report, self.cli("--no-policy", str(snapshot)))
            self.assertEqual(report["summary"]["exit_code"], 1)
            self.assertEqual(report["revisions"][0]["origin"], "hf:acme/tiny@" + commit)
            self.assertEqual(report["revisions"][0]["refs"], ["main"])
            self.assertEqual(report["revisions"][0]["verdict"], "fail")


if __name__ == "__main__":
    unittest.main()
