// libFuzzer target for the symbolic pickle machine and the artifact rules:
// arbitrary bytes go through rules::scan_pickle_bytes, which traces every
// stream (pickle::trace_pickles) and judges the trace. Must never crash, hang
// or throw, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/analyzer.hpp"

namespace {

// Two contexts: the defaults a plain .pkl gets, and a container-like one
// (torch/joblib expectations) with tight limits so the limit paths run on
// small inputs too.
sentinel::rules::ArtifactContext default_context() {
  sentinel::rules::ArtifactContext ctx;
  ctx.path = "fuzz.pkl";
  ctx.retest_target = "fuzz.pkl";
  return ctx;
}

sentinel::rules::ArtifactContext tight_context() {
  sentinel::rules::ArtifactContext ctx;
  ctx.path = "fuzz.pt";
  ctx.chain = {"archive/data.pkl"};
  ctx.retest_target = "fuzz.pt";
  ctx.persistent_ids_expected = true;
  ctx.multiple_streams_expected = true;
  ctx.limits.max_opcodes = 4096;
  ctx.limits.max_stack_depth = 64;
  ctx.limits.max_mark_depth = 16;
  ctx.limits.max_memo_entries = 64;
  ctx.limits.max_container_items = 64;
  ctx.limits.max_string_size = 256;
  ctx.limits.max_nodes = 256;
  ctx.limits.max_streams = 4;
  ctx.limits.max_nested_depth = 2;
  ctx.limits.max_nested_size = 4096;
  ctx.limits.max_findings_per_rule = 4;
  return ctx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto defaults = default_context();
  static const auto tight = tight_context();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const auto* ctx : {&defaults, &tight}) {
    bool is_pickle = false;
    const auto findings = sentinel::rules::scan_pickle_bytes(bytes, *ctx, is_pickle);
    for (const auto& f : findings) (void)f.location.display();
  }
  return 0;
}
