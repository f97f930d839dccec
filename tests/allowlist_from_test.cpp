// `sentinel allowlist --from`: the snippet lists exactly the globals outside
// the built-in allowlist, at any container depth, refuses dangerous ones, and
// is a policy that makes a scan of the same folder pass.
#include <gtest/gtest.h>
#include <unistd.h>

#include <archive.h>

#include <filesystem>
#include <fstream>

#include "archive_writer.hpp"
#include "engine/allowlist_from.hpp"
#include "policy/policy.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;

class AllowlistFrom : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sentinel-allowlist-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const fs::path fixtures = test::source_dir() / "tests/fixtures/containers";
    for (const char* clean : {"torch_state_dict.pt", "joblib_sklearn_zlib.joblib", "torch_legacy.pt"}) {
      fs::copy_file(fixtures / clean, dir_ / clean);
    }
    write("custom.pkl", test::pasm(R"(PROTO 4
SHORT_BINUNICODE "mycompany.models"
SHORT_BINUNICODE "Head"
STACK_GLOBAL
EMPTY_TUPLE
NEWOBJ
STOP
)"));
    const std::string inner = test::pasm("PROTO 2\nGLOBAL \"acme_tok.v2\" \"Tokenizer\"\nSTOP\n");
    write("bundle.tar", test::write_archive(ARCHIVE_FORMAT_TAR_USTAR, {{"model/inner.pkl", inner}}));
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  fs::path dir_;
};

TEST_F(AllowlistFrom, ListsOnlyGlobalsOutsideTheAllowlistAtAnyDepth) {
  const auto inv = engine::inventory_globals({dir_.string()}, {});
  EXPECT_EQ(inv.files, 5U);
  EXPECT_TRUE(inv.errors.empty());
  EXPECT_TRUE(inv.refused.empty()) << test::describe(inv.refused);
  const std::map<std::string, std::set<std::string>> expected{{"mycompany.models", {"Head"}},
                                                              {"acme_tok.v2", {"Tokenizer"}}};
  EXPECT_EQ(inv.untrusted, expected);
}

TEST_F(AllowlistFrom, SnippetIsAPolicyThatPassesTheSameFolder) {
  const std::string yaml = engine::trusted_globals_yaml(engine::inventory_globals({dir_.string()}, {}));
  const auto parsed = policy::parse_policy(yaml, "snippet.yml");
  ASSERT_TRUE(parsed) << parsed.error().message << "\n" << yaml;
  EXPECT_EQ(parsed->trusted_globals.at("acme_tok.v2"), std::set<std::string>{"Tokenizer"});
  ScanReport report = scan_artifacts({dir_.string()}, {});
  policy::apply_policy(*parsed, report, "2026-01-01");
  for (const auto& file : report.files) {
    EXPECT_TRUE(file.findings.empty()) << file.path << "\n" << test::describe(file.findings);
  }
}

TEST_F(AllowlistFrom, DangerousGlobalsAreRefusedNotListed) {
  fs::copy_file(test::source_dir() / "tests/fixtures/containers/joblib_payload_zlib.joblib", dir_ / "payload.joblib");
  const auto inv = engine::inventory_globals({dir_.string()}, {});
  EXPECT_TRUE(test::has_rule(inv.refused, "PICKLE-EXEC", "posix.system")) << test::describe(inv.refused);
  EXPECT_FALSE(inv.untrusted.contains("posix"));
}

TEST(AllowlistSnippet, EmptySnippetStillParses) {
  const auto parsed = policy::parse_policy(engine::trusted_globals_yaml({}), "empty.yml");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->trusted_globals.empty());
}

TEST(AllowlistSnippet, NamesAreQuotedForYaml) {
  engine::GlobalsInventory inv;
  inv.untrusted["pkg: \"x\""] = {"#not a comment", "a\\b"};
  const auto parsed = policy::parse_policy(engine::trusted_globals_yaml(inv), "quoted.yml");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->trusted_globals, inv.untrusted);
}

}  // namespace
}  // namespace sentinel
