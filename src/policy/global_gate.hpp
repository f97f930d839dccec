// The runtime guard's decision on one import: what find_class may resolve,
// judged by the same lists the scanner uses (the trusted allowlist, the
// dangerous-callable catalogue) and the policy's trusted_globals.
#pragma once

#include <string>
#include <string_view>

#include "policy/policy.hpp"

namespace sentinel::policy {

struct GlobalVerdict {
  bool allowed = false;
  std::string rule_id;  // the rule a refused import breaks: PICKLE-EXEC or PICKLE-GLOBAL-IMPORT
  std::string reason;   // lower-case, no final period: why it is refused
};

// Allowed when the pair, as find_class receives it or as a protocol < 3
// stream maps it (fix_imports), is on the built-in allowlist or in
// `policy.trusted_globals`, and neither form reaches a callable that runs
// code: trust covers "unknown", never "dangerous" (as in apply_policy).
// `scanning`: the guard scans loads with the policy, so an untrusted import is
// refused only when the PICKLE-GLOBAL-IMPORT finding the scanner reports for
// it fails the policy (severity in fail_on, rule enabled, not accepted by an
// allow entry without path or digest); without the scan every untrusted
// import is refused. Names with an interpreter internal component
// (`x.__globals__`) are PICKLE-EXEC, as in the scanner.
// Whether a finding of `rule_id` about `module`.`name` (empty when it names no
// global) fails the policy as the scanner's gate judges it after apply_policy:
// the rule enabled, its severity (or the policy's override) in fail_on, no
// unexpired allow entry for the rule and global without a path or digest (a
// load in process has neither), and for PICKLE-GLOBAL-IMPORT the name not in
// trusted_globals. An unknown rule fails.
[[nodiscard]] bool finding_fails(const Policy& policy, std::string_view rule_id, std::string_view module = {},
                                 std::string_view name = {});

[[nodiscard]] GlobalVerdict judge_global(const Policy& policy, std::string_view module, std::string_view name,
                                         bool scanning = false);

}  // namespace sentinel::policy
