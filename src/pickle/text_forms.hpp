// Parsers for the text arguments of protocol-0 opcodes, as either unpickler
// reads them: Modules/_pickle.c (load_int, load_long, load_float, load_string,
// load_unicode, load_put/load_get) or Lib/pickle.py, where they differ
// (unpickler_dialect.hpp has the table).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pickle/unpickler_dialect.hpp"

namespace sentinel::pickle {

// An integer as CPython builds it: small values exactly, larger ones as their
// canonical decimal text, or as 0x-hex when written in a power-of-two base or
// as long binary (exact without a quadratic base conversion).
struct ParsedInt {
  bool small = true;
  std::int64_t value = 0;
  std::string decimal;  // set when !small: [-]digits, or [-]0x + lowercase hex digits
};

// INT: C: strtol(base 0) with a fallback to int(text, 0); Python: int(line, 0).
// `line` excludes '\n'. `is_bool` is set for the forms that become bools.
[[nodiscard]] std::optional<ParsedInt> parse_int_line(std::string_view line, bool& is_bool,
                                                      Unpickler reading = Unpickler::C);
// LONG: optional trailing 'L' stripped, then int(text, 0).
[[nodiscard]] std::optional<ParsedInt> parse_long_line(std::string_view line, Unpickler reading = Unpickler::C);
// PUT/GET text index: int(text, 10).
[[nodiscard]] std::optional<ParsedInt> parse_decimal_index(std::string_view line, Unpickler reading = Unpickler::C);
// int(text, base) as PyLong_FromString accepts it (whitespace, sign, prefixes
// for base 0, single underscores between digits).
[[nodiscard]] std::optional<ParsedInt> parse_python_int(std::string_view text, int base);
// FLOAT: C: PyOS_string_to_double; Python: float(text).
[[nodiscard]] std::optional<double> parse_float_line(std::string_view line, Unpickler reading = Unpickler::C);
// STRING: outer quotes required, then PyBytes_DecodeEscape.
[[nodiscard]] std::optional<std::string> decode_quoted_string(std::string_view line);
// UNICODE: raw-unicode-escape, result as UTF-8 (surrogates kept, WTF-8 style).
[[nodiscard]] std::optional<std::string> decode_raw_unicode_escape(std::string_view line);
// UTF-8 as CPython's "surrogatepass" decoder accepts it.
[[nodiscard]] bool valid_utf8_surrogatepass(std::string_view bytes);
[[nodiscard]] bool is_ascii(std::string_view bytes);
// Two's complement negation in place over little-endian bytes (invert, add
// one); it turns a negative LONG payload into its magnitude and back.
void negate_le(std::vector<std::uint8_t>& bytes);
// Signed little-endian two's complement (LONG1/LONG4 payloads).
[[nodiscard]] ParsedInt decode_long_bytes(std::string_view bytes);

}  // namespace sentinel::pickle
