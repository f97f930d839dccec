// Expands command-line paths into the files to scan, in a deterministic order.
#pragma once

#include <string>
#include <vector>

namespace sentinel::engine {

struct WalkEntry {
  std::string path;       // as reached from the argument: "models/sub/a.pkl"
  std::string problem;    // set when the entry cannot be scanned (missing, special file)
  std::string open_path;  // a followed symlink's resolved target; empty: open `path`
  bool skipped = false;   // the problem is a deliberate skip, not a failure
};

// Directories are walked recursively, children sorted by name. A symbolic link
// to a file inside the same argument's tree is followed (Hugging Face caches
// link snapshots/<rev>/<file> to blobs/<hash>); links that leave the tree,
// dangling links and device files are reported, never opened. Paths below an
// argument that match `excludes` (.gitignore patterns, base/ignore_rules.hpp)
// are left out; the arguments themselves always count.
[[nodiscard]] std::vector<WalkEntry> walk_paths(const std::vector<std::string>& roots,
                                                const std::vector<std::string>& excludes = {});

}  // namespace sentinel::engine
