// Assembles the pickle assembly text format (docs/pickle-assembly.md) into
// bytes. Test samples and users' reproductions are written in it, so
// malicious streams live in the repository as readable text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"

namespace sentinel::pickle {

struct AssembledPickle {
  std::string bytes;
  std::vector<std::string> directives;  // the `#!` lines, without the `#!`, trimmed
};

// Errors carry the line number: "line 7: BINPUT: expected an integer".
Expected<AssembledPickle> assemble(std::string_view source);

}  // namespace sentinel::pickle
