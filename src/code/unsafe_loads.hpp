// Finds the calls of one Python file that deserialize pickle-family data, with
// names resolved through imports and aliases: `import pickle as pk; pk.loads`,
// `from pickle import loads as L`, `from torch import load`, `import
// torch.serialization`, `u = pickle.Unpickler(f); u.load()`, `f = pk.loads`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "code/name_resolver.hpp"
#include "code/program.hpp"
#include "code/python_tree.hpp"
#include "code/sink_catalogue.hpp"
#include "code/taint_flow.hpp"

namespace sentinel::code {

struct SinkCall {
  std::string target;        // the catalogue entry it matched, "pickle.loads"
  std::string written;       // the callee as written, "pk.loads"
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in bytes
  std::string snippet;       // the call's text, on one line, shortened
  std::string condition;     // why a conditional sink applies ("without weights_only=True")
  std::vector<FlowStep> flow;  // untrusted data reaching the call, source first; empty when none does
};

// The sink calls of one module of the program; `flow` may be null (no data-flow analysis).
[[nodiscard]] std::vector<SinkCall> find_unsafe_loads(const Program& program, std::size_t module,
                                                      const std::vector<Sink>& sinks, const TaintFlow* flow);

}  // namespace sentinel::code
