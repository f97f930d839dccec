// What names in one Python file refer to: imports and aliases (`import pickle
// as pk`, `from pickle import loads as L`, `import torch.serialization`,
// `from m import *`), aliases by assignment (`f = pk.loads`), instances
// (`u = pickle.Unpickler(f)`: `u.load` is `pickle.Unpickler.load`) and string
// constants (`REV = "0123..."`). File-wide: an import inside a function counts
// for the whole file, so a call may be over-reported, never missed. Relative
// imports resolve against the file's package; a program (program.hpp) may add
// a last step that follows its own modules' re-exports.
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

// The nodes of a file name resolution reads, found by one walk (program.cpp).
struct FileNodes {
  std::vector<TSNode> imports;    // import and from-import statements
  std::vector<TSNode> bindings;   // assignments and `with ... as` patterns
  std::vector<TSNode> functions;  // function definitions
  std::vector<std::pair<TSNode, TSNode>> returns;  // (function definition, return statement in its body)
};

class NameResolver {
 public:
  // `package` is what `from . import x` names: "service" for service/api.py.
  NameResolver(const PythonTree& tree, std::string package, const FileNodes& nodes);

  // Applied to every resolved name: the program's cross-module step.
  void set_canonical(std::function<std::string(const std::string&)> canonical) { canonical_ = std::move(canonical); }
  // What a name bound at file level by an import, an alias or an instance
  // refers to, before the program's step.
  [[nodiscard]] std::optional<std::string> lookup(const std::string& name) const;

  // The dotted name an expression refers to, or nullopt. A method called on
  // an instance resolves to "Class.method".
  [[nodiscard]] std::optional<std::string> resolve(TSNode expr, unsigned depth = 0) const;
  // What a call's callee may be: its resolution, then `module.name` for each
  // `from module import *` when the callee is a bare name.
  [[nodiscard]] std::vector<std::string> callee_candidates(TSNode callee) const;
  // The value of a string literal, or of a name bound to one in this file.
  [[nodiscard]] std::optional<std::string> string_value(TSNode expr) const;
  // Whether the expression's leftmost name holds an instance (`rows =
  // request.get_json()`) rather than naming an import: a value source is
  // read where the instance was made, not where the instance is used.
  [[nodiscard]] bool instance_bound(TSNode expr) const;
  // What the file's imports and aliases bind: (local name, dotted target);
  // a `from m import *` is ("*", "m").
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> imported_names() const;
  // The string constant a file-level name is bound to.
  [[nodiscard]] std::optional<std::string> constant(const std::string& name) const;

 private:
  struct Shadow {
    std::string name;
    std::uint32_t start = 0, end = 0;  // the function that binds it locally
    TSNode value{};
  };
  void bind_imports(TSNode node);
  void bind_result(TSNode function, TSNode return_statement);
  void find_shadows(const std::vector<TSNode>& bindings, const std::vector<TSNode>& functions);
  [[nodiscard]] const Shadow* shadow(const std::string& name, std::uint32_t at) const;
  // The class a call's result is an instance of: the callee, or what a function of this file returns.
  [[nodiscard]] std::optional<std::string> call_type(TSNode callee, unsigned depth = 0) const;
  [[nodiscard]] std::string absolute_module(const std::string& written) const;
  void bind_assignment(TSNode node);
  [[nodiscard]] std::optional<std::string> literal(TSNode node) const;

  const PythonTree& tree_;
  std::string package_;
  std::function<std::string(const std::string&)> canonical_;
  std::map<std::string, std::string> names_;      // local name -> dotted target
  std::map<std::string, std::string> instances_;  // local name -> class it was made from
  std::map<std::string, std::string> strings_;    // local name -> string constant
  std::map<std::string, std::string> results_;    // function of this file -> class of what it returns
  std::vector<Shadow> shadows_;
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
