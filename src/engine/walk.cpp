// See walk.hpp.
#include "engine/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace sentinel::engine {
namespace {

namespace fs = std::filesystem;

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

void walk(const std::string& shown, std::vector<WalkEntry>& out, unsigned depth) {
  std::error_code ec;
  const auto st = fs::symlink_status(shown, ec);
  if (ec) {
    out.push_back({shown, "cannot access: " + ec.message()});
    return;
  }
  if (fs::is_symlink(st)) {
    out.push_back({shown, "symbolic link not followed"});
    return;
  }
  if (fs::is_regular_file(st)) {
    out.push_back({shown, {}});
    return;
  }
  if (!fs::is_directory(st)) {
    out.push_back({shown, "not a regular file"});
    return;
  }
  if (depth > 256) {
    out.push_back({shown, "directory nesting too deep"});
    return;
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(shown, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) {
    out.push_back({shown, "cannot list directory: " + ec.message()});
    return;
  }
  std::sort(names.begin(), names.end());
  for (const auto& n : names) walk(join(shown, n), out, depth + 1);
}

}  // namespace

std::vector<WalkEntry> walk_paths(const std::vector<std::string>& roots) {
  std::vector<WalkEntry> out;
  for (const auto& root : roots) {
    std::error_code ec;
    // A root given as a symlink is what the user asked for: follow it once.
    if (fs::is_symlink(fs::symlink_status(root, ec)) && fs::is_regular_file(fs::status(root, ec))) {
      out.push_back({root, {}});
      continue;
    }
    walk(root, out, 0);
  }
  return out;
}

}  // namespace sentinel::engine
