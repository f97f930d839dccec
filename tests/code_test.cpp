// `sentinel code`: unsafe model loads in Python sources, found through
// imports and aliases, with safe look-alikes silent. Fixtures in
// tests/fixtures/code mark each expected sink with `# expect: TARGET`.
#include <gtest/gtest.h>

#include <sstream>

#include "code/python_tree.hpp"
#include "code/sink_catalogue.hpp"
#include "code/unsafe_loads.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

// (line, target) of every `# expect: TARGET` comment.
std::vector<std::pair<std::uint32_t, std::string>> expectations(const std::string& source) {
  std::vector<std::pair<std::uint32_t, std::string>> out;
  std::istringstream in(source);
  std::string line;
  for (std::uint32_t n = 1; std::getline(in, line); ++n) {
    const auto at = line.find("# expect: ");
    if (at != std::string::npos) out.emplace_back(n, line.substr(at + 10));
  }
  return out;
}

class CodeFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(CodeFixture, ReportsExactlyTheMarkedSinks) {
  const std::string source = test::read_file(test::source_dir() / "tests/fixtures/code" / GetParam());
  const code::PythonTree tree{source};
  std::vector<std::pair<std::uint32_t, std::string>> found;
  for (const auto& call : code::find_unsafe_loads(tree, code::sink_catalogue())) found.emplace_back(call.line, call.target);
  EXPECT_EQ(found, expectations(source));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CodeFixture, ::testing::ValuesIn(test::files_in("tests/fixtures/code", ".py")),
                         test::ParamName{});

TEST(SinkCatalogue, CompiledInCatalogueParses) {
  std::vector<std::string> errors;
  EXPECT_FALSE(code::sink_catalogue().empty());
  (void)code::parse_sinks("pickle loads always\ntorch load unless:weights_only\n", errors);
  EXPECT_TRUE(errors.empty());
  (void)code::parse_sinks("pickle loads\nx y sometimes\n", errors);
  EXPECT_EQ(errors.size(), 2U);
}

TEST(CodeScan, FindingsCarryLineColumnRetestAndFailTheGate) {
  ScanOptions options;
  const auto report = scan_code({(test::source_dir() / "tests/fixtures/code").string()}, options);
  ASSERT_EQ(report.files.size(), 3U);
  bool saw_syntax_note = false;
  for (const auto& f : report.files) {
    EXPECT_EQ(f.format, "python");
    saw_syntax_note = saw_syntax_note || f.error.find("syntax errors") != std::string::npos;
    for (const auto& x : f.findings) {
      EXPECT_EQ(x.rule_id, "PICKLE-SRC-UNSAFE-LOAD");
      ASSERT_TRUE(x.location.line.has_value());
      EXPECT_NE(x.location.display().find(":" + std::to_string(*x.location.line) + ":"), std::string::npos);
      EXPECT_TRUE(x.retest.starts_with("sentinel code --rule PICKLE-SRC-UNSAFE-LOAD "));
    }
  }
  EXPECT_TRUE(saw_syntax_note);
}

}  // namespace
}  // namespace sentinel
