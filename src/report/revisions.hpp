// Verdicts per Hugging Face cache revision: a scan of a hub cache covers many
// repositories and revisions, and each is promoted or blocked on its own.
#pragma once

#include <string>
#include <vector>

#include "sentinel/finding.hpp"

namespace sentinel::report {

struct RevisionVerdict {
  std::string origin;             // "hf:org/name@<commit>"
  std::vector<std::string> refs;  // refs/ names of the commit ("main", "pr/1")
  std::size_t files = 0;
  std::size_t failing = 0;  // findings with verdict Fail
  std::size_t errors = 0;   // files that could not be scanned
  int exit_code = 0;        // what the run would exit with for this revision alone (exit_status)
};

// One per origin in ScanReport::revision_refs, in origin order; read after
// decide() has set the findings' verdicts.
[[nodiscard]] std::vector<RevisionVerdict> revision_verdicts(const ScanReport& report);

// "pass", "fail" or "incomplete" for an exit code 0, 1 or 2.
[[nodiscard]] const char* verdict_word(int exit_code);

}  // namespace sentinel::report
