// `sentinel catalogue NAME`: whether a global is trusted, why, where it came
// from, and what it does as data and when called, from the trust catalogue.
#pragma once

#include <string>
#include <string_view>

#include "rules/global_lists.hpp"

namespace sentinel::rules {

struct TrustExplanation {
  bool known = false;    // some catalogue file speaks of the name
  bool trusted = false;  // importing it is not a finding
  std::string text;      // lines for a person
};

// `dotted` is `module:qualname`, or a dotted path whose split into module and
// qualname is the first (longest module) that a catalogue file knows.
[[nodiscard]] TrustExplanation explain_global(const GlobalLists& lists, std::string_view dotted);

}  // namespace sentinel::rules
