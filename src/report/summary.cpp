// See summary.hpp.
#include "report/summary.hpp"

namespace sentinel::report {

std::set<Severity> default_fail_on() { return {Severity::Critical, Severity::High}; }

Summary summarize(const ScanReport& report, const std::set<Severity>& fail_on) {
  Summary s;
  for (const auto& f : report.files) {
    ++s.files;
    switch (f.status) {
      case FileStatus::Clean: ++s.clean; break;
      case FileStatus::Findings: ++s.with_findings; break;
      case FileStatus::Error: ++s.errors; break;
      case FileStatus::Skipped: ++s.skipped; break;
    }
    for (const auto& finding : f.findings) {
      ++s.findings;
      ++s.by_severity[finding.severity];
      ++s.by_rule[finding.rule_id];
      if (fail_on.contains(finding.severity)) ++s.failing;
    }
  }
  return s;
}

int exit_status(const Summary& s) {
  if (s.failing > 0) return 1;
  if (s.errors > 0) return 2;
  return 0;
}

}  // namespace sentinel::report
