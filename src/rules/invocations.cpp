// See invocations.hpp.
#include "rules/invocations.hpp"

#include "rules/callable_resolution.hpp"
#include "rules/nested_payloads.hpp"

namespace sentinel::rules {
namespace {

using pickle::Kind;
using pickle::Ref;

// Contracts that call their arguments can be nested (a partial of a rebuild
// function that calls another...); deeper than this is refused outright.
constexpr int kMaxInvokeDepth = 8;

void add(Judgement& out, std::string rule, std::string evidence, std::string module = {}, std::string name = {}) {
  out.verdicts.push_back(Verdict{std::move(rule), std::move(evidence), std::move(module), std::move(name)});
}

std::string param_name(const Contract& c, int index) {
  return index < 0 ? std::string("?") : c.params[static_cast<std::size_t>(index)].name;
}

// Writes into an imported global change module or class state for the rest
// of the process: later imports resolve to attacker values (ShadowPickle).
void rewrites_global(Judgement& out, const std::string& what, const Meaning& m) {
  add(out, "PICKLE-EXEC", what + " the imported global " + m.describe() +
                              "; rewriting module or class state redirects later imports and calls",
      m.module, m.qualname);
}

std::string join_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace

// Where an invocation happens: how deep in contracts, and how it was reached.
struct InvocationJudge::Site {
  int depth = 0;
  std::string via;  // " (passed as `func` to X, which calls it)", " through functools.partial"
};

Judgement InvocationJudge::call(Ref call) const {
  Judgement out;
  const Ref callee = meanings_.values().node(call).a;
  if (callee.kind == Kind::Global && data_only_global(callee)) return out;
  invoke(callee, call_args(meanings_.values(), call), Site{}, out);
  reached(call, out);
  return out;
}

void InvocationJudge::invoke(Ref callee, const CallArgs& args, const Site& site, Judgement& out) const {
  const auto& values = meanings_.values();
  if (site.depth > kMaxInvokeDepth) {
    add(out, "PICKLE-EXEC", "calls through more than " + std::to_string(kMaxInvokeDepth) +
                                " trusted callables that call their arguments" + site.via);
    return;
  }
  const Meaning m = meanings_.of(callee);
  switch (m.role) {
    case Role::Data: return;  // calling plain data raises TypeError
    case Role::Name: invoke_name(m, args, site, out); return;
    case Role::Bound: invoke_partial(m, args, site, out); return;
    case Role::Method: {
      const std::string method = m.qualname.empty() ? m.attribute : m.qualname + "." + m.attribute;
      if (const Contract* c = meanings_.lists().exact_contract(m.module, method)) {
        apply_contract(m, *c, args, site, out);
        return;
      }
      const DangerMatch d = meanings_.lists().danger(m.module, method);
      std::string evidence = "calls " + m.describe() + site.via;
      evidence += d.entry != nullptr && d.entry->klass == DangerClass::Exec
                      ? " (" + d.entry->note + ")"
                      : ", which is not a trusted callable: it runs whatever that object's class defines";
      add(out, "PICKLE-EXEC", evidence, m.module, method);
      return;
    }
    case Role::Instance:
      add(out, "PICKLE-EXEC", "calls " + m.describe() + site.via +
                                  "; a clean writer never calls what a call returned (" + render_value(values, callee) + ")");
      return;
    case Role::Unknown:
      add(out, "PICKLE-EXEC", "calls " + m.why + site.via + ": " + render_value(values, callee) +
                                  "; what runs cannot be known before loading");
      return;
  }
}

void InvocationJudge::invoke_name(const Meaning& m, const CallArgs& args, const Site& site, Judgement& out) const {
  const NameFacts& facts = meanings_.facts(m.module, m.qualname);
  // A global imported by this very opcode was judged at its import.
  const bool judged = m.direct && site.depth == 0;
  if (facts.exact != nullptr) {
    apply_contract(m, *facts.exact, args, site, out);
    return;
  }
  const DangerMatch& d = facts.danger;
  if (facts.exec()) {
    if (!judged) {
      std::string evidence = "calls " + m.describe() + site.via;
      if (d.module != m.module || d.name != m.qualname) evidence += ", which reaches " + d.module + "." + d.name;
      add(out, "PICKLE-EXEC", evidence + " (" + d.entry->note + ")", m.module, m.qualname);
    }
    nested_loads(m, args, out);
    return;
  }
  if (m.qualname.empty()) return;  // calling a module raises TypeError
  if (facts.contract != nullptr) {
    apply_contract(m, *facts.contract, args, site, out);
    return;
  }
  // An untrusted import is reported where it is imported, whatever calls it.
  if (m.direct || facts.trusted) return;
  add(out, "PICKLE-GLOBAL-IMPORT",
      "calls " + m.describe() + site.via + ", which is not a trusted callable" +
          (d.entry != nullptr ? " (module on the risky list: " + d.entry->note + ")" : std::string()),
      m.module, m.qualname);
}

void InvocationJudge::apply_contract(const Meaning& m, const Contract& c, const CallArgs& args, const Site& site,
                                     Judgement& out) const {
  const auto& values = meanings_.values();
  const std::string who = m.dotted() + (m.attribute.empty() ? "" : "." + m.attribute);
  for (const Effect& e : c.effects) {
    if (e.kind == EffectKind::Data || e.kind == EffectKind::Container) continue;
    if (!args.known) {
      add(out, "PICKLE-EXEC", "calls " + who + site.via + " with arguments computed at load time, and it " +
                                  std::string(effect_name(e.kind)) + " its argument `" + param_name(c, e.param) + "`",
          m.module, m.qualname);
      return;
    }
    const Ref p = args.get(values, c, e.param);
    const std::string arg = "`" + param_name(c, e.param) + "`";
    switch (e.kind) {
      case EffectKind::Opens:
      case EffectKind::Evaluates:
        add(out, "PICKLE-EXEC",
            "calls " + who + site.via + ", which " + (e.kind == EffectKind::Opens ? "opens the file named by" : "evaluates") +
                " its argument " + arg + (p.kind == Kind::Unset ? std::string() : " = " + render_value(values, p)) +
                (c.note.empty() ? "" : " (" + c.note + ")"),
            m.module, m.qualname);
        break;
      case EffectKind::Calls: {
        if (p.kind == Kind::Unset) break;
        CallArgs inner;
        inner.known = true;
        if (e.arg >= 0) {
          const Param& q = c.params[static_cast<std::size_t>(e.arg)];
          const Ref a = q.variadic ? Ref{Kind::Unset} : args.get(values, c, e.arg);
          if (q.variadic) {
            inner.positional = args.rest(q.position);
          } else if (!e.spread) {
            if (a.kind != Kind::Unset) inner.positional.push_back(a);
          } else if (a.kind == Kind::Tuple) {
            const auto& items = values.node(a).items;
            inner.positional.assign(items.begin(), items.end());
          } else if (a.kind != Kind::Unset) {
            inner.known = false;
          }
        }
        invoke(p, inner, Site{site.depth + 1, " (passed as " + arg + " to " + who + ", which calls it)" + site.via}, out);
        break;
      }
      case EffectKind::New: use_as_class(p, arg + " of " + who, site, out); break;
      case EffectKind::Type:
        // type(name, bases, namespace) creates a class: bases' __init_subclass__
        // and the namespace's descriptors run.
        if (args.positional.size() != 1 || args.keywords.kind != Kind::Unset) {
          add(out, "PICKLE-EXEC", "calls " + who + site.via + " with " + std::to_string(args.positional.size()) +
                                      " argument(s), which builds a new class at load time",
              m.module, m.qualname);
        }
        break;
      case EffectKind::SetAttrs:
        if (const auto keys = dunder_keys(values, p); !keys.empty()) {
          add(out, "PICKLE-EXEC",
              "calls " + who + site.via + ", which sets the attributes in its argument " + arg + " on what it returns: " +
                  join_keys(keys) + " replace behaviour (__setstate__, __reduce__, __class__, ...)",
              m.module, m.qualname);
        }
        break;
      case EffectKind::Loads: {
        if (p.kind == Kind::Unset) break;
        auto bytes = constant_bytes(values, p, max_nested_size_);
        if (!bytes) {
          add(out, "PICKLE-EXEC", "calls " + who + site.via + ", which deserialises its argument " + arg +
                                      ", and those bytes are computed at load time: " + render_value(values, p),
              m.module, m.qualname);
        } else {
          out.loads.push_back(NestedLoad{std::move(*bytes), e.format, who});
        }
        break;
      }
      default: break;  // returns, attr, type, typename, imports, binds: judged where the result is used
    }
  }
}

// An imported global whose contract is data only: nothing its arguments hold
// runs, and what it returns is an instance. Checkpoints call a few of these
// hundreds of thousands of times, so the answer is kept per node.
bool InvocationJudge::data_only_global(Ref global) const {
  const auto [it, inserted] = data_only_.try_emplace(global.u.node, false);
  if (!inserted) return it->second;
  const Meaning m = meanings_.of(global);
  if (m.role != Role::Name || m.qualname.empty()) return false;
  const NameFacts& facts = meanings_.facts(m.module, m.qualname);
  const Contract* c = facts.exact != nullptr ? facts.exact : facts.contract;
  if (c == nullptr) return false;
  for (const Effect& e : c->effects) {
    if (e.kind != EffectKind::Data && e.kind != EffectKind::Container) return false;
  }
  it->second = true;
  return true;
}

// A dangerous callable given constant bytes may be a loader: the payload is
// scanned too, in the format its contract names, else as a pickle.
void InvocationJudge::nested_loads(const Meaning& m, const CallArgs& args, Judgement& out) const {
  const auto& values = meanings_.values();
  const Contract* c = meanings_.facts(m.module, m.qualname).behaviour;
  const Effect* loads = c == nullptr ? nullptr : c->find(EffectKind::Loads);
  std::vector<Ref> candidates;
  if (loads != nullptr) {
    candidates.push_back(args.get(values, *c, loads->param));
  } else {
    candidates = args.positional;
  }
  for (const Ref r : candidates) {
    auto bytes = constant_bytes(values, r, max_nested_size_);
    if (bytes && !bytes->empty()) out.loads.push_back(NestedLoad{std::move(*bytes), loads != nullptr ? loads->format : "pickle", m.dotted()});
  }
}

void InvocationJudge::invoke_partial(const Meaning& m, const CallArgs& args, const Site& site, Judgement& out) const {
  const auto& values = meanings_.values();
  const Contract* c = meanings_.facts(m.module, m.qualname).contract;
  const Effect* binds = c == nullptr ? nullptr : c->find(EffectKind::Binds);
  if (binds == nullptr) return;
  const Site inner{site.depth + 1, " through " + m.dotted() + site.via};
  // The bound function and arguments: as constructed, and as every BUILD
  // state (func, args, kwds, dict) replaced them.
  const auto call_with = [&](Ref func, const std::vector<Ref>& bound) {
    CallArgs combined = args;
    combined.positional.insert(combined.positional.begin(), bound.begin(), bound.end());
    invoke(func, combined, inner, out);
  };
  const CallArgs made = call_args(values, m.node);
  if (made.known) {
    const Param& func = c->params[static_cast<std::size_t>(binds->param)];
    call_with(made.get(values, *c, binds->param), made.rest(func.position + 1));
  } else {
    add(out, "PICKLE-EXEC", "calls " + m.describe() + site.via + " whose bound function is computed at load time");
  }
  for (const Ref state : values.states(m.node)) {
    if (state.kind != Kind::Tuple || values.node(state).items.empty()) {
      add(out, "PICKLE-EXEC", "calls " + m.describe() + site.via + " whose state is computed at load time: " +
                                  render_value(values, state));
      continue;
    }
    const auto& items = values.node(state).items;
    std::vector<Ref> bound;
    if (items.size() > 1 && items[1].kind == Kind::Tuple) {
      const auto& b = values.node(items[1]).items;
      bound.assign(b.begin(), b.end());
    }
    call_with(items[0], bound);
  }
}

void InvocationJudge::use_as_class(Ref value, const std::string& role, const Site& site, Judgement& out) const {
  if (value.kind == Kind::Unset) return;
  const Meaning m = meanings_.of(value);
  const GlobalLists& lists = meanings_.lists();
  switch (m.role) {
    case Role::Data: return;  // not a class: raises TypeError
    case Role::Name: {
      if (m.direct || lists.exact_contract(m.module, m.qualname) != nullptr) return;  // judged at its import
      const DangerMatch d = lists.danger(m.module, m.qualname);
      if (d.entry != nullptr && d.entry->klass == DangerClass::Exec) {
        add(out, "PICKLE-EXEC", "uses " + m.describe() + " as the class " + role + site.via + " (" + d.entry->note + ")",
            m.module, m.qualname);
      } else if (!lists.trusted(m.module, m.qualname)) {
        add(out, "PICKLE-GLOBAL-IMPORT", "uses " + m.describe() + " as the class " + role + site.via +
                                             ", which is not on the trusted ML allowlist",
            m.module, m.qualname);
      }
      return;
    }
    default:
      add(out, "PICKLE-EXEC", "uses " + m.describe() + " as the class " + role + site.via +
                                  "; its __new__ and __array_finalize__-style hooks cannot be known statically");
      return;
  }
}

// What a call returns may itself name something dangerous, used or not:
// getattr(os, 'system'), dill's _load_type('CodeType').
void InvocationJudge::reached(Ref result, Judgement& out) const {
  const Meaning m = meanings_.of(result);
  const GlobalLists& lists = meanings_.lists();
  if (m.role == Role::Unknown) {
    // getattr(obj, <computed name>): any attribute at all.
    const Meaning callee = meanings_.of(meanings_.values().node(result).a);
    const Contract* c = callee.role == Role::Name ? meanings_.facts(callee.module, callee.qualname).contract : nullptr;
    const Effect* attr = c == nullptr ? nullptr : c->find(EffectKind::Attr);
    if (attr != nullptr) {
      const CallArgs args = call_args(meanings_.values(), result);
      if (!args.known || args.get(meanings_.values(), *c, attr->arg).kind != Kind::Str) {
        add(out, "PICKLE-EXEC", "calls " + callee.dotted() + " with an attribute name computed at load time: " +
                                    render_value(meanings_.values(), result),
            callee.module, callee.qualname);
      }
    }
    return;
  }
  std::string_view attribute = m.role == Role::Method ? std::string_view(m.attribute) : std::string_view(m.qualname);
  if (m.role == Role::Method || (m.role == Role::Name && !m.how.empty())) {
    if (has_internal_component(attribute)) {
      add(out, "PICKLE-EXEC", "reaches " + m.describe() + ", an interpreter internal that hands out builtins or code objects",
          m.module, m.role == Role::Method ? m.attribute : m.qualname);
      return;
    }
  }
  if (m.role != Role::Name || m.how.empty() || lists.exact_contract(m.module, m.qualname) != nullptr) return;
  // Reading an attribute of a trusted class (an Enum member) runs nothing;
  // calling it is judged where it is called.
  if (const auto dot = m.qualname.rfind('.'); dot != std::string::npos && lists.trusted(m.module, m.qualname.substr(0, dot))) {
    return;
  }
  const DangerMatch d = lists.danger(m.module, m.qualname);
  if (d.entry != nullptr && d.entry->klass == DangerClass::Exec) {
    add(out, "PICKLE-EXEC", "reaches " + m.dotted() + " through " + m.how + " (" + d.entry->note + ")", m.module, m.qualname);
  }
}

Judgement InvocationJudge::build(Ref target, Ref state) const {
  Judgement out;
  const auto& values = meanings_.values();
  const Meaning m = meanings_.of(target);
  if (const auto keys = dunder_keys(values, state); !keys.empty()) {
    add(out, "PICKLE-EXEC", "BUILD sets " + join_keys(keys) + " on " + m.describe() +
                                "; a state that sets dunder attributes replaces the object's behaviour",
        m.module, m.qualname);
  }
  switch (m.role) {
    case Role::Name: rewrites_global(out, "BUILD sets attributes on", m); break;
    case Role::Method:
    case Role::Unknown:
      add(out, "PICKLE-EXEC", "BUILD on " + m.describe() + ": whatever __setstate__ that object has runs with " +
                                  render_value(values, state));
      break;
    default: break;  // instances of known classes: their import was judged
  }
  return out;
}

Judgement InvocationJudge::mutate(Ref target) const {
  Judgement out;
  const Meaning m = meanings_.of(target);
  const GlobalLists& lists = meanings_.lists();
  switch (m.role) {
    case Role::Name: rewrites_global(out, "adds items to", m); break;
    case Role::Instance: {
      // load_append/load_appends/load_additems look the method up on the
      // object: an earlier BUILD can plant one in its __dict__.
      for (const Ref state : meanings_.values().states(target)) {
        for (const auto& key : state_keys(meanings_.values(), state)) {
          if (key == "append" || key == "extend" || key == "add") {
            add(out, "PICKLE-EXEC", "adds items to " + m.describe() + " after a BUILD set its '" + std::string(key) +
                                        "' attribute, which the unpickler then calls",
                m.module, m.qualname);
            return out;
          }
        }
      }
      const Contract* c = lists.contract(m.module, m.qualname);
      if (c != nullptr && c->has(EffectKind::Container)) break;
      if (c != nullptr || lists.trusted(m.module, m.qualname)) {
        add(out, "PICKLE-STRUCT", "adds items to " + m.describe() +
                                      ", which is not a reviewed container: its append, extend, __setitem__ or add runs",
            m.module, m.qualname);
      }
      break;
    }
    case Role::Method:
    case Role::Unknown:
      add(out, "PICKLE-EXEC", "adds items to " + m.describe() +
                                  ": the append, extend, __setitem__ or add that runs cannot be known statically");
      break;
    default: break;
  }
  return out;
}

}  // namespace sentinel::rules
