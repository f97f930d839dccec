// SARIF 2.1.0 report for GitHub code scanning and other SARIF consumers. It
// reads the same findings model as the JSON report; the choices a consumer
// cannot infer from the schema (levels, security-severity, URIs) are noted here.
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <string_view>

#include "report/reporters.hpp"

namespace sentinel::report {
namespace {

using nlohmann::ordered_json;

// GitHub ranks alerts by `security-severity` (a CVSS-like score as a string):
// >= 9.0 shows as critical, >= 7.0 high, >= 4.0 medium, > 0 low. The values
// sit inside those bands so each severity lands in the band of the same name.
const char* security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "8.0";
    case Severity::Medium: return "5.5";
    case Severity::Low: return "3.0";
    case Severity::Info: return "0.0";
  }
  return "0.0";
}

// SARIF has three result levels; CRITICAL and HIGH are the default fail_on,
// so they are errors, MEDIUM a warning, the rest notes.
const char* level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low:
    case Severity::Info: return "note";
  }
  return "note";
}

// GitHub's `precision` property is the inverse of the catalogue's
// false-positive risk.
const char* precision(std::string_view fp_risk) {
  if (fp_risk == "LOW") return "very-high";
  if (fp_risk == "MEDIUM") return "high";
  return "medium";
}

// "Dangerous Pickle Execution" -> "DangerousPickleExecution": SARIF's
// reportingDescriptor.name is an identifier-like name, the title is prose.
std::string camel_case(std::string_view title) {
  std::string out;
  bool word_start = true;
  for (const char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) == 0) {
      word_start = true;
      continue;
    }
    out += word_start ? static_cast<char>(std::toupper(u)) : c;
    word_start = false;
  }
  return out;
}

// A URI reference for a path: RFC 3986 unreserved characters and '/' stay,
// every other byte is percent-encoded (so ':' in a first segment cannot read
// as a scheme and bytes that are not UTF-8 stay representable).
std::string percent_encode(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

// Absolute paths become file:// URIs; relative ones stay relative to the
// scan's working directory, which is what %SRCROOT% stands for when the scan
// runs at the repository root (as in CI). A leading "./" is dropped so the
// same file gets the same URI however it was named, as code scanning's
// fingerprints need.
ordered_json artifact_location(std::string_view path) {
  if (path.starts_with('/')) return {{"uri", "file://" + percent_encode(path)}};
  while (path.starts_with("./")) path.remove_prefix(2);
  return {{"uri", percent_encode(path)}, {"uriBaseId", "%SRCROOT%"}};
}

bool is_absolute_uri(std::string_view s) {
  return s.starts_with("https://") || s.starts_with("http://");
}

// Catalogue help_uri values are repository-relative docs paths; SARIF's helpUri
// must be an absolute URI, so a relative path is only named in the help text.
ordered_json rule(const Finding& f, const ToolInfo& tool) {
  std::string cwe_text;
  std::string cwe_markdown;
  ordered_json tags = {"security", f.category};
  for (const auto& cwe : f.cwe) {
    const std::string number = cwe.starts_with("CWE-") ? cwe.substr(4) : cwe;
    tags.push_back("external/cwe/cwe-" + number);
    cwe_text += (cwe_text.empty() ? "" : ", ") + cwe;
    cwe_markdown += (cwe_markdown.empty() ? "" : ", ") + ("[" + cwe + "](https://cwe.mitre.org/data/definitions/" +
                                                          number + ".html)");
  }
  const std::string text = "Fix: " + f.fix + "\nDocumentation: " + f.help_uri + "\nCWE: " + cwe_text +
                           "\nOWASP: " + f.owasp_llm + "\nOwner: " + f.owner +
                           "\nRelease decision: " + f.release_decision + "\nFalse-positive risk: " + f.fp_risk;
  const std::string markdown = "**Fix:** " + f.fix + "\n\n**Documentation:** [" + f.help_uri + "](" + f.help_uri +
                               ")\n\n**CWE:** " + cwe_markdown + "\n\n**OWASP:** " + f.owasp_llm +
                               "\n\n**Owner:** " + f.owner + "\n\n**Release decision:** " + f.release_decision +
                               "\n\n**False-positive risk:** " + f.fp_risk;
  ordered_json r;
  r["id"] = f.rule_id;
  r["name"] = camel_case(f.title);
  r["shortDescription"] = {{"text", f.title}};
  r["fullDescription"] = {{"text", f.title + " (" + severity_name(f.severity) + ", " + cwe_text + ", " +
                                       f.owasp_llm + "): " + f.release_decision}};
  // The rule's documentation when the caller has it: one source for `sentinel
  // explain`, docs/rules and code scanning's help panel.
  const std::string_view doc = tool.rule_documentation ? tool.rule_documentation(f.rule_id) : std::string_view();
  if (doc.empty()) {
    r["help"] = {{"text", text}, {"markdown", markdown}};
  } else {
    r["help"] = {{"text", std::string(doc)}, {"markdown", std::string(doc) + "\n---\n\n" + markdown}};
  }
  if (is_absolute_uri(f.help_uri)) r["helpUri"] = f.help_uri;
  r["defaultConfiguration"] = {{"level", level(f.severity)}};
  r["properties"] = {{"tags", tags},
                     {"security-severity", security_severity(f.severity)},
                     {"precision", precision(f.fp_risk)},
                     {"severity", severity_name(f.severity)},
                     {"fp_risk", f.fp_risk},
                     {"owner", f.owner},
                     {"help_uri", f.help_uri}};
  return r;
}

// An offset is in the decoded stream (docs/containers.md); it addresses the
// artifact's own bytes, as SARIF's region.byteOffset must, only for a plain
// pickle or .npy file with no entry chain. Other offsets stay in properties.
bool offset_is_in_file(const FileReport& file, const Finding& f) {
  return f.location.offset && f.location.chain.empty() && (file.format == "pickle" || file.format == "npy");
}

ordered_json acceptance_properties(const Acceptance& a) {
  return {{"policy_entry", a.entry},
          {"reason", a.reason},
          {"accepted_by", a.accepted_by},
          {"expires", a.expires.empty() ? ordered_json(nullptr) : ordered_json(a.expires)}};
}

ordered_json result(const FileReport& file, const Finding& f, std::size_t rule_index) {
  const Location& loc = f.location;
  ordered_json physical = {{"artifactLocation", artifact_location(loc.path)}};
  // A line inside an entry (a notebook's cell) is no line of the file itself.
  if (loc.line && loc.chain.empty()) {
    physical["region"] = {{"startLine", *loc.line}, {"startColumn", loc.column.value_or(1)}};
  } else if (offset_is_in_file(file, f)) {
    physical["region"] = {{"byteOffset", *loc.offset}};
  }
  ordered_json location = {{"physicalLocation", physical}};
  if (!loc.chain.empty()) {
    std::string qualified = loc.path;
    for (const auto& entry : loc.chain) qualified.append(1, '!').append(entry);
    location["logicalLocations"] = ordered_json::array(
        {{{"name", loc.chain.back()}, {"fullyQualifiedName", qualified}, {"kind", "resource"}}});
  }

  ordered_json props;
  props["severity"] = severity_name(f.severity);
  props["verdict"] = verdict_name(f.verdict);
  props["owner"] = f.owner;
  props["release_decision"] = f.release_decision;
  props["retest"] = f.retest;
  props["fp_risk"] = f.fp_risk;
  props["owasp_llm"] = f.owasp_llm;
  props["opcode"] = f.opcode;
  props["module"] = f.module;
  props["name"] = f.name;
  props["location"] = loc.display();
  props["chain"] = loc.chain;
  props["offset"] = loc.offset ? ordered_json(*loc.offset) : ordered_json(nullptr);
  props["stream"] = loc.stream ? ordered_json(*loc.stream) : ordered_json(nullptr);
  if (!loc.origin.empty()) props["origin"] = loc.origin;
  // An expired acceptance is no suppression (the finding fails again), but the
  // reader should see which policy entry lapsed.
  if (f.acceptance && f.acceptance->expired) props["expired_acceptance"] = acceptance_properties(*f.acceptance);

  ordered_json r;
  r["ruleId"] = f.rule_id;
  r["ruleIndex"] = rule_index;
  r["level"] = level(f.severity);
  r["message"] = {{"text", f.title + ": " + f.evidence}};
  r["locations"] = ordered_json::array({location});
  r["partialFingerprints"] = {{"sentinelFingerprint/v1", f.fingerprint}};
  if (f.acceptance && !f.acceptance->expired) {
    r["suppressions"] = ordered_json::array({{{"kind", "external"},
                                              {"status", "accepted"},
                                              {"justification", f.acceptance->reason},
                                              {"properties", acceptance_properties(*f.acceptance)}}});
  }
  r["properties"] = std::move(props);
  return r;
}

}  // namespace

void write_sarif(std::ostream& out, const ScanReport& report, const Summary& summary, const ToolInfo& tool) {
  // The report layer sits below the rule catalogue, so the rules are the ones
  // the findings carry: each rule ID once, sorted, fields from its first finding.
  std::map<std::string, const Finding*> first_by_rule;
  for (const auto& file : report.files) {
    for (const auto& f : file.findings) first_by_rule.try_emplace(f.rule_id, &f);
  }
  ordered_json rules = ordered_json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& [id, f] : first_by_rule) {
    rule_index[id] = rules.size();
    rules.push_back(rule(*f, tool));
  }

  ordered_json results = ordered_json::array();
  ordered_json notifications = ordered_json::array();
  for (const auto& file : report.files) {
    for (const auto& f : file.findings) results.push_back(result(file, f, rule_index.at(f.rule_id)));
    if (file.status == FileStatus::Error) {
      const ordered_json where = {{"physicalLocation", {{"artifactLocation", artifact_location(file.path)}}}};
      notifications.push_back({{"level", "error"},
                               {"message", {{"text", file.path + ": " + file.error}}},
                               {"locations", ordered_json::array({where})}});
    }
  }

  // No informationUri: the project has no published home page yet, and a
  // made-up one would send readers nowhere.
  ordered_json driver = {{"name", tool.name}, {"version", tool.version}, {"rules", std::move(rules)}};
  ordered_json invocation = {{"executionSuccessful", summary.errors == 0},
                             {"toolExecutionNotifications", std::move(notifications)},
                             {"exitCode", exit_status(summary)}};
  ordered_json run = {{"tool", {{"driver", std::move(driver)}}},
                      {"invocations", ordered_json::array({std::move(invocation)})},
                      {"results", std::move(results)}};
  ordered_json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                      {"version", "2.1.0"},
                      {"runs", ordered_json::array({std::move(run)})}};
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace sentinel::report
