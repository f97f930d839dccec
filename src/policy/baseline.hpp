// Baselines: an earlier JSON report whose findings are known, so a run
// reports and fails only on what is new. Findings match by fingerprint, not
// by position, so reordering, offsets that move and new files do not matter.
#pragma once

#include <set>
#include <string>

#include "base/expected.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::policy {

// The fingerprints of every finding in a report written by `--format json`.
[[nodiscard]] Expected<std::set<std::string>> load_baseline(const std::string& json_path);

// Drops the findings whose fingerprint is known, counting them in
// report.baseline_matched, and sets each file's status again.
void apply_baseline(const std::set<std::string>& known, ScanReport& report);

}  // namespace sentinel::policy
