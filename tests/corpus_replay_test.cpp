// Replays the fuzzers' seed corpus under the normal build, so every committed
// input runs in CI even where libFuzzer is not built.
#include <gtest/gtest.h>

#include "base/ignore_rules.hpp"
#include "code/torchscript_code.hpp"
#include "engine/source_scan.hpp"
#include "python_program.hpp"
#include "input/decompress.hpp"
#include "input/numpy_header.hpp"
#include "input/tar_reader.hpp"
#include "input/zip_reader.hpp"
#include "pickle/assembler.hpp"
#include "policy/policy.hpp"
#include "pickle/text_forms.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

TEST(CorpusReplay, MachineCorpusScansWithoutCrashing) {
  const fs::path dir = test::source_dir() / "fuzz/corpus/pickle_machine";
  ASSERT_TRUE(fs::exists(dir));
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto bytes = test::read_file(e.path());
    (void)test::scan(bytes);
    ++n;
  }
  EXPECT_GT(n, 10U);
}

TEST(CorpusReplay, AssemblerAndTextFormCorporaRunWithoutCrashing) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus/pasm_assembler")) {
    (void)pickle::assemble(test::read_file(e.path()));
    ++n;
  }
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus/text_forms")) {
    const auto text = test::read_file(e.path());
    bool is_bool = false;
    (void)pickle::parse_int_line(text, is_bool);
    (void)pickle::parse_long_line(text);
    (void)pickle::parse_float_line(text);
    (void)pickle::decode_quoted_string(text);
    (void)pickle::decode_raw_unicode_escape(text);
    (void)pickle::decode_long_bytes(text);
    ++n;
  }
  EXPECT_GT(n, 20U);
}

// Every reader's corpus goes through the whole artifact scan (which detects
// and opens each format by content) and through the readers directly, with
// tight limits like the fuzzers'.
TEST(CorpusReplay, ContainerCorporaScanWithoutCrashing) {
  ScanOptions options;
  options.limits.max_archive_depth = 4;
  options.limits.max_archive_entries = 64;
  options.limits.max_entry_size = 1 << 20;
  options.limits.max_expanded_size = 4 << 20;
  std::size_t n = 0;
  for (const char* target : {"decompress", "zip_reader", "tar_reader", "sevenzip_reader", "numpy_header", "container_scan"}) {
    for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus" / target)) {
      const auto bytes = test::read_file(e.path());
      (void)scan_buffer(bytes, e.path().filename().string(), options);
      for (const auto& entry : input::read_zip(bytes, 64).entries) (void)input::read_zip_member(bytes, entry, 4096);
      (void)input::read_tar(bytes, 64);
      (void)input::parse_npy_header(bytes);
      for (const auto codec : {input::Codec::Deflate, input::Codec::ZipBzip2, input::Codec::ZipLzma, input::Codec::Gzip}) {
        (void)input::decompress(codec, bytes, 4096);
      }
      ++n;
    }
  }
  EXPECT_GT(n, 40U);
}

TEST(CorpusReplay, PythonSourceCorpusAnalysesWithoutCrashing) {
  std::size_t n = 0;
  std::size_t tainted = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus/python_source")) {
    for (const auto& file : engine::scan_program(fuzz::python_program(test::read_file(e.path())))) {
      tainted += test::has_rule(file.findings, "PICKLE-SRC-TAINTED-LOAD") ? 1 : 0;
    }
    ++n;
  }
  EXPECT_GE(n, 3U);
  EXPECT_GE(tainted, 2U) << "the cross-file and notebook seeds each reach a load";
}

TEST(CorpusReplay, TorchScriptCodeCorpusAnalysesWithoutCrashing) {
  std::size_t n = 0;
  std::size_t flagged = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus/torchscript_code")) {
    const auto ops = code::torchscript_operations(test::read_file(e.path()));
    for (const auto& op : ops) EXPECT_GE(op.line, 1U) << e.path();
    flagged += ops.empty() ? 0 : 1;
    ++n;
  }
  EXPECT_GE(n, 8U);
  EXPECT_GE(flagged, 5U) << "the rewritten records and the alias seed each name an operation";
}

TEST(CorpusReplay, IgnoreRulesCorpusMatchesWithoutCrashing) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus/ignore_rules")) {
    std::vector<std::string> lines;
    std::istringstream in(test::read_file(e.path()));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    const IgnoreRules rules(lines);
    for (const auto& path : lines) (void)rules.excluded(path, false);
    ++n;
  }
  EXPECT_GE(n, 2U);
}

TEST(CorpusReplay, PolicyCorpusParsesWithoutCrashing) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz/corpus/policy_parser")) {
    const auto parsed = policy::parse_policy(test::read_file(e.path()), "replay.yml");
    if (!parsed) {
      EXPECT_TRUE(parsed.error().message.starts_with("replay.yml:")) << parsed.error().message;
    }
    ++n;
  }
  EXPECT_GE(n, 5U);
}

}  // namespace
}  // namespace sentinel
