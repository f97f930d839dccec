// Rule judgements on small streams, and the reviewed lists compiled in.
#include <gtest/gtest.h>

#include "base/data_lines.hpp"
#include "rules/catalogue.hpp"
#include "rules/global_lists.hpp"
#include "rules/trust_explanation.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

using test::has_rule;
using test::pasm;
using test::scan;

std::string call_of(const std::string& module, const std::string& name, const std::string& arg) {
  return "PROTO 4\nSHORT_BINUNICODE \"" + module + "\"\nSHORT_BINUNICODE \"" + name + "\"\nSTACK_GLOBAL\nSHORT_BINUNICODE \"" +
         arg + "\"\nTUPLE1\nREDUCE\nSTOP\n";
}

TEST(Rules, EmbeddedListsParse) {
  std::vector<std::string> errors;
  const auto& builtin = rules::GlobalLists::builtin();
  EXPECT_GT(builtin.allowlist_size(), 100U);
  EXPECT_GT(builtin.danger_size(), 100U);
  const std::string allow = test::read_file(test::source_dir() / "data/allowlist.txt");
  const std::string danger = test::read_file(test::source_dir() / "data/dangerous.txt");
  const std::string contracts = test::read_file(test::source_dir() / "data/contracts.txt");
  rules::GlobalLists parsed(allow, danger, contracts, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
}

TEST(Rules, DangerMatchesModulesSubmodulesAndAttributes) {
  const auto& l = rules::GlobalLists::builtin();
  EXPECT_NE(l.danger("os", "system").entry, nullptr);
  EXPECT_NE(l.danger("posix", "system").entry, nullptr);
  EXPECT_NE(l.danger("subprocess", "Popen").entry, nullptr);
  EXPECT_NE(l.danger("asyncio.unix_events", "_UnixSubprocessTransport._start").entry, nullptr);
  EXPECT_NE(l.danger("code", "InteractiveInterpreter.runcode").entry, nullptr);
  const auto dotted = l.danger("pathlib", "os.system");
  ASSERT_NE(dotted.entry, nullptr);
  EXPECT_EQ(dotted.module + "." + dotted.name, "os.system");
  EXPECT_EQ(l.danger("collections", "OrderedDict").entry, nullptr);
  EXPECT_EQ(l.danger("torch._utils", "_rebuild_tensor_v2").entry, nullptr);
}

TEST(Rules, AllowlistIsExact) {
  const auto& l = rules::GlobalLists::builtin();
  EXPECT_TRUE(l.allowed("collections", "OrderedDict"));
  EXPECT_TRUE(l.allowed("torch._utils", "_rebuild_tensor_v2"));
  EXPECT_FALSE(l.allowed("torch._utils", "_rebuild_tensor_v2.__globals__"));
  EXPECT_FALSE(l.allowed("builtins", "getattr"));
  EXPECT_FALSE(l.allowed("sklearn.ensemble._anything", "execute"));
}

TEST(Rules, ExecOnDangerousCall) {
  const auto f = scan(pasm(call_of("os", "system", "id")));
  EXPECT_TRUE(has_rule(f, "PICKLE-EXEC", "os.system")) << test::describe(f);
  ASSERT_FALSE(f.empty());
  const auto& x = f.front();
  EXPECT_EQ(x.severity, Severity::Critical);
  EXPECT_EQ(x.cwe, std::vector<std::string>{"CWE-502"});
  EXPECT_EQ(x.owasp_llm, "LLM03: Supply Chain");
  EXPECT_FALSE(x.owner.empty());
  EXPECT_FALSE(x.release_decision.empty());
  EXPECT_EQ(x.retest, "sentinel artifact --rule PICKLE-EXEC 'sample.pkl'");
  EXPECT_EQ(x.location.offset, 14U);
  EXPECT_NE(x.evidence.find("called by REDUCE"), std::string::npos) << x.evidence;
}

TEST(Rules, UnknownGlobalIsGlobalImport) {
  const auto f = scan(pasm(call_of("mycompany.models", "Head", "x")));
  EXPECT_TRUE(has_rule(f, "PICKLE-GLOBAL-IMPORT", "not on the trusted ML allowlist")) << test::describe(f);
  EXPECT_FALSE(has_rule(f, "PICKLE-EXEC"));
}

TEST(Rules, RiskyModuleSaysSo) {
  const auto f = scan(pasm(call_of("socket", "gethostname", "x")));
  EXPECT_TRUE(has_rule(f, "PICKLE-GLOBAL-IMPORT", "risky")) << test::describe(f);
}

TEST(Rules, EnumMemberViaGetattrIsNotExecution) {
  const auto f = scan(pasm(R"(PROTO 4
SHORT_BINUNICODE "builtins"
SHORT_BINUNICODE "getattr"
STACK_GLOBAL
SHORT_BINUNICODE "uuid"
SHORT_BINUNICODE "SafeUUID"
STACK_GLOBAL
SHORT_BINUNICODE "safe"
TUPLE2
REDUCE
STOP)"));
  EXPECT_TRUE(f.empty()) << test::describe(f);
}

TEST(Rules, GetattrReachingDangerIsExec) {
  const auto f = scan(pasm(R"(PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "builtins" "__import__"
SHORT_BINUNICODE "os"
TUPLE1
REDUCE
SHORT_BINUNICODE "system"
TUPLE2
REDUCE
SHORT_BINUNICODE "id"
TUPLE1
REDUCE
STOP)"));
  EXPECT_TRUE(has_rule(f, "PICKLE-EXEC", "os.system")) << test::describe(f);
  EXPECT_TRUE(has_rule(f, "PICKLE-STRUCT", "reducer-chain")) << test::describe(f);
}

TEST(Rules, GetattrInternalsIsExec) {
  const auto f = scan(pasm(R"(PROTO 2
GLOBAL "builtins" "getattr"
GLOBAL "collections" "OrderedDict"
SHORT_BINUNICODE "__init__"
TUPLE2
REDUCE
STOP)"));
  EXPECT_TRUE(has_rule(f, "PICKLE-EXEC", "__init__")) << test::describe(f);
}

TEST(Rules, PersistentIdsDependOnTheFormat) {
  const std::string bytes = pasm("PROTO 2\nSHORT_BINUNICODE \"k\"\nBINPERSID\nSTOP");
  EXPECT_TRUE(has_rule(scan(bytes), "PICKLE-STRUCT", "persistent id"));
  EXPECT_FALSE(has_rule(scan(bytes, true), "PICKLE-STRUCT"));
}

TEST(Rules, NestedPayloadIsScannedWithItsChain) {
  // pickle.loads(b'<a pickle that calls os.system>')
  const std::string inner = pasm(call_of("os", "system", "id"));
  std::string hex;
  for (const unsigned char c : inner) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  const auto f = scan(pasm("PROTO 4\nSHORT_BINUNICODE \"pickle\"\nSHORT_BINUNICODE \"loads\"\nSTACK_GLOBAL\n"
                           "SHORT_BINBYTES hex\"" + hex + "\"\nTUPLE1\nREDUCE\nSTOP"));
  EXPECT_TRUE(has_rule(f, "PICKLE-EXEC", "pickle.loads")) << test::describe(f);
  EXPECT_TRUE(has_rule(f, "PICKLE-EXEC", "sample.pkl!@")) << test::describe(f);
  bool nested = false;
  for (const auto& x : f) nested = nested || (!x.location.chain.empty() && x.evidence.find("os.system") != std::string::npos);
  EXPECT_TRUE(nested) << test::describe(f);
}

TEST(Rules, EvidenceNeverCarriesControlBytes) {
  const auto f = scan(pasm(call_of("os", "sys\\x1b[2J", "x")));
  ASSERT_FALSE(f.empty());
  for (const auto& x : f) {
    EXPECT_EQ(x.evidence.find('\x1b'), std::string::npos) << x.evidence;
    EXPECT_NE(x.evidence.find("\\x1b[2J"), std::string::npos) << x.evidence;
  }
}

TEST(Rules, RetestQuotesThePath) {
  const auto f = rules::make_finding(*rules::find_rule("PICKLE-STRUCT"), Location{}, "e", "it's here.pkl");
  EXPECT_EQ(f.retest, "sentinel artifact --rule PICKLE-STRUCT 'it'\\''s here.pkl'");
}

TEST(Rules, CatalogueFixedFields) {
  const auto* exec = rules::find_rule("PICKLE-EXEC");
  ASSERT_NE(exec, nullptr);
  EXPECT_EQ(exec->severity, Severity::Critical);
  const auto* imp = rules::find_rule("PICKLE-GLOBAL-IMPORT");
  EXPECT_EQ(imp->severity, Severity::High);
  EXPECT_EQ(imp->cwe, (std::vector<std::string_view>{"CWE-502", "CWE-829"}));
  const auto* st = rules::find_rule("PICKLE-STRUCT");
  EXPECT_EQ(st->cwe, std::vector<std::string_view>{"CWE-915"});
  EXPECT_EQ(st->fp_risk, "MEDIUM");
}

}  // namespace
}  // namespace sentinel

namespace sentinel {
namespace {

// Rule documentation is one source (docs/rules/<ID>.md, compiled in): every
// rule has it, with the sections `sentinel explain` promises, and its header
// agrees with the catalogue.
TEST(RuleDocumentation, EveryRuleHasEverySection) {
  for (const auto& rule : rules::rule_catalogue()) {
    const std::string doc(rules::rule_documentation(rule.id));
    ASSERT_FALSE(doc.empty()) << rule.id;
    EXPECT_TRUE(doc.starts_with("# " + std::string(rule.id) + ": " + std::string(rule.title) + "\n")) << rule.id;
    EXPECT_NE(doc.find(std::string(severity_name(rule.severity)) + " · "), std::string::npos) << rule.id;
    for (const char* section : {"## What it is", "## Why it matters", "## When it fires", "## Evidence",
                                "## False positives", "## Triage", "## Fix", "## Policy", "## Retest"}) {
      EXPECT_NE(doc.find(std::string("\n") + section + "\n"), std::string::npos) << rule.id << " lacks " << section;
    }
  }
  EXPECT_TRUE(rules::rule_documentation("NOPE").empty());
}

}  // namespace
}  // namespace sentinel

namespace sentinel {
namespace {

// The spec's "not tampering": repeated dumps to one file and numpy's newline.
TEST(Rules, CleanStreamsAndATrailingNewlineAreNotTampering) {
  const std::string one = "PROTO 4\nEMPTY_LIST\nBININT1 1\nAPPEND\nSTOP\n";
  const std::pair<std::string, unsigned> cases[] = {
      {one + one + one, 3}, {one + "RAW \"\\n\"\n", 1}, {one + "RAW \"\\n\"\n" + one, 2}};
  for (const auto& [text, streams] : cases) {
    const std::string bytes = test::pasm(text);
    EXPECT_TRUE(test::scan(bytes).empty()) << text << "\n" << test::describe(test::scan(bytes));
    const FileReport file = scan_buffer(bytes, "streams.pkl", {});
    EXPECT_EQ(file.status, FileStatus::Clean);
    EXPECT_EQ(file.streams, streams);
  }
  // Junk is still junk, and a stream beside a payload is still reported.
  EXPECT_TRUE(test::has_rule(test::scan(test::pasm(one + "RAW \"\\n\\n\"\n")), "PICKLE-STRUCT", "trailing-data"));
  const auto paired = test::scan(test::pasm(one + "RAW \"\\n\"\n" + call_of("os", "system", "id")));
  EXPECT_TRUE(test::has_rule(paired, "PICKLE-EXEC", "os.system")) << test::describe(paired);
  EXPECT_TRUE(test::has_rule(paired, "PICKLE-STRUCT", "multiple-streams")) << test::describe(paired);
}

}  // namespace
}  // namespace sentinel

namespace sentinel {
namespace {

// Every trusted callable says what it does with its arguments: an exact
// contract, or its package's reviewed `* -> data`.
TEST(Rules, EveryTrustedNameHasAContract) {
  const auto& lists = rules::GlobalLists::builtin();
  std::size_t names = 0;
  for_each_data_line(test::read_file(test::source_dir() / "data/allowlist.txt"),
                     [&](const std::vector<std::string>& f, const std::string&, std::size_t) {
                       ++names;
                       EXPECT_NE(lists.behaviour(f[0], f[1]), nullptr) << f[0] << " " << f[1] << " has no contract";
                     });
  EXPECT_GT(names, 100U);
  for (const auto& c : lists.contracts()) {
    if (!c.wildcard() && !c.dangerous) {
      EXPECT_TRUE(lists.trusted(c.module, c.qualname)) << c.module << " " << c.qualname;
    }
  }
}

// Contracts decide by role: the same trusted name is data in one place and a
// dangerous call in another.
TEST(Rules, ContractsJudgeRoleNotName) {
  const auto& lists = rules::GlobalLists::builtin();
  const auto* memmap = lists.exact_contract("numpy", "memmap");
  ASSERT_NE(memmap, nullptr);
  EXPECT_TRUE(memmap->has(rules::EffectKind::Opens));
  EXPECT_EQ(lists.exact_contract("importlib", "import_module"), nullptr);  // described, not trusted
  ASSERT_NE(lists.behaviour("importlib", "import_module"), nullptr);
  EXPECT_TRUE(lists.behaviour("importlib", "import_module")->dangerous);
  // A package entry speaks only for names the allowlist trusts.
  EXPECT_EQ(lists.contract("sklearn.utils", "not_a_trusted_name"), nullptr);
  std::vector<std::string> errors;
  (void)rules::parse_contracts("numpy memmap(filename) -> opens nothing\nnumpy * -> calls x\nbad line\n", errors);
  EXPECT_EQ(errors.size(), 3U);
}

}  // namespace
}  // namespace sentinel

namespace sentinel {
namespace {

TEST(Rules, CatalogueCommandSaysWhyAndWhatANameDoes) {
  int status = -1;
  const std::string binary = SENTINEL_BINARY;
  std::string out = test::run_command(binary + " catalogue numpy.memmap 'zoneinfo:ZoneInfo._unpickle'", status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("when called: PICKLE-EXEC: it opens a file"), std::string::npos) << out;
  EXPECT_NE(out.find("debian-sid"), std::string::npos) << out;
  EXPECT_NE(out.find("zoneinfo ZoneInfo._unpickle(key, from_cache) -> data"), std::string::npos) << out;
  out = test::run_command(binary + " catalogue os.system mycompany.models.Head", status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("as data:     PICKLE-EXEC"), std::string::npos) << out;
  EXPECT_NE(out.find("as data:     PICKLE-GLOBAL-IMPORT"), std::string::npos) << out;
  const auto e = rules::explain_global(rules::GlobalLists::builtin(), "torch.nn.modules.linear.Linear");
  EXPECT_TRUE(e.trusted);
  EXPECT_NE(e.text.find("torch.nn.modules.linear.Linear\n"), std::string::npos) << e.text;
}

}  // namespace
}  // namespace sentinel
