// Format detection by content, never by file name: a registry of the formats
// Sentinel recognises and how each is opened. Applied at every level: a file,
// an archive entry, a decompressed stream.
#pragma once

#include <cstdint>
#include <string_view>

namespace sentinel::engine {

enum class Handling : std::uint8_t {
  Zip,         // zip, torch checkpoints, TorchScript, .npz
  Npy,         // .npy: a header, then raw data or (object arrays) a pickle
  SevenZip,
  Tar,         // plain tar; compressed tars arrive here after their codec
  Compressed,  // a single-stream codec (gzip, zlib, bz2, xz, lzma, zstd, lz4, joblib ZF)
  Safetensors, // inert tensors behind a JSON header that is validated
  Inert,       // cannot carry an executable pickle: skipped
  Pickle,      // run the symbolic machine
};

struct FormatInfo {
  std::string_view name;
  Handling handling;
  bool (*matches)(std::string_view bytes);
};

// The first registered format that matches, tried in order; the last entry
// ("pickle") matches everything and lets the machine decide.
[[nodiscard]] const FormatInfo& detect_format(std::string_view bytes);

}  // namespace sentinel::engine
