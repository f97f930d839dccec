// See program.hpp.
#include "code/program.hpp"

#include <algorithm>

namespace sentinel::code {
namespace {

constexpr int kMaxHops = 16;        // re-export chains followed by canonical()
constexpr unsigned kMaxBases = 8;   // class hierarchy levels followed inside the program

std::string dirname(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string basename(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string stem(const std::string& path) {
  const std::string base = basename(path);
  return base.substr(0, base.rfind('.'));
}

std::string key(std::size_t module, std::string_view qualname) {
  std::string k = std::to_string(module);
  k.push_back('\0');
  k.append(qualname);
  return k;
}

std::size_t common_prefix(const std::string& a, const std::string& b) {
  return static_cast<std::size_t>(std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(std::min(a.size(), b.size())),
                                                b.begin())
                                      .first -
                                  a.begin());
}

bool is_staticmethod(const PythonTree& tree, TSNode decorated) {
  if (ts_node_is_null(decorated)) return false;
  for (std::uint32_t i = 0; i < ts_node_named_child_count(decorated); ++i) {
    const TSNode d = ts_node_named_child(decorated, i);
    if (node_type(d) == "decorator" && tree.text(d) == "@staticmethod") return true;
  }
  return false;
}

std::vector<Parameter> parameters_of(const PythonTree& tree, TSNode function) {
  std::vector<Parameter> out;
  const TSNode params = field(function, "parameters");
  for (std::uint32_t i = 0; i < ts_node_named_child_count(params); ++i) {
    TSNode p = ts_node_named_child(params, i);
    const auto type = node_type(p);
    Parameter param;
    const auto splat_kind = [](TSNode splat) {
      return node_type(splat) == "dictionary_splat_pattern" ? Parameter::Kind::Kwargs : Parameter::Kind::Args;
    };
    if (type == "identifier") {
      param.name = tree.text(p);
    } else if (type == "default_parameter" || type == "typed_default_parameter") {
      param.name = tree.text(field(p, "name"));
      param.annotation = field(p, "type");
    } else if (type == "typed_parameter") {
      const TSNode inner = ts_node_named_child(p, 0);
      const bool splat = node_type(inner) != "identifier";
      param.kind = splat ? splat_kind(inner) : Parameter::Kind::Named;
      param.name = tree.text(splat ? ts_node_named_child(inner, 0) : inner);
      param.annotation = field(p, "type");
    } else if (type == "list_splat_pattern" || type == "dictionary_splat_pattern") {
      param.name = tree.text(ts_node_named_child(p, 0));
      param.kind = splat_kind(p);
    } else {
      continue;  // the bare `*` and `/` separators
    }
    out.push_back(std::move(param));
  }
  return out;
}

bool is_flow_node(std::string_view type) {
  return type == "assignment" || type == "augmented_assignment" || type == "for_statement" || type == "as_pattern" ||
         type == "return_statement" || type == "call";
}

}  // namespace

void Program::add(std::string path, std::unique_ptr<PythonTree> tree) {
  Module m;
  m.path = std::move(path);
  m.tree = std::move(tree);
  modules_.push_back(std::move(m));
}

void Program::link() {
  std::unordered_set<std::string> paths;
  for (const auto& m : modules_) paths.insert(m.path);
  const auto is_package = [&](const std::string& dir) { return !dir.empty() && paths.contains(dir + "/__init__.py"); };
  for (std::size_t i = 0; i < modules_.size(); ++i) {
    Module& m = modules_[i];
    const bool init = basename(m.path) == "__init__.py";
    std::string name = init ? std::string() : stem(m.path);
    for (std::string dir = dirname(m.path); is_package(dir); dir = dirname(dir)) {
      name = name.empty() ? basename(dir) : basename(dir) + "." + name;
    }
    m.name = name;
    const std::string package = init ? name : name.substr(0, name.rfind('.') == std::string::npos ? 0 : name.rfind('.'));
    const FileNodes nodes = index_definitions(i);
    m.names = std::make_unique<NameResolver>(*m.tree, package, nodes);
    m.names->set_canonical([this, i](const std::string& dotted) { return canonical(dotted, i); });
    if (!name.empty()) {
      module_names_.emplace(name, i);
      top_names_.insert(name.substr(0, name.find('.')));
    }
  }
  dependents_.resize(modules_.size());
  for (std::size_t i = 0; i < modules_.size(); ++i) {
    std::unordered_set<std::size_t> imported;
    for (const auto& [local, target] : modules_[i].names->imported_names()) {
      if (const auto s = split(target, i); s && s->first != i && imported.insert(s->first).second) {
        dependents_[s->first].push_back(i);
      }
    }
  }
}


// One cursor walk per module (linear, iterative): the functions and classes
// with their nesting, the nodes the later passes visit, by scope, and those
// name resolution reads.
FileNodes Program::index_definitions(std::size_t module) {
  FileNodes nodes;
  enum class Owner : std::uint8_t { Module, Function, Class, Lambda };
  struct Context {
    std::optional<std::size_t> function;
    std::optional<std::size_t> cls;  // the class whose body holds the node
    Owner owner = Owner::Module;     // the innermost definition
  };
  const PythonTree& tree = *modules_[module].tree;
  module_flow_nodes_.emplace_back();
  calls_.emplace_back();
  call_functions_.emplace_back();
  call_positions_.emplace_back();
  ifs_.emplace_back();
  const auto prefix = [&](const Context& c) {
    if (c.owner == Owner::Function) return functions_[*c.function].qualname + ".";
    if (c.owner == Owner::Class) return classes_[*c.cls].qualname + ".";
    return std::string();
  };
  std::vector<Context> stack{Context{}};  // the context of the current node's siblings
  // Decorated definitions by the start of the definition they wrap
  // (ts_node_parent costs a walk from the root).
  std::unordered_map<std::uint32_t, TSNode> decorated;
  TSTreeCursor cursor = ts_tree_cursor_new(tree.root());
  bool more = ts_tree_cursor_goto_first_child(&cursor);
  while (more) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    const Context context = stack.back();
    Context children = context;
    if (ts_node_is_named(node)) {
      const auto type = node_type(node);
      if (type == "decorated_definition") {
        decorated.emplace(ts_node_start_byte(field(node, "definition")), node);
      } else if (type == "function_definition") {
        Function f;
        if (const auto d = decorated.find(ts_node_start_byte(node)); d != decorated.end()) f.decorated = d->second;
        f.module = module;
        f.qualname = prefix(context) + std::string(tree.text(field(node, "name")));
        f.cls = context.owner == Owner::Class ? context.cls : std::nullopt;
        f.parent = context.function;
        f.node = node;
        f.parameters = parameters_of(tree, node);
        f.bound = f.cls.has_value() && !f.parameters.empty() && !is_staticmethod(tree, f.decorated);
        f.start = ts_node_start_byte(node);
        f.end = ts_node_end_byte(node);
        const std::size_t index = functions_.size();
        function_index_.emplace(key(module, f.qualname), index);
        modules_[module].functions.push_back(index);
        functions_.push_back(std::move(f));
        function_flow_nodes_.emplace_back();
        children = Context{index, std::nullopt, Owner::Function};
      } else if (type == "class_definition") {
        const std::size_t index = classes_.size();
        classes_.push_back(Class{module, prefix(context) + std::string(tree.text(field(node, "name"))), node});
        class_index_.emplace(key(module, classes_.back().qualname), index);
        children = Context{context.function, index, Owner::Class};
      } else if (type == "lambda") {
        children.owner = Owner::Lambda;
      }
      if (type == "call") {
        call_positions_[module].emplace(
            (static_cast<std::uint64_t>(ts_node_start_byte(node)) << 32) | ts_node_end_byte(node), calls_[module].size());
        calls_[module].push_back(node);
        call_functions_[module].push_back(context.function);
      }
      if (type == "if_statement") ifs_[module].push_back(node);
      if (type == "import_statement" || type == "import_from_statement") nodes.imports.push_back(node);
      if (type == "assignment" || type == "as_pattern") nodes.bindings.push_back(node);
      if (type == "function_definition") nodes.functions.push_back(node);
      if (type == "return_statement" && context.function && context.owner == Owner::Function) {
        nodes.returns.emplace_back(functions_[*context.function].node, node);
      }
      // Statements of class bodies and lambdas belong to no scope the flow tracks.
      if (is_flow_node(type) && (context.owner == Owner::Module || context.owner == Owner::Function)) {
        (context.function ? function_flow_nodes_[*context.function] : module_flow_nodes_[module]).push_back(node);
      }
    }
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      stack.push_back(children);
      continue;
    }
    while (!(more = ts_tree_cursor_goto_next_sibling(&cursor)) && ts_tree_cursor_goto_parent(&cursor)) {
      stack.pop_back();
    }
  }
  ts_tree_cursor_delete(&cursor);
  return nodes;
}

std::optional<std::size_t> Program::module_named(const std::string& name, std::size_t from) const {
  const auto [first, last] = module_names_.equal_range(name);
  std::optional<std::size_t> best;
  std::size_t best_shared = 0;
  // Two files with one module name (scripts in different folders): the one nearest the importer.
  for (auto it = first; it != last; ++it) {
    const std::size_t shared = common_prefix(modules_[it->second].path, modules_[from].path);
    if (!best || shared > best_shared) {
      best = it->second;
      best_shared = shared;
    }
  }
  return best;
}

std::optional<std::pair<std::size_t, std::string>> Program::split(const std::string& dotted, std::size_t from) const {
  if (!in_program(dotted)) return std::nullopt;
  for (std::size_t end = dotted.size();;) {
    if (const auto m = module_named(dotted.substr(0, end), from)) {
      return std::make_pair(*m, end == dotted.size() ? std::string() : dotted.substr(end + 1));
    }
    if (end == 0) return std::nullopt;
    end = dotted.rfind('.', end - 1);
    if (end == std::string::npos) return std::nullopt;
  }
}

std::string Program::canonical(const std::string& dotted, std::size_t from) const {
  if (!in_program(dotted)) return dotted;
  const std::string cache_key = key(from, dotted);
  if (const auto it = canonical_cache_.find(cache_key); it != canonical_cache_.end()) return it->second;
  std::string current = dotted;
  std::size_t at = from;
  for (int hop = 0; hop < kMaxHops; ++hop) {
    const auto s = split(current, at);
    if (!s || s->second.empty()) break;
    const auto& [m, rest] = *s;
    const std::string head = rest.substr(0, rest.find('.'));
    if (function_index_.contains(key(m, head)) || class_index_.contains(key(m, head))) break;
    const auto target = modules_[m].names->lookup(head);
    if (!target) break;
    current = *target + rest.substr(head.size());
    at = m;
  }
  canonical_cache_.emplace(cache_key, current);
  return current;
}

std::vector<std::size_t> Program::functions_named(const std::string& dotted, std::size_t from) const {
  std::vector<std::size_t> out;
  const auto s = split(dotted, from);
  if (!s || s->second.empty()) return out;
  const auto [first, last] = function_index_.equal_range(key(s->first, s->second));
  for (auto it = first; it != last; ++it) out.push_back(it->second);
  return out;
}

std::optional<std::size_t> Program::class_named(const std::string& dotted, std::size_t from) const {
  const auto s = split(dotted, from);
  if (!s || s->second.empty()) return std::nullopt;
  const auto it = class_index_.find(key(s->first, s->second));
  return it == class_index_.end() ? std::nullopt : std::optional(it->second);
}

std::vector<std::string> Program::base_names(std::size_t cls) const {
  std::vector<std::string> out;
  std::vector<std::pair<std::size_t, unsigned>> pending{{cls, 0}};
  std::unordered_set<std::size_t> seen{cls};
  while (!pending.empty()) {
    const auto [c, depth] = pending.back();
    pending.pop_back();
    const Module& m = modules_[classes_[c].module];
    const TSNode bases = field(classes_[c].node, "superclasses");
    for (std::uint32_t i = 0; !ts_node_is_null(bases) && i < ts_node_named_child_count(bases); ++i) {
      const TSNode base = ts_node_named_child(bases, i);
      if (node_type(base) == "keyword_argument") continue;  // metaclass=
      std::optional<std::string> name = m.names->resolve(base);
      if (!name && node_type(base) == "identifier" && class_index_.contains(key(classes_[c].module, m.tree->text(base)))) {
        name = m.name + "." + std::string(m.tree->text(base));
      }
      if (!name) continue;
      out.push_back(*name);
      if (const auto inner = class_named(*name, classes_[c].module);
          inner && depth + 1 < kMaxBases && seen.insert(*inner).second) {
        pending.emplace_back(*inner, depth + 1);
      }
    }
  }
  return out;
}

std::vector<std::size_t> Program::methods_named(std::size_t cls, const std::string& name) const {
  std::vector<std::size_t> out;
  std::vector<std::pair<std::size_t, unsigned>> pending{{cls, 0}};
  std::unordered_set<std::size_t> seen{cls};
  while (!pending.empty() && out.empty()) {
    const auto [c, depth] = pending.back();
    pending.pop_back();
    const auto [first, last] = function_index_.equal_range(key(classes_[c].module, classes_[c].qualname + "." + name));
    for (auto it = first; it != last; ++it) out.push_back(it->second);
    if (depth + 1 >= kMaxBases) continue;
    const Module& m = modules_[classes_[c].module];
    const TSNode bases = field(classes_[c].node, "superclasses");
    for (std::uint32_t i = 0; !ts_node_is_null(bases) && i < ts_node_named_child_count(bases); ++i) {
      const TSNode base = ts_node_named_child(bases, i);
      std::optional<std::size_t> inner;
      if (const auto resolved = m.names->resolve(base)) inner = class_named(*resolved, classes_[c].module);
      if (!inner && node_type(base) == "identifier") {
        if (const auto it = class_index_.find(key(classes_[c].module, m.tree->text(base))); it != class_index_.end()) {
          inner = it->second;
        }
      }
      if (inner && seen.insert(*inner).second) pending.emplace_back(*inner, depth + 1);
    }
  }
  return out;
}

// Functions are indexed in source order and nest: the last one starting at
// or before the byte, or the nearest of its enclosing functions, holds it.
std::optional<std::size_t> Program::function_at(std::size_t module, std::uint32_t byte) const {
  const auto& functions = modules_[module].functions;
  const auto after = std::upper_bound(functions.begin(), functions.end(), byte,
                                      [&](std::uint32_t b, std::size_t f) { return b < functions_[f].start; });
  if (after == functions.begin()) return std::nullopt;
  for (std::optional<std::size_t> f = *(after - 1); f; f = functions_[*f].parent) {
    if (byte < functions_[*f].end) return f;
  }
  return std::nullopt;
}

std::vector<Callee> Program::callees(std::size_t module, TSNode call) const {
  const std::uint64_t cache_key = (static_cast<std::uint64_t>(module) << 32) | ts_node_start_byte(call);
  if (const auto it = callee_cache_.find(cache_key); it != callee_cache_.end()) return it->second;
  auto out = find_callees(module, call);
  callee_cache_.emplace(cache_key, out);
  return out;
}

std::vector<Callee> Program::find_callees(std::size_t module, TSNode call) const {
  const Module& m = modules_[module];
  const TSNode callee = field(call, "function");
  std::vector<Callee> out;
  const auto add_functions = [&](const std::vector<std::size_t>& found) {
    for (const std::size_t f : found) out.push_back(Callee{f, functions_[f].bound});
  };
  const auto add_class = [&](std::size_t cls) {
    for (const std::size_t f : methods_named(cls, "__init__")) out.push_back(Callee{f, true});
  };
  const auto type = node_type(callee);
  if (type == "attribute") {
    // self.helper(x) inside a method: the class's own (or inherited) method.
    const TSNode object = field(callee, "object");
    if (node_type(object) == "identifier" && (m.tree->text(object) == "self" || m.tree->text(object) == "cls")) {
      std::optional<std::size_t> f = function_at(module, ts_node_start_byte(call));
      while (f && !functions_[*f].cls) f = functions_[*f].parent;
      if (f) add_functions(methods_named(*functions_[*f].cls, std::string(m.tree->text(field(callee, "attribute")))));
      return out;
    }
  } else if (type == "identifier") {
    const std::string name(m.tree->text(callee));
    // A function of an enclosing function, then of the module.
    for (std::optional<std::size_t> f = function_at(module, ts_node_start_byte(call)); f; f = functions_[*f].parent) {
      const auto [first, last] = function_index_.equal_range(key(module, functions_[*f].qualname + "." + name));
      for (auto it = first; it != last; ++it) out.push_back(Callee{it->second, false});
      if (!out.empty()) return out;
    }
    if (const auto cls = class_index_.find(key(module, name)); cls != class_index_.end()) {
      add_class(cls->second);
      return out;
    }
    const auto [first, last] = function_index_.equal_range(key(module, name));
    for (auto it = first; it != last; ++it) out.push_back(Callee{it->second, false});
    if (!out.empty()) return out;
  }
  if (const auto resolved = m.names->resolve(callee)) {
    add_functions(functions_named(*resolved, module));
    if (const auto cls = class_named(*resolved, module)) add_class(*cls);
  }
  return out;
}

std::optional<std::size_t> Program::call_index(std::size_t module, TSNode call) const {
  const auto it = call_positions_[module].find((static_cast<std::uint64_t>(ts_node_start_byte(call)) << 32) |
                                               ts_node_end_byte(call));
  return it == call_positions_[module].end() ? std::nullopt : std::optional(it->second);
}

const std::vector<std::string>& Program::callee_names(std::size_t module, std::size_t i) const {
  if (callee_names_.size() != modules_.size()) callee_names_.resize(modules_.size());
  auto& names = callee_names_[module];
  if (names.size() != calls_[module].size()) names.resize(calls_[module].size());
  if (!names[i]) names[i] = modules_[module].names->callee_candidates(field(calls_[module][i], "function"));
  return *names[i];
}

std::optional<std::string> Program::string_constant(std::size_t module, TSNode expr) const {
  const Module& m = modules_[module];
  if (auto value = m.names->string_value(expr)) return value;
  const auto resolved = m.names->resolve(expr);
  if (!resolved) return std::nullopt;
  const auto s = split(*resolved, module);
  if (!s || s->second.empty() || s->second.find('.') != std::string::npos) return std::nullopt;
  return modules_[s->first].names->constant(s->second);
}

}  // namespace sentinel::code
