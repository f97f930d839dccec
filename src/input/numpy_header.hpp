// The .npy header (format versions 1.0, 2.0, 3.0): magic, version, header
// length, then a Python dict literal that is parsed, never evaluated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"
#include "input/numpy_dtype.hpp"

namespace sentinel::input {

struct NpyHeader {
  unsigned major = 0;
  unsigned minor = 0;
  std::uint64_t data_offset = 0;  // where the array data (or, for object arrays, the pickle) starts
  std::string descr;              // the 'descr' text as written, for reports
  NumpyDtype dtype;
  bool fortran_order = false;
  std::vector<std::uint64_t> shape;
  std::uint64_t data_size = 0;    // prod(shape) * itemsize; meaningless when dtype.has_object
};

[[nodiscard]] bool looks_like_npy(std::string_view data);

// Where the data starts when the magic, version and header length are valid,
// whatever the header says: numpy reads its dict with ast.literal_eval, which
// accepts more spellings than parse_npy_header, so a header this parser
// refuses may still lead to a pickle there.
[[nodiscard]] std::optional<std::uint64_t> npy_data_offset(std::string_view data);

// Parses the header as numpy's read_array does: keys exactly descr,
// fortran_order and shape. Errors say what is wrong and where.
[[nodiscard]] Expected<NpyHeader> parse_npy_header(std::string_view data);

}  // namespace sentinel::input
