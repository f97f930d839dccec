// Rule registry data (IDs, severities, CWE, owners fixed by the spec).
#include "rules/catalogue.hpp"

#include <utility>

namespace sentinel::data {
extern const std::pair<std::string_view, std::string_view> k_files[];
extern const std::size_t k_file_count;
}  // namespace sentinel::data

namespace sentinel::rules {
namespace {

constexpr std::string_view kModelOwner = "AI/ML platform or model release owner";

const std::vector<RuleInfo>& table() {
  static const std::vector<RuleInfo> rules = {
      {"PICKLE-EXEC", "PICKLE", "Dangerous Pickle Execution", Severity::Critical, {"CWE-502"}, "LOW", kModelOwner,
       "do not load this file; convert the model to a non-executable format (safetensors, ONNX) from a trusted "
       "source, or load only trusted artifacts with a restricted unpickler and an explicit allowlist",
       "the stream imports or calls something that runs code, spawns processes, loads code or deserializes a "
       "nested payload when the file is loaded"},
      {"PICKLE-GLOBAL-IMPORT", "PICKLE", "Unexpected Global Import", Severity::High, {"CWE-502", "CWE-829"}, "MEDIUM",
       kModelOwner,
       "review where the artifact came from, pin source checksums, and allow only the expected model classes and "
       "tensor containers",
       "the stream imports a global outside the trusted ML allowlist"},
      {"PICKLE-STRUCT", "PICKLE", "Pickle Opcode Structural Tampering", Severity::High, {"CWE-915"}, "MEDIUM",
       kModelOwner,
       "re-export the model from a trusted build pipeline and compare the artifact hash against a signed release "
       "manifest",
       "the stream has structure a clean writer does not produce and that can hide execution from shallow scanners"},
      {"PICKLE-SRC-UNSAFE-LOAD", "PICKLE", "Unsafe Deserialization Call", Severity::High, {"CWE-502"}, "MEDIUM",
       kModelOwner, "load safetensors/ONNX, or pass weights_only=True, or guard the load with an allowlist",
       "code calls a pickle-family deserializer"},
      {"PICKLE-SRC-TAINTED-LOAD", "PICKLE", "Untrusted Data Reaches Deserialization", Severity::Critical, {"CWE-502"},
       "LOW", kModelOwner, "never deserialize pickle data from an untrusted source; load safetensors/ONNX instead",
       "data from an untrusted source reaches a pickle-family deserializer"},
      {"PICKLE-SRC-UNPINNED", "PICKLE", "Unpinned Model Download", Severity::Medium, {"CWE-494", "CWE-829"}, "LOW",
       kModelOwner, "pin revision= to a commit hash and verify checksums",
       "a model is downloaded without a revision pinned to a full commit hash"},
  };
  return rules;
}

}  // namespace

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::span<const RuleInfo> rule_catalogue() { return table(); }

std::string_view rule_documentation(std::string_view id) {
  for (std::size_t i = 0; i < data::k_file_count; ++i) {
    const auto& [name, text] = data::k_files[i];
    if (name.size() == id.size() + 3 && name.starts_with(id) && name.ends_with(".md")) return text;
  }
  return {};
}

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& r : table()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool is_source_rule(const RuleInfo& rule) { return rule.id.starts_with("PICKLE-SRC-"); }

std::string_view release_decision(Severity s) {
  switch (s) {
    case Severity::Critical:
      return "block the release; do not promote the artifact or code path until it is isolated";
    case Severity::High:
      return "release gate; remediation or an explicit, recorded risk acceptance is required";
    case Severity::Medium: return "open a ticket; the release may proceed";
    case Severity::Low:
    case Severity::Info: return "informational";
  }
  return "informational";
}

Finding make_finding(const RuleInfo& rule, Location location, std::string evidence, const std::string& retest_target) {
  Finding f;
  f.rule_id = rule.id;
  f.category = rule.category;
  f.severity = rule.severity;
  f.title = rule.title;
  for (const auto c : rule.cwe) f.cwe.emplace_back(c);
  f.owasp_llm = kOwaspLlm;
  f.owner = rule.owner;
  f.release_decision = release_decision(rule.severity);
  // Source rules are closed by `sentinel code`, artifact rules by `sentinel artifact`.
  const char* command = is_source_rule(rule) ? "code" : "artifact";
  f.retest = std::string("sentinel ") + command + " --rule " + std::string(rule.id) + " " + shell_quote(retest_target);
  f.help_uri = "docs/rules/" + std::string(rule.id) + ".md";
  f.fix = rule.fix;
  f.fp_risk = rule.fp_risk;
  f.location = std::move(location);
  f.evidence = std::move(evidence);
  return f;
}

}  // namespace sentinel::rules
