// See trusted_globals_merge.hpp.
#include "policy/trusted_globals_merge.hpp"

#include <vector>

#include "policy/policy.hpp"

namespace sentinel::policy {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The top-level `trusted_globals:` key line, plain or quoted.
bool is_key_line(std::string_view line) {
  for (const std::string_view key : {"trusted_globals", "\"trusted_globals\"", "'trusted_globals'"}) {
    if (!line.starts_with(key)) continue;
    const auto colon = line.find_first_not_of(" \t", key.size());
    if (colon != std::string_view::npos && line[colon] == ':') return true;
  }
  return false;
}

// A line of the block's value: indented, and not a comment or blank.
bool is_value_line(std::string_view line) {
  const auto first = line.find_first_not_of(" \t\r");
  return !line.empty() && (line[0] == ' ' || line[0] == '\t') && first != std::string_view::npos && line[first] != '#';
}

bool same_policy_but_trust(const Policy& a, const Policy& b) {
  return a.category == b.category && a.fail_on == b.fail_on && a.ticket_on == b.ticket_on && a.retest == b.retest &&
         a.rules.size() == b.rules.size() && a.allow.size() == b.allow.size();
}

}  // namespace

std::string trusted_globals_block(const GlobalNames& globals) {
  if (globals.empty()) return "trusted_globals: {}\n";
  std::string out = "trusted_globals:\n";
  for (const auto& [module, names] : globals) {
    out += "  " + quoted(module) + ": [";
    bool first = true;
    for (const auto& name : names) {
      out += (first ? "" : ", ") + quoted(name);
      first = false;
    }
    out += "]\n";
  }
  return out;
}

Expected<MergedPolicy> merge_trusted_globals(std::string_view policy_text, const std::string& source,
                                             const GlobalNames& globals) {
  auto before = parse_policy(policy_text, source);
  if (!before) return before.error();
  GlobalNames merged = before->trusted_globals;
  MergedPolicy out;
  for (const auto& [module, names] : globals) {
    for (const auto& name : names) {
      if (policy_trusts(*before, module, name)) continue;
      merged[module].insert(name);
      ++out.added;
    }
  }
  if (out.added == 0) {
    out.text = std::string(policy_text);
    return out;
  }
  // The block is the key line and the indented lines of its value; comments
  // and blank lines among them stay, after the rewritten block.
  std::vector<std::string> lines = split_lines(policy_text);
  std::size_t key = 0;
  while (key < lines.size() && !is_key_line(lines[key])) ++key;
  std::string block = trusted_globals_block(merged);
  block.pop_back();  // the line joins below add the newlines
  if (key == lines.size()) {
    lines.push_back(block);
  } else {
    lines[key] = block;
    for (std::size_t i = key + 1; i < lines.size();) {
      const std::string& line = lines[i];
      if (!line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '#') break;  // the next top-level key
      if (is_value_line(line)) {
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
  }
  for (const auto& line : lines) out.text += line + "\n";
  const auto after = parse_policy(out.text, source);
  if (!after || after->trusted_globals != merged || !same_policy_but_trust(*before, *after)) {
    return Error{source + ": cannot merge into this file's trusted_globals (" +
                 (after ? std::string("its layout is not one this rewrite understands") : after.error().message) +
                 "); add the printed snippet by hand"};
  }
  return out;
}

}  // namespace sentinel::policy
