// Opcode table data; see opcodes.hpp. Order and names follow pickletools.opcodes
// (a test checks them against the machine's Python).
#include "pickle/opcodes.hpp"

#include <array>

namespace sentinel::pickle {
namespace {

using enum Opcode;
using A = ArgKind;

constexpr OpcodeInfo kTable[] = {
    {"INT", INT, A::DecimalLine, 0},
    {"BININT", BININT, A::I4, 1},
    {"BININT1", BININT1, A::U1, 1},
    {"BININT2", BININT2, A::U2, 1},
    {"LONG", LONG, A::LongLine, 0},
    {"LONG1", LONG1, A::Long1, 2},
    {"LONG4", LONG4, A::Long4, 2},
    {"STRING", STRING, A::QuotedLine, 0},
    {"BINSTRING", BINSTRING, A::String4, 1},
    {"SHORT_BINSTRING", SHORT_BINSTRING, A::String1, 1},
    {"BINBYTES", BINBYTES, A::Bytes4, 3},
    {"SHORT_BINBYTES", SHORT_BINBYTES, A::Bytes1, 3},
    {"BINBYTES8", BINBYTES8, A::Bytes8, 4},
    {"BYTEARRAY8", BYTEARRAY8, A::ByteArray8, 5},
    {"NEXT_BUFFER", NEXT_BUFFER, A::None, 5},
    {"READONLY_BUFFER", READONLY_BUFFER, A::None, 5},
    {"NONE", NONE, A::None, 0},
    {"NEWTRUE", NEWTRUE, A::None, 2},
    {"NEWFALSE", NEWFALSE, A::None, 2},
    {"UNICODE", UNICODE, A::UnicodeLine, 0},
    {"SHORT_BINUNICODE", SHORT_BINUNICODE, A::Unicode1, 4},
    {"BINUNICODE", BINUNICODE, A::Unicode4, 1},
    {"BINUNICODE8", BINUNICODE8, A::Unicode8, 4},
    {"FLOAT", FLOAT, A::FloatLine, 0},
    {"BINFLOAT", BINFLOAT, A::Float8, 1},
    {"EMPTY_LIST", EMPTY_LIST, A::None, 1},
    {"APPEND", APPEND, A::None, 0},
    {"APPENDS", APPENDS, A::None, 1},
    {"LIST", LIST, A::None, 0},
    {"EMPTY_TUPLE", EMPTY_TUPLE, A::None, 1},
    {"TUPLE", TUPLE, A::None, 0},
    {"TUPLE1", TUPLE1, A::None, 2},
    {"TUPLE2", TUPLE2, A::None, 2},
    {"TUPLE3", TUPLE3, A::None, 2},
    {"EMPTY_DICT", EMPTY_DICT, A::None, 1},
    {"DICT", DICT, A::None, 0},
    {"SETITEM", SETITEM, A::None, 0},
    {"SETITEMS", SETITEMS, A::None, 1},
    {"EMPTY_SET", EMPTY_SET, A::None, 4},
    {"ADDITEMS", ADDITEMS, A::None, 4},
    {"FROZENSET", FROZENSET, A::None, 4},
    {"POP", POP, A::None, 0},
    {"DUP", DUP, A::None, 0},
    {"MARK", MARK, A::None, 0},
    {"POP_MARK", POP_MARK, A::None, 1},
    {"GET", GET, A::DecimalLine, 0},
    {"BINGET", BINGET, A::U1, 1},
    {"LONG_BINGET", LONG_BINGET, A::U4, 1},
    {"PUT", PUT, A::DecimalLine, 0},
    {"BINPUT", BINPUT, A::U1, 1},
    {"LONG_BINPUT", LONG_BINPUT, A::U4, 1},
    {"MEMOIZE", MEMOIZE, A::None, 4},
    {"EXT1", EXT1, A::U1, 2},
    {"EXT2", EXT2, A::U2, 2},
    {"EXT4", EXT4, A::I4, 2},
    {"GLOBAL", GLOBAL, A::LinePair, 0},
    {"STACK_GLOBAL", STACK_GLOBAL, A::None, 4},
    {"REDUCE", REDUCE, A::None, 0},
    {"BUILD", BUILD, A::None, 0},
    {"INST", INST, A::LinePair, 0},
    {"OBJ", OBJ, A::None, 1},
    {"NEWOBJ", NEWOBJ, A::None, 2},
    {"NEWOBJ_EX", NEWOBJ_EX, A::None, 4},
    {"PROTO", PROTO, A::U1, 2},
    {"STOP", STOP, A::None, 0},
    {"FRAME", FRAME, A::U8, 4},
    {"PERSID", PERSID, A::AsciiLine, 0},
    {"BINPERSID", BINPERSID, A::None, 1},
};

constexpr std::array<const OpcodeInfo*, 256> make_index() {
  std::array<const OpcodeInfo*, 256> index{};
  for (const auto& info : kTable) index[static_cast<std::uint8_t>(info.code)] = &info;
  return index;
}

constexpr auto kIndex = make_index();

}  // namespace

std::span<const OpcodeInfo> opcode_table() { return kTable; }

const OpcodeInfo* opcode_info(std::uint8_t byte) { return kIndex[byte]; }

const OpcodeInfo* opcode_by_name(std::string_view name) {
  for (const auto& info : kTable) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::string_view opcode_name(Opcode op) {
  const auto* info = opcode_info(static_cast<std::uint8_t>(op));
  return info != nullptr ? info->name : std::string_view("<unknown>");
}

}  // namespace sentinel::pickle
