// Protocol-0 argument parsing against the behaviour of Modules/_pickle.c.
#include <gtest/gtest.h>

#include <cmath>

#include "pickle/text_forms.hpp"

namespace sentinel::pickle {
namespace {

TEST(TextForms, IntLineUsesStrtolBaseZero) {
  bool is_bool = false;
  EXPECT_EQ(parse_int_line("42", is_bool)->value, 42);
  EXPECT_FALSE(is_bool);
  EXPECT_EQ(parse_int_line("0x10", is_bool)->value, 16);
  EXPECT_EQ(parse_int_line("010", is_bool)->value, 8);  // strtol octal, as _pickle.c
  EXPECT_EQ(parse_int_line("-7", is_bool)->value, -7);
  EXPECT_FALSE(parse_int_line("abc", is_bool).has_value());
  EXPECT_FALSE(parse_int_line("", is_bool).has_value());
}

TEST(TextForms, IntLineTwoCharacterBools) {
  bool is_bool = false;
  EXPECT_EQ(parse_int_line("01", is_bool)->value, 1);
  EXPECT_TRUE(is_bool);
  EXPECT_EQ(parse_int_line("00", is_bool)->value, 0);
  EXPECT_TRUE(is_bool);
  EXPECT_EQ(parse_int_line("1", is_bool)->value, 1);
  EXPECT_FALSE(is_bool);
}

TEST(TextForms, IntLineFallsBackToBigInt) {
  bool is_bool = false;
  const auto v = parse_int_line("123456789012345678901234567890", is_bool);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->small);
  EXPECT_EQ(v->decimal, "123456789012345678901234567890");
}

TEST(TextForms, LongLineStripsSuffix) {
  EXPECT_EQ(parse_long_line("12L")->value, 12);
  EXPECT_EQ(parse_long_line("-0x1f")->value, -31);
  EXPECT_EQ(parse_long_line("1_000")->value, 1000);
  EXPECT_FALSE(parse_long_line("1__0").has_value());
  EXPECT_FALSE(parse_long_line("010").has_value());  // int('010', 0) is a SyntaxError-like ValueError
  EXPECT_EQ(parse_long_line("-9223372036854775808")->value, INT64_MIN);
  EXPECT_FALSE(parse_long_line("9223372036854775808")->small);
}

TEST(TextForms, HugeIntegersStayLinear) {
  // CPython 3.11 refuses decimal text over 4300 digits.
  EXPECT_TRUE(parse_long_line(std::string(4300, '7')).has_value());
  EXPECT_FALSE(parse_long_line(std::string(4301, '7')).has_value());
  bool is_bool = false;
  EXPECT_FALSE(parse_int_line(std::string(200000, '9'), is_bool).has_value());
  // Power-of-two bases keep their own notation, whatever the size.
  const auto hex = parse_long_line("0x" + std::string(100000, 'F'));
  ASSERT_TRUE(hex.has_value());
  EXPECT_EQ(hex->decimal.size(), 100002U);
  EXPECT_EQ(parse_long_line("-0X1_0000_0000_0000_0000")->decimal, "-0x10000000000000000");
  // Long binary payloads render in hex past 64 bytes.
  const auto big = decode_long_bytes(std::string(400000, '\x7f'));
  EXPECT_EQ(big.decimal.substr(0, 4), "0x7f");
  EXPECT_EQ(decode_long_bytes(std::string(100, '\xff') + std::string(1, '\x80')).decimal.substr(0, 5), "-0x7f");
}

TEST(TextForms, DecimalIndex) {
  EXPECT_EQ(parse_decimal_index("3")->value, 3);
  EXPECT_EQ(parse_decimal_index(" 3 ")->value, 3);
  EXPECT_FALSE(parse_decimal_index("0x3").has_value());
}

TEST(TextForms, FloatLine) {
  EXPECT_DOUBLE_EQ(*parse_float_line("1.5"), 1.5);
  EXPECT_DOUBLE_EQ(*parse_float_line("-2e3"), -2000.0);
  EXPECT_TRUE(std::isinf(*parse_float_line("inf")));
  EXPECT_FALSE(parse_float_line("1.5x").has_value());
  EXPECT_FALSE(parse_float_line(" 1.5").has_value());
}

TEST(TextForms, QuotedStringEscapes) {
  EXPECT_EQ(*decode_quoted_string("'os'"), "os");
  EXPECT_EQ(*decode_quoted_string("\"a\\x41\\n\\101\""), "aA\nA");
  EXPECT_EQ(*decode_quoted_string("'a\\qb'"), "a\\qb");
  EXPECT_FALSE(decode_quoted_string("os").has_value());
  EXPECT_FALSE(decode_quoted_string("'os\"").has_value());
  EXPECT_FALSE(decode_quoted_string("'a\\x4'").has_value());
  EXPECT_FALSE(decode_quoted_string("'").has_value());
}

TEST(TextForms, RawUnicodeEscape) {
  EXPECT_EQ(*decode_raw_unicode_escape("os"), "os");
  EXPECT_EQ(*decode_raw_unicode_escape("\\u0073ystem"), "system");
  EXPECT_EQ(*decode_raw_unicode_escape("\\\\u0073"), "\\\\u0073");  // even backslashes: literal
  EXPECT_EQ(*decode_raw_unicode_escape("\xe9"), "\xc3\xa9");       // latin-1 byte -> U+00E9
  EXPECT_EQ(*decode_raw_unicode_escape("\\U0001F600"), "\xf0\x9f\x98\x80");
  EXPECT_FALSE(decode_raw_unicode_escape("\\u00").has_value());
  EXPECT_FALSE(decode_raw_unicode_escape("\\U00110000").has_value());
}

TEST(TextForms, Utf8Surrogatepass) {
  EXPECT_TRUE(valid_utf8_surrogatepass("abc\xc3\xa9"));
  EXPECT_TRUE(valid_utf8_surrogatepass("\xed\xa0\x80"));  // lone surrogate, allowed
  EXPECT_FALSE(valid_utf8_surrogatepass("\xc0\xaf"));     // overlong
  EXPECT_FALSE(valid_utf8_surrogatepass("\xff"));
  EXPECT_FALSE(valid_utf8_surrogatepass("\xe2\x82"));
}

TEST(TextForms, LongBytesTwosComplement) {
  EXPECT_EQ(decode_long_bytes("").value, 0);
  EXPECT_EQ(decode_long_bytes("\xff").value, -1);
  EXPECT_EQ(decode_long_bytes(std::string_view("\x00\x01", 2)).value, 256);
  EXPECT_EQ(decode_long_bytes(std::string_view("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10)).decimal,
            "119547037146038801333356");  // torch's legacy MAGIC_NUMBER
}

TEST(TextForms, CReadingEndsNumbersAtANul) {
  bool is_bool = false;
  EXPECT_EQ(parse_int_line(std::string("7\0junk", 6), is_bool)->value, 7);
  EXPECT_EQ(parse_int_line(std::string("\0" "1", 2), is_bool)->value, 0);  // strtol stops at the NUL
  EXPECT_TRUE(is_bool);
  EXPECT_EQ(parse_long_line(std::string("12\0x", 4))->value, 12);
  EXPECT_DOUBLE_EQ(*parse_float_line(std::string("1.5\0z", 5)), 1.5);
  EXPECT_EQ(parse_decimal_index(std::string("3\0\0", 3))->value, 3);
  // pickle.py's int() and float() refuse a NUL.
  EXPECT_FALSE(parse_int_line(std::string("7\0junk", 6), is_bool, Unpickler::Python).has_value());
  EXPECT_FALSE(parse_long_line(std::string("12\0x", 4), Unpickler::Python).has_value());
  EXPECT_FALSE(parse_float_line(std::string("1.5\0z", 5), Unpickler::Python).has_value());
  EXPECT_FALSE(parse_decimal_index(std::string("3\0", 2), Unpickler::Python).has_value());
}

TEST(TextForms, PythonReadingTakesWhatIntAndFloatTake) {
  bool is_bool = false;
  EXPECT_DOUBLE_EQ(*parse_float_line("1_0.5", Unpickler::Python), 10.5);
  EXPECT_FALSE(parse_float_line("1_0.5").has_value());
  EXPECT_DOUBLE_EQ(*parse_float_line(" 2.5 ", Unpickler::Python), 2.5);
  EXPECT_TRUE(std::isinf(*parse_float_line("1e999", Unpickler::Python)));
  EXPECT_FALSE(parse_float_line("1e999").has_value());
  EXPECT_FALSE(parse_float_line("1__0", Unpickler::Python).has_value());
  EXPECT_FALSE(parse_float_line("0x1p3", Unpickler::Python).has_value());
  EXPECT_FALSE(parse_float_line("_1", Unpickler::Python).has_value());
  EXPECT_FALSE(parse_int_line("010", is_bool, Unpickler::Python).has_value());  // int('010\n', 0)
  EXPECT_EQ(parse_int_line("010", is_bool)->value, 8);
  EXPECT_EQ(parse_int_line("01", is_bool, Unpickler::Python)->value, 1);
  EXPECT_TRUE(is_bool);
  EXPECT_EQ(parse_int_line(" 1_000 ", is_bool, Unpickler::Python)->value, 1000);
  EXPECT_FALSE(is_bool);
}

TEST(TextForms, BigIntegersInAnyBaseHaveTheirValue) {
  // int('223372036854775808', 24) and other bases that are not powers of two
  // are converted, not kept as their digits.
  EXPECT_EQ(parse_python_int("223372036854775808", 24)->decimal, "607412627222522447204360");
  EXPECT_EQ(parse_python_int("-zzzzzzzzzzzzzz", 36)->decimal, "-6140942214464815497215");
  // Power-of-two bases become hex however they were written.
  EXPECT_EQ(parse_python_int("1" + std::string(64, '0'), 2)->decimal, "0x10000000000000000");
  EXPECT_EQ(parse_python_int("0o2000000000000000000000", 0)->decimal, "0x10000000000000000");
  EXPECT_EQ(parse_python_int("vvvvvvvvvvvvvvvv", 32)->decimal, "0xffffffffffffffffffff");
  EXPECT_EQ(parse_python_int("000ffffffffffffffffff", 16)->decimal, "0xffffffffffffffffff");
  // The digit limit applies to those other bases, as in CPython 3.11.
  EXPECT_FALSE(parse_python_int(std::string(4301, '7'), 9).has_value());
  EXPECT_TRUE(parse_python_int(std::string(5000, '7'), 8).has_value());
}

TEST(TextForms, LongBytesWithSignExtensionAreTheirValue) {
  // LONG4 of 70 bytes all 0xff is -1, however long the encoding.
  const auto minus_one = decode_long_bytes(std::string(70, '\xff'));
  EXPECT_TRUE(minus_one.small);
  EXPECT_EQ(minus_one.value, -1);
  // Hex past 64 bytes has no leading zero digit.
  EXPECT_EQ(decode_long_bytes(std::string(65, '\0') + "\x0f").decimal, "0xf" + std::string(130, '0'));
}

}  // namespace
}  // namespace sentinel::pickle
