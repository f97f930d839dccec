// The trust catalogue that judges an imported global: the trusted ML
// allowlist (exact module/qualname pairs, data/allowlist.txt), the
// dangerous-callable catalogue (data/dangerous.txt) and the callable
// contracts (data/contracts.txt). All are compiled in; rules read them here.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "rules/callable_contracts.hpp"

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
  GlobalLists(std::string_view allowlist, std::string_view dangerous, std::string_view contracts,
              std::vector<std::string>& errors);

  [[nodiscard]] bool allowed(std::string_view module, std::string_view qualname) const;
  // Which libraries and Debian generations wrote an allowlisted name; null
  // when it is not allowlisted.
  [[nodiscard]] const std::string* provenance(std::string_view module, std::string_view qualname) const;
  // Allowlisted, or reviewed with an exact contract.
  [[nodiscard]] bool trusted(std::string_view module, std::string_view qualname) const;
  // What calling the global does: its exact contract; else, for an allowlisted
  // name that is not dangerous, the `*` contract of its package; else null.
  [[nodiscard]] const Contract* contract(std::string_view module, std::string_view qualname) const;
  // The exact contract of a trusted name (judged by role, not by danger).
  [[nodiscard]] const Contract* exact_contract(std::string_view module, std::string_view qualname) const;
  // What calling the global returns or deserialises, trusted or not: its exact
  // contract, including those marked `dangerous`; else contract().
  [[nodiscard]] const Contract* behaviour(std::string_view module, std::string_view qualname) const;
  [[nodiscard]] const std::vector<Contract>& contracts() const { return contracts_; }
  // The most severe entry matching the global as imported, or as reached by
  // walking its dotted name (`torch` + `serialization.pickle.loads` reaches
  // `pickle` + `loads`); Exec beats Risky.
  [[nodiscard]] DangerMatch danger(std::string_view module, std::string_view qualname) const;
  [[nodiscard]] std::size_t allowlist_size() const { return allowed_.size(); }
  [[nodiscard]] std::size_t danger_size() const { return danger_count_; }

 private:
  [[nodiscard]] const DangerEntry* lookup(std::string_view module, std::string_view qualname) const;
  std::unordered_map<std::string, std::string> allowed_;  // "module qualname" -> the libraries that wrote it
  std::unordered_map<std::string, std::vector<DangerEntry>> danger_;  // by module
  std::size_t danger_count_ = 0;
  std::vector<Contract> contracts_;
  std::unordered_map<std::string, const Contract*> exact_contracts_;     // "module qualname"
  std::unordered_map<std::string, const Contract*> package_contracts_;  // by module
};

}  // namespace sentinel::rules
