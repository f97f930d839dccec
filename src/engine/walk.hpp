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
  // In a Hugging Face cache snapshot: "hf:org/name@<commit>" and the refs/
  // names of that commit (engine/hub_cache.hpp); empty elsewhere.
  std::string origin{};
  std::vector<std::string> refs{};
};

// Directories are walked recursively, children sorted by name. An argument
// that is a symbolic link is followed (the user named it). Below it, a link
// to a file inside the same argument's tree is followed; links that leave the
// tree, dangling links, links to folders and device files are reported, never
// opened. In a Hugging Face cache (recognised from any folder in it), snapshot
// links are followed into that repository's own blobs/ and nowhere else, the
// blobs/ folder itself only yields blobs no snapshot links to, and refs/,
// .no_exist/, .locks/ and lock files are left out silently. Paths below an
// argument that match `excludes` (.gitignore patterns, base/ignore_rules.hpp)
// are left out; the arguments themselves always count.
[[nodiscard]] std::vector<WalkEntry> walk_paths(const std::vector<std::string>& roots,
                                                const std::vector<std::string>& excludes = {});

}  // namespace sentinel::engine
