// See unsafe_loads.hpp. Name resolution is file-wide (imports inside
// functions count for the whole file): a sink may be over-reported, never
// missed because an import sat in a function.
#include "code/unsafe_loads.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace sentinel::code {
namespace {

// Pre-order walk of every named node.
template <typename F>
void each_node(TSNode root, F&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_named(node)) visit(node);
    if (ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
    }
  }
}

class Resolver {
 public:
  explicit Resolver(const PythonTree& tree) : tree_(tree) {}

  void bind_imports(TSNode node) {
    const auto type = node_type(node);
    if (type == "import_statement") {
      for_each_named_field(node, "name", [&](TSNode name) {
        if (node_type(name) == "aliased_import") {
          names_[std::string(tree_.text(field(name, "alias")))] = std::string(tree_.text(field(name, "name")));
        } else {
          // `import a.b` binds `a`; `a.b.c` then resolves through it.
          const std::string dotted(tree_.text(name));
          const std::string head = dotted.substr(0, dotted.find('.'));
          names_[head] = head;
        }
      });
    } else if (type == "import_from_statement") {
      const TSNode module = field(node, "module_name");
      if (node_type(module) != "dotted_name") return;  // relative imports name the scanned package itself
      const std::string from(tree_.text(module));
      for_each_named_field(node, "name", [&](TSNode name) {
        if (node_type(name) == "aliased_import") {
          names_[std::string(tree_.text(field(name, "alias")))] = from + "." + std::string(tree_.text(field(name, "name")));
        } else {
          const std::string n(tree_.text(name));
          names_[n] = from + "." + n;
        }
      });
      for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
        if (node_type(ts_node_named_child(node, i)) == "wildcard_import") wildcard_modules_.push_back(from);
      }
    }
  }

  // `x = pickle.loads` (an alias) and `u = pickle.Unpickler(f)` (an instance).
  void bind_assignment(TSNode node) {
    if (node_type(node) != "assignment") return;
    const TSNode left = field(node, "left");
    const TSNode right = field(node, "right");
    if (node_type(left) != "identifier") return;
    const std::string name(tree_.text(left));
    if (node_type(right) == "call") {
      if (auto cls = resolve(field(right, "function"))) instances_[name] = *cls;
    } else if (auto target = resolve(right)) {
      names_[name] = *target;
    }
  }

  // The dotted name an expression refers to, or nullopt. A method called on
  // an instance resolves to "Class.method".
  [[nodiscard]] std::optional<std::string> resolve(TSNode expr) const {
    const auto type = node_type(expr);
    if (type == "identifier") {
      const std::string n(tree_.text(expr));
      if (const auto it = names_.find(n); it != names_.end()) return it->second;
      if (const auto it = instances_.find(n); it != instances_.end()) return it->second;
      return std::nullopt;
    }
    if (type == "attribute") {
      const TSNode object = field(expr, "object");
      std::optional<std::string> base =
          node_type(object) == "call" ? resolve(field(object, "function")) : resolve(object);
      if (!base) return std::nullopt;
      return *base + "." + std::string(tree_.text(field(expr, "attribute")));
    }
    return std::nullopt;
  }

  // For `from m import *`: the candidates an unresolved bare name may be.
  [[nodiscard]] std::vector<std::string> wildcard_candidates(TSNode callee) const {
    std::vector<std::string> out;
    if (node_type(callee) != "identifier") return out;
    for (const auto& m : wildcard_modules_) out.push_back(m + "." + std::string(tree_.text(callee)));
    return out;
  }

 private:
  template <typename F>
  void for_each_named_field(TSNode node, const char* name, F&& f) {
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        const char* field_name = ts_tree_cursor_current_field_name(&cursor);
        if (field_name != nullptr && std::string_view(field_name) == name) f(ts_tree_cursor_current_node(&cursor));
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
  }

  const PythonTree& tree_;
  std::map<std::string, std::string> names_;      // local name -> dotted target
  std::map<std::string, std::string> instances_;  // local name -> class it was made from
  std::vector<std::string> wildcard_modules_;
};

// The keyword argument's value as written, or nullopt when it is not passed.
// `**kwargs` may pass anything: reported as "**".
std::optional<std::string> keyword_value(const PythonTree& tree, TSNode call, const std::string& keyword) {
  const TSNode args = field(call, "arguments");
  std::optional<std::string> splat;
  for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
    const TSNode arg = ts_node_named_child(args, i);
    if (node_type(arg) == "dictionary_splat") splat = "**";
    if (node_type(arg) == "keyword_argument" && tree.text(field(arg, "name")) == keyword) {
      return std::string(tree.text(field(arg, "value")));
    }
  }
  return splat;
}

std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else if (c != ' ' || (!out.empty() && out.back() != ' ')) {
      out.push_back(c);
    }
  }
  return out.size() > 160 ? out.substr(0, 157) + "..." : out;
}

}  // namespace

std::vector<SinkCall> find_unsafe_loads(const PythonTree& tree, const std::vector<Sink>& sinks) {
  Resolver resolver(tree);
  // Imports first, wherever they are, then assignments in source order.
  each_node(tree.root(), [&](TSNode n) { resolver.bind_imports(n); });
  each_node(tree.root(), [&](TSNode n) { resolver.bind_assignment(n); });
  std::vector<SinkCall> out;
  each_node(tree.root(), [&](TSNode call) {
    if (node_type(call) != "call") return;
    const TSNode callee = field(call, "function");
    std::vector<std::string> candidates = resolver.wildcard_candidates(callee);
    if (auto target = resolver.resolve(callee)) candidates.insert(candidates.begin(), *target);
    for (const auto& candidate : candidates) {
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
                             one_line(tree.text(call)), condition});
      break;
    }
  });
  return out;
}

}  // namespace sentinel::code
