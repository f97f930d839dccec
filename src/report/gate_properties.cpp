// See gate_properties.hpp.
#include "report/gate_properties.hpp"

namespace sentinel::report {

nlohmann::ordered_json policy_properties(const AppliedPolicy& policy) {
  if (policy.path.empty()) return {{"path", nullptr}, {"sha256", nullptr}};
  return {{"path", policy.path}, {"sha256", policy.sha256}};
}

nlohmann::ordered_json revisions_json(const Summary& summary) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : summary.revisions) {
    out.push_back({{"origin", r.origin},
                   {"refs", r.refs},
                   {"files", r.files},
                   {"failing", r.failing},
                   {"errors", r.errors},
                   {"verdict", verdict_word(r.exit_code)},
                   {"exit_code", r.exit_code}});
  }
  return out;
}

}  // namespace sentinel::report
