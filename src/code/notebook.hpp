// The Python of a Jupyter notebook (.ipynb, nbformat 4): its code cells
// joined into one source, with where each line came from so findings name
// the cell. IPython magics and shell escapes (`%pip ...`, `!ls`) become
// `pass`, and cells run by a cell magic (`%%bash`) are left out: neither is
// Python.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"

namespace sentinel::code {

struct CellLine {
  std::uint32_t cell = 0;  // 1-based position among all the notebook's cells
  std::uint32_t line = 0;  // 1-based line inside the cell
};

struct NotebookCode {
  std::string text;
  std::vector<CellLine> lines;  // one per line of text
};

[[nodiscard]] Expected<NotebookCode> notebook_code(std::string_view json);

}  // namespace sentinel::code
