// Baselines: findings an earlier JSON report already had are left out, matched
// by fingerprint (not by position), and the gate fails only on new ones.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/baseline.hpp"
#include "report/reporters.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

const char* kEvil = "PROTO 2\nGLOBAL \"os\" \"system\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP";
const char* kOther = "PROTO 2\nGLOBAL \"subprocess\" \"call\"\nSHORT_BINUNICODE \"id\"\nTUPLE1\nREDUCE\nSTOP";

class Baseline : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sentinel-baseline-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) { std::ofstream(dir_ / name, std::ios::binary) << bytes; }
  ScanReport scan() {
    auto r = scan_artifacts({dir_.string()}, ScanOptions{});
    report::decide(r, report::default_gate());
    return r;
  }
  std::string save(const ScanReport& r) {
    const auto path = (dir_ / "baseline.json").string();
    std::ofstream out(path, std::ios::binary);
    report::write_json(out, r, report::summarize(r), {"sentinel", "test", {}});
    return path;
  }
  fs::path dir_;
};

TEST_F(Baseline, KnownFindingsAreLeftOutAndNewOnesFail) {
  write("a.pkl", test::pasm(kEvil));
  const std::string path = save(scan());
  // The same finding, moved 3 bytes later (a re-export), and a new file.
  write("a.pkl", test::pasm(std::string("PROTO 2\nNONE\nPOP\nNONE\nPOP\nNONE\nPOP\n") + (kEvil + 8)));
  write("b.pkl", test::pasm(kOther));
  auto report = scan();
  const auto known = policy::load_baseline(path);
  ASSERT_TRUE(known) << known.error().message;
  policy::apply_baseline(*known, report);
  report::decide(report, report::default_gate());
  const auto summary = report::summarize(report);
  EXPECT_EQ(report.baseline_matched, 1U);
  EXPECT_EQ(summary.failing, 1U);
  for (const auto& f : report.files) {
    for (const auto& x : f.findings) EXPECT_NE(x.evidence.find("subprocess"), std::string::npos) << x.evidence;
  }
  EXPECT_EQ(report::exit_status(summary), 1);
}

TEST_F(Baseline, EverythingKnownPasses) {
  write("a.pkl", test::pasm(kEvil));
  const auto first = scan();
  const std::string path = save(first);
  auto again = scan();
  policy::apply_baseline(*policy::load_baseline(path), again);
  report::decide(again, report::default_gate());
  EXPECT_EQ(report::exit_status(report::summarize(again)), 0);
}

TEST_F(Baseline, ABadBaselineIsAnError) {
  write("junk.json", "{\"not\": \"a report\"}");
  EXPECT_FALSE(policy::load_baseline((dir_ / "junk.json").string()));
  EXPECT_FALSE(policy::load_baseline((dir_ / "missing.json").string()));
  write("old.json", "{\"files\": [{\"findings\": [{\"rule_id\": \"PICKLE-EXEC\"}]}]}");
  EXPECT_FALSE(policy::load_baseline((dir_ / "old.json").string()));
}

}  // namespace
}  // namespace sentinel
