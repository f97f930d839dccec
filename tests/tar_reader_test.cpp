// The tar reader against archives written by libarchive (ustar, GNU, pax)
// and hand-built headers for what writers rarely produce (base-256 sizes,
// signed checksums, lone zero blocks, broken headers).
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "archive_writer.hpp"
#include "input/tar_reader.hpp"

namespace sentinel::input {
namespace {

using Entry = test::ArchiveEntry;

// A tar written by libarchive in `format` (ARCHIVE_FORMAT_TAR_*).
std::string libarchive_tar(int format, const std::vector<Entry>& entries) { return test::write_archive(format, entries); }

void set_octal(std::string& header, std::size_t offset, std::size_t width, std::uint64_t value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(width - 1), static_cast<unsigned long long>(value));
  header.replace(offset, width - 1, buf);
}

// Writes the checksum field: unsigned byte sum, or the signed one old Sun tars used.
void seal(std::string& header, bool signed_sum = false) {
  header.replace(148, 8, 8, ' ');
  long sum = 0;
  for (const char c : header) sum += signed_sum ? static_cast<signed char>(c) : static_cast<unsigned char>(c);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06lo", static_cast<unsigned long>(sum) & 0777777);
  header.replace(148, 7, buf, 7);  // six digits and a NUL, the space stays
}

// One ustar header block.
std::string header(const std::string& name, std::uint64_t size, char type = '0') {
  std::string h(512, '\0');
  h.replace(0, name.size(), name);
  set_octal(h, 100, 8, 0644);
  set_octal(h, 108, 8, 0);
  set_octal(h, 116, 8, 0);
  set_octal(h, 124, 12, size);
  set_octal(h, 136, 12, 0);
  h[156] = type;
  h.replace(257, 8, std::string("ustar\0" "00", 8));
  seal(h);
  return h;
}

std::string padded(std::string data) {
  data.resize((data.size() + 511) / 512 * 512, '\0');
  return data;
}

std::string file(const std::string& name, const std::string& data) { return header(name, data.size()) + padded(data); }

const std::string kEnd(1024, '\0');

TEST(TarReader, UstarMembersAndPrefixNames) {
  const std::string deep = std::string(80, 'd') + "/" + std::string(60, 'e') + "/model.pkl";  // > 100: prefix field
  const std::string tar = libarchive_tar(ARCHIVE_FORMAT_TAR_USTAR,
                                         {{"dir/", "", AE_IFDIR}, {"dir/data.pkl", "pickle bytes"}, {deep, "deep"}});
  EXPECT_TRUE(looks_like_tar(tar));
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 3U);
  EXPECT_EQ(listing.members[0].name, "dir");
  EXPECT_EQ(listing.members[0].type, TarMemberType::Directory);
  EXPECT_EQ(listing.members[0].size, 0U);
  EXPECT_EQ(listing.members[1].name, "dir/data.pkl");
  EXPECT_EQ(listing.members[1].type, TarMemberType::Regular);
  EXPECT_EQ(listing.members[1].data, "pickle bytes");
  EXPECT_EQ(listing.members[1].header_offset, 512U);
  EXPECT_EQ(listing.members[1].data_offset, 1024U);
  EXPECT_EQ(listing.members[2].name, deep);
  EXPECT_EQ(listing.members[2].data, "deep");
}

TEST(TarReader, GnuLongNamesAndLinks) {
  const std::string long_name = std::string(150, 'n') + ".pkl";
  const std::string long_target = std::string(120, 't');
  const std::string tar = libarchive_tar(ARCHIVE_FORMAT_TAR_GNUTAR,
                                         {{long_name, "payload"}, {"link", "", AE_IFLNK, long_target}});
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 2U);
  EXPECT_EQ(listing.members[0].name, long_name);
  EXPECT_EQ(listing.members[0].data, "payload");
  EXPECT_EQ(listing.members[0].header_offset, 0U);  // the 'L' header, as tarfile's TarInfo.offset
  EXPECT_EQ(listing.members[0].data_offset, 512U * 3);  // 'L' header, its name block, the header
  EXPECT_EQ(listing.members[1].type, TarMemberType::Symlink);
  EXPECT_EQ(listing.members[1].link_target, long_target);
}

TEST(TarReader, PaxPathAndLinkpathOverrideTheHeader) {
  const std::string long_name = std::string(200, 'p') + "/x.pkl";
  const std::string long_target = std::string(150, 'q') + "/target.pkl";
  const std::string tar = libarchive_tar(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
                                         {{long_name, "pax data"}, {"link", "", AE_IFLNK, long_target}});
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 2U);
  EXPECT_EQ(listing.members[0].name, long_name);
  EXPECT_EQ(listing.members[0].data, "pax data");
  EXPECT_EQ(listing.members[1].type, TarMemberType::Symlink);
  EXPECT_EQ(listing.members[1].link_target, long_target);
}

TEST(TarReader, EarliestExtensionHeaderWins) {
  // tarfile applies the innermost header first, so a GNU long name before a
  // pax header overrides the pax path, as it would on extraction.
  const std::string records = "16 path=pax.pkl\n";
  const std::string tar = header("././@LongLink", 8, 'L') + padded("gnu.pkl") + header("pax", records.size(), 'x') +
                          padded(records) + file("plain", "x") + kEnd;
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 1U);
  EXPECT_EQ(listing.members[0].name, "gnu.pkl");
  EXPECT_EQ(listing.members[0].header_offset, 0U);
}

TEST(TarReader, PaxSizeOverridesTheHeaderSize) {
  // The header says 0 bytes; the pax record says 600, as for members over 8 GiB.
  const std::string records = "16 path=big.pkl\n12 size=600\n";
  const std::string data(600, 'z');
  const std::string tar = header("././@PaxHeader", records.size(), 'x') + padded(records) + header("short", 0) +
                          padded(data) + file("next", "after") + kEnd;
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty()) << listing.problems[0].message;
  ASSERT_EQ(listing.members.size(), 2U);
  EXPECT_EQ(listing.members[0].name, "big.pkl");
  EXPECT_EQ(listing.members[0].size, 600U);
  EXPECT_EQ(listing.members[0].data, data);
  EXPECT_EQ(listing.members[1].name, "next");
}

// tarfile starts every 'x' header from the global keys; a member without
// one keeps its own header.
TEST(TarReader, GlobalPaxKeysApplyThroughLaterPaxHeaders) {
  const std::string global = "19 path=global.pkl\n12 size=600\n";
  const std::string local = "16 path=big.pkl\n";
  const std::string data(600, 'z');
  const std::string tar = header("pax_global_header", global.size(), 'g') + padded(global) + file("own", "x") +
                          header("pax", local.size(), 'x') + padded(local) + header("short", 0) + padded(data) +
                          file("next", "after") + kEnd;
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty()) << listing.problems[0].message;
  ASSERT_EQ(listing.members.size(), 3U);
  EXPECT_EQ(listing.members[0].name, "own");
  EXPECT_EQ(listing.members[0].header_offset, 1024U);
  EXPECT_EQ(listing.members[1].name, "big.pkl");
  EXPECT_EQ(listing.members[1].data, data);
  EXPECT_EQ(listing.members[2].name, "next");
}

TEST(TarReader, MalformedPaxRecordStops) {
  for (const std::string records : {"99 path=x\n", "3 a=\n", "6 path\n", "7 =abc\n", "x path=a\n", "9 path=ab"}) {
    const std::string tar = header("pax", records.size(), 'x') + padded(records) + file("member", "x") + kEnd;
    const auto listing = read_tar(tar, 100);
    EXPECT_TRUE(listing.members.empty()) << records;
    ASSERT_EQ(listing.problems.size(), 1U) << records;
    EXPECT_EQ(listing.problems[0].message, "invalid pax header record");
  }
}

TEST(TarReader, Base256Size) {
  const std::string data(700, 'b');
  std::string h = header("big", 0);
  // GNU's base-256: 0x80, then the value big-endian in the remaining 11 bytes.
  h.replace(124, 12, std::string("\x80\0\0\0\0\0\0\0\0\0\x02\xbc", 12));
  seal(h);
  const std::string tar = h + padded(data) + kEnd;  // outlives the listing's data views
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 1U);
  EXPECT_EQ(listing.members[0].size, 700U);
  EXPECT_EQ(listing.members[0].data, data);
  // A negative base-256 size (0xff) is refused.
  h.replace(124, 12, std::string(12, '\xff'));
  seal(h);
  const auto negative = read_tar(h + kEnd, 100);
  EXPECT_TRUE(negative.members.empty());
  ASSERT_EQ(negative.problems.size(), 1U);
  EXPECT_EQ(negative.problems[0].message, "negative size -1");
}

TEST(TarReader, LinksDevicesAndFifosAreTyped) {
  const std::string tar = libarchive_tar(ARCHIVE_FORMAT_TAR_USTAR, {{"target", "data"},
                                                                   {"sym", "", AE_IFLNK, "target"},
                                                                   {"hard", "", AE_IFREG, "target"},
                                                                   {"tty", "", AE_IFCHR},
                                                                   {"disk", "", AE_IFBLK},
                                                                   {"pipe", "", AE_IFIFO}});
  const auto listing = read_tar(tar, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 6U);
  EXPECT_EQ(listing.members[1].type, TarMemberType::Symlink);
  EXPECT_EQ(listing.members[1].link_target, "target");
  EXPECT_EQ(listing.members[2].type, TarMemberType::Hardlink);
  EXPECT_EQ(listing.members[2].link_target, "target");
  EXPECT_EQ(listing.members[3].type, TarMemberType::Device);
  EXPECT_EQ(listing.members[4].type, TarMemberType::Device);
  EXPECT_EQ(listing.members[5].type, TarMemberType::Fifo);
  for (std::size_t i = 1; i < 6; ++i) EXPECT_TRUE(listing.members[i].data.empty());
}

TEST(TarReader, SizeOfNonRegularMembersIsIgnoredAsTarfileDoes) {
  // A symlink header claiming 1024 bytes: tarfile does not skip them, so the
  // next header follows at once.
  const std::string tar = header("sym", 1024, '2') + file("after", "x") + kEnd;
  const auto listing = read_tar(tar, 100);
  ASSERT_EQ(listing.members.size(), 2U);
  EXPECT_EQ(listing.members[0].size, 0U);
  EXPECT_EQ(listing.members[1].name, "after");
}

TEST(TarReader, UnknownTypesCarryDataLikeRegularFiles) {
  // tarfile extracts unknown types as regular files.
  const std::string tar = header("odd", 5, 'Z') + padded("hello") + kEnd;
  const auto listing = read_tar(tar, 100);
  ASSERT_EQ(listing.members.size(), 1U);
  EXPECT_EQ(listing.members[0].type, TarMemberType::Other);
  EXPECT_EQ(listing.members[0].data, "hello");
}

TEST(TarReader, TruncatedDataIsClampedAndReported) {
  const std::string data(2000, 'q');
  const std::string tar = file("first", "ok") + header("cut", data.size()) + data.substr(0, 700);
  const auto listing = read_tar(tar, 100);
  ASSERT_EQ(listing.members.size(), 2U);
  EXPECT_EQ(listing.members[1].size, 2000U);
  EXPECT_EQ(listing.members[1].data, data.substr(0, 700));
  ASSERT_EQ(listing.problems.size(), 1U);
  EXPECT_EQ(listing.problems[0].offset, 1024U);
  EXPECT_EQ(listing.problems[0].message, "member data is truncated: 700 of 2000 bytes");
}

TEST(TarReader, TruncatedHeaderAndExtensionBody) {
  const auto header_cut = read_tar(file("a", "1") + std::string(100, 'x'), 100);
  EXPECT_EQ(header_cut.members.size(), 1U);
  ASSERT_EQ(header_cut.problems.size(), 1U);
  EXPECT_EQ(header_cut.problems[0].message, "truncated header (100 bytes)");
  const auto long_cut = read_tar(header("././@LongLink", 300, 'L') + std::string(100, 'n'), 100);
  EXPECT_TRUE(long_cut.members.empty());
  ASSERT_EQ(long_cut.problems.size(), 1U);
  EXPECT_EQ(long_cut.problems[0].message, "gnu long name is truncated");
  const auto dangling = read_tar(header("././@LongLink", 3, 'L') + padded("abc"), 100);
  ASSERT_EQ(dangling.problems.size(), 1U);
  EXPECT_EQ(dangling.problems[0].message, "archive ends after an extension header");
}

TEST(TarReader, BadChecksumStopsTheListing) {
  std::string tar = file("one", "1") + file("two", "2") + kEnd;
  tar[1024 + 10] = 'X';  // inside the second header's name
  const auto listing = read_tar(tar, 100);
  ASSERT_EQ(listing.members.size(), 1U);
  ASSERT_EQ(listing.problems.size(), 1U);
  EXPECT_EQ(listing.problems[0].offset, 1024U);
  EXPECT_EQ(listing.problems[0].message, "bad header checksum");
  tar[10] = 'X';
  EXPECT_FALSE(looks_like_tar(tar));
  const auto first = read_tar(tar, 100);
  EXPECT_TRUE(first.members.empty());
  ASSERT_EQ(first.problems.size(), 1U);
  EXPECT_EQ(first.problems[0].offset, 0U);
}

TEST(TarReader, SignedChecksumsAreAccepted) {
  std::string h = header("caf\xc3\xa9", 0);
  seal(h, true);
  EXPECT_TRUE(looks_like_tar(h));
  const auto listing = read_tar(h + kEnd, 100);
  EXPECT_TRUE(listing.problems.empty());
  ASSERT_EQ(listing.members.size(), 1U);
  EXPECT_EQ(listing.members[0].name, "caf\xc3\xa9");
}

TEST(TarReader, MemberLimit) {
  const std::string tar = file("a", "1") + file("b", "2") + file("c", "3") + kEnd;
  const auto listing = read_tar(tar, 2);
  ASSERT_EQ(listing.members.size(), 2U);
  ASSERT_EQ(listing.problems.size(), 1U);
  EXPECT_EQ(listing.problems[0].offset, 2048U);
  EXPECT_EQ(listing.problems[0].message, "limit of 2 members reached");
  EXPECT_TRUE(read_tar(tar, 3).problems.empty());
}

TEST(TarReader, EndsAtTwoZeroBlocksOrTheEndOfData) {
  const auto ended = read_tar(file("a", "1") + kEnd + file("ignored", "2"), 100);
  EXPECT_EQ(ended.members.size(), 1U);
  EXPECT_TRUE(ended.problems.empty());
  const auto no_end = read_tar(file("a", "1"), 100);
  EXPECT_EQ(no_end.members.size(), 1U);
  EXPECT_TRUE(no_end.problems.empty());
  const auto one_block = read_tar(file("a", "1") + std::string(512, '\0'), 100);
  EXPECT_EQ(one_block.members.size(), 1U);
  EXPECT_TRUE(one_block.problems.empty());
}

TEST(TarReader, LoneZeroBlockIsReportedAndReadPast) {
  const auto listing = read_tar(file("a", "1") + std::string(512, '\0') + file("hidden", "2") + kEnd, 100);
  ASSERT_EQ(listing.members.size(), 2U);
  EXPECT_EQ(listing.members[1].name, "hidden");
  ASSERT_EQ(listing.problems.size(), 1U);
  EXPECT_EQ(listing.problems[0].offset, 1024U);
  EXPECT_NE(listing.problems[0].message.find("lone zero block"), std::string::npos);
}

TEST(TarReader, InvalidNumberFieldStops) {
  std::string h = header("a", 0);
  h.replace(100, 7, "rw-r--r");  // mode must be octal
  seal(h);
  const auto listing = read_tar(h + kEnd, 100);
  EXPECT_TRUE(listing.members.empty());
  ASSERT_EQ(listing.problems.size(), 1U);
  EXPECT_EQ(listing.problems[0].message, "invalid number in the header field at byte 100");
}

TEST(TarReader, V7DirectoriesAndSparseMembers) {
  const auto v7 = read_tar(header("olddir/", 0, '\0') + kEnd, 100);
  ASSERT_EQ(v7.members.size(), 1U);
  EXPECT_EQ(v7.members[0].type, TarMemberType::Directory);
  EXPECT_EQ(v7.members[0].name, "olddir");
  // Old GNU sparse with one extension block of map entries before the data.
  std::string sparse = header("holes", 4, 'S');
  sparse[482] = 1;
  seal(sparse);
  const std::string tar = sparse + std::string(512, '\0') + padded("data") + kEnd;
  const auto listing = read_tar(tar, 100);
  ASSERT_EQ(listing.members.size(), 1U);
  EXPECT_EQ(listing.members[0].type, TarMemberType::Regular);
  EXPECT_EQ(listing.members[0].data_offset, 1024U);
  EXPECT_EQ(listing.members[0].data, "data");
  ASSERT_EQ(listing.problems.size(), 1U);
  EXPECT_EQ(listing.problems[0].message, "gnu sparse member: holes are not expanded");
}

TEST(TarReader, LooksLikeTar) {
  EXPECT_TRUE(looks_like_tar(file("a", "b")));
  EXPECT_FALSE(looks_like_tar(std::string(512, '\0')));
  EXPECT_FALSE(looks_like_tar(header("a", 0).substr(0, 511)));
  EXPECT_FALSE(looks_like_tar(std::string(1024, 'x')));
  EXPECT_FALSE(looks_like_tar(""));
}

}  // namespace
}  // namespace sentinel::input
