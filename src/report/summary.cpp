// See summary.hpp.
#include "report/summary.hpp"

namespace sentinel::report {

std::set<Severity> default_fail_on() { return {Severity::Critical, Severity::High}; }
std::set<Severity> default_ticket_on() { return {Severity::Medium}; }

Gate default_gate() {
  return {[fail_on = default_fail_on()](const Finding& f) { return fail_on.contains(f.severity); },
          [ticket_on = default_ticket_on()](const Finding& f) { return ticket_on.contains(f.severity); }};
}

void decide(ScanReport& report, const Gate& gate) {
  for (auto& file : report.files) {
    for (auto& f : file.findings) {
      if (f.acceptance && !f.acceptance->expired) {
        f.verdict = Verdict::Accepted;
      } else if (gate.fails(f)) {
        f.verdict = Verdict::Fail;
      } else if (gate.ticket(f)) {
        f.verdict = Verdict::Ticket;
      } else {
        f.verdict = Verdict::Pass;
      }
    }
  }
}

void fail_skips(ScanReport& report) {
  for (auto& file : report.files) {
    if (file.status != FileStatus::Skipped) continue;
    file.status = FileStatus::Error;
    file.error = "skipped (" + file.error + "), and --fail-on-skip fails every skip";
  }
}

Summary summarize(const ScanReport& report) {
  Summary s;
  s.baseline_matched = report.baseline_matched;
  for (const auto& f : report.files) {
    ++s.files;
    switch (f.status) {
      case FileStatus::Clean: ++s.clean; break;
      case FileStatus::Findings: ++s.with_findings; break;
      case FileStatus::Error: ++s.errors; break;
      case FileStatus::Skipped: ++s.skipped; break;
    }
    for (const auto& [rule, n] : f.omitted) s.omitted += n;
    for (const auto& finding : f.findings) {
      ++s.findings;
      ++s.by_severity[finding.severity];
      ++s.by_rule[finding.rule_id];
      s.failing += finding.verdict == Verdict::Fail ? 1 : 0;
      if (finding.verdict == Verdict::Ticket) {
        ++s.tickets;
        ++s.tickets_by_owner[finding.owner];
      }
      s.accepted += finding.verdict == Verdict::Accepted ? 1 : 0;
      s.expired_acceptances += finding.acceptance && finding.acceptance->expired ? 1 : 0;
    }
  }
  s.revisions = revision_verdicts(report);
  return s;
}

int exit_status(const Summary& s) {
  if (s.failing > 0) return 1;
  if (s.errors > 0) return 2;
  return 0;
}

}  // namespace sentinel::report
