// Bounded decompression: every codec round-trips data compressed here with
// its own library; concatenated members, trailing bytes, truncation,
// corruption and the output bound behave as decompress.hpp promises.
#include <bzlib.h>
#include <gtest/gtest.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <functional>
#include <sstream>
#include <string>

#include "base/released_pages.hpp"
#include "input/decompress.hpp"

namespace sentinel::input {
namespace {

using namespace std::string_literals;

// Text that compresses, with enough variety that every codec emits several
// blocks for the larger sizes.
std::string sample(std::size_t size) {
  std::string s;
  std::uint32_t x = 12345;
  while (s.size() < size) {
    x = x * 1103515245 + 12345;
    s += "weight_" + std::to_string(x % 1000) + (x % 7 == 0 ? "\n" : " ");
  }
  s.resize(size);
  return s;
}

// zlib's deflate in one of its three wrappings: gzip (31), zlib (15), raw (-15).
std::string zlib_family(std::string_view data, int window_bits) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string gzip(std::string_view data) { return zlib_family(data, 31); }
std::string zlib(std::string_view data) { return zlib_family(data, 15); }
std::string raw_deflate(std::string_view data) { return zlib_family(data, -15); }

std::string bzip2(std::string_view data) {
  std::string out(data.size() + data.size() / 100 + 700, '\0');
  auto size = static_cast<unsigned>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(data.data()),
                                     static_cast<unsigned>(data.size()), 9, 0, 0),
            BZ_OK);
  out.resize(size);
  return out;
}

// Runs an initialised liblzma encoder over `data`.
std::string lzma_encode(lzma_stream& s, std::string_view data) {
  std::string out(lzma_stream_buffer_bound(data.size()) + 1024, '\0');
  s.next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  s.avail_in = data.size();
  s.next_out = reinterpret_cast<std::uint8_t*>(out.data());
  s.avail_out = out.size();
  EXPECT_EQ(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
  out.resize(s.total_out);
  lzma_end(&s);
  return out;
}

std::string xz(std::string_view data) {
  lzma_stream s = LZMA_STREAM_INIT;
  EXPECT_EQ(lzma_easy_encoder(&s, 6, LZMA_CHECK_CRC64), LZMA_OK);
  return lzma_encode(s, data);
}

std::string lzma_alone(std::string_view data) {
  lzma_options_lzma options;
  lzma_lzma_preset(&options, 6);
  lzma_stream s = LZMA_STREAM_INIT;
  EXPECT_EQ(lzma_alone_encoder(&s, &options), LZMA_OK);
  return lzma_encode(s, data);
}

std::string zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string lz4(std::string_view data) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
  std::string out(LZ4F_compressFrameBound(data.size(), &prefs), '\0');
  const std::size_t n = LZ4F_compressFrame(out.data(), out.size(), data.data(), data.size(), &prefs);
  EXPECT_FALSE(LZ4F_isError(n));
  out.resize(n);
  return out;
}

// joblib < 0.10's write_zfile: "ZF", hex(len) left-justified to 19 bytes, zlib.
std::string joblib_zf(std::string_view data) {
  std::ostringstream hex;
  hex << "0x" << std::hex << data.size();
  std::string length = hex.str();
  length.resize(19, ' ');
  return "ZF" + length + zlib(data);
}

// A member written by Python's zipfile with ZIP_LZMA (version 9.4, 5 bytes of
// properties, raw LZMA1 with an end marker), holding "hello hello hello lzma":
// zipfile.ZipFile(f, "w", compression=zipfile.ZIP_LZMA).writestr("a.pkl", ...).
const std::string kZipLzmaMember =
    "\x09\x04\x05\x00\x5d\x00\x00\x80\x00\x00\x34\x19\x49\xee\x8d\xe9\x50\x95\xfc\x0b\xee\xfb\x41\xee\xa9\xff\xff\xee"
    "\x89\x00\x00"s;

struct CodecCase {
  Codec codec;
  std::function<std::string(std::string_view)> compress;
};

std::vector<CodecCase> compressible_codecs() {
  return {{Codec::Gzip, gzip},       {Codec::Zlib, zlib},         {Codec::Deflate, raw_deflate},
          {Codec::Bzip2, bzip2},     {Codec::ZipBzip2, bzip2},    {Codec::Xz, xz},
          {Codec::LzmaAlone, lzma_alone}, {Codec::Zstd, zstd},    {Codec::Lz4Frame, lz4},
          {Codec::JoblibZF, joblib_zf}};
}

class EveryCodec : public ::testing::TestWithParam<CodecCase> {};

TEST_P(EveryCodec, RoundTrips) {
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{300000}}) {
    const std::string data = sample(size);
    const std::string packed = GetParam().compress(data);
    const auto r = decompress(GetParam().codec, packed, 1U << 20);
    EXPECT_EQ(r.status, DecodeStatus::Ok) << r.message;
    EXPECT_EQ(r.output, data);
    EXPECT_EQ(r.consumed, packed.size());
    EXPECT_TRUE(r.message.empty());
  }
}

TEST_P(EveryCodec, OverLimitAtExactlyTheBound) {
  const std::string data = sample(100000);
  const std::string packed = GetParam().compress(data);
  const auto exact = decompress(GetParam().codec, packed, data.size());
  EXPECT_EQ(exact.status, DecodeStatus::Ok) << exact.message;
  EXPECT_EQ(exact.output, data);
  const auto over = decompress(GetParam().codec, packed, data.size() - 1);
  EXPECT_EQ(over.status, DecodeStatus::OverLimit);
  EXPECT_EQ(over.output, data.substr(0, data.size() - 1));
  EXPECT_NE(over.message.find("limit of 99999 bytes"), std::string::npos) << over.message;
  const auto none = decompress(GetParam().codec, packed, 0);
  EXPECT_EQ(none.status, DecodeStatus::OverLimit);
  EXPECT_TRUE(none.output.empty());
}

TEST_P(EveryCodec, TruncatedKeepsADecodedPrefix) {
  const std::string data = sample(300000);
  const std::string packed = GetParam().compress(data);
  for (const std::size_t cut : {packed.size() / 2, packed.size() - 1}) {
    const auto r = decompress(GetParam().codec, packed.substr(0, cut), 1U << 20);
    EXPECT_EQ(r.status, DecodeStatus::Truncated) << cut << ": " << r.message;
    EXPECT_EQ(data.substr(0, r.output.size()), r.output);
    EXPECT_LE(r.consumed, cut);
    EXPECT_NE(r.message.find("input ends inside the stream"), std::string::npos) << r.message;
  }
}

TEST_P(EveryCodec, GarbageIsCorruptNotACrash) {
  for (const std::string& junk : {"hello, world: not compressed at all"s, std::string(64, '\xff')}) {
    const auto r = decompress(GetParam().codec, junk, 1U << 20);
    EXPECT_EQ(r.status, DecodeStatus::Corrupt) << r.message;
    EXPECT_EQ(r.message.rfind("offset ", 0), 0U) << r.message;
    EXPECT_NE(r.message.find(codec_name(GetParam().codec)), std::string::npos) << r.message;
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, EveryCodec, ::testing::ValuesIn(compressible_codecs()),
                         [](const auto& param_info) {
                           std::string name(codec_name(param_info.param.codec));
                           std::erase(name, '-');
                           return name;
                         });

TEST(Decompress, CodecNames) {
  EXPECT_EQ(codec_name(Codec::Gzip), "gzip");
  EXPECT_EQ(codec_name(Codec::Zlib), "zlib");
  EXPECT_EQ(codec_name(Codec::Bzip2), "bzip2");
  EXPECT_EQ(codec_name(Codec::Xz), "xz");
  EXPECT_EQ(codec_name(Codec::LzmaAlone), "lzma");
  EXPECT_EQ(codec_name(Codec::Zstd), "zstd");
  EXPECT_EQ(codec_name(Codec::Lz4Frame), "lz4");
  EXPECT_EQ(codec_name(Codec::JoblibZF), "joblib-zf");
  EXPECT_EQ(codec_name(Codec::Deflate), "deflate");
  EXPECT_EQ(codec_name(Codec::ZipBzip2), "zip-bzip2");
  EXPECT_EQ(codec_name(Codec::ZipLzma), "zip-lzma");
  EXPECT_EQ(codec_name(Codec::SevenZipLzma2), "7z-lzma2");
}

TEST(Decompress, DetectsEverySelfIdentifyingCodec) {
  const std::string data = sample(1000);
  EXPECT_EQ(detect_codec(gzip(data)), Codec::Gzip);
  EXPECT_EQ(detect_codec(zlib(data)), Codec::Zlib);
  EXPECT_EQ(detect_codec(bzip2(data)), Codec::Bzip2);
  EXPECT_EQ(detect_codec(bzip2("")), Codec::Bzip2);  // end-of-stream magic right after the header
  EXPECT_EQ(detect_codec(xz(data)), Codec::Xz);
  EXPECT_EQ(detect_codec(lzma_alone(data)), Codec::LzmaAlone);
  EXPECT_EQ(detect_codec(zstd(data)), Codec::Zstd);
  EXPECT_EQ(detect_codec(lz4(data)), Codec::Lz4Frame);
  EXPECT_EQ(detect_codec(joblib_zf(data)), Codec::JoblibZF);
  // Every zlib level joblib can write: 78 01, 78 5e, 78 9c, 78 da.
  for (const char* head : {"\x78\x01", "\x78\x5e", "\x78\x9c", "\x78\xda"}) EXPECT_EQ(detect_codec(head), Codec::Zlib);
}

TEST(Decompress, DoesNotMistakePicklesForCodecs) {
  EXPECT_EQ(detect_codec("\x80\x02}q\x00."s), std::nullopt);    // protocol 2 pickle
  EXPECT_EQ(detect_codec("\x80\x04\x95\x10\x00"s), std::nullopt);  // protocol 4 frame
  EXPECT_EQ(detect_codec("BZh9 junk that is not a block"), std::nullopt);
  EXPECT_EQ(detect_codec("BZh"), std::nullopt);
  EXPECT_EQ(detect_codec("BZh0\x31\x41\x59\x26\x53\x59"), std::nullopt);  // block size digit 0
  EXPECT_EQ(detect_codec("B\x00\x00\x00\x01"s), std::nullopt);             // BINPUT-style bytes
  EXPECT_EQ(detect_codec("]q\x00(K\x01."s), std::nullopt);                 // EMPTY_LIST, BINPUT 0
  EXPECT_EQ(detect_codec("]\x00"s), std::nullopt);
  EXPECT_EQ(detect_codec("\x78\x00"s), std::nullopt);  // 0x7800 % 31 != 0
  EXPECT_EQ(detect_codec("\x78"), std::nullopt);
  EXPECT_EQ(detect_codec("ZF"), std::nullopt);
  EXPECT_EQ(detect_codec("(lp0\n."), std::nullopt);  // protocol 0
  EXPECT_EQ(detect_codec(""), std::nullopt);
}

TEST(Decompress, GzipReadsEveryMemberAsGzipOpenDoes) {
  const std::string a = sample(5000);
  const std::string b = sample(7000);
  const std::string packed = gzip(a) + gzip(b) + gzip("");
  const auto r = decompress(Codec::Gzip, packed, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Ok) << r.message;
  EXPECT_EQ(r.output, a + b);
  EXPECT_EQ(r.consumed, packed.size());
}

TEST(Decompress, GzipSkipsZeroPaddingBetweenAndAfterMembers) {
  const std::string packed = gzip("first ") + std::string(7, '\0') + gzip("second") + std::string(100, '\0');
  const auto r = decompress(Codec::Gzip, packed, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Ok) << r.message;
  EXPECT_EQ(r.output, "first second");
  EXPECT_EQ(r.consumed, packed.size());
}

TEST(Decompress, TrailingBytesAreOkAndNotConsumed) {
  const std::string data = sample(2000);
  for (const auto& c : compressible_codecs()) {
    const std::string packed = c.compress(data);
    const auto r = decompress(c.codec, packed + "trailing junk, not a member", 1U << 20);
    EXPECT_EQ(r.status, DecodeStatus::Ok) << codec_name(c.codec) << ": " << r.message;
    EXPECT_EQ(r.output, data) << codec_name(c.codec);
    EXPECT_EQ(r.consumed, packed.size()) << codec_name(c.codec);
  }
}

TEST(Decompress, ConcatenatedStreamsOfTheMultiStreamCodecs) {
  const std::string a = sample(3000);
  const std::string b = sample(4000);
  for (const auto& c : compressible_codecs()) {
    if (c.codec != Codec::Bzip2 && c.codec != Codec::Xz && c.codec != Codec::LzmaAlone && c.codec != Codec::Zstd &&
        c.codec != Codec::Lz4Frame) {
      continue;
    }
    const std::string packed = c.compress(a) + c.compress(b);
    const auto r = decompress(c.codec, packed, 1U << 20);
    EXPECT_EQ(r.status, DecodeStatus::Ok) << codec_name(c.codec) << ": " << r.message;
    EXPECT_EQ(r.output, a + b) << codec_name(c.codec);
    EXPECT_EQ(r.consumed, packed.size()) << codec_name(c.codec);
  }
}

TEST(Decompress, SingleStreamCodecsStopAfterTheFirstStream) {
  // zlib.decompress and zipfile read one stream; a second one is trailing data.
  const std::string first = zlib("one");
  const auto r = decompress(Codec::Zlib, first + zlib("two"), 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Ok);
  EXPECT_EQ(r.output, "one");
  EXPECT_EQ(r.consumed, first.size());
}

TEST(Decompress, XzStreamPaddingIsPartOfTheFile) {
  const std::string packed = xz("padded") + std::string(8, '\0') + xz(" twice") + std::string(4, '\0');
  const auto r = decompress(Codec::Xz, packed, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Ok) << r.message;
  EXPECT_EQ(r.output, "padded twice");
  EXPECT_EQ(r.consumed, packed.size());
  // Padding that is not a multiple of four is not padding: trailing data.
  const std::string single = xz("x");
  const auto odd = decompress(Codec::Xz, single + std::string(3, '\0'), 1U << 20);
  EXPECT_EQ(odd.status, DecodeStatus::Ok);
  EXPECT_EQ(odd.consumed, single.size());
}

TEST(Decompress, SkippableFramesAreSkipped) {
  // Magic 0x184D2A5?, a 4-byte little-endian length, that many bytes.
  const std::string skippable = "\x50\x2a\x4d\x18\x03\x00\x00\x00"
                                "abc"s;
  const std::string zst = skippable + zstd("zstd") + skippable;
  const auto z = decompress(Codec::Zstd, zst, 1U << 20);
  EXPECT_EQ(z.status, DecodeStatus::Ok) << z.message;
  EXPECT_EQ(z.output, "zstd");
  EXPECT_EQ(z.consumed, zst.size());
  const std::string lz = lz4("lz4") + skippable + lz4("!");
  const auto l = decompress(Codec::Lz4Frame, lz, 1U << 20);
  EXPECT_EQ(l.status, DecodeStatus::Ok) << l.message;
  EXPECT_EQ(l.output, "lz4!");
  EXPECT_EQ(l.consumed, lz.size());
}

TEST(Decompress, CorruptionKeepsWhatCameBefore) {
  const std::string data = sample(200000);
  // A bad CRC-32 in the gzip trailer: all data was decoded before the check.
  std::string packed = gzip(data);
  packed[packed.size() - 6] ^= 0x55;
  const auto r = decompress(Codec::Gzip, packed, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Corrupt);
  EXPECT_EQ(r.output, data);
  EXPECT_NE(r.message.find("gzip: CRC check failed"), std::string::npos) << r.message;
  // A second gzip member that breaks keeps the whole first one.
  std::string second = gzip(data);
  second[2] = '\x07';  // not deflate: gzip.open raises "Unknown compression method"
  const auto two = decompress(Codec::Gzip, gzip("first") + second, 1U << 20);
  EXPECT_EQ(two.status, DecodeStatus::Corrupt);
  EXPECT_EQ(two.output, "first");
  // Reserved flag bits, which zlib's gzip mode refuses, are ignored by
  // Python's gzip module: the member is read (container harness divergence).
  std::string reserved = gzip(data);
  reserved[3] = static_cast<char>(reserved[3] | 0xe0);
  const auto three = decompress(Codec::Gzip, gzip("first") + reserved, 1U << 20);
  EXPECT_EQ(three.status, DecodeStatus::Ok) << three.message;
  EXPECT_EQ(three.output, "first" + data);
  // ZSTD_compress writes no checksum, so break the block data instead: the
  // output stays a prefix of the data.
  std::string zst = zstd(data);
  for (std::size_t i = zst.size() / 2; i < zst.size() / 2 + 16; ++i) zst[i] = '\xff';
  const auto z = decompress(Codec::Zstd, zst, 1U << 20);
  EXPECT_EQ(z.status, DecodeStatus::Corrupt) << z.message;
  EXPECT_EQ(data.substr(0, z.output.size()), z.output);
}

TEST(Decompress, BombStopsAtTheBoundQuickly) {
  // 100 MB of zeros in gzip, streamed so the test never holds them.
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string zeros(1 << 20, '\0');
  std::string packed(1 << 20, '\0');
  zs.next_out = reinterpret_cast<Bytef*>(packed.data());
  zs.avail_out = static_cast<uInt>(packed.size());
  for (int i = 0; i < 100; ++i) {
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    zs.avail_in = static_cast<uInt>(zeros.size());
    ASSERT_EQ(deflate(&zs, i == 99 ? Z_FINISH : Z_NO_FLUSH), i == 99 ? Z_STREAM_END : Z_OK);
  }
  packed.resize(zs.total_out);
  deflateEnd(&zs);
  ASSERT_LT(packed.size(), 200000U);
  const auto r = decompress(Codec::Gzip, packed, 1 << 20);
  EXPECT_EQ(r.status, DecodeStatus::OverLimit);
  EXPECT_EQ(r.output.size(), 1U << 20);
  EXPECT_LT(r.consumed, packed.size() / 10);  // stopped near the start, did not inflate the rest
  EXPECT_LT(r.output.capacity(), 4U << 20);   // the buffer followed the output, not the input's promise
}

TEST(Decompress, LargeOutputSpillsToAFileNotMemory) {
  // Past DecodedBytes::kInMemory the output is written to a temporary file
  // and mapped: the same bytes and CRC, with little memory held.
  std::string data(DecodedBytes::kInMemory + (std::size_t{3} << 20) + 7, '\0');
  for (std::size_t i = 0; i < data.size(); i += 4093) data[i] = static_cast<char>(i / 4093);
  const auto r = decompress(Codec::Zlib, zlib(data), data.size() + 1);
  ASSERT_EQ(r.status, DecodeStatus::Ok) << r.message;
  EXPECT_TRUE(r.output.spilled());
  EXPECT_LT(r.output.capacity(), std::size_t{1} << 20);
  EXPECT_TRUE(r.output == data);
  EXPECT_EQ(r.output.crc32(), crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
  // Releasing pages behind a reader keeps the bytes readable.
  sentinel::release_pages_before(r.output.data() + r.output.size() - 1);
  EXPECT_TRUE(r.output == data);
  const auto small = decompress(Codec::Zlib, zlib("small"), 100);
  EXPECT_FALSE(small.output.spilled());
  EXPECT_EQ(small.output.crc32(), crc32_z(0, reinterpret_cast<const Bytef*>("small"), 5));
}

TEST(Decompress, LzmaDictionaryClaimsAreBounded) {
  // An .lzma header naming a 4 GiB dictionary: refused by the decoder's
  // memory limit rather than allocated.
  std::string packed = lzma_alone("small");
  packed.replace(1, 4, "\xff\xff\xff\xff");
  const auto r = decompress(Codec::LzmaAlone, packed, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Corrupt);
  EXPECT_NE(r.message.find("decoder memory"), std::string::npos) << r.message;
}

TEST(Decompress, JoblibZFHeaderAndLength) {
  const std::string data = sample(5000);
  const std::string packed = joblib_zf(data);
  EXPECT_EQ(packed.substr(0, 21), "ZF0x1388             ");
  const auto r = decompress(Codec::JoblibZF, packed, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Ok) << r.message;
  EXPECT_EQ(r.output, data);
  EXPECT_EQ(r.consumed, packed.size());
  // joblib <= 0.8.4 under Python 2 wrote one more space; read_zfile skips it.
  const std::string old = packed.substr(0, 21) + " " + packed.substr(21);
  EXPECT_EQ(decompress(Codec::JoblibZF, old, 1U << 20).output, data);
  // The declared length must match, as read_zfile asserts.
  std::string lying = packed;
  lying.replace(2, 6, "0x1387");
  const auto mismatch = decompress(Codec::JoblibZF, lying, 1U << 20);
  EXPECT_EQ(mismatch.status, DecodeStatus::Corrupt);
  EXPECT_EQ(mismatch.output, data);
  EXPECT_NE(mismatch.message.find("declares 4999 bytes but the stream holds 5000"), std::string::npos)
      << mismatch.message;
  std::string bad_length = packed;
  bad_length.replace(2, 6, "0xZZZZ");
  EXPECT_EQ(decompress(Codec::JoblibZF, bad_length, 1U << 20).status, DecodeStatus::Corrupt);
  EXPECT_EQ(decompress(Codec::JoblibZF, "ZF", 1U << 20).status, DecodeStatus::Corrupt);
  EXPECT_EQ(decompress(Codec::JoblibZF, "ZF0x10", 1U << 20).status, DecodeStatus::Truncated);
}

TEST(Decompress, ZipLzmaMemberFromPythonZipfile) {
  const auto r = decompress(Codec::ZipLzma, kZipLzmaMember, 1U << 20);
  EXPECT_EQ(r.status, DecodeStatus::Ok) << r.message;
  EXPECT_EQ(r.output, "hello hello hello lzma");
  EXPECT_EQ(r.consumed, kZipLzmaMember.size());
  const auto bounded = decompress(Codec::ZipLzma, kZipLzmaMember, 5);
  EXPECT_EQ(bounded.status, DecodeStatus::OverLimit);
  EXPECT_EQ(bounded.output, "hello");
  EXPECT_EQ(decompress(Codec::ZipLzma, kZipLzmaMember.substr(0, 7), 100).status, DecodeStatus::Truncated);
  EXPECT_EQ(decompress(Codec::ZipLzma, kZipLzmaMember.substr(0, 20), 100).status, DecodeStatus::Truncated);
  std::string bad_props = kZipLzmaMember;
  bad_props[4] = '\xff';  // lc/lp/pb byte over 224
  EXPECT_EQ(decompress(Codec::ZipLzma, bad_props, 100).status, DecodeStatus::Corrupt);
}

}  // namespace
}  // namespace sentinel::input
