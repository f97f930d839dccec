// The two reviewed lists that judge an imported global: the trusted ML
// allowlist (exact module/qualname pairs, data/allowlist.txt) and the
// dangerous-callable catalogue (data/dangerous.txt). Both are compiled in.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sentinel::rules {

// Reviewed: an exact name inside a dangerous package that was read and found
// harmless (torch.jit._pickle.build_intlist returns its argument); it
// overrides the package's `*` entry and nothing else.
enum class DangerClass : std::uint8_t { Exec, Risky, Reviewed };

struct DangerEntry {
  std::string module;
  std::string pattern;  // exact qualname, "prefix*", or "*"
  DangerClass klass;
  std::string note;
};

// A dangerous entry matched by a global, and the (module, name) split that
// matched it (for `pathlib` + `os.system` that is `os` + `system`).
struct DangerMatch {
  const DangerEntry* entry = nullptr;
  std::string module;
  std::string name;
};

class GlobalLists {
 public:
  // The compiled-in lists.
  static const GlobalLists& builtin();
  // Parses list texts; malformed lines are reported in `errors`.
  GlobalLists(std::string_view allowlist, std::string_view dangerous, std::vector<std::string>& errors);

  [[nodiscard]] bool allowed(std::string_view module, std::string_view qualname) const;
  // The most severe entry matching the global as imported, or as reached by
  // walking its dotted name (`torch` + `serialization.pickle.loads` reaches
  // `pickle` + `loads`); Exec beats Risky.
  [[nodiscard]] DangerMatch danger(std::string_view module, std::string_view qualname) const;
  [[nodiscard]] std::size_t allowlist_size() const { return allowed_.size(); }
  [[nodiscard]] std::size_t danger_size() const { return danger_count_; }

 private:
  [[nodiscard]] const DangerEntry* lookup(std::string_view module, std::string_view qualname) const;
  std::unordered_set<std::string> allowed_;  // "module qualname"
  std::unordered_map<std::string, std::vector<DangerEntry>> danger_;  // by module
  std::size_t danger_count_ = 0;
};

}  // namespace sentinel::rules
