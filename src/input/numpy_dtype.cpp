// See numpy_dtype.hpp. Kinds and sizes follow numpy's typestr rules
// (numpy/_core/_internal.py, dtype.str); objects are pointer-sized.
#include "input/numpy_dtype.hpp"

#include <charconv>

#include "base/byte_reader.hpp"

namespace sentinel::input {
namespace {

constexpr std::uint64_t kMaxItemsize = std::uint64_t{1} << 40;

bool parse_count(std::string_view digits, std::uint64_t& out) {
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return !digits.empty() && ec == std::errc{} && end == digits.data() + digits.size();
}

bool multiply(std::uint64_t& total, std::uint64_t factor) {
  if (factor != 0 && total > kMaxItemsize / factor) return false;
  total *= factor;
  return true;
}

// The type names numpy.dtype() also accepts (numpy.sctypeDict on the
// Debian's numpy 1.24, x86-64 sizes), without a byte-order prefix.
struct NamedType {
  std::string_view name;
  std::uint64_t itemsize;
  bool has_object;
};
constexpr NamedType kNamedTypes[] = {
    {"object", 8, true}, {"object0", 8, true}, {"object_", 8, true},
    {"bool", 1, false}, {"bool8", 1, false}, {"bool_", 1, false}, {"byte", 1, false}, {"ubyte", 1, false},
    {"int8", 1, false}, {"uint8", 1, false}, {"short", 2, false}, {"ushort", 2, false}, {"half", 2, false},
    {"int16", 2, false}, {"uint16", 2, false}, {"float16", 2, false}, {"intc", 4, false}, {"uintc", 4, false},
    {"int32", 4, false}, {"uint32", 4, false}, {"single", 4, false}, {"float32", 4, false}, {"int", 8, false},
    {"int0", 8, false}, {"int_", 8, false}, {"intp", 8, false}, {"uint", 8, false}, {"uint0", 8, false},
    {"uintp", 8, false}, {"long", 8, false}, {"ulong", 8, false}, {"longlong", 8, false},
    {"ulonglong", 8, false}, {"int64", 8, false}, {"uint64", 8, false}, {"float", 8, false},
    {"float_", 8, false}, {"double", 8, false}, {"float64", 8, false}, {"csingle", 8, false},
    {"singlecomplex", 8, false}, {"complex64", 8, false}, {"datetime64", 8, false}, {"timedelta64", 8, false},
    {"longdouble", 16, false}, {"longfloat", 16, false}, {"float128", 16, false}, {"complex", 16, false},
    {"complex_", 16, false}, {"complex128", 16, false}, {"cdouble", 16, false}, {"cfloat", 16, false},
    {"clongdouble", 32, false}, {"clongfloat", 32, false}, {"longcomplex", 32, false}, {"complex256", 32, false},
};

}  // namespace

std::optional<NumpyDtype> parse_typestr(std::string_view t) {
  for (const auto& named : kNamedTypes) {
    if (t == named.name) return NumpyDtype{named.itemsize, named.has_object};
  }
  if (!t.empty() && (t[0] == '<' || t[0] == '>' || t[0] == '|' || t[0] == '=')) t.remove_prefix(1);
  if (t.empty()) return std::nullopt;
  const char kind = t[0];
  t.remove_prefix(1);
  // Datetime units: 'M8[ns]'.
  if ((kind == 'M' || kind == 'm')) {
    const auto bracket = t.find('[');
    if (bracket != std::string_view::npos) {
      if (t.back() != ']') return std::nullopt;
      t = t.substr(0, bracket);
    }
  }
  std::uint64_t n = 0;
  const bool sized = !t.empty();
  if (sized && !parse_count(t, n)) return std::nullopt;
  switch (kind) {
    // 'O', 'O4' and 'O8' with any byte order: numpy.dtype() takes all.
    case 'O': return !sized || n == 4 || n == 8 ? std::optional(NumpyDtype{8, true}) : std::nullopt;
    case '?': return sized ? std::nullopt : std::optional(NumpyDtype{1, false});
    case 'b': case 'i': case 'u': case 'f': case 'c': case 'e': case 'd': case 'g':
    case 'h': case 'l': case 'q': case 'B': case 'H': case 'I': case 'L': case 'Q':
      if (!sized) {
        // Single-character codes without a size ('d', 'B', ...).
        constexpr std::string_view kCodes = "bBhHiIlLqQedg";
        constexpr std::uint64_t kSizes[] = {1, 1, 2, 2, 4, 4, 8, 8, 8, 8, 2, 8, 16};
        const auto at = kCodes.find(kind);
        return at == std::string_view::npos ? std::nullopt : std::optional(NumpyDtype{kSizes[at], false});
      }
      return n == 0 ? std::nullopt : std::optional(NumpyDtype{n, false});
    case 'M': case 'm': return NumpyDtype{sized ? n : 8, false};
    case 'S': case 'a': case 'V': return NumpyDtype{n, false};
    case 'U':
      if (!multiply(n, 4)) return std::nullopt;
      return NumpyDtype{n, false};
    default: return std::nullopt;
  }
}

namespace {

// A sub-array shape: an int or a sequence of ints (numpy.dtype((base, shape))).
bool apply_shape(const Literal& shape, std::uint64_t& itemsize) {
  const auto dim = [&](const Literal& d) {
    return d.kind == Literal::Kind::Int && d.integer >= 0 && multiply(itemsize, static_cast<std::uint64_t>(d.integer));
  };
  if (shape.kind == Literal::Kind::Int) return dim(shape);
  if (!shape.is_sequence()) return false;
  for (const auto& d : shape.items) {
    if (!dim(d)) return false;
  }
  return true;
}

}  // namespace

std::optional<NumpyDtype> dtype_from_descr(const Literal& descr, unsigned depth) {
  if (depth > 16) return std::nullopt;
  if (descr.kind == Literal::Kind::Str) return parse_typestr(descr.text);
  // descr_to_dtype (numpy/lib/format.py): a tuple is (descr, shape), a
  // sub-array of the inner description.
  if (descr.kind == Literal::Kind::Tuple) {
    if (descr.items.size() != 2) return std::nullopt;
    auto base = dtype_from_descr(descr.items[0], depth + 1);
    if (!base || !apply_shape(descr.items[1], base->itemsize)) return std::nullopt;
    return base;
  }
  if (descr.kind != Literal::Kind::List) return std::nullopt;
  NumpyDtype total;
  for (const auto& field : descr.items) {
    // (name, descr) or (name, descr, shape); name may be a (title, name) pair.
    if (!field.is_sequence() || field.items.size() < 2 || field.items.size() > 3) return std::nullopt;
    auto inner = dtype_from_descr(field.items[1], depth + 1);
    if (!inner) return std::nullopt;
    if (field.items.size() == 3 && !apply_shape(field.items[2], inner->itemsize)) return std::nullopt;
    if (!fits(kMaxItemsize, total.itemsize, inner->itemsize)) return std::nullopt;
    total.itemsize += inner->itemsize;
    total.has_object = total.has_object || inner->has_object;
  }
  return total;
}

}  // namespace sentinel::input
