// SARIF 2.1.0 report for GitHub code scanning and other SARIF consumers. It
// reads the same findings model as the JSON report; the choices a consumer
// cannot infer from the schema (levels, security-severity, URIs) are noted here.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <string_view>
#include <vector>

#include "report/caps.hpp"
#include "report/gate_properties.hpp"
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

// Whether a PICKLE-STRUCT finding says a limit stopped the reading: its
// evidence kind is `limit-reached`, or a reader's own (`zip-limit-reached`).
bool stopped_at_limit(std::string_view evidence) {
  const std::string_view kind = evidence.substr(0, evidence.find(':'));
  return kind.size() < evidence.size() && (kind == "limit-reached" || kind.ends_with("-limit-reached"));
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
bool offset_is_in_file(const FileReport& file, const Location& at) {
  return at.offset && at.chain.empty() && (file.format == "pickle" || file.format == "npy");
}

ordered_json acceptance_properties(const Acceptance& a) {
  return {{"policy_entry", a.entry},
          {"reason", a.reason},
          {"accepted_by", a.accepted_by},
          {"expires", a.expires.empty() ? ordered_json(nullptr) : ordered_json(a.expires)}};
}

ordered_json sarif_location(const FileReport& file, const Location& loc) {
  ordered_json physical = {{"artifactLocation", artifact_location(loc.path)}};
  // A line inside an entry (a notebook's cell, a TorchScript code record) is
  // no line of the file itself, and a binary artifact has none: such
  // locations are line 1, since GitHub code scanning places alerts by line.
  if (loc.line && loc.chain.empty()) {
    physical["region"] = {{"startLine", *loc.line}, {"startColumn", loc.column.value_or(1)}};
  } else {
    physical["region"] = {{"startLine", 1}};
    if (offset_is_in_file(file, loc)) physical["region"]["byteOffset"] = *loc.offset;
  }
  ordered_json location = {{"physicalLocation", physical}};
  if (!loc.chain.empty()) {
    std::string qualified = loc.path;
    for (const auto& entry : loc.chain) qualified.append(1, '!').append(entry);
    location["logicalLocations"] = ordered_json::array(
        {{{"name", loc.chain.back()}, {"fullyQualifiedName", qualified}, {"kind", "resource"}}});
  }
  return location;
}

// `fingerprint`: the finding's, made unique within the run (fingerprints mask
// offsets, so a repeated payload in one file shares one; code scanning would
// merge such results into one alert).
ordered_json result(const FileReport& file, const Finding& f, std::size_t rule_index, const std::string& fingerprint) {
  const Location& loc = f.location;
  const ordered_json location = sarif_location(file, loc);

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
  if (f.also_at_more > 0) props["also_at_more"] = f.also_at_more;
  // An expired acceptance is no suppression (the finding fails again), but the
  // reader should see which policy entry lapsed.
  if (f.acceptance && f.acceptance->expired) props["expired_acceptance"] = acceptance_properties(*f.acceptance);

  ordered_json r;
  r["ruleId"] = f.rule_id;
  r["ruleIndex"] = rule_index;
  r["level"] = level(f.severity);
  r["message"] = {{"text", f.title + ": " + f.evidence}};
  r["locations"] = ordered_json::array({location});
  // The same finding at further places (identical bytes under other names).
  if (!f.also_at.empty()) {
    ordered_json related = ordered_json::array();
    for (const auto& place : f.also_at) {
      ordered_json at = sarif_location(file, place);
      at["id"] = related.size() + 1;
      at["message"] = {{"text", "the same bytes, the same finding"}};
      related.push_back(std::move(at));
    }
    r["relatedLocations"] = std::move(related);
  }
  r["partialFingerprints"] = {{"sentinelFingerprint/v1", fingerprint}};
  if (f.acceptance && !f.acceptance->expired) {
    r["suppressions"] = ordered_json::array({{{"kind", "external"},
                                              {"status", "accepted"},
                                              {"justification", f.acceptance->reason},
                                              {"properties", acceptance_properties(*f.acceptance)}}});
  }
  r["properties"] = std::move(props);
  return r;
}

std::string dumped(const ordered_json& doc) { return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace); }

// GitHub code scanning's upload limits (docs/sarif-report.md has the sources):
// results per run, and the gzip-compressed file size. Staying under the size
// uncompressed keeps any upload under it, and still leaves room for more
// results than code scanning displays (the top 5,000 by severity).
constexpr std::size_t kMaxResults = 25000;
constexpr std::size_t kMaxBytes = 10'000'000;
constexpr std::size_t kMaxLocationsPerResult = 1000;
// Each result has one location and its also_at places as related locations.
static_assert(Finding::kMaxAlsoAt + 1 <= kMaxLocationsPerResult);
// Room kept for the run's truncation notice and properties.
constexpr std::size_t kReserve = 4096;
// A result sits four levels deep in the log: each of its lines is indented
// by that much more than when dumped alone, and a comma and newline follow.
constexpr std::size_t kResultIndent = 8;

struct UploadCut {
  std::size_t results = 0;
};

// Adds the findings' results in listing order, leaving out the least severe
// (non-failing first at equal severity) past the result count or size.
UploadCut add_results(ordered_json& results, const ScanReport& report, const std::map<std::string, std::size_t>& rule_index,
                      std::size_t base_size) {
  struct Slot {
    const FileReport* file;
    const Finding* finding;
    ordered_json result;
    std::string fingerprint;
  };
  // The second and later findings with one fingerprint get ":2", ":3", ... in
  // listing order, before any is left out, so the numbers do not depend on the cut.
  std::vector<Slot> slots;
  std::map<std::string, std::size_t> seen;
  for (const auto& file : report.files) {
    for (const auto& f : file.findings) {
      const std::size_t n = ++seen[f.fingerprint];
      slots.push_back({&file, &f, nullptr, n == 1 ? f.fingerprint : f.fingerprint + ":" + std::to_string(n)});
    }
  }
  std::vector<std::size_t> by_priority(slots.size());
  std::iota(by_priority.begin(), by_priority.end(), std::size_t{0});
  std::stable_sort(by_priority.begin(), by_priority.end(),
                   [&](std::size_t a, std::size_t b) { return kept_before(*slots[a].finding, *slots[b].finding); });
  UploadCut cut;
  std::size_t size = base_size + kReserve;
  std::size_t kept = 0;
  for (const std::size_t i : by_priority) {
    Slot& slot = slots[i];
    if (cut.results == 0 && kept < kMaxResults) {
      ordered_json r = result(*slot.file, *slot.finding, rule_index.at(slot.finding->rule_id), slot.fingerprint);
      const std::string text = dumped(r);
      const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
      const std::size_t needed = text.size() + lines * kResultIndent + 2;
      if (size + needed <= kMaxBytes) {
        size += needed;
        ++kept;
        slot.result = std::move(r);
        continue;
      }
    }
    ++cut.results;
  }
  for (auto& slot : slots) {
    if (!slot.result.is_null()) results.push_back(std::move(slot.result));
  }
  return cut;
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

  ordered_json notifications = ordered_json::array();
  for (const auto& file : report.files) {
    const ordered_json where = {{"physicalLocation", {{"artifactLocation", artifact_location(file.path)}}}};
    if (file.status == FileStatus::Error) {
      notifications.push_back({{"level", "error"},
                               {"message", {{"text", file.path + ": " + file.error}}},
                               {"locations", ordered_json::array({where})}});
    }
    // A limit that stopped the reading leaves the file partly unexamined:
    // shown where code scanning shows the tool's own problems, as well as a finding.
    for (const auto& f : file.findings) {
      if (stopped_at_limit(f.evidence)) {
        notifications.push_back({{"level", "warning"},
                                 {"message", {{"text", f.location.display() + ": scan incomplete: " + f.evidence}}},
                                 {"locations", ordered_json::array({where})}});
      }
    }
    for (const auto& [rule_id, n] : file.omitted) {
      notifications.push_back({{"level", "warning"},
                               {"message", {{"text", file.path + ": " + std::to_string(n) + " more " + rule_id +
                                                         " finding(s) not listed (limits findings_per_rule, "
                                                         "findings_per_file)"}}},
                               {"locations", ordered_json::array({where})}});
    }
  }

  // A skip is no error (the run can pass), but code scanning should still
  // show what was not examined and why.
  for (const auto& file : report.files) {
    if (file.status != FileStatus::Skipped) continue;
    notifications.push_back(
        {{"level", "note"},
         {"message", {{"text", file.path + ": skipped: " + file.error}}},
         {"locations",
          ordered_json::array({{{"physicalLocation", {{"artifactLocation", artifact_location(file.path)}}}}})}});
  }

  // No informationUri: the project has no published home page yet, and a
  // made-up one would send readers nowhere.
  ordered_json driver = {{"name", tool.name}, {"version", tool.version}, {"rules", std::move(rules)}};
  ordered_json invocation = {{"executionSuccessful", summary.errors == 0},
                             {"toolExecutionNotifications", std::move(notifications)},
                             {"exitCode", exit_status(summary)}};
  ordered_json run = {{"tool", {{"driver", std::move(driver)}}},
                      {"invocations", ordered_json::array({std::move(invocation)})},
                      {"results", ordered_json::array()}};
  ordered_json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                      {"version", "2.1.0"},
                      {"runs", ordered_json::array({std::move(run)})}};
  ordered_json& the_run = doc["runs"][0];
  const UploadCut cut = add_results(the_run["results"], report, rule_index, dumped(doc).size());
  if (cut.results > 0) {
    the_run["invocations"][0]["toolExecutionNotifications"].push_back(
        {{"level", "warning"},
         {"message", {{"text", std::to_string(cut.results) + " result(s) left out, the least severe first: GitHub code "
                                   "scanning accepts at most " + std::to_string(kMaxResults) + " results per run and " +
                                   std::to_string(kMaxBytes) + " bytes per file; the JSON report lists them"}}}});
  }
  the_run["properties"] = {{"omitted_findings", summary.omitted},
                           {"omitted_results", cut.results},
                           {"policy", policy_properties(report.policy)},
                           {"revisions", revisions_json(summary)}};
  out << dumped(doc) << '\n';
}

}  // namespace sentinel::report
