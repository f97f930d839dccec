// The engine: paths -> format detection -> machine -> rules -> report model,
// with files scanned in parallel and results kept in walk order.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "base/mapped_file.hpp"
#include "engine/walk.hpp"
#include "engine/artifact_scan.hpp"
#include "engine/source_scan.hpp"
#include "rules/catalogue.hpp"
#include "sentinel/scan.hpp"

namespace sentinel {
namespace {

bool rule_selected(const ScanOptions& options, std::string_view rule_id, std::string_view category) {
  if (options.rules.empty()) return true;
  return std::any_of(options.rules.begin(), options.rules.end(),
                     [&](const std::string& r) { return r == rule_id || r == category; });
}

// Keeps the selected rules, in a stable order, and sets the status.
FileReport finish(FileReport r, const ScanOptions& options) {
  std::erase_if(r.findings, [&](const Finding& f) { return !rule_selected(options, f.rule_id, f.category); });
  std::erase_if(r.omitted, [&](const auto& cut) {
    const rules::RuleInfo* rule = rules::find_rule(cut.first);
    return !rule_selected(options, cut.first, rule != nullptr ? rule->category : std::string_view());
  });
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.chain, a.location.stream, a.location.offset, a.rule_id) <
           std::tie(b.location.chain, b.location.stream, b.location.offset, b.rule_id);
  });
  for (auto& f : r.findings) f.fingerprint = fingerprint(f);
  // Skipped and unscanned files (a Git LFS pointer) keep their status: they were never judged clean.
  if (r.status != FileStatus::Skipped && r.status != FileStatus::Error) {
    r.status = r.findings.empty() ? FileStatus::Clean : FileStatus::Findings;
  }
  return r;
}

// A file's report as another link to the same bytes: its path and origin,
// fingerprints recomputed (they include the path).
FileReport relocated(FileReport r, const engine::WalkEntry& entry, const ScanOptions& options) {
  const auto move = [&](Location& at) {
    at.path = entry.path;
    at.origin = entry.origin;
  };
  r.path = entry.path;
  for (auto& f : r.findings) {
    move(f.location);
    for (auto& place : f.also_at) move(place);
  }
  return finish(std::move(r), options);
}

FileReport unreadable(const engine::WalkEntry& entry, std::string error) {
  FileReport r;
  r.path = entry.path;
  r.format = "unknown";
  r.status = entry.skipped ? FileStatus::Skipped : FileStatus::Error;
  r.error = std::move(error);
  return r;
}

// Opens one walked file (a followed link through its target) and scans its bytes.
template <typename ScanBytes>
FileReport scan_file(const engine::WalkEntry& entry, const ScanOptions& options, ScanBytes&& scan_bytes) {
  if (!entry.problem.empty()) return unreadable(entry, entry.problem);
  auto mapped = MappedFile::open(entry.open_path.empty() ? entry.path : entry.open_path, options.limits.max_file_size);
  if (!mapped) return unreadable(entry, mapped.error().message);
  return finish(scan_bytes(mapped->bytes()), options);
}

}  // namespace

FileReport scan_buffer(std::string_view bytes, const std::string& display_path, const ScanOptions& options) {
  return finish(engine::scan_artifact(bytes, display_path, options, {}), options);
}

namespace {

// Runs work(i) for i < count on options.jobs threads, reporting progress.
template <typename Work>
void in_parallel(std::size_t count, const ScanOptions& options, Work&& work) {
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(count, 1)));
  std::atomic<std::size_t> next{0};
  std::mutex progress_lock;
  std::size_t done = 0;
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      work(i);
      if (options.progress) {
        const std::lock_guard lock(progress_lock);
        options.progress(++done, count);
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

engine::ParsedSource parse_entry(const engine::WalkEntry& entry, const ScanOptions& options) {
  engine::ParsedSource failed;
  failed.path = entry.path;
  failed.format = "unknown";
  failed.skipped = entry.skipped;
  failed.error = entry.problem;
  if (!entry.problem.empty()) return failed;
  auto mapped = MappedFile::open(entry.open_path.empty() ? entry.path : entry.open_path, options.limits.max_file_size);
  if (!mapped) {
    failed.error = mapped.error().message;
    return failed;
  }
  return engine::parse_source(mapped->bytes(), entry.path);
}

}  // namespace

ScanReport scan_artifacts(const std::vector<std::string>& paths, const ScanOptions& options) {
  const auto entries = engine::walk_paths(paths, options.exclude);
  // Links to one file (a Hugging Face blob shared by several revisions) are
  // scanned once; each link still gets its report, for its revision's verdict.
  std::vector<std::size_t> scanned_as(entries.size());
  std::vector<std::size_t> to_scan;
  std::map<std::string, std::size_t> first_link;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& target = entries[i].open_path;
    const auto [it, fresh] = first_link.try_emplace(target, i);
    scanned_as[i] = target.empty() || fresh ? i : it->second;
    if (scanned_as[i] == i) to_scan.push_back(i);
  }
  ScanReport report;
  report.files.resize(entries.size());
  in_parallel(to_scan.size(), options, [&](std::size_t k) {
    const engine::WalkEntry& entry = entries[to_scan[k]];
    report.files[to_scan[k]] = scan_file(entry, options, [&](std::string_view bytes) {
      return engine::scan_artifact(bytes, entry.path, options, entry.origin);
    });
  });
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (scanned_as[i] != i) report.files[i] = relocated(report.files[scanned_as[i]], entries[i], options);
    report.files[i].origin = entries[i].origin;
    if (!entries[i].origin.empty()) report.revision_refs[entries[i].origin] = entries[i].refs;
  }
  return report;
}

// Files are read and parsed in parallel, then analysed together: data flows between them.
ScanReport scan_code(const std::vector<std::string>& paths, const ScanOptions& options) {
  std::vector<engine::WalkEntry> sources;
  for (auto& e : engine::walk_paths(paths, options.exclude)) {
    if (e.path.ends_with(".py") || e.path.ends_with(".ipynb")) sources.push_back(std::move(e));
  }
  std::vector<engine::ParsedSource> parsed(sources.size());
  in_parallel(sources.size(), options, [&](std::size_t i) { parsed[i] = parse_entry(sources[i], options); });
  ScanReport report;
  for (auto& r : engine::scan_program(std::move(parsed))) report.files.push_back(finish(std::move(r), options));
  return report;
}

}  // namespace sentinel
