// See unpinned_downloads.hpp.
#include "code/unpinned_downloads.hpp"

#include <algorithm>

#include "base/data_lines.hpp"

#include "code/name_resolver.hpp"

namespace sentinel::data {
extern const std::string_view k_downloads_txt;
}  // namespace sentinel::data

namespace sentinel::code {
namespace {

bool is_commit_hash(std::string_view s) {
  return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool matches(const Download& d, const std::string& candidate) {
  if (!d.any_class) return candidate == d.target;
  // "transformers.*.from_pretrained": module prefix and method suffix.
  const auto star = d.target.find(".*.");
  const std::string module = d.target.substr(0, star + 1);
  const std::string method = d.target.substr(star + 2);
  return candidate.starts_with(module) && candidate.ends_with(method) && candidate.size() > module.size() + method.size();
}

}  // namespace

std::vector<Download> parse_downloads(std::string_view text, std::vector<std::string>& errors) {
  std::vector<Download> out;
  for_each_data_line(text, [&](const std::vector<std::string>& f, const std::string&, std::size_t line_no) {
    if (f.size() != 2 || (f[1] != "keyword" && f[1] != "repo-ref")) {
      errors.push_back("downloads line " + std::to_string(line_no) + ": expected `target keyword|repo-ref`");
      return;
    }
    out.push_back(Download{f[0], f[1] == "repo-ref", f[0].find(".*.") != std::string::npos});
  });
  return out;
}

const std::vector<Download>& download_catalogue() { return compiled_catalogue<Download, parse_downloads>(data::k_downloads_txt); }

std::vector<UnpinnedCall> find_unpinned_downloads(const Program& program, std::size_t module,
                                                  const std::vector<Download>& downloads) {
  const PythonTree& tree = *program.modules()[module].tree;
  const NameResolver& resolver = *program.modules()[module].names;
  std::vector<UnpinnedCall> out;
  for (std::size_t i = 0; i < program.calls(module).size(); ++i) {
    const TSNode call = program.calls(module)[i];
    for (const auto& candidate : program.callee_names(module, i)) {
      const auto d = std::find_if(downloads.begin(), downloads.end(), [&](const Download& x) { return matches(x, candidate); });
      if (d == downloads.end()) continue;
      std::string why;
      if (d->repo_ref) {
        // torch.hub.load("owner/repo:ref", ...); a local source downloads nothing.
        if (keyword_value(tree, call, "source") == std::optional<std::string>("'local'") ||
            keyword_value(tree, call, "source") == std::optional<std::string>("\"local\"")) {
          break;
        }
        const TSNode args = field(call, "arguments");
        const TSNode first = ts_node_named_child_count(args) > 0 ? ts_node_named_child(args, 0) : TSNode{};
        const auto repo = ts_node_is_null(first) ? std::nullopt : resolver.string_value(first);
        const auto colon = repo ? repo->rfind(':') : std::string::npos;
        if (repo && colon != std::string::npos && is_commit_hash(repo->substr(colon + 1))) break;
        why = repo ? "the repository '" + *repo + "' names no commit hash after ':'" : "the repository is not a constant";
      } else {
        const TSNode revision = keyword_node(call, tree, "revision");
        if (ts_node_is_null(revision)) {
          why = "no revision= (the default branch is whatever it is at run time)";
        } else if (const auto value = resolver.string_value(revision); value && is_commit_hash(*value)) {
          break;
        } else {
          why = "revision=" + std::string(tree.text(revision)) + " is not a full commit hash";
        }
      }
      const TSPoint at = ts_node_start_point(call);
      out.push_back(UnpinnedCall{d->target, at.row + 1, at.column + 1, one_line(tree.text(call)), why,
                                 keyword_value(tree, call, "trust_remote_code") == std::optional<std::string>("True")});
      break;
    }
  }
  return out;
}

}  // namespace sentinel::code
