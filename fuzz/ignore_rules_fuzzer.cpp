// libFuzzer target for the --exclude patterns: the first line is a pattern
// matched against every other line, then all lines are rules asked about the
// same paths. Must never crash, and must stay fast whatever the pattern.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/ignore_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= input.size();) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    lines.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  const sentinel::IgnoreRules rules(lines);
  for (const auto& path : lines) {
    (void)sentinel::glob_matches(lines.front(), path);
    (void)rules.excluded(path, path.ends_with('/'));
  }
  return 0;
}
