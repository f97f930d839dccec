// Sentinel's public API: scan artifacts into the findings model.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sentinel/finding.hpp"
#include "sentinel/limits.hpp"

namespace sentinel {

struct ScanOptions {
  Limits limits;
  unsigned jobs = 0;                 // 0: one per hardware thread
  std::vector<std::string> rules;    // keep only these rule IDs or categories; empty keeps all
  std::vector<std::string> exclude;  // .gitignore-style patterns, relative to each scanned folder
  // Called after each file with the number done and the total; from worker
  // threads, one call at a time.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// Scans files and directories (recursively). Never throws on scanned content:
// unreadable or unparsable files become per-file errors.
[[nodiscard]] ScanReport scan_artifacts(const std::vector<std::string>& paths, const ScanOptions& options);

// Scans Python sources (*.py and notebooks' code cells, walked recursively)
// for code that loads models unsafely (the PICKLE-SRC rules), analysed
// together so data flow is followed between the files.
[[nodiscard]] ScanReport scan_code(const std::vector<std::string>& paths, const ScanOptions& options);

// Scans one in-memory buffer as if it were the file `display_path`.
[[nodiscard]] FileReport scan_buffer(std::string_view bytes, const std::string& display_path, const ScanOptions& options);

}  // namespace sentinel
