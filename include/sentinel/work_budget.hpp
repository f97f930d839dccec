// What one top-level file may cost, shared by everything read under it: every
// container member, every pickle stream and reading of it, every nested
// payload. A fresh allowance per member would let a file of many members
// spend that many times the limit (issue 14).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sentinel/limits.hpp"

namespace sentinel {

class WorkBudget {
 public:
  explicit WorkBudget(const Limits& limits);

  [[nodiscard]] const Limits& limits() const { return limits_; }

  // Opcodes left for the symbolic machine; it decrements this as it runs.
  [[nodiscard]] std::uint64_t& opcodes() { return opcodes_; }

  // Bytes decoded from codecs and archive entries so far, against
  // expanded_size.
  [[nodiscard]] std::uint64_t decoded() const { return decoded_; }
  [[nodiscard]] std::uint64_t decoded_left() const;
  void charge_decoded(std::uint64_t bytes) { decoded_ += bytes; }

  // Whether the wall-clock allowance (limit `seconds`) is spent. Reads the
  // clock: callers ask between pieces of work, not per opcode.
  [[nodiscard]] bool out_of_time();

  // The limit this file has spent ("opcodes=N", "seconds=N"), or empty: once
  // spent, nothing more is examined and a PICKLE-STRUCT finding says so.
  [[nodiscard]] std::string spent();

 private:
  const Limits& limits_;
  std::uint64_t opcodes_;
  std::uint64_t decoded_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  bool timed_out_ = false;
};

}  // namespace sentinel
