// See decompress.hpp. One driver owns the bounded output, the walk over
// concatenated members and every status and message; each codec only wraps
// its library's streaming call, so all codecs share one notion of "bounded",
// "truncated" and "trailing data".
#include "input/decompress.hpp"

#include <bzlib.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>
#include <utility>

namespace sentinel::input {
namespace {

using namespace std::string_view_literals;

// Bytes handed to one library call: zlib and bzip2 count in `unsigned int`.
constexpr std::size_t kMaxCallBytes = std::size_t{1} << 30;
// LZMA decoders allocate the dictionary their header names, and a stream
// never needs more dictionary than it may output: their memory limit is the
// output bound, but at least this floor, because `xz -9` names a 64 MiB
// dictionary whatever the input size (`xz --robot --info-memory`: 65 MiB for
// -9). A hostile 4 GiB claim fails with a memory-limit error instead of being
// allocated.
constexpr std::uint64_t kMinLzmaMemory = std::uint64_t{128} * 1024 * 1024;

// What one library call did with the input and output it was given.
struct Step {
  Step(std::size_t in, std::size_t out) : consumed(in), produced(out) {}
  std::size_t consumed;
  std::size_t produced;
  bool end = false;   // the stream (member, frame) is complete
  std::string error;  // set when the library rejected the data
};

// One codec's library state. begin() starts a fresh stream (the driver calls
// it once per member); step() decodes as much as fits.
class StreamDecoder {
 public:
  StreamDecoder() = default;
  StreamDecoder(const StreamDecoder&) = delete;
  StreamDecoder& operator=(const StreamDecoder&) = delete;
  virtual ~StreamDecoder() = default;
  // An empty string, or why the library could not start.
  [[nodiscard]] virtual std::string begin() = 0;
  [[nodiscard]] virtual Step step(std::string_view in, std::span<char> out) = 0;
};

template <typename Byte>
Byte* mutable_bytes(std::string_view in) {
  // The C APIs take non-const input pointers but never write through them.
  return reinterpret_cast<Byte*>(const_cast<char*>(in.data()));
}

class ZlibDecoder final : public StreamDecoder {
 public:
  explicit ZlibDecoder(int window_bits) : window_bits_(window_bits) {}
  ~ZlibDecoder() override {
    if (started_) inflateEnd(&zs_);
  }
  std::string begin() override {
    if (started_) {
      inflateReset(&zs_);
      return {};
    }
    if (inflateInit2(&zs_, window_bits_) != Z_OK) return "cannot start the decoder (out of memory)";
    started_ = true;
    return {};
  }
  Step step(std::string_view in, std::span<char> out) override {
    zs_.next_in = mutable_bytes<Bytef>(in);
    zs_.avail_in = static_cast<uInt>(in.size());
    zs_.next_out = reinterpret_cast<Bytef*>(out.data());
    zs_.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&zs_, Z_NO_FLUSH);
    Step s{in.size() - zs_.avail_in, out.size() - zs_.avail_out};
    if (rc == Z_STREAM_END) {
      s.end = true;
    } else if (rc == Z_NEED_DICT) {
      s.error = "the stream needs a preset dictionary";
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {  // Z_BUF_ERROR: no progress, the driver decides
      s.error = zs_.msg != nullptr ? zs_.msg : "invalid data";
    }
    return s;
  }

 private:
  int window_bits_;
  z_stream zs_{};
  bool started_ = false;
};

// One gzip member as Python's gzip module reads it (gzip.py
// _read_gzip_header, _GzipReader.read, _read_eof): the header is parsed by
// hand, so reserved flag bits are ignored where zlib's gzip mode refuses
// them; the body is raw deflate; the trailer's CRC-32 and length are checked
// after the data was handed on.
class GzipMemberDecoder final : public StreamDecoder {
 public:
  std::string begin() override {
    state_ = State::Header;
    crc_ = 0;
    size_ = 0;
    return body_.begin();
  }
  Step step(std::string_view in, std::span<char> out) override {
    switch (state_) {
      case State::Header: return header(in);
      case State::Body: {
        Step s = body_.step(in, out);
        crc_ = static_cast<std::uint32_t>(
            crc32_z(crc_, reinterpret_cast<const Bytef*>(out.data()), static_cast<z_size_t>(s.produced)));
        size_ += s.produced;
        if (s.end) {
          s.end = false;
          state_ = State::Trailer;
        }
        return s;
      }
      case State::Trailer: {
        // A short trailer is taken whole, so that the driver finds the
        // input ended inside the member (truncated).
        if (in.size() < 8) return {in.size(), 0};
        Step s{0, 0};
        s.consumed = 8;
        s.end = true;
        if (le32(in, 0) != crc_) {
          s.error = "CRC check failed";
        } else if (le32(in, 4) != static_cast<std::uint32_t>(size_)) {
          s.error = "incorrect length of data produced";
        }
        return s;
      }
    }
    return {0, 0};
  }

 private:
  enum class State : std::uint8_t { Header, Body, Trailer };
  static std::uint32_t le32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<std::uint8_t>(in[at + i])} << (8 * i);
    return v;
  }
  Step header(std::string_view in) {
    constexpr std::uint8_t kExtra = 4;
    constexpr std::uint8_t kName = 8;
    constexpr std::uint8_t kComment = 16;
    constexpr std::uint8_t kHeaderCrc = 2;
    Step s{0, 0};
    if (in.size() < 10) return {in.size(), 0};  // truncated, as for the trailer
    if (!in.starts_with("\x1f\x8b"sv) || in[2] != 8) {
      s.error = in.starts_with("\x1f\x8b"sv) ? "unknown compression method" : "not a gzipped file";
      return s;
    }
    const auto flags = static_cast<std::uint8_t>(in[3]);
    std::size_t pos = 10;
    if ((flags & kExtra) != 0) {
      if (in.size() < pos + 2) pos = in.size() + 1;
      else pos += 2 + (static_cast<std::uint8_t>(in[pos]) | (std::size_t{static_cast<std::uint8_t>(in[pos + 1])} << 8));
    }
    // A name or comment runs to its NUL, or to the end of the data.
    for (const std::uint8_t text : {kName, kComment}) {
      if ((flags & text) == 0 || pos > in.size()) continue;
      const std::size_t nul = in.find('\0', pos);
      pos = nul == std::string_view::npos ? in.size() : nul + 1;
    }
    if ((flags & kHeaderCrc) != 0) pos += 2;
    if (pos > in.size()) return {in.size(), 0};
    s.consumed = pos;
    state_ = State::Body;
    return s;
  }

  ZlibDecoder body_{-15};
  State state_ = State::Header;
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0;
};

class Bzip2Decoder final : public StreamDecoder {
 public:
  Bzip2Decoder() = default;
  ~Bzip2Decoder() override {
    if (started_) BZ2_bzDecompressEnd(&bz_);
  }
  std::string begin() override {
    // bzip2 has no reset: a new stream needs a new decoder.
    if (started_) BZ2_bzDecompressEnd(&bz_);
    bz_ = bz_stream{};
    started_ = BZ2_bzDecompressInit(&bz_, 0, 0) == BZ_OK;
    return started_ ? std::string() : "cannot start the decoder (out of memory)";
  }
  Step step(std::string_view in, std::span<char> out) override {
    bz_.next_in = mutable_bytes<char>(in);
    bz_.avail_in = static_cast<unsigned>(in.size());
    bz_.next_out = out.data();
    bz_.avail_out = static_cast<unsigned>(out.size());
    const int rc = BZ2_bzDecompress(&bz_);
    Step s{in.size() - bz_.avail_in, out.size() - bz_.avail_out};
    switch (rc) {
      case BZ_OK: break;
      case BZ_STREAM_END: s.end = true; break;
      case BZ_DATA_ERROR_MAGIC: s.error = "not a bzip2 stream (bad magic)"; break;
      case BZ_MEM_ERROR: s.error = "out of memory"; break;
      default: s.error = "invalid data (bzip2 error " + std::to_string(rc) + ")"; break;
    }
    return s;
  }

 private:
  bz_stream bz_{};
  bool started_ = false;
};

std::string lzma_message(lzma_ret rc, const lzma_stream& s) {
  switch (rc) {
    case LZMA_MEM_ERROR: return "out of memory";
    case LZMA_MEMLIMIT_ERROR:
      return "the stream needs " + std::to_string(lzma_memusage(&s)) + " bytes of decoder memory, over the limit of " +
             std::to_string(lzma_memlimit_get(&s));
    case LZMA_FORMAT_ERROR: return "file format not recognized";
    case LZMA_OPTIONS_ERROR: return "unsupported options";
    case LZMA_DATA_ERROR: return "compressed data is corrupt";
    default: return "liblzma error " + std::to_string(static_cast<int>(rc));
  }
}

// xz, .lzma and raw LZMA1 differ only in how the decoder is initialised:
// `init(lzma_stream*)` calls one of liblzma's decoder initialisers.
template <typename Init>
class LzmaDecoder final : public StreamDecoder {
 public:
  explicit LzmaDecoder(Init init) : init_(std::move(init)) {}
  ~LzmaDecoder() override { lzma_end(&s_); }
  std::string begin() override {
    // liblzma re-initialises a used stream in place, reusing its memory.
    const lzma_ret rc = init_(&s_);
    return rc == LZMA_OK ? std::string() : "cannot start the decoder: " + lzma_message(rc, s_);
  }
  Step step(std::string_view in, std::span<char> out) override {
    s_.next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    s_.avail_in = in.size();
    s_.next_out = reinterpret_cast<std::uint8_t*>(out.data());
    s_.avail_out = out.size();
    const lzma_ret rc = lzma_code(&s_, LZMA_RUN);
    Step s{in.size() - s_.avail_in, out.size() - s_.avail_out};
    if (rc == LZMA_STREAM_END) {
      s.end = true;
    } else if (rc != LZMA_OK && rc != LZMA_BUF_ERROR) {  // LZMA_BUF_ERROR: no progress, the driver decides
      s.error = lzma_message(rc, s_);
    }
    return s;
  }

 private:
  Init init_;
  lzma_stream s_ = LZMA_STREAM_INIT;
};

class ZstdDecoder final : public StreamDecoder {
 public:
  ~ZstdDecoder() override { ZSTD_freeDCtx(dctx_); }
  std::string begin() override {
    if (dctx_ == nullptr) dctx_ = ZSTD_createDCtx();
    if (dctx_ == nullptr) return "cannot start the decoder (out of memory)";
    ZSTD_DCtx_reset(dctx_, ZSTD_reset_session_only);
    return {};
  }
  Step step(std::string_view in, std::span<char> out) override {
    ZSTD_inBuffer src{in.data(), in.size(), 0};
    ZSTD_outBuffer dst{out.data(), out.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(dctx_, &dst, &src);
    Step s{src.pos, dst.pos};
    if (ZSTD_isError(rc)) {
      s.error = ZSTD_getErrorName(rc);
    } else {
      s.end = rc == 0;  // a frame (or skippable frame) is complete and flushed
    }
    return s;
  }

 private:
  ZSTD_DCtx* dctx_ = nullptr;
};

class Lz4Decoder final : public StreamDecoder {
 public:
  ~Lz4Decoder() override { LZ4F_freeDecompressionContext(dctx_); }
  std::string begin() override {
    if (dctx_ == nullptr && LZ4F_isError(LZ4F_createDecompressionContext(&dctx_, LZ4F_VERSION))) {
      dctx_ = nullptr;
      return "cannot start the decoder (out of memory)";
    }
    LZ4F_resetDecompressionContext(dctx_);
    return {};
  }
  Step step(std::string_view in, std::span<char> out) override {
    std::size_t src_size = in.size();
    std::size_t dst_size = out.size();
    const std::size_t rc = LZ4F_decompress(dctx_, out.data(), &dst_size, in.data(), &src_size, nullptr);
    Step s{src_size, dst_size};
    if (LZ4F_isError(rc)) {
      s.error = LZ4F_getErrorName(rc);
    } else {
      s.end = rc == 0;  // a frame (or skippable frame) is complete and flushed
    }
    return s;
  }

 private:
  LZ4F_dctx* dctx_ = nullptr;
};

// The decoded bytes (decoded_bytes.hpp: in memory, then spilled to a
// temporary file), never past the caller's bound.
class BoundedOutput {
 public:
  explicit BoundedOutput(std::uint64_t limit)
      : limit_(static_cast<std::size_t>(std::min<std::uint64_t>(limit, std::string().max_size()))), bytes_(limit_) {}

  // Where the next library call writes. Once `limit` bytes are held it is a
  // one-byte probe: a library that writes there had more to give.
  [[nodiscard]] std::span<char> space() {
    std::size_t room = 0;
    char* at = bytes_.space(room);
    if (room == 0) return {&probe_, 1};
    return {at, std::min(room, kMaxCallBytes)};
  }
  void commit(std::size_t produced) {
    if (bytes_.size() == limit_) {
      over_limit_ = over_limit_ || produced > 0;
    } else {
      bytes_.commit(produced);
    }
  }
  [[nodiscard]] bool over_limit() const { return over_limit_; }
  [[nodiscard]] std::size_t size() const { return bytes_.size(); }
  [[nodiscard]] std::size_t limit() const { return limit_; }
  [[nodiscard]] DecodedBytes take() { return bytes_.finish(); }
  [[nodiscard]] std::string error() const { return bytes_.error(); }

 private:
  std::size_t limit_;
  DecodedBytes::Writer bytes_;
  char probe_ = 0;
  bool over_limit_ = false;
};

struct Outcome {
  DecodeStatus status = DecodeStatus::Ok;
  std::string message;
};

// The state of one decompress() call that outlives an exception: what was
// decoded and how far the input was read.
struct Session {
  Codec codec;
  std::string_view input;
  std::size_t pos = 0;
  BoundedOutput out;

  [[nodiscard]] Outcome fail(DecodeStatus status, const std::string& what) const {
    return {status, "offset " + std::to_string(pos) + ": " + std::string(codec_name(codec)) + ": " + what};
  }
};

bool is_skippable_frame(std::string_view s) {
  // zstd and LZ4 share the skippable-frame magic 0x184D2A50..5F (little-endian).
  return s.size() >= 4 && (static_cast<unsigned char>(s[0]) & 0xF0) == 0x50 && s.substr(1, 3) == "\x2a\x4d\x18"sv;
}

// Zero bytes a reader skips between members: gzip.GzipFile skips any run
// (_GzipReader._read_eof), xz allows stream padding in multiples of four.
std::size_t padding_after_member(Codec codec, std::string_view rest) {
  const std::size_t zeros = std::min(rest.find_first_not_of('\0'), rest.size());
  if (codec == Codec::Gzip) return zeros;
  if (codec == Codec::Xz && zeros % 4 == 0) return zeros;
  return 0;
}

// The 13-byte .lzma header as liblzma's auto decoder (lzma.LZMAFile's
// FORMAT_AUTO) accepts it: alone_decoder.c in "picky" mode, which
// auto_decoder.c asks for. Properties byte lc/lp/pb with lc + lp <= 4
// (lzma_lzma_lclppb_decode), a dictionary size of 2^n or 2^n + 2^(n-1) (or
// UINT32_MAX), an uncompressed size unknown (all ones) or below 2^38; and the
// range coder's first byte, which is always 0 (rc_read_init).
bool lzma_alone_header(std::string_view s) {
  constexpr std::size_t kHeader = 13;
  if (s.size() < kHeader + 1) return false;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])); };
  const std::uint64_t props = byte(0);
  if (props > (4 * 5 + 4) * 9 + 8) return false;
  const std::uint64_t lc = props % 9;
  const std::uint64_t lp = (props / 9) % 5;
  if (lc + lp > 4) return false;
  std::uint32_t dict = 0;
  for (std::size_t i = 4; i >= 1; --i) dict = (dict << 8) | static_cast<std::uint32_t>(byte(i));
  if (dict != UINT32_MAX) {
    std::uint32_t d = dict - 1;
    d |= d >> 2;
    d |= d >> 3;
    d |= d >> 4;
    d |= d >> 8;
    d |= d >> 16;
    ++d;
    if (d != dict) return false;
  }
  std::uint64_t size = 0;
  for (std::size_t i = 12; i >= 5; --i) size = (size << 8) | byte(i);
  if (size != UINT64_MAX && size >= (std::uint64_t{1} << 38)) return false;
  // The check above lets a zero dictionary through (0 - 1 rounds up to 0),
  // so zero bytes would be an endless run of empty streams: a stream that
  // declares no dictionary and no data holds nothing, and is not one here.
  if (dict == 0 && size == 0) return false;
  return s[kHeader] == '\0';
}

// What lzma.LZMAFile (FORMAT_AUTO) decodes as one stream: .xz by its magic,
// anything else as .lzma when the header passes the auto decoder's checks.
bool lzma_stream_starts(std::string_view s) { return s.starts_with("\xfd" "7zXZ\0"sv) || lzma_alone_header(s); }

// Whether another member follows: as in Python's multi-stream readers, only
// when the next bytes start a stream of the same codec (for lzma.LZMAFile,
// of either LZMA container: each stream is auto-detected on its own). Anything else is
// trailing data, left out of `consumed` (bz2 and lzma files ignore it,
// gzip.open raises after returning the members before it).
bool member_follows(Codec codec, std::string_view rest) {
  switch (codec) {
    case Codec::Gzip:
    case Codec::Bzip2: return detect_codec(rest) == codec;
    case Codec::Xz:
    case Codec::LzmaAlone: return lzma_stream_starts(rest);
    case Codec::Zstd:
    case Codec::Lz4Frame: return detect_codec(rest) == codec || is_skippable_frame(rest);
    case Codec::Zlib:
    case Codec::JoblibZF:
    case Codec::Deflate:
    case Codec::ZipBzip2:
    case Codec::ZipLzma:
    case Codec::SevenZipLzma2: return false;  // one stream; zlib.decompress and zipfile ignore what follows
  }
  return false;
}

// Decodes members from session.pos until the last one ends, the data
// fails, the input ends inside a member or the output bound is passed.
Outcome run_members(StreamDecoder& dec, Session& session) {
  const std::string_view input = session.input;
  for (bool first = true;; first = false) {
    const std::size_t member_start = session.pos;
    const std::size_t output_start = session.out.size();
    if (const std::string err = dec.begin(); !err.empty()) return session.fail(DecodeStatus::Corrupt, err);
    for (bool end = false; !end;) {
      const std::span<char> space = session.out.space();
      const std::string_view in = input.substr(session.pos, std::min(input.size() - session.pos, kMaxCallBytes));
      const Step s = dec.step(in, space);
      session.pos += s.consumed;
      session.out.commit(s.produced);
      if (session.out.over_limit()) {
        return session.fail(DecodeStatus::OverLimit,
                            "output exceeds the limit of " + std::to_string(session.out.limit()) + " bytes");
      }
      if (!s.error.empty()) {
        // lzma.LZMAFile and bz2.BZ2File (_compression.DecompressReader)
        // take a later stream that the decompressor rejects at once as
        // trailing data (_trailing_error): what it produced is dropped.
        if (!first && session.out.size() == output_start && session.pos - member_start < 64 &&
            (session.codec == Codec::Xz || session.codec == Codec::LzmaAlone || session.codec == Codec::Bzip2)) {
          session.pos = member_start;
          return {};
        }
        return session.fail(DecodeStatus::Corrupt, s.error);
      }
      end = s.end;
      if (!end && s.consumed == 0 && s.produced == 0) {
        // The libraries progress while they have input and output space, so
        // a stall means the input ran out; the second case only guards the
        // loop against a library that breaks that promise.
        if (session.pos < input.size()) return session.fail(DecodeStatus::Corrupt, "the decoder made no progress");
        return session.fail(DecodeStatus::Truncated,
                            "input ends inside the stream that starts at offset " + std::to_string(member_start));
      }
    }
    session.pos += padding_after_member(session.codec, input.substr(session.pos));
    if (!member_follows(session.codec, input.substr(session.pos))) return {};
  }
}

bool is_python_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// int(field, 16) as Python parses it (Objects/longobject.c, PyLong_FromString
// via long_from_string_base): surrounding ASCII whitespace, one optional
// sign, an optional 0x/0X prefix, hex digits with single underscores between
// them (and one right after the prefix). A negative value is refused by
// zlib.decompress as a buffer size (only -0 is 0); so is one over Py_ssize_t.
std::optional<std::uint64_t> parse_hex_length(std::string_view field) {
  while (!field.empty() && is_python_space(field.front())) field.remove_prefix(1);
  while (!field.empty() && is_python_space(field.back())) field.remove_suffix(1);
  bool negative = false;
  if (!field.empty() && (field.front() == '+' || field.front() == '-')) {
    negative = field.front() == '-';
    field.remove_prefix(1);
  }
  bool after_prefix = false;
  if (field.starts_with("0x") || field.starts_with("0X")) {
    field.remove_prefix(2);
    after_prefix = true;
  }
  if (after_prefix && field.starts_with('_')) field.remove_prefix(1);
  if (field.empty() || field.back() == '_') return std::nullopt;
  std::uint64_t value = 0;
  bool underscore = false;
  for (const char c : field) {
    if (c == '_') {
      if (underscore) return std::nullopt;
      underscore = true;
      continue;
    }
    underscore = false;
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    if (value > (static_cast<std::uint64_t>(INT64_MAX) - digit) / 16) return std::nullopt;
    value = value * 16 + digit;
  }
  if (negative && value != 0) return std::nullopt;
  return value;
}

// joblib's read_zfile (numpy_pickle_compat.py): "ZF", the length field of
// _MAX_LEN = len(hex(2**64)) = 19 bytes, one optional space (joblib <= 0.8.4
// wrote one more), then zlib.decompress of the rest, which must give exactly
// the declared length.
Outcome decode_joblib_zf(Session& session) {
  constexpr std::size_t kPrefix = 2;
  constexpr std::size_t kHeader = kPrefix + 19;
  const std::string_view input = session.input;
  if (!input.starts_with("ZF")) return session.fail(DecodeStatus::Corrupt, "no \"ZF\" prefix");
  const auto declared = parse_hex_length(input.substr(kPrefix, kHeader - kPrefix));
  if (!declared) return session.fail(DecodeStatus::Corrupt, "invalid length field");
  session.pos = std::min(kHeader, input.size());
  if (session.pos < input.size() && input[session.pos] == ' ') ++session.pos;
  ZlibDecoder zlib(15);
  Outcome outcome = run_members(zlib, session);
  if (outcome.status == DecodeStatus::Ok && session.out.size() != *declared) {
    outcome = session.fail(DecodeStatus::Corrupt, "the header declares " + std::to_string(*declared) +
                                                      " bytes but the stream holds " +
                                                      std::to_string(session.out.size()));
  }
  return outcome;
}

// zipfile's LZMADecompressor: u8 major and minor version, u16le properties
// size, the LZMA1 properties, then raw LZMA1 data.
// Raw LZMA1 or LZMA2 whose properties (as lzma_properties_decode reads them)
// are input[props_at, props_at + props_size) and whose data follows them.
Outcome decode_raw_lzma(Session& session, lzma_vli filter, std::size_t props_at, std::size_t props_size) {
  const std::string_view input = session.input;
  if (input.size() < props_at || input.size() - props_at < props_size) {
    return session.fail(DecodeStatus::Truncated, "header is truncated");
  }
  lzma_filter filters[2] = {{filter, nullptr}, {LZMA_VLI_UNKNOWN, nullptr}};
  if (lzma_properties_decode(&filters[0], nullptr, reinterpret_cast<const std::uint8_t*>(input.data() + props_at),
                             props_size) != LZMA_OK) {
    return session.fail(DecodeStatus::Corrupt, "invalid lzma properties");
  }
  // lzma_properties_decode allocates the options with malloc (no allocator given).
  const std::unique_ptr<lzma_options_lzma, decltype(&std::free)> options(
      static_cast<lzma_options_lzma*>(filters[0].options), &std::free);
  // Every valid match distance lies inside the output, so a dictionary the
  // size of the output bound decodes the same stream; a larger claim would
  // only be allocated, never used.
  options->dict_size = static_cast<std::uint32_t>(
      std::clamp<std::uint64_t>(session.out.limit(), LZMA_DICT_SIZE_MIN, options->dict_size));
  session.pos = props_at + props_size;
  LzmaDecoder raw([&filters](lzma_stream* s) { return lzma_raw_decoder(s, filters); });
  return run_members(raw, session);
}

Outcome decode_zip_lzma(Session& session) {
  constexpr std::size_t kFixedHeader = 4;
  const std::string_view input = session.input;
  if (input.size() < kFixedHeader) return session.fail(DecodeStatus::Truncated, "header is truncated");
  const std::size_t props_size =
      static_cast<unsigned char>(input[2]) | static_cast<std::size_t>(static_cast<unsigned char>(input[3])) << 8;
  return decode_raw_lzma(session, LZMA_FILTER_LZMA1, kFixedHeader, props_size);
}

Outcome decode(Session& session) {
  const std::uint64_t memory = std::max<std::uint64_t>(kMinLzmaMemory, session.out.limit());
  switch (session.codec) {
    case Codec::Gzip: {
      GzipMemberDecoder dec;
      return run_members(dec, session);
    }
    case Codec::Zlib: {
      ZlibDecoder dec(15);
      return run_members(dec, session);
    }
    case Codec::Deflate: {
      ZlibDecoder dec(-15);
      return run_members(dec, session);
    }
    case Codec::Bzip2:
    case Codec::ZipBzip2: {
      Bzip2Decoder dec;
      return run_members(dec, session);
    }
    case Codec::Xz:
    case Codec::LzmaAlone: {
      // lzma.LZMAFile's FORMAT_AUTO: each stream is .xz or .lzma on its own
      // (Lib/lzma.py, _compression.DecompressReader makes a new
      // LZMADecompressor per stream, and liblzma's auto decoder picks the
      // container). One stream per begin(), without LZMA_CONCATENATED: the
      // driver walks concatenated streams itself, so it knows where the last
      // one ended (liblzma would report trailing bytes as corruption).
      LzmaDecoder dec([memory](lzma_stream* s) { return lzma_auto_decoder(s, memory, 0); });
      return run_members(dec, session);
    }
    case Codec::Zstd: {
      ZstdDecoder dec;
      return run_members(dec, session);
    }
    case Codec::Lz4Frame: {
      Lz4Decoder dec;
      return run_members(dec, session);
    }
    case Codec::JoblibZF: return decode_joblib_zf(session);
    case Codec::ZipLzma: return decode_zip_lzma(session);
    case Codec::SevenZipLzma2: return decode_raw_lzma(session, LZMA_FILTER_LZMA2, 0, 1);
  }
  return session.fail(DecodeStatus::Corrupt, "unknown codec");
}

}  // namespace

std::string_view codec_name(Codec c) {
  switch (c) {
    case Codec::Gzip: return "gzip";
    case Codec::Zlib: return "zlib";
    case Codec::Bzip2: return "bzip2";
    case Codec::Xz: return "xz";
    case Codec::LzmaAlone: return "lzma";
    case Codec::Zstd: return "zstd";
    case Codec::Lz4Frame: return "lz4";
    case Codec::JoblibZF: return "joblib-zf";
    case Codec::Deflate: return "deflate";
    case Codec::ZipBzip2: return "zip-bzip2";
    case Codec::ZipLzma: return "zip-lzma";
    case Codec::SevenZipLzma2: return "7z-lzma2";
  }
  return "unknown";
}

std::optional<Codec> detect_codec(std::string_view head) {
  struct Magic {
    std::string_view bytes;
    Codec codec;
  };
  static constexpr std::array<Magic, 4> kMagics = {{
      {"\x1f\x8b"sv, Codec::Gzip},
      {"\xfd" "7zXZ\0"sv, Codec::Xz},
      {"\x28\xb5\x2f\xfd"sv, Codec::Zstd},
      {"\x04\x22\x4d\x18"sv, Codec::Lz4Frame},
  }};
  for (const auto& m : kMagics) {
    if (head.starts_with(m.bytes)) return m.codec;
  }
  // .lzma: joblib's prefix is only 5d 00 (joblib/compressor.py), and
  // lzma.LZMAFile (pandas' .xz, .lzma) takes any header its auto decoder
  // accepts; the full header check keeps pickles out (a protocol 2+ pickle's
  // 0x80 is no valid properties byte, text pickles have no zero bytes).
  if (lzma_alone_header(head)) return Codec::LzmaAlone;
  // joblib < 0.10 ("compat"): _detect_compressor checks only "ZF"; read_zfile
  // then parses the 19-byte length with int(x, 16). A file whose length
  // field Python refuses makes joblib raise: not this codec.
  if (head.starts_with("ZF") && head.size() >= 21 && parse_hex_length(head.substr(2, 19))) return Codec::JoblibZF;
  // zlib (RFC 1950): CMF 0x78 is deflate with a 32 KiB window, what zlib and
  // joblib write; CMF*256+FLG must be a multiple of 31.
  if (head.size() >= 2 && head[0] == '\x78' &&
      (0x78 * 256 + static_cast<unsigned char>(head[1])) % 31 == 0) {
    return Codec::Zlib;
  }
  // bzip2: "BZh", the block size digit, then the first block's magic (pi) or,
  // for an empty stream, the end-of-stream magic (sqrt(pi)). "BZh" alone
  // could start a protocol-0 pickle.
  if (head.size() >= 10 && head.starts_with("BZh") && head[3] >= '1' && head[3] <= '9') {
    const std::string_view block = head.substr(4, 6);
    if (block == "\x31\x41\x59\x26\x53\x59"sv || block == "\x17\x72\x45\x38\x50\x90"sv) return Codec::Bzip2;
  }
  return std::nullopt;
}

DecodeResult decompress(Codec codec, std::string_view input, std::uint64_t max_output) {
  Session session{codec, input, 0, BoundedOutput(max_output)};
  Outcome outcome;
  try {
    outcome = decode(session);
  } catch (const std::bad_alloc&) {
    outcome = session.fail(DecodeStatus::Corrupt,
                           "out of memory after " + std::to_string(session.out.size()) + " output bytes");
  }
  DecodeResult result;
  result.output = session.out.take();
  if (const std::string error = session.out.error(); !error.empty()) {
    outcome = session.fail(DecodeStatus::Corrupt, error);
  }
  result.status = outcome.status;
  result.consumed = session.pos;
  result.message = std::move(outcome.message);
  return result;
}

}  // namespace sentinel::input
