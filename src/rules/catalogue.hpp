// The rule registry: every rule ID with its fixed metadata, declared once.
// Reports, policies and CLI text all read it (../shared/spec/rules.md).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sentinel/finding.hpp"

namespace sentinel::rules {

struct RuleInfo {
  std::string_view id;
  std::string_view category;
  std::string_view title;
  Severity severity;
  std::vector<std::string_view> cwe;
  std::string_view fp_risk;
  std::string_view owner;
  std::string_view fix;
  std::string_view summary;  // when it fires, one sentence
};

[[nodiscard]] std::span<const RuleInfo> rule_catalogue();
[[nodiscard]] const RuleInfo* find_rule(std::string_view id);
// Source rules (PICKLE-SRC-*) judge Python code and come from `sentinel code`;
// the others judge artifacts and come from `sentinel artifact`.
[[nodiscard]] bool is_source_rule(const RuleInfo& rule);
[[nodiscard]] std::string_view release_decision(Severity s);
// The rule's documentation (docs/rules/<ID>.md, compiled in): what `sentinel
// explain` prints and what SARIF help carries. Empty for an unknown ID.
[[nodiscard]] std::string_view rule_documentation(std::string_view id);
inline constexpr std::string_view kOwaspLlm = "LLM03: Supply Chain";

// POSIX single-quoting, so a retest command can be pasted whatever the path.
[[nodiscard]] std::string shell_quote(const std::string& text);

// A finding of `rule` with every catalogue field filled; `retest_target` is the
// top-level path the retest command scans.
[[nodiscard]] Finding make_finding(const RuleInfo& rule, Location location, std::string evidence,
                                   const std::string& retest_target);

}  // namespace sentinel::rules
