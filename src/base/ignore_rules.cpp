// See ignore_rules.hpp.
#include "base/ignore_rules.hpp"

#include <set>
#include <utility>

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

// Matches glob[g..] against text[t..]: iterative, with one backtracking point
// for `*` (linear in each); `**/` takes zero folders or one more, and the
// (g, t) pairs known to fail are remembered, so chains of `**/` stay
// polynomial: each pair is worked out once.
bool match_from(std::string_view glob, std::string_view text, std::size_t g, std::size_t t,
                std::set<std::pair<std::size_t, std::size_t>>& failed) {
  if (failed.contains({g, t})) return false;
  const std::size_t start_g = g;
  const std::size_t start_t = t;
  std::size_t star_g = std::string_view::npos;
  std::size_t star_t = 0;
  while (t < text.size() || g < glob.size()) {
    const bool at_component = g == 0 || glob[g - 1] == '/';
    if (g < glob.size() && at_component && glob.substr(g).starts_with("**/")) {
      // Zero folders, or this folder and then zero or more: one step each, so
      // every (g, t) is tried once, however many `**/` follow one another.
      if (match_from(glob, text, g + 3, t, failed)) return true;
      const std::size_t k = text.find('/', t);
      if (k != std::string_view::npos && match_from(glob, text, g, k + 1, failed)) return true;
    } else if (g < glob.size() && at_component && glob.substr(g) == "**") {
      return true;  // everything below
    } else if (g < glob.size() && glob[g] == '*') {
      star_g = g++;
      star_t = t;
      continue;
    } else if (g < glob.size() && t < text.size()) {
      const char c = glob[g];
      std::size_t used = 1;
      bool ok = false;
      if (c == '?') {
        ok = text[t] != '/';
      } else if (c == '[' && (used = match_class(glob.substr(g), text[t], ok)) != 0) {
        ok = ok && text[t] != '/';
      } else if (c == '\\' && g + 1 < glob.size()) {
        ok = glob[g + 1] == text[t];
        used = 2;
      } else {
        used = 1;
        ok = c == text[t];
      }
      if (ok) {
        g += used;
        ++t;
        continue;
      }
    }
    // A mismatch: let the last `*` take one more character, never a `/`.
    if (star_g == std::string_view::npos || star_t >= text.size() || text[star_t] == '/') {
      failed.emplace(start_g, start_t);
      return false;
    }
    g = star_g + 1;
    t = ++star_t;
  }
  return true;
}

}  // namespace

bool glob_matches(std::string_view glob, std::string_view text) {
  std::set<std::pair<std::size_t, std::size_t>> failed;
  return match_from(glob, text, 0, 0, failed);
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
