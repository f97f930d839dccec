// See ignore_rules.hpp.
#include "base/ignore_rules.hpp"

namespace sentinel {
namespace {

// `[a-z]`, `[!0-9]`: whether `c` is in the class that starts `glob`, and
// the class's length; 0 when the bracket is not closed (then it is literal).
std::size_t match_class(std::string_view glob, char c, bool& in) {
  std::size_t i = 1;
  const bool negate = i < glob.size() && (glob[i] == '!' || glob[i] == '^');
  if (negate) ++i;
  bool found = false;
  for (bool first = true; i < glob.size() && (first || glob[i] != ']'); first = false, ++i) {
    if (i + 2 < glob.size() && glob[i + 1] == '-' && glob[i + 2] != ']') {
      found = found || (glob[i] <= c && c <= glob[i + 2]);
      i += 2;
    } else {
      found = found || glob[i] == c;
    }
  }
  if (i >= glob.size()) return 0;
  in = found != negate;
  return i + 1;
}

}  // namespace

bool glob_matches(std::string_view glob, std::string_view text) {
  while (!glob.empty()) {
    if (glob.starts_with("**/")) {
      // Zero or more whole folders.
      for (std::size_t k = 0;;) {
        if (glob_matches(glob.substr(3), text.substr(k))) return true;
        k = text.find('/', k);
        if (k == std::string_view::npos) return false;
        ++k;
      }
    }
    if (glob == "**") return true;
    if (glob.front() == '*') {
      for (std::size_t k = 0; k <= text.size(); ++k) {
        if (glob_matches(glob.substr(1), text.substr(k))) return true;
        if (k < text.size() && text[k] == '/') return false;
      }
      return false;
    }
    if (text.empty()) return false;
    const char g = glob.front();
    std::size_t used = 1;
    bool ok = false;
    if (g == '?') {
      ok = text.front() != '/';
    } else if (g == '[' && (used = match_class(glob, text.front(), ok)) != 0) {
      ok = ok && text.front() != '/';
    } else if (g == '\\' && glob.size() > 1) {
      ok = glob[1] == text.front();
      used = 2;
    } else {
      used = 1;
      ok = g == text.front();
    }
    if (!ok) return false;
    glob.remove_prefix(used);
    text.remove_prefix(1);
  }
  return text.empty();
}

IgnoreRules::IgnoreRules(const std::vector<std::string>& lines) {
  for (const auto& line : lines) add(line);
}

void IgnoreRules::add(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || ((line.back() == ' ' || line.back() == '\t') &&
                                                   !(line.size() > 1 && line[line.size() - 2] == '\\')))) {
    line.remove_suffix(1);
  }
  if (line.empty() || line.front() == '#') return;
  Rule rule;
  if (line.front() == '!') {
    rule.negate = true;
    line.remove_prefix(1);
  } else if (line.starts_with("\\!") || line.starts_with("\\#")) {
    line.remove_prefix(1);
  }
  if (line.ends_with('/')) {
    rule.directory_only = true;
    line.remove_suffix(1);
  }
  if (line.empty()) return;
  const bool anchored = line.find('/') != std::string_view::npos;
  if (line.front() == '/') line.remove_prefix(1);
  rule.glob = anchored ? std::string(line) : "**/" + std::string(line);
  rules_.push_back(std::move(rule));
}

bool IgnoreRules::excluded(std::string_view path, bool directory) const {
  bool out = false;
  for (const auto& rule : rules_) {
    if (rule.directory_only && !directory) continue;
    if (glob_matches(rule.glob, path)) out = !rule.negate;
  }
  return out;
}

}  // namespace sentinel
