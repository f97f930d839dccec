// Human text report: each finding opens with the three lines that identify it
// (RULE-ID SEVERITY, title, fix hint), then where, what and who.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "base/terminal_text.hpp"
#include "report/reporters.hpp"

namespace sentinel::report {
namespace {

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::Critical: return "\x1b[1;31m";
    case Severity::High: return "\x1b[31m";
    case Severity::Medium: return "\x1b[33m";
    default: return "\x1b[36m";
  }
}

}  // namespace

void write_text(std::ostream& out, const ScanReport& report, const Summary& summary, const TextOptions& options) {
  const bool color = options.color;
  const char* reset = color ? "\x1b[0m" : "";
  const char* bold = color ? "\x1b[1m" : "";
  for (const auto& file : report.files) {
    if (file.status == FileStatus::Error) {
      fmt::print(out, "{}: error: {}\n\n", terminal_safe(file.path), terminal_safe(file.error));
      continue;
    }
    // Every skip says why, so that nothing leaves the gate unexamined unseen.
    if (file.status == FileStatus::Skipped) {
      if (!options.quiet) fmt::print(out, "{}: skipped: {}\n", terminal_safe(file.path), terminal_safe(file.error));
      continue;
    }
    for (const auto& f : file.findings) {
      if (options.quiet && f.verdict != Verdict::Fail) continue;
      fmt::print(out, "{}{} {}{}\n", color ? severity_color(f.severity) : "", f.rule_id, severity_name(f.severity), reset);
      fmt::print(out, "{}{}{}\n", bold, f.title, reset);
      fmt::print(out, "fix: {}\n", f.fix);
      // Names come from the scanned tree: escaped so none can forge a line.
      fmt::print(out, "  location: {}\n", terminal_safe(f.location.display()));
      for (std::size_t i = 0; i < f.also_at.size(); ++i) {
        fmt::print(out, "  {}{}\n", i == 0 ? "also at:  " : "          ", terminal_safe(f.also_at[i].display()));
      }
      if (f.also_at_more > 0) fmt::print(out, "            and {} more place(s) with the same bytes\n", f.also_at_more);
      if (!f.location.origin.empty()) fmt::print(out, "  origin: {}\n", terminal_safe(f.location.origin));
      fmt::print(out, "  evidence: {}\n", f.evidence);
      fmt::print(out, "  owner:    {}\n", f.owner);
      fmt::print(out, "  release:  {}\n", f.release_decision);
      if (f.acceptance) {
        const Acceptance& a = *f.acceptance;
        fmt::print(out, "  accepted: {} by {} (policy allow entry {}{}){}\n", a.reason, a.accepted_by, a.entry,
                   a.expires.empty() ? "" : ", expires " + a.expires,
                   a.expired ? ": EXPIRED, fails again" : "");
      }
      if (f.verdict == Verdict::Ticket) fmt::print(out, "  ticket:   for {}\n", f.owner);
      fmt::print(out, "  retest:   {}\n\n", terminal_safe(f.retest));
    }
    for (const auto& [rule, n] : file.omitted) {
      fmt::print(out, "{}: {} more {} finding(s) not listed (limits findings_per_rule, findings_per_file)\n\n",
                 terminal_safe(file.path), n, rule);
    }
  }
  if (!options.quiet) {
    fmt::print(out, "{}summary:{} {} file(s): {} clean, {} with findings, {} error(s), {} skipped\n", bold, reset,
               summary.files, summary.clean, summary.with_findings, summary.errors, summary.skipped);
    fmt::print(out, "policy: {}\n",
               report.policy.path.empty() ? std::string("defaults (no policy file)")
                                          : fmt::format("{} (sha256 {})", report.policy.path, report.policy.sha256));
    if (summary.findings > 0) {
      std::string sev;
      for (const auto& [s, n] : summary.by_severity) sev += fmt::format("{}{} {}", sev.empty() ? "" : ", ", n, severity_name(s));
      std::string rules;
      for (const auto& [r, n] : summary.by_rule) rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", n, r);
      fmt::print(out, "findings: {} ({}); by rule: {}\n", summary.findings, sev, rules);
    }
    if (summary.tickets > 0) {
      std::string owners;
      for (const auto& [owner, n] : summary.tickets_by_owner) owners += fmt::format("{}{}: {}", owners.empty() ? "" : "; ", owner, n);
      fmt::print(out, "tickets: {} ({})\n", summary.tickets, owners);
    }
    if (summary.accepted > 0) fmt::print(out, "accepted: {} by the policy (reported, not failing)\n", summary.accepted);
    if (summary.expired_acceptances > 0) {
      fmt::print(out, "expired acceptances: {} (failing again)\n", summary.expired_acceptances);
    }
    if (summary.omitted > 0) fmt::print(out, "not listed: {} finding(s) past the listing limits\n", summary.omitted);
    if (summary.baseline_matched > 0) {
      fmt::print(out, "baseline: {} known finding(s) not reported\n", summary.baseline_matched);
    }
    for (const auto& r : summary.revisions) {
      std::string refs;
      for (const auto& name : r.refs) refs += (refs.empty() ? " (" : ", ") + terminal_safe(name);
      fmt::print(out, "revision {}{}: {}, {} file(s), {} failing finding(s), {} error(s)\n", terminal_safe(r.origin),
                 refs.empty() ? "" : refs + ")", verdict_word(r.exit_code), r.files, r.failing, r.errors);
    }
  }
  const int status = exit_status(summary);
  fmt::print(out, "result: {}\n",
             status == 1   ? fmt::format("FAIL ({} finding(s) at or above fail_on)", summary.failing)
             : status == 2 ? std::string("INCOMPLETE (some files could not be scanned)")
                           : std::string("PASS"));
}

}  // namespace sentinel::report
