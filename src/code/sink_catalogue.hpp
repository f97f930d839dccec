// The calls that deserialize pickle-family data (data/sinks.txt, compiled in).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::code {

struct Sink {
  enum class When : std::uint8_t { Always, IfKeyword, UnlessKeyword };
  std::string target;   // "module.qualname", e.g. "pickle.Unpickler.load"
  When when = When::Always;
  std::string keyword;  // for IfKeyword / UnlessKeyword
};

// The compiled-in catalogue; a malformed line is a build defect (a test parses it).
[[nodiscard]] const std::vector<Sink>& sink_catalogue();
// Parses catalogue text; malformed lines go to `errors`.
[[nodiscard]] std::vector<Sink> parse_sinks(std::string_view text, std::vector<std::string>& errors);

}  // namespace sentinel::code
