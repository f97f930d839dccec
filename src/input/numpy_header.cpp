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

std::optional<std::uint64_t> npy_data_offset(std::string_view data) {
  if (!looks_like_npy(data) || data.size() < 10) return std::nullopt;
  const auto major = static_cast<std::uint8_t>(data[6]);
  if (data[7] != 0 || major < 1 || major > 3) return std::nullopt;
  const unsigned width = major == 1 ? 2 : 4;
  if (data.size() < 8 + width) return std::nullopt;
  const std::uint64_t length = le(data, 8, width);
  if (!fits(data.size(), 8 + width, length)) return std::nullopt;
  return 8 + width + length;
}

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
  // EXPECTED_KEYS != d.keys(): a dict display keeps the last value of a
  // repeated key, and the key set must be exactly these three.
  const Literal* descr = nullptr;
  const Literal* fortran = nullptr;
  const Literal* shape = nullptr;
  bool other_key = dict.kind != Literal::Kind::Dict;
  for (std::size_t i = 0; !other_key && i + 1 < dict.items.size(); i += 2) {
    const Literal& key = dict.items[i];
    const Literal** slot = nullptr;
    if (key.kind == Literal::Kind::Str && key.text == "descr") slot = &descr;
    if (key.kind == Literal::Kind::Str && key.text == "fortran_order") slot = &fortran;
    if (key.kind == Literal::Kind::Str && key.text == "shape") slot = &shape;
    if (slot == nullptr) other_key = true;
    else *slot = &dict.items[i + 1];
  }
  if (other_key || descr == nullptr || fortran == nullptr || shape == nullptr) {
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
    // isinstance(x, int) holds for True and False too.
    const bool flag = d.kind == Literal::Kind::Bool;
    if ((d.kind != Literal::Kind::Int && !flag) || (!flag && d.integer < 0)) {
      return Error{"header shape holds something other than sizes"};
    }
    const auto n = flag ? std::uint64_t{d.boolean} : static_cast<std::uint64_t>(d.integer);
    h.shape.push_back(n);
    if (n != 0 && size > UINT64_MAX / n) overflow = true;
    size = overflow ? UINT64_MAX : size * n;
  }
  h.data_size = size;
  return h;
}

}  // namespace sentinel::input
