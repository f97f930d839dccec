// Static meaning of symbolic values: which (module, qualname) a value denotes
// (an imported global, or an attribute reached through getattr or a module
// resolver), what constant bytes an argument carries, and a short printable
// form for evidence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "pickle/value.hpp"

namespace sentinel::rules {

struct Target {
  bool resolved = false;
  std::string module;
  std::string qualname;  // empty for a module object
  std::string via;       // how it was reached when not a plain import, e.g. "getattr"

  [[nodiscard]] std::string dotted() const { return qualname.empty() ? module : module + "." + qualname; }
};

// The global a value denotes, following getattr(obj, 'name') and resolvers
// such as importlib.import_module('os'); unresolved when it is computed from
// anything that is not a constant.
[[nodiscard]] Target resolve_target(const pickle::ValueStore& values, pickle::Ref r);

// Python-like repr of a value, ASCII only, cut to about `budget` characters.
[[nodiscard]] std::string render_value(const pickle::ValueStore& values, pickle::Ref r, std::size_t budget = 96);

// Quotes arbitrary bytes as a Python literal body, ASCII only.
[[nodiscard]] std::string escape_bytes(std::string_view bytes, std::size_t budget);

// Names and messages come from the scanned bytes: control characters and
// non-ASCII bytes become \xHH so a report can never drive a terminal.
[[nodiscard]] std::string printable(std::string_view text);

// Attribute names whose lookup hands out interpreter internals (builtins
// dict, code objects, globals) rather than a member of a class.
[[nodiscard]] bool is_internal_attribute(std::string_view attr);
// Whether any dotted component of `qualname` is such an attribute.
[[nodiscard]] bool has_internal_component(std::string_view qualname);

// True for a Str constant equal to `text`.
[[nodiscard]] bool is_str(pickle::Ref r, std::string_view text);

}  // namespace sentinel::rules
