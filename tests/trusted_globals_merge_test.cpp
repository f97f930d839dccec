// `allowlist --merge`: found globals join a policy's trusted_globals; the rest
// of the file, comments included, stays; nothing is listed twice.
#include <gtest/gtest.h>

#include "policy/policy.hpp"
#include "policy/trusted_globals_merge.hpp"

namespace sentinel::policy {
namespace {

MergedPolicy merged(const std::string& text, const GlobalNames& globals) {
  auto m = merge_trusted_globals(text, "p.yml", globals);
  EXPECT_TRUE(m.has_value()) << m.error().message;
  return m ? *m : MergedPolicy{};
}

Policy parsed(const std::string& text) {
  auto p = parse_policy(text, "p.yml");
  EXPECT_TRUE(p.has_value()) << p.error().message << "\n" << text;
  return p ? *p : Policy{};
}

TEST(TrustedGlobalsMerge, IntoTheStarterPolicyKeepsItsComments) {
  const std::string starter = starter_policy();
  const auto m = merged(starter, {{"mycompany.models", {"ResNetHead"}}});
  EXPECT_EQ(m.added, 1U);
  EXPECT_EQ(parsed(m.text).trusted_globals, (GlobalNames{{"mycompany.models", {"ResNetHead"}}}));
  for (const char* kept : {"# Your own model classes", "#  mycompany.models: [ResNetHead, Tokenizer]", "allow:",
                           "#    reason: \"vendored class, reviewed in SEC-123\""}) {
    EXPECT_NE(m.text.find(kept), std::string::npos) << kept;
  }
}

TEST(TrustedGlobalsMerge, AddsOnlyWhatIsNotTrustedYetAndKeepsOtherKeys) {
  const std::string text =
      "fail_on: [CRITICAL]\n"
      "trusted_globals:\n"
      "  # reviewed in SEC-1\n"
      "  a.b: [X]\n"
      "  whole: [\"*\"]\n"
      "\n"
      "# accepted findings\n"
      "allow:\n"
      "  - rule: PICKLE-STRUCT\n"
      "    reason: r\n"
      "    accepted_by: a\n";
  const auto m = merged(text, {{"a.b", {"X", "Y"}}, {"c", {"Z"}}, {"whole.sub", {"Q"}}});
  EXPECT_EQ(m.added, 2U);
  const Policy p = parsed(m.text);
  EXPECT_EQ(p.trusted_globals,
            (GlobalNames{{"a.b", {"X", "Y"}}, {"c", {"Z"}}, {"whole", {"*"}}}));
  EXPECT_EQ(p.allow.size(), 1U);
  EXPECT_EQ(p.fail_on, (std::set<Severity>{Severity::Critical}));
  EXPECT_NE(m.text.find("  # reviewed in SEC-1\n"), std::string::npos);
  EXPECT_NE(m.text.find("# accepted findings\nallow:\n"), std::string::npos);
  // Merging the same names again changes nothing.
  const auto again = merged(m.text, {{"a.b", {"X", "Y"}}, {"c", {"Z"}}});
  EXPECT_EQ(again.added, 0U);
  EXPECT_EQ(again.text, m.text);
}

TEST(TrustedGlobalsMerge, FlowStyleAndMissingBlocks) {
  const auto flow = merged("trusted_globals: {a: [x],\n  b: [y]}\nticket_on: [LOW]\n", {{"a", {"z"}}});
  EXPECT_EQ(parsed(flow.text).trusted_globals, (GlobalNames{{"a", {"x", "z"}}, {"b", {"y"}}}));
  EXPECT_EQ(parsed(flow.text).ticket_on, (std::set<Severity>{Severity::Low}));
  const auto none = merged("fail_on: [HIGH]\n", {{"m", {"n"}}});
  EXPECT_EQ(parsed(none.text).trusted_globals, (GlobalNames{{"m", {"n"}}}));
  EXPECT_TRUE(none.text.starts_with("fail_on: [HIGH]\n"));
}

TEST(TrustedGlobalsMerge, AnInvalidPolicyIsAnError) {
  EXPECT_FALSE(merge_trusted_globals("fial_on: [HIGH]\n", "p.yml", {{"m", {"n"}}}).has_value());
}

}  // namespace
}  // namespace sentinel::policy
