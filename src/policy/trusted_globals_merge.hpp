// `sentinel allowlist --from DIR --merge FILE`: the globals found are added
// to an existing policy's trusted_globals, the rest of the file as it was.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace sentinel::policy {

using GlobalNames = std::map<std::string, std::set<std::string>>;  // module -> names

// A `trusted_globals:` block, every key and name a YAML double-quoted scalar
// (names may hold any character a pickle can).
[[nodiscard]] std::string trusted_globals_block(const GlobalNames& globals);

struct MergedPolicy {
  std::string text;
  std::size_t added = 0;  // names the policy did not trust yet
};

// The policy text with `globals` added to its trusted_globals. Only that
// block is rewritten (its entries in sorted order); every other line,
// comments included, stays as it was. Names the policy already trusts are
// not repeated. An error when the text is no valid policy, or when the result
// would not parse to exactly the old policy plus these names.
[[nodiscard]] Expected<MergedPolicy> merge_trusted_globals(std::string_view policy_text, const std::string& source,
                                                           const GlobalNames& globals);

}  // namespace sentinel::policy
