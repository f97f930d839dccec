// Artifacts produced by the real libraries (tests/fixtures/real, made by
// scripts/gen_fixtures.py) must scan with nothing at HIGH or above.
#include <gtest/gtest.h>

#include <algorithm>

#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "tests/fixtures/real")) {
    if (e.path().extension() == ".pkl") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class RealFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(RealFixture, NothingAtHighOrAbove) {
  const auto bytes = test::read_file(test::source_dir() / "tests/fixtures/real" / GetParam());
  ASSERT_TRUE(test::trace(bytes).trace.is_pickle);
  // torch's data.pkl is read with a persistent_load that defines its ids.
  const bool torch = GetParam().find(".data.pkl") != std::string::npos;
  const auto findings = test::scan(bytes, torch);
  for (const auto& f : findings) {
    EXPECT_NE(f.severity, Severity::Critical) << f.rule_id << ": " << f.evidence;
    EXPECT_NE(f.severity, Severity::High) << f.rule_id << ": " << f.evidence;
  }
}

INSTANTIATE_TEST_SUITE_P(Libraries, RealFixture, ::testing::ValuesIn(fixtures()), test::ParamName{});

}  // namespace
}  // namespace sentinel
