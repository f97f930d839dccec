// Golden tests for the text and JSON reports on the bundled examples. Run
// with SENTINEL_UPDATE_GOLDEN=1 to rewrite tests/golden/ after a reviewed change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "report/reporters.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

class ReportGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = fs::current_path();
    fs::current_path(test::source_dir());
    report_ = scan_artifacts({"examples"}, ScanOptions{});
    report::decide(report_, report::default_gate());
    summary_ = report::summarize(report_);
  }
  void TearDown() override { fs::current_path(previous_); }
  fs::path previous_;
  ScanReport report_;
  report::Summary summary_;
};

TEST_F(ReportGolden, Text) {
  std::ostringstream out;
  report::write_text(out, report_, summary_, {});
  test::check_golden("examples.txt", out.str());
}

TEST_F(ReportGolden, Json) {
  std::ostringstream out;
  report::write_json(out, report_, summary_, {"sentinel", "golden"});
  test::check_golden("examples.json", out.str());
}

TEST_F(ReportGolden, ExitStatusFailsOnTheUnsafeExample) { EXPECT_EQ(report::exit_status(summary_), 1); }

}  // namespace
}  // namespace sentinel
