// See revisions.hpp.
#include "report/revisions.hpp"

#include <algorithm>
#include <map>

#include "report/summary.hpp"

namespace sentinel::report {

std::vector<RevisionVerdict> revision_verdicts(const ScanReport& report) {
  std::map<std::string, Summary> by_origin;
  for (const auto& [origin, refs] : report.revision_refs) by_origin[origin];
  for (const auto& file : report.files) {
    const auto it = by_origin.find(file.origin);
    if (it == by_origin.end()) continue;
    Summary& s = it->second;
    ++s.files;
    s.errors += file.status == FileStatus::Error ? 1 : 0;
    s.failing += static_cast<std::size_t>(std::count_if(file.findings.begin(), file.findings.end(),
                                                        [](const Finding& f) { return f.verdict == Verdict::Fail; }));
  }
  std::vector<RevisionVerdict> out;
  for (const auto& [origin, s] : by_origin) {
    out.push_back({origin, report.revision_refs.at(origin), s.files, s.failing, s.errors, exit_status(s)});
  }
  return out;
}

const char* verdict_word(int exit_code) {
  switch (exit_code) {
    case 0: return "pass";
    case 1: return "fail";
    default: return "incomplete";
  }
}

}  // namespace sentinel::report
