// Exclusion patterns with .gitignore semantics (gitignore(5)), for
// `--exclude` and `--exclude-from`: `*`, `?` and `[...]` stop at `/`; `**`
// spans folders; a pattern with a `/` before its end is anchored at the
// scanned folder, one without matches a name at any depth; a trailing `/`
// matches folders only; `!` re-includes; the last matching pattern wins; a
// `#` line is a comment. An excluded folder is not entered, so nothing under
// it can be re-included (as in git).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sentinel {

class IgnoreRules {
 public:
  IgnoreRules() = default;
  explicit IgnoreRules(const std::vector<std::string>& lines);

  void add(std::string_view line);
  [[nodiscard]] bool empty() const { return rules_.empty(); }
  // `path` is relative to the scanned folder, `/`-separated.
  [[nodiscard]] bool excluded(std::string_view path, bool directory) const;

 private:
  struct Rule {
    std::string glob;  // anchored: "**/" prefixed when the pattern may match at any depth
    bool negate = false;
    bool directory_only = false;
  };
  std::vector<Rule> rules_;
};

// Whether a glob matches the whole of `text` (`*`, `?`, `[...]` within one
// path component, `**/`, `/**`).
[[nodiscard]] bool glob_matches(std::string_view glob, std::string_view text);

}  // namespace sentinel
