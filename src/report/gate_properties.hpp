// What the JSON and SARIF reports both carry about how a run was judged: the
// applied policy (which file, so a reader can verify its bytes) and the
// verdicts per Hugging Face cache revision.
#pragma once

#include <nlohmann/json.hpp>

#include "report/summary.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::report {

// {"path": ..., "sha256": ...}; both null for the built-in defaults.
[[nodiscard]] nlohmann::ordered_json policy_properties(const AppliedPolicy& policy);

// [{"origin", "refs", "files", "failing", "errors", "verdict", "exit_code"}], one
// per revision (Summary::revisions).
[[nodiscard]] nlohmann::ordered_json revisions_json(const Summary& summary);

}  // namespace sentinel::report
