// What the release gate concludes from a finished scan: the one sequence the
// command line and the Python API both run, so that they cannot disagree on a
// verdict, a summary or an exit code.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "policy/policy.hpp"
#include "report/summary.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::policy {

struct JudgementOptions {
  std::string today;                              // YYYY-MM-DD, for acceptance expiry (policy::today())
  bool fail_on_skip = false;                      // skipped files are not scanned: they fail (report::fail_skips)
  const std::set<std::string>* baseline = nullptr;  // fingerprints of known findings (load_baseline), or none
  std::uint64_t findings_per_rule = 0;            // listing caps (Limits), applied after the verdict
  std::uint64_t findings_per_file = 0;
};

// Applies the policy (and the baseline), decides every finding's verdict,
// summarises every finding, then caps the listing; returns the summary whose
// exit_status() is the run's.
[[nodiscard]] report::Summary judge(const Policy& policy, ScanReport& report, const JudgementOptions& options);

}  // namespace sentinel::policy
