// libFuzzer target for the .npy header parser and the Python-literal parser
// under it: arbitrary bytes, as a whole file and as a bare literal.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input/numpy_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto header = sentinel::input::parse_npy_header(bytes);
  if (header) (void)header->data_size;
  (void)sentinel::input::parse_python_literal(bytes);
  return 0;
}
