// Bounded decompression of the single-stream codecs that wrap pickles in ML
// exports (joblib's compressors, .gz/.bz2/.xz/.zst/.lz4 files, zip member
// methods). Output never exceeds the caller's bound; what was decoded before
// an error is kept, because a streaming loader would already have acted on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "input/decoded_bytes.hpp"

namespace sentinel::input {

enum class Codec : std::uint8_t {
  Gzip,       // 1f 8b; every member of a multi-member file, as gzip.open reads
  Zlib,       // 78 xx with a valid header checksum (joblib's default)
  Bzip2,      // "BZh1".."BZh9"; concatenated streams, as bz2.open reads
  Xz,         // fd 37 7a 58 5a 00; concatenated streams
  LzmaAlone,  // 5d 00 00 (.lzma, lzma.FORMAT_ALONE, joblib's "lzma")
  Zstd,       // 28 b5 2f fd; concatenated frames, skippable frames skipped
  Lz4Frame,   // 04 22 4d 18; concatenated frames
  JoblibZF,   // "ZF" + 0x-hex length padded to 19 bytes (+ optional space) + zlib (joblib < 0.10)
  Deflate,    // raw deflate: zip method 8
  ZipBzip2,   // zip method 12: a bzip2 stream
  ZipLzma,    // zip method 14: u8 major, u8 minor, u16le props size, props, raw LZMA1 with end marker or size
              // (without the end marker, the member's compressed bytes decode to Truncated at their end;
              // the zip reader compares the output with the declared size)
  SevenZipLzma2,  // 7z coder 21: one property byte (the dictionary size), then raw LZMA2
};

[[nodiscard]] std::string_view codec_name(Codec c);

// The codec whose magic bytes start `head`, for the self-identifying codecs
// (all but Deflate, ZipBzip2, ZipLzma and SevenZipLzma2). Checks enough bytes to not mistake
// a pickle for a codec (e.g. bzip2 needs the block or end-of-stream magic).
[[nodiscard]] std::optional<Codec> detect_codec(std::string_view head);

enum class DecodeStatus : std::uint8_t {
  Ok,         // the whole input decoded; `consumed` may be less than the input (trailing bytes)
  Corrupt,    // the data is invalid at some point; `output` holds what came before
  Truncated,  // input ended inside a stream
  OverLimit,  // output would exceed `max_output`; `output` holds the first max_output bytes
};

struct DecodeResult {
  DecodedBytes output;
  DecodeStatus status = DecodeStatus::Ok;
  std::uint64_t consumed = 0;  // input bytes used
  std::string message;         // for every status but Ok: what the library said, lower-case
};

// Decodes `input` into at most `max_output` bytes. Never throws; allocation
// grows with the output actually produced, not with sizes the input claims.
[[nodiscard]] DecodeResult decompress(Codec codec, std::string_view input, std::uint64_t max_output);

}  // namespace sentinel::input
