// See unsafe_loads.hpp; names are resolved by NameResolver.
#include "code/unsafe_loads.hpp"

#include <algorithm>
#include <optional>

#include "code/name_resolver.hpp"

namespace sentinel::code {

std::vector<SinkCall> find_unsafe_loads(const Program& program, std::size_t module, const std::vector<Sink>& sinks,
                                        const TaintFlow* flow) {
  const PythonTree& tree = *program.modules()[module].tree;
  std::vector<SinkCall> out;
  for (std::size_t i = 0; i < program.calls(module).size(); ++i) {
    const TSNode call = program.calls(module)[i];
    const TSNode callee = field(call, "function");
    for (const auto& candidate : program.callee_names(module, i)) {
      const auto sink = std::find_if(sinks.begin(), sinks.end(), [&](const Sink& s) { return s.target == candidate; });
      if (sink == sinks.end()) continue;
      std::string condition;
      if (sink->when != Sink::When::Always) {
        const auto value = keyword_value(tree, call, sink->keyword);
        if (sink->when == Sink::When::IfKeyword) {
          if (!value || *value == "False") break;
          condition = "with " + sink->keyword + "=" + *value;
        } else {
          if (value && *value == "True") break;
          condition = value ? "with " + sink->keyword + "=" + *value : "without " + sink->keyword + "=True";
        }
      }
      const TSPoint at = ts_node_start_point(call);
      out.push_back(SinkCall{sink->target, std::string(tree.text(callee)), at.row + 1, at.column + 1,
                             one_line(tree.text(call)), condition,
                             flow != nullptr ? flow->into_call(module, call) : std::vector<FlowStep>{}});
      break;
    }
  }
  return out;
}

}  // namespace sentinel::code
