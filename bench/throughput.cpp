// Single-threaded scan throughput on one pickle file, for scripts/bench.sh:
//   sentinel_bench FILE [--repeat N]
// Maps FILE read-only, then times pickle::trace_pickles (the symbolic machine
// alone) and rules::scan_pickle_bytes (machine + rules, what a scan of a plain
// .pkl costs) with default Limits, N times each. Prints one `key value` pair a
// line so scripts can grep them; rates use MB = 10^6 bytes.
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/mapped_file.hpp"
#include "pickle/machine.hpp"
#include "rules/analyzer.hpp"
#include "sentinel/limits.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

struct Timing {
  std::vector<double> wall;
  double best() const { return *std::min_element(wall.begin(), wall.end()); }
  double median() const {
    std::vector<double> w = wall;
    std::sort(w.begin(), w.end());
    return w[w.size() / 2];
  }
};

void print_rates(const char* name, const Timing& t, double bytes, double opcodes) {
  const double best = t.best();
  std::printf("%s_first_s %.3f\n", name, t.wall.front());
  std::printf("%s_best_s %.3f\n", name, best);
  std::printf("%s_median_s %.3f\n", name, t.median());
  std::printf("%s_mb_s %.1f\n", name, bytes / 1e6 / best);
  std::printf("%s_mops_s %.1f\n", name, opcodes / 1e6 / best);
}

int usage() {
  std::fprintf(stderr, "usage: sentinel_bench FILE [--repeat N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      const std::string_view v = argv[++i];
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), repeat);
      if (ec != std::errc{} || p != v.data() + v.size() || repeat < 1) return usage();
    } else if (arg == "-h" || arg == "--help" || !path.empty()) {
      return usage();
    } else {
      path = arg;
    }
  }
  if (path.empty()) return usage();

  const sentinel::Limits limits;
  auto mapped = sentinel::MappedFile::open(path, limits.max_file_size);
  if (!mapped) {
    std::fprintf(stderr, "sentinel_bench: %s\n", mapped.error().message.c_str());
    return 2;
  }
  const std::string_view bytes = mapped->bytes();
  const double size = static_cast<double>(bytes.size());
  const double rss_before = peak_rss_mb();

  // The machine alone.
  Timing trace;
  std::uint64_t opcodes = 0;
  std::size_t streams = 0;
  std::size_t nodes = 0;
  bool limit_reached = false;
  const double cpu0 = cpu_seconds();
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    const auto t = sentinel::pickle::trace_pickles(bytes, limits);
    trace.wall.push_back(seconds_since(t0));
    opcodes = 0;
    for (const auto& s : t.streams) opcodes += s.opcodes;
    streams = t.streams.size();
    nodes = t.values.size();
    limit_reached = t.limit_reached;
  }
  const double trace_cpu = (cpu_seconds() - cpu0) / repeat;
  const double rss_trace = peak_rss_mb();

  // Machine + rules, as a scan of a plain pickle file runs them.
  Timing scan;
  std::size_t findings = 0;
  bool is_pickle = false;
  sentinel::rules::ArtifactContext ctx;
  ctx.path = path;
  ctx.retest_target = path;
  ctx.limits = limits;
  const double cpu1 = cpu_seconds();
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    const auto found = sentinel::rules::scan_pickle_bytes(bytes, ctx, is_pickle);
    scan.wall.push_back(seconds_since(t0));
    findings = found.size();
  }
  const double scan_cpu = (cpu_seconds() - cpu1) / repeat;

  std::printf("file %s\n", path.c_str());
  std::printf("bytes %zu\n", bytes.size());
  std::printf("repeat %d\n", repeat);
  std::printf("is_pickle %d\n", is_pickle ? 1 : 0);
  std::printf("streams %zu\n", streams);
  std::printf("opcodes %llu\n", static_cast<unsigned long long>(opcodes));
  std::printf("nodes %zu\n", nodes);
  std::printf("limit_reached %d\n", limit_reached ? 1 : 0);
  std::printf("findings %zu\n", findings);
  print_rates("trace", trace, size, static_cast<double>(opcodes));
  std::printf("trace_cpu_s %.3f\n", trace_cpu);
  print_rates("scan", scan, size, static_cast<double>(opcodes));
  std::printf("scan_cpu_s %.3f\n", scan_cpu);
  // Peak RSS includes the mapped file's pages once touched (up to its size).
  std::printf("rss_before_scan_mb %.1f\n", rss_before);
  std::printf("peak_rss_trace_mb %.1f\n", rss_trace);
  std::printf("peak_rss_mb %.1f\n", peak_rss_mb());
  return 0;
}
