// Expands command-line paths into the files to scan, in a deterministic order.
#pragma once

#include <string>
#include <vector>

namespace sentinel::engine {

struct WalkEntry {
  std::string path;   // as reached from the argument: "models/sub/a.pkl"
  std::string problem;  // set when the entry cannot be scanned (missing, special file)
};

// Directories are walked recursively, children sorted by name. Symbolic links
// are not followed; they and device files are reported, never opened.
[[nodiscard]] std::vector<WalkEntry> walk_paths(const std::vector<std::string>& roots);

}  // namespace sentinel::engine
