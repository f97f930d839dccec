// Replays the fuzzers' seed corpus under the normal build, so every committed
// input runs in CI even where libFuzzer is not built.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sentinel
