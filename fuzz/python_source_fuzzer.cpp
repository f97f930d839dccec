// libFuzzer target for the Python source analysis: arbitrary bytes parsed
// with tree-sitter and searched for unsafe loads. Must never crash or hang,
// and every reported call must point inside the source.
#include <cstddef>
#include <cstdint>
#include <string>

#include "code/python_tree.hpp"
#include "code/unsafe_loads.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const sentinel::code::PythonTree tree{std::string(reinterpret_cast<const char*>(data), size)};
  for (const auto& call : sentinel::code::find_unsafe_loads(tree, sentinel::code::sink_catalogue())) {
    check(call.line >= 1 && call.column >= 1 && !call.target.empty());
  }
  return 0;
}
