// One test per published bypass (tests/evasion/*.pasm, named after the
// evasion-catalogue entry): assembled at test time, scanned, never loaded.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "pickle/assembler.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> samples() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "tests/evasion")) {
    if (e.path().extension() == ".pasm") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Evasion : public ::testing::TestWithParam<std::string> {};

TEST_P(Evasion, ReportsTheRightRule) {
  const auto source = test::read_file(test::source_dir() / "tests/evasion" / (GetParam() + ".pasm"));
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

INSTANTIATE_TEST_SUITE_P(Catalogue, Evasion, ::testing::ValuesIn(samples()), test::ParamName{});

}  // namespace
}  // namespace sentinel
