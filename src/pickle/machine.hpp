// The symbolic pickle machine: executes opcodes the way CPython's C unpickler
// (Modules/_pickle.c, load_* functions) does, but every import, call and state
// write becomes a node in the value graph and an event in the trace instead of
// running. Nothing scanned is ever executed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pickle/trace.hpp"
#include "sentinel/limits.hpp"

namespace sentinel::pickle {

// How FRAME boundaries are honoured.
enum class FrameReading : std::uint8_t {
  // pickle.loads(bytes): frames only have to fit in the data; an opcode may run
  // across a frame end. This is what pickletools and linear scanners see.
  Linear,
  // The C unpickler reading a file object (CPython before 3.13.15/3.14.7): a
  // read that runs past the frame end drops the rest of the frame and reads
  // from the frame end (python/cpython#154848, evasion catalogue 14).
  FileObject,
};

struct MachineOptions {
  Limits limits;
  FrameReading frames = FrameReading::Linear;
};

// State that outlives one pickle stream within a file: the unpickler runs in
// one process, so a BUILD that rewrites an imported module's attribute changes
// what later GLOBALs resolve to (evasion catalogue 18, 75).
struct Shadows {
  std::unordered_map<std::string, Ref> attributes;  // "module:qual.name" -> value
};

class Machine {
 public:
  Machine(const MachineOptions& options, ValueStore& values, Shadows& shadows, std::uint64_t& opcode_budget);

  // Runs one stream starting at `start`, until STOP or until the unpickler
  // would raise. Never throws on any input.
  StreamTrace run(std::string_view data, std::uint64_t start);

 private:
  struct State;
  const MachineOptions& options_;
  ValueStore& values_;
  Shadows& shadows_;
  std::uint64_t& opcode_budget_;
};

// Runs every stream in `data`: back-to-back pickles, and pickles found after
// junk, the way resynchronising loaders would read them. Also replays the
// file as a file-object unpickler reads it when any frame lies.
[[nodiscard]] FileTrace trace_pickles(std::string_view data, const Limits& limits);

}  // namespace sentinel::pickle
