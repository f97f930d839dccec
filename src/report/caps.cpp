// See caps.hpp.
#include "report/caps.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace sentinel::report {

bool kept_before(const Finding& a, const Finding& b) {
  // Severity is ordered most severe first.
  return std::tuple(a.severity, a.verdict != Verdict::Fail) < std::tuple(b.severity, b.verdict != Verdict::Fail);
}

std::uint64_t cap_findings(ScanReport& report, std::uint64_t per_rule, std::uint64_t per_file) {
  std::uint64_t cut = 0;
  for (auto& file : report.files) {
    auto& findings = file.findings;
    std::vector<std::size_t> by_priority(findings.size());
    std::iota(by_priority.begin(), by_priority.end(), std::size_t{0});
    // Stable: ties stay in listing order.
    std::stable_sort(by_priority.begin(), by_priority.end(),
                     [&](std::size_t a, std::size_t b) { return kept_before(findings[a], findings[b]); });
    std::vector<bool> keep(findings.size(), false);
    std::map<std::string, std::uint64_t> listed_by_rule;
    std::uint64_t listed = 0;
    for (const std::size_t i : by_priority) {
      auto& of_rule = listed_by_rule[findings[i].rule_id];
      if (of_rule < per_rule && listed < per_file) {
        keep[i] = true;
        ++of_rule;
        ++listed;
      } else {
        ++file.omitted[findings[i].rule_id];
        ++cut;
      }
    }
    std::size_t i = 0;
    std::erase_if(findings, [&](const Finding&) { return !keep[i++]; });
  }
  return cut;
}

}  // namespace sentinel::report
