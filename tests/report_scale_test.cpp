// Reports that stay readable at any scale (issue 14): identical nested
// entries are scanned and reported once with their other places, the listing
// is capped per rule and per file with the cut counted, and SARIF stays within
// GitHub code scanning's upload limits.
#include <archive.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "archive_writer.hpp"
#include "report/caps.hpp"
#include "report/reporters.hpp"
#include "rules/catalogue.hpp"
#include "sentinel/scan.hpp"

namespace sentinel {
namespace {

using nlohmann::json;

constexpr char kPayload[] = "cposix\nsystem\n(S'echo pwned'\ntR.";

// A zip holding `inner` under 4 names, `levels` times over: 4^levels paths to
// the payload in a few kilobytes.
std::string nested_zips(unsigned levels) {
  std::string data = kPayload;
  for (unsigned level = 0; level < levels; ++level) {
    std::vector<test::ArchiveEntry> entries;
    for (int i = 0; i < 4; ++i) {
      entries.emplace_back("l" + std::to_string(level) + "_" + std::to_string(i) + (level == 0 ? ".pkl" : ".zip"), data);
    }
    data = test::write_archive(ARCHIVE_FORMAT_ZIP, entries);
  }
  return data;
}

std::uint64_t places(const Finding& f) { return 1 + f.also_at.size() + f.also_at_more; }

struct Rendered {
  int exit_code;
  std::string json;
  std::string sarif;
};

Rendered render(ScanReport report) {
  report::decide(report, report::default_gate());
  const report::Summary summary = report::summarize(report);
  const report::ToolInfo tool{"sentinel", "test", rules::rule_documentation};
  std::ostringstream j;
  std::ostringstream s;
  report::write_json(j, report, summary, tool);
  report::write_sarif(s, report, summary, tool);
  return {report::exit_status(summary), j.str(), s.str()};
}

TEST(NestedIdenticalEntries, AreScannedOnceAndReportedOnceWithTheirPlaces) {
  ScanOptions options;
  options.limits.max_archive_depth = 16;  // the payload sits 12 containers deep
  const FileReport r = scan_buffer(nested_zips(12), "nested.zip", options);
  ASSERT_EQ(r.findings.size(), 1U) << r.findings.size();
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.rule_id, "PICKLE-EXEC");
  EXPECT_EQ(places(f), std::uint64_t{1} << 24);  // 4^12
  ASSERT_EQ(f.also_at.size(), Finding::kMaxAlsoAt);
  // The places are the same finding under other names, at the same offset.
  EXPECT_EQ(f.location.chain.back(), "l0_0.pkl");
  EXPECT_EQ(f.also_at[0].chain.back(), "l0_1.pkl");
  EXPECT_EQ(f.also_at[0].chain.size(), 12U);
  EXPECT_EQ(f.also_at[0].offset, f.location.offset);
  EXPECT_EQ(f.also_at[3].chain[10], "l1_1.zip");
  // Walking the 4^12 paths would have listed more than archive_entries.
  EXPECT_EQ(r.omitted.size(), 0U);
  const Rendered out = render(ScanReport{{r}});
  EXPECT_EQ(out.exit_code, 1);
  const json doc = json::parse(out.json);
  EXPECT_EQ(doc["files"][0]["findings"][0]["also_at"].size(), Finding::kMaxAlsoAt);
  EXPECT_EQ(doc["files"][0]["findings"][0]["also_at_more"], (std::uint64_t{1} << 24) - 1 - Finding::kMaxAlsoAt);
  const json sarif = json::parse(out.sarif);
  const json& result = sarif["runs"][0]["results"][0];
  EXPECT_EQ(result["relatedLocations"].size(), Finding::kMaxAlsoAt);
  EXPECT_LT(out.sarif.size(), 64U * 1024);
}

// With the default archive_depth the payload is out of reach: the verdict is
// the limit reached, once, with every place it was reached at counted.
TEST(NestedIdenticalEntries, DefaultDepthLimitIsReportedOnce) {
  const FileReport r = scan_buffer(nested_zips(12), "nested.zip", ScanOptions{});
  ASSERT_EQ(r.findings.size(), 1U);
  EXPECT_EQ(r.findings[0].rule_id, "PICKLE-STRUCT");
  EXPECT_NE(r.findings[0].evidence.find("archive_depth"), std::string::npos);
  EXPECT_EQ(places(r.findings[0]), std::uint64_t{1} << 18);  // 4^9 entries one level too deep
  EXPECT_EQ(render(ScanReport{{r}}).exit_code, 1);
}

// Only identical bytes are merged, and only when read the same way.
TEST(NestedIdenticalEntries, DifferentBytesStaySeparateFindings) {
  const std::string other = "cposix\nsystem\n(S'echo other'\ntR.";
  const std::string zip = test::write_archive(
      ARCHIVE_FORMAT_ZIP, {{"a.pkl", kPayload}, {"b.pkl", other}, {"c.pkl", kPayload}});
  const FileReport r = scan_buffer(zip, "two.zip", ScanOptions{});
  ASSERT_EQ(r.findings.size(), 2U);
  EXPECT_EQ(r.findings[0].location.chain, std::vector<std::string>{"a.pkl"});
  ASSERT_EQ(r.findings[0].also_at.size(), 1U);
  EXPECT_EQ(r.findings[0].also_at[0].chain, std::vector<std::string>{"c.pkl"});
  EXPECT_TRUE(r.findings[1].also_at.empty());
  // The fingerprint is the first place's, as without repeats.
  FileReport alone = scan_buffer(test::write_archive(ARCHIVE_FORMAT_ZIP, {{"a.pkl", kPayload}}), "two.zip", ScanOptions{});
  EXPECT_EQ(r.findings[0].fingerprint, alone.findings.at(0).fingerprint);
}

Finding finding(const char* rule_id, std::uint64_t offset) {
  Finding f = rules::make_finding(*rules::find_rule(rule_id), {"many.pkl", {}, offset, 0, {}, {}, {}},
                                  "evidence " + std::to_string(offset), "many.pkl");
  f.fingerprint = fingerprint(f);
  return f;
}

// 100 imports, then 5 structural findings, then one PICKLE-EXEC last.
FileReport many_findings() {
  FileReport file{"many.pkl", "pickle", FileStatus::Findings, {}, 1, {}};
  for (std::uint64_t i = 0; i < 100; ++i) file.findings.push_back(finding("PICKLE-GLOBAL-IMPORT", i));
  for (std::uint64_t i = 100; i < 105; ++i) file.findings.push_back(finding("PICKLE-STRUCT", i));
  file.findings.push_back(finding("PICKLE-EXEC", 200));
  return file;
}

TEST(ListingCaps, PerRuleKeepsTheFirstAndCountsTheRest) {
  ScanReport report{{many_findings()}};
  EXPECT_EQ(report::cap_findings(report, 10, 1000), 90U);
  const FileReport& file = report.files[0];
  ASSERT_EQ(file.findings.size(), 16U);
  EXPECT_EQ(file.findings[9].location.offset, 9U);  // listing order kept
  EXPECT_EQ(file.findings.back().rule_id, "PICKLE-EXEC");
  EXPECT_EQ(file.omitted, (std::map<std::string, std::uint64_t>{{"PICKLE-GLOBAL-IMPORT", 90}}));
}

TEST(ListingCaps, PerFileKeepsTheMostSevereFirst) {
  ScanReport report{{many_findings()}};
  EXPECT_EQ(report::cap_findings(report, 1000, 3), 103U);
  const FileReport& file = report.files[0];
  ASSERT_EQ(file.findings.size(), 3U);
  EXPECT_EQ(file.findings[0].location.offset, 0U);
  EXPECT_EQ(file.findings[1].location.offset, 1U);
  EXPECT_EQ(file.findings[2].rule_id, "PICKLE-EXEC");
  EXPECT_EQ(file.omitted.at("PICKLE-GLOBAL-IMPORT"), 98U);
  EXPECT_EQ(file.omitted.at("PICKLE-STRUCT"), 5U);
}

// At equal severity a finding that fails the gate is listed before one the
// policy accepted.
TEST(ListingCaps, FailingBeforeAcceptedAtEqualSeverity) {
  FileReport file{"two.pkl", "pickle", FileStatus::Findings, {}, 1, {}};
  file.findings = {finding("PICKLE-GLOBAL-IMPORT", 1), finding("PICKLE-GLOBAL-IMPORT", 2)};
  file.findings[0].verdict = Verdict::Accepted;
  file.findings[1].verdict = Verdict::Fail;
  ScanReport report{{file}};
  report::cap_findings(report, 1, 1000);
  ASSERT_EQ(report.files[0].findings.size(), 1U);
  EXPECT_EQ(report.files[0].findings[0].location.offset, 2U);
}

TEST(ListingCaps, CutCountsReachEveryFormat) {
  ScanReport report{{many_findings()}};
  report::decide(report, report::default_gate());
  report::Summary summary = report::summarize(report);
  summary.omitted += report::cap_findings(report, 10, 1000);
  const report::ToolInfo tool{"sentinel", "test", rules::rule_documentation};
  std::ostringstream text;
  std::ostringstream j;
  std::ostringstream s;
  report::write_text(text, report, summary, {});
  report::write_json(j, report, summary, tool);
  report::write_sarif(s, report, summary, tool);
  EXPECT_NE(text.str().find("many.pkl: 90 more PICKLE-GLOBAL-IMPORT finding(s) not listed"), std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("not listed: 90 finding(s)"), std::string::npos);
  const json doc = json::parse(j.str());
  EXPECT_EQ(doc["summary"]["omitted"], 90);
  EXPECT_EQ(doc["summary"]["findings"], 106);  // the verdict counted every finding
  EXPECT_EQ(doc["files"][0]["omitted"]["PICKLE-GLOBAL-IMPORT"], 90);
  const json sarif = json::parse(s.str());
  EXPECT_EQ(sarif["runs"][0]["properties"]["omitted_findings"], 90);
  const auto& notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_NE(notes[0]["message"]["text"].get<std::string>().find("90 more PICKLE-GLOBAL-IMPORT"), std::string::npos);
}

// GitHub code scanning rejects more than 25,000 results per run and files
// over 10 MB: the log keeps the most severe within both and says what it left out.
TEST(SarifUploadLimits, ResultsAndSizeStayWithinGitHubLimits) {
  FileReport file{"huge.pkl", "pickle", FileStatus::Findings, {}, 1, {}};
  for (std::uint64_t i = 0; i < 30000; ++i) file.findings.push_back(finding("PICKLE-GLOBAL-IMPORT", i));
  file.findings.push_back(finding("PICKLE-EXEC", 99999));
  const Rendered out = render(ScanReport{{file}});
  EXPECT_LE(out.sarif.size(), 10'000'000U);
  const json doc = json::parse(out.sarif);
  const json& run = doc["runs"][0];
  const std::size_t results = run["results"].size();
  EXPECT_LE(results, 25000U);
  EXPECT_GT(results, 5000U);  // at least what code scanning displays
  EXPECT_EQ(run["results"].back()["ruleId"], "PICKLE-EXEC");
  EXPECT_EQ(run["properties"]["omitted_results"], 30001 - results);
  const auto& notes = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_NE(notes[0]["message"]["text"].get<std::string>().find("left out"), std::string::npos);
  EXPECT_EQ(out.exit_code, 1);
}

}  // namespace
}  // namespace sentinel
