// See include/sentinel/work_budget.hpp.
#include "sentinel/work_budget.hpp"

#include <algorithm>

namespace sentinel {

WorkBudget::WorkBudget(const Limits& limits) : limits_(limits), opcodes_(limits.max_opcodes) {
  const auto now = std::chrono::steady_clock::now();
  // Saturate instead of overflowing the clock for huge limits.
  const auto max_seconds = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::time_point::max() - now);
  const auto allowed = std::chrono::seconds(
      static_cast<std::int64_t>(std::min<std::uint64_t>(limits.max_seconds, static_cast<std::uint64_t>(max_seconds.count()))));
  deadline_ = now + allowed;
}

std::uint64_t WorkBudget::decoded_left() const {
  return limits_.max_expanded_size - std::min(decoded_, limits_.max_expanded_size);
}

bool WorkBudget::out_of_time() {
  timed_out_ = timed_out_ || std::chrono::steady_clock::now() >= deadline_;
  return timed_out_;
}

std::string WorkBudget::spent() {
  if (opcodes_ == 0) return "opcodes=" + std::to_string(limits_.max_opcodes);
  if (out_of_time()) return "seconds=" + std::to_string(limits_.max_seconds);
  return {};
}

}  // namespace sentinel
