// See global_gate.hpp.
#include "policy/global_gate.hpp"

#include <algorithm>

#include "pickle/compat_names.hpp"
#include "rules/callable_resolution.hpp"
#include "rules/catalogue.hpp"
#include "rules/global_lists.hpp"

namespace sentinel::policy {
namespace {

bool trusted(const Policy& policy, std::string_view module, std::string_view name) {
  if (rules::GlobalLists::builtin().allowed(module, name)) return true;
  return policy_trusts(policy, module, name);
}

}  // namespace

bool finding_fails(const Policy& policy, std::string_view rule_id, std::string_view module, std::string_view name) {
  const rules::RuleInfo* rule = rules::find_rule(rule_id);
  if (rule == nullptr) return true;
  Finding f = rules::make_finding(*rule, Location{}, "the guard judges one " + std::string(rule_id) + " finding", "");
  f.module = std::string(module);
  f.name = std::string(name);
  ScanReport report;
  FileReport file;
  file.status = FileStatus::Findings;
  file.findings.push_back(std::move(f));
  report.files.push_back(std::move(file));
  apply_policy(policy, report, today());
  const auto& left = report.files.front().findings;
  return std::any_of(left.begin(), left.end(), [&](const Finding& x) { return fails(policy, x); });
}

GlobalVerdict judge_global(const Policy& policy, std::string_view module, std::string_view name, bool scanning) {
  const auto [mapped_module, mapped_name] = pickle::map_python2_name(module, name);
  // A reviewed callable with a contract is judged by what it does in the
  // stream, which the guard's static scan of the same bytes decides.
  if (rules::GlobalLists::builtin().exact_contract(mapped_module, mapped_name) != nullptr) return {true, {}, {}};
  for (const auto& [m, n] : {std::pair{module, name}, std::pair{mapped_module, mapped_name}}) {
    const auto danger = rules::GlobalLists::builtin().danger(m, n);
    if (danger.entry != nullptr && danger.entry->klass == rules::DangerClass::Exec) {
      return {false, "PICKLE-EXEC",
              danger.module + "." + danger.name + " is a dangerous callable (" + danger.entry->note + ")"};
    }
  }
  // The scanner reports these as PICKLE-EXEC whatever the lists say (analyzer.cpp).
  if (rules::has_internal_component(name) || rules::has_internal_component(mapped_name)) {
    return {false, "PICKLE-EXEC", std::string(module) + "." + std::string(name) +
                                      " is an interpreter internal that hands out builtins or code objects"};
  }
  if (trusted(policy, module, name) || trusted(policy, mapped_module, mapped_name)) return {true, {}, {}};
  // With the scan on, the guard refuses only what the scanner fails: an
  // untrusted import the policy does not fail (for either spelling) is allowed.
  if (scanning && !finding_fails(policy, "PICKLE-GLOBAL-IMPORT", module, name) &&
      !finding_fails(policy, "PICKLE-GLOBAL-IMPORT", mapped_module, mapped_name)) {
    return {true, {}, {}};
  }
  const auto* entry = rules::GlobalLists::builtin().danger(module, name).entry;
  const bool risky = entry != nullptr && entry->klass == rules::DangerClass::Risky;
  return {false, "PICKLE-GLOBAL-IMPORT",
          risky ? "the module is on the risky list and the name is not on the trusted allowlist"
                : "not on the trusted allowlist (data/allowlist.txt) nor in the policy's trusted_globals"};
}

}  // namespace sentinel::policy
