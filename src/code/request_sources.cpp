// See request_sources.hpp.
#include "code/request_sources.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace sentinel::code {
namespace {

constexpr std::array<std::string_view, 15> kHandlerMethods{"get",    "post",     "put",      "patch",          "delete",
                                                           "head",   "options",  "dispatch", "list",           "create",
                                                           "retrieve", "update", "destroy",  "partial_update", "websocket"};

const Source* match(const std::vector<Source>& sources, Source::Kind kind, std::string_view name) {
  const auto it = std::find_if(sources.begin(), sources.end(),
                               [&](const Source& s) { return s.kind == kind && s.matches(name); });
  return it == sources.end() ? nullptr : &*it;
}

class Finder {
 public:
  Finder(const Program& program, const std::vector<Source>& sources) : program_(program), sources_(sources) {}

  std::vector<RequestParameter> run() {
    for (std::size_t f = 0; f < program_.functions().size(); ++f) {
      decorated(f);
      annotated(f);
      handler_method(f);
    }
    for (std::size_t m = 0; m < program_.modules().size(); ++m) registered(m);
    return std::move(out_);
  }

 private:
  // Every parameter, but the bound self of a method.
  void all_parameters(std::size_t f, const std::string& why) {
    const Function& fn = program_.functions()[f];
    for (std::size_t p = fn.bound ? 1 : 0; p < fn.parameters.size(); ++p) add(f, p, why);
  }

  void add(std::size_t f, std::size_t p, const std::string& why) {
    if (seen_.insert({f, p}).second) out_.push_back(RequestParameter{f, p, why});
  }

  void decorated(std::size_t f) {
    const Function& fn = program_.functions()[f];
    const NameResolver& names = *program_.modules()[fn.module].names;
    const TSNode parent = fn.decorated;
    if (ts_node_is_null(parent)) return;
    for (std::uint32_t i = 0; i < ts_node_named_child_count(parent); ++i) {
      const TSNode d = ts_node_named_child(parent, i);
      if (node_type(d) != "decorator" || ts_node_named_child_count(d) == 0) continue;
      TSNode expr = ts_node_named_child(d, 0);
      if (node_type(expr) == "call") expr = field(expr, "function");
      const auto name = names.resolve(expr);
      if (name && match(sources_, Source::Kind::Decorated, *name) != nullptr) all_parameters(f, "route " + *name);
    }
  }

  // `file: UploadFile`, `request: Optional[Request]`, `f: Annotated[UploadFile, File()]`.
  void annotated(std::size_t f) {
    const Function& fn = program_.functions()[f];
    const NameResolver& names = *program_.modules()[fn.module].names;
    for (std::size_t p = 0; p < fn.parameters.size(); ++p) {
      if (ts_node_is_null(fn.parameters[p].annotation)) continue;
      each_node(fn.parameters[p].annotation, [&](TSNode n) {
        if (node_type(n) != "identifier" && node_type(n) != "attribute") return;
        const auto name = names.resolve(n);
        if (name && match(sources_, Source::Kind::Annotated, *name) != nullptr) add(f, p, "annotated " + *name);
      });
    }
  }

  void handler_method(std::size_t f) {
    const Function& fn = program_.functions()[f];
    if (!fn.cls) return;
    const std::string method = fn.qualname.substr(fn.qualname.rfind('.') + 1);
    if (std::find(kHandlerMethods.begin(), kHandlerMethods.end(), method) == kHandlerMethods.end()) return;
    for (const auto& base : program_.base_names(*fn.cls)) {
      if (match(sources_, Source::Kind::ViewClass, base) != nullptr) {
        all_parameters(f, "handler of a " + base + " subclass");
        return;
      }
    }
  }

  // Route("/predict", predict), path("upload/", views.upload): the handler may
  // be in another module.
  void registered(std::size_t m) {
    const Module& module = program_.modules()[m];
    if (!imports_endpoint_package(module)) return;  // most modules register nothing: skip resolving their calls
    for (const TSNode call : program_.calls(m)) {
      const auto name = module.names->resolve(field(call, "function"));
      const Source* source = name ? match(sources_, Source::Kind::Endpoint, *name) : nullptr;
      if (source == nullptr) continue;
      const TSNode handler = handler_argument(*module.tree, call, *source);
      if (ts_node_is_null(handler)) continue;
      for (const std::size_t f : referenced_functions(m, handler)) all_parameters(f, "handler registered with " + *name);
    }
  }

  [[nodiscard]] bool imports_endpoint_package(const Module& module) const {
    const auto top = [](std::string_view dotted) { return dotted.substr(0, dotted.find('.')); };
    for (const auto& [local, target] : module.names->imported_names()) {
      for (const auto& s : sources_) {
        if (s.kind == Source::Kind::Endpoint && top(s.target) == top(target)) return true;
      }
    }
    return false;
  }

  static TSNode handler_argument(const PythonTree& tree, TSNode call, const Source& source) {
    const TSNode by_keyword = keyword_node(call, tree, source.keyword);
    if (!ts_node_is_null(by_keyword)) return by_keyword;
    const TSNode args = field(call, "arguments");
    std::uint32_t position = 0;
    for (std::uint32_t i = 0; i < ts_node_named_child_count(args); ++i) {
      const TSNode arg = ts_node_named_child(args, i);
      if (node_type(arg) == "keyword_argument") continue;
      if (position++ == source.position) return arg;
    }
    return TSNode{};
  }

  std::vector<std::size_t> referenced_functions(std::size_t m, TSNode expr) const {
    const Module& module = program_.modules()[m];
    if (node_type(expr) == "identifier") {
      const auto local = program_.functions_named(module.name + "." + std::string(module.tree->text(expr)), m);
      if (!local.empty()) return local;
    }
    const auto name = module.names->resolve(expr);
    return name ? program_.functions_named(*name, m) : std::vector<std::size_t>{};
  }

  const Program& program_;
  const std::vector<Source>& sources_;
  std::vector<RequestParameter> out_;
  std::set<std::pair<std::size_t, std::size_t>> seen_;
};

}  // namespace

std::vector<RequestParameter> request_parameters(const Program& program, const std::vector<Source>& sources) {
  return Finder(program, sources).run();
}

}  // namespace sentinel::code
