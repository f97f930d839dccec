// A parser for the Python literal subset that .npy headers use (what
// ast.literal_eval accepts there): dicts, lists, tuples, str, int, True,
// False, None. Parsing, never evaluation: the header is attacker text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"

namespace sentinel::input {

struct Literal {
  enum class Kind : std::uint8_t { None, Bool, Int, Str, Tuple, List, Dict } kind = Kind::None;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;             // Str
  std::vector<Literal> items;   // Tuple, List; Dict: key, value, key, value...

  [[nodiscard]] bool is_sequence() const { return kind == Kind::Tuple || kind == Kind::List; }
  // Dict lookup by string key; nullptr when absent or not a dict.
  [[nodiscard]] const Literal* get(std::string_view key) const;
};

// Parses one literal followed only by whitespace. Depth and size are bounded
// by `max_depth` and the input itself.
[[nodiscard]] Expected<Literal> parse_python_literal(std::string_view text, unsigned max_depth = 32);

}  // namespace sentinel::input
