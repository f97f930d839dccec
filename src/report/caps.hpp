// Keeps a report readable at any scale: per file, at most `per_rule` findings
// of each rule and `per_file` in all are listed, the most severe first (a
// PICKLE-EXEC is never dropped for a lower one), failing before the rest at
// equal severity. What is cut is counted in FileReport::omitted. Applied after
// the verdicts are decided and summarised, so the gate still sees every
// finding; listing order is unchanged.
#pragma once

#include <cstdint>

#include "sentinel/finding.hpp"

namespace sentinel::report {

// Whether `a` is kept before `b` when a listing must be cut: more severe
// first, then failing before the rest.
[[nodiscard]] bool kept_before(const Finding& a, const Finding& b);

// Returns how many findings were cut.
std::uint64_t cap_findings(ScanReport& report, std::uint64_t per_rule, std::uint64_t per_file);

}  // namespace sentinel::report
