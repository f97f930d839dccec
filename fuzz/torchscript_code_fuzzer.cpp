// libFuzzer target for the TorchScript code analysis (code/torchscript_code.hpp):
// arbitrary bytes as one code record, through the tree-sitter parse, name
// binding and alias resolution, and the catalogue's judgement, with small
// limits. Must never crash or hang; every operation has a position, and a
// finding at a line has a column.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "code/torchscript_code.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sentinel::rules::ArtifactContext ctx;
  ctx.path = "fuzz.pt";
  ctx.chain = {"fuzz/code/__torch__.py"};
  ctx.limits.max_nested_size = 1 << 16;
  ctx.limits.max_findings_per_rule = 8;
  for (const auto& op : sentinel::code::torchscript_operations(input.substr(0, 1 << 16))) {
    check(op.line >= 1 && op.column >= 1 && !op.target.empty());
  }
  for (const auto& f : sentinel::code::torchscript_code_findings(input, ctx)) {
    check(f.rule_id == "PICKLE-STRUCT" || (f.location.line.value_or(0) >= 1 && f.location.column.value_or(0) >= 1));
  }
  return 0;
}
