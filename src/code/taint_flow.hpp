// Data flow from untrusted sources (data/sources.txt) to the arguments of a
// call, within one file: through assignments (plain, tuple, augmented), `with
// ... as`, `for`, attribute and subscript reads, string building and every
// call that gets tainted data (wrappers such as open, BytesIO or b64decode keep
// it), and through the file's own functions (parameters and returns, to a
// fixed point). Flow-insensitive within a function: an over-approximation, as
// a release gate wants. No sanitisers yet.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "code/name_resolver.hpp"

namespace sentinel::code {

struct Source {
  std::string target;
  bool value = false;  // a name read (sys.argv) rather than a call's result
};

[[nodiscard]] const std::vector<Source>& source_catalogue();
[[nodiscard]] std::vector<Source> parse_sources(std::string_view text, std::vector<std::string>& errors);

struct FlowStep {
  std::uint32_t line = 0;
  std::string what;     // "source requests.get", "assigned to data", "passed to load_model(blob)"
  std::string snippet;  // the code of the step, on one line
};

class TaintFlow {
 public:
  TaintFlow(const PythonTree& tree, const NameResolver& names, const std::vector<Source>& sources);

  // The flow, source first, that reaches any argument of `call`; empty when none does.
  [[nodiscard]] std::vector<FlowStep> into_call(TSNode call) const;

 private:
  struct Step {
    FlowStep step;
    std::optional<std::size_t> previous;
  };
  struct Function {
    TSNode body;
    std::vector<std::string> parameters;
    std::uint32_t start = 0, end = 0;  // bytes of the definition, to find the scope of a node
  };

  std::optional<std::size_t> taint(TSNode expr, const std::string& scope, unsigned depth = 0) const;
  std::optional<std::size_t> source_step(TSNode expr) const;
  void propagate(TSNode node, const std::string& scope);
  void bind(TSNode target, const std::string& scope, std::size_t from, TSNode statement);
  bool set(const std::string& scope, const std::string& name, Step step);
  [[nodiscard]] std::string scope_of(TSNode node) const;
  std::size_t add(Step step) const;

  const PythonTree& tree_;
  const NameResolver& names_;
  const std::vector<Source>& sources_;
  std::map<std::string, Function> functions_;
  std::map<std::string, std::map<std::string, std::size_t>> tainted_;  // scope -> name -> step
  std::map<std::string, std::size_t> returns_;                         // function -> step
  mutable std::vector<Step> steps_;
  mutable std::map<std::uint32_t, std::size_t> source_steps_;  // node start byte -> step
  bool changed_ = false;
};

}  // namespace sentinel::code
