// Model downloads whose revision is not pinned to a full commit hash
// (PICKLE-SRC-UNPINNED): a branch or tag can be moved, so the next run loads
// whatever the repository holds then. Catalogue: data/downloads.txt.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "code/name_resolver.hpp"
#include "code/program.hpp"
#include "code/python_tree.hpp"

namespace sentinel::code {

struct Download {
  std::string target;   // "huggingface_hub.hf_hub_download"
  bool repo_ref = false;  // the revision is the `:ref` of the first argument (torch.hub)
  bool any_class = false; // target is `module.*.method`
};

[[nodiscard]] const std::vector<Download>& download_catalogue();
[[nodiscard]] std::vector<Download> parse_downloads(std::string_view text, std::vector<std::string>& errors);

struct UnpinnedCall {
  std::string target;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string snippet;
  std::string why;               // "no revision=", "revision='main' is not a commit hash"
  bool trust_remote_code = false;  // makes it HIGH: the repository's code runs too
};

// The unpinned downloads of one module of the program.
[[nodiscard]] std::vector<UnpinnedCall> find_unpinned_downloads(const Program& program, std::size_t module,
                                                               const std::vector<Download>& downloads);

}  // namespace sentinel::code
