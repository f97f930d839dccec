// sentinel-policy.yml: read and strictly validated into a Policy, then applied
// to a finished scan report (overrides, trusted globals, risk acceptances) and
// used to decide what fails the run. Reference: docs/policy.md.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::policy {

// `rules: <RULE-ID>: {...}`; an unset field keeps the catalogue's (or the
// policy's top-level) value.
struct RuleSettings {
  std::optional<std::string> owner;
  std::optional<std::string> retest;
  std::optional<std::set<Severity>> fail_on;
  std::optional<bool> enabled;
  std::optional<Severity> severity;
};

// One `allow` entry: accepts the findings of `rule` that match every optional
// field it gives.
struct AllowEntry {
  std::string rule;
  std::optional<std::string> module;
  std::optional<std::string> name;
  std::optional<std::string> path;   // glob, see path_matches()
  std::optional<std::string> sha256; // lower-case hex of the top-level file
  std::string reason;
  std::string accepted_by;
  std::optional<std::string> expires; // YYYY-MM-DD, the last day it applies
  int line = 0;                       // 1-based line of the entry in the file
};

struct Policy {
  std::string source; // the file it came from; empty for the defaults
  std::string sha256; // lower-case hex of the text it was parsed from; empty for the defaults
  std::string category = "PICKLE";
  std::set<Severity> fail_on{Severity::Critical, Severity::High};
  std::set<Severity> ticket_on{Severity::Medium};
  std::optional<std::string> retest;
  std::map<std::string, RuleSettings> rules;
  std::map<std::string, std::set<std::string>> trusted_globals; // module -> names; ["*"]: the whole package
  std::vector<AllowEntry> allow;
};

// Whether the policy vouches for a global: an exact `module: [name]`, or a
// package the user trusts whole (`module: ["*"]`, covering its submodules).
[[nodiscard]] bool policy_trusts(const Policy& policy, std::string_view module, std::string_view name);
// The packages a policy trusts whole: each is a warning the CLI prints, since
// any callable in them passes as data.
[[nodiscard]] std::vector<std::string> whole_packages(const Policy& policy);


inline constexpr std::string_view kPolicyFileName = "sentinel-policy.yml";

// Every problem in the text is reported, one `SOURCE:LINE:COLUMN: message` per
// line (1-based), and nothing is ignored: unknown keys, unknown rule IDs,
// malformed dates, unknown severities, wrong types, missing required fields,
// malformed sha256 and a category other than PICKLE are all errors. Empty text
// gives the defaults.
[[nodiscard]] Expected<Policy> parse_policy(std::string_view yaml_text, const std::string& source_name);
// parse_policy() on the file's contents; an unreadable file is an error.
[[nodiscard]] Expected<Policy> load_policy(const std::string& path);

// The nearest sentinel-policy.yml: in the folder `scan_path` names (its parent
// folder when it is a file), else in the closest parent folder that has one.
// The command line passes the working directory, never a scanned path: scanned
// content is untrusted and must not choose the policy that judges it.
[[nodiscard]] std::optional<std::string> find_policy(const std::string& scan_path);

// The commented policy `sentinel policy init` writes; parses to the defaults.
[[nodiscard]] std::string starter_policy();

// Whether `pattern` matches `path`: fnmatch(3) with FNM_PATHNAME (`*` and `?`
// stop at `/`) against the whole path or any part of it that starts after a
// `/`, so `legacy/*.pt` matches `models/legacy/a.pt` but not `legacy/old/a.pt`.
[[nodiscard]] bool path_matches(const std::string& pattern, const std::string& path);

// Today's date, UTC, YYYY-MM-DD, for acceptance expiry; the environment
// variable SENTINEL_TODAY overrides it so that a CI job (and the tests) can
// pin the day.
[[nodiscard]] std::string today();

// Rewrites `report` in place: drops findings of disabled rules and
// PICKLE-GLOBAL-IMPORT findings of trusted globals, applies severity, owner and
// retest overrides, and marks each finding the first matching `allow` entry
// accepts (expired when `today`, YYYY-MM-DD, is after `expires`). A file whose
// sha256 cannot be computed matches no sha256-pinned entry. The report records
// which policy it was (ScanReport::policy).
void apply_policy(const Policy& policy, ScanReport& report, std::string_view today);

// Whether the finding fails the run: its severity is in its rule's fail_on (or
// else the policy's) and no unexpired acceptance covers it.
[[nodiscard]] bool fails(const Policy& policy, const Finding& f);
// Whether the finding is a ticket: severity in ticket_on and not failing.
[[nodiscard]] bool is_ticket(const Policy& policy, const Finding& f);

} // namespace sentinel::policy
