// --exclude patterns follow gitignore(5): anchoring, `**`, directory-only
// patterns, negation with the last match winning, and character classes.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/ignore_rules.hpp"
#include "engine/walk.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

TEST(GlobMatches, StarsStopAtSlashesAndDoubleStarsSpanFolders) {
  EXPECT_TRUE(glob_matches("*.py", "train.py"));
  EXPECT_FALSE(glob_matches("*.py", "src/train.py"));
  EXPECT_TRUE(glob_matches("**/*.py", "src/train.py"));
  EXPECT_TRUE(glob_matches("**/*.py", "train.py"));
  EXPECT_TRUE(glob_matches("a/**/b", "a/b"));
  EXPECT_TRUE(glob_matches("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(glob_matches("a/**/b", "a/x/y/c"));
  EXPECT_TRUE(glob_matches("vendor/**", "vendor/x/y.py"));
  EXPECT_FALSE(glob_matches("vendor/**", "vendor"));
  EXPECT_TRUE(glob_matches("test_?.py", "test_a.py"));
  EXPECT_FALSE(glob_matches("test_?.py", "test_ab.py"));
  EXPECT_TRUE(glob_matches("model[0-9].py", "model7.py"));
  EXPECT_FALSE(glob_matches("model[!0-9].py", "model7.py"));
  EXPECT_TRUE(glob_matches("model[!0-9].py", "modelx.py"));
  EXPECT_TRUE(glob_matches("\\*.py", "*.py"));
  EXPECT_FALSE(glob_matches("\\*.py", "a.py"));
  EXPECT_TRUE(glob_matches("[unclosed", "[unclosed"));
  EXPECT_TRUE(glob_matches("*_pb2*.py", "model_pb2_grpc.py"));
  EXPECT_FALSE(glob_matches("a**b", "a/b")) << "** inside a name is a plain star";
}

// A pattern of many stars against a long name stays linear (no backtracking blow-up).
TEST(GlobMatches, ManyStarsStayFast) {
  const std::string pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  const std::string name(4000, 'a');
  EXPECT_FALSE(glob_matches(pattern, name));
  EXPECT_TRUE(glob_matches(pattern, name + "b"));
}

TEST(GlobMatches, ChainsOfDoubleStarsStayFast) {
  // Fuzzer find: `**/` chains against deep paths took seconds, as every
  // `**/` tried every later folder boundary anew. Each now steps one folder.
  std::string pattern;
  for (int i = 0; i < 300; ++i) pattern += "**/";
  std::string path;
  for (int i = 0; i < 1000; ++i) path += "d/";
  EXPECT_FALSE(glob_matches(pattern + "x", path + "y"));
  EXPECT_TRUE(glob_matches(pattern + "x", path + "x"));
  EXPECT_TRUE(glob_matches("**/a/**/b/**/c", "a/b/c"));
  EXPECT_TRUE(glob_matches("**/a/**/b/**/c", "z/a/y/y/b/c"));
  EXPECT_FALSE(glob_matches("**/a/**/b/**/c", "z/a/y/y/c/b"));
  EXPECT_FALSE(glob_matches("a/**/b", "ab"));
}

TEST(IgnoreRules, FollowGitignoreSemantics) {
  const IgnoreRules rules({"# generated code", "", "build/", "/setup.py", "docs/*.py", "*.pyc", "tests/**/fixtures",
                           "*_pb2.py", "!keep_pb2.py", "\\#notes.py"});
  EXPECT_TRUE(rules.excluded("build", true));
  EXPECT_TRUE(rules.excluded("src/build", true));
  EXPECT_FALSE(rules.excluded("build", false)) << "a trailing slash matches folders only";
  EXPECT_TRUE(rules.excluded("setup.py", false));
  EXPECT_FALSE(rules.excluded("pkg/setup.py", false)) << "a leading slash anchors at the scanned folder";
  EXPECT_TRUE(rules.excluded("docs/conf.py", false));
  EXPECT_FALSE(rules.excluded("pkg/docs/conf.py", false)) << "a slash inside anchors too";
  EXPECT_TRUE(rules.excluded("a/b/c.pyc", false));
  EXPECT_TRUE(rules.excluded("tests/unit/fixtures", true));
  EXPECT_TRUE(rules.excluded("api/model_pb2.py", false));
  EXPECT_FALSE(rules.excluded("api/keep_pb2.py", false)) << "a later ! pattern re-includes";
  EXPECT_TRUE(rules.excluded("#notes.py", false));
  EXPECT_FALSE(rules.excluded("train.py", false));
  EXPECT_TRUE(IgnoreRules().empty());
}

// The walk applies them below each argument, never to the argument itself,
// and does not enter an excluded folder.
TEST(IgnoreRules, TheWalkLeavesExcludedPathsOut) {
  const std::string root = (test::source_dir() / "tests/fixtures/code").string();
  const auto entries =
      engine::walk_paths({root}, {"*.py", "!flows.py", "notebooks/", "apps/*/", "!apps/training/", "!apps/training/**"});
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.path.substr(root.size() + 1));
  EXPECT_NE(std::find(names.begin(), names.end(), "flows.py"), names.end());
  bool training = false;
  for (const auto& n : names) {
    EXPECT_TRUE(n == "flows.py" || n == "apps/README.md" || n.starts_with("apps/training/")) << n;
    training = training || n == "apps/training/train.py";
  }
  EXPECT_TRUE(training);
  EXPECT_EQ(engine::walk_paths({root + "/lookalikes.py"}, {"*.py"}).size(), 1U);
}

}  // namespace
}  // namespace sentinel
