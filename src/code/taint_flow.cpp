// See taint_flow.hpp.
#include "code/taint_flow.hpp"

#include <algorithm>

#include "code/request_sources.hpp"

namespace sentinel::code {
namespace {

// Facts only grow, so the worklist empties; the bounds keep any input finite.
constexpr int kMaxPasses = 64;               // of one scope over itself
constexpr std::size_t kMaxRunsPerScope = 64;  // on average, over the whole program
constexpr std::size_t kMaxEvidenceSteps = 12;  // the last steps of a flow shown, after its source

bool nested_scope(TSNode node) {
  const auto type = node_type(node);
  return type == "function_definition" || type == "class_definition" || type == "lambda";
}

// Identifiers a pattern binds: `a`, `a, b`, `(a, [b, c])`; `self.x` as "self.x".
void pattern_targets(TSNode pattern, std::vector<TSNode>& out, unsigned depth = 0) {
  const auto type = node_type(pattern);
  if (type == "identifier" || type == "attribute") {
    out.push_back(pattern);
    return;
  }
  if (depth > kMaxExpressionDepth || (type != "pattern_list" && type != "tuple_pattern" && type != "list_pattern")) {
    return;
  }
  for (std::uint32_t i = 0; i < ts_node_named_child_count(pattern); ++i) {
    pattern_targets(ts_node_named_child(pattern, i), out, depth + 1);
  }
}

}  // namespace

TaintFlow::TaintFlow(const Program& program, const std::vector<Source>& sources, const std::vector<Sink>& sinks)
    : program_(program), sources_(sources), sanitisers_(program),
      inner_(program.functions().size()), queued_(program.functions().size() + program.modules().size(), 0) {
  for (const auto& sink : sinks) sinks_.insert(sink.target);
  for (const auto& s : sources) {
    // Builtins are also kept by their bare name, as a call reads them.
    if (s.kind == Source::Kind::Call && !s.target.ends_with(".*")) {
      call_sources_.insert(s.target);
      if (s.target.starts_with("builtins.")) call_sources_.insert(s.target.substr(9));
    }
  }
  for (std::size_t f = 0; f < program.functions().size(); ++f) {
    for (auto p = program.functions()[f].parent; p; p = program.functions()[*p].parent) inner_[*p].push_back(f);
  }
  for (const auto& p : request_parameters(program, sources)) {
    const Function& fn = program.functions()[p.function];
    const Module& m = program.modules()[fn.module];
    const std::string_view header =
        std::string_view(m.tree->source()).substr(fn.start, ts_node_start_byte(field(fn.node, "body")) - fn.start);
    set(p.function, fn.parameters[p.parameter].name,
        Step{step_at(fn.module, fn.node,
                     "source: request data in parameter " + fn.parameters[p.parameter].name + " of " + fn.qualname +
                         "() (" + p.why + ")",
                     header),
             std::nullopt, std::nullopt});
  }
  seed_scopes();
  // A worklist: a scope runs again when one of its inputs changed, at once,
  // so a chain of calls of any length settles; bounded whatever the input.
  const std::size_t budget = kMaxRunsPerScope * queued_.size();
  for (std::size_t runs = 0; !queue_.empty() && runs < budget; ++runs) {
    const Scope s = queue_.front();
    queue_.pop_front();
    queued_[s] = 0;
    run_scope(s);
  }
}

void TaintFlow::mark(Scope s) {
  if (queued_[s] != 0) return;
  queued_[s] = 1;
  queue_.push_back(s);
}

// Untrusted data can enter only where a source is named, so the worklist
// starts with those scopes alone; the calls of every scope are indexed up front, so
// that a tainted return reaches callers that have not run yet.
void TaintFlow::seed_scopes() {
  for (std::size_t m = 0; m < program_.modules().size(); ++m) {
    const auto& calls = program_.calls(m);
    const auto& functions = program_.call_functions(m);
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const Scope scope = functions[i] ? *functions[i] : module_scope(m);
      for (const auto& callee : program_.callees(m, calls[i])) callers_[callee.function].insert(scope);
      if (call_source(m, field(calls[i], "function"), program_.callee_names(m, i))) mark(scope);
    }
    // Value sources (sys.argv, flask.request) by the names the module may read them through.
    const std::string_view text = program_.modules()[m].tree->source();
    for (const auto& token : value_source_names(m)) {
      if (text.find(token) == std::string_view::npos) continue;
      mark(module_scope(m));
      for (const std::size_t f : readers(m, token)) mark(f);
    }
  }
}

// `import sys` reads sys.argv as `argv` after `sys.`; `from flask import
// request as req` reads it as `req`.
std::vector<std::string> TaintFlow::value_source_names(std::size_t module) const {
  std::vector<std::string> out;
  for (const auto& [local, target] : program_.modules()[module].names->imported_names()) {
    for (const auto& s : sources_) {
      if (s.kind != Source::Kind::Value) continue;
      if (local != "*" && (target == s.target || target.starts_with(s.target + "."))) {
        out.push_back(local);
      } else if (s.target.starts_with(target + ".")) {
        out.push_back(s.target.substr(s.target.rfind('.') + 1));
      }
    }
  }
  return out;
}

// Runs a scope to its own fixed point: a name bound late in the body may
// feed a statement before it (loops); settling it here saves trips through
// the worklist.
void TaintFlow::run_scope(Scope s) {
  const auto f = function_of(s);
  const std::size_t m = module_of(s);
  running_ = s;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    running_changed_ = false;
    for (const TSNode n : f ? program_.flow_nodes(*f) : program_.module_flow_nodes(m)) propagate(m, n, s);
    if (!running_changed_) break;
  }
  running_.reset();
}

// What may read a scope's variable: the function and those nested in it; for
// a module global, the module's top level and the functions, there and in
// the modules importing it, that mention the name; for `self.x`, the class's methods.
void TaintFlow::touch(Scope s, const std::string& name) {
  const std::size_t functions = program_.functions().size();
  const std::size_t modules = program_.modules().size();
  if (s < functions + modules && s != running_) mark(s);
  if (const auto function = function_of(s)) {
    for (const std::size_t inner : inner_[*function]) mark(inner);
  } else if (s < functions + modules) {
    const std::size_t m = s - functions;
    for (const std::size_t reader : readers(m, name)) mark(reader);
    for (const std::size_t d : program_.dependents(m)) {
      mark(module_scope(d));
      for (const std::size_t reader : readers(d, name)) mark(reader);
    }
  } else {
    const std::size_t cls = s - functions - modules;
    for (const std::size_t f : program_.modules()[program_.classes()[cls].module].functions) {
      for (auto owner = std::optional(f); owner; owner = program_.functions()[*owner].parent) {
        if (program_.functions()[*owner].cls == cls) mark(f);
      }
    }
  }
}

// The functions of a module whose text mentions a name: a substring search,
// which may over-approximate (more runs), never miss.
std::vector<std::size_t> TaintFlow::readers(std::size_t module, const std::string& name) const {
  std::vector<std::size_t> out;
  const std::string_view text = program_.modules()[module].tree->source();
  for (const std::size_t f : program_.modules()[module].functions) {
    const Function& fn = program_.functions()[f];
    if (text.substr(fn.start, fn.end - fn.start).find(name) != std::string_view::npos) out.push_back(f);
  }
  return out;
}

std::optional<std::size_t> TaintFlow::function_of(Scope s) const {
  return s < program_.functions().size() ? std::optional(s) : std::nullopt;
}

std::size_t TaintFlow::module_of(Scope s) const {
  const std::size_t functions = program_.functions().size();
  const std::size_t modules = program_.modules().size();
  if (s < functions) return program_.functions()[s].module;
  if (s < functions + modules) return s - functions;
  return program_.classes()[s - functions - modules].module;
}

std::optional<TaintFlow::Scope> TaintFlow::enclosing(Scope s) const {
  const auto f = function_of(s);
  if (!f) return std::nullopt;
  const Function& fn = program_.functions()[*f];
  return fn.parent ? *fn.parent : module_scope(fn.module);
}

TaintFlow::Scope TaintFlow::scope_at(std::size_t module, TSNode node) const {
  const auto f = program_.function_at(module, ts_node_start_byte(node));
  return f ? *f : module_scope(module);
}

// The class whose `self` a scope sees: its own, or that of the method it is nested in.
std::optional<std::size_t> TaintFlow::method_class(Scope s) const {
  for (auto f = function_of(s); f; f = program_.functions()[*f].parent) {
    if (program_.functions()[*f].cls) return program_.functions()[*f].cls;
  }
  return std::nullopt;
}

std::size_t TaintFlow::add(Step step) const {
  if (step.previous) {
    const Step& previous = steps_[*step.previous];
    if (!step.entry) step.entry = previous.entry;
    step.root = previous.root;
    step.length = previous.length + 1;
  } else {
    step.root = steps_.size();
  }
  steps_.push_back(std::move(step));
  return steps_.size() - 1;
}

FlowStep TaintFlow::step_at(std::size_t module, TSNode node, std::string what, std::string_view code) const {
  const TSPoint at = ts_node_start_point(node);
  return FlowStep{module, at.row + 1, at.column + 1, std::move(what), one_line(code)};
}

std::string TaintFlow::function_name(std::size_t f, std::size_t from_module) const {
  const Function& fn = program_.functions()[f];
  return fn.module == from_module ? fn.qualname : program_.modules()[fn.module].name + "." + fn.qualname;
}

bool TaintFlow::set(Scope scope, const std::string& name, Step step) {
  auto& vars = tainted_[scope];
  if (vars.contains(name)) return false;  // the first flow found is the one reported
  vars.emplace(name, add(std::move(step)));
  // The running scope settles itself (run_scope); the others are queued.
  if (scope == running_) running_changed_ = true;
  touch(scope, name);
  return true;
}

void TaintFlow::bind(std::size_t module, TSNode target, Scope scope, std::size_t from, TSNode statement) {
  const PythonTree& tree = *program_.modules()[module].tree;
  std::vector<TSNode> targets;
  pattern_targets(target, targets);
  for (const TSNode t : targets) {
    const std::string name(tree.text(t));
    Step step{step_at(module, statement, "assigned to " + name, tree.text(statement)), from, std::nullopt};
    if (node_type(t) == "identifier") {
      set(scope, name, std::move(step));
    } else if (const auto cls = method_class(scope);
               cls && node_type(field(t, "object")) == "identifier" && tree.text(field(t, "object")) == "self") {
      set(class_scope(*cls), name, std::move(step));  // self.path = path: every method sees it
    }
  }
}

void TaintFlow::propagate(std::size_t module, TSNode node, Scope scope) {
  const auto type = node_type(node);
  const PythonTree& tree = *program_.modules()[module].tree;
  if (type == "assignment" || type == "augmented_assignment" || type == "for_statement") {
    if (const auto t = taint(module, field(node, "right"), scope)) bind(module, field(node, "left"), scope, *t, node);
  } else if (type == "as_pattern") {
    // `with open(path) as f`: the alias holds what the value gives.
    const TSNode alias = field(node, "alias");
    if (const auto t = taint(module, ts_node_named_child(node, 0), scope); t && ts_node_named_child_count(alias) > 0) {
      bind(module, ts_node_named_child(alias, 0), scope, *t, node);
    }
  } else if (type == "return_statement" && function_of(scope) && ts_node_named_child_count(node) > 0) {
    const auto t = taint(module, ts_node_named_child(node, 0), scope);
    if (!t) return;
    // What came in through a parameter goes back only to the callers that
    // passed untrusted data there: a summary per parameter, not one for all.
    const auto& entry = steps_[*t].entry;
    bool changed = false;
    if (entry && entry->first == scope) {
      changed = returned_parameters_[scope].insert(entry->second).second;
    } else if (!returns_.contains(scope)) {
      returns_[scope] =
          add(Step{step_at(module, node, "returned by " + function_name(scope, module) + "()", tree.text(node)), *t, {}});
      changed = true;
    }
    if (changed) {
      for (const Scope caller : callers_[scope]) mark(caller);
    }
  } else if (type == "call") {
    pass_arguments(module, node, scope);
  }
}

template <typename Fn>
void TaintFlow::each_argument(std::size_t module, TSNode call, const Callee& callee, Fn&& fn) const {
  const PythonTree& tree = *program_.modules()[module].tree;
  const Function& f = program_.functions()[callee.function];
  const auto splat = [&](Parameter::Kind kind) -> std::optional<std::size_t> {
    for (std::size_t p = 0; p < f.parameters.size(); ++p) {
      if (f.parameters[p].kind == kind) return p;
    }
    return std::nullopt;
  };
  std::size_t position = callee.skips_first ? 1 : 0;
  any_named_child(field(call, "arguments"), [&](TSNode arg) {
    std::optional<std::size_t> parameter;
    if (node_type(arg) == "keyword_argument") {
      const std::string_view name = tree.text(field(arg, "name"));
      for (std::size_t p = 0; p < f.parameters.size() && !parameter; ++p) {
        if (f.parameters[p].kind == Parameter::Kind::Named && f.parameters[p].name == name) parameter = p;
      }
      if (!parameter) parameter = splat(Parameter::Kind::Kwargs);
      if (parameter) fn(field(arg, "value"), *parameter);
    } else {
      parameter = position < f.parameters.size() && f.parameters[position].kind == Parameter::Kind::Named
                      ? std::optional(position)
                      : splat(Parameter::Kind::Args);
      ++position;
      if (parameter) fn(arg, *parameter);
    }
    return false;
  });
}

// Tainted arguments taint the parameters of the program's functions the call may run.
void TaintFlow::pass_arguments(std::size_t module, TSNode call, Scope scope) {
  const PythonTree& tree = *program_.modules()[module].tree;
  for (const auto& callee : program_.callees(module, call)) {
    each_argument(module, call, callee, [&](TSNode value, std::size_t p) {
      const auto t = taint(module, value, scope);
      if (!t) return;
      const std::string& name = program_.functions()[callee.function].parameters[p].name;
      set(callee.function, name,
          Step{step_at(module, call, "passed to " + function_name(callee.function, module) + "(" + name + ")",
                       tree.text(call)),
               *t, std::make_pair(callee.function, p)});
    });
  }
}

// What a call of the program's own functions returns: their summary, at
// this call's arguments. nullopt also when no callee is the program's.
std::optional<std::size_t> TaintFlow::call_result(std::size_t module, TSNode call, Scope scope, unsigned depth) const {
  for (const auto& callee : program_.callees(module, call)) {
    if (const auto r = returns_.find(callee.function); r != returns_.end()) return r->second;
    const auto returned = returned_parameters_.find(callee.function);
    if (returned == returned_parameters_.end()) continue;
    std::optional<std::size_t> found;
    each_argument(module, call, callee, [&](TSNode value, std::size_t p) {
      if (!found && returned->second.contains(p)) found = taint(module, value, scope, depth + 1);
    });
    if (!found) continue;
    const auto key = std::make_tuple(module, ts_node_start_byte(call), ts_node_end_byte(call), callee.function);
    if (const auto it = returned_steps_.find(key); it != returned_steps_.end()) return it->second;
    const std::size_t step = add(Step{step_at(module, call, "returned by " + function_name(callee.function, module) + "()",
                                              program_.modules()[module].tree->text(call)),
                                      *found, {}});
    returned_steps_.emplace(key, step);
    return step;
  }
  return std::nullopt;
}

bool TaintFlow::sink_call(std::size_t module, TSNode call) const {
  const auto index = program_.call_index(module, call);
  if (!index) return false;
  const auto& names = program_.callee_names(module, *index);
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return sinks_.contains(n); });
}

// One step per source node, however often it is asked for; a node is named
// by its module, start and end (`a`, `a.b` and `a.b()` share a start).
std::optional<std::size_t> TaintFlow::source_step(std::size_t module, TSNode expr) const {
  const auto target = find_source(module, expr);
  if (!target) return std::nullopt;
  const auto key = std::make_tuple(module, ts_node_start_byte(expr), ts_node_end_byte(expr));
  if (const auto it = source_steps_.find(key); it != source_steps_.end()) return it->second;
  const std::size_t step = add(Step{step_at(module, expr, "source " + *target, program_.modules()[module].tree->text(expr)),
                                    std::nullopt, std::nullopt});
  source_steps_.emplace(key, step);
  return step;
}

std::optional<std::string> TaintFlow::find_source(std::size_t module, TSNode expr) const {
  const Module& m = program_.modules()[module];
  const auto type = node_type(expr);
  std::optional<std::string> target;
  if (type == "call") {
    const TSNode callee = field(expr, "function");
    target = call_source(module, callee, m.names->callee_candidates(callee));
  } else if ((type == "identifier" || type == "attribute") && !m.names->instance_bound(expr)) {
    if (const auto resolved = m.names->resolve(expr)) {
      for (const auto& s : sources_) {
        if (s.kind == Source::Kind::Value &&
            (s.matches(*resolved) || (resolved->starts_with(s.target) && (*resolved)[s.target.size()] == '.'))) {
          target = s.target;
        }
      }
    }
  }
  return target;
}

std::optional<std::string> TaintFlow::call_source(std::size_t module, TSNode callee,
                                                  const std::vector<std::string>& candidates) const {
  for (const auto& c : candidates) {
    if (call_sources_.contains(c)) return c;
  }
  // A bare builtin the file does not rebind.
  const std::string_view name = program_.modules()[module].tree->text(callee);
  if (node_type(callee) == "identifier" && candidates.empty() && call_sources_.contains(name)) {
    return "builtins." + std::string(name);
  }
  return std::nullopt;
}

std::optional<std::size_t> TaintFlow::lookup(Scope scope, const std::string& name) const {
  const auto vars = tainted_.find(scope);
  if (vars == tainted_.end()) return std::nullopt;
  const auto it = vars->second.find(name);
  return it == vars->second.end() ? std::nullopt : std::optional(it->second);
}

// A name read in a scope: the scope and those enclosing it, `self.x` of the
// method's class, then another module's global reached through an import.
std::optional<std::size_t> TaintFlow::variable(std::size_t module, TSNode expr, Scope scope) const {
  const Module& m = program_.modules()[module];
  const std::string name(m.tree->text(expr));
  if (sanitisers_.clean(module, function_of(scope), name, ts_node_start_byte(expr))) return std::nullopt;
  if (node_type(expr) == "identifier") {
    for (std::optional<Scope> s = scope; s; s = enclosing(*s)) {
      if (const auto t = lookup(*s, name)) return t;
    }
  } else if (const auto cls = method_class(scope);
             cls && node_type(field(expr, "object")) == "identifier" && m.tree->text(field(expr, "object")) == "self") {
    if (const auto t = lookup(class_scope(*cls), name)) return t;
  }
  if (const auto resolved = m.names->resolve(expr)) {
    if (const auto s = program_.split(*resolved, module); s && !s->second.empty()) {
      return lookup(module_scope(s->first), s->second);
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> TaintFlow::taint(std::size_t module, TSNode expr, Scope scope, unsigned depth) const {
  if (ts_node_is_null(expr) || depth > kMaxExpressionDepth) return std::nullopt;
  if (const auto s = source_step(module, expr)) return s;
  const auto type = node_type(expr);
  if (type == "identifier") return variable(module, expr, scope);
  if (type == "attribute") {
    if (const auto t = variable(module, expr, scope)) return t;
  } else if (type == "call") {
    // A load is where its flow ends (the finding); its result starts none.
    if (sink_call(module, expr)) return std::nullopt;
    if (const auto r = call_result(module, expr, scope, depth)) return r;
    // The program's own functions return what their summaries say; a class
    // made from untrusted data, like any other call, carries it.
    const auto callees = program_.callees(module, expr);
    const bool constructs = std::any_of(callees.begin(), callees.end(), [&](const Callee& c) {
      return program_.functions()[c.function].qualname.ends_with("__init__");
    });
    if (!callees.empty() && !constructs) return std::nullopt;
  }
  if (nested_scope(expr)) return std::nullopt;
  // Anything built from tainted data is tainted: attribute and subscript
  // reads, string building, and the result of any call that receives it.
  std::optional<std::size_t> found;
  any_named_child(expr, [&](TSNode child) { return (found = taint(module, child, scope, depth + 1)).has_value(); });
  return found;
}

std::vector<FlowStep> TaintFlow::into_call(std::size_t module, TSNode call) const {
  const Scope scope = scope_at(module, call);
  auto t = taint(module, field(call, "arguments"), scope);
  // A method's object counts as its argument: pickle.Unpickler(io.BytesIO(data)).load().
  if (const TSNode callee = field(call, "function"); !t && node_type(callee) == "attribute") {
    t = taint(module, field(callee, "object"), scope);
  }
  std::vector<FlowStep> flow;
  if (!t) return flow;
  // The source, then the last steps: a flow through thousands of calls would
  // make evidence no one reads, and walking it per load would cost its length.
  std::size_t walked = 0;
  for (std::optional<std::size_t> at = t; at && walked < kMaxEvidenceSteps; at = steps_[*at].previous, ++walked) {
    flow.push_back(steps_[*at].step);
  }
  const Step& last = steps_[*t];
  if (last.length > walked) {
    if (last.length > walked + 1) {
      FlowStep elided;
      elided.what = std::to_string(last.length - walked - 1) + " more steps";
      flow.push_back(std::move(elided));
    }
    flow.push_back(steps_[last.root].step);
  }
  std::reverse(flow.begin(), flow.end());
  return flow;
}

}  // namespace sentinel::code
