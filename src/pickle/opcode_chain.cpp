// See opcode_chain.hpp. Argument layouts follow opcodes.hpp's table.
#include "pickle/opcode_chain.hpp"

#include <cstring>

#include "pickle/opcodes.hpp"

namespace sentinel::pickle {
namespace {

std::optional<std::uint64_t> after(std::string_view data, std::uint64_t pos, std::uint64_t n) {
  if (pos > data.size() || n > data.size() - pos) return std::nullopt;
  return pos + n;
}

std::optional<std::uint64_t> after_line(std::string_view data, std::uint64_t pos) {
  if (pos >= data.size()) return std::nullopt;
  const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
  if (nl == nullptr) return std::nullopt;
  return static_cast<std::uint64_t>(static_cast<const char*>(nl) - data.data()) + 1;
}

// A length-prefixed argument: `width` little-endian bytes of length, then the body.
std::optional<std::uint64_t> after_counted(std::string_view data, std::uint64_t pos, unsigned width, bool signed32) {
  const auto body = after(data, pos, width);
  if (!body) return std::nullopt;
  std::uint64_t n = 0;
  for (unsigned i = 0; i < width; ++i) n |= std::uint64_t{static_cast<std::uint8_t>(data[pos + i])} << (8 * i);
  if (signed32 && (n & 0x80000000U) != 0) return std::nullopt;
  return after(data, *body, n);
}

}  // namespace

std::optional<std::uint64_t> opcode_end(std::string_view data, std::uint64_t pos) {
  if (pos >= data.size()) return std::nullopt;
  const OpcodeInfo* info = opcode_info(static_cast<std::uint8_t>(data[pos]));
  if (info == nullptr) return std::nullopt;
  const std::uint64_t arg = pos + 1;
  switch (info->arg) {
    case ArgKind::None: return arg;
    case ArgKind::U1: return after(data, arg, 1);
    case ArgKind::U2: return after(data, arg, 2);
    case ArgKind::I4:
    case ArgKind::U4: return after(data, arg, 4);
    case ArgKind::U8:
    case ArgKind::Float8: return after(data, arg, 8);
    case ArgKind::Long1:
    case ArgKind::String1:
    case ArgKind::Bytes1:
    case ArgKind::Unicode1: return after_counted(data, arg, 1, false);
    case ArgKind::Long4:
    case ArgKind::String4: return after_counted(data, arg, 4, true);
    case ArgKind::Bytes4:
    case ArgKind::Unicode4: return after_counted(data, arg, 4, false);
    case ArgKind::Bytes8:
    case ArgKind::ByteArray8:
    case ArgKind::Unicode8: return after_counted(data, arg, 8, false);
    case ArgKind::DecimalLine:
    case ArgKind::LongLine:
    case ArgKind::FloatLine:
    case ArgKind::QuotedLine:
    case ArgKind::UnicodeLine:
    case ArgKind::AsciiLine: return after_line(data, arg);
    case ArgKind::LinePair: {
      const auto first = after_line(data, arg);
      return first ? after_line(data, *first) : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace sentinel::pickle
