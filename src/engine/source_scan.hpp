// One Python source file: parsed, its unsafe model loads found, as findings.
#pragma once

#include <string>
#include <string_view>

#include "sentinel/finding.hpp"

namespace sentinel::engine {

[[nodiscard]] FileReport scan_source(std::string_view bytes, const std::string& display_path);

}  // namespace sentinel::engine
