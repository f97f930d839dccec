// `sentinel allowlist --from DIR`: the globals a folder of trusted artifacts
// imports beyond the built-in allowlist, found by the scanner itself (every
// container it opens) and written as a policy's trusted_globals.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sentinel/finding.hpp"
#include "sentinel/scan.hpp"

namespace sentinel::engine {

struct GlobalsInventory {
  std::size_t files = 0;
  // Imports outside the built-in allowlist that are neither dangerous nor from
  // a risky module: the snippet, module -> names.
  std::map<std::string, std::set<std::string>> untrusted;
  // PICKLE-EXEC findings and imports from risky modules: trust never covers
  // them (docs/policy.md), so they are reported instead of listed.
  std::vector<Finding> refused;
  // Files that could not be scanned, "path: message".
  std::vector<std::string> errors;
};

// Scans `paths` with every finding kept (no per-rule cap), so each import is seen.
[[nodiscard]] GlobalsInventory inventory_globals(const std::vector<std::string>& paths, ScanOptions options);

// A policy snippet (`trusted_globals:` YAML, every key and name quoted) that
// `sentinel policy check` accepts, with a comment on what was scanned.
[[nodiscard]] std::string trusted_globals_yaml(const GlobalsInventory& inventory);

}  // namespace sentinel::engine
