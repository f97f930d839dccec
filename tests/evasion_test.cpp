// One test per published bypass (tests/evasion/*.pasm, named after the
// evasion-catalogue entry) and per invocation shape judged by what it does
// (tests/invocations/*.pasm, with benign twins): assembled at test time,
// scanned, never loaded here (tests/python/test_invocation_truth.py loads the
// ones marked `#! loader` in a subprocess with a marker payload).
#include <gtest/gtest.h>

#include "pickle/assembler.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

void check_expectations(const std::string& folder, const std::string& file) {
  const auto source = test::read_file(test::source_dir() / folder / file);
  auto assembled = pickle::assemble(source);
  ASSERT_TRUE(assembled.has_value()) << assembled.error().message;
  test::expect_directives(assembled->directives, test::scan(assembled->bytes));
}

class Evasion : public ::testing::TestWithParam<std::string> {};
TEST_P(Evasion, ReportsTheRightRule) { check_expectations("tests/evasion", GetParam()); }
INSTANTIATE_TEST_SUITE_P(Catalogue, Evasion, ::testing::ValuesIn(test::files_in("tests/evasion", ".pasm")), test::ParamName{});

class Invocation : public ::testing::TestWithParam<std::string> {};
TEST_P(Invocation, IsJudgedByWhatItDoes) { check_expectations("tests/invocations", GetParam()); }
INSTANTIATE_TEST_SUITE_P(Shapes, Invocation, ::testing::ValuesIn(test::files_in("tests/invocations", ".pasm")),
                         test::ParamName{});

}  // namespace
}  // namespace sentinel
