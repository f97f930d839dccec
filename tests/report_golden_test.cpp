// Golden tests for the text, JSON and SARIF reports on the bundled examples,
// without and with a policy. Run
// with SENTINEL_UPDATE_GOLDEN=1 to rewrite tests/golden/ after a reviewed change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "policy/policy.hpp"
#include "report/reporters.hpp"
#include "rules/catalogue.hpp"
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
  report::write_json(out, report_, summary_, {"sentinel", "golden", {}});
  test::check_golden("examples.json", out.str());
}

TEST_F(ReportGolden, ExitStatusFailsOnTheUnsafeExample) { EXPECT_EQ(report::exit_status(summary_), 1); }

// The same scan under tests/golden/policy.yml: one finding accepted (with its
// entry), the other a ticket for the owner the policy names, nothing failing.
TEST_F(ReportGolden, WithAPolicyApplied) {
  // Relative (the working directory is the source tree): the report names the policy file as given.
  const auto policy = policy::load_policy("tests/golden/policy.yml");
  ASSERT_TRUE(policy) << policy.error().message;
  policy::apply_policy(*policy, report_, "2026-11-22");
  report::decide(report_, {[&](const Finding& f) { return policy::fails(*policy, f); },
                           [&](const Finding& f) { return policy::is_ticket(*policy, f); }});
  const auto summary = report::summarize(report_);
  EXPECT_EQ(summary.accepted, 1U);
  EXPECT_EQ(summary.tickets, 1U);
  EXPECT_EQ(report::exit_status(summary), 0);
  std::ostringstream text, json, sarif;
  report::write_text(text, report_, summary, {});
  report::write_json(json, report_, summary, {"sentinel", "golden", {}});
  report::write_sarif(sarif, report_, summary, {"sentinel", "golden", rules::rule_documentation});
  test::check_golden("policy.txt", text.str());
  test::check_golden("policy.json", json.str());
  test::check_golden("policy.sarif", sarif.str());
}

}  // namespace
}  // namespace sentinel
