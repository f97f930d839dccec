// libFuzzer target for the protocol-0 argument parsers (pickle/text_forms.hpp):
// every parse_* and decode_* function runs on the input, and the properties
// their contracts promise are checked (a violation traps, which libFuzzer
// reports as a crash).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pickle/text_forms.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;

namespace {

using sentinel::pickle::ParsedInt;

// A big value is canonical text: optional '-', then decimal digits without a
// leading zero (more than 18 of them, or it would have fitted in int64), or
// 0x and lowercase hex digits without a leading zero (at least 16).
void check_int(const std::optional<ParsedInt>& v) {
  if (!v || v->small) return;
  std::string_view d = v->decimal;
  if (!d.empty() && d[0] == '-') d.remove_prefix(1);
  const bool hex = d.starts_with("0x");
  if (hex) d.remove_prefix(2);
  check(!d.empty() && d[0] != '0');
  for (const char c : d) check((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f'));
  check(d.size() >= (hex ? 16U : 19U));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace p = sentinel::pickle;

  for (const auto reading : {p::Unpickler::C, p::Unpickler::Python}) {
    bool is_bool = true;
    check_int(p::parse_int_line(text, is_bool, reading));
    check(!is_bool || text.size() == 2);
    check_int(p::parse_long_line(text, reading));
    check_int(p::parse_decimal_index(text, reading));
    (void)p::parse_float_line(text, reading);
  }
  // pickle.py's PUT index is int(text): exactly parse_python_int in base 10.
  const auto index = p::parse_decimal_index(text, p::Unpickler::Python);
  if (!text.empty()) {
    const auto base10 = p::parse_python_int(text, 10);
    check(index.has_value() == base10.has_value());
    if (index && base10) check(index->small == base10->small && index->value == base10->value &&
                               index->decimal == base10->decimal);
  }
  // int(text, base) for every base Python accepts; the first byte picks one
  // more so all 36 are reached without running each on every input.
  for (const int base : {0, 2, 8, 10, 16, 36}) check_int(p::parse_python_int(text, base));
  if (size > 0) {
    const int base = 2 + data[0] % 35;
    check_int(p::parse_python_int(text.substr(1), base));
  }

  if (const auto s = p::decode_quoted_string(text)) check(s->size() <= text.size());

  if (const auto u = p::decode_raw_unicode_escape(text)) {
    // The result is UTF-8 with surrogates kept, which surrogatepass accepts.
    check(p::valid_utf8_surrogatepass(*u));
    if (p::is_ascii(text) && text.find('\\') == std::string_view::npos) check(*u == text);
  }

  const bool ascii = p::is_ascii(text);
  if (ascii) check(p::valid_utf8_surrogatepass(text));

  // LONG1/LONG4: up to 8 bytes is an int64, equal to the sign-extended value.
  const auto l = p::decode_long_bytes(text);
  check_int(l);
  if (size > 0 && size <= 8) {
    std::uint64_t u = 0;
    for (std::size_t i = size; i-- > 0;) u = (u << 8) | data[i];
    if (size < 8 && (data[size - 1] & 0x80) != 0) u |= ~std::uint64_t{0} << (8 * size);
    check(l.small && l.value == static_cast<std::int64_t>(u));
  } else if (size == 0) {
    check(l.small && l.value == 0);
  }
  return 0;
}
