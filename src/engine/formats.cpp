// The format registry. Container and codec magic live with their readers in
// src/input; the inert formats' magic numbers come from their specifications.
#include "engine/formats.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

#include "input/decompress.hpp"
#include "input/numpy_header.hpp"
#include "input/safetensors_header.hpp"
#include "input/sevenzip_reader.hpp"
#include "input/tar_reader.hpp"
#include "input/zip_reader.hpp"

namespace sentinel::engine {
namespace {

constexpr bool starts(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

// A whole JSON document (config.json, tokenizer.json): no pickle that
// imports fits in one, as JSON allows no raw newlines or control bytes in
// strings and nothing outside them but punctuation, so it is no unknown data
// that could hide a pickle behind a header. Its bytes are still read as a
// pickle from the start, like every inert format.
bool is_json(std::string_view b) {
  std::size_t i = b.starts_with("\xef\xbb\xbf") ? 3 : 0;
  while (i < b.size() && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) ++i;
  if (i == b.size() || (b[i] != '{' && b[i] != '[')) return false;
  return nlohmann::json::accept(b.substr(i));
}

constexpr FormatInfo kFormats[] = {
    {"zip", Handling::Zip, [](std::string_view b) { return starts(b, "PK\x03\x04") || starts(b, "PK\x05\x06"); }},
    {"npy", Handling::Npy, input::looks_like_npy},
    {"7z", Handling::SevenZip, input::looks_like_7z},
    {"tar", Handling::Tar, input::looks_like_tar},
    // Before codec magic: a safetensors header length can start like one.
    {"safetensors", Handling::Safetensors, input::looks_like_safetensors},
    {"compressed", Handling::Compressed, [](std::string_view b) { return input::detect_codec(b).has_value(); }},
    // An end record near the end, after junk or another format (zipfile reads
    // such files): after tar, whose last member may well be a zip.
    {"zip", Handling::Zip, input::looks_like_zip},
    {"png", Handling::Inert, [](std::string_view b) { return starts(b, "\x89PNG\r\n\x1a\n"); }},
    {"jpeg", Handling::Inert, [](std::string_view b) { return starts(b, "\xff\xd8\xff"); }},
    {"gif", Handling::Inert, [](std::string_view b) { return starts(b, "GIF87a") || starts(b, "GIF89a"); }},
    {"pdf", Handling::Inert, [](std::string_view b) { return starts(b, "%PDF-"); }},
    {"elf", Handling::Inert, [](std::string_view b) { return starts(b, "\x7f" "ELF"); }},
    {"json", Handling::Inert, is_json},
    {"pickle", Handling::Pickle, [](std::string_view) { return true; }},
};

}  // namespace

const FormatInfo& detect_format(std::string_view bytes) {
  for (const auto& f : kFormats) {
    if (f.matches(bytes)) return f;
  }
  return kFormats[std::size(kFormats) - 1];
}

}  // namespace sentinel::engine
