// The pickle assembler (docs/pickle-assembly.md): bytes written per opcode
// kind, lying lengths, literals, bounds, and errors with line numbers.
#include <gtest/gtest.h>

#include "pickle/assembler.hpp"

namespace sentinel::pickle {
namespace {

std::string bytes(const std::string& source) {
  auto a = assemble(source);
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().message);
  return a ? a->bytes : std::string();
}

std::string error(const std::string& source) {
  auto a = assemble(source);
  EXPECT_FALSE(a.has_value());
  return a ? std::string() : a.error().message;
}

TEST(Assembler, FixedWidthAndText) {
  EXPECT_EQ(bytes("PROTO 4"), std::string("\x80\x04", 2));
  EXPECT_EQ(bytes("BININT -2"), std::string("J\xfe\xff\xff\xff", 5));
  EXPECT_EQ(bytes("BININT2 0x0102"), std::string("M\x02\x01", 3));
  EXPECT_EQ(bytes("FRAME 3"), std::string("\x95\x03\0\0\0\0\0\0\0", 9));
  EXPECT_EQ(bytes("GLOBAL \"os\" \"system\""), "cos\nsystem\n");
  EXPECT_EQ(bytes("STRING \"'a'\""), "S'a'\n");
  EXPECT_EQ(bytes("BINFLOAT 1.0"), std::string("G\x3f\xf0\0\0\0\0\0\0", 9));
}

TEST(Assembler, LongsAreMinimalTwosComplement) {
  EXPECT_EQ(bytes("LONG1 0"), std::string("\x8a\x00", 2));
  EXPECT_EQ(bytes("LONG1 255"), std::string("\x8a\x02\xff\x00", 4));
  EXPECT_EQ(bytes("LONG1 -1"), std::string("\x8a\x01\xff", 3));
  EXPECT_EQ(bytes("LONG1 -128"), std::string("\x8a\x01\x80", 3));
  EXPECT_EQ(bytes("LONG1 -129"), std::string("\x8a\x02\x7f\xff", 4));
  EXPECT_EQ(bytes("LONG4 256"), std::string("\x8b\x02\0\0\0\x00\x01", 7));
}

TEST(Assembler, LengthPrefixedAndLies) {
  EXPECT_EQ(bytes("SHORT_BINUNICODE \"ab\""), std::string("\x8c\x02" "ab", 4));
  EXPECT_EQ(bytes("BINBYTES len=0x107 \"\""), std::string("B\x07\x01\0\0", 5));
  EXPECT_EQ(bytes("SHORT_BINBYTES hex\"00 ff\""), std::string("C\x02\x00\xff", 4));
  EXPECT_EQ(bytes("RAW \"ab\"*3"), "ababab");
  EXPECT_EQ(bytes("FILL 0x4e 3"), "NNN");
}

TEST(Assembler, DirectivesAndComments) {
  auto a = assemble("#! expect PICKLE-EXEC os.system\n# a comment\nNONE  # trailing\n");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->bytes, "N");
  EXPECT_EQ(a->directives, std::vector<std::string>{"expect PICKLE-EXEC os.system"});
}

TEST(Assembler, ErrorsNameTheLine) {
  EXPECT_EQ(error("NONE\nBOGUS"), "line 2: unknown opcode 'BOGUS'");
  EXPECT_NE(error("BINPUT x").find("line 1: BINPUT"), std::string::npos);
  EXPECT_NE(error("SHORT_BINUNICODE \"abc").find("unterminated"), std::string::npos);
  EXPECT_NE(error("NONE NONE").find("unexpected text"), std::string::npos);
}

TEST(Assembler, RepeatsAreBounded) {
  // Found by the pasm fuzzer: an empty literal repeated 9e18 times.
  EXPECT_EQ(bytes("RAW \"\"*9000000000000000000"), "");
  EXPECT_NE(error("RAW \"ab\"*9000000000000000000").find("64 MiB"), std::string::npos);
  EXPECT_FALSE(assemble("FILL 0 9000000000000").has_value());
}

}  // namespace
}  // namespace sentinel::pickle
