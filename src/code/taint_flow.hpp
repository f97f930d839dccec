// Data flow from untrusted sources (source_catalogue.hpp) to the arguments of
// a call, across the whole program: through assignments (plain, tuple,
// augmented), `with ... as`, `for`, attribute and subscript reads, string
// building and every call that gets tainted data (wrappers such as open,
// BytesIO or b64decode keep it), instance attributes (`self.path = path`),
// module globals read from other modules, and the program's functions:
// parameters and returns, across files through imports, to a fixed point.
// Context-insensitive (a parameter is tainted if any caller passes tainted
// data) and flow-insensitive within a function, as a release gate wants an
// over-approximation; the one order-sensitive exception is the explicit
// sanitisers (sanitisers.hpp), which trust checked data from the check on.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "base/string_set.hpp"
#include "code/program.hpp"
#include "code/sanitisers.hpp"
#include "code/sink_catalogue.hpp"
#include "code/source_catalogue.hpp"

namespace sentinel::code {

struct FlowStep {
  std::size_t module = 0;  // where the step is
  std::uint32_t line = 0;  // 1-based; 0 for the note that stands for steps left out
  std::uint32_t column = 0;
  std::string what;     // "source requests.get", "assigned to data", "passed to load_model(blob)"
  std::string snippet;  // the code of the step, on one line
};

class TaintFlow {
 public:
  // A call of `sinks` is where a flow ends: its result starts no new one.
  TaintFlow(const Program& program, const std::vector<Source>& sources, const std::vector<Sink>& sinks);

  // The flow, source first, that reaches any argument of `call` in `module`;
  // empty when none does. A long flow keeps its source and its last steps,
  // with a note (line 0) for those left out between.
  [[nodiscard]] std::vector<FlowStep> into_call(std::size_t module, TSNode call) const;

 private:
  using Scope = std::size_t;  // a function, then the modules, then the classes (for self.x)
  struct Step {
    FlowStep step;
    std::optional<std::size_t> previous;
    // The latest parameter the flow entered a function through, (function,
    // parameter index): a return that carries it depends on that argument.
    std::optional<std::pair<std::size_t, std::size_t>> entry;
    std::size_t root = 0;    // the source step the flow starts at (set by add())
    std::size_t length = 1;  // steps from the source to this one, both counted
  };

  [[nodiscard]] Scope module_scope(std::size_t m) const { return program_.functions().size() + m; }
  [[nodiscard]] Scope class_scope(std::size_t c) const {
    return program_.functions().size() + program_.modules().size() + c;
  }
  [[nodiscard]] std::optional<std::size_t> function_of(Scope s) const;
  [[nodiscard]] std::size_t module_of(Scope s) const;
  [[nodiscard]] std::optional<Scope> enclosing(Scope s) const;
  [[nodiscard]] Scope scope_at(std::size_t module, TSNode node) const;
  [[nodiscard]] std::optional<std::size_t> method_class(Scope s) const;

  void seed_scopes();
  [[nodiscard]] std::vector<std::string> value_source_names(std::size_t module) const;
  void run_scope(Scope s);
  void touch(Scope s, const std::string& name);
  void mark(Scope s);
  [[nodiscard]] std::vector<std::size_t> readers(std::size_t module, const std::string& name) const;
  void propagate(std::size_t module, TSNode node, Scope scope);
  void pass_arguments(std::size_t module, TSNode call, Scope scope);
  // Calls fn(value, parameter index) for each argument of the call that binds a parameter of the callee.
  template <typename Fn>
  void each_argument(std::size_t module, TSNode call, const Callee& callee, Fn&& fn) const;
  [[nodiscard]] std::optional<std::size_t> call_result(std::size_t module, TSNode call, Scope scope, unsigned depth) const;
  [[nodiscard]] bool sink_call(std::size_t module, TSNode call) const;
  void bind(std::size_t module, TSNode target, Scope scope, std::size_t from, TSNode statement);
  bool set(Scope scope, const std::string& name, Step step);
  [[nodiscard]] std::optional<std::size_t> taint(std::size_t module, TSNode expr, Scope scope, unsigned depth = 0) const;
  [[nodiscard]] std::optional<std::size_t> source_step(std::size_t module, TSNode expr) const;
  [[nodiscard]] std::optional<std::string> find_source(std::size_t module, TSNode expr) const;
  [[nodiscard]] std::optional<std::string> call_source(std::size_t module, TSNode callee,
                                                       const std::vector<std::string>& candidates) const;
  [[nodiscard]] std::optional<std::size_t> variable(std::size_t module, TSNode expr, Scope scope) const;
  [[nodiscard]] std::optional<std::size_t> lookup(Scope scope, const std::string& name) const;
  [[nodiscard]] FlowStep step_at(std::size_t module, TSNode node, std::string what, std::string_view code) const;
  [[nodiscard]] std::string function_name(std::size_t f, std::size_t from_module) const;
  std::size_t add(Step step) const;

  const Program& program_;
  const std::vector<Source>& sources_;
  Sanitisers sanitisers_;
  std::unordered_map<Scope, std::unordered_map<std::string, std::size_t>> tainted_;  // scope -> name -> step
  std::unordered_map<std::size_t, std::size_t> returns_;  // function -> step, for what it returns whatever its arguments
  std::unordered_map<std::size_t, std::set<std::size_t>> returned_parameters_;  // function -> parameters it returns taint of
  mutable std::map<std::tuple<std::size_t, std::uint32_t, std::uint32_t, std::size_t>, std::size_t> returned_steps_;
  StringSet sinks_;
  std::unordered_map<std::size_t, std::set<Scope>> callers_;                         // function -> scopes calling it
  StringSet call_sources_;  // Call targets, exact
  std::vector<std::vector<std::size_t>> inner_;  // function -> functions nested in it, at any depth
  std::deque<Scope> queue_;                      // scopes (functions, then modules) to propagate again
  std::vector<char> queued_;                     // whether a scope is in queue_
  std::optional<Scope> running_;                 // the scope run_scope() is in
  bool running_changed_ = false;
  mutable std::vector<Step> steps_;
  mutable std::map<std::tuple<std::size_t, std::uint32_t, std::uint32_t>, std::size_t> source_steps_;
};

}  // namespace sentinel::code
