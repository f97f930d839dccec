// Table-driven assembler for docs/pickle-assembly.md.
#include "pickle/assembler.hpp"

#include <bit>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

#include "pickle/opcodes.hpp"
#include "pickle/text_forms.hpp"

namespace sentinel::pickle {
namespace {

class LineParser {
 public:
  explicit LineParser(std::string_view text) : text_(text) {}

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  [[nodiscard]] bool done() {
    skip_space();
    return pos_ >= text_.size() || text_[pos_] == '#';
  }
  std::string_view word() {
    skip_space();
    const auto start = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) && text_[pos_] != '"') ++pos_;
    return text_.substr(start, pos_ - start);
  }
  bool peek_literal() {
    skip_space();
    return pos_ < text_.size() && (text_[pos_] == '"' || text_.substr(pos_, 4) == "hex\"");
  }

  // A string literal ("..."*N or hex"..."); nullopt with `error` set on bad syntax.
  std::optional<std::string> literal(std::string& error) {
    skip_space();
    std::string out;
    if (text_.substr(pos_, 4) == "hex\"") {
      pos_ += 4;
      std::string digits;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (!std::isspace(static_cast<unsigned char>(text_[pos_]))) digits.push_back(text_[pos_]);
        ++pos_;
      }
      if (pos_ >= text_.size() || digits.size() % 2 != 0) {
        error = "bad hex literal";
        return std::nullopt;
      }
      ++pos_;
      for (std::size_t i = 0; i < digits.size(); i += 2) {
        unsigned v = 0;
        const auto [p, ec] = std::from_chars(digits.data() + i, digits.data() + i + 2, v, 16);
        if (ec != std::errc{} || p != digits.data() + i + 2) {
          error = "bad hex digit";
          return std::nullopt;
        }
        out.push_back(static_cast<char>(v));
      }
      return out;
    }
    if (pos_ >= text_.size() || text_[pos_] != '"') {
      error = "expected a string literal";
      return std::nullopt;
    }
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) {
        error = "unterminated string literal";
        return std::nullopt;
      }
      const char c = text_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) {
        error = "unterminated escape";
        return std::nullopt;
      }
      const char e = text_[pos_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case '0': out.push_back('\0'); break;
        case '\\': out.push_back('\\'); break;
        case '"': out.push_back('"'); break;
        case 'x': {
          unsigned v = 0;
          const auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + std::min(pos_ + 2, text_.size()), v, 16);
          if (ec != std::errc{} || p != text_.data() + pos_ + 2) {
            error = "bad \\x escape";
            return std::nullopt;
          }
          pos_ += 2;
          out.push_back(static_cast<char>(v));
          break;
        }
        default: error = std::string("unknown escape \\") + e; return std::nullopt;
      }
    }
    if (pos_ < text_.size() && text_[pos_] == '*') {
      ++pos_;
      const auto count = integer(error);
      if (!count || *count < 0) {
        if (error.empty()) error = "bad repeat count";
        return std::nullopt;
      }
      // Bounded: a sample is test input, not a way to allocate gigabytes.
      constexpr std::size_t kMaxLiteral = std::size_t{1} << 26;
      if (out.empty()) return out;
      if (static_cast<std::uint64_t>(*count) > kMaxLiteral / out.size()) {
        error = "repeated literal larger than 64 MiB";
        return std::nullopt;
      }
      std::string repeated;
      repeated.reserve(out.size() * static_cast<std::size_t>(*count));
      for (std::int64_t i = 0; i < *count; ++i) repeated += out;
      out = std::move(repeated);
    }
    return out;
  }

  std::optional<std::int64_t> integer(std::string& error) {
    const std::string_view w = word();
    std::string_view digits = w;
    bool negative = false;
    if (!digits.empty() && digits[0] == '-') {
      negative = true;
      digits.remove_prefix(1);
    }
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      base = 16;
      digits.remove_prefix(2);
    }
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (digits.empty() || ec != std::errc{} || p != digits.data() + digits.size()) {
      error = "expected an integer, got '" + std::string(w) + "'";
      return std::nullopt;
    }
    return negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  }

  std::optional<std::string> big_integer(std::string& error) {
    const std::string w(word());
    if (w.empty()) {
      error = "expected an integer";
      return std::nullopt;
    }
    return w;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

void put_le(std::string& out, std::uint64_t v, unsigned width) {
  for (unsigned i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Minimal two's complement little-endian bytes of a decimal or hex integer of
// any size (what pickle.encode_long writes).
std::optional<std::string> encode_long(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::vector<std::uint8_t> mag;  // little-endian magnitude
  for (const char ch : text) {
    unsigned d = 0;
    if (ch >= '0' && ch <= '9') d = static_cast<unsigned>(ch - '0');
    else if (base == 16 && ch >= 'a' && ch <= 'f') d = static_cast<unsigned>(ch - 'a' + 10);
    else if (base == 16 && ch >= 'A' && ch <= 'F') d = static_cast<unsigned>(ch - 'A' + 10);
    else return std::nullopt;
    unsigned carry = d;
    for (auto& b : mag) {
      const unsigned v = b * base + carry;
      b = static_cast<std::uint8_t>(v & 0xFF);
      carry = v >> 8;
    }
    while (carry != 0) {
      mag.push_back(static_cast<std::uint8_t>(carry & 0xFF));
      carry >>= 8;
    }
  }
  while (!mag.empty() && mag.back() == 0) mag.pop_back();
  if (mag.empty()) return std::string();
  if (negative) {
    negate_le(mag);
    if ((mag.back() & 0x80) == 0) mag.push_back(0xFF);
    // Drop redundant sign bytes: 0xFF followed by a byte with the top bit set.
    while (mag.size() > 1 && mag.back() == 0xFF && (mag[mag.size() - 2] & 0x80) != 0) mag.pop_back();
  } else if ((mag.back() & 0x80) != 0) {
    mag.push_back(0);
  }
  return std::string(mag.begin(), mag.end());
}

}  // namespace

Expected<AssembledPickle> assemble(std::string_view source) {
  AssembledPickle out;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= source.size()) {
    const auto nl = source.find('\n', start);
    const std::string_view line = source.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? source.size() + 1 : nl + 1;
    ++line_no;
    auto fail = [&](const std::string& msg) { return Error{"line " + std::to_string(line_no) + ": " + msg}; };
    if (line.substr(0, 2) == "#!") {
      std::string_view d = line.substr(2);
      while (!d.empty() && std::isspace(static_cast<unsigned char>(d.front()))) d.remove_prefix(1);
      while (!d.empty() && std::isspace(static_cast<unsigned char>(d.back()))) d.remove_suffix(1);
      out.directives.emplace_back(d);
      continue;
    }
    LineParser p(line);
    if (p.done()) continue;
    const std::string_view name = p.word();
    std::string error;
    if (name == "RAW") {
      auto lit = p.literal(error);
      if (!lit) return fail("RAW: " + error);
      out.bytes += *lit;
    } else if (name == "FILL") {
      const auto byte = p.integer(error);
      const auto count = byte ? p.integer(error) : std::nullopt;
      if (!count || *count < 0 || *count > (std::int64_t{1} << 26)) {
        return fail("FILL: " + (error.empty() ? "count must be 0..67108864" : error));
      }
      out.bytes.append(static_cast<std::size_t>(*count), static_cast<char>(*byte));
    } else {
      const OpcodeInfo* info = opcode_by_name(name);
      if (info == nullptr) return fail("unknown opcode '" + std::string(name) + "'");
      std::string& b = out.bytes;
      b.push_back(static_cast<char>(info->code));
      const auto prefixed = [&](unsigned width) -> std::optional<Error> {
        std::optional<std::uint64_t> length;
        p.skip_space();
        if (!p.peek_literal()) {
          const std::string_view w = p.word();
          if (w.substr(0, 4) != "len=") return fail(std::string(name) + ": expected a string literal");
          std::uint64_t v = 0;
          std::string_view digits = w.substr(4);
          int base = 10;
          if (digits.substr(0, 2) == "0x") {
            base = 16;
            digits.remove_prefix(2);
          }
          const auto [q, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
          if (ec != std::errc{} || q != digits.data() + digits.size()) return fail(std::string(name) + ": bad len=");
          length = v;
        }
        auto lit = p.literal(error);
        if (!lit) return fail(std::string(name) + ": " + error);
        put_le(b, length.value_or(lit->size()), width);
        b += *lit;
        return std::nullopt;
      };
      const auto line_arg = [&]() -> std::optional<Error> {
        auto lit = p.literal(error);
        if (!lit) return fail(std::string(name) + ": " + error);
        b += *lit;
        b.push_back('\n');
        return std::nullopt;
      };
      const auto fixed = [&](unsigned width) -> std::optional<Error> {
        const auto v = p.integer(error);
        if (!v) return fail(std::string(name) + ": " + error);
        put_le(b, static_cast<std::uint64_t>(*v), width);
        return std::nullopt;
      };
      std::optional<Error> err;
      switch (info->arg) {
        case ArgKind::None: break;
        case ArgKind::U1: err = fixed(1); break;
        case ArgKind::U2: err = fixed(2); break;
        case ArgKind::I4:
        case ArgKind::U4: err = fixed(4); break;
        case ArgKind::U8: err = fixed(8); break;
        case ArgKind::Long1:
        case ArgKind::Long4: {
          const auto text = p.big_integer(error);
          const auto bytes = text ? encode_long(*text) : std::nullopt;
          if (!bytes) return fail(std::string(name) + ": expected an integer");
          put_le(b, bytes->size(), info->arg == ArgKind::Long1 ? 1 : 4);
          b += *bytes;
          break;
        }
        case ArgKind::Float8: {
          const std::string w(p.word());
          double v = 0;
          const auto [q, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
          if (ec != std::errc{} || q != w.data() + w.size()) return fail(std::string(name) + ": expected a float");
          const auto bits = std::bit_cast<std::uint64_t>(v);
          for (int i = 7; i >= 0; --i) b.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
          break;
        }
        case ArgKind::DecimalLine:
        case ArgKind::LongLine:
        case ArgKind::FloatLine:
        case ArgKind::QuotedLine:
        case ArgKind::UnicodeLine:
        case ArgKind::AsciiLine: err = line_arg(); break;
        case ArgKind::LinePair:
          err = line_arg();
          if (!err) err = line_arg();
          break;
        case ArgKind::String1:
        case ArgKind::Bytes1:
        case ArgKind::Unicode1: err = prefixed(1); break;
        case ArgKind::String4:
        case ArgKind::Bytes4:
        case ArgKind::Unicode4: err = prefixed(4); break;
        case ArgKind::Bytes8:
        case ArgKind::ByteArray8:
        case ArgKind::Unicode8: err = prefixed(8); break;
      }
      if (err) return *err;
    }
    if (!p.done()) return fail("unexpected text after the arguments");
  }
  return out;
}

}  // namespace sentinel::pickle
