// What a symbolic value is at load time, as far as it can be known without
// running anything: plain data, an imported class or function, an instance of
// a known class (or the result of a known call), a bound method of an
// instance, a partial that binds a callable, or unknown. Calls of trusted
// callables are followed through their contracts (getattr returns an
// attribute, type(x) returns x's class, a partial binds its function).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pickle/value.hpp"
#include "rules/global_lists.hpp"

namespace sentinel::rules {

enum class Role : std::uint8_t {
  Data,      // scalars and containers
  Name,      // an imported global, or an attribute of one (module, qualname)
  Instance,  // what calling module.qualname returned (an instance of a class)
  Method,    // attribute `attribute` of an Instance of module.qualname
  Bound,     // a functools.partial-like object; `node` is the Call that made it
  Unknown,   // computed in a way that cannot be known statically; `why` says how
};

struct Meaning {
  Role role = Role::Unknown;
  std::string module;
  std::string qualname;   // empty for a module
  std::string attribute;  // Method
  std::string how;        // how a Name was reached when not imported directly ("getattr", "type()")
  std::string why;        // Unknown
  pickle::Ref node;       // Bound: the Call node
  bool direct = false;    // a Name that is a Global node itself: its import was judged there

  [[nodiscard]] std::string dotted() const { return qualname.empty() ? module : module + "." + qualname; }
  // A short description for evidence ("numpy.memmap", "an instance of X", ...).
  [[nodiscard]] std::string describe() const;
};

// The positional and keyword arguments of a call, as far as they are known.
struct CallArgs {
  bool known = false;  // false when the argument tuple itself is computed
  std::vector<pickle::Ref> positional;
  pickle::Ref keywords{pickle::Kind::Unset};  // a Dict, or Unset

  // The argument bound to contract parameter `index`; Unset when not passed.
  [[nodiscard]] pickle::Ref get(const pickle::ValueStore& values, const Contract& c, int index) const;
  // The items of a *args collector from `position` on.
  [[nodiscard]] std::vector<pickle::Ref> rest(int position) const;
};

[[nodiscard]] CallArgs call_args(const pickle::ValueStore& values, pickle::Ref call);

// What the catalogue says of one name, looked up once per file: a call-heavy
// checkpoint asks the same few names hundreds of thousands of times.
struct NameFacts {
  const Contract* exact = nullptr;      // GlobalLists::exact_contract
  const Contract* contract = nullptr;   // GlobalLists::contract
  const Contract* behaviour = nullptr;  // GlobalLists::behaviour
  DangerMatch danger;
  bool trusted = false;

  [[nodiscard]] bool exec() const { return danger.entry != nullptr && danger.entry->klass == DangerClass::Exec; }
};

class ValueMeanings {
 public:
  // `torch_classes`: persistent ids are torch's, whose ('module', cls, ...)
  // form returns cls (torch.serialization's legacy persistent_load).
  ValueMeanings(const pickle::ValueStore& values, const GlobalLists& lists, bool torch_classes)
      : values_(values), lists_(lists), torch_classes_(torch_classes) {}

  [[nodiscard]] Meaning of(pickle::Ref r) const { return of(r, 0); }
  [[nodiscard]] const pickle::ValueStore& values() const { return values_; }
  [[nodiscard]] const GlobalLists& lists() const { return lists_; }
  [[nodiscard]] const NameFacts& facts(const std::string& module, const std::string& qualname) const;

 private:
  [[nodiscard]] Meaning of(pickle::Ref r, int depth) const;
  [[nodiscard]] Meaning result_of(pickle::Ref call, int depth) const;
  [[nodiscard]] Meaning replaced_by_loader(Meaning instance, const Effect& becomes) const;
  [[nodiscard]] Meaning attribute_of(const Meaning& base, pickle::Ref name, const std::string& how) const;

  const pickle::ValueStore& values_;
  const GlobalLists& lists_;
  bool torch_classes_;
  mutable std::unordered_map<std::string, NameFacts> facts_;  // "module qualname"
};

// The string keys a BUILD-style state sets: a dict, or the (dict, slots) pair.
[[nodiscard]] std::vector<std::string_view> state_keys(const pickle::ValueStore& values, pickle::Ref state);

// The dunder keys that replace behaviour (`__setstate__`, `__class__`, ...)
// a BUILD-style state sets: a dict, or the (dict, slots) pair.
[[nodiscard]] std::vector<std::string> dunder_keys(const pickle::ValueStore& values, pickle::Ref state);

}  // namespace sentinel::rules
