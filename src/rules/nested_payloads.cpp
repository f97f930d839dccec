// See nested_payloads.hpp.
#include "rules/nested_payloads.hpp"

#include <zlib.h>

#include "rules/callable_resolution.hpp"

namespace sentinel::rules {
namespace {

using pickle::Kind;
using pickle::Ref;

// UTF-8 text to latin-1 bytes; nullopt when a code point is above 0xff.
std::optional<std::string> latin1(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3Fu);
      if (cp > 0xFF) return std::nullopt;
      out.push_back(static_cast<char>(cp));
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<std::string> inflate(std::string_view in, std::size_t max_size) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return std::nullopt;  // zlib or gzip header
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = ::inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_size) rc = Z_MEM_ERROR;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::optional<std::string> evaluate(const pickle::ValueStore& values, Ref r, std::size_t max_size, int depth) {
  if (depth > 8) return std::nullopt;
  if (r.kind == Kind::Bytes || r.kind == Kind::ByteArray) return std::string(r.str());
  if (r.kind == Kind::Str) return latin1(r.str());
  if (r.kind != Kind::Call) return std::nullopt;
  const auto& call = values.node(r);
  const Target f = resolve_target(values, call.a);
  if (!f.resolved || call.b.kind != Kind::Tuple) return std::nullopt;
  const auto& args = values.node(call.b).items;
  if (args.empty()) return std::nullopt;
  const std::string name = f.dotted();
  if (name == "_codecs.encode" || name == "codecs.encode") {
    if (args[0].kind != Kind::Str) return std::nullopt;
    if (args.size() >= 2 && (is_str(args[1], "utf-8") || is_str(args[1], "utf8"))) return std::string(args[0].str());
    return latin1(args[0].str());
  }
  auto inner = evaluate(values, args[0], max_size, depth + 1);
  if (!inner) return std::nullopt;
  if (name == "zlib.decompress" || name == "gzip.decompress") return inflate(*inner, max_size);
  if (name == "base64.b64decode" || name == "base64.standard_b64decode" || name == "base64.urlsafe_b64decode" ||
      name == "base64.decodebytes" || name == "binascii.a2b_base64") {
    return base64_decode(*inner);
  }
  if (name == "builtins.bytes" || name == "builtins.bytearray") return inner;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> constant_bytes(const pickle::ValueStore& values, Ref r, std::size_t max_size) {
  auto out = evaluate(values, r, max_size, 0);
  if (out && out->size() > max_size) return std::nullopt;
  return out;
}

}  // namespace sentinel::rules
