// The Python files of one `sentinel code` run seen as one program: each file
// is a module named as Python would import it (a folder is a package when it
// holds an __init__.py among the scanned files), with its functions and
// classes, and dotted names are followed across files through imports and
// re-exports (`from .loading import load_model` in service/__init__.py makes
// `service.load_model` the function in service/loading.py).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/string_set.hpp"
#include "code/name_resolver.hpp"
#include "code/python_tree.hpp"

namespace sentinel::code {

struct Parameter {
  enum class Kind : std::uint8_t { Named, Args, Kwargs };  // Args and Kwargs take what no named one does
  std::string name;     // without the stars of *args / **kwargs
  TSNode annotation{};  // null when not annotated
  Kind kind = Kind::Named;
};

struct Function {
  std::size_t module = 0;
  std::string qualname;             // "load", "UploadView.post", "outer.inner"
  std::optional<std::size_t> cls;   // the class it is a method of
  std::optional<std::size_t> parent;  // the function it is defined in
  TSNode node{};                    // the function_definition
  TSNode decorated{};               // the decorated_definition around it, or null
  std::vector<Parameter> parameters;
  bool bound = false;  // a method whose first parameter is self or cls
  std::uint32_t start = 0, end = 0;
};

struct Class {
  std::size_t module = 0;
  std::string qualname;
  TSNode node{};  // the class_definition
};

struct Module {
  std::string path;  // as reported
  std::string name;  // "service.api"; "service" for service/__init__.py
  std::unique_ptr<PythonTree> tree;
  std::unique_ptr<NameResolver> names;
  std::vector<std::size_t> functions;  // indices into Program::functions()
};

// A function a call may run, and whether its first parameter is bound by the
// call (`obj.method(x)`, `Class(x)` running __init__).
struct Callee {
  std::size_t function = 0;
  bool skips_first = false;
};

class Program {
 public:
  // Adds one file; `link()` after the last one names the modules and indexes them.
  void add(std::string path, std::unique_ptr<PythonTree> tree);
  void link();

  [[nodiscard]] const std::vector<Module>& modules() const { return modules_; }
  [[nodiscard]] const std::vector<Function>& functions() const { return functions_; }
  [[nodiscard]] const std::vector<Class>& classes() const { return classes_; }

  // The dotted name after following the program's own imports and re-exports,
  // as seen from module `from`: "service.load_model" -> "service.loading.load_model".
  // Names outside the program come back unchanged.
  [[nodiscard]] std::string canonical(const std::string& dotted, std::size_t from) const;
  // The module a canonical dotted name lies in, and the rest of the name ("load_model").
  [[nodiscard]] std::optional<std::pair<std::size_t, std::string>> split(const std::string& dotted,
                                                                         std::size_t from) const;
  // What a call may run among the program's functions.
  [[nodiscard]] std::vector<Callee> callees(std::size_t module, TSNode call) const;
  // The functions and classes a canonical dotted name defines.
  [[nodiscard]] std::vector<std::size_t> functions_named(const std::string& dotted, std::size_t from) const;
  [[nodiscard]] std::optional<std::size_t> class_named(const std::string& dotted, std::size_t from) const;
  // The innermost function of `module` whose definition holds the byte.
  [[nodiscard]] std::optional<std::size_t> function_at(std::size_t module, std::uint32_t byte) const;
  // The string a literal, a name bound to one in its module, or another
  // module's constant (`settings.MODEL_SHA256`) holds.
  [[nodiscard]] std::optional<std::string> string_constant(std::size_t module, TSNode expr) const;
  // The nodes the data flow visits (assignments, for, with ... as, return,
  // calls) of a function's body or of a module's top level, in source order;
  // class bodies and lambdas are in neither.
  [[nodiscard]] const std::vector<TSNode>& flow_nodes(std::size_t function) const { return function_flow_nodes_[function]; }
  [[nodiscard]] const std::vector<TSNode>& module_flow_nodes(std::size_t module) const { return module_flow_nodes_[module]; }
  // Every call and every if statement of a module, in source order.
  [[nodiscard]] const std::vector<TSNode>& calls(std::size_t module) const { return calls_[module]; }
  [[nodiscard]] const std::vector<TSNode>& if_statements(std::size_t module) const { return ifs_[module]; }
  // The index in calls(module) of a call node.
  [[nodiscard]] std::optional<std::size_t> call_index(std::size_t module, TSNode call) const;
  // What calls(module)[i]'s callee may name (NameResolver::callee_candidates),
  // resolved once: sinks, downloads and sources all ask.
  [[nodiscard]] const std::vector<std::string>& callee_names(std::size_t module, std::size_t i) const;
  // The function each of calls(module) is in; nullopt at module level (and in class bodies).
  [[nodiscard]] const std::vector<std::optional<std::size_t>>& call_functions(std::size_t module) const {
    return call_functions_[module];
  }
  // The modules that import `module` (or a name from it).
  [[nodiscard]] const std::vector<std::size_t>& dependents(std::size_t module) const { return dependents_[module]; }
  // What a class derives from: the dotted names of its bases, through the
  // program's own classes (bounded), canonical.
  [[nodiscard]] std::vector<std::string> base_names(std::size_t cls) const;

 private:
  FileNodes index_definitions(std::size_t module);
  [[nodiscard]] std::vector<Callee> find_callees(std::size_t module, TSNode call) const;
  [[nodiscard]] bool in_program(std::string_view dotted) const {
    return top_names_.contains(dotted.substr(0, dotted.find('.')));
  }
  [[nodiscard]] std::optional<std::size_t> module_named(const std::string& name, std::size_t from) const;
  [[nodiscard]] std::vector<std::size_t> methods_named(std::size_t cls, const std::string& name) const;

  std::vector<Module> modules_;
  std::vector<Function> functions_;
  std::vector<Class> classes_;
  std::vector<std::vector<std::size_t>> dependents_;
  std::vector<std::vector<TSNode>> function_flow_nodes_, module_flow_nodes_, calls_, ifs_;
  std::vector<std::vector<std::optional<std::size_t>>> call_functions_;
  std::vector<std::unordered_map<std::uint64_t, std::size_t>> call_positions_;  // (start, end) -> index
  mutable std::vector<std::vector<std::optional<std::vector<std::string>>>> callee_names_;
  std::unordered_multimap<std::string, std::size_t> module_names_;
  StringSet top_names_;  // first components of module names, to pass over other names fast
  // (module, qualname) -> functions / class, as "index\0qualname"
  std::unordered_multimap<std::string, std::size_t> function_index_;
  std::unordered_map<std::string, std::size_t> class_index_;
  mutable std::unordered_map<std::string, std::string> canonical_cache_;
  mutable std::unordered_map<std::uint64_t, std::vector<Callee>> callee_cache_;  // by (module, call byte)
};

}  // namespace sentinel::code
