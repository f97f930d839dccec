// What names in one Python file refer to: imports and aliases (`import pickle
// as pk`, `from pickle import loads as L`, `import torch.serialization`,
// `from m import *`), aliases by assignment (`f = pk.loads`), instances
// (`u = pickle.Unpickler(f)`: `u.load` is `pickle.Unpickler.load`) and string
// constants (`REV = "0123..."`). File-wide: an import inside a function counts
// for the whole file, so a call may be over-reported, never missed.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "code/python_tree.hpp"

namespace sentinel::code {

// Expressions nested deeper than this are not looked into (names, taint):
// recursion stays bounded whatever the file, at the price of missing a flow
// through 200 levels of brackets.
inline constexpr unsigned kMaxExpressionDepth = 200;

// Pre-order walk of every named node.
void each_node(TSNode root, const std::function<void(TSNode)>& visit);

class NameResolver {
 public:
  explicit NameResolver(const PythonTree& tree);

  // The dotted name an expression refers to, or nullopt. A method called on
  // an instance resolves to "Class.method".
  [[nodiscard]] std::optional<std::string> resolve(TSNode expr, unsigned depth = 0) const;
  // What a call's callee may be: its resolution, then `module.name` for each
  // `from module import *` when the callee is a bare name.
  [[nodiscard]] std::vector<std::string> callee_candidates(TSNode callee) const;
  // The value of a string literal, or of a name bound to one in this file.
  [[nodiscard]] std::optional<std::string> string_value(TSNode expr) const;

 private:
  void bind_imports(TSNode node);
  void bind_assignment(TSNode node);
  [[nodiscard]] std::optional<std::string> literal(TSNode node) const;

  const PythonTree& tree_;
  std::map<std::string, std::string> names_;      // local name -> dotted target
  std::map<std::string, std::string> instances_;  // local name -> class it was made from
  std::map<std::string, std::string> strings_;    // local name -> string constant
  std::vector<std::string> wildcard_modules_;
};

// A call's keyword argument as written, or nullopt when it is not passed;
// `**kwargs` may pass anything and is returned as "**".
[[nodiscard]] std::optional<std::string> keyword_value(const PythonTree& tree, TSNode call, const std::string& keyword);
// The call's value node for a keyword, or a null node.
[[nodiscard]] TSNode keyword_node(TSNode call, const PythonTree& tree, const std::string& keyword);
// Source text on one line, shortened for evidence.
[[nodiscard]] std::string one_line(std::string_view text);

}  // namespace sentinel::code
