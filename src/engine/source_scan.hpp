// Python sources and notebooks: parsed, then analysed together as one
// program (imports between them followed), their unsafe model loads found,
// as findings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "code/notebook.hpp"
#include "code/python_tree.hpp"
#include "sentinel/finding.hpp"

namespace sentinel::engine {

struct ParsedSource {
  std::string path;
  std::string format;                      // "python" or "notebook"
  std::unique_ptr<code::PythonTree> tree;  // null when the file holds no Python to analyse
  std::vector<code::CellLine> cells;       // a notebook's line origins; empty for .py
  std::string error;
  bool skipped = false;  // the error is a deliberate skip, not a failure
  std::uint64_t size = 0;
};

// A Python file, or a notebook's code cells (told by content: a JSON object).
[[nodiscard]] ParsedSource parse_source(std::string_view bytes, const std::string& display_path);
// One report per source, in the order given, the sources analysed as one program.
[[nodiscard]] std::vector<FileReport> scan_program(std::vector<ParsedSource> sources);
// One file on its own.
[[nodiscard]] FileReport scan_source(std::string_view bytes, const std::string& display_path);

}  // namespace sentinel::engine
