// Names and display forms for the findings model (include/sentinel/finding.hpp).
#include "sentinel/finding.hpp"

#include <cstdio>
#include <string_view>

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

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Ticket: return "ticket";
    case Verdict::Accepted: return "accepted";
  }
  return "pass";
}

std::string fingerprint(const Finding& f) {
  // FNV-1a, 64 bits, over the fields and a separator: enough to tell
  // findings apart in one report; not a security boundary.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto mix = [&](std::string_view s, bool mask_digits) {
    bool in_number = false;
    for (const char c : s) {
      const bool digit = c >= '0' && c <= '9';
      if (mask_digits && digit && in_number) continue;
      in_number = digit;
      h ^= static_cast<unsigned char>(mask_digits && digit ? '#' : c);
      h *= 0x100000001b3ULL;
    }
    h ^= 0x1f;  // field separator: ("ab", "c") and ("a", "bc") differ
    h *= 0x100000001b3ULL;
  };
  mix(f.rule_id, false);
  mix(f.location.path, false);
  for (const auto& entry : f.location.chain) mix(entry, false);
  mix(f.opcode, false);
  mix(f.module, false);
  mix(f.name, false);
  mix(f.evidence, true);
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string Location::display() const {
  std::string out = path;
  for (const auto& entry : chain) out.append(1, '!').append(entry);
  if (offset) out.append(1, '@').append(std::to_string(*offset));
  if (line) out.append(1, ':').append(std::to_string(*line)).append(1, ':').append(std::to_string(column.value_or(1)));
  return out;
}

}  // namespace sentinel
