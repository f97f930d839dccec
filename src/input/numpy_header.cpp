// See numpy_header.hpp; layout from numpy/lib/_format_impl.py.
#include "input/numpy_header.hpp"

#include <algorithm>

#include "base/byte_reader.hpp"

namespace sentinel::input {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

std::uint64_t le(std::string_view b, std::size_t at, unsigned width) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i) v |= std::uint64_t{static_cast<std::uint8_t>(b[at + i])} << (8 * i);
  return v;
}

}  // namespace

bool looks_like_npy(std::string_view data) { return data.substr(0, kMagic.size()) == kMagic; }

Expected<NpyHeader> parse_npy_header(std::string_view data) {
  if (!looks_like_npy(data)) return Error{"not an .npy file (no \\x93NUMPY magic)"};
  if (data.size() < 10) return Error{"truncated .npy preamble"};
  NpyHeader h;
  h.major = static_cast<std::uint8_t>(data[6]);
  h.minor = static_cast<std::uint8_t>(data[7]);
  if (h.minor != 0 || h.major < 1 || h.major > 3) {
    return Error{"unsupported .npy format version " + std::to_string(h.major) + "." + std::to_string(h.minor)};
  }
  const unsigned width = h.major == 1 ? 2 : 4;
  if (data.size() < 8 + width) return Error{"truncated .npy preamble"};
  const std::uint64_t length = le(data, 8, width);
  const std::uint64_t start = 8 + width;
  if (!fits(data.size(), start, length)) {
    return Error{"header length " + std::to_string(length) + " runs past the end of the data"};
  }
  h.data_offset = start + length;
  auto literal = parse_python_literal(data.substr(start, length));
  if (!literal) return Error{"header is not a Python literal: " + literal.error().message};
  const Literal& dict = *literal;
  if (dict.kind != Literal::Kind::Dict || dict.items.size() != 6) {
    return Error{"header is not a dict with exactly the keys descr, fortran_order and shape"};
  }
  const Literal* descr = dict.get("descr");
  const Literal* fortran = dict.get("fortran_order");
  const Literal* shape = dict.get("shape");
  if (descr == nullptr || fortran == nullptr || shape == nullptr) {
    return Error{"header is not a dict with exactly the keys descr, fortran_order and shape"};
  }
  if (fortran->kind != Literal::Kind::Bool) return Error{"header fortran_order is not a bool"};
  h.fortran_order = fortran->boolean;
  const auto dtype = dtype_from_descr(*descr);
  if (!dtype) return Error{"header descr is not a dtype description numpy reads"};
  h.dtype = *dtype;
  h.descr = descr->kind == Literal::Kind::Str ? descr->text : "<structured>";
  if (shape->kind != Literal::Kind::Tuple && !(shape->is_sequence() && shape->items.empty())) {
    return Error{"header shape is not a tuple"};
  }
  std::uint64_t size = h.dtype.itemsize;
  bool overflow = false;
  for (const auto& d : shape->items) {
    if (d.kind != Literal::Kind::Int || d.integer < 0) return Error{"header shape holds something other than sizes"};
    const auto n = static_cast<std::uint64_t>(d.integer);
    h.shape.push_back(n);
    if (n != 0 && size > UINT64_MAX / n) overflow = true;
    size = overflow ? UINT64_MAX : size * n;
  }
  h.data_size = size;
  return h;
}

}  // namespace sentinel::input
