// See unsafe_loads.hpp; names are resolved by NameResolver.
#include "code/unsafe_loads.hpp"

#include <algorithm>
#include <optional>

#include "code/name_resolver.hpp"

namespace sentinel::code {

std::vector<SinkCall> find_unsafe_loads(const PythonTree& tree, const NameResolver& resolver,
                                        const std::vector<Sink>& sinks, const TaintFlow* flow) {
  std::vector<SinkCall> out;
  each_node(tree.root(), [&](TSNode call) {
    if (node_type(call) != "call") return;
    const TSNode callee = field(call, "function");
    for (const auto& candidate : resolver.callee_candidates(callee)) {
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
                             flow != nullptr ? flow->into_call(call) : std::vector<FlowStep>{}});
      break;
    }
  });
  return out;
}

}  // namespace sentinel::code
