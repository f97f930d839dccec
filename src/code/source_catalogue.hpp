// Where untrusted data enters a Python program (data/sources.txt, compiled
// in): call results, names read, and the parameters of web request handlers
// found by decorator, annotation, registration or base class.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::code {

struct Source {
  enum class Kind : std::uint8_t {
    Call,       // the call's result (methods as Class.method, reached through instances)
    Value,      // reading the name, or anything under it
    Decorated,  // every parameter of a function decorated with it (a route)
    Annotated,  // a parameter annotated with the type
    Endpoint,   // every parameter of a function registered with the call
    ViewClass,  // the parameters of the request handler methods of a subclass
  };
  Kind kind = Kind::Call;
  std::string target;          // dotted; a trailing ".*" matches every name under it
  std::uint32_t position = 0;  // Endpoint: the argument that names the handler...
  std::string keyword;         // ...or its keyword

  [[nodiscard]] bool matches(std::string_view name) const;
};

[[nodiscard]] const std::vector<Source>& source_catalogue();
[[nodiscard]] std::vector<Source> parse_sources(std::string_view text, std::vector<std::string>& errors);

}  // namespace sentinel::code
