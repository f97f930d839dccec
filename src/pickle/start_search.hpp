// Trying many candidate starts for a pickle stream (after junk that follows a
// stream, or behind an unknown header) in work linear in the bytes searched.
//
// A start that lies on the opcode chain of an earlier run, before the point
// where that run broke, needs no run of its own: read from there, the stream
// sees the same opcodes with a stack that is a suffix of the earlier one, no
// marks or memo entries from before, so it breaks no later and imports,
// calls and stops only where the earlier run did. Only the starts no earlier
// run read through are run, and all runs and chain walks together are held to
// a bound proportional to the bytes searched; reaching it ends the search,
// which the caller reports.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "pickle/machine.hpp"

namespace sentinel::pickle {

class StartSearch {
 public:
  // `searched` bytes bound the work. `linear` is false where runs do not
  // read opcodes one after another (a file-object reading jumps at frame
  // ends), and `build_steps` says an inline-data probe may step over data
  // after a BUILD: no start is skipped on the word of a chain past either.
  StartSearch(std::string_view data, std::uint64_t searched, WorkBudget& budget, bool linear, bool build_steps);

  // Whether a run from `start` is needed (false when an earlier run read
  // through it, or when the search is exhausted).
  [[nodiscard]] bool worth_running(std::uint64_t start);
  // Runs the machine from `start` within the search's bound, and remembers
  // its chain for the starts after it.
  StreamTrace run(Machine& machine, std::uint64_t start);
  // Records a run made outside the search (the one at the junk itself).
  void read_through(const StreamTrace& run);

  [[nodiscard]] bool exhausted() const { return exhausted_; }
  [[nodiscard]] std::uint64_t bound() const { return bound_; }

  static constexpr std::uint64_t kOpcodesPerByte = 8;
  static constexpr std::uint64_t kBaseOpcodes = std::uint64_t{1} << 20;

 private:
  struct Chain {
    std::uint64_t at;     // the next opcode boundary not yet passed by the search
    std::uint64_t death;  // where the run broke: boundaries before it were read alive
  };
  bool charge(std::uint64_t work);

  std::string_view data_;
  WorkBudget& budget_;
  bool chains_on_;
  bool build_steps_;
  std::uint64_t bound_;
  std::uint64_t left_;
  bool exhausted_ = false;
  std::vector<Chain> chains_;
};

}  // namespace sentinel::pickle
