// Parsing of data/contracts.txt; see callable_contracts.hpp.
#include "rules/callable_contracts.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "base/data_lines.hpp"

namespace sentinel::rules {
namespace {

constexpr std::array<std::pair<std::string_view, EffectKind>, 16> kEffects = {{
    {"data", EffectKind::Data},       {"container", EffectKind::Container}, {"calls", EffectKind::Calls},
    {"new", EffectKind::New},         {"binds", EffectKind::Binds},         {"returns", EffectKind::Returns},
    {"attr", EffectKind::Attr},       {"type", EffectKind::Type},           {"typename", EffectKind::TypeName},
    {"imports", EffectKind::Imports}, {"loads", EffectKind::Loads},         {"setattrs", EffectKind::SetAttrs},
    {"opens", EffectKind::Opens},     {"evaluates", EffectKind::Evaluates},
    {"resolves", EffectKind::Resolves}, {"becomes", EffectKind::Becomes},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto p = s.find(sep);
    out.push_back(trim(s.substr(0, p)));
    if (p == std::string_view::npos) return out;
    s.remove_prefix(p + 1);
  }
}

bool parse_params(std::string_view list, std::vector<Param>& out) {
  if (trim(list).empty()) return true;
  int position = 0;
  bool keyword_only = false;
  for (std::string_view p : split(list, ',')) {
    if (p == "/") continue;
    if (p == "*") {
      keyword_only = true;
      continue;
    }
    Param param;
    if (p.starts_with("**")) {
      param.keywords = true;
      p.remove_prefix(2);
    } else if (p.starts_with('*')) {
      param.variadic = true;
      param.position = position;
      keyword_only = true;
      p.remove_prefix(1);
    } else if (!keyword_only) {
      param.position = position++;
    }
    p = p.substr(0, p.find('|'));  // a|b: the name in another generation
    if (p.empty() || p.find_first_of(" =()") != std::string_view::npos) return false;
    param.name = std::string(p);
    out.push_back(std::move(param));
  }
  return true;
}

int param_index(const std::vector<Param>& params, std::string_view name) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// One `verb operands` clause; false when it names no parameter the signature has.
bool parse_effect(std::string_view clause, Contract& c, std::string& error) {
  const auto space = clause.find(' ');
  const std::string_view verb = clause.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? std::string_view{} : trim(clause.substr(space + 1));
  if (verb == "dangerous") {
    c.dangerous = true;
    return rest.empty() || (error = "`dangerous` takes no operand", false);
  }
  if (verb == "since") {
    c.since = std::string(rest);
    return !rest.empty() || (error = "`since` needs a library and a version", false);
  }
  const auto known = std::find_if(kEffects.begin(), kEffects.end(), [&](const auto& e) { return e.first == verb; });
  if (known == kEffects.end()) {
    error = "unknown effect `" + std::string(verb) + "`";
    return false;
  }
  Effect e;
  e.kind = known->second;
  const auto need = [&](std::string_view name, int& slot) {
    slot = param_index(c.params, name);
    if (slot < 0) error = "`" + std::string(name) + "` is not a parameter";
    return slot >= 0;
  };
  switch (e.kind) {
    case EffectKind::Data:
    case EffectKind::Container:
      if (!rest.empty()) return (error = std::string(verb) + " takes no operand", false);
      break;
    case EffectKind::Calls: {
      const auto open = rest.find('(');
      if (!need(trim(rest.substr(0, open)), e.param)) return false;
      if (open != std::string_view::npos) {
        if (!rest.ends_with(')')) return (error = "unbalanced parentheses", false);
        std::string_view inner = trim(rest.substr(open + 1, rest.size() - open - 2));
        e.spread = inner.starts_with('*');
        if (e.spread) inner.remove_prefix(1);
        if (!need(inner, e.arg)) return false;
      }
      break;
    }
    case EffectKind::Attr: {
      const auto dot = rest.find('.');
      if (dot == std::string_view::npos) return (error = "attr needs OBJECT.NAME", false);
      if (!need(rest.substr(0, dot), e.param) || !need(rest.substr(dot + 1), e.arg)) return false;
      break;
    }
    case EffectKind::Loads: {
      const auto as = rest.find(" as ");
      if (as == std::string_view::npos) return (error = "loads needs `P as FORMAT`", false);
      e.format = std::string(trim(rest.substr(as + 4)));
      if (e.format != "pickle" && e.format != "torch") return (error = "unknown format `" + e.format + "`", false);
      if (!need(trim(rest.substr(0, as)), e.param)) return false;
      break;
    }
    case EffectKind::Becomes:
      for (const auto cls : split(rest, '|')) {
        const auto colon = cls.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 == cls.size()) {
          return (error = "becomes needs MODULE:CLASS[|MODULE:CLASS...]", false);
        }
        e.classes.emplace_back(cls.substr(0, colon), cls.substr(colon + 1));
      }
      break;
    default:
      if (!need(rest, e.param)) return false;
      break;
  }
  c.effects.push_back(std::move(e));
  return true;
}

}  // namespace

bool Contract::has(EffectKind k) const { return find(k) != nullptr; }

const Effect* Contract::find(EffectKind k) const {
  for (const auto& e : effects) {
    if (e.kind == k) return &e;
  }
  return nullptr;
}

std::string_view effect_name(EffectKind k) {
  for (const auto& [name, kind] : kEffects) {
    if (kind == k) return name;
  }
  return "?";
}

std::vector<Contract> parse_contracts(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Contract> out;
  // The parameter list holds spaces, so each line is re-read whole.
  for_each_data_line(text, [&](const std::vector<std::string>& fields, const std::string& note, std::size_t line_no) {
    std::string line;
    for (const auto& f : fields) line += (line.empty() ? "" : " ") + f;
    const auto fail = [&](const std::string& why) {
      errors.push_back("contracts line " + std::to_string(line_no) + ": " + why);
    };
    const auto arrow = line.find(" -> ");
    const auto space = line.find(' ');
    if (arrow == std::string::npos || space >= arrow) return fail("expected `module name(params) -> effects`");
    Contract c;
    c.module = line.substr(0, space);
    c.note = note;
    const std::string_view head = trim(std::string_view(line).substr(space + 1, arrow - space - 1));
    const auto open = head.find('(');
    c.qualname = std::string(trim(head.substr(0, open)));
    if (open != std::string_view::npos) {
      if (!head.ends_with(')') || !parse_params(head.substr(open + 1, head.size() - open - 2), c.params)) {
        return fail("malformed parameter list");
      }
    }
    if (c.qualname.empty() || (c.qualname.find('*') != std::string::npos && c.qualname != "*")) {
      return fail("expected an exact name or `*`");
    }
    std::string error;
    for (const auto clause : split(std::string_view(line).substr(arrow + 4), ';')) {
      if (!parse_effect(clause, c, error)) return fail(error);
    }
    if (c.effects.empty() && !c.dangerous) return fail("no effect");
    if (c.wildcard() && (c.effects.size() != 1 || c.effects[0].kind != EffectKind::Data)) {
      return fail("a `*` entry can only say `data`");
    }
    out.push_back(std::move(c));
  });
  return out;
}

}  // namespace sentinel::rules
