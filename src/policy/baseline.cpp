// See baseline.hpp.
#include "policy/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sentinel::policy {

Expected<std::set<std::string>> load_baseline(const std::string& json_path) {
  std::ifstream in(json_path, std::ios::binary);
  if (!in) return Error{json_path + ": cannot read the baseline report"};
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) {
    return Error{json_path + ": not a sentinel JSON report (run with --format json to make one)"};
  }
  std::set<std::string> known;
  for (const auto& file : doc["files"]) {
    if (!file.is_object() || !file.contains("findings") || !file["findings"].is_array()) continue;
    for (const auto& f : file["findings"]) {
      if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
        return Error{json_path + ": a finding has no fingerprint (a report from an older sentinel?)"};
      }
      known.insert(f["fingerprint"].get<std::string>());
    }
  }
  return known;
}

void apply_baseline(const std::set<std::string>& known, ScanReport& report) {
  for (auto& file : report.files) {
    const auto before = file.findings.size();
    std::erase_if(file.findings, [&](const Finding& f) { return known.contains(f.fingerprint); });
    report.baseline_matched += before - file.findings.size();
    if (file.status == FileStatus::Findings && file.findings.empty()) file.status = FileStatus::Clean;
  }
}

}  // namespace sentinel::policy
