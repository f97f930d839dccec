// NumPy dtype descriptions as the formats carry them: the typestr of an .npy
// header or of a pickled numpy.dtype ('<f4', '|O', '<U10', 'V16', 'M8[ns]'),
// and structured descriptions (lists of fields). Only what scanning needs:
// the item size, to step over raw array bytes, and whether objects are
// inside, in which case the array bytes are a pickle.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "input/python_literal.hpp"

namespace sentinel::input {

struct NumpyDtype {
  std::uint64_t itemsize = 0;
  bool has_object = false;
};

// '<f4', 'f8', '|b1', '?', 'O', '<U10', 'S5', 'V16', '<M8[ns]'. nullopt when it
// is not a typestr numpy would accept for a fixed-size type.
[[nodiscard]] std::optional<NumpyDtype> parse_typestr(std::string_view typestr);

// An .npy header's 'descr': a typestr, or a list of (name, descr[, shape])
// fields, nested as numpy's descr_to_dtype reads them.
[[nodiscard]] std::optional<NumpyDtype> dtype_from_descr(const Literal& descr, unsigned depth = 0);

}  // namespace sentinel::input
