// See allowlist_from.hpp.
#include "engine/allowlist_from.hpp"

#include <limits>

#include "policy/trusted_globals_merge.hpp"
#include "rules/global_lists.hpp"

namespace sentinel::engine {
namespace {

constexpr std::string_view kExecRule = "PICKLE-EXEC";
constexpr std::string_view kImportRule = "PICKLE-GLOBAL-IMPORT";

bool from_risky_module(const Finding& f) {
  const auto* entry = rules::GlobalLists::builtin().danger(f.module, f.name).entry;
  return entry != nullptr && entry->klass == rules::DangerClass::Risky;
}

}  // namespace

GlobalsInventory inventory_globals(const std::vector<std::string>& paths, ScanOptions options) {
  options.limits.max_findings_per_rule = std::numeric_limits<std::uint64_t>::max();
  options.rules = {std::string(kExecRule), std::string(kImportRule)};
  GlobalsInventory out;
  for (auto& file : scan_artifacts(paths, options).files) {
    if (file.status == FileStatus::Skipped) continue;
    if (file.status == FileStatus::Error) {
      out.errors.push_back(file.path + ": " + file.error);
      continue;
    }
    ++out.files;
    for (auto& f : file.findings) {
      if (f.module.empty() || f.name.empty()) continue;
      if (f.rule_id == kExecRule || from_risky_module(f)) {
        out.refused.push_back(std::move(f));
      } else {
        out.untrusted[f.module].insert(f.name);
      }
    }
  }
  return out;
}

std::string trusted_globals_yaml(const GlobalsInventory& inventory) {
  std::size_t names = 0;
  for (const auto& [module, list] : inventory.untrusted) names += list.size();
  std::string out = "# sentinel allowlist: " + std::to_string(inventory.files) + " file(s) scanned, " +
                    std::to_string(names) + " global(s) outside the built-in allowlist; review each before trusting it\n";
  return out + policy::trusted_globals_block(inventory.untrusted);
}

}  // namespace sentinel::engine
