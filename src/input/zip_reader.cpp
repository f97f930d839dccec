// Zip listing and member reading (see zip_reader.hpp for why it is lenient).
// Offsets and records follow Python's zipfile (Lib/zipfile.py: _EndRecData,
// _EndRecData64, _RealGetContents, ZipInfo._decodeExtra, ZipFile.open) and
// miniz as torch builds it (caffe2/serialize/inline_container.cc); where the
// two differ, the comment says which one we follow and why.
#include "input/zip_reader.hpp"

#include "base/released_pages.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <unordered_map>
#include <utility>

#include "base/byte_reader.hpp"

namespace sentinel::input {
namespace {

// Record signatures and fixed sizes (PKWARE APPNOTE.TXT 4.3).
constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kZip64EndSig = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;
constexpr std::uint32_t kDescriptorSig = 0x08074b50;
constexpr std::string_view kLocalSigBytes = "PK\x03\x04";
constexpr std::uint64_t kLocalSize = 30;
constexpr std::uint64_t kCentralSize = 46;
constexpr std::uint64_t kEndSize = 22;
constexpr std::uint64_t kZip64EndSize = 56;
constexpr std::uint64_t kZip64LocatorSize = 20;
constexpr std::uint64_t kMaxComment = 0xffff;
constexpr std::uint64_t kZip64Marker = 0xffffffff;

constexpr std::uint16_t kFlagDescriptor = 0x8;
// What ordinary writers set: deflate options (0x2, 0x4), data descriptor
// (0x8), UTF-8 names (0x800). Anything else is worth a look.
constexpr std::uint16_t kOrdinaryFlags = 0x2 | 0x4 | kFlagDescriptor | 0x800;

// Little-endian field of `width` bytes at `off`; 0 when it does not fit, so no
// read can leave the input even where a caller forgot a check.
std::uint64_t read_le(std::string_view d, std::uint64_t off, unsigned width) {
  if (!fits(d.size(), off, width)) return 0;
  std::uint64_t v = 0;
  for (unsigned i = width; i-- > 0;) v = (v << 8) | static_cast<unsigned char>(d[off + i]);
  return v;
}
std::uint16_t le16(std::string_view d, std::uint64_t off) { return static_cast<std::uint16_t>(read_le(d, off, 2)); }
std::uint32_t le32(std::string_view d, std::uint64_t off) { return static_cast<std::uint32_t>(read_le(d, off, 4)); }
std::uint64_t le64(std::string_view d, std::uint64_t off) { return read_le(d, off, 8); }
bool sig_at(std::string_view d, std::uint64_t off, std::uint32_t sig) {
  return fits(d.size(), off, 4) && le32(d, off) == sig;
}
// The bytes [off, off + len) clamped to the input.
std::string_view clamped(std::string_view d, std::uint64_t off, std::uint64_t len) {
  if (off >= d.size()) return {};
  return d.substr(off, std::min<std::uint64_t>(len, d.size() - off));
}
std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

// True when a zip record starts at `off`: where a data descriptor must end.
bool record_at(std::string_view d, std::uint64_t off) {
  return sig_at(d, off, kLocalSig) || sig_at(d, off, kCentralSig) || sig_at(d, off, kEndSig) ||
         sig_at(d, off, kZip64EndSig);
}

// First offset >= `from` where any zip record or a data descriptor starts;
// npos when none. Each "PK" is looked at once, so repeated searches from
// increasing offsets stay linear.
std::uint64_t find_record(std::string_view d, std::uint64_t from) {
  for (auto p = d.find("PK", from); p != std::string_view::npos; p = d.find("PK", p + 1)) {
    if (record_at(d, p) || sig_at(d, p, kDescriptorSig)) return p;
  }
  return std::string_view::npos;
}

std::string hex(std::uint64_t v) {
  std::array<char, 16> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, 16);
  return "0x" + std::string(buf.data(), r.ptr);
}
std::string dec(std::uint64_t v) { return std::to_string(v); }

// A name as messages show it: quoted, printable ASCII kept, every other byte
// as \xNN (and \\, \'), so names cannot put control bytes or invalid UTF-8
// into a report; a long name is cut (names run to 64 KiB).
std::string quoted(std::string_view name) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  static constexpr std::size_t kShown = 200;
  std::string out = "'";
  for (const char c : name.substr(0, kShown)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += c;
    } else if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kDigits[u >> 4];
      out += kDigits[u & 0xf];
    }
  }
  return out + (name.size() > kShown ? "'... (" + dec(name.size()) + " bytes)" : "'");
}

// The zip64 extended-information field (0x0001) holds 64-bit values only for
// the fields whose 32-bit value is 0xffffffff, in a fixed order: uncompressed
// size, compressed size, local header offset (APPNOTE 4.5.3; zipfile's
// ZipInfo._decodeExtra). Returns true when the field is there: its presence
// alone makes data-descriptor sizes 8 bytes wide (APPNOTE 4.3.9.2).
bool apply_zip64_extra(std::string_view extra, std::uint64_t& usize, std::uint64_t& csize, std::uint64_t* offset) {
  for (std::uint64_t pos = 0; fits(extra.size(), pos, 4); pos += 4 + le16(extra, pos + 2)) {
    if (le16(extra, pos) != 0x0001) continue;
    const auto body = clamped(extra, pos + 4, le16(extra, pos + 2));
    std::uint64_t at = 0;
    // A field the block is too short for keeps its marker, as the other
    // fields would then be read from the wrong place.
    const auto take = [&](std::uint64_t& field) {
      if (field != kZip64Marker) return true;
      if (!fits(body.size(), at, 8)) return false;
      field = le64(body, at);
      at += 8;
      return true;
    };
    (void)(take(usize) && take(csize) && (offset == nullptr || take(*offset)));
    return true;
  }
  return false;
}

struct EndRecord {
  std::uint64_t pos = 0;     // of the end-of-central-directory record
  std::uint64_t cd_end = 0;  // where the central directory ends: the zip64 end record if any, else pos
  std::uint64_t entries = 0;
  std::uint64_t cd_size = 0;
  std::uint64_t cd_offset = 0;  // as stated, before any prefix shift
  std::uint64_t comment_size = 0;
  bool zip64 = false;
};

EndRecord read_end_record(std::string_view d, std::uint64_t pos) {
  EndRecord r;
  r.pos = pos;
  r.cd_end = pos;
  r.entries = le16(d, pos + 10);
  r.cd_size = le32(d, pos + 12);
  r.cd_offset = le32(d, pos + 16);
  r.comment_size = le16(d, pos + 20);
  if (pos < kZip64LocatorSize || !sig_at(d, pos - kZip64LocatorSize, kZip64LocatorSig)) return r;
  // zipfile's _EndRecData64 expects the zip64 end record right before the
  // locator ("assume no zip64 extensible data"); miniz follows the offset the
  // locator states. Try zipfile's place first.
  const std::uint64_t locator = pos - kZip64LocatorSize;
  std::optional<std::uint64_t> record;
  if (locator >= kZip64EndSize && sig_at(d, locator - kZip64EndSize, kZip64EndSig)) {
    record = locator - kZip64EndSize;
  } else if (const auto stated = le64(d, locator + 8); sig_at(d, stated, kZip64EndSig)) {
    record = stated;
  }
  if (!record || !fits(d.size(), *record, kZip64EndSize)) return r;
  r.zip64 = true;
  r.cd_end = *record;
  r.entries = le64(d, *record + 32);
  r.cd_size = le64(d, *record + 40);
  r.cd_offset = le64(d, *record + 48);
  return r;
}

// Zipfile shifts every offset by "concat" (bytes prepended to the archive,
// or a negative amount when the stated offsets are too large); an offset the
// shift takes below 0 or past 2^64 points nowhere.
struct Shift {
  std::uint64_t add = 0;
  std::uint64_t sub = 0;
  [[nodiscard]] std::optional<std::uint64_t> apply(std::uint64_t off) const {
    if (off < sub || off - sub > UINT64_MAX - add) return std::nullopt;
    return off - sub + add;
  }
  [[nodiscard]] bool none() const { return add == 0 && sub == 0; }
};

// Where the central directory is. zipfile reads the cd_size bytes before
// cd_end whatever the stated offset says (_RealGetContents: start_dir =
// offset_cd + concat) and shifts every offset by the difference; miniz reads
// at the stated offset, unshifted. The two agree on ordinary archives;
// zipfile's place wins when a directory is there, else the stated one, where
// torch may find a directory zipfile does not.
struct DirectoryPlace {
  std::uint64_t start = 0;
  Shift shift;
  bool zipfile = true;  // false: only miniz's reading finds it
};

DirectoryPlace locate_directory(std::string_view d, const EndRecord& r) {
  if (r.cd_size <= r.cd_end) {
    const std::uint64_t start = r.cd_end - r.cd_size;
    if (sig_at(d, start, kCentralSig) || !sig_at(d, r.cd_offset, kCentralSig)) {
      return {start, start >= r.cd_offset ? Shift{start - r.cd_offset, 0} : Shift{0, r.cd_offset - start}, true};
    }
  }
  return {r.cd_offset, Shift{}, false};
}

bool plausible(std::string_view d, const EndRecord& r) { return sig_at(d, locate_directory(d, r).start, kCentralSig); }

bool comment_fits(std::string_view d, const EndRecord& r) { return fits(d.size(), r.pos + kEndSize, r.comment_size); }

// zipfile and miniz both take the last end-record signature in the final
// 64 KiB + 22 bytes and fail if it is bogus. A signature inside an archive
// comment is usually bogus, so we take the last one whose central directory
// is where it says: the loaders' choice whenever theirs works. An empty
// directory is easy to fake, so one with entries wins over it (the loaders
// then see nothing to load; we still scan what a stricter reader finds).
// Without any such record: the last whose comment fits, then the last.
std::optional<EndRecord> find_end_record(std::string_view d) {
  if (d.size() < kEndSize) return std::nullopt;
  const std::uint64_t last = d.size() - kEndSize;
  const std::uint64_t first = last > kMaxComment ? last - kMaxComment : 0;
  std::optional<EndRecord> empty;
  std::optional<EndRecord> fitting;
  std::optional<EndRecord> any;
  for (std::uint64_t p = last + 1; p-- > first;) {
    if (d[p] != 'P' || !sig_at(d, p, kEndSig)) continue;
    const auto r = read_end_record(d, p);
    const bool is_empty = r.entries == 0 && r.cd_size == 0;
    if (!is_empty && plausible(d, r)) return r;
    if (is_empty && !empty) empty = r;
    if (!any) any = r;
    if (!fitting && comment_fits(d, r)) fitting = r;
  }
  if (empty) return empty;
  return fitting ? fitting : any;
}

// The fixed part of a local header and what follows it (APPNOTE 4.3.7).
struct LocalHeader {
  bool signature = false;  // 50 4b 03 04 at the offset
  bool complete = false;   // the 30 bytes, the name and the extra field are inside the input
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint64_t csize = 0;
  std::uint64_t usize = 0;
  bool zip64 = false;  // a zip64 extra field is present
  std::string_view name;
  std::uint64_t data_offset = 0;
};

LocalHeader read_local_header(std::string_view d, std::uint64_t pos) {
  LocalHeader h;
  if (!fits(d.size(), pos, kLocalSize)) {
    h.data_offset = d.size();
    return h;
  }
  h.signature = le32(d, pos) == kLocalSig;
  h.flags = le16(d, pos + 6);
  h.method = le16(d, pos + 8);
  h.crc = le32(d, pos + 14);
  h.csize = le32(d, pos + 18);
  h.usize = le32(d, pos + 22);
  const std::uint64_t name_size = le16(d, pos + 26);
  const std::uint64_t extra_size = le16(d, pos + 28);
  // torch's getRecordOffset and zipfile both put the data right after the
  // local name and extra field, whatever the central directory says.
  h.data_offset = pos + kLocalSize + name_size + extra_size;
  h.complete = fits(d.size(), pos + kLocalSize, name_size + extra_size);
  if (h.complete) {
    h.name = d.substr(pos + kLocalSize, name_size);
    h.zip64 = apply_zip64_extra(d.substr(pos + kLocalSize + name_size, extra_size), h.usize, h.csize, nullptr);
  }
  return h;
}

// A data descriptor (APPNOTE 4.3.9): optional signature, crc-32, compressed
// and uncompressed size, 4 bytes each or 8 in zip64 archives.
struct Descriptor {
  std::uint32_t crc = 0;
  std::uint64_t csize = 0;
  std::uint64_t usize = 0;
  std::uint64_t end = 0;  // offset just past it
};

std::optional<Descriptor> read_descriptor(std::string_view d, std::uint64_t pos, bool signature, bool wide) {
  const std::uint64_t body = pos + (signature ? 4 : 0);
  const unsigned width = wide ? 8 : 4;
  if (!fits(d.size(), body, 4 + 2 * width)) return std::nullopt;
  return Descriptor{le32(d, body), read_le(d, body + 4, width), read_le(d, body + 4 + width, width),
                    body + 4 + 2 * width};
}

// The descriptor that should follow data ending at `pos`. Without a
// signature, only a layout that ends where the next record starts counts as
// found; with one, the signature is evidence enough.
std::optional<Descriptor> locate_descriptor(std::string_view d, std::uint64_t pos, bool wide) {
  const bool signature = sig_at(d, pos, kDescriptorSig);
  for (const bool w : {wide, !wide}) {
    const auto desc = read_descriptor(d, pos, signature, w);
    if (desc && record_at(d, desc->end)) return desc;
  }
  if (signature) return read_descriptor(d, pos, true, wide);
  return std::nullopt;
}

// An unsigned descriptor right before `next`, recognised by its compressed
// size matching the bytes between `data_offset` and itself.
std::optional<Descriptor> descriptor_before(std::string_view d, std::uint64_t data_offset, std::uint64_t next) {
  for (const std::uint64_t size : {12, 20}) {
    if (next < data_offset + size) continue;
    const auto desc = read_descriptor(d, next - size, false, size == 20);
    if (desc && desc->csize == next - size - data_offset) return desc;
  }
  return std::nullopt;
}


std::string traversal_reasons(std::string_view name) {
  std::string reasons;
  const auto add = [&](std::string_view why) {
    if (!reasons.empty()) reasons += ", ";
    reasons += why;
  };
  if (!name.empty() && (name.front() == '/' || name.front() == '\\')) add("absolute path");
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.size() >= 2 && name[1] == ':' && letter(name[0])) add("drive letter");
  if (name.find('\\') != std::string_view::npos) add("backslash");
  for (std::size_t start = 0; start <= name.size();) {
    const auto stop = std::min(name.find_first_of("/\\", start), name.size());
    if (name.substr(start, stop - start) == "..") {
      add("'..' component");
      break;
    }
    start = stop + 1;
  }
  return reasons;
}

std::string flag_names(std::uint16_t bits) {
  static constexpr std::array<std::pair<std::uint16_t, std::string_view>, 4> kNames = {{{0x1, "encrypted"},
                                                                                      {0x20, "compressed patched data"},
                                                                                      {0x40, "strong encryption"},
                                                                                      {0x2000, "masked local header"}}};
  std::string out;
  for (std::uint16_t bit = 1; bit != 0; bit = static_cast<std::uint16_t>(bit << 1)) {
    if ((bits & bit) == 0) continue;
    if (!out.empty()) out += ", ";
    out += hex(bit);
    for (const auto& [b, name] : kNames) {
      if (b == bit) out += " (" + std::string(name) + ")";
    }
  }
  return out;
}

class Lister {
 public:
  Lister(std::string_view data, std::uint64_t max_entries) : data_(data), max_entries_(max_entries) {}

  ZipListing run() {
    const auto end = find_end_record(data_);
    if (end) {
      read_archive(*end);
    } else if (sig_at(data_, 0, kLocalSig)) {
      walk_local_headers(0, data_.size(), false);
      // First, since everything else follows from it.
      out_.problems.insert(out_.problems.begin(),
                           ZipProblem{ZipTamper::NoCentralDirectory, {},
                                      "no end-of-central-directory record; " + dec(out_.entries.size()) +
                                          " entries found by walking local headers from offset 0"});
    } else {
      report(ZipTamper::NoCentralDirectory, {}, "no end-of-central-directory record and no local header at offset 0");
    }
    check_names();
    check_overlaps();
    return std::move(out_);
  }

 private:
  void report(ZipTamper kind, std::string_view entry, std::string message) {
    out_.problems.push_back(ZipProblem{kind, std::string(entry), std::move(message)});
  }

  void read_archive(const EndRecord& end) {
    out_.zip64 = end.zip64;
    out_.end_record = end.pos;
    if (!comment_fits(data_, end)) {
      report(ZipTamper::Truncated, {},
             "end-of-central-directory record at offset " + dec(end.pos) + " declares a " + dec(end.comment_size) +
                 "-byte comment, " + dec(data_.size() - end.pos - kEndSize) + " bytes follow");
    }
    const auto place = locate_directory(data_, end);
    const std::uint64_t start = place.start;
    shift_ = place.shift;
    if (!place.zipfile) {
      report(ZipTamper::Truncated, {},
             "no central directory in the " + dec(end.cd_size) + " bytes before offset " + dec(end.cd_end) +
                 " where zipfile looks; read at its stated offset " + dec(end.cd_offset) + " as torch does");
    }
    const bool complete = read_central_directory(end, start);
    const std::size_t central = out_.entries.size();
    readable_.assign(central, false);
    for (std::size_t i = 0; i < central; ++i) read_local_header_of(i);

    // zipfile never reads the bytes before the first entry, and torch wants
    // a local header at offset 0: a prefix is where a second format hides.
    std::optional<std::uint64_t> first_local;
    for (std::size_t i = 0; i < central; ++i) {
      if (readable_[i]) first_local = std::min(first_local.value_or(UINT64_MAX), out_.entries[i].local_header_offset);
    }
    out_.prefix_size = first_local.value_or(shift_.add);
    if (!shift_.none()) {
      report(ZipTamper::PrefixData, {},
             "central directory at offset " + dec(start) + " but its stated offset is " + dec(end.cd_offset) +
                 ": zipfile shifts every offset by " + (shift_.add != 0 ? dec(shift_.add) : "-" + dec(shift_.sub)) +
                 " bytes, torch does not" +
                 (first_local ? "; first local header at offset " + dec(*first_local) : std::string()));
    } else if (out_.prefix_size != 0) {
      report(ZipTamper::PrefixData, {},
             dec(out_.prefix_size) + " bytes before the first local header at offset " + dec(out_.prefix_size));
    }

    std::optional<std::uint64_t> walk_start;
    if (sig_at(data_, 0, kLocalSig)) {
      walk_start = 0;
    } else if (shift_.add != 0 && sig_at(data_, shift_.add, kLocalSig)) {
      walk_start = shift_.add;
    } else {
      walk_start = first_local;
    }
    // Entries sit before the central directory; in the rare layout where
    // they follow it, walk to the end. After max_entries the rest of the
    // directory is unread, so its members would look local-only.
    if (complete && walk_start) {
      walk_local_headers(*walk_start, start > *walk_start ? std::min(start, data_.size()) : data_.size(), true);
    }
  }

  // Central-directory records, as many as fit in the directory (zipfile
  // reads by size, miniz by the count; a shortfall is reported). False when
  // max_entries stopped the listing.
  bool read_central_directory(const EndRecord& end, std::uint64_t start) {
    const std::uint64_t stop = std::min<std::uint64_t>(add_sat(start, end.cd_size), data_.size());
    std::uint64_t pos = start;
    while (pos < stop) {
      if (out_.entries.size() >= max_entries_) {
        report(ZipTamper::LimitReached, {},
               "central directory declares " + dec(end.entries) + " entries; listing stopped at max_entries " +
                   dec(max_entries_));
        return false;
      }
      if (!sig_at(data_, pos, kCentralSig) || !fits(data_.size(), pos, kCentralSize)) {
        // After the declared count, miniz stops reading; zipfile fails.
        if (out_.entries.size() >= end.entries) return true;
        report(ZipTamper::Truncated, {},
               "central directory ends early: no central header at offset " + dec(pos) + " (entry " +
                   dec(out_.entries.size()) + ")");
        return true;
      }
      const std::uint64_t name_size = le16(data_, pos + 28);
      const std::uint64_t extra_size = le16(data_, pos + 30);
      const std::uint64_t comment_size = le16(data_, pos + 32);
      if (!fits(data_.size(), pos + kCentralSize, name_size + extra_size + comment_size)) {
        report(ZipTamper::Truncated, {},
               "central header at offset " + dec(pos) + " runs past the end of the input (" + dec(data_.size()) +
                   " bytes)");
        return true;
      }
      ZipEntry e;
      e.name = std::string(data_.substr(pos + kCentralSize, name_size));
      e.flags = le16(data_, pos + 8);
      e.method = le16(data_, pos + 10);
      e.crc32 = le32(data_, pos + 16);
      e.compressed_size = le32(data_, pos + 20);
      e.uncompressed_size = le32(data_, pos + 24);
      std::uint64_t offset = le32(data_, pos + 42);
      if (apply_zip64_extra(data_.substr(pos + kCentralSize + name_size, extra_size), e.uncompressed_size,
                            e.compressed_size, &offset)) {
        out_.zip64 = true;
      }
      // Kept unshifted when the shift fails; read_local_header_of reports it.
      e.local_header_offset = shift_.apply(offset).value_or(offset);
      shift_failed_.push_back(!shift_.apply(offset));
      e.is_directory = !e.name.empty() && e.name.back() == '/';
      out_.entries.push_back(std::move(e));
      pos += kCentralSize + name_size + extra_size + comment_size;
    }
    if (out_.entries.size() < end.entries) {
      report(ZipTamper::Truncated, {},
             "central directory holds " + dec(out_.entries.size()) + " entries, the end record declares " +
                 dec(end.entries));
    }
    return true;
  }

  // The local header of central entry `i`, and what it disagrees with.
  void read_local_header_of(std::size_t i) {
    ZipEntry& e = out_.entries[i];
    readable_[i] = check_local_header(e, shift_failed_[i]);
    check_flags(e);
  }

  // False when there is no readable local header: no loader reads the entry.
  bool check_local_header(ZipEntry& e, bool shift_failed) {
    const std::string name = quoted(e.name);
    const auto lho = e.local_header_offset;
    if (shift_failed) {
      e.data_offset = data_.size();
      report(ZipTamper::BadLocalHeader, e.name,
             name + ": local header offset " + dec(lho) + " points outside the input once shifted");
      return false;
    }
    const auto h = read_local_header(data_, lho);
    e.data_offset = h.data_offset;
    if (!h.complete) {
      report(ZipTamper::BadLocalHeader, e.name,
             name + ": local header at offset " + dec(lho) + " runs past the end of the input (" + dec(data_.size()) +
                 " bytes)");
      return false;
    }
    if (!h.signature) {
      report(ZipTamper::BadLocalHeader, e.name, name + ": no local header signature at offset " + dec(lho));
      return false;
    }
    e.local_name = std::string(h.name);
    e.local_flags = h.flags;
    if (h.zip64) out_.zip64 = true;
    if (e.local_name != e.name) {
      report(ZipTamper::NameMismatch, e.name,
             name + ": local header at offset " + dec(lho) + " names it " + quoted(e.local_name) +
                 "; zipfile refuses the entry, torch reads it");
    }
    if (((e.flags | h.flags) & kFlagDescriptor) == 0) {
      check_local_sizes(e, h);
    } else {
      const bool wide = h.zip64 || e.compressed_size >= kZip64Marker || e.uncompressed_size >= kZip64Marker;
      check_descriptor(e, wide);
    }
    check_truncated(e);
    return true;
  }

  // Bits 0x1/0x20/0x40 make zipfile refuse the entry while torch reads it
  // (evasion catalogue 4); any bit outside the ordinary set gets the same look.
  void check_flags(const ZipEntry& e) {
    const auto unusual = static_cast<std::uint16_t>((e.flags | e.local_flags) & ~kOrdinaryFlags);
    if (unusual == 0) return;
    const std::string local = "local header flags " + hex(e.local_flags);
    report(ZipTamper::FlagBits, e.name,
           quoted(e.name) + ": unusual general-purpose bits " + flag_names(unusual) + "; " +
               (e.in_central_directory ? "central directory flags " + hex(e.flags) + ", " + local : local) +
               "; torch ignores them and reads the member as it is, zipfile refuses some");
  }

  // Without a data descriptor the local header repeats the central sizes
  // and CRC; zero means "not given" (some writers leave them out).
  void check_local_sizes(const ZipEntry& e, const LocalHeader& h) {
    const auto differs = [](std::uint64_t local, std::uint64_t central) { return local != 0 && local != central; };
    if (!differs(h.crc, e.crc32) && !differs(h.csize, e.compressed_size) && !differs(h.usize, e.uncompressed_size)) {
      return;
    }
    report(ZipTamper::SizeMismatch, e.name,
           quoted(e.name) + ": local header at offset " + dec(e.local_header_offset) + " says crc " + hex(h.crc) +
               ", compressed size " + dec(h.csize) + ", size " + dec(h.usize) + "; central directory says crc " +
               hex(e.crc32) + ", compressed size " + dec(e.compressed_size) + ", size " + dec(e.uncompressed_size));
  }

  void check_descriptor(const ZipEntry& e, bool wide) {
    const std::uint64_t at = add_sat(e.data_offset, e.compressed_size);
    const auto desc = locate_descriptor(data_, at, wide);
    if (!desc || (desc->crc == e.crc32 && desc->csize == e.compressed_size && desc->usize == e.uncompressed_size)) {
      return;
    }
    report(ZipTamper::DataDescriptor, e.name,
           quoted(e.name) + ": data descriptor at offset " + dec(at) + " says crc " + hex(desc->crc) +
               ", compressed size " + dec(desc->csize) + ", size " + dec(desc->usize) +
               "; central directory says crc " + hex(e.crc32) + ", compressed size " + dec(e.compressed_size) +
               ", size " + dec(e.uncompressed_size));
  }

  void check_truncated(const ZipEntry& e) {
    if (fits(data_.size(), e.data_offset, e.compressed_size)) return;
    report(ZipTamper::Truncated, e.name,
           quoted(e.name) + ": data at offset " + dec(e.data_offset) + ", " + dec(e.compressed_size) +
               " bytes, runs past the end of the input (" + dec(data_.size()) + " bytes)");
  }

  // Local headers in file order from `start`: what a streaming extractor
  // sees. Members the central directory knows are skipped by its sizes;
  // others by their local sizes, or, when a data descriptor leaves those
  // unknown, up to the next record signature. Between entries the walk
  // searches for the next local header. Every step moves forward and every
  // byte is searched at most once, so the walk is linear.
  void walk_local_headers(std::uint64_t start, std::uint64_t end, bool has_central) {
    std::vector<std::pair<std::uint64_t, std::size_t>> known;
    for (std::size_t i = 0; i < readable_.size(); ++i) {
      if (readable_[i]) known.emplace_back(out_.entries[i].local_header_offset, i);
    }
    std::sort(known.begin(), known.end());
    const std::string_view region = data_.substr(0, end);
    std::uint64_t pos = start;
    while (pos < end) {
      if (!sig_at(region, pos, kLocalSig)) {
        pos = std::min<std::uint64_t>(region.find(kLocalSigBytes, pos + 1), end);
        continue;
      }
      const auto it = std::lower_bound(known.begin(), known.end(), std::make_pair(pos, std::size_t{0}));
      if (it != known.end() && it->first == pos) {
        const ZipEntry& e = out_.entries[it->second];
        pos = add_sat(e.data_offset, e.compressed_size);
        continue;
      }
      if (out_.entries.size() >= max_entries_) {
        report(ZipTamper::LimitReached, {},
               "local-header walk stopped at offset " + dec(pos) + ": max_entries " + dec(max_entries_));
        return;
      }
      pos = add_local_only(pos, region, has_central);
    }
  }

  // Lists the local header at `pos`; returns where the walk goes on.
  std::uint64_t add_local_only(std::uint64_t pos, std::string_view region, bool has_central) {
    const auto h = read_local_header(data_, pos);
    if (!h.complete) {
      report(ZipTamper::Truncated, {},
             "local header at offset " + dec(pos) + " runs past the end of the input (" + dec(data_.size()) +
                 " bytes)");
      return region.size();
    }
    ZipEntry e;
    e.name = std::string(h.name);
    e.local_name = e.name;
    e.method = h.method;
    e.flags = h.flags;
    e.local_flags = h.flags;
    e.crc32 = h.crc;
    e.compressed_size = h.csize;
    e.uncompressed_size = h.usize;
    e.local_header_offset = pos;
    e.data_offset = h.data_offset;
    e.in_central_directory = false;
    e.is_directory = !e.name.empty() && e.name.back() == '/';
    if (h.zip64) out_.zip64 = true;
    std::uint64_t next = add_sat(h.data_offset, h.csize);
    if ((h.flags & kFlagDescriptor) != 0) {
      const auto found = find_record(region, std::min<std::uint64_t>(h.data_offset, region.size()));
      next = std::min<std::uint64_t>(found, region.size());
      std::optional<Descriptor> desc;
      std::uint64_t data_end = next;
      if (found != std::string_view::npos && sig_at(region, found, kDescriptorSig)) {
        desc = read_descriptor(data_, found, true, h.zip64);
        if (desc) next = desc->end;
      } else if (found != std::string_view::npos) {
        desc = descriptor_before(data_, h.data_offset, found);
        if (desc) data_end = h.data_offset + desc->csize;
      } else {
        report(ZipTamper::Truncated, e.name,
               quoted(e.name) + ": no data descriptor or next header after the data at offset " + dec(h.data_offset));
      }
      e.compressed_size = data_end - std::min(data_end, h.data_offset);
      if (desc) {
        e.crc32 = desc->crc;
        e.uncompressed_size = desc->usize;
      }
    }
    if (has_central) {
      report(ZipTamper::LocalOnlyEntry, e.name,
             quoted(e.name) + ": local header at offset " + dec(pos) +
                 " is not in the central directory; torch and zipfile never read it, streaming extractors do");
    }
    out_.entries.push_back(std::move(e));
    readable_.push_back(true);
    check_flags(out_.entries.back());
    check_truncated(out_.entries.back());
    return next;
  }

  // Traversal names and duplicate names over every entry: a name torch
  // looks up reaches only one of two entries, a streaming extractor
  // overwrites one with the other.
  void check_names() {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(out_.entries.size());
    for (std::size_t i = 0; i < out_.entries.size(); ++i) {
      const ZipEntry& e = out_.entries[i];
      for (const std::string* name : {&e.name, &e.local_name}) {
        if (name == &e.local_name && (e.local_name == e.name || e.local_name.empty())) continue;
        const auto reasons = traversal_reasons(*name);
        if (!reasons.empty()) {
          report(ZipTamper::TraversalName, e.name,
                 quoted(*name) + ": unsafe path (" + reasons + "); an extractor may write outside its target folder");
        }
      }
      const auto [it, inserted] = seen.emplace(e.name, i);
      if (!inserted) {
        report(ZipTamper::DuplicateName, e.name,
               quoted(e.name) + ": entry at local header offset " + dec(e.local_header_offset) +
                   " has the name of the entry at offset " + dec(out_.entries[it->second].local_header_offset) +
                   "; zipfile reads the later one, torch either");
        it->second = i;
      }
    }
  }

  // Entries sorted by local header offset; one that starts before the
  // furthest end so far lies inside an earlier entry's header or data.
  void check_overlaps() {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < out_.entries.size(); ++i) {
      if (readable_[i]) order.push_back(i);
    }
    const auto& entries = out_.entries;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(entries[a].local_header_offset, a) < std::pair(entries[b].local_header_offset, b);
    });
    std::uint64_t furthest = 0;
    std::optional<std::size_t> owner;
    for (const auto i : order) {
      const ZipEntry& e = entries[i];
      const std::uint64_t end = std::min<std::uint64_t>(add_sat(e.data_offset, e.compressed_size), data_.size());
      if (owner && e.local_header_offset < furthest) {
        const ZipEntry& o = entries[*owner];
        report(ZipTamper::OverlappingEntries, e.name,
               quoted(e.name) + ": local header at offset " + dec(e.local_header_offset) + " lies inside entry " +
                   quoted(o.name) + " (offsets " + dec(o.local_header_offset) + " to " + dec(furthest) + ")");
      }
      if (!owner || end > furthest) {
        furthest = end;
        owner = i;
      }
    }
  }

  std::string_view data_;
  std::uint64_t max_entries_;
  ZipListing out_;
  Shift shift_;
  std::vector<bool> shift_failed_;  // per central entry: its offset does not survive the shift
  std::vector<bool> readable_;      // per entry: a local header was read at local_header_offset
};

DecodeResult copy_stored(std::string_view stored, std::uint64_t declared, std::uint64_t max_output) {
  DecodeResult r;
  r.output = DecodedBytes(std::string(stored.substr(0, std::min<std::uint64_t>(stored.size(), max_output))));
  r.consumed = r.output.size();
  if (stored.size() > max_output) {
    r.status = DecodeStatus::OverLimit;
    r.message = "stored member of " + dec(stored.size()) + " bytes exceeds the output limit of " + dec(max_output);
  } else if (stored.size() < declared) {
    r.status = DecodeStatus::Truncated;
    r.message = "stored member ends after " + dec(stored.size()) + " of " + dec(declared) + " bytes";
  }
  return r;
}

}  // namespace

std::string_view zip_tamper_name(ZipTamper t) {
  switch (t) {
    case ZipTamper::NameMismatch: return "name-mismatch";
    case ZipTamper::FlagBits: return "flag-bits";
    case ZipTamper::DataDescriptor: return "data-descriptor";
    case ZipTamper::DuplicateName: return "duplicate-name";
    case ZipTamper::PrefixData: return "prefix-data";
    case ZipTamper::OverlappingEntries: return "overlapping-entries";
    case ZipTamper::LocalOnlyEntry: return "local-only-entry";
    case ZipTamper::BadLocalHeader: return "bad-local-header";
    case ZipTamper::SizeMismatch: return "size-mismatch";
    case ZipTamper::TraversalName: return "traversal-name";
    case ZipTamper::NoCentralDirectory: return "no-central-directory";
    case ZipTamper::Truncated: return "truncated";
    case ZipTamper::LimitReached: return "limit-reached";
  }
  return "zip-tamper";
}

std::vector<ArchiveSpan> find_archives(std::string_view data, std::uint64_t max_archives) {
  std::vector<ArchiveSpan> out;
  constexpr std::string_view kEndSigBytes = "PK\x05\x06";
  // Every byte is searched (an archive can hide in a storage record that no
  // reader opens), a piece at a time, giving back the pages passed: a
  // multi-GB checkpoint costs a pass of memchr, not its size in memory.
  constexpr std::size_t kPiece = std::size_t{64} << 20;
  const auto next_record = [&](std::size_t from) {
    while (from < data.size()) {
      const std::size_t piece_end = std::min(data.size(), from + kPiece + kEndSigBytes.size() - 1);
      const std::size_t p = data.substr(0, piece_end).find(kEndSigBytes, from);
      if (p != std::string_view::npos || piece_end == data.size()) return p;
      from = piece_end - (kEndSigBytes.size() - 1);
      release_pages_before(data.data() + from);
    }
    return std::string_view::npos;
  };
  for (std::size_t p = next_record(0); p != std::string_view::npos && out.size() < max_archives;
       p = next_record(p + 1)) {
    if (!fits(data.size(), p, kEndSize)) break;
    const EndRecord r = read_end_record(data, p);
    if (r.entries == 0 || r.cd_size > r.cd_end) continue;
    const std::uint64_t cd_start = r.cd_end - r.cd_size;
    if (!sig_at(data, cd_start, kCentralSig) || r.cd_offset > cd_start) continue;
    const std::uint64_t start = cd_start - r.cd_offset;
    if (!sig_at(data, start, kLocalSig)) continue;
    const std::uint64_t end = std::min<std::uint64_t>(add_sat(p + kEndSize, r.comment_size), data.size());
    out.push_back({start, end, p});
  }
  return out;
}

bool same_name_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool looks_like_zip(std::string_view data) {
  return sig_at(data, 0, kLocalSig) || sig_at(data, 0, kEndSig) || find_end_record(data).has_value() ||
         !find_archives(data, 1).empty();
}

ZipListing read_zip(std::string_view data, std::uint64_t max_entries) { return Lister(data, max_entries).run(); }

ZipMemberData read_zip_member(std::string_view data, const ZipEntry& entry, std::uint64_t max_output) {
  ZipMemberData out;
  const auto stored = stored_member_view(data, entry);
  switch (entry.method) {
    case 0: out.decoded = copy_stored(stored, entry.compressed_size, max_output); break;
    case 8: out.decoded = decompress(Codec::Deflate, stored, max_output); break;
    case 12: out.decoded = decompress(Codec::ZipBzip2, stored, max_output); break;
    case 14: out.decoded = decompress(Codec::ZipLzma, stored, max_output); break;
    default:
      // Neither torch (miniz: stored and deflate only) nor zipfile (adds
      // bzip2 and lzma) reads other methods; a failed decode, not "empty".
      out.method_supported = false;
      out.decoded.status = DecodeStatus::Corrupt;
      out.decoded.message = "unsupported compression method " + dec(entry.method);
      return out;
  }
  // torch never checks the CRC and zipfile only at the end of the member, so
  // a mismatch is evidence of tampering, never a reason to drop the bytes.
  if (out.decoded.status == DecodeStatus::Ok) {
    out.crc_checked = true;
    out.crc_ok = out.decoded.output.crc32() == entry.crc32;
  }
  return out;
}

std::string_view stored_member_view(std::string_view data, const ZipEntry& entry) {
  return clamped(data, entry.data_offset, entry.compressed_size);
}

}  // namespace sentinel::input
