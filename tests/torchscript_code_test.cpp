// TorchScript code is code (code/torchscript_code.hpp): the code/ records of
// real torch.jit.save output of three torch generations yield nothing; records
// rewritten to reach files, libraries or loaders are PICKLE-EXEC at the
// record, with the line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "code/torchscript_code.hpp"
#include "sentinel/scan.hpp"
#include "support.hpp"

namespace sentinel {
namespace {

namespace fs = std::filesystem;


std::string fixture(const std::string& path) {
  return test::read_file(test::source_dir() / "tests/fixtures/torchscript" / path);
}

std::vector<Finding> rule(const FileReport& r, const std::string& id) {
  std::vector<Finding> out;
  for (const auto& f : r.findings) {
    if (f.rule_id == id) out.push_back(f);
  }
  return out;
}

std::vector<std::string> targets(std::string_view source) {
  std::vector<std::string> out;
  for (const auto& op : code::torchscript_operations(source)) out.push_back(op.target);
  return out;
}

using Targets = std::vector<std::string>;

TEST(TorchScriptCatalogue, ParsesWithoutErrors) {
  std::vector<std::string> errors;
  const auto text = test::read_file(test::source_dir() / "data/torchscript.txt");
  const auto c = code::parse_torchscript_catalogue(text, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_FALSE(c.op_namespaces.empty());
  EXPECT_FALSE(c.class_namespaces.empty());
  for (const char* ns : {"aten", "prim", "quantized", "profiler"}) {
    EXPECT_NE(std::find(c.op_namespaces.begin(), c.op_namespaces.end(), ns), c.op_namespaces.end()) << ns;
  }
  for (const char* ns : {"c10d", "_c10d_functional", "debugprims", "torchvision"}) {
    EXPECT_EQ(std::find(c.op_namespaces.begin(), c.op_namespaces.end(), ns), c.op_namespaces.end()) << ns;
  }
  errors.clear();
  (void)code::parse_torchscript_catalogue("ops\nop save\nfrobnicate x\n", errors);
  EXPECT_EQ(errors.size(), 3U);
}

// Every real archive of every generation: no finding from this rule.
class RealTorchScript : public ::testing::TestWithParam<std::string> {};

TEST_P(RealTorchScript, CodeRecordsYieldNoFinding) {
  const auto bytes = fixture(GetParam());
  const auto r = scan_buffer(bytes, GetParam(), ScanOptions{});
  EXPECT_EQ(r.format, "torchscript");
  for (const auto& f : r.findings) {
    EXPECT_FALSE(f.location.line.has_value()) << f.location.display() << ": " << f.evidence;
    EXPECT_NE(f.rule_id, "PICKLE-EXEC") << f.location.display() << ": " << f.evidence;
  }
}

std::vector<std::string> real_fixtures() {
  std::vector<std::string> out;
  for (const char* suite : {"bookworm", "trixie", "sid"}) {
    for (const auto& name : test::files_in("tests/fixtures/torchscript/" + std::string(suite), ".pt")) {
      out.push_back(std::string(suite) + "/" + name);
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Generations, RealTorchScript, ::testing::ValuesIn(real_fixtures()), test::ParamName{});

TEST(RealTorchScript, ThreeGenerationsOfSeveralKinds) {
  const auto all = real_fixtures();
  for (const char* suite : {"bookworm/", "trixie/", "sid/"}) {
    for (const char* kind : {"linear_scripted", "getstate_scripted", "lstm_scripted", "quantized_dynamic_scripted",
                             "transformer_scripted", "conv_traced"}) {
      const std::string want = std::string(suite) + kind + ".pt";
      EXPECT_NE(std::find(all.begin(), all.end(), want), all.end()) << want;
    }
  }
}

// Rewritten records (scripts/gen_torchscript_fixtures.py --malicious).
struct Sample {
  const char* file;
  const char* record;  // the chain's last entry
  std::uint32_t line;
  const char* target;  // in the evidence
};

void expect_sample(const Sample& s) {
  SCOPED_TRACE(s.file);
  const auto r = scan_buffer(fixture(std::string("malicious/") + s.file), s.file, ScanOptions{});
  const auto exec = rule(r, "PICKLE-EXEC");
  bool found = false;
  for (const auto& f : exec) {
    ASSERT_FALSE(f.location.chain.empty());
    EXPECT_EQ(f.location.chain.back(), s.record);
    ASSERT_TRUE(f.location.line.has_value()) << f.evidence;
    if (*f.location.line == s.line && f.evidence.find(s.target) != std::string::npos) found = true;
    EXPECT_NE(f.evidence.find("line " + std::to_string(*f.location.line)), std::string::npos) << f.evidence;
  }
  EXPECT_TRUE(found) << test::describe(r.findings);
}

constexpr const char* kGetstate = "getstate_scripted/code/__torch__.py";
constexpr const char* kLinear = "linear_scripted/code/__torch__/torch/nn/modules/linear.py";

TEST(TorchScriptSave, InSetstateAndEverySpellingOfIt) {
  expect_sample({"save_setstate.pt", kGetstate, 21, "aten::save"});
  expect_sample({"save_ops_aten.pt", kGetstate, 21, "aten::save"});
  expect_sample({"save_getattr.pt", kGetstate, 21, "aten::save"});
  expect_sample({"save_autograd_alias.pt", kGetstate, 22, "aten::save"});
  // Aliased by assignment, in a record whose name has another casing.
  expect_sample({"save_alias_upper_record.pt", "getstate_scripted/CODE/__TORCH__.PY", 22, "aten::save"});
  const auto r = scan_buffer(fixture("malicious/save_setstate.pt"), "m.pt", ScanOptions{});
  const auto exec = rule(r, "PICKLE-EXEC");
  ASSERT_EQ(exec.size(), 1U) << test::describe(r.findings);
  const auto& f = exec.front();
  EXPECT_NE(f.evidence.find("__setstate__ (torch.jit.load runs it while loading)"), std::string::npos) << f.evidence;
  EXPECT_EQ(f.module, "aten");
  EXPECT_EQ(f.name, "save");
  EXPECT_EQ(f.location.display(), "m.pt!getstate_scripted/code/__torch__.py:21:5");
}

TEST(TorchScriptFromFile, DirectAndThroughAnAliasOfOps) {
  expect_sample({"from_file_forward.pt", kLinear, 12, "aten::from_file"});
  expect_sample({"from_file_ops_alias.pt", "linear_scripted/Code/__torch__/torch/nn/modules/linear.py", 13,
                 "aten::from_file"});
}

TEST(TorchScriptForeignOps, CustomAndDistributedNamespaces) {
  expect_sample({"custom_op.pt", kLinear, 12, "myext::run"});
  expect_sample({"custom_op_torch_ops.pt", kLinear, 12, "myext::run"});
  expect_sample({"distributed_op.pt", kLinear, 12, "c10d::barrier"});
  expect_sample({"load_library.pt", kLinear, 12, "torch.ops.load_library"});
}

TEST(TorchScriptForeignClasses, UnknownNamespaceOfTorchClasses) {
  expect_sample({"custom_class.pt", kGetstate, 21, "torch.classes.myext.Runner"});
  EXPECT_EQ(targets("def f(self, p: __torch__.torch.classes.c10d.ProcessGroup):\n  return p\n"),
            Targets{"torch.classes.c10d.ProcessGroup"});
  EXPECT_EQ(targets("x : __torch__.torch.classes.quantized.LinearPackedParamsBase\n"), Targets{});
}

TEST(TorchScriptPythonNames, BuiltinsLoadersAndInternals) {
  expect_sample({"open_builtin.pt", kGetstate, 21, "open"});
  expect_sample({"import_os_system.pt", kGetstate, 21, "__import__"});
  expect_sample({"exec_builtin.pt", kLinear, 12, "exec"});
  expect_sample({"jit_load.pt", kGetstate, 21, "torch.jit.load"});
  expect_sample({"torch_load.pt", kGetstate, 21, "torch.load"});
  expect_sample({"torch_c_internals.pt", kGetstate, 21, "torch._C._jit_set_profiling_mode"});
  EXPECT_EQ(targets("import os as o\ndef f(self):\n  o.system('id')\n"), Targets{"os.system"});
  EXPECT_EQ(targets("from subprocess import run as r\ndef f(self):\n  r(['id'])\n"), Targets{"subprocess.run"});
}

TEST(TorchScriptResolution, WhatIsNotAnOperation) {
  // Names bound locally are not the builtins they shadow; parameters named
  // like modules are values; strings and comments are not code.
  EXPECT_EQ(targets("def forward(self, input: Tensor, open: int, os: Tensor):\n"
                    "  eval = torch.add(input, open)\n"
                    "  return eval + os.sum()\n"),
                    Targets{});
  EXPECT_EQ(targets("def f(self):\n  msg = \"torch.save(x, '/tmp/p') and ops.c10d.barrier\"\n  # torch.load(p)\n"
                    "  ops.prim.RaiseException(msg, \"builtins.RuntimeError\")\n"),
            Targets{});
  EXPECT_EQ(targets("def f(self, x):\n  return torch.ops.aten.add(ops.quantized.linear_dynamic(x, self.p), 1)\n"),
            Targets{});
  // The save of an archive's own class is its code, analysed where it is.
  EXPECT_EQ(targets("def f(self, x):\n  return __torch__.torch.backends.mha.get_fastpath_enabled()\n"), Targets{});
  // A method called `save` on a value is no builtin (TorchScript refuses it).
  EXPECT_EQ(targets("def f(self, x):\n  return (self.child).save(x)\n"), Targets{});
}

TEST(TorchScriptResolution, AliasesChainsAndCycles) {
  EXPECT_EQ(targets("def f(self, x):\n  a = b = torch\n  c = a\n  c.save(x, 'p')\n"),
            (Targets{"aten::save"}));
  EXPECT_EQ(targets("def f(self, x):\n  n = getattr(ops, \"myext\")\n  return n.run(x)\n"),
            (Targets{"myext", "myext::run"}));
  // A cycle resolves to nothing but itself, and ends.
  EXPECT_EQ(targets("def f(self):\n  a = b\n  b = a\n  return a\n"), Targets{});
  EXPECT_EQ(targets("def f(self, x):\n  open = open\n  open(x)\n"), (Targets{"open", "open"}));
}

TEST(TorchScriptRecords, EvidenceIsPrintable) {
  rules::ArtifactContext ctx;
  ctx.path = "m.pt";
  ctx.chain = {"m/code/__torch__.py"};
  const auto findings = code::torchscript_code_findings("def f(self, x):\n  torch.save(x, '\x1b[2J\xff')\n", ctx);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].evidence.find('\x1b'), std::string::npos) << findings[0].evidence;
  EXPECT_NE(findings[0].evidence.find("\\x1b"), std::string::npos) << findings[0].evidence;
  EXPECT_EQ(findings[0].location.display(), "m.pt!m/code/__torch__.py:2:3");
}

TEST(TorchScriptRecords, FolderIsCaseInsensitiveAndDebugPicklesAreNotCode) {
  const std::vector<std::string_view> names{"Arch/data.pkl", "arch/CONSTANTS.pkl", "ARCH/Code/__torch__.py"};
  const auto folder = code::torchscript_code_folder(names);
  ASSERT_TRUE(folder.has_value());
  EXPECT_EQ(*folder, "arch/code/");
  EXPECT_TRUE(code::is_torchscript_code_record(*folder, "ARCH/Code/__torch__.py"));
  EXPECT_TRUE(code::is_torchscript_code_record(*folder, "arch/code/__torch__/torch/nn/modules/linear.PY"));
  EXPECT_FALSE(code::is_torchscript_code_record(*folder, "arch/code/__torch__.py.debug_pkl"));
  EXPECT_FALSE(code::is_torchscript_code_record(*folder, "arch/data.pkl"));
  const std::vector<std::string_view> plain{"a/b.txt", "a/code/x.py"};
  EXPECT_FALSE(code::torchscript_code_folder(plain).has_value());
}

TEST(TorchScriptLimits, LargeRecordsAndManyOperationsAreReported) {
  ScanOptions options;
  options.limits.max_nested_size = 64;
  auto r = scan_buffer(fixture("malicious/save_setstate.pt"), "m.pt", options);
  bool limit = false;
  for (const auto& f : r.findings) {
    if (f.rule_id == "PICKLE-STRUCT" && f.evidence.find("nested_size=64") != std::string::npos) {
      limit = true;
      EXPECT_EQ(f.location.chain.back(), kGetstate);
    }
  }
  EXPECT_TRUE(limit) << test::describe(r.findings);

  std::string many = "def f(self, x):\n";
  for (int i = 0; i < 10; ++i) many += "  torch.save(x, 'p" + std::to_string(i) + "')\n";
  rules::ArtifactContext ctx;
  ctx.path = "m.pt";
  ctx.chain = {"m/code/__torch__.py"};
  ctx.limits.max_findings_per_rule = 3;
  const auto findings = code::torchscript_code_findings(many, ctx);
  ASSERT_EQ(findings.size(), 4U);
  EXPECT_EQ(findings.back().rule_id, "PICKLE-STRUCT");
  EXPECT_NE(findings.back().evidence.find("7 more"), std::string::npos) << findings.back().evidence;
}

}  // namespace
}  // namespace sentinel
