// Callable contracts (data/contracts.txt): for each trusted callable, which of
// its arguments it calls, constructs, binds, returns, looks up, imports,
// deserialises, opens or evaluates. The analyzer judges what flows into those
// arguments instead of trusting or refusing the callable by name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::rules {

enum class EffectKind : std::uint8_t {
  Data,       // arguments are only data
  Container,  // instances take APPEND/SETITEM(S)/ADDITEMS as list/dict/set do
  Calls,      // calls param (with arg / *arg)
  New,        // only param.__new__ runs
  Binds,      // calling the result calls param (functools.partial)
  Returns,    // returns param
  Attr,       // returns getattr(param, arg)
  Type,       // returns type(param) when called with one argument
  TypeName,   // returns the builtin/types class named by param
  Imports,    // returns the module named by param
  Resolves,   // returns the object named by param ("module:attr" or dotted)
  Loads,      // deserialises param in `format`
  SetAttrs,   // sets param's keys as attributes of the result
  Opens,      // opens the file named by param: dangerous when called
  Evaluates,  // runs param as code: dangerous when called
  Becomes,    // after its BUILD the loader puts an instance of one of `classes` in its place
};

struct Param {
  std::string name;
  int position = -1;      // -1: keyword-only, or the collector itself
  bool variadic = false;  // *args: positions from `position` on
  bool keywords = false;  // **kwargs
};

struct Effect {
  EffectKind kind = EffectKind::Data;
  int param = -1;         // index into Contract::params, -1 for none
  int arg = -1;           // Calls: the argument param; Attr: the name param
  bool spread = false;    // Calls P(*Q)
  std::string format;     // Loads
  std::vector<std::pair<std::string, std::string>> classes;  // Becomes: (module, qualname) each
};

struct Contract {
  std::string module;
  std::string qualname;  // "*" for a package entry
  std::vector<Param> params;
  std::vector<Effect> effects;
  std::string since;  // "numpy 1.25" when the contract needs that version
  // Described but not trusted: the name stays judged by data/dangerous.txt
  // (importlib.import_module returns a module; calling it is still PICKLE-EXEC).
  bool dangerous = false;
  std::string note;

  [[nodiscard]] bool has(EffectKind k) const;
  [[nodiscard]] const Effect* find(EffectKind k) const;
  [[nodiscard]] bool wildcard() const { return qualname == "*"; }
};

// Parses contracts.txt; malformed lines are reported in `errors` and skipped.
[[nodiscard]] std::vector<Contract> parse_contracts(std::string_view text, std::vector<std::string>& errors);

[[nodiscard]] std::string_view effect_name(EffectKind k);

}  // namespace sentinel::rules
