// Trace -> findings: the three artifact rules (PICKLE-EXEC,
// PICKLE-GLOBAL-IMPORT, PICKLE-STRUCT) judged from what the symbolic values
// do, not from names alone.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pickle/trace.hpp"
#include "rules/global_lists.hpp"
#include "sentinel/finding.hpp"
#include "sentinel/limits.hpp"
#include "sentinel/work_budget.hpp"

namespace sentinel::rules {

struct ArtifactContext {
  std::string path;                // as reached from the command line
  std::vector<std::string> chain;  // container entries leading to this stream
  std::string retest_target;       // the top-level path the retest command scans
  const GlobalLists* lists = &GlobalLists::builtin();
  Limits limits;
  // Formats that define persistent ids (torch) or several pickles per file
  // (legacy torch, joblib) say so; a plain pickle stream does neither.
  bool persistent_ids_expected = false;
  bool multiple_streams_expected = false;
  // TorchScript archives name their compiled classes `__torch__.<qualname>`;
  // torch.jit.load's unpickler resolves them to TorchScript types, and Python's
  // cannot import them at all, so they are not imports of Python code.
  bool torchscript_types = false;
  unsigned nested_depth = 0;
  // The top-level file's budget, which nested payloads spend too; without
  // one, each trace gets a budget of its own.
  WorkBudget* budget = nullptr;
  // Where findings past findings_per_rule are counted by rule (they are not
  // kept: a stream may import millions of names); null to drop the count.
  std::map<std::string, std::uint64_t>* omitted = nullptr;
};

[[nodiscard]] std::vector<Finding> analyze(const pickle::FileTrace& trace, const ArtifactContext& context);

// Traces and analyses pickle bytes; `is_pickle` tells whether byte 0 starts a
// stream the unpickler would act on (otherwise no findings are returned).
[[nodiscard]] std::vector<Finding> scan_pickle_bytes(std::string_view data, const ArtifactContext& context,
                                                     bool& is_pickle);

}  // namespace sentinel::rules
