// See global_gate.hpp.
#include "policy/global_gate.hpp"

#include "pickle/compat_names.hpp"
#include "rules/global_lists.hpp"

namespace sentinel::policy {
namespace {

bool trusted(const Policy& policy, std::string_view module, std::string_view name) {
  if (rules::GlobalLists::builtin().allowed(module, name)) return true;
  return policy_trusts(policy, module, name);
}

}  // namespace

GlobalVerdict judge_global(const Policy& policy, std::string_view module, std::string_view name) {
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
  if (trusted(policy, module, name) || trusted(policy, mapped_module, mapped_name)) return {true, {}, {}};
  const auto* entry = rules::GlobalLists::builtin().danger(module, name).entry;
  const bool risky = entry != nullptr && entry->klass == rules::DangerClass::Risky;
  return {false, "PICKLE-GLOBAL-IMPORT",
          risky ? "the module is on the risky list and the name is not on the trusted allowlist"
                : "not on the trusted allowlist (data/allowlist.txt) nor in the policy's trusted_globals"};
}

}  // namespace sentinel::policy
