// Replays the fuzzers' seed corpus under the normal build, so every committed
// input runs in CI even where libFuzzer is not built.
#include <gtest/gtest.h>

#include "pickle/assembler.hpp"
#include "pickle/text_forms.hpp"
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

}  // namespace
}  // namespace sentinel
