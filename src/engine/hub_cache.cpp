// See hub_cache.hpp.
#include "engine/hub_cache.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <system_error>

namespace sentinel::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 3> kRepoKinds = {"models--", "datasets--", "spaces--"};

// refs/<name> files (refs/main, refs/pr/1) each hold the commit they name.
std::map<std::string, std::vector<std::string>> read_refs(const fs::path& refs_dir) {
  std::map<std::string, std::vector<std::string>> refs;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(refs_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->file_size(ec) > 256) continue;
    std::ifstream in(it->path());
    std::string commit;
    in >> commit;
    if (!commit.empty()) refs[commit].push_back(it->path().lexically_relative(refs_dir).generic_string());
  }
  for (auto& [commit, names] : refs) std::sort(names.begin(), names.end());
  return refs;
}

}  // namespace

bool hub_repo_name(std::string_view name) {
  for (const std::string_view kind : kRepoKinds) {
    if (name.starts_with(kind) && name.size() > kind.size()) return true;
  }
  return false;
}

std::optional<HubRepo> hub_repo_containing(const fs::path& canonical_dir) {
  std::error_code ec;
  for (fs::path dir = canonical_dir; !dir.empty(); dir = dir.parent_path()) {
    const std::string name = dir.filename().string();
    if (hub_repo_name(name) && fs::is_directory(dir / "snapshots", ec)) {
      std::string id = name.substr(name.find("--") + 2);
      if (const auto sep = id.find("--"); sep != std::string::npos) id.replace(sep, 2, "/");
      return HubRepo{dir, id, read_refs(dir / "refs")};
    }
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

bool hub_bookkeeping(std::string_view name) {
  return name == "refs" || name == ".no_exist" || name.ends_with(".lock");
}

bool hub_root_bookkeeping(std::string_view name) { return name == ".locks"; }

HubRevision hub_revision(const HubRepo& repo, const fs::path& canonical) {
  const fs::path below = canonical.lexically_relative(repo.root);
  auto part = below.begin();
  if (part == below.end() || *part != "snapshots" || ++part == below.end()) return {};
  const std::string commit = part->string();
  const auto refs = repo.refs.find(commit);
  return {"hf:" + repo.id + "@" + commit, refs != repo.refs.end() ? refs->second : std::vector<std::string>{}};
}

}  // namespace sentinel::engine
