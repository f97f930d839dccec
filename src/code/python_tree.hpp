// A Python file parsed with tree-sitter (Debian's runtime, the npm grammar).
// Files with syntax errors still parse: the tree holds ERROR nodes where the
// grammar gave up, and the rest is analysed.
#pragma once

#include <tree_sitter/api.h>

#include <memory>
#include <string>
#include <string_view>

namespace sentinel::code {

class PythonTree {
 public:
  explicit PythonTree(std::string source);

  [[nodiscard]] TSNode root() const { return ts_tree_root_node(tree_.get()); }
  [[nodiscard]] bool has_errors() const { return ts_node_has_error(root()); }
  [[nodiscard]] std::string_view text(TSNode node) const;
  [[nodiscard]] const std::string& source() const { return source_; }

 private:
  struct TreeDeleter {
    void operator()(TSTree* t) const { ts_tree_delete(t); }
  };
  std::string source_;
  std::unique_ptr<TSTree, TreeDeleter> tree_;
};

// Node helpers: the grammar's field and type names, as string_views.
[[nodiscard]] std::string_view node_type(TSNode node);
[[nodiscard]] TSNode field(TSNode node, std::string_view name);

// Calls `f` on each named child until it returns true; whether one did.
// Indexing a child costs its position, so wide nodes (a literal table of
// thousands of items) are walked with a cursor instead.
template <typename F>
bool any_named_child(TSNode node, F&& f) {
  const std::uint32_t count = ts_node_named_child_count(node);
  if (count <= 16) {
    for (std::uint32_t i = 0; i < count; ++i) {
      if (f(ts_node_named_child(node, i))) return true;
    }
    return false;
  }
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  bool found = false;
  for (bool more = ts_tree_cursor_goto_first_child(&cursor); more && !found;
       more = ts_tree_cursor_goto_next_sibling(&cursor)) {
    const TSNode child = ts_tree_cursor_current_node(&cursor);
    found = ts_node_is_named(child) && f(child);
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

// Visits the named nodes of one scope (a function's body, or a module), not
// those of functions, classes and lambdas defined inside it. A cursor walk:
// iterative, whatever the nesting, and linear (indexing children is not).
template <typename F>
void each_in_scope(TSNode root, F&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool more = ts_tree_cursor_goto_first_child(&cursor);
  while (more) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    bool descend = true;
    if (ts_node_is_named(node)) {
      visit(node);
      const auto type = node_type(node);
      descend = type != "function_definition" && type != "class_definition" && type != "lambda";
    }
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!(more = ts_tree_cursor_goto_next_sibling(&cursor)) && ts_tree_cursor_goto_parent(&cursor)) {
    }
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace sentinel::code
