// The engine: paths -> format detection -> machine -> rules -> report model,
// with files scanned in parallel and results kept in walk order.
#include <algorithm>
#include <atomic>
#include <thread>

#include "base/mapped_file.hpp"
#include "engine/formats.hpp"
#include "engine/walk.hpp"
#include "rules/analyzer.hpp"
#include "sentinel/scan.hpp"

namespace sentinel {
namespace {

bool rule_selected(const ScanOptions& options, const Finding& f) {
  if (options.rules.empty()) return true;
  return std::any_of(options.rules.begin(), options.rules.end(),
                     [&](const std::string& r) { return r == f.rule_id || r == f.category; });
}

FileReport scan_entry(const engine::WalkEntry& entry, const ScanOptions& options) {
  if (!entry.problem.empty()) {
    FileReport r;
    r.path = entry.path;
    r.format = "unknown";
    r.status = entry.problem == "symbolic link not followed" ? FileStatus::Skipped : FileStatus::Error;
    r.error = entry.problem;
    return r;
  }
  auto mapped = MappedFile::open(entry.path, options.limits.max_file_size);
  if (!mapped) {
    FileReport r;
    r.path = entry.path;
    r.format = "unknown";
    r.status = FileStatus::Error;
    r.error = mapped.error().message;
    return r;
  }
  return scan_buffer(mapped->bytes(), entry.path, options);
}

}  // namespace

FileReport scan_buffer(std::string_view bytes, const std::string& display_path, const ScanOptions& options) {
  FileReport r;
  r.path = display_path;
  r.size = bytes.size();
  const auto& format = engine::detect_format(bytes);
  r.format = std::string(format.name);
  switch (format.handling) {
    case engine::Handling::Inert:
      r.status = FileStatus::Skipped;
      r.error = "not a pickle-bearing format";
      return r;
    case engine::Handling::Unsupported:
      r.status = FileStatus::Error;
      r.error = "container format '" + r.format + "' may carry pickles and is not scanned by this version";
      return r;
    case engine::Handling::Pickle: break;
  }
  rules::ArtifactContext ctx;
  ctx.path = display_path;
  ctx.retest_target = display_path;
  ctx.limits = options.limits;
  bool is_pickle = false;
  auto findings = rules::scan_pickle_bytes(bytes, ctx, is_pickle);
  if (!is_pickle) {
    r.format = "not-pickle";
    r.status = FileStatus::Skipped;
    r.error = "not a pickle stream";
    return r;
  }
  for (auto& f : findings) {
    if (rule_selected(options, f)) r.findings.push_back(std::move(f));
  }
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.chain, a.location.stream, a.location.offset, a.rule_id) <
           std::tie(b.location.chain, b.location.stream, b.location.offset, b.rule_id);
  });
  r.status = r.findings.empty() ? FileStatus::Clean : FileStatus::Findings;
  return r;
}

ScanReport scan_artifacts(const std::vector<std::string>& paths, const ScanOptions& options) {
  const auto entries = engine::walk_paths(paths);
  ScanReport report;
  report.files.resize(entries.size());
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(entries.size(), 1)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < entries.size(); i = next++) report.files[i] = scan_entry(entries[i], options);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return report;
}

}  // namespace sentinel
