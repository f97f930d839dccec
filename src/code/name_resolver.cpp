// See name_resolver.hpp.
#include "code/name_resolver.hpp"

namespace sentinel::code {
namespace {

template <typename F>
void for_each_field(TSNode node, std::string_view name, F&& f) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const char* field_name = ts_tree_cursor_current_field_name(&cursor);
      if (field_name != nullptr && std::string_view(field_name) == name) f(ts_tree_cursor_current_node(&cursor));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace

void each_node(TSNode root, const std::function<void(TSNode)>& visit) {
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

NameResolver::NameResolver(const PythonTree& tree) : tree_(tree) {
  // Imports first, wherever they are, then assignments in source order.
  each_node(tree.root(), [&](TSNode n) { bind_imports(n); });
  each_node(tree.root(), [&](TSNode n) { bind_assignment(n); });
}

void NameResolver::bind_imports(TSNode node) {
  const auto type = node_type(node);
  if (type == "import_statement") {
    for_each_field(node, "name", [&](TSNode name) {
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
    for_each_field(node, "name", [&](TSNode name) {
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

void NameResolver::bind_assignment(TSNode node) {
  if (node_type(node) != "assignment") return;
  const TSNode left = field(node, "left");
  const TSNode right = field(node, "right");
  if (node_type(left) != "identifier") return;
  const std::string name(tree_.text(left));
  if (node_type(right) == "call") {
    if (auto cls = resolve(field(right, "function"))) instances_[name] = *cls;
  } else if (auto text = literal(right)) {
    strings_[name] = *text;
  } else if (auto target = resolve(right)) {
    names_[name] = *target;
  }
}

std::optional<std::string> NameResolver::resolve(TSNode expr, unsigned depth) const {
  if (depth > kMaxExpressionDepth) return std::nullopt;
  const auto type = node_type(expr);
  if (type == "identifier") {
    const std::string n(tree_.text(expr));
    if (const auto it = names_.find(n); it != names_.end()) return it->second;
    if (const auto it = instances_.find(n); it != instances_.end()) return it->second;
    return std::nullopt;
  }
  if (type == "attribute") {
    const TSNode object = field(expr, "object");
    const std::optional<std::string> base =
        resolve(node_type(object) == "call" ? field(object, "function") : object, depth + 1);
    if (!base) return std::nullopt;
    return *base + "." + std::string(tree_.text(field(expr, "attribute")));
  }
  return std::nullopt;
}

std::vector<std::string> NameResolver::callee_candidates(TSNode callee) const {
  std::vector<std::string> out;
  if (auto target = resolve(callee)) out.push_back(*target);
  if (node_type(callee) == "identifier") {
    for (const auto& m : wildcard_modules_) out.push_back(m + "." + std::string(tree_.text(callee)));
  }
  return out;
}

// A plain string literal ('x', "x", no prefix, no interpolation), unquoted.
std::optional<std::string> NameResolver::literal(TSNode node) const {
  if (node_type(node) != "string") return std::nullopt;
  const std::string_view text = tree_.text(node);
  if (text.size() < 2 || (text.front() != '"' && text.front() != '\'') || text.back() != text.front()) {
    return std::nullopt;
  }
  return std::string(text.substr(1, text.size() - 2));
}

std::optional<std::string> NameResolver::string_value(TSNode expr) const {
  if (auto text = literal(expr)) return text;
  if (node_type(expr) != "identifier") return std::nullopt;
  const auto it = strings_.find(std::string(tree_.text(expr)));
  return it == strings_.end() ? std::nullopt : std::optional(it->second);
}

TSNode keyword_node(TSNode call, const PythonTree& tree, const std::string& keyword) {
  const TSNode args = field(call, "arguments");
  for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
    const TSNode arg = ts_node_named_child(args, i);
    if (node_type(arg) == "keyword_argument" && tree.text(field(arg, "name")) == keyword) return field(arg, "value");
  }
  return TSNode{};
}

std::optional<std::string> keyword_value(const PythonTree& tree, TSNode call, const std::string& keyword) {
  const TSNode value = keyword_node(call, tree, keyword);
  if (!ts_node_is_null(value)) return std::string(tree.text(value));
  const TSNode args = field(call, "arguments");
  for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
    if (node_type(ts_node_named_child(args, i)) == "dictionary_splat") return std::string("**");
  }
  return std::nullopt;
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

}  // namespace sentinel::code
