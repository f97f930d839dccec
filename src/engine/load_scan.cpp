// See load_scan.hpp. The stream's extent comes from one machine run; the
// scan then traces exactly that prefix, so nothing after it (another stream,
// raw storage bytes) can make a load look better or worse than it is.
#include "engine/load_scan.hpp"

#include <algorithm>
#include <utility>

#include "pickle/machine.hpp"
#include "pickle/torch_storages.hpp"
#include "report/summary.hpp"
#include "rules/analyzer.hpp"
#include "rules/catalogue.hpp"

namespace sentinel::engine {
namespace {

bool ran_out(const pickle::StreamTrace& s) {
  return std::any_of(s.events.begin(), s.events.end(), [](const pickle::Event& e) {
    return e.kind == pickle::EventKind::Anomaly &&
           (e.anomaly == pickle::Anomaly::Truncated || e.anomaly == pickle::Anomaly::FrameLie);
  });
}

// Where the first stream ends, and whether it is complete: more data could
// change the outcome only of a stream that ran out of data (truncated, or a
// frame longer than what is there).
std::pair<std::uint64_t, bool> first_stream_extent(std::string_view bytes, WorkBudget& budget) {
  pickle::ValueStore values;
  pickle::Shadows shadows;
  const pickle::MachineOptions options{budget.limits(), pickle::FrameReading::Linear, pickle::Unpickler::C, nullptr};
  pickle::Machine machine(options, values, shadows, budget);
  const auto first = machine.run(bytes, 0);
  return {first.end, first.stopped || !ran_out(first)};
}

// The common load, traced in one pass: a stream that stops, read the same by
// both unpicklers and through any frames (no other reading ran, so the one
// stream traced is the C unpickler's, and nothing after it was read).
bool plain_single_stream(const pickle::FileTrace& trace) {
  if (trace.streams.size() != 1 || !trace.streams.front().stopped) return false;
  return std::none_of(trace.streams.front().events.begin(), trace.streams.front().events.end(),
                      [](const pickle::Event& e) {
                        return e.kind == pickle::EventKind::Anomaly &&
                               (e.anomaly == pickle::Anomaly::FrameLie || e.anomaly == pickle::Anomaly::ReadingsDiffer ||
                                e.anomaly == pickle::Anomaly::Truncated);
                      });
}

}  // namespace

LoadScan scan_load(std::string_view bytes, const policy::Policy& policy, const LoadScanOptions& options) {
  LoadScan out;
  WorkBudget budget(options.limits);
  pickle::TraceHooks one_load;
  one_load.first_stream_only = true;
  pickle::FileTrace trace = pickle::trace_pickles(bytes, budget, one_load);
  std::string_view stream = bytes.substr(0, trace.streams.empty() ? 0 : trace.streams.front().end);
  if (!plain_single_stream(trace)) {
    // Otherwise the stream's extent first, then exactly those bytes traced
    // under every reading, so that nothing after it can change the verdict.
    const auto [end, complete] = first_stream_extent(bytes, budget);
    if (!complete && options.partial) {
      out.complete = false;
      return out;
    }
    stream = bytes.substr(0, end);
    trace = pickle::trace_pickles(stream, budget);
  }
  if (!trace.is_pickle) return out;
  if (options.out_of_band_buffers) {
    for (auto& s : trace.streams) {
      std::erase_if(s.events, [](const pickle::Event& e) {
        return e.kind == pickle::EventKind::Anomaly && e.anomaly == pickle::Anomaly::OutOfBandBuffer;
      });
    }
  }
  out.consumed = stream.size();
  rules::ArtifactContext ctx;
  ctx.path = options.display_path;
  ctx.retest_target = options.display_path;
  ctx.limits = options.limits;
  ctx.budget = &budget;
  ctx.persistent_ids_expected = options.torch_persistent_ids;
  FileReport file;
  file.path = options.display_path;
  file.findings = rules::analyze(trace, ctx);
  if (options.torch_persistent_ids) {
    for (const auto& ref : pickle::torch_storage_refs(trace, 0, trace.streams.size(), pickle::StorageIdForm::Either)) {
      if (ref.problem.empty()) continue;
      Location loc;
      loc.path = options.display_path;
      loc.offset = ref.offset;
      file.findings.push_back(rules::make_finding(*rules::find_rule("PICKLE-STRUCT"), std::move(loc),
                                                  "torch-storage-id: " + ref.problem, options.display_path));
    }
  }
  if (file.findings.empty()) return out;
  for (auto& f : file.findings) f.fingerprint = fingerprint(f);
  file.status = file.findings.empty() ? FileStatus::Clean : FileStatus::Findings;
  ScanReport report;
  report.files.push_back(std::move(file));
  policy::apply_policy(policy, report, policy::today());
  report::decide(report, {[&](const Finding& f) { return policy::fails(policy, f); },
                          [&](const Finding& f) { return policy::is_ticket(policy, f); }});
  out.findings = std::move(report.files.front().findings);
  return out;
}

}  // namespace sentinel::engine
