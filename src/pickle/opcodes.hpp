// The pickle opcode table as data: every opcode of protocols 0-5, as named in
// CPython's Lib/pickletools.py, with its argument encoding. The decoder, the
// machine, the disassembler and the assembler are all driven by this table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sentinel::pickle {

enum class Opcode : std::uint8_t {
  MARK = '(', STOP = '.', POP = '0', POP_MARK = '1', DUP = '2', FLOAT = 'F', INT = 'I',
  BININT = 'J', BININT1 = 'K', LONG = 'L', BININT2 = 'M', NONE = 'N', PERSID = 'P',
  BINPERSID = 'Q', REDUCE = 'R', STRING = 'S', BINSTRING = 'T', SHORT_BINSTRING = 'U',
  UNICODE = 'V', BINUNICODE = 'X', APPEND = 'a', BUILD = 'b', GLOBAL = 'c', DICT = 'd',
  EMPTY_DICT = '}', APPENDS = 'e', GET = 'g', BINGET = 'h', INST = 'i', LONG_BINGET = 'j',
  LIST = 'l', EMPTY_LIST = ']', OBJ = 'o', PUT = 'p', BINPUT = 'q', LONG_BINPUT = 'r',
  SETITEM = 's', TUPLE = 't', EMPTY_TUPLE = ')', SETITEMS = 'u', BINFLOAT = 'G',
  PROTO = 0x80, NEWOBJ = 0x81, EXT1 = 0x82, EXT2 = 0x83, EXT4 = 0x84, TUPLE1 = 0x85,
  TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89, LONG1 = 0x8a, LONG4 = 0x8b,
  BINBYTES = 'B', SHORT_BINBYTES = 'C', SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d,
  BINBYTES8 = 0x8e, EMPTY_SET = 0x8f, ADDITEMS = 0x90, FROZENSET = 0x91, NEWOBJ_EX = 0x92,
  STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95, BYTEARRAY8 = 0x96, NEXT_BUFFER = 0x97,
  READONLY_BUFFER = 0x98,
};

// How an opcode's argument is laid out in the stream (pickletools' ArgumentDescriptor).
enum class ArgKind : std::uint8_t {
  None,
  U1,             // uint1
  U2,             // uint2
  I4,             // int4, signed
  U4,             // uint4
  U8,             // uint8
  Long1,          // long1: u8 length, two's complement little-endian
  Long4,          // long4: i32 length, two's complement little-endian
  DecimalLine,    // decimalnl_short (INT, PUT, GET)
  LongLine,       // decimalnl_long (LONG)
  FloatLine,      // floatnl
  Float8,         // float8, big-endian
  QuotedLine,     // stringnl (STRING)
  UnicodeLine,    // unicodestringnl, raw-unicode-escape (UNICODE)
  AsciiLine,      // stringnl_noescape (PERSID)
  LinePair,       // stringnl_noescape_pair (GLOBAL, INST)
  String1,        // string1 (SHORT_BINSTRING)
  String4,        // string4, signed length (BINSTRING)
  Bytes1,         // bytes1
  Bytes4,         // bytes4
  Bytes8,         // bytes8
  ByteArray8,     // bytearray8
  Unicode1,       // unicodestring1
  Unicode4,       // unicodestring4
  Unicode8,       // unicodestring8
};

struct OpcodeInfo {
  std::string_view name;
  Opcode code;
  ArgKind arg;
  std::uint8_t protocol;  // the protocol that introduced it
};

// All 68 opcodes, in pickletools order.
[[nodiscard]] std::span<const OpcodeInfo> opcode_table();
// The table entry for a byte, or nullptr when the byte is not an opcode.
[[nodiscard]] const OpcodeInfo* opcode_info(std::uint8_t byte);
[[nodiscard]] const OpcodeInfo* opcode_by_name(std::string_view name);
[[nodiscard]] std::string_view opcode_name(Opcode op);

}  // namespace sentinel::pickle
