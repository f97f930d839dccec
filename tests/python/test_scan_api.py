"""sentinel.scan_file / scan_bytes: the scanner inside a Python pipeline,
findings as Python objects with the fields of the JSON report."""

import io
import pathlib
import tempfile
import unittest
import zipfile

import sentinel
from support import payload_bytes

REPO = pathlib.Path(__file__).resolve().parents[2]


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


if __name__ == "__main__":
    unittest.main()
