// The runtime guard's C++ core: the per-import decision (judge_global) and
// the static check of exactly one load (scan_load).
#include <gtest/gtest.h>

#include "engine/load_scan.hpp"
#include "policy/global_gate.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

constexpr const char* kSystemCall = R"(PROTO 2
GLOBAL "posix" "system"
SHORT_BINUNICODE "touch x"
TUPLE1
REDUCE
STOP
)";

policy::Policy trusting(const std::string& module, const std::string& name) {
  policy::Policy p;
  p.trusted_globals[module].insert(name);
  return p;
}

TEST(GlobalGate, AllowlistedPairIsAllowed) {
  EXPECT_TRUE(policy::judge_global({}, "collections", "OrderedDict").allowed);
  EXPECT_TRUE(policy::judge_global({}, "torch._utils", "_rebuild_tensor_v2").allowed);
}

TEST(GlobalGate, UnknownPairBreaksGlobalImportUnlessTrusted) {
  const auto v = policy::judge_global({}, "mycompany.models", "Head");
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.rule_id, "PICKLE-GLOBAL-IMPORT");
  EXPECT_TRUE(policy::judge_global(trusting("mycompany.models", "Head"), "mycompany.models", "Head").allowed);
}

TEST(GlobalGate, DangerousCallableIsRefusedEvenWhenTrusted) {
  for (const auto& [m, n] : {std::pair{"os", "system"}, std::pair{"posix", "system"}, std::pair{"builtins", "eval"},
                             std::pair{"pathlib", "os.system"}}) {
    const auto v = policy::judge_global(trusting(m, n), m, n);
    EXPECT_FALSE(v.allowed) << m << "." << n;
    EXPECT_EQ(v.rule_id, "PICKLE-EXEC") << m << "." << n;
  }
}

TEST(GlobalGate, PythonTwoNamesAreJudgedAsTheUnpicklerMapsThem) {
  EXPECT_EQ(policy::judge_global({}, "__builtin__", "eval").rule_id, "PICKLE-EXEC");
  EXPECT_TRUE(policy::judge_global({}, "__builtin__", "set").allowed);
}

TEST(GlobalGate, RiskyModuleSaysSo) {
  const auto v = policy::judge_global({}, "socket", "gethostname");
  EXPECT_EQ(v.rule_id, "PICKLE-GLOBAL-IMPORT");
  EXPECT_NE(v.reason.find("risky"), std::string::npos) << v.reason;
}

TEST(GlobalGate, WhileScanningAnImportIsRefusedOnlyWhenThePolicyFailsIt) {
  policy::Policy lenient;
  lenient.fail_on = {Severity::Critical};
  EXPECT_TRUE(policy::judge_global(lenient, "mycompany.models", "Head", true).allowed);
  EXPECT_EQ(policy::judge_global(lenient, "mycompany.models", "Head", false).rule_id, "PICKLE-GLOBAL-IMPORT");
  EXPECT_EQ(policy::judge_global({}, "mycompany.models", "Head", true).rule_id, "PICKLE-GLOBAL-IMPORT");
  policy::Policy disabled;
  disabled.rules["PICKLE-GLOBAL-IMPORT"].enabled = false;
  EXPECT_TRUE(policy::judge_global(disabled, "mycompany.models", "Head", true).allowed);
  // Dangerous callables and interpreter internals stay PICKLE-EXEC whatever the policy.
  for (const auto& [m, n] : {std::pair{"os", "system"}, std::pair{"builtins", "object.__subclasses__"},
                             std::pair{"mycompany.models", "Head.__init__"}}) {
    const auto v = policy::judge_global(lenient, m, n, true);
    EXPECT_FALSE(v.allowed) << m << "." << n;
    EXPECT_EQ(v.rule_id, "PICKLE-EXEC") << m << "." << n;
  }
}

TEST(GlobalGate, FindingFailsAsTheGateJudgesIt) {
  EXPECT_TRUE(policy::finding_fails({}, "PICKLE-STRUCT"));
  EXPECT_TRUE(policy::finding_fails({}, "NO-SUCH-RULE"));
  policy::Policy lenient;
  lenient.fail_on = {Severity::Critical};
  EXPECT_FALSE(policy::finding_fails(lenient, "PICKLE-STRUCT"));
  EXPECT_TRUE(policy::finding_fails(lenient, "PICKLE-EXEC", "os", "system"));
  EXPECT_FALSE(policy::finding_fails(trusting("mycompany.models", "Head"), "PICKLE-GLOBAL-IMPORT", "mycompany.models",
                                     "Head"));
}

TEST(LoadScan, ScansOnlyTheFirstStream) {
  const std::string clean = test::pasm("PROTO 2\nEMPTY_LIST\nSTOP\n");
  const std::string evil = test::pasm(kSystemCall);
  const auto first = engine::scan_load(clean + evil, {}, {});
  EXPECT_EQ(first.consumed, clean.size());
  EXPECT_TRUE(first.findings.empty()) << test::describe(first.findings);
  const auto second = engine::scan_load(evil + clean, {}, {});
  EXPECT_EQ(second.consumed, evil.size());
  EXPECT_TRUE(test::has_rule(second.findings, "PICKLE-EXEC", "posix.system")) << test::describe(second.findings);
  EXPECT_EQ(second.findings.front().verdict, Verdict::Fail);
}

TEST(LoadScan, PartialDataEndingInsideTheStreamIsNotJudged) {
  const std::string evil = test::pasm(kSystemCall);
  const std::string framed = test::pasm("PROTO 4\nFRAME 2\nEMPTY_LIST\nSTOP\n");
  engine::LoadScanOptions partial;
  partial.partial = true;
  for (const std::string& whole : {evil, framed}) {
    EXPECT_FALSE(engine::scan_load(whole.substr(0, whole.size() - 3), {}, partial).complete);
    const auto all = engine::scan_load(whole, {}, partial);
    EXPECT_TRUE(all.complete);
    EXPECT_EQ(all.consumed, whole.size());
  }
  // Not more data: a broken stream is judged at once.
  const auto junk = engine::scan_load("\xff\xfe junk", {}, partial);
  EXPECT_TRUE(junk.complete);
  EXPECT_EQ(junk.consumed, 0U);
}

TEST(LoadScan, NotAPickleConsumesNothing) {
  EXPECT_EQ(engine::scan_load("PK\x03\x04", {}, {}).consumed, 0U);
}

TEST(LoadScan, PolicyDecidesTheVerdict) {
  const std::string custom = test::pasm("PROTO 2\nGLOBAL \"mycompany.models\" \"Head\"\nEMPTY_TUPLE\nREDUCE\nSTOP\n");
  const auto strict = engine::scan_load(custom, {}, {});
  ASSERT_TRUE(test::has_rule(strict.findings, "PICKLE-GLOBAL-IMPORT")) << test::describe(strict.findings);
  EXPECT_EQ(strict.findings.front().verdict, Verdict::Fail);
  EXPECT_TRUE(engine::scan_load(custom, trusting("mycompany.models", "Head"), {}).findings.empty());
  policy::Policy lenient;
  lenient.fail_on = {Severity::Critical};
  const auto low = engine::scan_load(custom, lenient, {});
  ASSERT_FALSE(low.findings.empty());
  EXPECT_NE(low.findings.front().verdict, Verdict::Fail);
}

TEST(LoadScan, PersistentIdsOnlyWhereTorchDefinesThem) {
  const std::string storage = test::pasm(R"(PROTO 2
MARK
SHORT_BINUNICODE "storage"
GLOBAL "torch" "FloatStorage"
SHORT_BINUNICODE "0"
SHORT_BINUNICODE "cpu"
BININT1 4
TUPLE
BINPERSID
STOP
)");
  EXPECT_TRUE(test::has_rule(engine::scan_load(storage, {}, {}).findings, "PICKLE-STRUCT"));
  engine::LoadScanOptions torch_load;
  torch_load.torch_persistent_ids = true;
  const auto torch = engine::scan_load(storage, {}, torch_load);
  EXPECT_TRUE(torch.findings.empty()) << test::describe(torch.findings);
  const std::string odd = test::pasm("PROTO 2\nSHORT_BINUNICODE \"rows/42\"\nBINPERSID\nSTOP\n");
  const auto refused = engine::scan_load(odd, {}, torch_load);
  EXPECT_TRUE(test::has_rule(refused.findings, "PICKLE-STRUCT", "torch-storage-id")) << test::describe(refused.findings);
}

TEST(LoadScan, OutOfBandBuffersOnlyWhenTheCallerPassesThem) {
  const std::string data = test::pasm("PROTO 5\nNEXT_BUFFER\nSTOP\n");
  EXPECT_TRUE(test::has_rule(engine::scan_load(data, {}, {}).findings, "PICKLE-STRUCT"));
  engine::LoadScanOptions with_buffers;
  with_buffers.out_of_band_buffers = true;
  const auto passed = engine::scan_load(data, {}, with_buffers);
  EXPECT_TRUE(passed.findings.empty()) << test::describe(passed.findings);
}

TEST(LoadScan, ExtensionCodesAreStructural) {
  const auto f = engine::scan_load(test::pasm("PROTO 2\nEXT1 7\nSTOP\n"), {}, {}).findings;
  EXPECT_TRUE(test::has_rule(f, "PICKLE-STRUCT")) << test::describe(f);
}

}  // namespace
}  // namespace sentinel
