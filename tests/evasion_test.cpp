// One test per published bypass (tests/evasion/*.pasm, named after the
// evasion-catalogue entry) and per invocation shape judged by what it does
// (tests/invocations/*.pasm, with benign twins): assembled at test time,
// scanned, never loaded here (tests/python/test_invocation_truth.py loads the
// ones marked `#! loader` in a subprocess with a marker payload).
#include <gtest/gtest.h>

#include <sstream>

#include "pickle/assembler.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

void check_expectations(const std::string& folder, const std::string& file) {
  const auto source = test::read_file(test::source_dir() / folder / file);
  auto assembled = pickle::assemble(source);
  ASSERT_TRUE(assembled.has_value()) << assembled.error().message;
  const auto findings = test::scan(assembled->bytes);
  std::size_t expectations = 0;
  for (const auto& d : assembled->directives) {
    std::istringstream in(d);
    std::string verb;
    std::string rule;
    in >> verb >> rule;
    std::string substring;
    std::getline(in >> std::ws, substring);
    if (verb == "expect") {
      ++expectations;
      EXPECT_TRUE(test::has_rule(findings, rule, substring))
          << "expected " << rule << " " << substring << "\n" << test::describe(findings);
    } else if (verb == "expect-not") {
      ++expectations;
      EXPECT_FALSE(test::has_rule(findings, rule)) << "unexpected " << rule << "\n" << test::describe(findings);
    } else if (verb == "expect-clean") {
      ++expectations;
      EXPECT_TRUE(findings.empty()) << test::describe(findings);
    }
  }
  EXPECT_GT(expectations, 0U) << "sample has no #! expect line";
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
