// See walk.hpp.
#include "engine/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "base/ignore_rules.hpp"

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

WalkEntry follow_link(const std::string& shown, const fs::path& root) {
  std::error_code ec;
  const fs::path target = fs::canonical(shown, ec);
  if (ec) return {shown, "dangling symbolic link: " + ec.message(), {}, false};
  if (!inside(target, root)) {
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

struct Walk {
  fs::path root;
  const IgnoreRules& excludes;
  std::vector<WalkEntry>& out;
};

// `relative` is the path below the argument, for the exclusion patterns.
void walk(const std::string& shown, const std::string& relative, Walk& w, unsigned depth) {
  std::vector<WalkEntry>& out = w.out;
  const fs::path& root = w.root;
  std::error_code ec;
  const auto st = fs::symlink_status(shown, ec);
  if (ec) {
    out.push_back({shown, "cannot access: " + ec.message(), {}, false});
    return;
  }
  if (!relative.empty() && w.excludes.excluded(relative, fs::is_directory(st))) return;
  if (fs::is_symlink(st)) {
    out.push_back(follow_link(shown, root));
    return;
  }
  if (fs::is_regular_file(st)) {
    out.push_back({shown, {}, {}, false});
    return;
  }
  if (!fs::is_directory(st)) {
    out.push_back({shown, "not a regular file (device, socket or fifo), not opened", {}, false});
    return;
  }
  if (depth > 256) {
    out.push_back({shown, "directory nesting too deep", {}, false});
    return;
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(shown, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) {
    out.push_back({shown, "cannot list directory: " + ec.message(), {}, false});
    return;
  }
  std::sort(names.begin(), names.end());
  for (const auto& n : names) walk(join(shown, n), join(relative, n), w, depth + 1);
}

}  // namespace

std::vector<WalkEntry> walk_paths(const std::vector<std::string>& roots, const std::vector<std::string>& excludes) {
  std::vector<WalkEntry> out;
  const IgnoreRules rules(excludes);
  for (const auto& root : roots) {
    std::error_code ec;
    // A root given as a symlink is what the user asked for: follow it once.
    if (fs::is_symlink(fs::symlink_status(root, ec)) && fs::is_regular_file(fs::status(root, ec))) {
      out.push_back({root, {}, fs::canonical(root, ec).string(), false});
      continue;
    }
    Walk w{fs::weakly_canonical(root, ec), rules, out};
    walk(root, {}, w, 0);
  }
  return out;
}

}  // namespace sentinel::engine
