// The 7z reader against archives written here with libarchive's 7zip writer:
// entries, types, the per-entry, total and entry-count limits, and broken
// archives.
#include <archive.h>
#include <archive_entry.h>
#include <lzma.h>
#include <gtest/gtest.h>
#include <locale.h>

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "archive_writer.hpp"
#include "input/sevenzip_reader.hpp"

namespace sentinel::input {
namespace {

using Entry = test::ArchiveEntry;

// `compression` is a 7zip writer option value: "store", "deflate", "lzma1", ...
std::string make_7z(const std::vector<Entry>& entries, const std::string& compression = "lzma1") {
  return test::write_archive(ARCHIVE_FORMAT_7ZIP, entries, ("7zip:compression=" + compression).c_str());
}

// What the visitor saw, copied (the data view dies with the call).
struct Seen {
  std::string name;
  bool regular;
  std::string link_target;
  std::uint64_t declared_size;
  std::string data;
  bool complete;
  std::string problem;
};

struct Visited {
  SevenZipResult result;
  std::vector<Seen> seen;
};

Visited read_all(std::string_view archive_bytes, SevenZipLimits limits = {1 << 20, 1 << 24, 1000}) {
  Visited run;
  run.result = read_7z(archive_bytes, limits, [&run](const SevenZipEntry& e) {
    run.seen.push_back({e.name, e.regular, e.link_target, e.declared_size, std::string(e.data), e.complete, e.problem});
  });
  return run;
}

std::string text(std::size_t size, char seed) {
  std::string s;
  for (std::size_t i = 0; s.size() < size; ++i) s += static_cast<char>(seed + static_cast<char>(i % 23));
  return s;
}

TEST(SevenZipReader, ReadsOneEntry) {
  const std::string archive_bytes = make_7z({{"model.pkl", "\x80\x04K\x2a."}});
  EXPECT_TRUE(looks_like_7z(archive_bytes));
  const Visited run = read_all(archive_bytes);
  EXPECT_EQ(run.result.error, "");
  EXPECT_FALSE(run.result.limit_reached);
  EXPECT_EQ(run.result.entries, 1U);
  EXPECT_EQ(run.result.total_extracted, 5U);
  ASSERT_EQ(run.seen.size(), 1U);
  EXPECT_EQ(run.seen[0].name, "model.pkl");
  EXPECT_TRUE(run.seen[0].regular);
  EXPECT_EQ(run.seen[0].declared_size, 5U);
  EXPECT_EQ(run.seen[0].data, "\x80\x04K\x2a.");
  EXPECT_TRUE(run.seen[0].complete);
  EXPECT_EQ(run.seen[0].problem, "");
}

TEST(SevenZipReader, ReadsEveryEntryInArchiveOrderWithTypes) {
  const std::string big = text(300000, 'a');
  const std::string archive_bytes = make_7z({{"dir", "", AE_IFDIR},
                                             {"dir/a.pkl", "first"},
                                             {"dir/link", "", AE_IFLNK, "a.pkl"},
                                             {"dir/empty", ""},
                                             {"dir/big.bin", big}});
  const Visited run = read_all(archive_bytes);
  EXPECT_EQ(run.result.error, "");
  EXPECT_EQ(run.result.entries, 5U);
  EXPECT_EQ(run.result.total_extracted, 5U + big.size());
  ASSERT_EQ(run.seen.size(), 5U);
  // 7z stores the entries with data first, then empty files, then directories.
  EXPECT_EQ(run.seen[0].name, "dir/a.pkl");
  EXPECT_EQ(run.seen[0].data, "first");
  EXPECT_EQ(run.seen[1].name, "dir/link");
  EXPECT_FALSE(run.seen[1].regular);
  EXPECT_EQ(run.seen[1].link_target, "a.pkl");
  EXPECT_TRUE(run.seen[1].data.empty());
  EXPECT_EQ(run.seen[2].name, "dir/big.bin");
  EXPECT_EQ(run.seen[2].data, big);
  EXPECT_EQ(run.seen[3].name, "dir/empty");
  EXPECT_TRUE(run.seen[3].regular);
  EXPECT_TRUE(run.seen[3].data.empty());
  EXPECT_TRUE(run.seen[3].complete);
  EXPECT_EQ(run.seen[4].name, "dir/");
  EXPECT_FALSE(run.seen[4].regular);
}

TEST(SevenZipReader, NamesOutsideAsciiWhateverTheProcessLocale) {
  const Visited run = read_all(make_7z({{"caf\xc3\xa9/mod\xc3\xa8le.pkl", "x"}}));
  ASSERT_EQ(run.seen.size(), 1U);
  EXPECT_EQ(run.seen[0].name, "caf\xc3\xa9/mod\xc3\xa8le.pkl");
  EXPECT_EQ(run.seen[0].problem, "");
}

TEST(SevenZipReader, PerEntryLimitCutsOnlyThatEntry) {
  const std::string archive_bytes = make_7z({{"big", text(1000, 'a')}, {"small", "ok"}});
  const Visited run = read_all(archive_bytes, {100, 1 << 20, 10});
  EXPECT_EQ(run.result.error, "");
  EXPECT_FALSE(run.result.limit_reached);
  EXPECT_EQ(run.result.entries, 2U);
  ASSERT_EQ(run.seen.size(), 2U);
  EXPECT_EQ(run.seen[0].name, "big");
  EXPECT_FALSE(run.seen[0].complete);
  EXPECT_EQ(run.seen[0].data, text(1000, 'a').substr(0, 100));
  EXPECT_EQ(run.seen[0].declared_size, 1000U);
  EXPECT_EQ(run.seen[0].problem, "entry exceeds the limit of 100 bytes");
  EXPECT_EQ(run.seen[1].data, "ok");
  EXPECT_TRUE(run.seen[1].complete);
  EXPECT_EQ(run.result.total_extracted, 102U);
}

TEST(SevenZipReader, EntryOfExactlyTheLimitIsComplete) {
  const Visited run = read_all(make_7z({{"exact", text(100, 'e')}}), {100, 100, 1});
  ASSERT_EQ(run.seen.size(), 1U);
  EXPECT_TRUE(run.seen[0].complete);
  EXPECT_FALSE(run.result.limit_reached);
}

TEST(SevenZipReader, TotalLimitStopsTheArchive) {
  const std::string archive_bytes =
      make_7z({{"one", text(600, 'a')}, {"two", text(600, 'b')}, {"three", text(600, 'c')}});
  const Visited run = read_all(archive_bytes, {1000, 1000, 10});
  EXPECT_TRUE(run.result.limit_reached);
  EXPECT_EQ(run.result.error, "");
  EXPECT_EQ(run.result.entries, 2U);
  EXPECT_EQ(run.result.total_extracted, 1000U);
  ASSERT_EQ(run.seen.size(), 2U);
  EXPECT_TRUE(run.seen[0].complete);
  EXPECT_FALSE(run.seen[1].complete);
  EXPECT_EQ(run.seen[1].data, text(600, 'b').substr(0, 400));
  EXPECT_EQ(run.seen[1].problem, "extraction stopped at the total limit of 1000 bytes");
}

TEST(SevenZipReader, EntryCountLimit) {
  const std::string archive_bytes = make_7z({{"a", "1"}, {"b", "2"}, {"c", "3"}});
  const Visited run = read_all(archive_bytes, {100, 100, 2});
  EXPECT_TRUE(run.result.limit_reached);
  EXPECT_EQ(run.result.entries, 2U);
  EXPECT_EQ(run.seen.size(), 2U);
  EXPECT_FALSE(read_all(archive_bytes, {100, 100, 3}).result.limit_reached);
}

TEST(SevenZipReader, CorruptDataIsAnErrorAfterTheEntriesRead) {
  // Stored (uncompressed) data, so the bytes to break are easy to find: the
  // second entry's content fails its CRC.
  const std::string first = text(200, 'a');
  const std::string second = text(200, 'k');
  std::string archive_bytes = make_7z({{"first", first}, {"second", second}}, "store");
  const std::size_t at = archive_bytes.find(second);
  ASSERT_NE(at, std::string::npos);
  archive_bytes[at + 50] ^= 0x20;
  const Visited run = read_all(archive_bytes);
  ASSERT_GE(run.seen.size(), 1U);
  EXPECT_EQ(run.seen[0].data, first);
  EXPECT_TRUE(run.seen[0].complete);
  const bool reported = !run.result.error.empty() || (run.seen.size() == 2 && !run.seen[1].problem.empty());
  EXPECT_TRUE(reported) << "a crc mismatch must not pass silently";
}

TEST(SevenZipReader, BrokenArchivesAreErrors) {
  const std::string archive_bytes = make_7z({{"a.pkl", text(5000, 'a')}});
  for (const std::string& broken : {archive_bytes.substr(0, archive_bytes.size() / 2), archive_bytes.substr(0, 40),
                                    std::string("\x37\x7a\xbc\xaf\x27\x1c\x00\x04", 8) + std::string(100, '\xff'),
                                    std::string("not a 7z archive at all"), std::string()}) {
    const Visited run = read_all(broken);
    EXPECT_NE(run.result.error, "") << broken.size();
    EXPECT_EQ(run.result.entries, run.seen.size());
    for (const auto& s : run.seen) EXPECT_FALSE(s.complete && s.data != text(5000, 'a'));
  }
  // Header damage: the error message comes from libarchive, in house style.
  std::string damaged = archive_bytes;
  damaged[archive_bytes.size() - 10] ^= 0x55;
  const Visited run = read_all(damaged);
  EXPECT_NE(run.result.error, "");
  EXPECT_FALSE(run.result.error.ends_with("."));
  EXPECT_FALSE(std::isupper(static_cast<unsigned char>(run.result.error[0])));
}

// Little-endian u64 fields of the signature header: next header offset and size.
void set_u64(std::string& bytes, std::size_t at, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>(value >> (8 * i));
}

TEST(SevenZipReader, RegressNextHeaderSizeAlloc) {
  // Fuzzer find: a next-header size far past the end of the archive made
  // libarchive allocate that much (24 GiB) before reading.
  std::string archive_bytes = make_7z({{"a.pkl", "data"}}, "store");
  set_u64(archive_bytes, 20, std::uint64_t{1} << 56);
  const Visited run = read_all(archive_bytes);
  EXPECT_EQ(run.result.entries, 0U);
  EXPECT_EQ(run.result.error.rfind("the 7z header (72057594037927936 bytes at offset", 0), 0U) << run.result.error;
}

TEST(SevenZipReader, EncodedHeaderDecodedSizeIsBounded) {
  // libarchive's LZMA writer compresses the header ("encoded header"); its
  // declared decoded size follows kCodersUnpackSize (0x0c), after the LZMA1
  // coder (id 03 01 01, 5 property bytes).
  const std::string archive_bytes = make_7z({{"a.pkl", text(3000, 'a')}, {"b.pkl", "b"}});
  ASSERT_EQ(read_all(archive_bytes).result.error, "");
  const std::size_t coder = archive_bytes.rfind("\x03\x01\x01\x05");
  ASSERT_NE(coder, std::string::npos);
  const std::size_t unpack_size = coder + 4 + 5;
  ASSERT_EQ(archive_bytes[unpack_size], '\x0c');
  // Replace the size (a 7z number of 1 or 2 bytes here) with 0xff and 8 bytes: 1 TiB.
  const std::size_t old_length = (archive_bytes[unpack_size + 1] & 0x80) != 0 ? 2 : 1;
  std::string claim = "\xff" + std::string(8, '\0');
  set_u64(claim, 1, std::uint64_t{1} << 40);
  std::string patched = archive_bytes;
  patched.replace(unpack_size + 1, old_length, claim);
  std::uint64_t size = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    size |= static_cast<std::uint64_t>(static_cast<unsigned char>(patched[20 + i])) << (8 * i);
  }
  set_u64(patched, 20, size + claim.size() - old_length);
  const Visited run = read_all(patched);
  EXPECT_EQ(run.result.entries, 0U);
  EXPECT_EQ(run.result.error,
            "the encoded 7z header declares 1099511627776 bytes once decoded, over the limit of 268435456");
}

// An archive of just the signature header and `next_header` (CRCs left zero:
// the declared counts are judged before libarchive reads anything).
std::string with_next_header(const std::string& next_header) {
  std::string bytes = std::string("7z\xbc\xaf\x27\x1c\x00\x04", 8) + std::string(24, '\0');
  set_u64(bytes, 20, next_header.size());
  return bytes + next_header;
}

// A 7z number that takes nine bytes.
std::string big_number(std::uint64_t value) {
  std::string n = "\xff" + std::string(8, '\0');
  set_u64(n, 1, value);
  return n;
}

TEST(SevenZipReader, CountsTheHeaderCannotHoldAreRefused) {
  // Fuzzer find: an encoded header of 33 bytes declaring 15,859,713 folders
  // made libarchive allocate 1.6 GB for them before reading any.
  const std::string encoded = std::string("\x17\x06\x2d\x01\x09\x77\x00\x07\x0b", 9) + big_number(15859713) +
                              std::string(16, '\0');
  EXPECT_EQ(read_all(with_next_header(encoded)).result.error,
            "the 7z header of 34 bytes declares 15859713 folders besides 1 other items");
  // The same in a plain header, for folders, unpacked streams and files.
  const std::string pack_info("\x06\x00\x01\x09\x05\x00", 6);
  const std::string folders = std::string("\x01\x04", 2) + pack_info + "\x07\x0b" + big_number(1 << 20) + std::string(8, '\0');
  EXPECT_EQ(read_all(with_next_header(folders)).result.error,
            "the 7z header of 27 bytes declares 1048576 folders besides 1 other items");
  // One folder of one copy coder, size 5, then 2^20 unpacked streams in it.
  const std::string one_folder = std::string("\x07\x0b\x01\x00\x01\x01\x00\x0c\x05\x00", 10);
  const std::string substreams = std::string("\x01\x04", 2) + pack_info + one_folder + "\x08\x0d" + big_number(1 << 20) +
                                 std::string(8, '\0');
  EXPECT_NE(read_all(with_next_header(substreams)).result.error.find("declares 1048576 unpacked streams"), std::string::npos)
      << read_all(with_next_header(substreams)).result.error;
  const std::string files = std::string("\x01\x05", 2) + big_number(std::uint64_t{1} << 30) + std::string(8, '\0');
  EXPECT_NE(read_all(with_next_header(files)).result.error.find("declares 1073741824 files"), std::string::npos)
      << read_all(with_next_header(files)).result.error;
  // Real archives, plain and encoded headers alike, are read as before.
  for (const char* compression : {"store", "lzma1", "deflate"}) {
    const Visited run = read_all(make_7z({{"a.pkl", text(3000, 'a')}, {"b.pkl", "b"}, {"c/d.pkl", "d"}}, compression));
    EXPECT_EQ(run.result.error, "") << compression;
    EXPECT_EQ(run.result.entries, 3U) << compression;
  }
}

// An archive whose header is `plain_header` encoded with one coder (method
// `id`, `properties`), its packed bytes first, as 7-Zip lays it out.
std::string with_encoded_header(const std::string& packed, std::uint64_t plain_size, const std::string& id,
                                const std::string& properties) {
  const auto one_byte = [](std::uint64_t n) {  // a 7z number below 0x80 is one byte
    EXPECT_LT(n, 0x80U);
    return std::string(1, static_cast<char>(n));
  };
  std::string encoded = std::string("\x17\x06\x00\x01\x09", 5) + big_number(packed.size()) + std::string("\x00\x07\x0b\x01\x00\x01", 6);  // one folder, sizes inline, one coder
  encoded += static_cast<char>(id.size() | (properties.empty() ? 0x00 : 0x20));
  encoded += id;
  if (!properties.empty()) encoded += one_byte(properties.size()) + properties;
  encoded += "\x0c" + big_number(plain_size) + std::string("\x00", 1);
  std::string bytes = with_next_header(encoded);
  set_u64(bytes, 12, packed.size());  // the next header follows the packed bytes
  return bytes.substr(0, 32) + packed + encoded;
}

// `plain` as raw LZMA1 or LZMA2 with its 7z properties.
std::pair<std::string, std::string> lzma_encode(const std::string& plain, lzma_vli filter) {
  lzma_options_lzma options{};
  lzma_lzma_preset(&options, 6);
  lzma_filter filters[2] = {{filter, &options}, {LZMA_VLI_UNKNOWN, nullptr}};
  std::string packed(plain.size() + 1024, '\0');
  std::size_t out = 0;
  EXPECT_EQ(lzma_raw_buffer_encode(filters, nullptr, reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size(),
                                   reinterpret_cast<std::uint8_t*>(packed.data()), &out, packed.size()),
            LZMA_OK);
  packed.resize(out);
  std::uint32_t props_size = 0;
  EXPECT_EQ(lzma_properties_size(&props_size, &filters[0]), LZMA_OK);
  std::string properties(props_size, '\0');
  EXPECT_EQ(lzma_properties_encode(&filters[0], reinterpret_cast<std::uint8_t*>(properties.data())), LZMA_OK);
  return {packed, properties};
}

TEST(SevenZipReader, EncodedHeaderCountsAreCheckedOnceDecoded) {
  // The counts libarchive allocates by, inside a compressed header: it
  // decodes the header, then allocates for 2^20 folders before reading one.
  const std::string pack_info("\x06\x00\x01\x09\x05\x00", 6);
  const std::string folders = std::string("\x01\x04", 2) + pack_info + "\x07\x0b" + big_number(1 << 20) + std::string(8, '\0');
  const std::string refusal = "the 7z header of 27 bytes declares 1048576 folders besides 1 other items";
  for (const auto& [filter, id] : {std::pair{LZMA_FILTER_LZMA1, std::string("\x03\x01\x01")},
                                   std::pair{LZMA_FILTER_LZMA2, std::string("\x21")}}) {
    const auto [packed, properties] = lzma_encode(folders, filter);
    EXPECT_EQ(read_all(with_encoded_header(packed, folders.size(), id, properties)).result.error, refusal) << id.size();
    // Encoded twice: the inner header is itself an encoded one.
    const std::string inner = with_encoded_header(packed, folders.size(), id, properties);
    const std::string twice_header = inner.substr(32 + packed.size());
    std::string twice = inner.substr(0, 32 + packed.size()) + twice_header;
    const auto [packed2, properties2] = lzma_encode(twice_header, filter);
    const std::string outer = with_encoded_header(packed + packed2, twice_header.size(), id, properties2);
    // The outer header's packed bytes start after the first ones.
    std::string shifted = outer;
    const std::size_t pos_at = 32 + packed.size() + packed2.size() + 2;  // 0x17 0x06, then the position
    ASSERT_EQ(shifted[pos_at], '\x00');
    shifted[pos_at] = static_cast<char>(packed.size());
    ASSERT_LT(packed.size(), 0x80U);
    std::string next_size = shifted.substr(32 + packed.size() + packed2.size());
    // The outer header declares the size of the second packed block only.
    const std::size_t size_at = next_size.find('\x09') + 1;
    set_u64(next_size, size_at + 1, packed2.size());
    shifted = shifted.substr(0, 32 + packed.size() + packed2.size()) + next_size;
    EXPECT_EQ(read_all(shifted).result.error, refusal) << "twice, " << id.size();
  }
  // The plain twin of that header, copied (method 00) rather than compressed.
  EXPECT_EQ(read_all(with_encoded_header(folders, folders.size(), std::string("\x00", 1), "")).result.error, refusal);
}

TEST(SevenZipReader, EncodedHeadersNotCheckableAreRefused) {
  const std::string plain = std::string("\x01\x05\x01", 3) + std::string(8, '\0');
  // A method not decoded here (PPMd, 03 04 01).
  EXPECT_EQ(read_all(with_encoded_header(plain, plain.size(), "\x03\x04\x01", std::string(5, '\x06'))).result.error,
            "the encoded 7z header uses method 030401, which is not decoded here to check the counts it declares");
  // Fewer bytes than declared.
  const auto [packed, properties] = lzma_encode(plain, LZMA_FILTER_LZMA2);
  EXPECT_EQ(read_all(with_encoded_header(packed, plain.size() + 5, "\x21", properties)).result.error.rfind(
                "the encoded 7z header decodes to 11 of the 16 bytes it declares", 0),
            0U);
  // Packed bytes outside the archive.
  std::string outside = with_encoded_header(packed, plain.size(), "\x21", properties);
  outside[32 + packed.size() + 2] = '\x7f';
  EXPECT_EQ(read_all(outside).result.error.rfind("the encoded 7z header's packed bytes", 0), 0U)
      << read_all(outside).result.error;
}

TEST(SevenZipReader, HeadersOfEveryWriterMethodAreRead) {
  // libarchive encodes the header with the archive's method; each is decoded
  // for the count check and then read as before.
  for (const char* compression : {"store", "deflate", "bzip2", "lzma1", "lzma2"}) {
    const Visited run = read_all(make_7z({{"a.pkl", text(3000, 'a')}, {"b.pkl", "b"}}, compression));
    EXPECT_EQ(run.result.error, "") << compression;
    EXPECT_EQ(run.result.entries, 2U) << compression;
  }
}

TEST(SevenZipReader, EmptyArchive) {
  const Visited run = read_all(make_7z({}));
  EXPECT_EQ(run.result.error, "");
  EXPECT_EQ(run.result.entries, 0U);
}

TEST(SevenZipReader, LooksLike7z) {
  EXPECT_TRUE(looks_like_7z(make_7z({{"a", "b"}})));
  EXPECT_TRUE(looks_like_7z("\x37\x7a\xbc\xaf\x27\x1c"));
  EXPECT_FALSE(looks_like_7z("\x37\x7a\xbc\xaf\x27"));
  EXPECT_FALSE(looks_like_7z("PK\x03\x04"));
  EXPECT_FALSE(looks_like_7z(""));
}

}  // namespace
}  // namespace sentinel::input
