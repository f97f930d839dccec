// libFuzzer target for the Python source analysis: arbitrary bytes, split into
// the files of a small program (python_program.hpp), through
// engine::scan_program (tree-sitter parse, notebooks, module linking, name
// resolution, data flow across files, sanitisers, sinks and downloads). Must
// never crash or hang; every finding has a position.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "python_program.hpp"

using sentinel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const auto& file : sentinel::engine::scan_program(sentinel::fuzz::python_program(input))) {
    for (const auto& f : file.findings) check(f.location.line.value_or(0) >= 1 && f.location.column.value_or(0) >= 1);
  }
  return 0;
}
