// Format detection by content, never by file name: a registry of the formats
// Sentinel recognises and what it does with each.
#pragma once

#include <span>
#include <string_view>

namespace sentinel::engine {

enum class Handling : std::uint8_t {
  Pickle,       // run the symbolic machine
  Unsupported,  // may carry pickle, but no reader yet: a per-file error (fail closed)
  Inert,        // cannot carry an executable pickle: skipped
};

struct FormatInfo {
  std::string_view name;
  Handling handling;
  bool (*matches)(std::string_view head);
};

// Formats tried in order on the first bytes of a file; the last entry
// ("pickle") matches everything and lets the machine decide.
[[nodiscard]] std::span<const FormatInfo> format_registry();
[[nodiscard]] const FormatInfo& detect_format(std::string_view bytes);

}  // namespace sentinel::engine
