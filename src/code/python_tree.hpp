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

}  // namespace sentinel::code
