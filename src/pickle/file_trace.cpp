// Runs every pickle stream in a file: back-to-back streams as loaders that
// call pickle.load repeatedly read them, and streams after junk as
// resynchronising loaders find them (evasion catalogue 8, 9, 15).
#include <algorithm>
#include <cstring>

#include "pickle/machine.hpp"
#include "pickle/start_search.hpp"

namespace sentinel::pickle {
namespace {

// Junk right after a stream is searched byte by byte this far; beyond it only
// PROTO headers are candidates, so megabytes of junk cost a memchr.
constexpr std::uint64_t kResyncWindow = 256;

std::uint64_t next_proto_header(std::string_view data, std::uint64_t from) {
  while (from + 1 < data.size()) {
    const void* p = std::memchr(data.data() + from, 0x80, data.size() - from - 1);
    if (p == nullptr) return data.size();
    const auto at = static_cast<std::uint64_t>(static_cast<const char*>(p) - data.data());
    if (static_cast<std::uint8_t>(data[at + 1]) <= 5) return at;
    from = at + 1;
  }
  return data.size();
}

void add_anomaly(StreamTrace& s, Anomaly a, std::uint64_t offset, std::string message) {
  s.events.push_back(Event{EventKind::Anomaly, Opcode::STOP, a, offset, {}, {}, std::move(message)});
}

// A stream found after another one counts when the unpickler would act on it.
bool acts_on_resync(const StreamTrace& s) { return s.has_effects() || (s.stopped && s.protocol >= 0); }

bool hit_limit(const StreamTrace& s) {
  return s.broken && !s.events.empty() && s.events.back().anomaly == Anomaly::LimitReached;
}

bool has_frame_lie(const StreamTrace& s) {
  return std::any_of(s.events.begin(), s.events.end(),
                     [](const Event& e) { return e.kind == EventKind::Anomaly && e.anomaly == Anomaly::FrameLie; });
}

// What a pass found that asks for another reading of the file.
struct PassOutcome {
  bool stepped = false;         // the machine stepped over data on the hooks' word
  bool readings_differ = false; // bytes pickle.py reads otherwise than _pickle.c
  bool frame_lie = false;       // a file-object unpickler reads other bytes
};

PassOutcome run_pass(FileTrace& out, std::string_view data, std::uint64_t start, WorkBudget& budget,
                     FrameReading mode, const TraceHooks& hooks, Unpickler unpickler = Unpickler::C) {
  const Limits& limits = budget.limits();
  const MachineOptions options{limits, mode, unpickler, hooks.inline_data};
  Shadows shadows;
  Machine machine(options, out.values, shadows, budget);
  const std::size_t first_index = out.streams.size();
  // Streams the machine ran inside this one (inline pickles) follow it; `last`
  // is the outer stream a loader's next read continues from.
  std::size_t last = first_index;
  const auto keep = [&](StreamTrace s) {
    last = out.streams.size();
    out.streams.push_back(std::move(s));
    for (auto& inner : machine.take_inline_streams()) out.streams.push_back(std::move(inner));
  };

  StreamTrace first = machine.run(data, start);
  bool stop = hit_limit(first);
  // A limit reached before anything else happened is still a verdict we owe.
  const bool acts = first.has_effects() || first.stopped || first.protocol >= 0 || stop;
  if (first_index == 0 || unpickler == Unpickler::Python) out.is_pickle = out.is_pickle || acts;
  // A lying frame counts even in a stream that is no pickle read linearly:
  // the file-object reading may be one.
  bool frame_lie = has_frame_lie(first);
  if (!acts) return {false, machine.readings_differ(), frame_lie};
  std::uint64_t pos = first.end;
  keep(std::move(first));
  bool stepped = false;

  // A loader only reads on after a load that returned: a stream that raised
  // ends the file (its effects before the error are already recorded).
  while (!hooks.first_stream_only && !stop && out.streams[last].stopped && pos < data.size()) {
    if (hooks.gap != nullptr) {
      const std::uint64_t gap = hooks.gap(out, first_index, data, pos);
      if (gap != 0) {
        stepped = true;
        pos = std::min<std::uint64_t>(data.size(), pos + gap);
        if (pos == data.size()) break;
      }
    }
    StreamTrace next = machine.run(data, pos);
    if (acts_on_resync(next)) {
      add_anomaly(next, Anomaly::MultipleStreams, pos,
                  "a further pickle stream starts right after the previous STOP; pickle.load called again runs it");
      pos = std::max(next.end, pos + 1);
      stop = hit_limit(next);
      keep(std::move(next));
    } else {
      // Junk. Every offset close behind the stream may start one (several
      // may overlap); further on only PROTO headers are tried.
      const std::uint64_t junk_start = pos;
      const std::size_t stream_before = last;
      std::uint64_t resume = 0;
      bool next_after_newline = false;
      StartSearch search(data, data.size() - junk_start, budget, mode == FrameReading::Linear,
                         hooks.inline_data != nullptr);
      search.read_through(next);
      const auto try_start = [&](std::uint64_t c) {
        if (!search.worth_running(c)) return false;
        StreamTrace s = search.run(machine, c);
        if (!acts_on_resync(s)) return false;
        add_anomaly(s, Anomaly::MultipleStreams, c,
                    "a further pickle stream follows " + std::to_string(c - junk_start) + " byte(s) of junk");
        resume = std::max(resume, s.end);
        stop = hit_limit(s);
        keep(std::move(s));
        return true;
      };
      const std::uint64_t window_end = std::min<std::uint64_t>(data.size(), junk_start + kResyncWindow);
      for (std::uint64_t c = junk_start + 1; c < window_end && !stop && !search.exhausted(); ++c) {
        if (try_start(c)) next_after_newline = next_after_newline || c == junk_start + 1;
      }
      for (std::uint64_t c = next_proto_header(data, window_end);
           resume == 0 && c < data.size() && !stop && !search.exhausted(); c = next_proto_header(data, c + 1)) {
        try_start(c);
      }
      std::string message = "byte(s) after the stream at " + std::to_string(junk_start) + " are not a pickle";
      if (search.exhausted()) {
        message += "; the search for further streams stopped at its bound of " + std::to_string(search.bound()) +
                   " opcodes (linear in the bytes after the stream) or the file's budget";
      }
      // numpy writes one newline after its pickle (and repeated dumps to one
      // file can carry one between streams).
      const bool newline = !search.exhausted() && data[junk_start] == '\n' &&
                           (junk_start + 1 == data.size() || next_after_newline);
      add_anomaly(out.streams[stream_before], newline ? Anomaly::TrailingNewline : Anomaly::TrailingData, junk_start,
                  newline ? "a newline after the stream at " + std::to_string(junk_start) : std::move(message));
      if (resume == 0) break;
      pos = resume;
    }
    if (out.streams.size() - first_index >= limits.max_streams && pos < data.size()) {
      add_anomaly(out.streams.back(), Anomaly::LimitReached, pos,
                  "limit streams=" + std::to_string(limits.max_streams) + " reached; the rest of the file was not examined");
      break;
    }
  }
  for (auto i = first_index; i < out.streams.size(); ++i) {
    for (const auto& e : out.streams[i].events) {
      if (e.kind == EventKind::Anomaly && e.anomaly == Anomaly::LimitReached) out.limit_reached = true;
    }
  }
  for (auto i = first_index; i < out.streams.size(); ++i) frame_lie = frame_lie || has_frame_lie(out.streams[i]);
  return {stepped || machine.stepped_over_data(), machine.readings_differ(), frame_lie};
}

// A stream found behind an unknown header counts when it imports a name and
// then calls something or reaches STOP: random bytes make calls of nothing
// in particular, and text makes GLOBALs that run into junk.
bool acts_after_header(const StreamTrace& s) {
  bool imported = false;
  for (const auto& e : s.events) {
    if (imported && e.kind == EventKind::Call) return true;
    imported = imported || e.kind == EventKind::Import;
  }
  return imported && s.stopped;
}

}  // namespace

HeaderSearch find_stream_after_header(std::string_view data, WorkBudget& budget) {
  ValueStore values;
  Shadows shadows;
  const MachineOptions options{budget.limits(), FrameReading::Linear, Unpickler::C, nullptr};
  Machine machine(options, values, shadows, budget);
  const std::uint64_t end = std::min<std::uint64_t>(data.size(), kHeaderSearch);
  const std::string_view searched = data.substr(0, end);
  StartSearch search(searched, end, budget, true, false);
  const auto found = [&](std::uint64_t c) { return search.worth_running(c) && acts_after_header(search.run(machine, c)); };
  const std::uint64_t window = std::min<std::uint64_t>(end, kHeaderWindow);
  search.run(machine, 0);  // no pickle from byte 0: what it reads through needs no run
  for (std::uint64_t c = 1; c < window && !search.exhausted(); ++c) {
    if (found(c)) return {c, false};
  }
  for (std::uint64_t c = next_proto_header(searched, window); c < end && !search.exhausted();
       c = next_proto_header(searched, c + 1)) {
    if (found(c)) return {c, false};
  }
  return {std::nullopt, search.exhausted()};
}

FileTrace trace_pickles(std::string_view data, WorkBudget& budget, const TraceHooks& hooks, std::uint64_t start) {
  FileTrace out;
  const PassOutcome linear = run_pass(out, data, start, budget, FrameReading::Linear, hooks);
  const bool stepped = linear.stepped;
  bool differ = linear.readings_differ;
  if (linear.frame_lie) {
    differ = run_pass(out, data, start, budget, FrameReading::FileObject, hooks).readings_differ || differ;
  }
  // joblib, dill and pandas' retry run pickle.py, which reads on where the C
  // unpickler raised: what it reaches counts too.
  if (differ) run_pass(out, data, start, budget, FrameReading::Linear, hooks, Unpickler::Python);
  // What the format's loader skips, plain pickle.load reads as opcodes.
  if (stepped) {
    const std::size_t from = out.streams.size();
    run_pass(out, data, start, budget, FrameReading::Linear, {});
    for (std::size_t i = from; i < out.streams.size(); ++i) out.streams[i].plain_view = true;
  }
  return out;
}

FileTrace trace_pickles(std::string_view data, const Limits& limits, const TraceHooks& hooks, std::uint64_t start) {
  WorkBudget budget(limits);
  return trace_pickles(data, budget, hooks, start);
}

}  // namespace sentinel::pickle
