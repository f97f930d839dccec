// See sevenzip_reader.hpp. libarchive reads the archive from memory; this
// file only bounds what is extracted and turns libarchive's return codes into
// entry problems, limits and archive errors.
#include "input/sevenzip_reader.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "base/byte_reader.hpp"
#include "input/decompress.hpp"

namespace sentinel::input {
namespace {

// The entry buffer grows by at most this much per archive_read_data call.
constexpr std::size_t kReadChunk = std::size_t{64} * 1024;
// libarchive decodes an encoded (compressed) 7z header into a buffer of the
// size the archive declares for it, and fills it as far as the compressed
// header inflates: a few KB can claim and fill gigabytes. A real header
// takes some 100 bytes per entry, so this admits millions of entries.
constexpr std::uint64_t kMaxDecodedHeader = std::uint64_t{256} * 1024 * 1024;

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// libarchive's message in house style (lower-case first letter, no final
// period), or what failed when libarchive leaves none (a truncated archive).
std::string archive_message(archive* a, const char* failed_operation) {
  const char* text = archive_error_string(a);
  std::string message = text != nullptr ? text : std::string(failed_operation) + " failed";
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  while (!message.empty() && message.back() == '.') message.pop_back();
  return message;
}

// 7z stores names in UTF-16 and libarchive converts them to the charset of
// the current locale: under the "C" locale of a plain process every name
// outside ASCII fails to convert and the entry has none. Reading under a
// UTF-8 locale for this thread only (uselocale) gives every name, and leaves
// the process locale alone. Without C.UTF-8 the process locale is kept and
// such names come with libarchive's warning as the entry's problem.
class ThreadUtf8Locale {
 public:
  ThreadUtf8Locale() : utf8_(newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr)) {
    if (utf8_ != nullptr) previous_ = uselocale(utf8_);
  }
  ~ThreadUtf8Locale() {
    if (utf8_ == nullptr) return;
    uselocale(previous_);
    freelocale(utf8_);
  }
  ThreadUtf8Locale(const ThreadUtf8Locale&) = delete;
  ThreadUtf8Locale& operator=(const ThreadUtf8Locale&) = delete;

 private:
  locale_t utf8_;
  locale_t previous_ = nullptr;
};

std::string entry_name(archive_entry* e) {
  const char* name = archive_entry_pathname_utf8(e);
  return name != nullptr ? name : "";
}

// Reads the raw next-header of a 7z archive the way 7-Zip's 7zArcIn.c does,
// only as far as the sizes it declares.
class HeaderCursor {
 public:
  explicit HeaderCursor(std::string_view bytes) : bytes_(bytes) {}

  std::optional<std::uint8_t> byte() {
    if (pos_ >= bytes_.size()) return std::nullopt;
    return static_cast<std::uint8_t>(bytes_[pos_++]);
  }
  // 7z's UINT64: the leading one bits of the first byte count the bytes that
  // follow (little-endian); the first byte's remaining bits are the top.
  std::optional<std::uint64_t> number() {
    const auto first = byte();
    if (!first) return std::nullopt;
    std::uint64_t value = 0;
    for (unsigned i = 0, mask = 0x80; i < 8; ++i, mask >>= 1) {
      if ((*first & mask) == 0) return value | (static_cast<std::uint64_t>(*first & (mask - 1)) << (8 * i));
      const auto next = byte();
      if (!next) return std::nullopt;
      value |= static_cast<std::uint64_t>(*next) << (8 * i);
    }
    return value;
  }
  // The next n bytes, or fewer where the header ends (and then nothing is consumed).
  std::string_view take(std::uint64_t n) {
    if (!fits(bytes_.size(), pos_, n)) return {};
    const std::string_view out = bytes_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return out;
  }
  bool skip(std::uint64_t n) {
    if (!fits(bytes_.size(), pos_, n)) return false;
    pos_ += static_cast<std::size_t>(n);
    return true;
  }
  bool skip_numbers(std::uint64_t n) {
    for (std::uint64_t i = 0; i < n; ++i) {
      if (!number()) return false;
    }
    return true;
  }
  // A count of things the header then lists (streams, folders), each taking
  // at least a byte. libarchive allocates for the count before it reads the
  // list, so a few bytes could claim gigabytes: a count the rest of the
  // header cannot hold is refused here, with `implausible()` saying why.
  // All counts together are held to the header's size.
  std::optional<std::uint64_t> count(const char* what) {
    const auto n = number();
    if (n && *n > bytes_.size() - claimed_) {
      implausible_ = "the 7z header of " + std::to_string(bytes_.size()) + " bytes declares " + std::to_string(*n) +
                     " " + what + (claimed_ == 0 ? "" : " besides " + std::to_string(claimed_) + " other items");
      return std::nullopt;
    }
    if (n) claimed_ += *n;
    return n;
  }
  [[nodiscard]] const std::string& implausible() const { return implausible_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::uint64_t claimed_ = 0;
  std::string implausible_;
};

// 7zArcIn.c's ReadPackInfo: pack position, stream count, then sizes and
// digests until kEnd. The position and sizes go to `info` when given.
struct PackInfo {
  std::uint64_t position = 0;
  std::vector<std::uint64_t> sizes;
};
bool skip_pack_info(HeaderCursor& h, PackInfo* info = nullptr) {
  constexpr std::uint8_t kEnd = 0x00, kSize = 0x09, kCrc = 0x0A;
  const auto position = h.number();
  const auto streams = h.count("packed streams");
  if (!position || !streams) return false;
  if (info != nullptr) info->position = *position;
  for (;;) {
    const auto id = h.byte();
    if (!id) return false;
    if (*id == kEnd) return true;
    if (*id == kSize) {
      for (std::uint64_t i = 0; i < *streams; ++i) {
        const auto size = h.number();
        if (!size) return false;
        if (info != nullptr) info->sizes.push_back(*size);
      }
    } else if (*id == kCrc) {
      // All-defined flag, else a bit per stream; then a CRC32 per defined one.
      const auto all_defined = h.byte();
      if (!all_defined) return false;
      std::uint64_t defined = *streams;
      if (*all_defined == 0) {
        defined = 0;
        for (std::uint64_t i = 0; i < *streams / 8 + (*streams % 8 != 0 ? 1 : 0); ++i) {
          const auto bits = h.byte();
          if (!bits) return false;
          defined += static_cast<std::uint64_t>(std::popcount(*bits));
        }
      }
      if (defined > *streams || defined > UINT64_MAX / 4 || !h.skip(4 * defined)) return false;
    } else {
      return false;
    }
  }
}

// A folder's coder: its method id and properties, as the header spells them.
struct Coder {
  std::string_view id;
  std::string_view properties;
};

// 7zArcIn.c's ReadUnpackInfo from the folder count to kCodersUnpackSize:
// every folder's coders, bind pairs and packed stream indices. Gives the
// folder count and their output streams, and the coders of all folders to
// `coders_seen` when given; false where it cannot be read.
bool skip_folders(HeaderCursor& h, std::uint64_t& folders, std::uint64_t& out_streams,
                  std::vector<Coder>* coders_seen = nullptr) {
  constexpr std::uint8_t kFolder = 0x0B;
  if (h.byte() != kFolder) return false;
  const auto declared = h.count("folders");
  if (!declared || h.byte() != 0) return false;  // sizes inline, not "external"
  folders = *declared;
  out_streams = 0;
  for (std::uint64_t f = 0; f < folders; ++f) {
    const auto coders = h.count("coders");
    if (!coders) return false;
    std::uint64_t folder_in = 0;
    std::uint64_t folder_out = 0;
    for (std::uint64_t c = 0; c < *coders; ++c) {
      // Flags: low nibble the id size, 0x10 complex (stream counts follow), 0x20 properties follow.
      const auto flags = h.byte();
      if (!flags) return false;
      const std::string_view id = h.take(*flags & 0x0Fu);
      if (id.size() != (*flags & 0x0Fu)) return false;
      std::string_view properties;
      std::optional<std::uint64_t> in = 1;
      std::optional<std::uint64_t> out = 1;
      if ((*flags & 0x10u) != 0) {
        in = h.number();
        out = h.number();
      }
      // 7-Zip allows at most 64 streams per coder; the bound keeps the sums exact.
      if (!in || !out || *in > 64 || *out > 64) return false;
      if ((*flags & 0x20u) != 0) {
        const auto props = h.number();
        if (!props) return false;
        properties = h.take(*props);
        if (properties.size() != *props) return false;
      }
      if (coders_seen != nullptr) coders_seen->push_back({id, properties});
      folder_in += *in;
      folder_out += *out;
    }
    // Bind pairs (in, out), one fewer than the out streams; then, with more
    // than one packed stream, their indices.
    if (folder_out == 0 || folder_out > folder_in + 1 || !h.skip_numbers(2 * (folder_out - 1))) return false;
    const std::uint64_t packed = folder_in - (folder_out - 1);
    if (packed > 1 && !h.skip_numbers(packed)) return false;
    out_streams += folder_out;
  }
  constexpr std::uint8_t kCodersUnpackSize = 0x0C;
  return h.byte() == kCodersUnpackSize;
}

// An encoded next-header as 7zArcIn.c's ReadUnpackInfo reads it: where its
// packed bytes lie, the coders of its folder and the largest unpacked size
// it declares. nullopt when the header is not encoded or not readable that
// far; libarchive then judges it.
struct EncodedHeader {
  PackInfo pack;
  std::uint64_t folders = 0;
  std::vector<Coder> coders;
  std::uint64_t largest = 0;
  std::uint64_t first_size = 0;  // the first folder's output size
};
std::optional<EncodedHeader> read_encoded_header(HeaderCursor& h) {
  constexpr std::uint8_t kPackInfo = 0x06, kUnpackInfo = 0x07, kEncodedHeader = 0x17;
  if (h.byte() != kEncodedHeader) return std::nullopt;
  EncodedHeader out;
  auto id = h.byte();
  if (id == kPackInfo) {
    if (!skip_pack_info(h, &out.pack)) return std::nullopt;
    id = h.byte();
  }
  std::uint64_t out_streams = 0;
  if (id != kUnpackInfo || !skip_folders(h, out.folders, out_streams, &out.coders)) return std::nullopt;
  for (std::uint64_t i = 0; i < out_streams; ++i) {
    const auto n = h.number();
    if (!n) return std::nullopt;
    if (i == 0) out.first_size = *n;
    out.largest = std::max(out.largest, *n);
  }
  return out;
}

// A plain (not encoded) header, 7zArcIn.c's ReadHeader, read only for the
// counts libarchive allocates by: packed streams, folders, coders, unpacked
// streams and files. Stops where the structure is not as expected and leaves
// the rest to libarchive; `h.implausible()` says whether a count was refused.
void check_plain_header_counts(HeaderCursor& h) {
  constexpr std::uint8_t kEnd = 0x00, kHeader = 0x01, kArchiveProperties = 0x02, kAdditionalStreamsInfo = 0x03,
                         kMainStreamsInfo = 0x04, kFilesInfo = 0x05, kPackInfo = 0x06, kUnpackInfo = 0x07,
                         kSubStreamsInfo = 0x08, kCrc = 0x0A, kNumUnpackStream = 0x0D;
  if (h.byte() != kHeader) return;
  auto id = h.byte();
  if (id == kArchiveProperties) {
    for (auto type = h.byte(); type && *type != kEnd; type = h.byte()) {
      const auto size = h.number();
      if (!size || !h.skip(*size)) return;
    }
    id = h.byte();
  }
  // Streams info: packed streams, folders with their sizes and digests, then
  // the unpacked streams per folder.
  const auto streams_info = [&]() -> bool {
    auto part = h.byte();
    if (part == kPackInfo) {
      if (!skip_pack_info(h)) return false;
      part = h.byte();
    }
    std::uint64_t folders = 0;
    if (part == kUnpackInfo) {
      std::uint64_t out_streams = 0;
      if (!skip_folders(h, folders, out_streams) || !h.skip_numbers(out_streams)) return false;
      for (part = h.byte(); part && *part != kEnd; part = h.byte()) {
        if (*part != kCrc) return false;
        // A folder's digest: all-defined flag (else bits), then CRC32s.
        const auto all_defined = h.byte();
        if (!all_defined || *all_defined == 0 || !h.skip(4 * folders)) return false;
      }
      part = h.byte();
    }
    if (part == kSubStreamsInfo && h.byte() == kNumUnpackStream) {
      for (std::uint64_t f = 0; f < folders; ++f) {
        if (!h.count("unpacked streams")) return false;
      }
    }
    return false;  // what follows is sizes and digests, which allocate nothing new
  };
  if (id == kAdditionalStreamsInfo) {
    if (!streams_info()) return;
    id = h.byte();
  }
  if (id == kMainStreamsInfo) {
    streams_info();
    return;
  }
  if (id == kFilesInfo) (void)h.count("files");
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 0x0F];
  }
  return out;
}

// The packed bytes of an encoded header, decoded with its one coder (the
// methods 7-Zip, py7zr and libarchive write headers with), or why not.
struct DecodedHeader {
  DecodedBytes bytes;
  std::string error;
};
DecodedHeader decode_header(std::string_view packed, const Coder& coder, std::uint64_t size) {
  DecodeResult r;
  if (coder.id == std::string_view("\x00", 1)) {
    r.output = DecodedBytes(std::string(packed.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(packed.size(), size)))));
  } else if (coder.id == "\x03\x01\x01") {  // LZMA: zip method 14 spells the same stream after a 4-byte prefix
    std::string member("\x09\x14\x00\x00", 4);
    member[2] = static_cast<char>(coder.properties.size() & 0xFF);
    member[3] = static_cast<char>(coder.properties.size() >> 8);
    r = decompress(Codec::ZipLzma, member.append(coder.properties).append(packed), size);
  } else if (coder.id == "\x21") {
    r = decompress(Codec::SevenZipLzma2, std::string(coder.properties).append(packed), size);
  } else if (coder.id == "\x04\x01\x08") {
    r = decompress(Codec::Deflate, packed, size);
  } else if (coder.id == "\x04\x02\x02") {
    r = decompress(Codec::ZipBzip2, packed, size);
  } else {
    return {{}, "the encoded 7z header uses method " + hex(coder.id) +
                    ", which is not decoded here to check the counts it declares"};
  }
  if (r.output.size() != size) {
    return {{}, "the encoded 7z header decodes to " + std::to_string(r.output.size()) + " of the " +
                    std::to_string(size) + " bytes it declares" + (r.message.empty() ? "" : ": " + r.message)};
  }
  return {std::move(r.output), {}};
}

// libarchive sizes buffers by what the archive declares before it knows the
// bytes exist: the next header's size from the signature header (it does
// not check that the header lies inside the archive), for an encoded
// header its decoded size, and the counts of streams, folders and files.
// All are checked here first, as 7-Zip checks them, an encoded header once
// decoded (it may be encoded again, to a small depth); an empty string when
// they hold. Archives that do not start with the signature (self-extracting
// ones) are left to libarchive.
std::string check_header(std::string_view data, std::string_view header, unsigned depth) {
  constexpr std::uint64_t kSignatureHeader = 32;
  constexpr unsigned kMaxEncodings = 4;
  HeaderCursor next_header(header);
  const auto encoded = read_encoded_header(next_header);
  if (!next_header.implausible().empty()) return next_header.implausible();
  if (!encoded) {
    HeaderCursor plain(header);
    check_plain_header_counts(plain);
    return plain.implausible();
  }
  if (encoded->largest > kMaxDecodedHeader) {
    return "the encoded 7z header declares " + std::to_string(encoded->largest) +
           " bytes once decoded, over the limit of " + std::to_string(kMaxDecodedHeader);
  }
  if (depth == kMaxEncodings) return "the 7z header is encoded more than " + std::to_string(kMaxEncodings) + " times";
  if (encoded->folders != 1 || encoded->coders.size() != 1 || encoded->pack.sizes.size() != 1) {
    return "the encoded 7z header has " + std::to_string(encoded->folders) + " folders of " +
           std::to_string(encoded->coders.size()) + " coders, which is not decoded here to check the counts it declares";
  }
  const std::uint64_t packed_at = encoded->pack.position;
  const std::uint64_t packed_size = encoded->pack.sizes.front();
  if (packed_at > data.size() - kSignatureHeader || !fits(data.size(), kSignatureHeader + packed_at, packed_size)) {
    return "the encoded 7z header's packed bytes (" + std::to_string(packed_size) + " at offset " +
           std::to_string(packed_at) + " after the signature header) lie outside the archive of " +
           std::to_string(data.size()) + " bytes";
  }
  const DecodedHeader decoded = decode_header(data.substr(kSignatureHeader + packed_at, packed_size),
                                              encoded->coders.front(), encoded->first_size);
  if (!decoded.error.empty()) return decoded.error;
  return check_header(data, decoded.bytes.view(), depth + 1);
}

std::string check_declared_header(std::string_view data) {
  constexpr std::uint64_t kSignatureHeader = 32;
  if (!looks_like_7z(data) || data.size() < kSignatureHeader) return {};
  HeaderCursor start(data.substr(12));  // after signature, version and start header CRC
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  for (std::uint64_t* field : {&offset, &size}) {
    for (unsigned i = 0; i < 8; ++i) *field |= static_cast<std::uint64_t>(*start.byte()) << (8 * i);
  }
  if (offset > data.size() || !fits(data.size(), kSignatureHeader + offset, size)) {
    return "the 7z header (" + std::to_string(size) + " bytes at offset " + std::to_string(offset) +
           " after the signature header) lies outside the archive of " + std::to_string(data.size()) + " bytes";
  }
  return check_header(data, data.substr(kSignatureHeader + offset, size), 0);
}

enum class DataEnd : std::uint8_t {
  Complete,
  OverBound,  // the entry has more bytes than were allowed
  Failed,     // libarchive could not read the entry; it may go on
  Fatal,      // libarchive cannot go on
};

// Reads the current entry's data into `buffer`, at most `allowed` bytes;
// the buffer grows with the bytes that arrive, never ahead of them.
DataEnd read_data(archive* a, std::string& buffer, std::uint64_t allowed) {
  buffer.clear();
  for (;;) {
    if (buffer.size() == allowed) {
      // One more byte tells a full entry from one cut short by the limit.
      char probe = 0;
      const la_ssize_t n = archive_read_data(a, &probe, 1);
      if (n == 0) return DataEnd::Complete;
      if (n > 0) return DataEnd::OverBound;
      return n == ARCHIVE_FATAL ? DataEnd::Fatal : DataEnd::Failed;
    }
    const std::size_t old_size = buffer.size();
    const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(kReadChunk, allowed - old_size));
    buffer.resize(old_size + chunk);
    const la_ssize_t n = archive_read_data(a, buffer.data() + old_size, chunk);
    buffer.resize(old_size + static_cast<std::size_t>(std::max<la_ssize_t>(n, 0)));
    if (n == 0) return DataEnd::Complete;
    if (n < 0) return n == ARCHIVE_FATAL ? DataEnd::Fatal : DataEnd::Failed;
  }
}

class Reader {
 public:
  Reader(const SevenZipLimits& limits, const std::function<void(const SevenZipEntry&)>& visit)
      : limits_(limits), visit_(visit) {}

  SevenZipResult run(std::string_view data) && {
    try {
      read_all(data);
    } catch (const std::bad_alloc&) {
      result_.error = "out of memory after " + std::to_string(result_.entries) + " entries";
    }
    return std::move(result_);
  }

 private:
  void read_all(std::string_view data) {
    result_.error = check_declared_header(data);
    if (!result_.error.empty()) return;
    const ThreadUtf8Locale utf8;
    const ArchivePtr a(archive_read_new(), &archive_read_free);
    if (!a) {
      result_.error = "out of memory";
      return;
    }
    archive_read_support_format_7zip(a.get());
    if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
      result_.error = archive_message(a.get(), "opening the archive");
      return;
    }
    for (bool more = true; more;) more = next_entry(a.get());
  }

  // Reads and visits one entry; false when the archive ends or must stop.
  bool next_entry(archive* a) {
    archive_entry* e = nullptr;
    const int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF) return false;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      result_.error = archive_message(a, "reading the next entry header");
      return false;
    }
    if (result_.entries >= limits_.max_entries) {
      result_.limit_reached = true;
      return false;
    }
    SevenZipEntry entry;
    entry.name = entry_name(e);
    entry.regular = archive_entry_filetype(e) == AE_IFREG;
    if (const char* target = archive_entry_symlink(e); target != nullptr) entry.link_target = target;
    if (archive_entry_size_is_set(e) != 0) {
      entry.declared_size = static_cast<std::uint64_t>(std::max<la_int64_t>(archive_entry_size(e), 0));
    }
    // A warning (say, a name that does not convert) still gives a usable entry.
    if (rc == ARCHIVE_WARN) entry.problem = archive_message(a, "reading the entry header");

    // py7zr writes unix modes without the file-type bits (S_IFREG), which
    // libarchive then reports as no type at all, and extracts such entries as
    // files; 7-Zip's attributes can say anything. So every entry but a link
    // is read for data, whatever its mode says (a directory simply has none).
    const bool link = !entry.link_target.empty() || archive_entry_hardlink(e) != nullptr;
    bool go_on = true;
    if (!link && archive_entry_is_data_encrypted(e) != 0) {
      entry.complete = false;
      entry.problem = "entry is encrypted";
    } else if (!link) {
      go_on = extract(a, entry);
    }
    ++result_.entries;
    visit_(entry);
    return go_on;
  }

  // Reads the entry's data under the limits; false when the archive must stop.
  bool extract(archive* a, SevenZipEntry& entry) {
    const std::uint64_t total_left = limits_.max_total_size - result_.total_extracted;
    // When what is left of the total is the tighter bound, running into it
    // ends the archive; the per-entry bound only cuts this entry short.
    const bool total_binds = total_left <= limits_.max_entry_size;
    const DataEnd end = read_data(a, buffer_, std::min(limits_.max_entry_size, total_left));
    result_.total_extracted += buffer_.size();
    entry.data = buffer_;
    entry.complete = end == DataEnd::Complete;
    switch (end) {
      case DataEnd::Complete: return true;
      case DataEnd::OverBound:
        if (total_binds) {
          entry.problem =
              "extraction stopped at the total limit of " + std::to_string(limits_.max_total_size) + " bytes";
          result_.limit_reached = true;
          return false;
        }
        entry.problem = "entry exceeds the limit of " + std::to_string(limits_.max_entry_size) + " bytes";
        return true;
      case DataEnd::Failed: entry.problem = archive_message(a, "reading the entry data"); return true;
      case DataEnd::Fatal:
        entry.problem = archive_message(a, "reading the entry data");
        result_.error = entry.problem;
        return false;
    }
    return false;
  }

  const SevenZipLimits& limits_;
  const std::function<void(const SevenZipEntry&)>& visit_;
  std::string buffer_;  // reused for every entry: memory follows the largest entry extracted
  SevenZipResult result_;
};

}  // namespace

bool looks_like_7z(std::string_view data) { return data.starts_with("\x37\x7a\xbc\xaf\x27\x1c"); }

SevenZipResult read_7z(std::string_view data, const SevenZipLimits& limits,
                       const std::function<void(const SevenZipEntry&)>& visit) {
  return Reader(limits, visit).run(data);
}

}  // namespace sentinel::input
