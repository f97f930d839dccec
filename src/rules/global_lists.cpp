// Parsing and matching for the reviewed global lists.
#include "rules/global_lists.hpp"

#include "base/data_lines.hpp"

#include <sstream>

namespace sentinel::data {
extern const std::string_view k_allowlist_txt;
extern const std::string_view k_dangerous_txt;
extern const std::string_view k_contracts_txt;
}  // namespace sentinel::data

namespace sentinel::rules {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out.push_back('.');
    out += parts[i];
  }
  return out;
}

int rank(DangerClass c) { return c == DangerClass::Exec ? 2 : 1; }

}  // namespace

const GlobalLists& GlobalLists::builtin() {
  static const GlobalLists lists = [] {
    std::vector<std::string> errors;
    GlobalLists l(data::k_allowlist_txt, data::k_dangerous_txt, data::k_contracts_txt, errors);
    // The embedded lists are checked by the tests; a bad line there is a build defect.
    return l;
  }();
  return lists;
}

GlobalLists::GlobalLists(std::string_view allowlist, std::string_view dangerous, std::string_view contracts,
                         std::vector<std::string>& errors)
    : contracts_(parse_contracts(contracts, errors)) {
  for (const auto& c : contracts_) {
    auto& index = c.wildcard() ? package_contracts_[c.module] : exact_contracts_[c.module + " " + c.qualname];
    if (index != nullptr) errors.push_back("contracts: " + c.module + " " + c.qualname + " is listed twice");
    index = &c;
  }
  for_each_data_line(allowlist, [&](const std::vector<std::string>& f, const std::string& sources, std::size_t line_no) {
    if (f.size() != 2 || f[1].find('*') != std::string::npos) {
      errors.push_back("allowlist line " + std::to_string(line_no) + ": expected `module qualname`");
      return;
    }
    allowed_.emplace(f[0] + " " + f[1], sources);
  });
  for_each_data_line(dangerous, [&](const std::vector<std::string>& f, const std::string& note, std::size_t line_no) {
    const bool reviewed = f.size() == 3 && f[2] == "reviewed";
    if (f.size() != 3 || (f[2] != "exec" && f[2] != "risky" && !reviewed) ||
        (reviewed && f[1].find('*') != std::string::npos)) {
      errors.push_back("dangerous line " + std::to_string(line_no) +
                       ": expected `module pattern exec|risky` or `module name reviewed`");
      return;
    }
    const DangerClass klass = reviewed ? DangerClass::Reviewed : f[2] == "exec" ? DangerClass::Exec : DangerClass::Risky;
    danger_[f[0]].push_back(DangerEntry{f[0], f[1], klass, note});
    ++danger_count_;
  });
}

bool GlobalLists::allowed(std::string_view module, std::string_view qualname) const {
  std::string key;
  key.reserve(module.size() + qualname.size() + 1);
  key.append(module).push_back(' ');
  key.append(qualname);
  return allowed_.contains(key);
}

const std::string* GlobalLists::provenance(std::string_view module, std::string_view qualname) const {
  const auto it = allowed_.find(std::string(module) + " " + std::string(qualname));
  return it == allowed_.end() ? nullptr : &it->second;
}

bool GlobalLists::trusted(std::string_view module, std::string_view qualname) const {
  return allowed(module, qualname) || exact_contract(module, qualname) != nullptr;
}

const Contract* GlobalLists::exact_contract(std::string_view module, std::string_view qualname) const {
  const Contract* c = behaviour(module, qualname);
  return c != nullptr && !c->dangerous && !c->wildcard() ? c : nullptr;
}

const Contract* GlobalLists::behaviour(std::string_view module, std::string_view qualname) const {
  std::string key;
  key.reserve(module.size() + qualname.size() + 1);
  key.append(module).push_back(' ');
  key.append(qualname);
  if (const auto it = exact_contracts_.find(key); it != exact_contracts_.end()) return it->second;
  return contract(module, qualname);
}

const Contract* GlobalLists::contract(std::string_view module, std::string_view qualname) const {
  if (const auto it = exact_contracts_.find(std::string(module) + " " + std::string(qualname));
      it != exact_contracts_.end()) {
    return it->second->dangerous ? nullptr : it->second;
  }
  // A package entry speaks only for the names the allowlist trusts.
  if (!allowed(module, qualname)) return nullptr;
  if (const auto d = danger(module, qualname); d.entry != nullptr && d.entry->klass == DangerClass::Exec) return nullptr;
  for (std::string_view m = module;;) {
    if (const auto it = package_contracts_.find(std::string(m)); it != package_contracts_.end()) return it->second;
    const auto dot = m.rfind('.');
    if (dot == std::string_view::npos) return nullptr;
    m = m.substr(0, dot);
  }
}

const DangerEntry* GlobalLists::lookup(std::string_view module, std::string_view qualname) const {
  const DangerEntry* best = nullptr;
  const auto first_component = qualname.substr(0, qualname.find('.'));
  auto consider = [&](const DangerEntry& e, bool exact_module) {
    bool hit = false;
    if (e.klass == DangerClass::Reviewed) {
      hit = false;  // handled above: exact matches only, and they clear the name
    } else if (e.pattern == "*") {
      hit = true;
    } else if (!exact_module) {
      hit = false;  // only `*` entries cover submodules
    } else if (e.pattern.back() == '*') {
      hit = first_component.substr(0, e.pattern.size() - 1) == std::string_view(e.pattern).substr(0, e.pattern.size() - 1);
    } else {
      // An entry also covers attributes of what it names (a class's methods).
      hit = qualname == e.pattern ||
            (qualname.size() > e.pattern.size() && qualname.substr(0, e.pattern.size()) == e.pattern &&
             qualname[e.pattern.size()] == '.');
    }
    if (hit && (best == nullptr || rank(e.klass) > rank(best->klass))) best = &e;
  };
  if (const auto it = danger_.find(std::string(module)); it != danger_.end()) {
    for (const auto& e : it->second) {
      if (e.klass == DangerClass::Reviewed && e.pattern == qualname) return nullptr;
    }
  }
  // The module itself, then each parent package (asyncio covers asyncio.unix_events).
  std::string_view m = module;
  bool exact = true;
  for (;;) {
    if (const auto it = danger_.find(std::string(m)); it != danger_.end()) {
      for (const auto& e : it->second) consider(e, exact);
    }
    const auto dot = m.rfind('.');
    if (dot == std::string_view::npos) break;
    m = m.substr(0, dot);
    exact = false;
  }
  return best;
}

DangerMatch GlobalLists::danger(std::string_view module, std::string_view qualname) const {
  DangerMatch best;
  auto consider = [&](std::string_view m, std::string_view n) {
    const DangerEntry* e = lookup(m, n);
    if (e != nullptr && (best.entry == nullptr || rank(e->klass) > rank(best.entry->klass))) {
      best = DangerMatch{e, std::string(m), std::string(n)};
    }
  };
  consider(module, qualname);
  // Protocol 4+ walks dotted names attribute by attribute, so any attribute on
  // the way may be a module the imported one holds (pathlib.os is os).
  const auto parts = split(qualname, '.');
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    for (std::size_t j = i + 1; j < parts.size(); ++j) consider(join(parts, i, j), join(parts, j, parts.size()));
  }
  return best;
}

}  // namespace sentinel::rules
