// Counts over a scan report and the exit status they imply.
#pragma once

#include <map>
#include <set>
#include <string>

#include "sentinel/finding.hpp"

namespace sentinel::report {

struct Summary {
  std::size_t files = 0, clean = 0, with_findings = 0, errors = 0, skipped = 0;
  std::size_t findings = 0;
  std::map<Severity, std::size_t> by_severity;
  std::map<std::string, std::size_t> by_rule;
  std::size_t failing = 0;  // findings at or above fail_on
};

[[nodiscard]] std::set<Severity> default_fail_on();
[[nodiscard]] Summary summarize(const ScanReport& report, const std::set<Severity>& fail_on);
// 0 clean (or only findings below fail_on), 1 findings at or above fail_on,
// 2 when a file could not be scanned and nothing else failed: the verdict is
// incomplete, and an incomplete scan must not pass a gate.
[[nodiscard]] int exit_status(const Summary& s);

}  // namespace sentinel::report
