// libFuzzer target for the Python source analysis: arbitrary bytes through
// engine::scan_source (tree-sitter parse, name resolution, data flow, sinks
// and downloads). Must never crash or hang; every finding has a position.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/source_scan.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  for (const auto& f : sentinel::engine::scan_source(source, "fuzz.py").findings) {
    check(f.location.line.value_or(0) >= 1 && f.location.column.value_or(0) >= 1);
  }
  return 0;
}
