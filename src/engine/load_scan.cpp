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

// Where the first stream ends, and whether it is complete: more data could
// change the outcome only of a stream that ran out of data (truncated, or a
// frame longer than what is there).
std::pair<std::uint64_t, bool> first_stream_extent(std::string_view bytes, WorkBudget& budget) {
  pickle::ValueStore values;
  pickle::Shadows shadows;
  const pickle::MachineOptions options{budget.limits(), pickle::FrameReading::Linear, pickle::Unpickler::C, nullptr};
  pickle::Machine machine(options, values, shadows, budget);
  const auto first = machine.run(bytes, 0);
  const bool ran_out = std::any_of(first.events.begin(), first.events.end(), [](const pickle::Event& e) {
    return e.kind == pickle::EventKind::Anomaly &&
           (e.anomaly == pickle::Anomaly::Truncated || e.anomaly == pickle::Anomaly::FrameLie);
  });
  return {first.end, first.stopped || !ran_out};
}

}  // namespace

LoadScan scan_load(std::string_view bytes, const policy::Policy& policy, const LoadScanOptions& options) {
  LoadScan out;
  WorkBudget budget(options.limits);
  const auto [end, complete] = first_stream_extent(bytes, budget);
  if (!complete && options.partial) {
    out.complete = false;
    return out;
  }
  const std::string_view stream = bytes.substr(0, end);
  pickle::FileTrace trace = pickle::trace_pickles(stream, budget);
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
