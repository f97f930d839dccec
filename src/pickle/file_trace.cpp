// Runs every pickle stream in a file: back-to-back streams as loaders that
// call pickle.load repeatedly read them, and streams after junk as
// resynchronising loaders find them (evasion catalogue 8, 9, 15).
#include <algorithm>
#include <cstring>

#include "pickle/machine.hpp"

namespace sentinel::pickle {
namespace {

// Junk right after a stream is searched byte by byte this far; beyond it only
// PROTO headers are candidates, so megabytes of junk cost a memchr.
constexpr std::uint64_t kResyncWindow = 256;
constexpr std::uint64_t kMaxResyncAttempts = std::uint64_t{1} << 16;

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

PassOutcome run_pass(FileTrace& out, std::string_view data, std::uint64_t start, const Limits& limits,
                     FrameReading mode, const TraceHooks& hooks, Unpickler unpickler = Unpickler::C) {
  const MachineOptions options{limits, mode, unpickler, hooks.inline_data};
  Shadows shadows;
  std::uint64_t budget = limits.max_opcodes;
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

  std::uint64_t attempts = 0;
  // A loader only reads on after a load that returned: a stream that raised
  // ends the file (its effects before the error are already recorded).
  while (!stop && out.streams[last].stopped && pos < data.size()) {
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
      const std::uint64_t window_end = std::min<std::uint64_t>(data.size(), junk_start + kResyncWindow);
      for (std::uint64_t c = junk_start + 1; c < window_end && !stop; ++c) {
        ++attempts;
        StreamTrace s = machine.run(data, c);
        if (!acts_on_resync(s)) continue;
        add_anomaly(s, Anomaly::MultipleStreams, c,
                    "a further pickle stream follows " + std::to_string(c - junk_start) + " byte(s) of junk");
        next_after_newline = next_after_newline || c == junk_start + 1;
        resume = std::max(resume, s.end);
        stop = hit_limit(s);
        keep(std::move(s));
      }
      for (std::uint64_t c = next_proto_header(data, window_end); resume == 0 && c < data.size() && !stop;
           c = next_proto_header(data, c + 1)) {
        if (++attempts > kMaxResyncAttempts) break;
        StreamTrace s = machine.run(data, c);
        if (!acts_on_resync(s)) continue;
        add_anomaly(s, Anomaly::MultipleStreams, c,
                    "a further pickle stream follows " + std::to_string(c - junk_start) + " byte(s) of junk");
        resume = s.end;
        stop = hit_limit(s);
        keep(std::move(s));
      }
      std::string message = "byte(s) after the stream at " + std::to_string(junk_start) + " are not a pickle";
      if (attempts > kMaxResyncAttempts) {
        message += "; the search for further streams stopped after " + std::to_string(kMaxResyncAttempts) + " attempts";
      }
      // numpy writes one newline after its pickle (and repeated dumps to one
      // file can carry one between streams).
      const bool newline = data[junk_start] == '\n' && (junk_start + 1 == data.size() || next_after_newline);
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

std::optional<std::uint64_t> find_stream_after_header(std::string_view data, const Limits& limits) {
  ValueStore values;
  Shadows shadows;
  std::uint64_t budget = limits.max_opcodes;
  const MachineOptions options{limits, FrameReading::Linear, Unpickler::C, nullptr};
  Machine machine(options, values, shadows, budget);
  const std::uint64_t end = std::min<std::uint64_t>(data.size(), kHeaderSearch);
  const std::string_view searched = data.substr(0, end);
  const std::uint64_t window = std::min<std::uint64_t>(end, kHeaderWindow);
  for (std::uint64_t c = 1; c < window && budget > 0; ++c) {
    if (acts_after_header(machine.run(searched, c))) return c;
  }
  for (std::uint64_t c = next_proto_header(searched, window); c < end && budget > 0; c = next_proto_header(searched, c + 1)) {
    if (acts_after_header(machine.run(searched, c))) return c;
  }
  return std::nullopt;
}

FileTrace trace_pickles(std::string_view data, const Limits& limits, const TraceHooks& hooks, std::uint64_t start) {
  FileTrace out;
  const PassOutcome linear = run_pass(out, data, start, limits, FrameReading::Linear, hooks);
  const bool stepped = linear.stepped;
  bool differ = linear.readings_differ;
  if (linear.frame_lie) {
    differ = run_pass(out, data, start, limits, FrameReading::FileObject, hooks).readings_differ || differ;
  }
  // joblib, dill and pandas' retry run pickle.py, which reads on where the C
  // unpickler raised: what it reaches counts too.
  if (differ) run_pass(out, data, start, limits, FrameReading::Linear, hooks, Unpickler::Python);
  // What the format's loader skips, plain pickle.load reads as opcodes.
  if (stepped) {
    const std::size_t from = out.streams.size();
    run_pass(out, data, start, limits, FrameReading::Linear, {});
    for (std::size_t i = from; i < out.streams.size(); ++i) out.streams[i].plain_view = true;
  }
  return out;
}

}  // namespace sentinel::pickle
