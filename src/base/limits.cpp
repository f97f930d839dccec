// Named, configurable limits (see include/sentinel/limits.hpp).
#include "sentinel/limits.hpp"

#include <charconv>
#include <utility>

namespace sentinel {
namespace {

struct NamedLimit {
  const char* name;
  std::uint64_t Limits::*member;
};

constexpr NamedLimit kNamedLimits[] = {
    {"file_size", &Limits::max_file_size},
    {"opcodes", &Limits::max_opcodes},
    {"stack_depth", &Limits::max_stack_depth},
    {"mark_depth", &Limits::max_mark_depth},
    {"memo_entries", &Limits::max_memo_entries},
    {"container_items", &Limits::max_container_items},
    {"string_size", &Limits::max_string_size},
    {"nodes", &Limits::max_nodes},
    {"streams", &Limits::max_streams},
    {"nested_depth", &Limits::max_nested_depth},
    {"nested_size", &Limits::max_nested_size},
    {"findings_per_rule", &Limits::max_findings_per_rule},
    {"findings_per_file", &Limits::max_findings_per_file},
    {"seconds", &Limits::max_seconds},
    {"archive_depth", &Limits::max_archive_depth},
    {"archive_entries", &Limits::max_archive_entries},
    {"entry_size", &Limits::max_entry_size},
    {"expanded_size", &Limits::max_expanded_size},
    {"expansion_ratio", &Limits::max_expansion_ratio},
};

}  // namespace

std::optional<std::string> Limits::set(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos) return "limit must be NAME=VALUE: " + std::string(assignment);
  const auto name = assignment.substr(0, eq);
  const auto text = assignment.substr(eq + 1);
  for (const auto& limit : kNamedLimits) {
    if (name != limit.name) continue;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      return "limit " + std::string(name) + ": not a whole number: " + std::string(text);
    }
    this->*(limit.member) = value;
    return std::nullopt;
  }
  return "unknown limit: " + std::string(name);
}

std::vector<std::string> Limits::names() {
  std::vector<std::string> out;
  for (const auto& limit : kNamedLimits) out.emplace_back(limit.name);
  return out;
}

}  // namespace sentinel
