// A set of strings that string_views can look up without allocating.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace sentinel {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

}  // namespace sentinel
