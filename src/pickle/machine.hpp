// The symbolic pickle machine: executes opcodes the way CPython's C unpickler
// (Modules/_pickle.c, load_* functions) does, but every import, call and state
// write becomes a node in the value graph and an event in the trace instead of
// running. Nothing scanned is ever executed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pickle/trace.hpp"
#include "sentinel/limits.hpp"
#include "sentinel/work_budget.hpp"

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

// Some loaders read raw data straight from the file in the middle of a
// stream: joblib's NumpyArrayWrapper, after its BUILD, reads the array's bytes
// (or, for object arrays, a whole nested pickle). A format describes that with
// a probe the machine asks after every BUILD.
struct InlineData {
  enum class Kind : std::uint8_t { None, Raw, Pickle, Unknown } kind = Kind::None;
  std::uint64_t length = 0;  // Raw: bytes to step over from the position after BUILD
  std::string problem;       // Unknown: why the extent cannot be determined; Pickle: another reading, if any
};
using InlineDataProbe = InlineData (*)(const ValueStore& values, Ref target, Ref state, std::string_view data,
                                       std::uint64_t pos, WorkBudget& budget);

// Loaders that read raw data between pickles (legacy torch storages) describe
// it with a probe asked after every stream that stopped: how many bytes to
// step over before the next stream (0: none).
using GapProbe = std::uint64_t (*)(const FileTrace& trace, std::size_t first_stream, std::string_view data,
                                   std::uint64_t pos);

struct TraceHooks {
  InlineDataProbe inline_data = nullptr;
  GapProbe gap = nullptr;
  // One pickle.load: each pass ends with its first stream and never looks at
  // the bytes after it (the runtime guard judges exactly what one load reads).
  bool first_stream_only = false;
};

struct MachineOptions {
  Limits limits;
  FrameReading frames = FrameReading::Linear;
  Unpickler unpickler = Unpickler::C;
  InlineDataProbe inline_data = nullptr;
};

// State that outlives one pickle stream within a file: the unpickler runs in
// one process, so a BUILD that rewrites an imported module's attribute changes
// what later GLOBALs resolve to (evasion catalogue 18, 75).
struct Shadows {
  std::unordered_map<std::string, Ref> attributes;  // "module:qual.name" -> value
};

class Machine {
 public:
  // `budget` is the top-level file's: every run spends its opcodes and
  // stops, with a LimitReached anomaly, when they or its time are spent.
  Machine(const MachineOptions& options, ValueStore& values, Shadows& shadows, WorkBudget& budget);

  // Runs one stream starting at `start`, until STOP or until the unpickler
  // would raise. Never throws on any input.
  StreamTrace run(std::string_view data, std::uint64_t start);

  // Streams the loader read inside other streams (inline pickles), in the
  // order they ended; the caller takes them after each run.
  std::vector<StreamTrace> take_inline_streams() { return std::exchange(inline_streams_, {}); }
  // Whether an inline-data probe made the machine step over bytes, which a
  // plain pickle.load would have read as opcodes.
  [[nodiscard]] bool stepped_over_data() const { return stepped_; }
  // Whether, under the C reading, a stream met bytes pickle.py reads
  // differently (unpickler_dialect.hpp), so it must be traced again that way.
  [[nodiscard]] bool readings_differ() const { return readings_differ_; }

 private:
  struct State;
  const MachineOptions& options_;
  ValueStore& values_;
  Shadows& shadows_;
  WorkBudget& budget_;
  std::vector<StreamTrace> inline_streams_;
  unsigned inline_depth_ = 0;
  bool stepped_ = false;
  bool readings_differ_ = false;

 public:
  // The first newline at or after `from` in the data of the last search:
  // runs from many starts over the same bytes ask again and again, and the
  // answer holds for every position in [from, found].
  struct NewlineCache {
    const char* data = nullptr;
    std::uint64_t size = 0;
    std::uint64_t from = 0;
    std::uint64_t found = 0;  // data size when there is none
  };

 private:
  NewlineCache newlines_;
};

// Runs every stream in `data`: back-to-back pickles, and pickles found after
// junk, the way resynchronising loaders would read them. Also replays the
// file as a file-object unpickler reads it when any frame lies, and as plain
// pickle.load reads it when the hooks stepped over data.
// `start` is where the first stream begins (a pickle after a header); offsets
// stay those of `data`. Everything is charged to `budget`, the top-level
// file's; the overload without one gives `data` a budget of its own.
[[nodiscard]] FileTrace trace_pickles(std::string_view data, WorkBudget& budget, const TraceHooks& hooks = {},
                                      std::uint64_t start = 0);
[[nodiscard]] FileTrace trace_pickles(std::string_view data, const Limits& limits, const TraceHooks& hooks = {},
                                      std::uint64_t start = 0);

// Where a pickle starts behind a header that loaders seek past, in data that
// is not a pickle from its first byte: the first offset from which a stream
// imports, then calls or reaches STOP (random bytes rarely do both). Every
// offset in the first kHeaderWindow bytes is tried, then PROTO headers up to
// kHeaderSearch bytes in. The search's work is linear in the bytes searched;
// `exhausted` says it stopped at that bound (or the file's budget) first.
inline constexpr std::uint64_t kHeaderWindow = 64 * 1024;
inline constexpr std::uint64_t kHeaderSearch = 16 * 1024 * 1024;
struct HeaderSearch {
  std::optional<std::uint64_t> start;
  bool exhausted = false;
};
[[nodiscard]] HeaderSearch find_stream_after_header(std::string_view data, WorkBudget& budget);

}  // namespace sentinel::pickle
