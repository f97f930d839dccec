// Containers end to end: the artifacts in tests/fixtures/containers (made by
// scripts/gen_container_fixtures.py from the real libraries, with malicious
// variants built as bytes) scanned as the CLI scans them, each against its
// MANIFEST line; then limits, nesting and links built in the test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "input/zip_reader.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  std::string path;
  std::string kind;  // clean, finding, error
  std::string rule;
  std::string text;
  int line = 0;
};

std::vector<Expectation> manifest() {
  std::vector<Expectation> out;
  std::istringstream in(test::read_file(test::source_dir() / "tests/fixtures/containers/MANIFEST"));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    Expectation e;
    e.line = number;
    if (!(fields >> e.path >> e.kind)) continue;
    if (e.kind == "finding") fields >> e.rule;
    std::getline(fields >> std::ws, e.text);
    out.push_back(e);
  }
  return out;
}

// Every file under the path, as `sentinel artifact` reports them.
ScanReport scan_fixture(const std::string& path) {
  ScanOptions options;
  options.jobs = 1;
  return scan_artifacts({(test::source_dir() / "tests/fixtures/containers" / path).string()}, options);
}

std::string describe(const ScanReport& report) {
  std::string out;
  for (const auto& f : report.files) {
    out += f.path + " [" + f.format + ", " + file_status_name(f.status) + "] " + f.error + "\n";
    for (const auto& x : f.findings) out += "  " + x.rule_id + " " + x.location.display() + ": " + x.evidence + "\n";
  }
  return out;
}

class ContainerFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(ContainerFixture, MatchesManifest) {
  const auto all = manifest();
  std::vector<Expectation> mine;
  for (const auto& e : all) {
    if (e.path == GetParam()) mine.push_back(e);
  }
  ASSERT_FALSE(mine.empty());
  const ScanReport report = scan_fixture(GetParam());
  ASSERT_FALSE(report.files.empty());
  for (const auto& e : mine) {
    SCOPED_TRACE("MANIFEST line " + std::to_string(e.line));
    if (e.kind == "clean") {
      for (const auto& f : report.files) {
        EXPECT_NE(f.status, FileStatus::Error) << describe(report);
        for (const auto& x : f.findings) {
          EXPECT_TRUE(x.severity != Severity::Critical && x.severity != Severity::High) << describe(report);
        }
      }
    } else if (e.kind == "finding") {
      bool found = false;
      for (const auto& f : report.files) {
        for (const auto& x : f.findings) found = found || (x.rule_id == e.rule && x.location.display().find(e.text) != std::string::npos);
      }
      EXPECT_TRUE(found) << "expected " << e.rule << " at " << e.text << "\n" << describe(report);
    } else if (e.kind == "error") {
      bool found = false;
      for (const auto& f : report.files) found = found || (f.status == FileStatus::Error && f.error.find(e.text) != std::string::npos);
      EXPECT_TRUE(found) << "expected an error with " << e.text << "\n" << describe(report);
    } else {
      ADD_FAILURE() << "unknown expectation " << e.kind;
    }
  }
}

std::vector<std::string> manifest_paths() {
  std::vector<std::string> out;
  for (const auto& e : manifest()) {
    if (std::find(out.begin(), out.end(), e.path) == out.end()) out.push_back(e.path);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Manifest, ContainerFixture, ::testing::ValuesIn(manifest_paths()), test::ParamName{});

TEST(ContainerFixtures, EveryFileIsInTheManifest) {
  const auto paths = manifest_paths();
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "tests/fixtures/containers")) {
    const std::string name = entry.path().filename().string();
    if (name == "MANIFEST") continue;
    EXPECT_NE(std::find(paths.begin(), paths.end(), name), paths.end()) << name << " has no MANIFEST line";
  }
}

std::string fixture(const std::string& name) {
  return test::read_file(test::source_dir() / "tests/fixtures/containers" / name);
}

const std::string kPayload = "PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP";

bool has(const FileReport& r, const std::string& rule, const std::string& evidence) {
  return test::has_rule(r.findings, rule, evidence);
}

TEST(ContainerLimits, EachLimitIsConfigurableAndReportedWithItsNumbers) {
  ScanOptions options;
  options.limits.max_archive_depth = 1;
  auto r = scan_buffer(fixture("nested_zip3.zip"), "nested_zip3.zip", options);
  EXPECT_TRUE(has(r, "PICKLE-STRUCT", "archive_depth=1")) << test::describe(r.findings);
  EXPECT_FALSE(test::has_rule(r.findings, "PICKLE-EXEC"));

  options = {};
  options.limits.max_archive_entries = 2;
  r = scan_buffer(fixture("torch_state_dict.pt"), "torch_state_dict.pt", options);
  EXPECT_TRUE(has(r, "PICKLE-STRUCT", "archive_entries=2")) << test::describe(r.findings);

  options = {};
  options.limits.max_entry_size = 1000;
  r = scan_buffer(fixture("joblib_sklearn_zlib.joblib"), "j.joblib", options);
  EXPECT_TRUE(has(r, "PICKLE-STRUCT", "entry_size=1000")) << test::describe(r.findings);

  options = {};
  options.limits.max_expanded_size = 100;
  r = scan_buffer(fixture("npz_compressed.npz"), "x.npz", options);
  EXPECT_TRUE(has(r, "PICKLE-STRUCT", "expanded_size=100")) << test::describe(r.findings);

  // The ratio limit holds back a bomb but still scans what was decoded.
  options = {};
  r = scan_buffer(fixture("bomb_zeros_200m.zst"), "bomb.zst", options);
  EXPECT_TRUE(has(r, "PICKLE-STRUCT", "expansion_ratio=200")) << test::describe(r.findings);
}

TEST(ContainerLimits, LimitsParseFromTheCommandLineNames) {
  Limits limits;
  for (const char* name : {"archive_depth", "archive_entries", "entry_size", "expanded_size", "expansion_ratio"}) {
    EXPECT_FALSE(limits.set(std::string(name) + "=7")) << name;
  }
  EXPECT_EQ(limits.max_archive_depth, 7U);
  EXPECT_EQ(limits.max_expansion_ratio, 7U);
}

// A payload written over the start of a storage record that data.pkl
// references: torch never unpickles it, torch.load(pickle_file=...) would.
TEST(TorchZip, PayloadInAReferencedStorageRecordIsFound) {
  std::string bytes = fixture("torch_state_dict.pt");
  const std::string payload = test::pasm(kPayload);
  const auto listing = input::read_zip(bytes, 1000);
  const input::ZipEntry* record = nullptr;
  for (const auto& e : listing.entries) {
    if (e.name.ends_with("/data/0")) record = &e;
  }
  ASSERT_NE(record, nullptr);
  ASSERT_GE(record->compressed_size, payload.size());
  bytes.replace(record->data_offset, payload.size(), payload);
  const auto r = scan_buffer(bytes, "m.pt", ScanOptions{});
  EXPECT_TRUE(test::has_rule(r.findings, "PICKLE-EXEC", "system")) << test::describe(r.findings);
  EXPECT_EQ(r.findings.front().location.display().substr(0, 5), "m.pt!");
}

// Tensor bytes that happen to start with an extension-code opcode and go on
// with bytes no unpickler reads are not a polyglot (torch.save(nn.Transformer())
// wrote such a record: EXT2 863, then 0xbd).
TEST(TorchZip, StorageRecordStartingLikeAnExtensionCodeIsData) {
  std::string bytes = fixture("torch_state_dict.pt");
  const auto listing = input::read_zip(bytes, 1000);
  const input::ZipEntry* record = nullptr;
  for (const auto& e : listing.entries) {
    if (e.name.ends_with("/data/0")) record = &e;
  }
  ASSERT_NE(record, nullptr);
  ASSERT_EQ(record->method, 0);
  const std::string head("\x83\x5f\x03\xbd\x11\x22\x33\x44", 8);
  ASSERT_GE(record->compressed_size, head.size());
  bytes.replace(record->data_offset, head.size(), head);
  const auto r = scan_buffer(bytes, "m.pt", ScanOptions{});
  for (const auto& f : r.findings) EXPECT_EQ(f.evidence.find("extension-code"), std::string::npos) << f.evidence;
  for (const auto& f : r.findings) EXPECT_EQ(f.evidence.find("unknown-opcode"), std::string::npos) << f.evidence;
}

TEST(TorchZip, StorageIdsAreCheckedAgainstTheRecords) {
  std::string bytes = fixture("torch_state_dict.pt");
  const auto listing = input::read_zip(bytes, 1000);
  // Rename data/0 in the central directory: data.pkl now loads a record that is not there.
  const auto cd = bytes.rfind("/data/0");
  ASSERT_NE(cd, std::string::npos);
  bytes[cd + 6] = '9';
  const auto r = scan_buffer(bytes, "m.pt", ScanOptions{});
  EXPECT_TRUE(test::has_rule(r.findings, "PICKLE-STRUCT", "torch-storage-missing")) << test::describe(r.findings);
  EXPECT_FALSE(test::has_rule(r.findings, "PICKLE-EXEC"));
}

TEST(Joblib, AWrapperWhoseArrayExtentIsUnknownIsReported) {
  // NumpyArrayWrapper BUILT with a dtype that is not a pickled numpy.dtype.
  const std::string bytes = test::pasm(
      "PROTO 4\nGLOBAL \"joblib.numpy_pickle\" \"NumpyArrayWrapper\"\nEMPTY_TUPLE\nNEWOBJ\nEMPTY_DICT\n"
      "SHORT_BINUNICODE \"dtype\"\nSHORT_BINUNICODE \"f8\"\nSETITEM\nBUILD\nSTOP");
  const auto r = scan_buffer(bytes, "m.joblib", ScanOptions{});
  EXPECT_TRUE(test::has_rule(r.findings, "PICKLE-STRUCT", "inline-data")) << test::describe(r.findings);
}

// joblib.load steps over an array's bytes; plain pickle.load runs them. A
// payload placed there is reported as what plain pickle.load would run.
TEST(Joblib, ArrayBytesThatArePicklesAreReadAsPlainPickleLoadWould) {
  const std::string payload = test::pasm(kPayload);
  const std::string wrapper = test::pasm(
      "PROTO 4\nGLOBAL \"joblib.numpy_pickle\" \"NumpyArrayWrapper\"\nEMPTY_TUPLE\nNEWOBJ\nEMPTY_DICT\n"
      "SHORT_BINUNICODE \"dtype\"\nGLOBAL \"numpy\" \"dtype\"\nSHORT_BINUNICODE \"u1\"\nNEWFALSE\nNEWTRUE\nTUPLE3\n"
      "REDUCE\nMARK\nBININT1 3\nSHORT_BINUNICODE \"|\"\nNONE\nNONE\nNONE\nBININT -1\nBININT -1\nBININT1 0\nTUPLE\n"
      "BUILD\nSETITEM\nSHORT_BINUNICODE \"shape\"\nBININT1 " + std::to_string(payload.size()) + "\nTUPLE1\nSETITEM\nBUILD");
  const std::string file = wrapper + payload + test::pasm("POP\nNONE\nSTOP");
  const auto r = scan_buffer(file, "m.joblib", ScanOptions{});
  EXPECT_TRUE(test::has_rule(r.findings, "PICKLE-EXEC", "as plain pickle.load reads")) << test::describe(r.findings);
  // As joblib reads it, the file is a well-formed array of bytes.
  EXPECT_FALSE(test::has_rule(r.findings, "PICKLE-STRUCT")) << test::describe(r.findings);
}

}  // namespace
}  // namespace sentinel
