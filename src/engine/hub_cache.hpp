// The Hugging Face hub cache (what huggingface_hub.snapshot_download fills):
//
//   hub/models--org--name/blobs/<sha>              the files' content
//   hub/models--org--name/refs/main, refs/pr/1     text: the commit a ref names
//   hub/models--org--name/snapshots/<commit>/file  -> ../../blobs/<sha>
//   hub/models--org--name/.no_exist/<commit>/file  files known to be absent
//   hub/.locks/models--org--name/<sha>.lock        download locks
//
// (also datasets--org--name and spaces--org--name). The walk uses it to follow
// snapshot links into that repository's own blobs, scan each blob once and
// name the repository and revision a file belongs to.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::engine {

struct HubRepo {
  std::filesystem::path root;  // canonical models--org--name folder
  std::string id;              // "org/name"
  // refs/ read once: commit -> the names pointing at it ("main", "pr/1").
  std::map<std::string, std::vector<std::string>> refs;
};

// The repository whose folder is `canonical_dir` or holds it, when its name
// is a hub repository's (models--, datasets--, spaces--) and it has a
// snapshots/ folder; nullopt elsewhere.
[[nodiscard]] std::optional<HubRepo> hub_repo_containing(const std::filesystem::path& canonical_dir);

// Whether `name`, a child of a hub repository's folder, is cache bookkeeping
// the walk leaves out silently: refs/ (read for names instead), .no_exist/
// (empty markers of files the hub does not have) and lock files.
[[nodiscard]] bool hub_bookkeeping(std::string_view name);

// Whether `name`, a child of a folder holding hub repositories, is the
// cache's lock folder (.locks), left out silently.
[[nodiscard]] bool hub_root_bookkeeping(std::string_view name);

// Whether a folder name is a hub repository's (models--, datasets--, spaces--).
[[nodiscard]] bool hub_repo_name(std::string_view name);

// The revision a file below the repository belongs to (root/snapshots/<commit>/...):
// its origin, "hf:org/name@<commit>" as findings carry it, and the refs/ names
// of that commit. Empty origin elsewhere in the repository.
struct HubRevision {
  std::string origin;
  std::vector<std::string> refs;
};
[[nodiscard]] HubRevision hub_revision(const HubRepo& repo, const std::filesystem::path& canonical);

}  // namespace sentinel::engine
