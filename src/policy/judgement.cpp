// See judgement.hpp.
#include "policy/judgement.hpp"

#include "policy/baseline.hpp"
#include "report/caps.hpp"

namespace sentinel::policy {

report::Summary judge(const Policy& policy, ScanReport& report, const JudgementOptions& options) {
  if (options.fail_on_skip) report::fail_skips(report);
  apply_policy(policy, report, options.today);
  if (options.baseline != nullptr) apply_baseline(*options.baseline, report);
  report::decide(report, {[&](const Finding& f) { return fails(policy, f); },
                          [&](const Finding& f) { return is_ticket(policy, f); }});
  // The verdict counts every finding; the listing is then capped.
  auto summary = report::summarize(report);
  summary.omitted += report::cap_findings(report, options.findings_per_rule, options.findings_per_file);
  return summary;
}

}  // namespace sentinel::policy
