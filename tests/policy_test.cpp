// sentinel-policy.yml: the spec's example, every validation error with its
// exact position, discovery in parent folders, and application to reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <unistd.h>

#include "policy/policy.hpp"
#include "rules/catalogue.hpp"
#include "support.hpp"

namespace sentinel::policy {
namespace {

namespace fs = std::filesystem;

// The spec's example (../shared/spec/rules.md) with `sha256` given.
std::string spec_example(const std::string& sha256) {
  return "fail_on: [CRITICAL, HIGH]\n"
         "ticket_on: [MEDIUM]\n"
         "rules:\n"
         "  PICKLE-GLOBAL-IMPORT:\n"
         "    owner: \"ML platform team\"\n"
         "trusted_globals:\n"
         "  mycompany.models: [ResNetHead, Tokenizer]\n"
         "allow:\n"
         "  - rule: PICKLE-STRUCT\n"
         "    path: \"legacy/*.pt\"\n"
         "    sha256: " +
         sha256 +
         "\n"
         "    reason: \"re-export scheduled, artifact isolated\"\n"
         "    accepted_by: \"security@mycompany\"\n"
         "    expires: 2027-03-31\n";
}

Policy parsed(const std::string& text) {
  auto p = parse_policy(text, "p.yml");
  EXPECT_TRUE(p.has_value()) << p.error().message;
  return p ? *p : Policy{};
}

std::string error_of(const std::string& text) {
  auto p = parse_policy(text, "p.yml");
  return p ? std::string("(parsed)") : p.error().message;
}

Finding finding(std::string_view rule, const std::string& path, const std::string& module = {},
                const std::string& name = {}) {
  Finding f = rules::make_finding(*rules::find_rule(rule), [&] { Location l; l.path = path; return l; }(),
                                  "evidence", path);
  f.module = module;
  f.name = name;
  return f;
}

ScanReport report_of(std::vector<Finding> findings) {
  FileReport file;
  file.path = findings.empty() ? std::string("empty.pkl") : findings.front().location.path;
  file.status = FileStatus::Findings;
  file.findings = std::move(findings);
  ScanReport r;
  r.files.push_back(std::move(file));
  return r;
}

// A fresh folder per test under the GoogleTest temp dir.
fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("sentinel_policy_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

TEST(Policy, ParsesSpecExample) {
  const Policy p = parsed(spec_example("3F5A" + std::string(60, '0')));
  EXPECT_EQ(p.source, "p.yml");
  EXPECT_EQ(p.category, "PICKLE");
  EXPECT_EQ(p.fail_on, (std::set{Severity::Critical, Severity::High}));
  EXPECT_EQ(p.ticket_on, (std::set{Severity::Medium}));
  ASSERT_EQ(p.rules.size(), 1U);
  EXPECT_EQ(p.rules.at("PICKLE-GLOBAL-IMPORT").owner, "ML platform team");
  EXPECT_EQ(p.trusted_globals.at("mycompany.models"), (std::set<std::string>{"ResNetHead", "Tokenizer"}));
  ASSERT_EQ(p.allow.size(), 1U);
  const AllowEntry& e = p.allow[0];
  EXPECT_EQ(e.rule, "PICKLE-STRUCT");
  EXPECT_EQ(e.path, "legacy/*.pt");
  EXPECT_EQ(e.sha256, "3f5a" + std::string(60, '0')); // stored lower-case
  EXPECT_EQ(e.reason, "re-export scheduled, artifact isolated");
  EXPECT_EQ(e.accepted_by, "security@mycompany");
  EXPECT_EQ(e.expires, "2027-03-31");
  EXPECT_EQ(e.line, 9);
  EXPECT_FALSE(e.module.has_value());
}

// The reference's full example must stay a valid policy.
TEST(Policy, ParsesDocsExample) {
  const std::string doc = test::read_file(test::source_dir() / "docs/policy.md");
  const auto begin = doc.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto body = begin + 8;
  const Policy p = parsed(doc.substr(body, doc.find("```", body) - body));
  EXPECT_EQ(p.rules.size(), 3U);
  EXPECT_EQ(p.rules.at("PICKLE-SRC-UNPINNED").enabled, false);
  EXPECT_EQ(p.allow.size(), 2U);
}

TEST(Policy, SpecExampleElidedDigestIsAnError) {
  EXPECT_EQ(error_of(spec_example("3f5a...")),
            "p.yml:11:13: allow entry 1: sha256: expected 64 hexadecimal digits, got '3f5a...'");
}

TEST(Policy, EmptyOrCommentOnlyTextGivesDefaults) {
  for (const std::string text : {"", "# nothing yet\n"}) {
    const Policy p = parsed(text);
    EXPECT_EQ(p.fail_on, Policy{}.fail_on);
    EXPECT_EQ(p.ticket_on, Policy{}.ticket_on);
    EXPECT_TRUE(p.rules.empty() && p.allow.empty() && p.trusted_globals.empty());
  }
}

// yaml-cpp's LoadAll never returned on text starting with ',' (found by
// fuzzing), and Load reads such text as an empty document: both must be an
// error, never the defaults.
TEST(Policy, TextYamlCannotReadIsAnErrorNotTheDefaults) {
  EXPECT_EQ(error_of(",llow:\n  - rule: PICKLE-EXEC\n    expires: 2476-02-30\n"),
            "p.yml:1:1: not a YAML mapping of policy keys");
  EXPECT_EQ(error_of("# header\n,a\n"), "p.yml:2:1: not a YAML mapping of policy keys");
}

TEST(Policy, ContentAfterADocumentEndIsASecondDocument) {
  EXPECT_EQ(error_of("fail_on: [HIGH]\n...\nticket_on: [LOW]\n"),
            "p.yml:3:1: a policy file holds one YAML document");
  EXPECT_EQ(error_of("fail_on: [HIGH]\n--- \nticket_on: [LOW]\n"),
            "p.yml:2:1: a policy file holds one YAML document");
  EXPECT_TRUE(parse_policy("---\nfail_on: [HIGH]\n...\n# done\n", "policy.yml"));
}

TEST(Policy, SeverityNamesAreCaseInsensitive) {
  EXPECT_EQ(parsed("fail_on: [critical, High]\n").fail_on, (std::set{Severity::Critical, Severity::High}));
  EXPECT_TRUE(parsed("fail_on: []\n").fail_on.empty());
}

struct BadPolicy {
  std::string text;
  std::string error; // the whole message: one error, one line
};

class PolicyValidation : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(PolicyValidation, ReportsPositionAndProblem) { EXPECT_EQ(error_of(GetParam().text), GetParam().error); }

const std::string kTopKeys = "category, fail_on, ticket_on, retest, rules, trusted_globals, allow";
const std::string kAllowTail = "    reason: r\n    accepted_by: a\n";

INSTANTIATE_TEST_SUITE_P(
    Policy, PolicyValidation,
    ::testing::Values(
        BadPolicy{"fail_on: [HIGH]\nfial_on: [LOW]\n",
                  "p.yml:2:1: unknown key 'fial_on' in the policy (expected one of: " + kTopKeys + ")"},
        BadPolicy{"rules:\n  PICKLE-EXEC:\n    ownr: x\n",
                  "p.yml:3:5: unknown key 'ownr' in rules.PICKLE-EXEC (expected one of: owner, fail_on, retest, "
                  "enabled, severity)"},
        BadPolicy{"allow:\n  - rule: PICKLE-EXEC\n    why: r\n" + kAllowTail,
                  "p.yml:3:5: unknown key 'why' in allow entry 1 (expected one of: rule, module, name, path, sha256, "
                  "reason, accepted_by, expires)"},
        BadPolicy{"rules:\n  PICKLE-EVAL:\n    owner: x\n",
                  "p.yml:2:3: unknown rule ID 'PICKLE-EVAL' (known: PICKLE-EXEC, PICKLE-GLOBAL-IMPORT, "
                  "PICKLE-STRUCT, PICKLE-SRC-UNSAFE-LOAD, PICKLE-SRC-TAINTED-LOAD, PICKLE-SRC-UNPINNED)"},
        BadPolicy{"allow:\n  - rule: PICKLE-EVAL\n" + kAllowTail,
                  "p.yml:2:11: unknown rule ID 'PICKLE-EVAL' (known: PICKLE-EXEC, PICKLE-GLOBAL-IMPORT, "
                  "PICKLE-STRUCT, PICKLE-SRC-UNSAFE-LOAD, PICKLE-SRC-TAINTED-LOAD, PICKLE-SRC-UNPINNED)"},
        BadPolicy{"allow:\n  - rule: PICKLE-EXEC\n" + kAllowTail + "    expires: 2027-02-30\n",
                  "p.yml:5:14: allow entry 1: expires: expected a date YYYY-MM-DD, got '2027-02-30'"},
        BadPolicy{"allow:\n  - rule: PICKLE-EXEC\n" + kAllowTail + "    expires: 31/03/2027\n",
                  "p.yml:5:14: allow entry 1: expires: expected a date YYYY-MM-DD, got '31/03/2027'"},
        BadPolicy{"fail_on: [CRITICAL, SEVERE]\n",
                  "p.yml:1:21: fail_on: unknown severity 'SEVERE' (expected CRITICAL, HIGH, MEDIUM, LOW or INFO)"},
        BadPolicy{"rules:\n  PICKLE-STRUCT:\n    severity: urgent\n",
                  "p.yml:3:15: rules.PICKLE-STRUCT.severity: unknown severity 'urgent' (expected CRITICAL, HIGH, "
                  "MEDIUM, LOW or INFO)"},
        BadPolicy{"fail_on: HIGH\n", "p.yml:1:10: fail_on: expected a list, got a string"},
        BadPolicy{"rules: [PICKLE-EXEC]\n", "p.yml:1:8: rules: expected a map, got a list"},
        BadPolicy{"allow:\n  rule: PICKLE-EXEC\n", "p.yml:2:3: allow: expected a list, got a map"},
        BadPolicy{"retest: [a, b]\n", "p.yml:1:9: retest: expected a string, got a list"},
        BadPolicy{"trusted_globals:\n  mycompany.models: ResNetHead\n",
                  "p.yml:2:21: trusted_globals.mycompany.models: expected a list, got a string"},
        BadPolicy{"rules:\n  PICKLE-EXEC:\n    enabled: yes\n",
                  "p.yml:3:14: rules.PICKLE-EXEC.enabled: expected true or false, got 'yes'"},
        BadPolicy{"allow:\n  - rule: PICKLE-EXEC\n    reason: r\n",
                  "p.yml:2:5: allow entry 1: missing required key 'accepted_by'"},
        BadPolicy{"allow:\n  - reason: r\n    accepted_by: a\n",
                  "p.yml:2:5: allow entry 1: missing required key 'rule'"},
        BadPolicy{"allow:\n  - rule: PICKLE-EXEC\n    reason: \"  \"\n    accepted_by: a\n",
                  "p.yml:3:13: allow entry 1: reason: must not be empty"},
        BadPolicy{"allow:\n  - rule: PICKLE-EXEC\n    sha256: abc\n" + kAllowTail,
                  "p.yml:3:13: allow entry 1: sha256: expected 64 hexadecimal digits, got 'abc'"},
        BadPolicy{"category: ONNX\n", "p.yml:1:11: category 'ONNX' is not supported (the only category is PICKLE)"},
        BadPolicy{"fail_on: [HIGH]\nfail_on: [LOW]\n", "p.yml:2:1: duplicate key 'fail_on' in the policy"},
        BadPolicy{"[HIGH]\n", "p.yml:1:1: the policy: expected a map, got a list"}));

TEST(Policy, ReportsEveryErrorOneALine) {
  EXPECT_EQ(error_of("fail_on: [SEVERE]\nticket_on: LOW\n"),
            "p.yml:1:11: fail_on: unknown severity 'SEVERE' (expected CRITICAL, HIGH, MEDIUM, LOW or INFO)\n"
            "p.yml:2:12: ticket_on: expected a list, got a string");
}

TEST(Policy, YamlSyntaxErrorHasPosition) {
  const std::string e = error_of("fail_on: [HIGH\nrules: {}\n");
  EXPECT_EQ(e.rfind("p.yml:", 0), 0U) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(Policy, LoadPolicyReadsFileOrFails) {
  const fs::path dir = temp_dir("load");
  write(dir / "p.yml", "fail_on: [CRITICAL]\n");
  const auto p = load_policy((dir / "p.yml").string());
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(p->source, (dir / "p.yml").string());
  EXPECT_EQ(p->fail_on, (std::set{Severity::Critical}));
  const auto bad = load_policy((dir / "missing.yml").string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, (dir / "missing.yml").string() + ": cannot read the policy file");
}

TEST(Policy, FindPolicyNearestFolderWins) {
  const fs::path root = temp_dir("find");
  fs::create_directories(root / "a" / "b");
  write(root / "a" / "b" / "model.pkl", "x");
  write(root / kPolicyFileName, "");
  write(root / "a" / kPolicyFileName, "");
  const std::string near = (root / "a" / kPolicyFileName).string();
  EXPECT_EQ(find_policy((root / "a" / "b" / "model.pkl").string()), near);
  EXPECT_EQ(find_policy((root / "a" / "b").string()), near);
  EXPECT_EQ(find_policy((root / "a").string()), near);
  EXPECT_EQ(find_policy((root / "a" / "b" / ".." / "..").string()), (root / kPolicyFileName).string());
  fs::remove(root / "a" / kPolicyFileName);
  EXPECT_EQ(find_policy((root / "a" / "b" / "model.pkl").string()), (root / kPolicyFileName).string());
}

TEST(Policy, DisabledRuleDropsItsFindings) {
  const Policy p = parsed("rules:\n  PICKLE-STRUCT:\n    enabled: false\n");
  ScanReport r = report_of({finding("PICKLE-STRUCT", "a.pkl"), finding("PICKLE-EXEC", "a.pkl", "os", "system")});
  r.files.push_back(report_of({finding("PICKLE-STRUCT", "b.pkl")}).files[0]);
  apply_policy(p, r, "2026-01-01");
  ASSERT_EQ(r.files[0].findings.size(), 1U);
  EXPECT_EQ(r.files[0].findings[0].rule_id, "PICKLE-EXEC");
  EXPECT_TRUE(r.files[1].findings.empty());
  EXPECT_EQ(r.files[1].status, FileStatus::Clean);
}

TEST(Policy, SeverityOverrideRewritesSeverityAndDecision) {
  const Policy p = parsed("rules:\n  PICKLE-GLOBAL-IMPORT:\n    severity: MEDIUM\n");
  ScanReport r = report_of({finding("PICKLE-GLOBAL-IMPORT", "a.pkl", "mycompany", "Head")});
  apply_policy(p, r, "2026-01-01");
  const Finding& f = r.files[0].findings[0];
  EXPECT_EQ(f.severity, Severity::Medium);
  EXPECT_EQ(f.release_decision, rules::release_decision(Severity::Medium));
  EXPECT_FALSE(fails(p, f));
  EXPECT_TRUE(is_ticket(p, f));
}

TEST(Policy, OwnerAndRetestOverrides) {
  const Policy p =
      parsed("retest: \"make scan MODEL={path} RULE={rule}\"\n"
             "rules:\n  PICKLE-GLOBAL-IMPORT:\n    owner: \"ML platform team\"\n    retest: \"ci/rescan.sh\"\n");
  ScanReport r = report_of({finding("PICKLE-GLOBAL-IMPORT", "it's.pkl", "m", "n"), finding("PICKLE-EXEC", "it's.pkl")});
  apply_policy(p, r, "2026-01-01");
  EXPECT_EQ(r.files[0].findings[0].owner, "ML platform team");
  EXPECT_EQ(r.files[0].findings[0].retest, "ci/rescan.sh"); // the rule's own retest wins
  EXPECT_EQ(r.files[0].findings[1].owner, rules::find_rule("PICKLE-EXEC")->owner);
  EXPECT_EQ(r.files[0].findings[1].retest, "make scan MODEL='it'\\''s.pkl' RULE=PICKLE-EXEC");

  ScanReport untouched = report_of({finding("PICKLE-EXEC", "a.pkl")});
  apply_policy(Policy{}, untouched, "2026-01-01");
  EXPECT_EQ(untouched.files[0].findings[0].retest, finding("PICKLE-EXEC", "a.pkl").retest);
}

TEST(Policy, TrustedGlobalsLiftGlobalImportButNeverExec) {
  const Policy p = parsed("trusted_globals:\n  mycompany.models: [ResNetHead]\n  os: [system]\n");
  ScanReport r = report_of({finding("PICKLE-GLOBAL-IMPORT", "a.pkl", "mycompany.models", "ResNetHead"),
                            finding("PICKLE-GLOBAL-IMPORT", "a.pkl", "mycompany.models", "Other"),
                            finding("PICKLE-EXEC", "a.pkl", "os", "system")});
  apply_policy(p, r, "2026-01-01");
  ASSERT_EQ(r.files[0].findings.size(), 2U);
  EXPECT_EQ(r.files[0].findings[0].name, "Other");
  EXPECT_EQ(r.files[0].findings[1].rule_id, "PICKLE-EXEC");
}

// A package the user vouches for whole: its submodules too, never a
// dangerous callable, never a package that merely shares the prefix.
TEST(Policy, WholePackageTrustIsExplicitAndWarned) {
  const Policy p = parsed("trusted_globals:\n  mycompany: [\"*\"]\n");
  EXPECT_EQ(whole_packages(p), std::vector<std::string>{"mycompany"});
  EXPECT_TRUE(policy_trusts(p, "mycompany", "Model"));
  EXPECT_TRUE(policy_trusts(p, "mycompany.models.heads", "Head"));
  EXPECT_FALSE(policy_trusts(p, "mycompanyx", "Model"));
  EXPECT_FALSE(policy_trusts(parsed("trusted_globals:\n  mycompany: [Model]\n"), "mycompany.sub", "Model"));
  ScanReport r = report_of({finding("PICKLE-GLOBAL-IMPORT", "a.pkl", "mycompany.models", "Head"),
                            finding("PICKLE-EXEC", "a.pkl", "mycompany.models", "run")});
  apply_policy(p, r, "2026-01-01");
  ASSERT_EQ(r.files[0].findings.size(), 1U);
  EXPECT_EQ(r.files[0].findings[0].rule_id, "PICKLE-EXEC");
  EXPECT_TRUE(whole_packages(parsed("trusted_globals:\n  mycompany: [Model]\n")).empty());
  // The CLI says so on every run that applies such a policy.
  const auto policy_file = std::filesystem::temp_directory_path() / ("whole-package-" + std::to_string(::getpid()) + ".yml");
  std::ofstream(policy_file) << "trusted_globals:\n  mycompany: [\"*\"]\n";
  int status = -1;
  const std::string out = test::run_command(std::string(SENTINEL_BINARY) + " artifact --quiet --policy '" +
                                                policy_file.string() + "' '" +
                                                (test::source_dir() / "examples/clean_model.pkl").string() + "' 2>&1",
                                            status);
  std::filesystem::remove(policy_file);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("warning: " + policy_file.string() + " trusts every global of package 'mycompany'"),
            std::string::npos)
      << out;
}

TEST(Policy, AcceptsByRuleModuleAndName) {
  const Policy p = parsed("allow:\n  - rule: PICKLE-EXEC\n    module: os\n    name: system\n" + kAllowTail);
  ScanReport r =
      report_of({finding("PICKLE-EXEC", "a.pkl", "os", "system"), finding("PICKLE-EXEC", "a.pkl", "os", "popen"),
                 finding("PICKLE-GLOBAL-IMPORT", "a.pkl", "os", "system")});
  apply_policy(p, r, "2026-01-01");
  const auto& fs_ = r.files[0].findings;
  ASSERT_TRUE(fs_[0].acceptance.has_value());
  EXPECT_EQ(fs_[0].acceptance->entry, 1U);  // numbered from 1, as reports print it
  EXPECT_EQ(fs_[0].acceptance->reason, "r");
  EXPECT_EQ(fs_[0].acceptance->accepted_by, "a");
  EXPECT_EQ(fs_[0].acceptance->expires, "");
  EXPECT_FALSE(fs_[0].acceptance->expired);
  EXPECT_FALSE(fails(p, fs_[0]));
  EXPECT_FALSE(fs_[1].acceptance.has_value());
  EXPECT_TRUE(fails(p, fs_[1]));
  EXPECT_FALSE(fs_[2].acceptance.has_value()); // another rule
}

TEST(Policy, PathGlobStopsAtSlashAndMatchesTrailingComponents) {
  EXPECT_TRUE(path_matches("legacy/*.pt", "legacy/a.pt"));
  EXPECT_TRUE(path_matches("legacy/*.pt", "models/legacy/a.pt"));
  EXPECT_TRUE(path_matches("legacy/*.pt", "./legacy/a.pt"));
  EXPECT_FALSE(path_matches("legacy/*.pt", "legacy/old/a.pt"));
  EXPECT_FALSE(path_matches("legacy/*.pt", "notlegacy/a.pt"));
  EXPECT_TRUE(path_matches("*.pt", "deep/down/a.pt"));
  EXPECT_FALSE(path_matches("/srv/*.pt", "x/srv/a.pt"));

  const Policy p = parsed("allow:\n  - rule: PICKLE-STRUCT\n    path: \"legacy/*.pt\"\n" + kAllowTail);
  ScanReport r = report_of({finding("PICKLE-STRUCT", "models/legacy/a.pt"), finding("PICKLE-STRUCT", "models/b.pt")});
  apply_policy(p, r, "2026-01-01");
  EXPECT_TRUE(r.files[0].findings[0].acceptance.has_value());
  EXPECT_FALSE(r.files[0].findings[1].acceptance.has_value());
}

TEST(Policy, Sha256AcceptanceStopsWhenTheFileChanges) {
  const fs::path dir = temp_dir("sha");
  const std::string model = (dir / "model.pt").string();
  write(model, "hello\n");
  // sha256("hello\n"), upper-case: digests are compared case-insensitively.
  const Policy p = parsed("allow:\n  - rule: PICKLE-STRUCT\n"
                          "    sha256: 5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03\n" +
                          kAllowTail);
  ScanReport r = report_of({finding("PICKLE-STRUCT", model)});
  apply_policy(p, r, "2026-01-01");
  ASSERT_TRUE(r.files[0].findings[0].acceptance.has_value());
  EXPECT_FALSE(fails(p, r.files[0].findings[0]));

  write(model, "hello!\n");
  ScanReport changed = report_of({finding("PICKLE-STRUCT", model)});
  apply_policy(p, changed, "2026-01-01");
  EXPECT_FALSE(changed.files[0].findings[0].acceptance.has_value());
  EXPECT_TRUE(fails(p, changed.files[0].findings[0]));

  ScanReport missing = report_of({finding("PICKLE-STRUCT", (dir / "gone.pt").string())});
  apply_policy(p, missing, "2026-01-01");
  EXPECT_FALSE(missing.files[0].findings[0].acceptance.has_value());
}

TEST(Policy, ExpiryDayIsStillCovered) {
  const Policy p = parsed("allow:\n  - rule: PICKLE-EXEC\n" + kAllowTail + "    expires: 2027-03-31\n");
  for (const auto& [today, expired] : {std::pair{"2027-03-30", false}, {"2027-03-31", false}, {"2027-04-01", true}}) {
    ScanReport r = report_of({finding("PICKLE-EXEC", "a.pkl")});
    apply_policy(p, r, today);
    const Finding& f = r.files[0].findings[0];
    ASSERT_TRUE(f.acceptance.has_value()) << today; // an expired acceptance stays, marked expired
    EXPECT_EQ(f.acceptance->expires, "2027-03-31");
    EXPECT_EQ(f.acceptance->expired, expired) << today;
    EXPECT_EQ(fails(p, f), expired) << today;
  }
}

TEST(Policy, FirstMatchingEntryWins) {
  const Policy p = parsed("allow:\n"
                          "  - rule: PICKLE-EXEC\n    name: popen\n    reason: narrow\n    accepted_by: a\n"
                          "  - rule: PICKLE-EXEC\n    reason: first\n    accepted_by: a\n"
                          "  - rule: PICKLE-EXEC\n    module: os\n    reason: second\n    accepted_by: a\n");
  EXPECT_EQ(p.allow[1].line, 6);
  ScanReport r = report_of({finding("PICKLE-EXEC", "a.pkl", "os", "system")});
  apply_policy(p, r, "2026-01-01");
  ASSERT_TRUE(r.files[0].findings[0].acceptance.has_value());
  EXPECT_EQ(r.files[0].findings[0].acceptance->entry, 2U);
  EXPECT_EQ(r.files[0].findings[0].acceptance->reason, "first");
}

TEST(Policy, FailsAndTicketDecisions) {
  const Policy defaults;
  Finding exec = finding("PICKLE-EXEC", "a.pkl");
  Finding import = finding("PICKLE-GLOBAL-IMPORT", "a.pkl");
  Finding medium = finding("PICKLE-SRC-UNPINNED", "a.py");
  Finding low = finding("PICKLE-STRUCT", "a.pkl");
  low.severity = Severity::Low;
  EXPECT_TRUE(fails(defaults, exec));
  EXPECT_FALSE(is_ticket(defaults, exec));
  EXPECT_TRUE(fails(defaults, import));
  EXPECT_FALSE(fails(defaults, medium));
  EXPECT_TRUE(is_ticket(defaults, medium));
  EXPECT_FALSE(fails(defaults, low));
  EXPECT_FALSE(is_ticket(defaults, low));

  // A rule's own fail_on replaces the policy's for that rule only.
  const Policy per_rule = parsed("rules:\n  PICKLE-GLOBAL-IMPORT:\n    fail_on: [CRITICAL]\n");
  EXPECT_FALSE(fails(per_rule, import));
  EXPECT_FALSE(is_ticket(per_rule, import));
  EXPECT_TRUE(fails(per_rule, exec));

  const Policy tickets = parsed("fail_on: [CRITICAL]\nticket_on: [HIGH, MEDIUM]\n");
  EXPECT_TRUE(is_ticket(tickets, import));
  EXPECT_FALSE(is_ticket(tickets, exec));

  exec.acceptance = Acceptance{1, "r", "a", "2027-03-31", false};
  EXPECT_FALSE(fails(defaults, exec));
  EXPECT_FALSE(is_ticket(defaults, exec));
  exec.acceptance->expired = true;
  EXPECT_TRUE(fails(defaults, exec));
}

TEST(Policy, StarterPolicyParsesToDefaultsAndNamesEveryKey) {
  const std::string text = starter_policy();
  const Policy p = parsed(text);
  const Policy defaults;
  EXPECT_EQ(p.category, defaults.category);
  EXPECT_EQ(p.fail_on, defaults.fail_on);
  EXPECT_EQ(p.ticket_on, defaults.ticket_on);
  EXPECT_FALSE(p.retest.has_value());
  EXPECT_TRUE(p.rules.empty() && p.allow.empty() && p.trusted_globals.empty());
  for (const char* key :
       {"category:", "fail_on:", "ticket_on:", "retest:", "rules:", "trusted_globals:", "allow:", "owner:", "enabled",
        "severity:", "module", "name", "path:", "sha256:", "reason:", "accepted_by:", "expires:"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
}

// What a user does with the starter's examples: delete the '#' in the first
// column of each example line (the YAML starts right after it, or indented:
// "#retest:", "#  - rule:"); prose comments are "# " and a word.
TEST(Policy, StarterPolicyExamplesParseWhenUncommented) {
  std::istringstream lines(starter_policy());
  std::string text;
  int uncommented = 0;
  for (std::string line; std::getline(lines, line);) {
    const bool example = line.starts_with('#') && line.size() > 1 && (line[1] != ' ' || line.starts_with("#  "));
    if (example) {
      line.erase(0, 1);
      ++uncommented;
    }
    text += line + "\n";
  }
  EXPECT_GT(uncommented, 10);
  const Policy p = parsed(text);
  EXPECT_EQ(p.retest, "make scan-models MODEL={path}");
  ASSERT_TRUE(p.rules.contains("PICKLE-GLOBAL-IMPORT"));
  EXPECT_EQ(p.rules.at("PICKLE-GLOBAL-IMPORT").owner, "ML platform team");
  EXPECT_EQ(p.trusted_globals.at("mycompany.models"), (std::set<std::string>{"ResNetHead", "Tokenizer"}));
  ASSERT_EQ(p.allow.size(), 2U);
  EXPECT_EQ(p.allow[0].path, "legacy/*.pt");
  EXPECT_TRUE(p.allow[0].sha256.has_value());
  EXPECT_EQ(p.allow[1].name, "OldHead");
}

// An allow entry's path glob means the same files from any working directory:
// it is resolved against the policy file's folder.
TEST(Policy, PathGlobsResolveAgainstThePolicyFolder) {
  const fs::path dir = temp_dir("glob_base");
  fs::create_directories(dir / "models" / "legacy");
  write(dir / "p.yml", "allow:\n  - rule: PICKLE-STRUCT\n    path: \"models/legacy/*.pt\"\n" + kAllowTail);
  const auto p = load_policy((dir / "p.yml").string());
  ASSERT_TRUE(p.has_value()) << p.error().message;
  const fs::path previous = fs::current_path();
  fs::current_path(dir / "models");
  ScanReport inside = report_of({finding("PICKLE-STRUCT", "legacy/a.pt")});
  ScanReport other = report_of({finding("PICKLE-STRUCT", "other/a.pt")});
  apply_policy(*p, inside, "2026-01-01");
  apply_policy(*p, other, "2026-01-01");
  fs::current_path(previous);
  EXPECT_TRUE(inside.files[0].findings[0].acceptance.has_value());
  EXPECT_FALSE(other.files[0].findings[0].acceptance.has_value());
}

} // namespace
} // namespace sentinel::policy
