// The line format of Sentinel's reviewed data files (data/*.txt): fields
// separated by spaces, `#` starts a comment, blank lines are skipped.
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel {

// Calls `fn(fields, comment, line_no)` for each line that has fields.
template <typename Fn>
void for_each_data_line(std::string_view text, Fn&& fn) {
  std::istringstream in{std::string(text)};
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string comment;
    if (const auto hash = line.find('#'); hash != std::string::npos) {
      comment = line.substr(hash + 1);
      line.resize(hash);
    }
    std::istringstream fields_in(line);
    std::vector<std::string> fields;
    for (std::string f; fields_in >> f;) fields.push_back(f);
    if (fields.empty()) continue;
    const auto start = comment.find_first_not_of(' ');
    fn(fields, start == std::string::npos ? std::string() : comment.substr(start), line_no);
  }
}

// A compiled-in catalogue, parsed once. A malformed line in it is a build
// defect, which each catalogue's test catches by parsing the text itself.
template <typename T, auto Parse>
const std::vector<T>& compiled_catalogue(std::string_view text) {
  static const std::vector<T> items = [text] {
    std::vector<std::string> errors;
    return Parse(text, errors);
  }();
  return items;
}

}  // namespace sentinel
