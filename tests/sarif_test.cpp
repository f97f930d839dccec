// SARIF report: golden output for the bundled examples, validation against the
// official SARIF 2.1.0 schema, and the fields code scanning relies on
// (fingerprints, levels, security-severity, suppressions, rule indexes).
// SENTINEL_UPDATE_GOLDEN=1 rewrites tests/golden/examples.sarif.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include "report/reporters.hpp"
#include "rules/catalogue.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Same contract as report_golden_test.cpp's helper.
std::string sarif(ScanReport report) {
  report::decide(report, report::default_gate());
  std::ostringstream out;
  report::write_sarif(out, report, report::summarize(report), {"sentinel", "golden", rules::rule_documentation});
  return out.str();
}

ScanReport scan_examples() {
  const fs::path previous = fs::current_path();
  fs::current_path(test::source_dir());
  ScanReport report = scan_artifacts({"examples"}, ScanOptions{});
  fs::current_path(previous);
  return report;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// Runs scripts/validate_sarif.py on `text`; returns its exit status and puts
// its messages in `messages`. The official schema is committed in
// tests/schemas; without it the validation fails rather than passing vacuously.
int validate(const std::string& text, std::string& messages) {
  const fs::path schema = test::source_dir() / "tests/schemas/sarif-schema-2.1.0.json";
  EXPECT_TRUE(fs::exists(schema)) << "missing SARIF schema " << schema;
  const fs::path file = fs::temp_directory_path() / ("sentinel-sarif-" + std::to_string(::getpid()) + ".sarif");
  std::ofstream(file, std::ios::binary) << text;
  int status = -1;
  messages = test::run_command("/usr/bin/python3 " + quoted(test::source_dir() / "scripts/validate_sarif.py") + " " +
                                   quoted(schema) + " " + quoted(file) + " 2>&1",
                               status);
  fs::remove(file);
  return status;
}

Finding finding(const char* rule_id, Location location, std::string evidence) {
  const auto* rule = rules::find_rule(rule_id);
  EXPECT_NE(rule, nullptr) << rule_id;
  const std::string path = location.path;
  Finding f = rules::make_finding(*rule, std::move(location), std::move(evidence), path);
  f.opcode = "STACK_GLOBAL";
  f.fingerprint = fingerprint(f);
  return f;
}

// One report with every shape the SARIF writer handles: offsets in the file and
// inside containers, no offset, accepted, expired, a Hugging Face origin, bytes
// that are not UTF-8, a path that needs percent-encoding and a file error.
ScanReport everything() {
  FileReport plain{"models/a b:c.pkl", "pickle", FileStatus::Findings, {}, 100, {}};
  Finding exec = finding("PICKLE-EXEC", {"models/a b:c.pkl", {}, 12, 0, "hf:acme/tiny@abc", {}, {}}, "imports os.system \xff");
  exec.module = "os";
  exec.name = "system";
  Finding accepted = finding("PICKLE-GLOBAL-IMPORT", {"models/a b:c.pkl", {}, 40, 0, {}, {}, {}}, "imports acme.Model");
  accepted.acceptance = Acceptance{1, "our own model class", "security@acme", "2999-01-01", false};
  Finding expired = finding("PICKLE-GLOBAL-IMPORT", {"models/a b:c.pkl", {}, 60, 0, {}, {}, {}}, "imports acme.Old");
  expired.acceptance = Acceptance{2, "migration", "ml-platform", "2000-01-01", true};
  plain.findings = {exec, accepted, expired};

  FileReport archive{"./export.tar.gz", "gzip", FileStatus::Findings, {}, 500, {}};
  archive.findings = {finding("PICKLE-EXEC", {"./export.tar.gz", {"project.zip", "model/data.pkl"}, 42, 0, {}, {}, {}}, "x"),
                      finding("PICKLE-STRUCT", {"./export.tar.gz", {"project.zip"}, std::nullopt, std::nullopt, {}, {}, {}},
                              "central directory overlaps an entry")};
  FileReport broken{"/abs/broken.zip", "zip", FileStatus::Error, "cannot read: permission denied", 0, {}};
  return ScanReport{{plain, archive, broken}};
}

const json& run_of(const json& doc) { return doc.at("runs").at(0); }

TEST(SarifGolden, Examples) { test::check_golden("examples.sarif", sarif(scan_examples())); }

TEST(SarifSchema, GoldenOutputValidates) {
  std::string messages;
  EXPECT_EQ(validate(sarif(scan_examples()), messages), 0) << messages;
}

// The golden made under tests/golden/policy.yml (report_golden_test.cpp):
// an accepted finding's suppression and a ticket.
TEST(SarifSchema, GoldenWithAPolicyValidates) {
  std::string messages;
  EXPECT_EQ(validate(test::read_file(test::source_dir() / "tests/golden/policy.sarif"), messages), 0) << messages;
}

// Source findings (`sentinel code`) carry line/column regions.
TEST(SarifSchema, SourceFindingsHaveRegionsAndValidate) {
  const std::string log = sarif(scan_code({(test::source_dir() / "tests/fixtures/code").string()}, ScanOptions{}));
  std::string messages;
  EXPECT_EQ(validate(log, messages), 0) << messages;
  const json doc = json::parse(log);
  ASSERT_FALSE(run_of(doc).at("results").empty());
  bool saw_cell = false;
  for (const auto& r : run_of(doc).at("results")) {
    const auto& location = r.at("locations").at(0);
    // A notebook cell's line is no line of the .ipynb file: the cell is a
    // logical location, and the file's line 1 the region code scanning needs.
    if (location.contains("logicalLocations")) {
      EXPECT_EQ(location.at("physicalLocation").at("region"), (json{{"startLine", 1}}));
      EXPECT_TRUE(location.at("logicalLocations").at(0).at("name").get<std::string>().starts_with("cell-"));
      saw_cell = true;
      continue;
    }
    const auto& region = location.at("physicalLocation").at("region");
    EXPECT_GE(region.at("startLine").get<int>(), 1);
    EXPECT_GE(region.at("startColumn").get<int>(), 1);
  }
  EXPECT_TRUE(saw_cell);
}

TEST(SarifSchema, EveryShapeValidates) {
  std::string messages;
  EXPECT_EQ(validate(sarif(everything()), messages), 0) << messages;
}

TEST(SarifSchema, ValidatorRejectsAnInvalidLog) {
  std::string messages;
  EXPECT_EQ(validate(R"({"version": "2.1.0", "runs": [{"results": []}]})", messages), 1) << messages;
  EXPECT_NE(messages.find("tool"), std::string::npos) << messages;
}

TEST(SarifResults, FingerprintsAreTheFindingsAndStableAcrossRuns) {
  const ScanReport report = scan_examples();
  const json first = json::parse(sarif(report));
  const json second = json::parse(sarif(scan_examples()));
  const json& results = run_of(first).at("results");
  std::vector<std::string> expected;
  for (const auto& file : report.files) {
    for (const auto& f : file.findings) expected.push_back(f.fingerprint);
  }
  ASSERT_EQ(results.size(), expected.size());
  ASSERT_FALSE(expected.empty());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].at("partialFingerprints").at("sentinelFingerprint/v1"), expected[i]);
    EXPECT_EQ(results[i].at("partialFingerprints"), run_of(second).at("results")[i].at("partialFingerprints"));
  }
}

TEST(SarifResults, LevelsAndSecuritySeverityFollowSeverity) {
  const json doc = json::parse(sarif(everything()));
  const std::map<std::string, std::pair<std::string, std::string>> by_rule = {
      {"PICKLE-EXEC", {"error", "9.5"}},
      {"PICKLE-GLOBAL-IMPORT", {"error", "8.0"}},
      {"PICKLE-STRUCT", {"error", "8.0"}}};
  for (const auto& rule : run_of(doc).at("tool").at("driver").at("rules")) {
    const auto& [lvl, score] = by_rule.at(rule.at("id").get<std::string>());
    EXPECT_EQ(rule.at("defaultConfiguration").at("level"), lvl);
    EXPECT_EQ(rule.at("properties").at("security-severity"), score);
  }
  for (const auto& r : run_of(doc).at("results")) {
    EXPECT_EQ(r.at("level"), by_rule.at(r.at("ruleId").get<std::string>()).first);
  }
}

TEST(SarifResults, SuppressedOnlyWhileTheAcceptanceHolds) {
  const json doc = json::parse(sarif(everything()));
  const json& results = run_of(doc).at("results");
  ASSERT_EQ(results.size(), 5U);
  EXPECT_FALSE(results[0].contains("suppressions"));
  const json& s = results[1].at("suppressions");
  ASSERT_EQ(s.size(), 1U);
  EXPECT_EQ(s[0].at("kind"), "external");
  EXPECT_EQ(s[0].at("status"), "accepted");
  EXPECT_EQ(s[0].at("justification"), "our own model class");
  EXPECT_EQ(s[0].at("properties").at("accepted_by"), "security@acme");
  EXPECT_EQ(s[0].at("properties").at("expires"), "2999-01-01");
  EXPECT_EQ(s[0].at("properties").at("policy_entry"), 1);
  EXPECT_FALSE(results[2].contains("suppressions"));
  EXPECT_EQ(results[2].at("properties").at("expired_acceptance").at("policy_entry"), 2);
  EXPECT_FALSE(results[0].at("properties").contains("expired_acceptance"));
}

// Help is the rule's documentation, the text `sentinel explain` prints.
TEST(SarifRules, HelpIsTheRuleDocumentation) {
  const json doc = json::parse(sarif(everything()));
  for (const auto& r : run_of(doc).at("tool").at("driver").at("rules")) {
    const std::string id = r.at("id");
    EXPECT_EQ(r.at("help").at("text").get<std::string>(), std::string(rules::rule_documentation(id))) << id;
    EXPECT_NE(r.at("help").at("markdown").get<std::string>().find("## Triage"), std::string::npos) << id;
  }
}

// Fingerprints mask offsets: the same payload twice in a file is one
// fingerprint, which code scanning would merge into one alert.
TEST(SarifResults, FingerprintsAreUniqueWithinARun) {
  FileReport file{"twice.pkl", "pickle", FileStatus::Findings, {}, 100, {}};
  const Finding first = finding("PICKLE-EXEC", {"twice.pkl", {}, 12, 0, {}, {}, {}}, "calls os.system('id')");
  const Finding second = finding("PICKLE-EXEC", {"twice.pkl", {}, 80, 0, {}, {}, {}}, "calls os.system('id')");
  const Finding third = finding("PICKLE-EXEC", {"twice.pkl", {}, 140, 0, {}, {}, {}}, "calls os.system('id')");
  ASSERT_EQ(first.fingerprint, second.fingerprint);
  file.findings = {first, second, third};
  const std::string log = sarif(ScanReport{{file}});
  std::string messages;
  EXPECT_EQ(validate(log, messages), 0) << messages;
  const json doc = json::parse(log);
  std::vector<std::string> prints;
  for (const auto& r : run_of(doc).at("results")) {
    prints.push_back(r.at("partialFingerprints").at("sentinelFingerprint/v1"));
  }
  EXPECT_EQ(prints, (std::vector<std::string>{first.fingerprint, first.fingerprint + ":2", first.fingerprint + ":3"}));
}

TEST(SarifRules, EachRuleOnceSortedWithConsistentIndexes) {
  const json doc = json::parse(sarif(everything()));
  const json& rules = run_of(doc).at("tool").at("driver").at("rules");
  std::vector<std::string> ids;
  for (const auto& r : rules) ids.push_back(r.at("id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"PICKLE-EXEC", "PICKLE-GLOBAL-IMPORT", "PICKLE-STRUCT"}));
  for (const auto& r : run_of(doc).at("results")) {
    EXPECT_EQ(rules.at(r.at("ruleIndex").get<std::size_t>()).at("id"), r.at("ruleId"));
  }
  const json& exec = rules[0];
  EXPECT_EQ(exec.at("name"), "DangerousPickleExecution");
  EXPECT_FALSE(exec.contains("helpUri")) << "a relative docs path is not a SARIF helpUri";
  const auto tags = exec.at("properties").at("tags").get<std::set<std::string>>();
  EXPECT_TRUE(tags.contains("security"));
  EXPECT_TRUE(tags.contains("external/cwe/cwe-502"));
  EXPECT_NE(exec.at("help").at("markdown").get<std::string>().find("docs/rules/PICKLE-EXEC.md"), std::string::npos);
}

TEST(SarifLocations, UrisChainsAndRegions) {
  const json doc = json::parse(sarif(everything()));
  const json& results = run_of(doc).at("results");
  const json& in_file = results[0].at("locations")[0];
  EXPECT_EQ(in_file.at("physicalLocation").at("artifactLocation"),
            (json{{"uri", "models/a%20b%3Ac.pkl"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(in_file.at("physicalLocation").at("region"), (json{{"startLine", 1}, {"byteOffset", 12}}));
  EXPECT_FALSE(in_file.contains("logicalLocations"));
  EXPECT_EQ(results[0].at("properties").at("origin"), "hf:acme/tiny@abc");
  EXPECT_EQ(results[0].at("message").at("text"), "Dangerous Pickle Execution: imports os.system \xEF\xBF\xBD");

  // An offset inside a container or a decompressed stream is not a byte
  // offset in the file, so it stays out of the region; a binary artifact has
  // no lines, and line 1 is where code scanning shows the alert.
  const json& nested = results[3].at("locations")[0];
  EXPECT_EQ(nested.at("physicalLocation").at("artifactLocation").at("uri"), "export.tar.gz");
  EXPECT_EQ(nested.at("physicalLocation").at("region"), (json{{"startLine", 1}}));
  EXPECT_EQ(nested.at("logicalLocations")[0].at("fullyQualifiedName"), "./export.tar.gz!project.zip!model/data.pkl");
  EXPECT_EQ(results[3].at("properties").at("offset"), 42);
  EXPECT_EQ(results[3].at("properties").at("chain"), json::array({"project.zip", "model/data.pkl"}));
  EXPECT_EQ(results[4].at("locations")[0].at("physicalLocation").at("region"), (json{{"startLine", 1}}));
  EXPECT_TRUE(results[4].at("properties").at("offset").is_null());
}

TEST(SarifInvocation, FileErrorsAreNotificationsAndFailTheExecution) {
  const json doc = json::parse(sarif(everything()));
  const json& invocation = run_of(doc).at("invocations")[0];
  EXPECT_EQ(invocation.at("executionSuccessful"), false);
  const json& notes = invocation.at("toolExecutionNotifications");
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].at("level"), "error");
  EXPECT_EQ(notes[0].at("message").at("text"), "/abs/broken.zip: cannot read: permission denied");
  EXPECT_EQ(notes[0].at("locations")[0].at("physicalLocation").at("artifactLocation").at("uri"),
            "file:///abs/broken.zip");

  const json clean = json::parse(sarif(scan_examples()));
  EXPECT_EQ(run_of(clean).at("invocations")[0].at("executionSuccessful"), true);
}

// A reached limit leaves part of a file unread: a notification, as well as its finding.
TEST(SarifInvocation, AReachedLimitIsANotification) {
  FileReport file{"big.pt", "torch-zip", FileStatus::Findings, {}, 100, {}};
  file.findings = {finding("PICKLE-STRUCT", {"big.pt", {"archive/data.pkl"}, std::nullopt, std::nullopt, {}, {}, {}},
                           "limit-reached: more than archive_entries=10 entries in this file")};
  const std::string log = sarif(ScanReport{{file}});
  std::string messages;
  EXPECT_EQ(validate(log, messages), 0) << messages;
  const json doc = json::parse(log);
  const json& notes = run_of(doc).at("invocations")[0].at("toolExecutionNotifications");
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].at("level"), "warning");
  EXPECT_EQ(notes[0].at("message").at("text"),
            "big.pt!archive/data.pkl: scan incomplete: limit-reached: more than archive_entries=10 entries in this file");
}

// A reader's own limit (the zip reader's) is as incomplete as the machine's;
// a finding that only mentions a limit is not.
TEST(SarifInvocation, AReadersOwnLimitIsANotificationToo) {
  FileReport file{"big.zip", "zip", FileStatus::Findings, {}, 100, {}};
  file.findings = {finding("PICKLE-STRUCT", {"big.zip", {}, std::nullopt, std::nullopt, {}, {}, {}},
                           "zip-limit-reached: more than 100000 entries"),
                   finding("PICKLE-STRUCT", {"big.zip", {"a.pkl"}, std::nullopt, std::nullopt, {}, {}, {}},
                           "zip-bad-crc: the limit-reached: text is only quoted here")};
  const json doc = json::parse(sarif(ScanReport{{file}}));
  const json& notes = run_of(doc).at("invocations")[0].at("toolExecutionNotifications");
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0].at("message").at("text"), "big.zip: scan incomplete: zip-limit-reached: more than 100000 entries");
}

}  // namespace
}  // namespace sentinel
