// Artifacts produced by the real libraries (tests/fixtures/real, made by
// scripts/gen_fixtures.py) must scan with nothing at HIGH or above.
#include <gtest/gtest.h>


#include "support.hpp"

namespace sentinel {
namespace {

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

INSTANTIATE_TEST_SUITE_P(Libraries, RealFixture, ::testing::ValuesIn(test::files_in("tests/fixtures/real", ".pkl")), test::ParamName{});

}  // namespace
}  // namespace sentinel
