// See walk.hpp.
#include "engine/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "base/ignore_rules.hpp"
#include "engine/hub_cache.hpp"

namespace sentinel::engine {
namespace {

namespace fs = std::filesystem;

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

bool inside(const fs::path& target, const fs::path& root) {
  const auto [r, t] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  return r == root.end();
}

struct Walk {
  fs::path root;   // the argument, canonical
  // The argument with only its folder made canonical: a link given as the
  // argument (a snapshot file) belongs to its snapshot, not to its blob.
  fs::path named;
  const IgnoreRules& excludes;
  std::vector<WalkEntry>& out;
  // The Hugging Face cache repository being walked: its snapshot links may
  // lead into its blobs/ even when the argument is only a snapshot folder.
  const HubRepo* hub = nullptr;
};

// Where a walked path is, canonical: the walk never follows a link to a
// folder below the argument, so it is the argument's canonical path and the
// names below it.
fs::path canonical_of(const Walk& w, const std::string& relative) {
  return relative.empty() ? w.root : w.root / relative;
}

WalkEntry follow_link(const std::string& shown, const Walk& w) {
  std::error_code ec;
  const fs::path target = fs::canonical(shown, ec);
  if (ec) return {shown, "dangling symbolic link: " + ec.message(), {}, false};
  if (!inside(target, w.root) && (w.hub == nullptr || !inside(target, w.hub->root / "blobs"))) {
    return {shown,
            "symbolic link to " + target.string() +
                ", outside the scanned folder, not followed; scan a folder that holds its target",
            {}, false};
  }
  if (!fs::is_regular_file(fs::status(target, ec))) {
    return {shown, "symbolic link to something other than a file, not followed", {}, true};
  }
  return {shown, {}, target.string(), false};
}

void walk(const std::string& shown, const std::string& relative, Walk& w, unsigned depth);

std::vector<std::string> sorted_children(const std::string& dir, std::error_code& ec) {
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A hub repository's blobs that no walked snapshot links to (an older
// revision's, or a download cut short): still files in the scanned folder, so
// scanned on their own; the linked ones were scanned through their links.
void walk_unlinked_blobs(const std::string& shown, const std::string& relative, Walk& w, std::size_t first,
                         unsigned depth) {
  std::set<std::string> linked;
  for (std::size_t i = first; i < w.out.size(); ++i) linked.insert(w.out[i].open_path);
  const std::string blobs = join(shown, "blobs");
  std::error_code ec;
  for (const auto& name : sorted_children(blobs, ec)) {
    const std::string blob = join(blobs, name);
    if (linked.contains((canonical_of(w, join(relative, "blobs")) / name).string())) continue;
    if (name.ends_with(".incomplete")) {
      w.out.push_back({blob, "an interrupted hub download (.incomplete), which huggingface_hub never loads", {}, true});
      continue;
    }
    if (!hub_bookkeeping(name)) walk(blob, join(join(relative, "blobs"), name), w, depth + 2);
  }
}

void walk_directory(const std::string& shown, const std::string& relative, Walk& w, unsigned depth) {
  if (depth > 256) {
    w.out.push_back({shown, "directory nesting too deep", {}, false});
    return;
  }
  std::error_code ec;
  const std::vector<std::string> names = sorted_children(shown, ec);
  if (ec) {
    w.out.push_back({shown, "cannot list directory: " + ec.message(), {}, false});
    return;
  }
  const HubRepo* const outer = w.hub;
  std::optional<HubRepo> entered;
  const fs::path here = canonical_of(w, relative);
  if (w.hub == nullptr && hub_repo_name(here.filename().string())) {
    entered = hub_repo_containing(here);
    if (entered) w.hub = &*entered;
  }
  const bool repo_root = w.hub != nullptr && w.hub->root == here;
  const bool hub_root = std::any_of(names.begin(), names.end(), [](const std::string& n) { return hub_repo_name(n); });
  const std::size_t first = w.out.size();
  for (const auto& n : names) {
    // Cache bookkeeping is left out without a word; blobs/ is reached through
    // the snapshot links, each blob once, and the rest after them.
    if (repo_root && (hub_bookkeeping(n) || n == "blobs")) continue;
    if (hub_root && hub_root_bookkeeping(n)) continue;
    walk(join(shown, n), join(relative, n), w, depth + 1);
  }
  if (repo_root) walk_unlinked_blobs(shown, relative, w, first, depth);
  w.hub = outer;
}

// `relative` is the path below the argument, for the exclusion patterns.
void walk(const std::string& shown, const std::string& relative, Walk& w, unsigned depth) {
  std::error_code ec;
  // An argument is what the user named: a link given as one is followed.
  const auto st = depth == 0 ? fs::status(shown, ec) : fs::symlink_status(shown, ec);
  if (ec) {
    w.out.push_back({shown, "cannot access: " + ec.message(), {}, false});
    return;
  }
  if (!relative.empty() && w.excludes.excluded(relative, fs::is_directory(st))) return;
  WalkEntry entry{shown, {}, {}, false};
  if (fs::is_symlink(st)) {
    entry = follow_link(shown, w);
  } else if (fs::is_directory(st)) {
    walk_directory(shown, relative, w, depth);
    return;
  } else if (!fs::is_regular_file(st)) {
    entry.problem = "not a regular file (device, socket or fifo), not opened";
  } else if (depth == 0 && fs::is_symlink(fs::symlink_status(shown, ec))) {
    entry.open_path = w.root.string();
  }
  if (w.hub != nullptr) {
    HubRevision revision = hub_revision(*w.hub, relative.empty() ? w.named : w.root / relative);
    entry.origin = std::move(revision.origin);
    entry.refs = std::move(revision.refs);
  }
  w.out.push_back(std::move(entry));
}

}  // namespace

std::vector<WalkEntry> walk_paths(const std::vector<std::string>& roots, const std::vector<std::string>& excludes) {
  std::vector<WalkEntry> out;
  const IgnoreRules rules(excludes);
  for (const auto& root : roots) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(root, ec);
    Walk w{fs::weakly_canonical(absolute, ec), fs::weakly_canonical(absolute.parent_path(), ec) / absolute.filename(),
           rules, out};
    // An argument inside a hub cache (a snapshot folder, a repository folder):
    // its links lead into the repository's blobs.
    const std::optional<HubRepo> hub = hub_repo_containing(w.root);
    if (hub) w.hub = &*hub;
    walk(root, {}, w, 0);
  }
  return out;
}

}  // namespace sentinel::engine
