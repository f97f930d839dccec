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

// `from ..models import x` in package "app.api" imports from "app.models";
// empty when the dots climb above the package.
std::string NameResolver::absolute_module(const std::string& written) const {
  const std::size_t dots = written.find_first_not_of('.') == std::string::npos ? written.size()
                                                                                : written.find_first_not_of('.');
  if (dots == 0) return written;
  std::string base = package_;
  for (std::size_t up = 1; up < dots; ++up) {
    const auto dot = base.rfind('.');
    base = dot == std::string::npos ? std::string() : base.substr(0, dot);
  }
  if (base.empty()) return written.substr(dots);
  return dots == written.size() ? base : base + "." + written.substr(dots);
}

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

NameResolver::NameResolver(const PythonTree& tree, std::string package, const FileNodes& nodes)
    : tree_(tree), package_(std::move(package)) {
  // Imports first, wherever they are, then bindings in source order; then
  // what the file's functions return, and the bindings again for the
  // instances those make (`parser = build_parser()`).
  for (const TSNode i : nodes.imports) bind_imports(i);
  for (const TSNode b : nodes.bindings) bind_assignment(b);
  for (const auto& [function, statement] : nodes.returns) bind_result(function, statement);
  if (!results_.empty()) {
    for (const TSNode b : nodes.bindings) bind_assignment(b);
  }
  find_shadows(nodes.bindings, nodes.functions);
}

// `def build_parser(): ...; return parser` where parser = ArgumentParser():
// build_parser().parse_args is ArgumentParser.parse_args.
void NameResolver::bind_result(TSNode function, TSNode statement) {
  if (ts_node_named_child_count(statement) == 0) return;
  const TSNode value = ts_node_named_child(statement, 0);
  std::optional<std::string> type;
  if (node_type(value) == "call") {
    type = call_type(field(value, "function"));
  } else if (node_type(value) == "identifier") {
    const auto it = instances_.find(std::string(tree_.text(value)));
    if (it != instances_.end()) type = it->second;
  }
  if (type) results_.emplace(std::string(tree_.text(field(function, "name"))), *type);
}

// A function that binds an imported name locally (`pickle = JsonCodec()`)
// sees its own variable, not the module, everywhere in its body.
void NameResolver::find_shadows(const std::vector<TSNode>& bindings, const std::vector<TSNode>& functions) {
  for (const TSNode b : bindings) {
    TSNode target = node_type(b) == "assignment" ? field(b, "left") : field(b, "alias");
    if (node_type(b) == "as_pattern" && ts_node_named_child_count(target) > 0) target = ts_node_named_child(target, 0);
    if (node_type(target) != "identifier" || !names_.contains(std::string(tree_.text(target)))) continue;
    const std::uint32_t at = ts_node_start_byte(b);
    const TSNode* inner = nullptr;
    for (const TSNode& f : functions) {
      if (ts_node_start_byte(f) <= at && at < ts_node_end_byte(f) &&
          (inner == nullptr || ts_node_start_byte(f) > ts_node_start_byte(*inner))) {
        inner = &f;
      }
    }
    if (inner == nullptr) continue;
    const TSNode value = node_type(b) == "assignment" ? field(b, "right") : ts_node_named_child(b, 0);
    shadows_.push_back(Shadow{std::string(tree_.text(target)), ts_node_start_byte(*inner), ts_node_end_byte(*inner), value});
  }
}

std::optional<std::string> NameResolver::call_type(TSNode callee, unsigned depth) const {
  if (node_type(callee) == "identifier") {
    if (const auto it = results_.find(std::string(tree_.text(callee))); it != results_.end()) return it->second;
  }
  return resolve(callee, depth);
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
    const std::string from = absolute_module(std::string(tree_.text(field(node, "module_name"))));
    if (from.empty()) return;
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
  if (node_type(node) == "as_pattern") {
    // `with socket.create_connection(addr) as sock`: context managers give themselves.
    const TSNode alias = field(node, "alias");
    const TSNode value = ts_node_named_child(node, 0);
    if (node_type(value) != "call" || ts_node_named_child_count(alias) == 0) return;
    const TSNode target = ts_node_named_child(alias, 0);
    if (node_type(target) != "identifier") return;
    if (auto cls = call_type(field(value, "function"))) instances_[std::string(tree_.text(target))] = *cls;
    return;
  }
  const TSNode left = field(node, "left");
  const TSNode right = field(node, "right");
  if (node_type(left) != "identifier") return;
  const std::string name(tree_.text(left));
  if (node_type(right) == "call") {
    if (auto cls = call_type(field(right, "function"))) instances_[name] = *cls;
  } else if (auto text = literal(right)) {
    strings_[name] = *text;
  } else if (auto target = resolve(right)) {
    names_[name] = *target;
  }
}

std::vector<std::pair<std::string, std::string>> NameResolver::imported_names() const {
  std::vector<std::pair<std::string, std::string>> out(names_.begin(), names_.end());
  for (const auto& m : wildcard_modules_) out.emplace_back("*", m);
  return out;
}

std::optional<std::string> NameResolver::lookup(const std::string& name) const {
  if (const auto it = names_.find(name); it != names_.end()) return it->second;
  if (const auto it = instances_.find(name); it != instances_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> NameResolver::resolve(TSNode expr, unsigned depth) const {
  if (depth > kMaxExpressionDepth) return std::nullopt;
  const auto type = node_type(expr);
  std::optional<std::string> out;
  if (type == "identifier") {
    const std::string name(tree_.text(expr));
    if (const Shadow* local = shadow(name, ts_node_start_byte(expr))) {
      out = node_type(local->value) == "call" ? call_type(field(local->value, "function"), depth + 1)
                                              : resolve(local->value, depth + 1);
    } else {
      out = lookup(name);
    }
  } else if (type == "attribute") {
    const TSNode object = field(expr, "object");
    const std::optional<std::string> base =
        node_type(object) == "call" ? call_type(field(object, "function"), depth + 1) : resolve(object, depth + 1);
    if (base) out = *base + "." + std::string(tree_.text(field(expr, "attribute")));
  }
  if (out && depth == 0 && canonical_) return canonical_(*out);
  return out;
}

const NameResolver::Shadow* NameResolver::shadow(const std::string& name, std::uint32_t at) const {
  const Shadow* inner = nullptr;
  for (const auto& s : shadows_) {
    if (s.name == name && s.start <= at && at < s.end && (inner == nullptr || s.start > inner->start)) inner = &s;
  }
  return inner;
}

bool NameResolver::instance_bound(TSNode expr) const {
  while (node_type(expr) == "attribute") expr = field(expr, "object");
  if (node_type(expr) != "identifier") return false;
  const std::string name(tree_.text(expr));
  return !names_.contains(name) && instances_.contains(name);
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
  return constant(std::string(tree_.text(expr)));
}

std::optional<std::string> NameResolver::constant(const std::string& name) const {
  const auto it = strings_.find(name);
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
