// Protocol-0 argument parsing; see text_forms.hpp for the CPython functions
// each parser follows.
#include "pickle/text_forms.hpp"

#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

namespace sentinel::pickle {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// What a C parser of the NUL-terminated line copy sees: _pickle.c accepts a
// number that ends at a NUL, so "12\0junk" is 12 (PyLong_FromString and
// PyOS_string_to_double stop there).
std::string_view c_string(std::string_view s) { return s.substr(0, s.find('\0')); }

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Decimal text of an arbitrary-size magnitude held as base-1e9 limbs.
std::string limbs_to_decimal(const std::vector<std::uint32_t>& limbs, bool negative) {
  std::string out;
  for (std::size_t i = limbs.size(); i-- > 0;) {
    std::string part = std::to_string(limbs[i]);
    if (i + 1 != limbs.size()) part.insert(0, 9 - part.size(), '0');
    out += part;
  }
  if (out.empty()) out = "0";
  if (negative && out != "0") out.insert(0, "-");
  return out;
}

// Multiplies the base-1e9 magnitude by `base` and adds `digit`.
void limbs_mul_add(std::vector<std::uint32_t>& limbs, std::uint32_t base, std::uint32_t digit) {
  std::uint64_t carry = digit;
  for (auto& limb : limbs) {
    const std::uint64_t v = std::uint64_t{limb} * base + carry;
    limb = static_cast<std::uint32_t>(v % 1000000000U);
    carry = v / 1000000000U;
  }
  while (carry != 0) {
    limbs.push_back(static_cast<std::uint32_t>(carry % 1000000000U));
    carry /= 1000000000U;
  }
}

ParsedInt make_int(const std::vector<std::uint32_t>& limbs, bool negative) {
  // Fits in int64 when the magnitude does not overflow 64 bits and is in range.
  std::uint64_t mag = 0;
  bool overflow = false;
  for (std::size_t i = limbs.size(); i-- > 0;) {
    overflow = overflow || __builtin_mul_overflow(mag, std::uint64_t{1000000000U}, &mag) ||
               __builtin_add_overflow(mag, std::uint64_t{limbs[i]}, &mag);
  }
  const std::uint64_t max_pos = std::numeric_limits<std::int64_t>::max();
  if (!overflow && mag <= max_pos + (negative ? 1 : 0)) {
    const auto v = negative ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
    return ParsedInt{true, v, {}};
  }
  return ParsedInt{false, 0, limbs_to_decimal(limbs, negative)};
}

// Digits of a power-of-two base (`bits` per digit) as 0x-hex without leading
// zeros: exact and linear however long the text, as no base conversion runs.
std::string binary_digits_to_hex(std::string_view digits, int bits, bool negative) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string reversed;
  std::uint64_t acc = 0;
  int held = 0;
  for (std::size_t i = digits.size(); i-- > 0;) {
    acc |= static_cast<std::uint64_t>(digit_value(digits[i])) << held;
    held += bits;
    for (; held >= 4; held -= 4, acc >>= 4) reversed.push_back(kHex[acc & 15]);
  }
  if (held > 0) reversed.push_back(kHex[acc & 15]);
  while (reversed.size() > 1 && reversed.back() == '0') reversed.pop_back();
  return std::string(negative ? "-0x" : "0x") + std::string(reversed.rbegin(), reversed.rend());
}

}  // namespace

std::optional<ParsedInt> parse_python_int(std::string_view text, int base) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  bool leading_zero_only = false;
  if (base == 0) {
    if (i + 1 < text.size() && text[i] == '0') {
      const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i + 1])));
      if (p == 'x' || p == 'o' || p == 'b') {
        base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
      }
    }
    if (base == 0) {
      base = 10;
      leading_zero_only = i < text.size() && text[i] == '0';
    } else {
      i += 2;
      if (i < text.size() && text[i] == '_') ++i;  // int('0x_1f', 0) is valid
    }
  }
  std::string digits;
  bool nonzero = false;
  bool last_underscore = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      if (digits.empty() || last_underscore) return std::nullopt;
      last_underscore = true;
      continue;
    }
    const int d = digit_value(c);
    if (d >= base) break;
    last_underscore = false;
    nonzero = nonzero || d != 0;
    digits.push_back(c);
  }
  if (digits.empty() || last_underscore) return std::nullopt;
  // Base 0 rejects decimal literals with leading zeros ("010"), as Python does.
  if (leading_zero_only && nonzero) return std::nullopt;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i != text.size()) return std::nullopt;
  // CPython 3.11 refuses text over 4300 digits in any base that is not a
  // power of two (sys.int_info default_max_str_digits); the limit also keeps
  // this parser's base conversion bounded.
  constexpr std::size_t kMaxDigits = 4300;
  const bool binary_base = std::has_single_bit(static_cast<unsigned>(base));
  if (!binary_base && digits.size() > kMaxDigits) return std::nullopt;
  std::uint64_t mag = 0;
  bool overflow = false;
  for (const char c : digits) {
    overflow = overflow || __builtin_mul_overflow(mag, static_cast<std::uint64_t>(base), &mag) ||
               __builtin_add_overflow(mag, static_cast<std::uint64_t>(digit_value(c)), &mag);
  }
  const std::uint64_t max_pos = std::numeric_limits<std::int64_t>::max();
  if (!overflow && mag <= max_pos + (negative ? 1 : 0)) {
    return ParsedInt{true, negative ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag), {}};
  }
  if (binary_base) return ParsedInt{false, 0, binary_digits_to_hex(digits, std::countr_zero(static_cast<unsigned>(base)), negative)};
  std::vector<std::uint32_t> limbs;
  for (const char c : digits) limbs_mul_add(limbs, static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(digit_value(c)));
  return make_int(limbs, negative);
}

std::optional<ParsedInt> parse_int_line(std::string_view line, bool& is_bool, Unpickler reading) {
  is_bool = false;
  if (reading == Unpickler::Python) {
    // load_int: data == b'00\n' / b'01\n' are bools, anything else int(data, 0).
    if (line == "00" || line == "01") {
      is_bool = true;
      return ParsedInt{true, line[1] - '0', {}};
    }
    return parse_python_int(std::string(line) + '\n', 0);
  }
  if (line.empty()) return std::nullopt;  // _pickle.c: len < 2 is a bad readline
  // strtol(s, &endptr, 0) on the NUL-terminated line (newline included).
  std::string copy(line);
  copy.push_back('\n');
  errno = 0;
  char* end = nullptr;
  const long x = std::strtol(copy.c_str(), &end, 0);
  // load_int accepts strtol's answer when it stops at the newline or at a
  // NUL ("\x001" is 0: strtol converts nothing and stops at the NUL).
  const bool strtol_ok = errno == 0 && (*end == '\n' || *end == '\0');
  if (!strtol_ok) return parse_python_int(c_string(copy), 0);
  if (line.size() == 2 && (x == 0 || x == 1)) is_bool = true;
  return ParsedInt{true, static_cast<std::int64_t>(x), {}};
}

std::optional<ParsedInt> parse_long_line(std::string_view line, Unpickler reading) {
  if (!line.empty() && line.back() == 'L') line.remove_suffix(1);
  return parse_python_int(reading == Unpickler::C ? c_string(line) : line, 0);
}

std::optional<ParsedInt> parse_decimal_index(std::string_view line, Unpickler reading) {
  if (line.empty()) return std::nullopt;
  return parse_python_int(reading == Unpickler::C ? c_string(line) : line, 10);
}

namespace {

// float(text) as Python parses a decimal literal: surrounding whitespace,
// single underscores between digits, inf/infinity/nan, overflow to inf.
std::optional<double> parse_python_float(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::string t;
  t.reserve(text.size());
  const auto digit_at = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      if (i == 0 || !digit_at(i - 1) || !digit_at(i + 1)) return std::nullopt;
      continue;
    }
    t.push_back(text[i]);
  }
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  std::string word = t.substr(i);
  for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (word != "inf" && word != "infinity" && word != "nan") {
    // digits [. digits] | . digits, then an optional exponent: no hex, no nan(...).
    std::size_t int_digits = 0;
    std::size_t frac_digits = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++int_digits;
    if (i < t.size() && t[i] == '.') {
      ++i;
      while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++frac_digits;
    }
    if (int_digits + frac_digits == 0) return std::nullopt;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
      ++i;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      if (i >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
      while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    }
    if (i != t.size()) return std::nullopt;
  }
  // strtod gives +-HUGE_VAL on overflow, as Python's float() returns inf.
  return std::strtod(t.c_str(), nullptr);
}

}  // namespace

std::optional<double> parse_float_line(std::string_view line, Unpickler reading) {
  if (reading == Unpickler::Python) return parse_python_float(line);
  std::string_view t = c_string(line);
  bool negative = false;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    negative = t[0] == '-';
    t.remove_prefix(1);
  }
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string l = lower(t);
  double v = 0;
  if (l == "inf" || l == "infinity") {
    v = std::numeric_limits<double>::infinity();
  } else if (l == "nan") {
    v = std::numeric_limits<double>::quiet_NaN();
  } else {
    if (t.empty() || !(std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '.')) return std::nullopt;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
      // PyOS_string_to_double raises OverflowError only for overflow; underflow
      // gives 0. from_chars leaves `v` alone then, so strtod tells them apart.
      if (std::isinf(std::strtod(std::string(t).c_str(), nullptr))) return std::nullopt;
      v = 0;
    } else if (ec != std::errc{}) {
      return std::nullopt;
    }
    if (end != t.data() + t.size()) return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<std::string> decode_quoted_string(std::string_view line) {
  // load_string: strip the newline, then require matching outer quotes.
  if (line.size() < 2 || line.front() != line.back() || (line.front() != '\'' && line.front() != '"')) {
    return std::nullopt;
  }
  const std::string_view s = line.substr(1, line.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= s.size()) return std::nullopt;  // "Trailing \ in string"
    const char e = s[i];
    switch (e) {
      case '\n': break;
      case '\\': out.push_back('\\'); break;
      case '\'': out.push_back('\''); break;
      case '"': out.push_back('"'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 'v': out.push_back('\v'); break;
      case 'a': out.push_back('\a'); break;
      case 'x': {
        if (i + 2 >= s.size()) return std::nullopt;  // "invalid \x escape"
        const int hi = digit_value(s[i + 1]);
        const int lo = digit_value(s[i + 2]);
        if (hi >= 16 || lo >= 16) return std::nullopt;  // "invalid \x escape"
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0';
          for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k) {
            v = v * 8 + (s[++i] - '0');
          }
          out.push_back(static_cast<char>(v & 0xff));
        } else {
          // Unknown escapes keep the backslash (a DeprecationWarning in CPython).
          out.push_back('\\');
          out.push_back(e);
        }
    }
  }
  return out;
}

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::optional<std::string> decode_raw_unicode_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '\\') {
      append_utf8(out, static_cast<std::uint8_t>(s[i]));
      ++i;
      continue;
    }
    // \u escapes count only after an odd number of backslashes.
    const std::size_t start = i;
    while (i < s.size() && s[i] == '\\') ++i;
    const std::size_t run = i - start;
    if ((run & 1) == 0 || i >= s.size() || (s[i] != 'u' && s[i] != 'U')) {
      out.append(run, '\\');
      continue;
    }
    out.append(run - 1, '\\');
    int count = s[i] == 'u' ? 4 : 8;
    ++i;
    std::uint32_t cp = 0;
    for (; count > 0; --count, ++i) {
      if (i >= s.size()) return std::nullopt;
      const int d = digit_value(s[i]);
      if (d >= 16) return std::nullopt;  // "truncated \uXXXX escape"
      cp = cp * 16 + static_cast<std::uint32_t>(d);
    }
    if (cp > 0x10FFFF) return std::nullopt;
    append_utf8(out, cp);
  }
  return out;
}

bool is_ascii(std::string_view bytes) {
  // Eight bytes at a time: strings are the bulk of opcode-dense pickles.
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < bytes.size(); ++i) {
    if (static_cast<unsigned char>(bytes[i]) >= 0x80) return false;
  }
  return true;
}

bool valid_utf8_surrogatepass(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF) return false;
    i += len;
  }
  return true;
}

void negate_le(std::vector<std::uint8_t>& bytes) {
  unsigned carry = 1;
  for (auto& b : bytes) {
    const unsigned v = static_cast<std::uint8_t>(~b) + carry;
    b = static_cast<std::uint8_t>(v & 0xFF);
    carry = v >> 8;
  }
}

ParsedInt decode_long_bytes(std::string_view bytes) {
  if (bytes.empty()) return ParsedInt{true, 0, {}};
  const bool negative = (static_cast<std::uint8_t>(bytes.back()) & 0x80) != 0;
  // Magnitude of a two's complement value: invert and add one when negative.
  std::vector<std::uint8_t> mag(bytes.begin(), bytes.end());
  if (negative) negate_le(mag);
  // Sign-extension bytes carry no value: 70 bytes can still be -1.
  while (mag.size() > 1 && mag.back() == 0) mag.pop_back();
  // Decimal costs time quadratic in the length: past 64 bytes, hex (linear).
  constexpr std::size_t kMaxDecimalBytes = 64;
  if (mag.size() > kMaxDecimalBytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = negative ? "-0x" : "0x";
    for (std::size_t i = mag.size(); i-- > 0;) {
      if (i + 1 != mag.size() || mag[i] >> 4 != 0) out.push_back(kHex[mag[i] >> 4]);
      out.push_back(kHex[mag[i] & 15]);
    }
    return ParsedInt{false, 0, std::move(out)};
  }
  std::vector<std::uint32_t> limbs;
  for (std::size_t i = mag.size(); i-- > 0;) limbs_mul_add(limbs, 256, mag[i]);
  return make_int(limbs, negative);
}

}  // namespace sentinel::pickle
