// The format registry. Magic numbers from the formats' own specifications
// (../shared/docs/formats.md).
#include "engine/formats.hpp"

#include <cstdint>

namespace sentinel::engine {
namespace {

constexpr bool starts(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

// safetensors: u64 little-endian header length, then a JSON object that fits.
bool is_safetensors(std::string_view b) {
  if (b.size() < 10) return false;
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<std::uint8_t>(b[static_cast<std::size_t>(i)]);
  return n >= 2 && n <= b.size() - 8 && b[8] == '{';
}

constexpr FormatInfo kFormats[] = {
    {"zip", Handling::Unsupported, [](std::string_view b) { return starts(b, "PK\x03\x04") || starts(b, "PK\x05\x06"); }},
    {"numpy", Handling::Unsupported, [](std::string_view b) { return starts(b, "\x93NUMPY"); }},
    {"gzip", Handling::Unsupported, [](std::string_view b) { return starts(b, "\x1f\x8b"); }},
    {"bzip2", Handling::Unsupported, [](std::string_view b) { return starts(b, "BZh"); }},
    {"xz", Handling::Unsupported, [](std::string_view b) { return starts(b, "\xfd" "7zXZ\x00"); }},
    {"7z", Handling::Unsupported, [](std::string_view b) { return starts(b, "7z\xbc\xaf\x27\x1c"); }},
    {"zstd", Handling::Unsupported, [](std::string_view b) { return starts(b, "\x28\xb5\x2f\xfd"); }},
    {"lz4", Handling::Unsupported, [](std::string_view b) { return starts(b, "\x04\x22\x4d\x18"); }},
    {"tar", Handling::Unsupported, [](std::string_view b) { return b.size() >= 262 && b.substr(257, 5) == "ustar"; }},
    {"safetensors", Handling::Inert, is_safetensors},
    {"png", Handling::Inert, [](std::string_view b) { return starts(b, "\x89PNG\r\n\x1a\n"); }},
    {"jpeg", Handling::Inert, [](std::string_view b) { return starts(b, "\xff\xd8\xff"); }},
    {"gif", Handling::Inert, [](std::string_view b) { return starts(b, "GIF87a") || starts(b, "GIF89a"); }},
    {"pdf", Handling::Inert, [](std::string_view b) { return starts(b, "%PDF-"); }},
    {"elf", Handling::Inert, [](std::string_view b) { return starts(b, "\x7f" "ELF"); }},
    {"pickle", Handling::Pickle, [](std::string_view) { return true; }},
};

}  // namespace

std::span<const FormatInfo> format_registry() { return kFormats; }

const FormatInfo& detect_format(std::string_view bytes) {
  for (const auto& f : kFormats) {
    if (f.matches(bytes)) return f;
  }
  return kFormats[std::size(kFormats) - 1];
}

}  // namespace sentinel::engine
