// JSON report (schema in docs/json-report.md). nlohmann::json with the
// replace error handler, so bytes that are not UTF-8 never reach the output raw.
#include <nlohmann/json.hpp>

#include "report/gate_properties.hpp"
#include "report/reporters.hpp"

namespace sentinel::report {
namespace {

using nlohmann::ordered_json;

ordered_json acceptance(const Finding& f) {
  if (!f.acceptance) return nullptr;
  const Acceptance& a = *f.acceptance;
  return {{"entry", a.entry},
          {"reason", a.reason},
          {"accepted_by", a.accepted_by},
          {"expires", a.expires.empty() ? ordered_json(nullptr) : ordered_json(a.expires)},
          {"expired", a.expired}};
}

ordered_json location(const Location& at) {
  ordered_json loc;
  loc["path"] = at.path;
  loc["chain"] = at.chain;
  loc["offset"] = at.offset ? ordered_json(*at.offset) : ordered_json(nullptr);
  loc["stream"] = at.stream ? ordered_json(*at.stream) : ordered_json(nullptr);
  loc["display"] = at.display();
  loc["origin"] = at.origin.empty() ? ordered_json(nullptr) : ordered_json(at.origin);
  loc["line"] = at.line ? ordered_json(*at.line) : ordered_json(nullptr);
  loc["column"] = at.column ? ordered_json(*at.column) : ordered_json(nullptr);
  return loc;
}

}  // namespace

void write_json(std::ostream& out, const ScanReport& report, const Summary& summary, const ToolInfo& tool) {
  ordered_json doc;
  doc["version"] = 1;
  doc["tool"] = {{"name", tool.name}, {"version", tool.version}};
  doc["policy"] = policy_properties(report.policy);
  ordered_json sev = ordered_json::object();
  for (const auto& [s, n] : summary.by_severity) sev[severity_name(s)] = n;
  ordered_json rules = ordered_json::object();
  for (const auto& [r, n] : summary.by_rule) rules[r] = n;
  doc["summary"] = {{"files", summary.files},     {"clean", summary.clean},   {"with_findings", summary.with_findings},
                    {"errors", summary.errors},   {"skipped", summary.skipped}, {"findings", summary.findings},
                    {"by_severity", sev},         {"by_rule", rules},         {"failing", summary.failing},
                    {"tickets", summary.tickets}, {"tickets_by_owner", summary.tickets_by_owner},
                    {"accepted", summary.accepted},
                    {"expired_acceptances", summary.expired_acceptances},
                    {"baseline_matched", summary.baseline_matched},
                    {"omitted", summary.omitted},
                    {"exit_code", exit_status(summary)}};
  ordered_json files = ordered_json::array();
  for (const auto& file : report.files) {
    ordered_json jf;
    jf["path"] = file.path;
    jf["format"] = file.format;
    jf["status"] = file_status_name(file.status);
    jf["error"] = file.error.empty() ? ordered_json(nullptr) : ordered_json(file.error);
    jf["size"] = file.size;
    jf["streams"] = file.streams;
    ordered_json findings = ordered_json::array();
    for (const auto& f : file.findings) {
      ordered_json also_at = ordered_json::array();
      for (const auto& place : f.also_at) also_at.push_back(location(place));
      findings.push_back({{"rule_id", f.rule_id},
                          {"category", f.category},
                          {"severity", severity_name(f.severity)},
                          {"title", f.title},
                          {"cwe", f.cwe},
                          {"owasp_llm", f.owasp_llm},
                          {"owner", f.owner},
                          {"release_decision", f.release_decision},
                          {"retest", f.retest},
                          {"help_uri", f.help_uri},
                          {"fix", f.fix},
                          {"fp_risk", f.fp_risk},
                          {"location", location(f.location)},
                          {"evidence", f.evidence},
                          {"opcode", f.opcode},
                          {"module", f.module},
                          {"name", f.name},
                          {"fingerprint", f.fingerprint},
                          {"verdict", verdict_name(f.verdict)},
                          {"acceptance", acceptance(f)},
                          {"also_at", std::move(also_at)},
                          {"also_at_more", f.also_at_more}});
    }
    jf["findings"] = std::move(findings);
    ordered_json omitted = ordered_json::object();
    for (const auto& [rule, n] : file.omitted) omitted[rule] = n;
    jf["omitted"] = std::move(omitted);
    files.push_back(std::move(jf));
  }
  doc["files"] = std::move(files);
  doc["revisions"] = revisions_json(summary);
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sentinel::report
