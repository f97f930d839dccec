// See value_meaning.hpp.
#include "rules/value_meaning.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <utility>

namespace sentinel::rules {
namespace {

using pickle::Kind;
using pickle::Ref;

// Chains longer than this (getattr of getattr of ...) are not followed.
constexpr int kMaxDepth = 24;

Meaning unknown(std::string why) {
  Meaning m;
  m.why = std::move(why);
  return m;
}

Meaning name(std::string module, std::string qualname, std::string how) {
  Meaning m;
  m.role = Role::Name;
  m.module = std::move(module);
  m.qualname = std::move(qualname);
  m.how = std::move(how);
  return m;
}

// The builtin class of a plain value.
std::string data_class(Kind k) {
  if (k == Kind::None) return "NoneType";
  if (k == Kind::Buffer) return "memoryview";
  return std::string(pickle::kind_name(k));
}

// dill's _reverse_typemap: builtin classes by name, `types` classes as
// XxxType, and a few classes of other modules under dill's own names.
std::pair<std::string, std::string> dill_type(std::string_view type_name) {
  static constexpr std::array<std::array<std::string_view, 3>, 8> kAliases = {{
      {"PartialType", "functools", "partial"},
      {"SuperType", "builtins", "super"},
      {"ItemGetterType", "operator", "itemgetter"},
      {"AttrGetterType", "operator", "attrgetter"},
      {"MethodCallerType", "operator", "methodcaller"},
      {"FileType", "io", "FileIO"},
      {"PyTextWrapperType", "_pyio", "TextIOWrapper"},
      {"TextWrapperType", "io", "TextIOWrapper"},
  }};
  for (const auto& [alias, module, qual] : kAliases) {
    if (alias == type_name) return {std::string(module), std::string(qual)};
  }
  if (type_name.ends_with("Type")) return {"types", std::string(type_name)};
  return {"builtins", std::string(type_name)};
}

// pkgutil.resolve_name('os:system') and pydoc.locate('os.system') name an
// attribute; importlib.import_module('os') a module.
Meaning resolved(Ref text, bool attribute, const std::string& how) {
  if (text.kind != Kind::Str) return unknown("a name resolved at load time");
  const std::string t(text.str());
  if (!attribute) return name(t, {}, how);
  if (const auto colon = t.find(':'); colon != std::string::npos) return name(t.substr(0, colon), t.substr(colon + 1), how);
  const auto dot = t.rfind('.');
  if (dot == std::string::npos) return name(t, {}, how);
  return name(t.substr(0, dot), t.substr(dot + 1), how);
}

}  // namespace

std::string Meaning::describe() const {
  switch (role) {
    case Role::Data: return "plain data";
    case Role::Name: return how.empty() ? dotted() : dotted() + " (reached through " + how + ")";
    case Role::Instance:
      return how.empty() ? "an object returned by " + dotted() : "an instance of " + dotted() + " made by " + how;
    case Role::Method:
      return "method '" + attribute + "' of " + (qualname.empty() ? "a plain value" : "an object returned by " + dotted()) +
             (how.empty() ? "" : " (reached through " + how + ")");
    case Role::Bound: return "a partial object";
    case Role::Unknown: return why;
  }
  return why;
}

Ref CallArgs::get(const pickle::ValueStore& values, const Contract& c, int index) const {
  if (index < 0 || static_cast<std::size_t>(index) >= c.params.size()) return Ref{Kind::Unset};
  const Param& p = c.params[static_cast<std::size_t>(index)];
  if (p.position >= 0 && !p.variadic && static_cast<std::size_t>(p.position) < positional.size()) {
    return positional[static_cast<std::size_t>(p.position)];
  }
  if (keywords.kind == Kind::Dict) {
    const auto& items = values.node(keywords).items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].kind == Kind::Str && items[i].str() == p.name) return items[i + 1];
    }
  }
  return Ref{Kind::Unset};
}

std::vector<Ref> CallArgs::rest(int position) const {
  if (position < 0 || static_cast<std::size_t>(position) >= positional.size()) return {};
  return {positional.begin() + position, positional.end()};
}

CallArgs call_args(const pickle::ValueStore& values, Ref call) {
  CallArgs out;
  const auto& n = values.node(call);
  if (n.b.kind == Kind::Tuple) {
    out.known = true;
    const auto& items = values.node(n.b).items;
    out.positional.assign(items.begin(), items.end());
  }
  if (n.call_kind == pickle::CallKind::NewObjEx) {
    const Ref kw = values.extra(call);
    if (kw.kind == Kind::Dict) {
      out.keywords = kw;
    } else if (kw.kind != Kind::Unset) {
      out.known = false;
    }
  }
  return out;
}

const NameFacts& ValueMeanings::facts(const std::string& module, const std::string& qualname) const {
  std::string key;
  key.reserve(module.size() + qualname.size() + 1);
  key.append(module).push_back(' ');
  key.append(qualname);
  auto [it, inserted] = facts_.try_emplace(std::move(key));
  if (inserted) {
    NameFacts& f = it->second;
    f.exact = lists_.exact_contract(module, qualname);
    f.contract = lists_.contract(module, qualname);
    f.behaviour = lists_.behaviour(module, qualname);
    f.danger = lists_.danger(module, qualname);
    f.trusted = lists_.trusted(module, qualname);
  }
  return it->second;
}

Meaning ValueMeanings::of(Ref r, int depth) const {
  if (depth > kMaxDepth) return unknown("a value built through more than " + std::to_string(kMaxDepth) + " steps");
  if (!r.is_node() || (r.kind >= Kind::Tuple && r.kind <= Kind::FrozenSet)) {
    Meaning m;
    m.role = Role::Data;
    return m;
  }
  const auto& n = values_.node(r);
  switch (r.kind) {
    case Kind::Global: {
      if (n.a.kind != Kind::Str || n.b.kind != Kind::Str) return unknown("a global whose name is computed at load time");
      Meaning m = name(std::string(n.a.str()), std::string(n.b.str()), {});
      m.direct = true;
      return m;
    }
    case Kind::Persistent:
      // torch.serialization's legacy persistent_load: ('module', cls, file, source) returns cls.
      if (torch_classes_ && n.a.kind == Kind::Tuple) {
        const auto& pid = values_.node(n.a).items;
        if (pid.size() >= 2 && pid[0].kind == Kind::Str && pid[0].str() == "module") {
          Meaning m = of(pid[1], depth + 1);
          if (m.role == Role::Name) m.how = "torch's persistent_load";
          return m;
        }
      }
      return unknown("an object returned by persistent_load");
    case Kind::Extension: return unknown("an object from the copyreg extension registry");
    case Kind::Call: return result_of(r, depth);
    default: return unknown("a value of kind " + std::string(pickle::kind_name(r.kind)));
  }
}

Meaning ValueMeanings::attribute_of(const Meaning& base, Ref attr, const std::string& how) const {
  if (attr.kind != Kind::Str) return unknown("getattr with an attribute name computed at load time");
  const std::string a(attr.str());
  switch (base.role) {
    case Role::Name: {
      return name(base.module, base.qualname.empty() ? a : base.qualname + "." + a, how);
    }
    case Role::Instance:
    case Role::Data: {
      Meaning m = base;
      if (base.role == Role::Data) m.module = "builtins";
      m.role = Role::Method;
      m.attribute = a;
      m.how = how;
      return m;
    }
    default: return unknown("attribute '" + a + "' of " + base.describe());
  }
}

// What the loader put in place of an object built from `instance`'s class:
// of the classes it may be, the first whose call is dangerous (opens files,
// evaluates code or is described as dangerous), since which one it is
// depends on how the file is loaded; otherwise the first.
Meaning ValueMeanings::replaced_by_loader(Meaning instance, const Effect& becomes) const {
  const auto dangerous = [&](const std::pair<std::string, std::string>& cls) {
    const Contract* c = facts(cls.first, cls.second).behaviour;
    return c != nullptr && (c->dangerous || c->has(EffectKind::Opens) || c->has(EffectKind::Evaluates));
  };
  const auto worst = std::find_if(becomes.classes.begin(), becomes.classes.end(), dangerous);
  const auto& [module, qualname] = worst != becomes.classes.end() ? *worst : becomes.classes.front();
  instance.how = "what the loader puts in place of " + instance.module + "." + instance.qualname;
  instance.module = module;
  instance.qualname = qualname;
  return instance;
}

Meaning ValueMeanings::result_of(Ref call, int depth) const {
  const auto& n = values_.node(call);
  const Meaning callee = of(n.a, depth + 1);
  if (callee.role != Role::Name) return unknown("what " + callee.describe() + " returns when called");
  const Contract* c = facts(callee.module, callee.qualname).behaviour;
  Meaning instance = callee;
  instance.role = Role::Instance;
  instance.direct = false;
  if (c == nullptr) return instance;
  if (const Effect* b = c->find(EffectKind::Becomes); b != nullptr && !values_.states(call).empty()) {
    return replaced_by_loader(instance, *b);
  }
  const CallArgs args = call_args(values_, call);
  if (!args.known) return instance;
  for (const Effect& e : c->effects) {
    const Ref p = args.get(values_, *c, e.param);
    switch (e.kind) {
      case EffectKind::Returns: return of(p, depth + 1);
      case EffectKind::Attr: return attribute_of(of(p, depth + 1), args.get(values_, *c, e.arg), callee.dotted());
      case EffectKind::Binds: {
        Meaning m;
        m.role = Role::Bound;
        m.module = callee.module;
        m.qualname = callee.qualname;
        m.node = call;
        return m;
      }
      case EffectKind::Type: {
        if (args.positional.size() != 1 || args.keywords.kind != Kind::Unset) {
          return unknown("a class built at load time by " + callee.dotted());
        }
        const Meaning of_arg = of(p, depth + 1);
        switch (of_arg.role) {
          case Role::Instance: return name(of_arg.module, of_arg.qualname, "type()");
          case Role::Data: return name("builtins", data_class(p.kind), "type()");
          case Role::Name: return name("builtins", "type", "type()");
          default: return unknown("the class of " + of_arg.describe());
        }
      }
      case EffectKind::TypeName: {
        if (p.kind != Kind::Str) return unknown("a class named at load time");
        auto [module, qual] = dill_type(p.str());
        return name(std::move(module), std::move(qual), callee.dotted());
      }
      case EffectKind::Imports:
      case EffectKind::Resolves: return resolved(p, e.kind == EffectKind::Resolves, callee.dotted());
      default: break;
    }
  }
  // A reconstructor returns an instance of the class whose __new__ it runs.
  if (const Effect* made = c->find(EffectKind::New)) {
    const Meaning cls = of(args.get(values_, *c, made->param), depth + 1);
    if (cls.role == Role::Name) {
      instance.module = cls.module;
      instance.qualname = cls.qualname;
      instance.how = callee.dotted();
    }
  }
  return instance;
}

namespace {

// Names Python itself looks up or honours: special methods and the
// attributes that carry a class, namespace or code. Libraries keep other
// dunder-named data in instance state (__doc__, __networkx_cache__, and the
// __module__/__name__/__wrapped__ that functools.update_wrapper copies).
bool is_behaviour_dunder(std::string_view k) {
  static const std::set<std::string_view> kBehaviour = {
      "__setstate__", "__getstate__", "__reduce__", "__reduce_ex__", "__getnewargs__", "__getnewargs_ex__",
      "__getattr__", "__getattribute__", "__setattr__", "__delattr__", "__dir__", "__class__", "__dict__",
      "__slots__", "__weakref__", "__init__", "__new__", "__del__", "__call__", "__init_subclass__",
      "__set_name__", "__class_getitem__", "__mro_entries__", "__instancecheck__", "__subclasscheck__",
      "__get__", "__set__", "__delete__", "__getitem__", "__setitem__", "__delitem__", "__missing__",
      "__contains__", "__iter__", "__next__", "__aiter__", "__anext__", "__await__", "__len__",
      "__length_hint__", "__reversed__", "__enter__", "__exit__", "__aenter__", "__aexit__", "__repr__",
      "__str__", "__bytes__", "__format__", "__hash__", "__bool__", "__index__", "__int__", "__float__",
      "__complex__", "__fspath__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__add__",
      "__radd__", "__iadd__", "__or__", "__ror__", "__ior__", "__copy__", "__deepcopy__", "__buffer__",
      "__array__", "__array_finalize__", "__array_wrap__", "__array_ufunc__", "__array_function__",
      "__array_interface__", "__torch_function__", "__torch_dispatch__", "__code__", "__globals__",
      "__builtins__", "__closure__", "__defaults__", "__kwdefaults__", "__func__", "__self__", "__bases__",
      "__mro__", "__loader__", "__spec__", "__import__"};
  return kBehaviour.contains(k);
}

}  // namespace

std::vector<std::string_view> state_keys(const pickle::ValueStore& values, Ref state) {
  std::vector<std::string_view> out;
  const auto scan = [&](Ref dict) {
    if (dict.kind != Kind::Dict) return;
    const auto& items = values.node(dict).items;
    for (std::size_t i = 0; i < items.size(); i += 2) {
      if (items[i].kind == Kind::Str) out.push_back(items[i].str());
    }
  };
  scan(state);
  if (state.kind == Kind::Tuple) {
    for (const Ref part : values.node(state).items) scan(part);
  }
  return out;
}

std::vector<std::string> dunder_keys(const pickle::ValueStore& values, Ref state) {
  std::vector<std::string> out;
  for (const auto k : state_keys(values, state)) {
    if (is_behaviour_dunder(k)) out.emplace_back(k);
  }
  return out;
}

}  // namespace sentinel::rules
