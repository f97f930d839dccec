// Containers end to end: the artifacts in tests/fixtures/containers (made by
// scripts/gen_container_fixtures.py from the real libraries, with malicious
// variants built as bytes) scanned as the CLI scans them, each against its
// MANIFEST line; then limits, nesting and links built in the test.
#include <gtest/gtest.h>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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

}  // namespace
}  // namespace sentinel
