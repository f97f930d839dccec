// Our own zip reader. Loaders disagree with strict readers on purpose: torch
// (miniz, central-directory driven, no CRC check, flags ignored) and Python's
// zipfile load archives that libraries refuse, and attackers use exactly that
// (evasion catalogue 3-6). So this reader lists what either loader would read,
// never gives up on an entry because a check fails, and reports each
// irregularity as tampering for the rules to turn into findings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "input/decompress.hpp"

namespace sentinel::input {

struct ZipEntry {
  std::string name;        // central-directory name: what torch and zipfile look up
  std::string local_name;  // name in the local header (may differ: tampering)
  std::uint16_t method = 0;
  std::uint16_t flags = 0;              // central-directory general-purpose bits
  std::uint16_t local_flags = 0;
  std::uint32_t crc32 = 0;              // as declared in the central directory
  std::uint64_t compressed_size = 0;    // zip64 resolved
  std::uint64_t uncompressed_size = 0;  // zip64 resolved
  std::uint64_t local_header_offset = 0;  // absolute offset in the data (after any prefix adjustment)
  std::uint64_t data_offset = 0;          // absolute offset of the member data
  bool in_central_directory = true;       // false: found only by walking local headers
  bool is_directory = false;              // name ends with '/'
};

enum class ZipTamper : std::uint8_t {
  NameMismatch,       // local header name != central-directory name
  FlagBits,           // encryption (0x1), patched data (0x20), strong encryption (0x40) or other unusual bits
  DataDescriptor,     // a data descriptor that disagrees with the central directory
  DuplicateName,      // two central-directory entries with one name
  PrefixData,         // bytes before the first local header (zipfile reads past them)
  OverlappingEntries, // two entries' data ranges overlap (zip bombs, hidden aliases)
  LocalOnlyEntry,     // a local header no central-directory entry points at
  BadLocalHeader,     // a central-directory entry whose local header is missing or unreadable
  SizeMismatch,       // local and central sizes or CRCs differ
  TraversalName,      // absolute path, "..", backslash or drive letter in a name
  NoCentralDirectory, // no end-of-central-directory record: entries come from local headers
  Truncated,          // a central directory or entry that runs past the end
  LimitReached,       // max_entries
};

[[nodiscard]] std::string_view zip_tamper_name(ZipTamper t);

struct ZipProblem {
  ZipTamper kind;
  std::string entry;    // the entry it concerns, empty for archive-level problems
  std::string message;  // lower-case, no final period, with the numbers
};

struct ZipListing {
  std::vector<ZipEntry> entries;  // central-directory order, then local-only entries
  std::vector<ZipProblem> problems;
  std::uint64_t prefix_size = 0;  // bytes before the archive proper
  std::uint64_t end_record = UINT64_MAX;  // offset of the end-of-central-directory record read; none: UINT64_MAX
  bool zip64 = false;
};

// One archive inside a larger input: [start, end) holds its local headers,
// central directory and end record, with offsets relative to `start`.
struct ArchiveSpan {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint64_t end_record = 0;  // absolute offset of its end-of-central-directory record
};

// Every archive an end record anywhere in `data` closes: the record's
// central directory must sit cd_size bytes before it, and a local header at
// the start its stated offset implies. torch.distributed.checkpoint's .distcp
// shards hold many torch.save archives back to back (plus raw tensor bytes),
// each torch.load-ed from its own byte range, so the loaders read archives
// that Python's zipfile and miniz, looking only at the end, never list.
// At most `max_archives`, in file order.
[[nodiscard]] std::vector<ArchiveSpan> find_archives(std::string_view data, std::uint64_t max_archives);

// An ASCII-case-insensitive name comparison, as miniz's
// mz_zip_reader_locate_file compares names without MZ_ZIP_FLAG_CASE_SENSITIVE
// (its MZ_TOLOWER is ASCII only); torch's PyTorchStreamReader passes flags 0.
[[nodiscard]] bool same_name_ignoring_case(std::string_view a, std::string_view b);

// True when `data` starts with a local header or an empty archive's end
// record, or has an end-of-central-directory record in its last 64 KiB + 22
// bytes (what zipfile.is_zipfile accepts), or holds a whole archive
// anywhere (find_archives: torch.load reads byte ranges of .distcp shards).
[[nodiscard]] bool looks_like_zip(std::string_view data);

// Lists the entries. Reads only the central directory and the local headers,
// never member data, so a 5 GB checkpoint costs a few kilobytes.
[[nodiscard]] ZipListing read_zip(std::string_view data, std::uint64_t max_entries);

struct ZipMemberData {
  DecodeResult decoded;    // for method 0, a copy of the stored bytes (bounded by max_output)
  bool crc_checked = false;  // true when the whole member was decoded
  bool crc_ok = true;
  bool method_supported = true;  // methods 0, 8, 12, 14; others: decoded is empty, message says which
};

// The member's bytes as a loader reads them: from data_offset, compressed_size
// bytes (clamped to the input), decoded per `method` (0 stored, 8 deflate, 12
// bzip2, 14 lzma), at most max_output bytes, CRC-32 checked when complete.
// The flags are ignored like torch ignores them: an "encrypted" member that is
// really stored plain is read plain.
[[nodiscard]] ZipMemberData read_zip_member(std::string_view data, const ZipEntry& entry, std::uint64_t max_output);

// A view of a stored (method 0) member without copying: what torch mmaps.
[[nodiscard]] std::string_view stored_member_view(std::string_view data, const ZipEntry& entry);

}  // namespace sentinel::input
