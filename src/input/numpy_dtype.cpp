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

}  // namespace

std::optional<NumpyDtype> parse_typestr(std::string_view t) {
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
    case 'O': return NumpyDtype{8, true};
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

std::optional<NumpyDtype> dtype_from_descr(const Literal& descr, unsigned depth) {
  if (depth > 16) return std::nullopt;
  if (descr.kind == Literal::Kind::Str) return parse_typestr(descr.text);
  if (descr.kind != Literal::Kind::List) return std::nullopt;
  NumpyDtype total;
  for (const auto& field : descr.items) {
    // (name, descr) or (name, descr, shape); name may be a (title, name) pair.
    if (!field.is_sequence() || field.items.size() < 2 || field.items.size() > 3) return std::nullopt;
    auto inner = dtype_from_descr(field.items[1], depth + 1);
    if (!inner) return std::nullopt;
    if (field.items.size() == 3) {
      const Literal& shape = field.items[2];
      const auto dim = [&](const Literal& d) { return d.kind == Literal::Kind::Int && d.integer >= 0; };
      if (shape.kind == Literal::Kind::Int) {
        if (!dim(shape) || !multiply(inner->itemsize, static_cast<std::uint64_t>(shape.integer))) return std::nullopt;
      } else if (shape.is_sequence()) {
        for (const auto& d : shape.items) {
          if (!dim(d) || !multiply(inner->itemsize, static_cast<std::uint64_t>(d.integer))) return std::nullopt;
        }
      } else {
        return std::nullopt;
      }
    }
    if (!fits(kMaxItemsize, total.itemsize, inner->itemsize)) return std::nullopt;
    total.itemsize += inner->itemsize;
    total.has_object = total.has_object || inner->has_object;
  }
  return total;
}

}  // namespace sentinel::input
