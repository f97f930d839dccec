// How the python_source fuzz input becomes a program of several files: parts
// separated by a "\n#---\n" line are the files of a small package, so linking
// (relative imports, re-exports, cross-file flow) is fuzzed too; a part that
// starts with '{' is read as a notebook. Shared by the fuzzer and the replay test.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "engine/source_scan.hpp"

namespace sentinel::fuzz {

inline std::vector<engine::ParsedSource> python_program(std::string_view input) {
  static constexpr std::array<const char*, 5> kNames{"pkg/__init__.py", "pkg/models.py", "pkg/api.py", "main.py",
                                                     "notebook.ipynb"};
  constexpr std::string_view kSeparator = "\n#---\n";
  std::vector<engine::ParsedSource> out;
  for (std::size_t start = 0; start <= input.size();) {
    const std::size_t end = std::min(input.find(kSeparator, start), input.size());
    const std::string name = out.size() < kNames.size() ? kNames[out.size()] : "extra" + std::to_string(out.size()) + ".py";
    out.push_back(engine::parse_source(input.substr(start, end - start), name));
    start = end + kSeparator.size();
  }
  return out;
}

}  // namespace sentinel::fuzz
