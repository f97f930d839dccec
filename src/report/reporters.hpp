// Reporters: each renders the one findings model. Output is deterministic.
#pragma once

#include <functional>
#include <ostream>
#include <string_view>
#include <string>

#include "report/summary.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::report {

struct ToolInfo {
  std::string name = "sentinel";
  std::string version;
  // A rule's documentation (rules::rule_documentation: the report layer sits
  // below the rules), so SARIF help is the same text `sentinel explain` prints.
  std::function<std::string_view(std::string_view rule_id)> rule_documentation;
};

struct TextOptions {
  bool color = false;
  bool quiet = false;  // only the findings that fail, and the result line
};

void write_text(std::ostream& out, const ScanReport& report, const Summary& summary, const TextOptions& options);
void write_json(std::ostream& out, const ScanReport& report, const Summary& summary, const ToolInfo& tool);
void write_sarif(std::ostream& out, const ScanReport& report, const Summary& summary, const ToolInfo& tool);

}  // namespace sentinel::report
