// See trust_explanation.hpp.
#include "rules/trust_explanation.hpp"

#include <utility>
#include <vector>

namespace sentinel::rules {
namespace {

bool speaks_of(const GlobalLists& lists, const std::string& module, const std::string& qualname) {
  return lists.provenance(module, qualname) != nullptr || lists.behaviour(module, qualname) != nullptr ||
         lists.danger(module, qualname).entry != nullptr;
}

std::pair<std::string, std::string> split_name(const GlobalLists& lists, std::string_view dotted) {
  if (const auto colon = dotted.find(':'); colon != std::string_view::npos) {
    return {std::string(dotted.substr(0, colon)), std::string(dotted.substr(colon + 1))};
  }
  std::vector<std::size_t> dots;
  for (std::size_t i = 0; i < dotted.size(); ++i) {
    if (dotted[i] == '.') dots.push_back(i);
  }
  for (auto it = dots.rbegin(); it != dots.rend(); ++it) {
    std::string module(dotted.substr(0, *it));
    std::string qualname(dotted.substr(*it + 1));
    if (speaks_of(lists, module, qualname)) return {std::move(module), std::move(qualname)};
  }
  if (dots.empty()) return {std::string(dotted), {}};
  return {std::string(dotted.substr(0, dots.back())), std::string(dotted.substr(dots.back() + 1))};
}

std::string contract_line(const Contract& c) {
  std::string params;
  for (const auto& p : c.params) {
    params += (params.empty() ? "" : ", ") + std::string(p.variadic ? "*" : p.keywords ? "**" : "") + p.name;
  }
  std::string effects;
  for (const auto& e : c.effects) {
    std::string clause(effect_name(e.kind));
    if (e.param >= 0) clause += " " + c.params[static_cast<std::size_t>(e.param)].name;
    effects += (effects.empty() ? "" : "; ") + clause;
  }
  if (c.dangerous) effects += (effects.empty() ? "" : "; ") + std::string("dangerous");
  return c.module + " " + c.qualname + (c.wildcard() ? "" : "(" + params + ")") + " -> " + effects +
         (c.note.empty() ? "" : "  # " + c.note);
}

std::string when_called(const Contract* c, const DangerMatch& d, bool trusted) {
  if (c != nullptr && !c->dangerous) {
    for (const auto& e : c->effects) {
      if (e.kind == EffectKind::Opens || e.kind == EffectKind::Evaluates) {
        return "PICKLE-EXEC: it " + std::string(e.kind == EffectKind::Opens ? "opens a file" : "evaluates code");
      }
    }
    std::string follows;
    for (const auto& e : c->effects) {
      if (e.kind == EffectKind::Calls || e.kind == EffectKind::New || e.kind == EffectKind::Loads ||
          e.kind == EffectKind::SetAttrs || e.kind == EffectKind::Binds) {
        follows += (follows.empty() ? "" : ", ") + std::string(effect_name(e.kind)) + " " +
                   c->params[static_cast<std::size_t>(e.param)].name;
      }
    }
    return follows.empty() ? "clean: its arguments are only data"
                           : "judged by what flows into its arguments (" + follows + ")";
  }
  if (d.entry != nullptr && d.entry->klass == DangerClass::Exec) return "PICKLE-EXEC: " + d.entry->note;
  return trusted ? "clean: its arguments are only data" : "PICKLE-GLOBAL-IMPORT at its import";
}

}  // namespace

TrustExplanation explain_global(const GlobalLists& lists, std::string_view dotted) {
  const auto [module, qualname] = split_name(lists, dotted);
  TrustExplanation out;
  out.known = speaks_of(lists, module, qualname);
  out.trusted = lists.trusted(module, qualname);
  const std::string* sources = lists.provenance(module, qualname);
  const Contract* exact = lists.exact_contract(module, qualname);
  const Contract* c = lists.behaviour(module, qualname);
  const DangerMatch d = lists.danger(module, qualname);
  std::string& t = out.text;
  t += module + (qualname.empty() ? "" : "." + qualname) + "\n";
  t += "  trusted:     ";
  if (sources != nullptr) {
    t += "yes, on the allowlist: written by " + *sources + " (data/allowlist.txt)\n";
  } else if (exact != nullptr) {
    t += "yes, a reviewed contract (data/contracts.txt)\n";
  } else {
    t += "no: not written by the libraries the catalogue was derived from; a policy's trusted_globals can vouch for it\n";
  }
  if (c != nullptr) t += "  contract:    " + contract_line(*c) + "\n";
  if (d.entry != nullptr) {
    t += "  dangerous:   " + d.module + "." + d.name + " (" + d.entry->note + ")" +
         (exact != nullptr ? "; the contract decides by role instead" : "") + " (data/dangerous.txt)\n";
  }
  const bool exec_name = exact == nullptr && d.entry != nullptr && d.entry->klass == DangerClass::Exec;
  t += "  as data:     " +
       std::string(exec_name ? "PICKLE-EXEC: importing it is enough"
                   : out.trusted ? "clean"
                                 : "PICKLE-GLOBAL-IMPORT (HIGH)") +
       "\n";
  t += "  when called: " + when_called(c, d, out.trusted) + "\n";
  return out;
}

}  // namespace sentinel::rules
