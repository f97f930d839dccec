// Zip reader: archives are built here by a small writer with tampering knobs
// (evasion catalogue 3-6 and the zip structure attacks), plus a few archives
// written by Python's zipfile for interoperability.
#include "input/zip_reader.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::input {
namespace {

// ---------------------------------------------------------------- writer

void put16(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 2; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put32(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::uint32_t crc_of(const std::string& s) {
  return static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(s.data()), s.size()));
}

std::string raw_deflate(const std::string& in) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

enum class Descriptor { None, Signed, Unsigned };

struct Member {
  std::string name;
  std::string data;         // uncompressed content
  std::uint16_t method = 0;  // 8 is deflated here; any other method stores `data` as is
  std::uint16_t flags = 0;   // both headers (0x8 is added for a descriptor)
  bool zip64 = false;        // zip64 extra fields with 0xffffffff markers in both headers
  Descriptor descriptor = Descriptor::None;
  bool in_central = true;
  // Tampering.
  std::optional<std::string> local_name = std::nullopt;
  std::optional<std::uint16_t> local_flags = std::nullopt;
  std::optional<std::uint32_t> crc = std::nullopt;             // both headers
  std::optional<std::uint32_t> local_crc = std::nullopt;       // local header only
  std::optional<std::uint32_t> descriptor_crc = std::nullopt;  // data descriptor only
  std::optional<std::uint64_t> central_csize = std::nullopt;   // central directory only
  std::optional<std::size_t> central_points_at = std::nullopt;  // the central entry names member #k's local header
};

struct Archive {
  std::vector<Member> members;
  std::string prefix;            // bytes before the first local header
  bool absolute_offsets = false;  // offsets count the prefix (an adjusted self-extractor)
  std::string comment;
  std::optional<std::uint16_t> comment_size = std::nullopt;  // tampering: the declared size
  bool zip64_end = false;                      // zip64 end record + locator
  bool end_record = true;
};

std::string payload(const Member& m) { return m.method == 8 ? raw_deflate(m.data) : m.data; }

std::string build(const Archive& a) {
  std::string out = a.prefix;
  const std::uint64_t base = a.absolute_offsets ? 0 : a.prefix.size();
  std::vector<std::uint64_t> offsets;
  for (const auto& m : a.members) {
    const std::string body = payload(m);
    const std::uint32_t crc = m.crc.value_or(crc_of(m.data));
    const bool dd = m.descriptor != Descriptor::None;
    const auto flags = static_cast<std::uint16_t>(m.local_flags.value_or(m.flags) | (dd ? 0x8 : 0));
    const std::string& name = m.local_name ? *m.local_name : m.name;
    offsets.push_back(out.size() - base);
    put32(out, 0x04034b50);
    put16(out, m.zip64 ? 45 : 20);
    put16(out, flags);
    put16(out, m.method);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, dd ? 0 : m.local_crc.value_or(crc));
    put32(out, dd ? 0 : m.zip64 ? 0xffffffff : body.size());
    put32(out, dd ? 0 : m.zip64 ? 0xffffffff : m.data.size());
    put16(out, name.size());
    put16(out, m.zip64 ? 20 : 0);
    out += name;
    if (m.zip64) {
      put16(out, 1);
      put16(out, 16);
      put64(out, dd ? 0 : m.data.size());
      put64(out, dd ? 0 : body.size());
    }
    out += body;
    if (dd) {
      if (m.descriptor == Descriptor::Signed) put32(out, 0x08074b50);
      put32(out, m.descriptor_crc.value_or(crc));
      if (m.zip64) {
        put64(out, body.size());
        put64(out, m.data.size());
      } else {
        put32(out, body.size());
        put32(out, m.data.size());
      }
    }
  }
  const std::uint64_t cd_offset = out.size() - base;
  std::uint64_t entries = 0;
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    const auto& m = a.members[i];
    if (!m.in_central) continue;
    ++entries;
    const std::string body = payload(m);
    const std::uint64_t csize = m.central_csize.value_or(body.size());
    const std::uint64_t offset = offsets[m.central_points_at.value_or(i)];
    const bool dd = m.descriptor != Descriptor::None;
    put32(out, 0x02014b50);
    put16(out, m.zip64 ? 45 : 20);
    put16(out, m.zip64 ? 45 : 20);
    put16(out, m.flags | (dd ? 0x8 : 0));
    put16(out, m.method);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, m.crc.value_or(crc_of(m.data)));
    put32(out, m.zip64 ? 0xffffffff : csize);
    put32(out, m.zip64 ? 0xffffffff : m.data.size());
    put16(out, m.name.size());
    put16(out, m.zip64 ? 28 : 0);
    put16(out, 0);
    put16(out, 0);
    put16(out, 0);
    put32(out, 0);
    put32(out, m.zip64 ? 0xffffffff : offset);
    out += m.name;
    if (m.zip64) {
      put16(out, 1);
      put16(out, 24);
      put64(out, m.data.size());
      put64(out, csize);
      put64(out, offset);
    }
  }
  const std::uint64_t cd_size = out.size() - base - cd_offset;
  if (a.zip64_end) {
    const std::uint64_t record = out.size() - base;
    put32(out, 0x06064b50);
    put64(out, 44);
    put16(out, 45);
    put16(out, 45);
    put32(out, 0);
    put32(out, 0);
    put64(out, entries);
    put64(out, entries);
    put64(out, cd_size);
    put64(out, cd_offset);
    put32(out, 0x07064b50);
    put32(out, 0);
    put64(out, record);
    put32(out, 1);
  }
  if (a.end_record) {
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, a.zip64_end ? 0xffff : entries);
    put16(out, a.zip64_end ? 0xffff : entries);
    put32(out, a.zip64_end ? 0xffffffff : cd_size);
    put32(out, a.zip64_end ? 0xffffffff : cd_offset);
    put16(out, a.comment_size.value_or(static_cast<std::uint16_t>(a.comment.size())));
    out += a.comment;
  }
  return out;
}

std::uint32_t get32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s.at(at + static_cast<std::size_t>(i)));
  return v;
}
void set32(std::string& s, std::size_t at, std::uint32_t v) {
  std::string le;
  put32(le, v);
  s.replace(at, 4, le);
}
// Offset of the end record of an archive without a comment.
std::size_t end_record_at(const std::string& s) { return s.size() - 22; }

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

// --------------------------------------------------------------- helpers

const std::string kPickle = std::string("\x80\x02}q\x00X\x01\x00\x00\x00" "aq\x01K\x01s.", 17);
// Text that deflate shrinks but not to nothing.
const std::string kNotes = [] {
  std::string s;
  for (int i = 0; i < 100; ++i) s += std::to_string(i * i) + ' ';
  return s;
}();
constexpr std::uint64_t kMaxEntries = 1000;
constexpr std::uint64_t kMaxOutput = 1 << 20;

// Every message: lower-case start (or a quoted name or a number), no final period.
void expect_well_formed(const ZipListing& z) {
  for (const auto& p : z.problems) {
    ASSERT_FALSE(p.message.empty());
    const char first = p.message.front();
    EXPECT_TRUE(first == '\'' || (first >= 'a' && first <= 'z') || (first >= '0' && first <= '9')) << p.message;
    EXPECT_NE(p.message.back(), '.') << p.message;
  }
}

ZipListing list(const std::string& bytes, std::uint64_t max_entries = kMaxEntries) {
  auto z = read_zip(bytes, max_entries);
  expect_well_formed(z);
  return z;
}

std::size_t count(const ZipListing& z, ZipTamper kind) {
  std::size_t n = 0;
  for (const auto& p : z.problems) n += p.kind == kind ? 1 : 0;
  return n;
}

// The first problem of this kind whose message contains `text`, or null.
const ZipProblem* find(const ZipListing& z, ZipTamper kind, const std::string& text = {}) {
  for (const auto& p : z.problems) {
    if (p.kind == kind && p.message.find(text) != std::string::npos) return &p;
  }
  return nullptr;
}

std::string describe(const ZipListing& z) {
  std::string out;
  for (const auto& p : z.problems) out += std::string(zip_tamper_name(p.kind)) + ": " + p.message + "\n";
  return out;
}

// The member's bytes, expecting a complete decode.
std::string content(const std::string& bytes, const ZipEntry& e) {
  const auto m = read_zip_member(bytes, e, kMaxOutput);
  EXPECT_EQ(m.decoded.status, DecodeStatus::Ok) << e.name << ": " << m.decoded.message;
  EXPECT_TRUE(m.crc_checked) << e.name;
  EXPECT_TRUE(m.crc_ok) << e.name;
  return std::string(m.decoded.output.view());
}

Archive two_members() {
  Archive a;
  a.members.push_back(Member{.name = "archive/data.pkl", .data = kPickle});
  a.members.push_back(Member{.name = "archive/notes.txt", .data = kNotes, .method = 8});
  return a;
}

// ----------------------------------------------------------------- tests

TEST(ZipReader, ListsStoredAndDeflatedMembers) {
  const auto bytes = build(two_members());
  EXPECT_TRUE(looks_like_zip(bytes));
  const auto z = list(bytes);
  EXPECT_TRUE(z.problems.empty()) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_EQ(z.prefix_size, 0U);
  EXPECT_FALSE(z.zip64);
  const auto& e = z.entries[0];
  EXPECT_EQ(e.name, "archive/data.pkl");
  EXPECT_EQ(e.local_name, e.name);
  EXPECT_EQ(e.method, 0);
  EXPECT_EQ(e.local_header_offset, 0U);
  EXPECT_EQ(e.data_offset, 30U + e.name.size());
  EXPECT_EQ(e.compressed_size, kPickle.size());
  EXPECT_TRUE(e.in_central_directory);
  EXPECT_EQ(content(bytes, e), kPickle);
  EXPECT_EQ(stored_member_view(bytes, e), kPickle);
  EXPECT_EQ(z.entries[1].method, 8);
  EXPECT_LT(z.entries[1].compressed_size, kNotes.size());
  EXPECT_EQ(content(bytes, z.entries[1]), kNotes);
}

// Written by Python 3.11's zipfile (ZipInfo date 2024-01-01) from the same
// 17-byte pickle; see the test below for the members.
const std::string kPythonStoredDeflate = from_hex(
    "504b030414000000000000002158e334c4c7110000001100000010000000617263686976652f646174612e706b6c80027d71"
    "0058010000006171014b01732e504b030414000000080000002158573762850b000000230000001100000061726368697665"
    "2f6e6f7465732e747874cb48cdc9c957c8c0470200504b0102140314000000000000002158e334c4c7110000001100000010"
    "0000000000000000000000800100000000617263686976652f646174612e706b6c504b010214031400000008000000215857"
    "3762850b0000002300000011000000000000000000000080013f000000617263686976652f6e6f7465732e747874504b0506"
    "00000000020002007d000000790000000000");
const std::string kPythonBzip2 = from_hex(
    "504b03042e0000000c0000002158e334c4c73d0000001100000008000000646174612e706b6c425a68393141592653597f0c"
    "85e300000857c0700000010008004020002802400020003100d34d04341a1a0180c15c4b253cbc5dc914e14241fc32178c50"
    "4b01022e032e0000000c0000002158e334c4c73d00000011000000080000000000000000000000800100000000646174612e"
    "706b6c504b0506000000000100010036000000630000000000");
const std::string kPythonLzma = from_hex(
    "504b03043f0002000e0000002158e334c4c7240000001100000008000000646174612e706b6c090405005d00008000004000"
    "8b29d781624d583f9af8b72f07d2f8973f6be3fffec62000504b01023f033f0002000e0000002158e334c4c7240000001100"
    "0000080000000000000000000000800100000000646174612e706b6c504b05060000000001000100360000004a0000000000");
// force_zip64=True: a zip64 extra field in the local header only.
const std::string kPythonZip64 = from_hex(
    "504b030414000000000000002158e334c4c7110000001100000008001400646174612e706b6c010010001100000000000000"
    "110000000000000080027d710058010000006171014b01732e504b0102140314000000000000002158e334c4c71100000011"
    "000000080000000000000000000000800100000000646174612e706b6c504b05060000000001000100360000004b00000000"
    "00");

TEST(ZipReader, ReadsWhatPythonZipfileWrites) {
  struct Case {
    const std::string* bytes;
    std::uint16_t method;
  };
  for (const auto& c : {Case{&kPythonStoredDeflate, 0}, Case{&kPythonBzip2, 12}, Case{&kPythonLzma, 14},
                        Case{&kPythonZip64, 0}}) {
    const auto z = list(*c.bytes);
    EXPECT_TRUE(z.problems.empty()) << describe(z);
    ASSERT_GE(z.entries.size(), 1U);
    EXPECT_EQ(z.entries[0].method, c.method);
    EXPECT_EQ(z.entries[0].crc32, 3351524579U);
    EXPECT_EQ(content(*c.bytes, z.entries[0]), kPickle);
  }
  const auto z = list(kPythonStoredDeflate);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_EQ(z.entries[1].name, "archive/notes.txt");
  EXPECT_EQ(z.entries[1].local_header_offset, 63U);
  EXPECT_EQ(content(kPythonStoredDeflate, z.entries[1]), "hello hello hello hello hello hello");
  EXPECT_TRUE(list(kPythonZip64).zip64);
  EXPECT_FALSE(list(kPythonBzip2).zip64);
}

TEST(ZipReader, Zip64ExtrasAndEndRecord) {
  Archive a = two_members();
  for (auto& m : a.members) m.zip64 = true;
  a.zip64_end = true;
  const auto bytes = build(a);
  const auto z = list(bytes);
  EXPECT_TRUE(z.problems.empty()) << describe(z);
  EXPECT_TRUE(z.zip64);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_EQ(z.entries[0].compressed_size, kPickle.size());
  EXPECT_EQ(z.entries[0].uncompressed_size, kPickle.size());
  EXPECT_GT(z.entries[1].local_header_offset, 0U);
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
  EXPECT_EQ(content(bytes, z.entries[1]), kNotes);
}

// zipfile reads archives with bytes prepended (its "concat"); torch needs
// the local header at offset 0.
TEST(ZipReader, PrefixJunkShiftsOffsetsLikeZipfile) {
  Archive a = two_members();
  a.prefix = std::string(100, 'J');
  const auto bytes = build(a);
  EXPECT_TRUE(looks_like_zip(bytes));
  const auto z = list(bytes);
  EXPECT_EQ(z.prefix_size, 100U);
  ASSERT_NE(find(z, ZipTamper::PrefixData, "shifts every offset by 100 bytes"), nullptr) << describe(z);
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_EQ(z.entries[0].local_header_offset, 100U);
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
  EXPECT_EQ(content(bytes, z.entries[1]), kNotes);
}

// Stated offsets 10 bytes too large everywhere: zipfile shifts them back.
TEST(ZipReader, StatedOffsetsTooLargeAreShiftedBack) {
  auto bytes = build(two_members());
  const auto end = end_record_at(bytes);
  const auto cd = get32(bytes, end + 16);
  set32(bytes, end + 16, cd + 10);
  for (auto at = bytes.find(std::string("PK\x01\x02", 4)); at != std::string::npos;
       at = bytes.find(std::string("PK\x01\x02", 4), at + 1)) {
    set32(bytes, at + 42, get32(bytes, at + 42) + 10);
  }
  const auto z = list(bytes);
  ASSERT_NE(find(z, ZipTamper::PrefixData, "shifts every offset by -10 bytes"), nullptr) << describe(z);
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_EQ(content(bytes, z.entries[1]), kNotes);
}

// A directory size that sends zipfile to the wrong place; miniz reads at
// the stated offset and torch loads the archive.
TEST(ZipReader, CentralDirectoryOnlyTorchFinds) {
  auto bytes = build(two_members());
  const auto end = end_record_at(bytes);
  set32(bytes, end + 12, get32(bytes, end + 12) + 5);
  const auto z = list(bytes);
  ASSERT_NE(find(z, ZipTamper::Truncated, "as torch does"), nullptr) << describe(z);
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
}

TEST(ZipReader, SelfExtractorStubWithAbsoluteOffsets) {
  Archive a = two_members();
  a.prefix = "MZ" + std::string(62, '\0');
  a.absolute_offsets = true;
  const auto bytes = build(a);
  const auto z = list(bytes);
  EXPECT_EQ(z.prefix_size, 64U);
  ASSERT_NE(find(z, ZipTamper::PrefixData, "64 bytes before the first local header"), nullptr) << describe(z);
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
}

// Evasion catalogue 3 (CVE-2025-1944).
TEST(ZipReader, LocalNameDiffersFromCentralName) {
  Archive a = two_members();
  a.members[0].local_name = "archive/datap.kl";
  const auto bytes = build(a);
  const auto z = list(bytes);
  const auto* p = find(z, ZipTamper::NameMismatch, "'archive/datap.kl'");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "archive/data.pkl");
  EXPECT_NE(p->message.find("'archive/data.pkl'"), std::string::npos);
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
  EXPECT_EQ(z.entries[0].local_name, "archive/datap.kl");
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
}

// Evasion catalogue 4 (CVE-2025-1945): the member is plain, the flags lie.
TEST(ZipReader, EncryptionAndPatchFlagBitsAreReportedAndIgnored) {
  for (const std::uint16_t bit : {std::uint16_t{0x1}, std::uint16_t{0x20}, std::uint16_t{0x40}}) {
    Archive a = two_members();
    a.members[0].flags = bit;
    const auto bytes = build(a);
    const auto z = list(bytes);
    const auto* p = find(z, ZipTamper::FlagBits);
    ASSERT_NE(p, nullptr) << bit;
    EXPECT_EQ(p->entry, "archive/data.pkl");
    const std::string hex = bit == 0x1 ? "0x1 (encrypted)" : bit == 0x20 ? "0x20 (compressed patched data)"
                                                                          : "0x40 (strong encryption)";
    EXPECT_NE(p->message.find(hex), std::string::npos) << p->message;
    EXPECT_NE(p->message.find("ignores"), std::string::npos) << p->message;
    EXPECT_EQ(z.problems.size(), 1U) << describe(z);
    EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
  }
}

TEST(ZipReader, UnusualFlagBitInTheLocalHeaderOnly) {
  Archive a = two_members();
  a.members[1].local_flags = 0x1000;
  const auto z = list(build(a));
  ASSERT_NE(find(z, ZipTamper::FlagBits, "0x1000"), nullptr) << describe(z);
  EXPECT_EQ(find(z, ZipTamper::FlagBits)->entry, "archive/notes.txt");
  // The ordinary bits (deflate options, UTF-8 names) are not reported.
  a.members[1].local_flags = 0x806;
  a.members[1].flags = 0x806;
  EXPECT_EQ(count(list(build(a)), ZipTamper::FlagBits), 0U);
}

// Evasion catalogue 5 (CVE-2025-10156): torch does not check CRCs.
TEST(ZipReader, BadCrcStillReturnsTheMember) {
  Archive a = two_members();
  a.members[0].crc = 0x12345678;
  a.members[1].crc = 0x12345678;
  const auto bytes = build(a);
  const auto z = list(bytes);
  EXPECT_TRUE(z.problems.empty()) << describe(z);
  for (const auto& e : z.entries) {
    const auto m = read_zip_member(bytes, e, kMaxOutput);
    EXPECT_EQ(m.decoded.status, DecodeStatus::Ok);
    EXPECT_TRUE(m.crc_checked);
    EXPECT_FALSE(m.crc_ok);
    EXPECT_FALSE(m.decoded.output.empty());
  }
}

TEST(ZipReader, LocalHeaderSizesOrCrcDifferFromCentral) {
  Archive a = two_members();
  a.members[0].local_crc = 0xdeadbeef;
  const auto z = list(build(a));
  const auto* p = find(z, ZipTamper::SizeMismatch, "crc 0xdeadbeef");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "archive/data.pkl");
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
}

TEST(ZipReader, DuplicateNames) {
  Archive a = two_members();
  a.members.push_back(Member{.name = "archive/data.pkl", .data = "evil"});
  const auto z = list(build(a));
  ASSERT_EQ(z.entries.size(), 3U);
  ASSERT_EQ(count(z, ZipTamper::DuplicateName), 1U) << describe(z);
  const auto* p = find(z, ZipTamper::DuplicateName, "offset 0");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "archive/data.pkl");
}

TEST(ZipReader, TwoEntriesShareOneLocalHeader) {
  Archive a = two_members();
  a.members.push_back(Member{.name = "alias.pkl", .data = kPickle, .central_points_at = 0});
  const auto z = list(build(a));
  const auto* p = find(z, ZipTamper::OverlappingEntries, "inside entry 'archive/data.pkl'");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "alias.pkl");
  // Its local header names it 'archive/data.pkl'.
  EXPECT_NE(find(z, ZipTamper::NameMismatch), nullptr);
}

TEST(ZipReader, EntryDataRunsIntoTheNextEntry) {
  Archive a = two_members();
  a.members[0].central_csize = kPickle.size() + 40;
  const auto z = list(build(a));
  const auto* p = find(z, ZipTamper::OverlappingEntries);
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "archive/notes.txt");
  EXPECT_EQ(count(z, ZipTamper::OverlappingEntries), 1U);
}

// A streaming extractor sees a member that zipfile and torch never list.
TEST(ZipReader, LocalOnlyEntry) {
  Archive a = two_members();
  a.members.insert(a.members.begin() + 1, Member{.name = "hidden.pkl", .data = "evil", .in_central = false});
  const auto bytes = build(a);
  const auto z = list(bytes);
  ASSERT_EQ(z.entries.size(), 3U);
  EXPECT_TRUE(z.entries[0].in_central_directory);
  EXPECT_TRUE(z.entries[1].in_central_directory);
  const auto& hidden = z.entries[2];
  EXPECT_EQ(hidden.name, "hidden.pkl");
  EXPECT_FALSE(hidden.in_central_directory);
  EXPECT_EQ(content(bytes, hidden), "evil");
  const auto* p = find(z, ZipTamper::LocalOnlyEntry);
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "hidden.pkl");
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
}

// torch only needs "PK\3\4" at offset 0; zipfile skips the prefix. A local
// header there is listed, whatever follows it.
TEST(ZipReader, LocalHeaderInThePrefix) {
  Archive prefix;
  prefix.members.push_back(Member{.name = "archive/data.pkl", .data = "evil", .in_central = false});
  prefix.end_record = false;
  Archive a = two_members();
  a.prefix = build(prefix);
  const auto bytes = build(a);
  const auto z = list(bytes);
  ASSERT_EQ(z.entries.size(), 3U) << describe(z);
  EXPECT_EQ(z.prefix_size, a.prefix.size());
  EXPECT_NE(find(z, ZipTamper::PrefixData), nullptr) << describe(z);
  EXPECT_NE(find(z, ZipTamper::LocalOnlyEntry, "offset 0"), nullptr) << describe(z);
  EXPECT_NE(find(z, ZipTamper::DuplicateName), nullptr) << describe(z);
  EXPECT_EQ(content(bytes, z.entries[2]), "evil");
}

TEST(ZipReader, LocalOnlyEntryWithDataDescriptorIsSizedByTheNextHeader) {
  for (const auto kind : {Descriptor::Signed, Descriptor::Unsigned}) {
    Archive a = two_members();
    a.members.insert(a.members.begin() + 1, Member{.name = "hidden.pkl", .data = std::string(50, 'h'), .method = 8,
                                                    .descriptor = kind, .in_central = false});
    const auto bytes = build(a);
    const auto z = list(bytes);
    ASSERT_EQ(z.entries.size(), 3U) << describe(z);
    EXPECT_EQ(z.problems.size(), 1U) << describe(z);
    EXPECT_EQ(content(bytes, z.entries[2]), std::string(50, 'h'));
    EXPECT_EQ(z.entries[2].uncompressed_size, 50U);
  }
}

TEST(ZipReader, NoEndRecordListsLocalHeaders) {
  Archive a = two_members();
  a.end_record = false;
  a.members[1].descriptor = Descriptor::Signed;
  const auto bytes = build(a);
  EXPECT_TRUE(looks_like_zip(bytes));
  const auto z = list(bytes);
  ASSERT_NE(find(z, ZipTamper::NoCentralDirectory, "2 entries"), nullptr) << describe(z);
  EXPECT_EQ(z.problems.size(), 1U) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  for (const auto& e : z.entries) EXPECT_FALSE(e.in_central_directory);
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
  EXPECT_EQ(content(bytes, z.entries[1]), kNotes);
}

TEST(ZipReader, NotAZip) {
  EXPECT_FALSE(looks_like_zip(kPickle));
  EXPECT_FALSE(looks_like_zip(""));
  const auto z = list(kPickle);
  EXPECT_TRUE(z.entries.empty());
  EXPECT_NE(find(z, ZipTamper::NoCentralDirectory), nullptr);
}

TEST(ZipReader, EmptyArchive) {
  const auto bytes = build(Archive{});
  EXPECT_EQ(bytes.size(), 22U);
  EXPECT_TRUE(looks_like_zip(bytes));
  const auto z = list(bytes);
  EXPECT_TRUE(z.entries.empty());
  EXPECT_TRUE(z.problems.empty()) << describe(z);
}

TEST(ZipReader, TruncatedArchive) {
  const auto full = build(two_members());
  const auto notes = read_zip(full, kMaxEntries).entries.at(1);
  const auto bytes = full.substr(0, notes.data_offset + 10);  // inside the deflated data
  const auto z = list(bytes);
  EXPECT_NE(find(z, ZipTamper::NoCentralDirectory), nullptr) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  const auto* p = find(z, ZipTamper::Truncated, "runs past the end of the input");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "archive/notes.txt");
  EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
  const auto m = read_zip_member(bytes, z.entries[1], kMaxOutput);
  EXPECT_EQ(m.decoded.status, DecodeStatus::Truncated);
  EXPECT_FALSE(m.crc_checked);
  EXPECT_EQ(stored_member_view(bytes, z.entries[1]).size(), 10U);
}

TEST(ZipReader, TruncatedStoredMember) {
  Archive a;
  a.members.push_back(Member{.name = "a", .data = std::string(100, 'a')});
  a.end_record = false;
  const auto bytes = build(a).substr(0, 30 + 1 + 40);
  const auto z = list(bytes);
  ASSERT_EQ(z.entries.size(), 1U);
  const auto m = read_zip_member(bytes, z.entries[0], kMaxOutput);
  EXPECT_EQ(m.decoded.status, DecodeStatus::Truncated);
  EXPECT_EQ(m.decoded.output, std::string(40, 'a'));
  EXPECT_FALSE(m.crc_checked);
}

TEST(ZipReader, TraversalNames) {
  Archive a;
  for (const char* name :
       {"../evil.pkl", "/etc/cron.d/x", "dir\\..\\x", "C:evil", "ok/../../x", "a..b/c..", "fine/x"}) {
    a.members.push_back(Member{.name = name, .data = "x"});
  }
  const auto z = list(build(a));
  EXPECT_EQ(count(z, ZipTamper::TraversalName), 5U) << describe(z);
  EXPECT_NE(find(z, ZipTamper::TraversalName, "'../evil.pkl': unsafe path ('..' component)"), nullptr);
  EXPECT_NE(find(z, ZipTamper::TraversalName, "absolute path"), nullptr);
  EXPECT_NE(find(z, ZipTamper::TraversalName, "'dir\\\\..\\\\x': unsafe path (backslash, '..' component)"), nullptr)
      << describe(z);
  EXPECT_NE(find(z, ZipTamper::TraversalName, "drive letter"), nullptr);
}

TEST(ZipReader, NonPrintableNamesAreEscapedInMessages) {
  Archive a = two_members();
  a.members[0].local_name = std::string("data\x01\xff.pkl");
  const auto z = list(build(a));
  const auto* p = find(z, ZipTamper::NameMismatch, "'data\\x01\\xff.pkl'");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(z.entries[0].local_name, std::string("data\x01\xff.pkl"));
}

TEST(ZipReader, ConsistentDataDescriptors) {
  for (const auto kind : {Descriptor::Signed, Descriptor::Unsigned}) {
    for (const bool zip64 : {false, true}) {
      Archive a = two_members();
      for (auto& m : a.members) {
        m.descriptor = kind;
        m.zip64 = zip64;
      }
      const auto bytes = build(a);
      const auto z = list(bytes);
      EXPECT_TRUE(z.problems.empty()) << describe(z);
      ASSERT_EQ(z.entries.size(), 2U);
      EXPECT_EQ(content(bytes, z.entries[0]), kPickle);
      EXPECT_EQ(content(bytes, z.entries[1]), kNotes);
    }
  }
}

TEST(ZipReader, DataDescriptorDisagreesWithCentralDirectory) {
  for (const auto kind : {Descriptor::Signed, Descriptor::Unsigned}) {
    for (const bool zip64 : {false, true}) {
      Archive a = two_members();
      a.members[0].descriptor = kind;
      a.members[0].zip64 = zip64;
      a.members[0].descriptor_crc = 0xabcdef01;
      const auto z = list(build(a));
      const auto* p = find(z, ZipTamper::DataDescriptor, "crc 0xabcdef01");
      ASSERT_NE(p, nullptr) << describe(z);
      EXPECT_EQ(p->entry, "archive/data.pkl");
      EXPECT_EQ(z.problems.size(), 1U) << describe(z);
    }
  }
}

TEST(ZipReader, EntryLimit) {
  Archive a;
  for (int i = 0; i < 10; ++i) a.members.push_back(Member{.name = "m" + std::to_string(i), .data = "x"});
  const auto z = list(build(a), 3);
  EXPECT_EQ(z.entries.size(), 3U);
  ASSERT_NE(find(z, ZipTamper::LimitReached, "declares 10 entries; listing stopped at max_entries 3"), nullptr)
      << describe(z);
  // The walk does not add the unlisted members as local-only entries.
  EXPECT_EQ(count(z, ZipTamper::LocalOnlyEntry), 0U) << describe(z);
}

TEST(ZipReader, FakeEndRecordInTheComment) {
  Archive a = two_members();
  // A signature followed by garbage: the loaders would take it and fail.
  a.comment = "see PK\x05\x06" + std::string(30, '\x7f');
  auto z = list(build(a));
  EXPECT_EQ(z.entries.size(), 2U) << describe(z);
  EXPECT_TRUE(z.problems.empty()) << describe(z);
  // A complete empty end record at the very end of the comment.
  a.comment = std::string("PK\x05\x06", 4) + std::string(18, '\0');
  z = list(build(a));
  EXPECT_EQ(z.entries.size(), 2U) << describe(z);
  // A declared comment longer than what follows.
  a.comment = "short";
  a.comment_size = 500;
  z = list(build(a));
  EXPECT_EQ(z.entries.size(), 2U);
  EXPECT_NE(find(z, ZipTamper::Truncated, "declares a 500-byte comment, 5 bytes follow"), nullptr) << describe(z);
}

TEST(ZipReader, DirectoryEntries) {
  Archive a;
  a.members.push_back(Member{.name = "archive/", .data = ""});
  a.members.push_back(Member{.name = "archive/data.pkl", .data = kPickle});
  const auto bytes = build(a);
  const auto z = list(bytes);
  EXPECT_TRUE(z.problems.empty()) << describe(z);
  ASSERT_EQ(z.entries.size(), 2U);
  EXPECT_TRUE(z.entries[0].is_directory);
  EXPECT_FALSE(z.entries[1].is_directory);
  EXPECT_EQ(content(bytes, z.entries[0]), "");
}

TEST(ZipReader, UnsupportedMethod) {
  Archive a;
  a.members.push_back(Member{.name = "data.pkl", .data = kPickle, .method = 99});
  const auto bytes = build(a);
  const auto z = list(bytes);
  ASSERT_EQ(z.entries.size(), 1U);
  const auto m = read_zip_member(bytes, z.entries[0], kMaxOutput);
  EXPECT_FALSE(m.method_supported);
  EXPECT_TRUE(m.decoded.output.empty());
  EXPECT_NE(m.decoded.status, DecodeStatus::Ok);
  EXPECT_NE(m.decoded.message.find("method 99"), std::string::npos) << m.decoded.message;
  EXPECT_FALSE(m.crc_checked);
}

TEST(ZipReader, MemberOverOutputLimit) {
  const auto bytes = build(two_members());
  const auto z = list(bytes);
  for (const auto& e : z.entries) {
    const auto m = read_zip_member(bytes, e, 10);
    EXPECT_EQ(m.decoded.status, DecodeStatus::OverLimit) << e.name;
    EXPECT_EQ(m.decoded.output.size(), 10U);
    EXPECT_FALSE(m.crc_checked);
    EXPECT_TRUE(m.method_supported);
  }
}

TEST(ZipReader, LocalHeaderMissingOrOutside) {
  Archive a = two_members();
  auto bytes = build(a);
  bytes[0] = 'X';  // breaks the first local header's signature
  auto z = list(bytes);
  const auto* p = find(z, ZipTamper::BadLocalHeader, "no local header signature at offset 0");
  ASSERT_NE(p, nullptr) << describe(z);
  EXPECT_EQ(p->entry, "archive/data.pkl");
  EXPECT_EQ(content(bytes, z.entries[1]), kNotes);

  // Central offset far past the end (patched in the central header).
  bytes = build(a);
  const auto cd = bytes.find(std::string("PK\x01\x02", 4));
  bytes.replace(cd + 42, 4, std::string("\xff\xff\xff\x7f", 4));
  z = list(bytes);
  ASSERT_NE(find(z, ZipTamper::BadLocalHeader, "runs past the end"), nullptr) << describe(z);
  EXPECT_TRUE(stored_member_view(bytes, z.entries[0]).empty());
}

TEST(ZipReader, EveryTruncationIsHandled) {
  Archive a = two_members();
  a.members.push_back(Member{.name = "dd", .data = "descriptor", .method = 8, .descriptor = Descriptor::Signed});
  a.members.push_back(Member{.name = "z64", .data = "zip64", .zip64 = true});
  a.zip64_end = true;
  a.comment = "comment";
  const auto full = build(a);
  for (std::size_t n = 0; n <= full.size(); ++n) {
    const auto bytes = full.substr(0, n);
    const auto z = read_zip(bytes, kMaxEntries);
    for (const auto& e : z.entries) {
      const auto m = read_zip_member(bytes, e, 64);
      EXPECT_LE(m.decoded.output.size(), 64U);
      EXPECT_LE(stored_member_view(bytes, e).size(), bytes.size());
    }
  }
}

TEST(ZipReader, TenThousandEntriesAreFast) {
  Archive a;
  for (int i = 0; i < 10000; ++i) a.members.push_back(Member{.name = "archive/data/" + std::to_string(i), .data = "x"});
  const auto bytes = build(a);
  const auto start = std::chrono::steady_clock::now();
  const auto z = read_zip(bytes, 100000);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(z.entries.size(), 10000U);
  EXPECT_TRUE(z.problems.empty());
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

TEST(ZipReader, TamperNames) {
  EXPECT_EQ(zip_tamper_name(ZipTamper::NameMismatch), "name-mismatch");
  EXPECT_EQ(zip_tamper_name(ZipTamper::LocalOnlyEntry), "local-only-entry");
  EXPECT_EQ(zip_tamper_name(ZipTamper::LimitReached), "limit-reached");
}

TEST(ZipReader, FindArchivesOnInputsShorterThanAnEndSignature) {
  // The piecewise search once stepped back three bytes before the start of
  // data shorter than that (a pointer overflow the fuzzer's UBSan caught).
  for (std::size_t n = 0; n < 8; ++n) {
    const std::string data(n, 'P');
    EXPECT_TRUE(find_archives(data, 10).empty()) << n;
    EXPECT_FALSE(looks_like_zip(data)) << n;
  }
}

}  // namespace
}  // namespace sentinel::input
