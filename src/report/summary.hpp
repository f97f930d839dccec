// Counts over a scan report and the exit status they imply.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "report/revisions.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::report {

struct Summary {
  std::size_t files = 0, clean = 0, with_findings = 0, errors = 0, skipped = 0;
  std::size_t findings = 0;
  std::map<Severity, std::size_t> by_severity;
  std::map<std::string, std::size_t> by_rule;
  std::size_t failing = 0;   // verdict Fail
  std::size_t tickets = 0;   // verdict Ticket
  std::map<std::string, std::size_t> tickets_by_owner;
  std::size_t accepted = 0;  // verdict Accepted
  std::size_t expired_acceptances = 0;  // accepted once, expired, failing again
  std::size_t baseline_matched = 0;     // left out because the baseline had them
  // Findings not listed: cut by findings_per_rule while a stream was analysed
  // (never judged) or by the listing caps (judged and counted above).
  std::uint64_t omitted = 0;
  // Per Hugging Face cache revision, counted before the listing caps.
  std::vector<RevisionVerdict> revisions;
};

[[nodiscard]] std::set<Severity> default_fail_on();
[[nodiscard]] std::set<Severity> default_ticket_on();

// Sets every finding's verdict: accepted (an unexpired acceptance) first,
// then fail, then ticket.
struct Gate {
  std::function<bool(const Finding&)> fails;
  std::function<bool(const Finding&)> ticket;
};
[[nodiscard]] Gate default_gate();
void decide(ScanReport& report, const Gate& gate);

// --fail-on-skip: every skipped file becomes a file that was not scanned
// (an error, keeping its reason), so the run cannot pass on what it never read.
void fail_skips(ScanReport& report);

[[nodiscard]] Summary summarize(const ScanReport& report);
// 0 clean (or only findings below fail_on), 1 findings at or above fail_on,
// 2 when a file could not be scanned and nothing else failed: the verdict is
// incomplete, and an incomplete scan must not pass a gate.
[[nodiscard]] int exit_status(const Summary& s);

}  // namespace sentinel::report
