// See taint_flow.hpp.
#include "code/taint_flow.hpp"

#include <algorithm>

#include "base/data_lines.hpp"

namespace sentinel::data {
extern const std::string_view k_sources_txt;
}  // namespace sentinel::data

namespace sentinel::code {
namespace {

constexpr int kMaxRounds = 8;  // function summaries settle in a few rounds; bounded whatever the file

bool nested_scope(TSNode node) {
  const auto type = node_type(node);
  return type == "function_definition" || type == "class_definition" || type == "lambda";
}

// Visits the nodes of one scope, not those of functions defined inside it;
// an explicit stack, as files can nest deeper than the call stack allows.
template <typename F>
void each_in_scope(TSNode root, F&& visit) {
  std::vector<TSNode> pending{root};
  while (!pending.empty()) {
    const TSNode node = pending.back();
    pending.pop_back();
    if (!ts_node_eq(node, root)) visit(node);
    if (!ts_node_eq(node, root) && nested_scope(node)) continue;
    for (std::uint32_t i = ts_node_named_child_count(node); i > 0; --i) pending.push_back(ts_node_named_child(node, i - 1));
  }
}

// Identifiers a pattern binds: `a`, `a, b`, `(a, [b, c])`.
void pattern_names(TSNode pattern, std::vector<TSNode>& out, unsigned depth = 0) {
  if (node_type(pattern) == "identifier") {
    out.push_back(pattern);
    return;
  }
  const auto type = node_type(pattern);
  if (depth > kMaxExpressionDepth || (type != "pattern_list" && type != "tuple_pattern" && type != "list_pattern")) {
    return;
  }
  for (std::uint32_t i = 0; i < ts_node_named_child_count(pattern); ++i) {
    pattern_names(ts_node_named_child(pattern, i), out, depth + 1);
  }
}

}  // namespace

std::vector<Source> parse_sources(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Source> out;
  for_each_data_line(text, [&](const std::vector<std::string>& f, const std::string&, std::size_t line_no) {
    if (f.size() != 2 || (f[0] != "call" && f[0] != "value")) {
      errors.push_back("sources line " + std::to_string(line_no) + ": expected `call|value target`");
      return;
    }
    out.push_back(Source{f[1], f[0] == "value"});
  });
  return out;
}

const std::vector<Source>& source_catalogue() {
  static const std::vector<Source> sources = [] {
    std::vector<std::string> errors;
    return parse_sources(data::k_sources_txt, errors);
  }();
  return sources;
}

TaintFlow::TaintFlow(const PythonTree& tree, const NameResolver& names, const std::vector<Source>& sources)
    : tree_(tree), names_(names), sources_(sources) {
  each_node(tree.root(), [&](TSNode n) {
    if (node_type(n) != "function_definition") return;
    Function f{field(n, "body"), {}, ts_node_start_byte(n), ts_node_end_byte(n)};
    const TSNode params = field(n, "parameters");
    for (std::uint32_t i = 0; i < ts_node_named_child_count(params); ++i) {
      TSNode p = ts_node_named_child(params, i);
      if (node_type(p) == "default_parameter" || node_type(p) == "typed_default_parameter") p = field(p, "name");
      if (node_type(p) == "typed_parameter") p = ts_node_named_child(p, 0);
      f.parameters.emplace_back(tree.text(p));
    }
    functions_[std::string(tree.text(field(n, "name")))] = f;
  });
  for (int round = 0; round < kMaxRounds; ++round) {
    changed_ = false;
    each_in_scope(tree.root(), [&](TSNode n) { propagate(n, ""); });
    for (const auto& entry : functions_) {
      const std::string& name = entry.first;
      each_in_scope(entry.second.body, [&](TSNode n) { propagate(n, name); });
    }
    if (!changed_) break;
  }
}

std::size_t TaintFlow::add(Step step) const {
  steps_.push_back(std::move(step));
  return steps_.size() - 1;
}

bool TaintFlow::set(const std::string& scope, const std::string& name, Step step) {
  auto& vars = tainted_[scope];
  if (vars.contains(name)) return false;  // the first flow found is the one reported
  vars[name] = add(std::move(step));
  changed_ = true;
  return true;
}

void TaintFlow::bind(TSNode target, const std::string& scope, std::size_t from, TSNode statement) {
  std::vector<TSNode> bound;
  pattern_names(target, bound);
  for (const TSNode id : bound) {
    const std::string name(tree_.text(id));
    set(scope, name,
        Step{{ts_node_start_point(statement).row + 1, "assigned to " + name, one_line(tree_.text(statement))}, from});
  }
}

void TaintFlow::propagate(TSNode node, const std::string& scope) {
  const auto type = node_type(node);
  if (type == "assignment" || type == "augmented_assignment") {
    if (const auto t = taint(field(node, "right"), scope)) bind(field(node, "left"), scope, *t, node);
  } else if (type == "for_statement") {
    if (const auto t = taint(field(node, "right"), scope)) bind(field(node, "left"), scope, *t, node);
  } else if (type == "as_pattern") {
    // `with open(path) as f`: the alias holds what the value gives.
    const TSNode alias = field(node, "alias");
    if (const auto t = taint(ts_node_named_child(node, 0), scope); t && ts_node_named_child_count(alias) > 0) {
      bind(ts_node_named_child(alias, 0), scope, *t, node);
    }
  } else if (type == "return_statement" && !scope.empty() && ts_node_named_child_count(node) > 0) {
    if (const auto t = taint(ts_node_named_child(node, 0), scope); t && !returns_.contains(scope)) {
      returns_[scope] = add(Step{{ts_node_start_point(node).row + 1, "returned by " + scope + "()",
                                  one_line(tree_.text(node))}, *t});
      changed_ = true;
    }
  } else if (type == "call") {
    // Tainted arguments taint the parameters of the file's own functions.
    const TSNode callee = field(node, "function");
    const auto f = node_type(callee) == "identifier" ? functions_.find(std::string(tree_.text(callee))) : functions_.end();
    if (f == functions_.end()) return;
    const TSNode args = field(node, "arguments");
    std::size_t position = 0;
    for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
      const TSNode arg = ts_node_named_child(args, i);
      const bool keyword = node_type(arg) == "keyword_argument";
      const std::string parameter = keyword ? std::string(tree_.text(field(arg, "name")))
                                   : position < f->second.parameters.size() ? f->second.parameters[position]
                                                                             : std::string();
      if (!keyword) ++position;
      if (parameter.empty()) continue;
      if (const auto t = taint(keyword ? field(arg, "value") : arg, scope)) {
        set(f->first, parameter,
            Step{{ts_node_start_point(node).row + 1, "passed to " + f->first + "(" + parameter + ")",
                  one_line(tree_.text(node))}, *t});
      }
    }
  }
}

std::optional<std::size_t> TaintFlow::source_step(TSNode expr) const {
  const auto type = node_type(expr);
  std::optional<std::string> target;
  if (type == "call") {
    const TSNode callee = field(expr, "function");
    auto candidates = names_.callee_candidates(callee);
    // A bare builtin the file does not rebind.
    if (node_type(callee) == "identifier" && candidates.empty()) candidates.push_back("builtins." + std::string(tree_.text(callee)));
    for (const auto& c : candidates) {
      for (const auto& s : sources_) {
        if (!s.value && s.target == c) target = c;
      }
    }
  } else if (type == "identifier" || type == "attribute") {
    if (const auto resolved = names_.resolve(expr)) {
      for (const auto& s : sources_) {
        if (s.value && (*resolved == s.target || resolved->starts_with(s.target + "."))) target = s.target;
      }
    }
  }
  if (!target) return std::nullopt;
  const std::uint32_t key = ts_node_start_byte(expr);
  if (const auto it = source_steps_.find(key); it != source_steps_.end()) return it->second;
  const std::size_t step =
      add(Step{{ts_node_start_point(expr).row + 1, "source " + *target, one_line(tree_.text(expr))}, std::nullopt});
  source_steps_[key] = step;
  return step;
}

std::optional<std::size_t> TaintFlow::taint(TSNode expr, const std::string& scope, unsigned depth) const {
  if (ts_node_is_null(expr) || depth > kMaxExpressionDepth) return std::nullopt;
  if (const auto s = source_step(expr)) return s;
  const auto type = node_type(expr);
  if (type == "identifier") {
    const std::string name(tree_.text(expr));
    for (const auto& s : {scope, std::string()}) {
      if (const auto vars = tainted_.find(s); vars != tainted_.end()) {
        if (const auto it = vars->second.find(name); it != vars->second.end()) return it->second;
      }
    }
    return std::nullopt;
  }
  if (type == "call") {
    const TSNode callee = field(expr, "function");
    if (node_type(callee) == "identifier") {
      if (const auto r = returns_.find(std::string(tree_.text(callee))); r != returns_.end()) return r->second;
    }
  }
  if (nested_scope(expr)) return std::nullopt;
  // Anything built from tainted data is tainted: attribute and subscript
  // reads, string building, and the result of any call that receives it.
  for (std::uint32_t i = 0; i < ts_node_named_child_count(expr); ++i) {
    if (const auto t = taint(ts_node_named_child(expr, i), scope, depth + 1)) return t;
  }
  return std::nullopt;
}

// The innermost function whose definition contains the node, by byte range:
// walking parents costs the nesting depth per step in tree-sitter.
std::string TaintFlow::scope_of(TSNode node) const {
  const std::uint32_t at = ts_node_start_byte(node);
  const Function* best = nullptr;
  std::string name;
  for (const auto& [n, f] : functions_) {
    if (f.start <= at && at < f.end && (best == nullptr || f.end - f.start < best->end - best->start)) {
      best = &f;
      name = n;
    }
  }
  return name;
}

std::vector<FlowStep> TaintFlow::into_call(TSNode call) const {
  const auto t = taint(field(call, "arguments"), scope_of(call));
  std::vector<FlowStep> flow;
  for (std::optional<std::size_t> at = t; at; at = steps_[*at].previous) flow.push_back(steps_[*at].step);
  std::reverse(flow.begin(), flow.end());
  return flow;
}

}  // namespace sentinel::code
