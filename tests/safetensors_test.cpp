// safetensors files are recognised by their structure, not by the first bytes
// alone (a header length can spell a codec's magic), and a header the
// library's reader refuses is reported. Files are written at test time the way
// safetensors' writer lays them out.
#include <gtest/gtest.h>

#include <string>

#include "input/decompress.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

std::string le64(std::uint64_t n) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return out;
}

// A header padded with spaces to `length` bytes (the writer pads to a multiple
// of 8; any JSON whitespace is accepted), then `data`.
std::string safetensors(const std::string& header, std::uint64_t length, const std::string& data) {
  EXPECT_LE(header.size(), length);
  return le64(length) + header + std::string(length - header.size(), ' ') + data;
}

// A float32 tensor of `n` elements at data offset 0, as torch writes it.
std::string one_tensor(std::uint64_t length, unsigned n) {
  const std::string header = R"({"__metadata__":{"format":"pt"},"weight":{"dtype":"F32","shape":[)" +
                             std::to_string(n) + R"(],"data_offsets":[0,)" + std::to_string(4 * n) + "]}}";
  std::string data;
  for (unsigned i = 0; i < n; ++i) data += std::string("\x00\x00\x80\x3f", 4);  // 1.0f
  return safetensors(header, length, data);
}

FileReport scan(const std::string& bytes) { return scan_buffer(bytes, "model.safetensors", ScanOptions{}); }

// Header lengths whose first bytes are a zlib header (78 01, 78 5e, 78 9c,
// 78 da) or gzip's magic (1f 8b).
class CodecLookalikeLength : public ::testing::TestWithParam<std::uint64_t> {};
TEST_P(CodecLookalikeLength, IsReadAsSafetensors) {
  const std::string bytes = one_tensor(GetParam(), 16);
  ASSERT_TRUE(input::detect_codec(bytes).has_value()) << "the length must collide with a codec's magic";
  const FileReport report = scan(bytes);
  EXPECT_EQ(report.format, "safetensors");
  EXPECT_TRUE(report.findings.empty()) << test::describe(report.findings);
  EXPECT_EQ(report.status, FileStatus::Skipped);
}
INSTANTIATE_TEST_SUITE_P(Lengths, CodecLookalikeLength,
                         ::testing::Values(0x0178U, 0x5e78U, 0x9c78U, 0xda78U, 0x8b1fU));

TEST(Safetensors, EveryDtypeAndAnEmptyAndAScalarTensorAreValid) {
  const std::string header =
      R"({"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]},)"
      R"("b":{"dtype":"F4","shape":[4],"data_offsets":[4,6]},)"
      R"("c":{"dtype":"F8_E4M3","shape":[],"data_offsets":[6,7]},)"
      R"("d":{"dtype":"I64","shape":[0,3],"data_offsets":[7,7]},)"
      R"("e":{"dtype":"BOOL","shape":[1],"data_offsets":[7,8]}})";
  const FileReport report = scan(safetensors(header, 512, std::string(8, '\x01')));
  EXPECT_EQ(report.format, "safetensors");
  EXPECT_TRUE(report.findings.empty()) << test::describe(report.findings);
}

// Headers safetensors refuses: each is one PICKLE-STRUCT finding that says why.
struct Invalid {
  const char* name;
  std::string header;
  std::string data;
  const char* says;
};
class InvalidHeader : public ::testing::TestWithParam<Invalid> {};
TEST_P(InvalidHeader, IsReported) {
  const FileReport report = scan(safetensors(GetParam().header, 0x0178, GetParam().data));
  EXPECT_EQ(report.format, "safetensors");
  EXPECT_TRUE(test::has_rule(report.findings, "PICKLE-STRUCT", "safetensors-header")) << test::describe(report.findings);
  EXPECT_TRUE(test::has_rule(report.findings, "PICKLE-STRUCT", GetParam().says)) << test::describe(report.findings);
  EXPECT_NE(report.status, FileStatus::Skipped);
}
const std::string k4(4, '\x01');
INSTANTIATE_TEST_SUITE_P(
    Headers, InvalidHeader,
    ::testing::Values(
        Invalid{"not_json", R"({"w":{"dtype":"F32",)", k4, "not valid UTF-8 JSON"},
        Invalid{"not_utf8", "{\"w\xff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", k4, "UTF-8"},
        Invalid{"unknown_dtype", R"({"w":{"dtype":"F128","shape":[1],"data_offsets":[0,4]}})", k4, "unknown dtype"},
        Invalid{"missing_key", R"({"w":{"dtype":"F32","shape":[1]}})", k4, "lacks one of"},
        Invalid{"negative_dim", R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", k4, "non-negative"},
        Invalid{"float_offset", R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}})", k4, "data_offsets"},
        Invalid{"wrong_size", R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", k4, "do not hold the 8"},
        Invalid{"overlap",
                R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})",
                k4, "overlap or leave a gap"},
        Invalid{"gap", R"({"w":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", k4, "overlap or leave a gap"},
        Invalid{"past_end", R"({"w":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})", k4, "4 follow the header"},
        Invalid{"trailing_data", R"({"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", k4, "4 follow the header"},
        Invalid{"partial_byte", R"({"w":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}})", k4, "whole bytes"},
        Invalid{"overflow", R"({"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,4]}})", k4,
                "overflows"},
        Invalid{"metadata_not_strings", R"({"__metadata__":{"n":1}})", "", "__metadata__"},
        Invalid{"not_an_object", R"({"w":[1,2]})", "", "is not an object"},
        Invalid{"three_offsets", R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4,4]}})", k4, "data_offsets"},
        Invalid{"twice_named",
                R"({"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"w":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})",
                k4, "appears twice"},
        Invalid{"field_twice", R"({"w":{"dtype":"U8","dtype":"I8","shape":[4],"data_offsets":[0,4]}})", k4, "dtype twice"},
        Invalid{"metadata_list", R"({"__metadata__":["a"]})", "", "__metadata__"}),
    [](const ::testing::TestParamInfo<Invalid>& p) { return std::string(p.param.name); });

// The header is read as a stream of events: nesting where safetensors ignores
// a field costs no memory, and nesting where a value belongs stops the reading.
TEST(Safetensors, DeepNestingIsReadWithoutBuildingIt) {
  const std::string deep(1 << 20, '[');
  const std::string ignored = R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4],"note":)" + deep +
                              std::string(1 << 20, ']') + "}}";
  const FileReport fine = scan(safetensors(ignored, ignored.size(), std::string(4, '\x01')));
  EXPECT_TRUE(fine.findings.empty()) << test::describe(fine.findings);
  const std::string where_a_value_belongs = R"({"w":{"dtype":"U8","shape":)" + deep;
  const FileReport refused = scan(safetensors(where_a_value_belongs, where_a_value_belongs.size(), ""));
  EXPECT_TRUE(test::has_rule(refused.findings, "PICKLE-STRUCT", "shape that is not a list")) << test::describe(refused.findings);
}

// Bytes laid out like safetensors with a header it refuses may be a codec
// stream after all: that reading counts too, so a pickle inside is found.
TEST(Safetensors, AnInvalidHeaderIsAlsoReadAsTheCodecItsFirstBytesSpell) {
  const std::string bytes = safetensors("{not json", 0x0178, std::string(16, '\0'));
  const FileReport report = scan(bytes);
  EXPECT_TRUE(test::has_rule(report.findings, "PICKLE-STRUCT", "safetensors-header"));
  EXPECT_TRUE(test::has_rule(report.findings, "PICKLE-STRUCT", "zlib data")) << test::describe(report.findings);
}

}  // namespace
}  // namespace sentinel
