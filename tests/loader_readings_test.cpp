// Files read the way the real loaders read them (issue 13): one sample per
// mechanism and a variation beside it (tests/readings/*.pasm), scanned as
// whole files, so format detection is part of what is tested. Benign files of
// formats that are not pickles stay clean. tests/python/test_reading_truth.py
// loads the samples marked `#! loader` through the real loaders with a marker
// payload, proving each one runs.
#include <gtest/gtest.h>

#include <string>

#include "pickle/assembler.hpp"
#include "pickle/machine.hpp"
#include "pickle/unpickler_dialect.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

FileReport scan_file_bytes(const std::string& bytes, const std::string& name) {
  return scan_buffer(bytes, name, ScanOptions{});
}

class LoaderReading : public ::testing::TestWithParam<std::string> {};
TEST_P(LoaderReading, IsReadAsTheLoaderReadsIt) {
  std::string source = test::read_file(test::source_dir() / "tests/readings" / GetParam());
  for (std::size_t at = source.find("MARKER"); at != std::string::npos; at = source.find("MARKER", at)) {
    source.replace(at, 6, "/tmp/sentinel-marker");
  }
  auto assembled = pickle::assemble(source);
  ASSERT_TRUE(assembled.has_value()) << assembled.error().message;
  const FileReport report = scan_file_bytes(assembled->bytes, GetParam());
  EXPECT_NE(report.status, FileStatus::Skipped) << report.error;
  test::expect_directives(assembled->directives, report.findings);
}
INSTANTIATE_TEST_SUITE_P(Readings, LoaderReading, ::testing::ValuesIn(test::files_in("tests/readings", ".pasm")),
                         test::ParamName{});

// Real files of inert formats: read as pickles too, and nothing reached.
class InertFormat : public ::testing::TestWithParam<std::string> {};
TEST_P(InertFormat, StaysClean) {
  const auto bytes = test::read_file(test::source_dir() / "tests/fixtures/formats" / GetParam());
  const FileReport report = scan_file_bytes(bytes, GetParam());
  EXPECT_TRUE(report.findings.empty()) << test::describe(report.findings);
  EXPECT_EQ(report.status, FileStatus::Skipped);
}
INSTANTIATE_TEST_SUITE_P(Formats, InertFormat,
                         ::testing::Values("torch_linear.safetensors", "numpy_arrays.safetensors",
                                           "header_proto_byte.safetensors", "header_mark_byte.safetensors",
                                           "git-logo.png", "file.png"),
                         test::ParamName{});

TEST(LoaderReading, UnknownDataAndTextStayClean) {
  std::string noise;
  std::uint32_t x = 12345;
  for (int i = 0; i < (1 << 20); ++i) {
    x = x * 1103515245U + 12345U;
    noise.push_back(static_cast<char>(x >> 24));
  }
  const FileReport random = scan_file_bytes(noise, "random.bin");
  EXPECT_TRUE(random.findings.empty()) << test::describe(random.findings);
  const FileReport text = scan_file_bytes(test::read_file(test::source_dir() / "README.md"), "README.md");
  EXPECT_TRUE(text.findings.empty()) << test::describe(text.findings);
}

TEST(LoaderReading, PickleBehindAFixedSizeHeader) {
  for (const std::size_t header : {16U, 128U, 4096U, 200000U}) {
    std::string bytes(header, '\xff');
    const bool proto = header > pickle::kHeaderWindow;  // far in, only PROTO headers are candidates
    bytes += test::pasm(std::string(proto ? "PROTO 2\n" : "") +
                        "GLOBAL \"probe_mod\" \"run\"\nEMPTY_TUPLE\nREDUCE\nSTOP\n");
    const FileReport report = scan_file_bytes(bytes, "model.bin");
    EXPECT_TRUE(test::has_rule(report.findings, "PICKLE-STRUCT", "pickle-after-header")) << header;
    EXPECT_TRUE(test::has_rule(report.findings, "PICKLE-GLOBAL-IMPORT", "probe_mod")) << header;
  }
}

TEST(LoaderReading, HeaderSearchNeedsACallOrAnImportThatStops) {
  // An import that runs into junk is what text files look like to GLOBAL.
  std::string bytes(64, '\xff');
  bytes += "cconfig\nvalue\n\xff\xff";
  const FileReport report = scan_file_bytes(bytes, "notes.bin");
  EXPECT_TRUE(report.findings.empty()) << test::describe(report.findings);
  EXPECT_EQ(report.status, FileStatus::Skipped);
}

TEST(LoaderReading, EveryReadingDifferenceIsDocumented) {
  // docs/pickle-readings.md prints the table; each row there is a row here.
  const auto doc = test::read_file(test::source_dir() / "docs/pickle-readings.md");
  for (const auto& d : pickle::reading_differences()) EXPECT_NE(doc.find(std::string(d.where)), std::string::npos) << d.where;
}

}  // namespace
}  // namespace sentinel
