// Reporters: each renders the one findings model. Output is deterministic.
#pragma once

#include <ostream>
#include <string>

#include "report/summary.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::report {

struct ToolInfo {
  std::string name = "sentinel";
  std::string version;
};

struct TextOptions {
  bool color = false;
  bool quiet = false;  // only the findings that fail, and the result line
};

void write_text(std::ostream& out, const ScanReport& report, const Summary& summary, const TextOptions& options);
void write_json(std::ostream& out, const ScanReport& report, const Summary& summary, const ToolInfo& tool);
void write_sarif(std::ostream& out, const ScanReport& report, const Summary& summary, const ToolInfo& tool);

}  // namespace sentinel::report
