// Names and display forms for the findings model (include/sentinel/finding.hpp).
#include "sentinel/finding.hpp"

namespace sentinel {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Critical: return "CRITICAL";
    case Severity::High: return "HIGH";
    case Severity::Medium: return "MEDIUM";
    case Severity::Low: return "LOW";
    case Severity::Info: return "INFO";
  }
  return "INFO";
}

const char* file_status_name(FileStatus s) {
  switch (s) {
    case FileStatus::Clean: return "clean";
    case FileStatus::Findings: return "findings";
    case FileStatus::Error: return "error";
    case FileStatus::Skipped: return "skipped";
  }
  return "error";
}

std::string Location::display() const {
  std::string out = path;
  for (const auto& entry : chain) out.append(1, '!').append(entry);
  if (offset) out.append(1, '@').append(std::to_string(*offset));
  return out;
}

}  // namespace sentinel
