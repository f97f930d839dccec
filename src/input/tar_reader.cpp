// See tar_reader.hpp. Follows CPython's Lib/tarfile.py (TarInfo.frombuf,
// _proc_gnulong, _proc_pax, _proc_sparse, TarFile.next) so that the members
// listed are the ones tarfile would extract, and says where it differs.
#include "input/tar_reader.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "base/byte_reader.hpp"

namespace sentinel::input {
namespace {

constexpr std::uint64_t kBlock = 512;

// Header fields (offset, length), POSIX ustar layout.
struct Field {
  std::size_t offset;
  std::size_t length;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr std::size_t kTypeFlag = 156;
constexpr Field kLinkName{157, 100};
constexpr Field kDevMajor{329, 8};
constexpr Field kDevMinor{337, 8};
constexpr Field kPrefix{345, 155};
// Old GNU sparse headers: the "isextended" flag in the header and in each
// extension block that follows it.
constexpr std::size_t kSparseIsExtended = 482;
constexpr std::size_t kSparseExtIsExtended = 504;

std::string_view field(std::string_view block, Field f) { return block.substr(f.offset, f.length); }

// tarfile's nts(): the text up to the first NUL.
std::string_view until_nul(std::string_view s) { return s.substr(0, s.find('\0')); }

std::uint64_t round_up_to_block(std::uint64_t n) { return n + (kBlock - n % kBlock) % kBlock; }

bool is_python_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); }

// tarfile's nti(): base-256 when the first byte is 0x80 (positive) or 0xff
// (negative, two's complement), otherwise octal text up to a NUL, blanks
// around it ignored, empty meaning 0. Values past int64 saturate: no input
// is that large, so they only need to compare as "too big". nullopt where
// tarfile raises "invalid header"; the rare spellings int(s, 8) also takes
// (sign, 0o prefix, underscores) are refused too, which stops the listing
// with a problem rather than misreading a member.
std::optional<std::int64_t> number(std::string_view f) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  const auto first = static_cast<unsigned char>(f[0]);
  if (first == 0x80 || first == 0xff) {
    // Accumulate the magnitude of the value (for 0xff, of how far below zero).
    std::int64_t magnitude = 0;
    for (const char c : f.substr(1)) {
      const auto byte = static_cast<unsigned char>(first == 0xff ? ~static_cast<unsigned char>(c) : c);
      magnitude = magnitude > (kMax - byte) / 256 ? kMax : magnitude * 256 + byte;
    }
    return first == 0x80 ? magnitude : -magnitude - 1;
  }
  std::string_view text = until_nul(f);
  while (!text.empty() && is_python_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_python_space(text.back())) text.remove_suffix(1);
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    value = value > (kMax - (c - '0')) / 8 ? kMax : value * 8 + (c - '0');
  }
  return value;
}

// tarfile's calc_chksums(): the header summed with the checksum field read as
// spaces, once over unsigned and once over signed bytes (Sun and NeXT tars).
bool checksum_matches(std::string_view block) {
  const auto stored = number(field(block, kChecksum));
  if (!stored) return false;
  std::int64_t unsigned_sum = 8 * ' ';
  std::int64_t signed_sum = 8 * ' ';
  for (std::size_t i = 0; i < kBlock; ++i) {
    if (i >= kChecksum.offset && i < kChecksum.offset + kChecksum.length) continue;
    unsigned_sum += static_cast<unsigned char>(block[i]);
    signed_sum += static_cast<signed char>(block[i]);
  }
  return *stored == unsigned_sum || *stored == signed_sum;
}

bool all_zero(std::string_view block) { return block.find_first_not_of('\0') == std::string_view::npos; }

// Overrides that GNU 'L'/'K' and pax 'x' headers carry for the next member.
// tarfile applies them innermost first, so the earliest header wins.
struct Pending {
  std::optional<std::string> name;
  std::optional<std::string> link;
  std::optional<std::uint64_t> size;
  std::optional<std::uint64_t> header_offset;  // of the first extension header
  bool sparse = false;                         // GNU.sparse.* pax keys
  bool any = false;                            // some extension header (also 'g') awaits its member
};

// What one pax header says. Keys later in a header replace earlier ones (a
// dict in tarfile).
struct PaxKeys {
  std::optional<std::string> path;
  std::optional<std::string> linkpath;
  std::optional<std::string> size;
  bool sparse = false;
};

// tarfile's _proc_pax record loop: "%d %s=%s\n" records over the whole
// padded body, until its end or a NUL where a record would start. False for
// a malformed record (tarfile's "invalid header").
bool parse_pax(std::string_view body, PaxKeys& keys) {
  std::size_t pos = 0;
  while (pos < body.size() && body[pos] != '\0') {
    // _header_length_prefix_re: 1 to 20 digits and a space.
    std::size_t digits = 0;
    std::uint64_t length = 0;
    while (digits < 20 && pos + digits < body.size() && body[pos + digits] >= '0' && body[pos + digits] <= '9') {
      length = length * 10 + static_cast<std::uint64_t>(body[pos + digits] - '0');
      ++digits;
    }
    if (digits == 0 || pos + digits >= body.size() || body[pos + digits] != ' ') return false;
    // The shortest record is "5 x=\n"; 20 digits may wrap, which the size check catches.
    if (length < 5 || length > body.size() - pos || digits >= length) return false;
    const std::string_view record = body.substr(pos, length);  // "<length> <keyword>=<value>\n"
    if (record.back() != '\n') return false;
    const std::string_view keyword_and_value = record.substr(digits + 1, length - digits - 2);
    const std::size_t equals = keyword_and_value.find('=');
    if (equals == 0 || equals == std::string_view::npos) return false;
    const std::string_view keyword = keyword_and_value.substr(0, equals);
    const std::string_view value = keyword_and_value.substr(equals + 1);
    if (keyword == "path" || keyword == "GNU.sparse.name") {
      // _apply_pax_info strips trailing slashes from a pax path.
      keys.path = std::string(value.substr(0, value.find_last_not_of('/') + 1));
    } else if (keyword == "linkpath") {
      keys.linkpath = std::string(value);
    } else if (keyword == "size") {
      keys.size = std::string(value);
    }
    keys.sparse = keys.sparse || keyword.starts_with("GNU.sparse.");
    pos += length;
  }
  return true;
}

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;  // 19 digits fit any uint64
  std::uint64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

TarMemberType member_type(char flag) {
  switch (flag) {
    case '0':
    case '\0':
    case '7':   // contiguous file
    case 'S': return TarMemberType::Regular;  // GNU sparse
    case '5': return TarMemberType::Directory;
    case '2': return TarMemberType::Symlink;
    case '1': return TarMemberType::Hardlink;
    case '3':
    case '4': return TarMemberType::Device;
    case '6': return TarMemberType::Fifo;
    default: return TarMemberType::Other;
  }
}

// Whether the member's data follows its header. tarfile skips data for
// regular files and for types it does not know (which it extracts as regular
// files); for directories, links, devices and fifos the size field is ignored.
bool has_data(TarMemberType type) { return type == TarMemberType::Regular || type == TarMemberType::Other; }

class Reader {
 public:
  Reader(std::string_view data, std::uint64_t max_members) : data_(data), max_members_(max_members) {}

  TarListing run() && {
    bool more = true;
    while (more && pos_ < data_.size()) more = next();
    if (pos_ >= data_.size() && pending_.any) problem(pos_, "archive ends after an extension header");
    return std::move(listing_);
  }

 private:
  void problem(std::uint64_t offset, std::string message) {
    listing_.problems.push_back({offset, std::move(message)});
  }

  // The body of the extension header at pos_, padded to whole blocks as
  // tarfile reads it; nullopt, with a problem, when the data ends first.
  std::optional<std::string_view> extension_body(std::uint64_t size, const std::string& what) {
    const std::uint64_t start = pos_ + kBlock;
    if (!fits(data_.size(), start, round_up_to_block(size))) {
      problem(pos_, what + " is truncated");
      return std::nullopt;
    }
    return data_.substr(start, round_up_to_block(size));
  }

  // Reads the header at pos_ and what belongs to it; false to stop.
  bool next() {
    if (!fits(data_.size(), pos_, kBlock)) {
      problem(pos_, "truncated header (" + std::to_string(data_.size() - pos_) + " bytes)");
      return false;
    }
    const std::string_view block = data_.substr(pos_, kBlock);
    if (all_zero(block)) return end_block();
    if (!pending_.any && listing_.members.size() >= max_members_) {
      problem(pos_, "limit of " + std::to_string(max_members_) + " members reached");
      return false;
    }
    if (!checksum_matches(block)) {
      problem(pos_, "bad header checksum");
      return false;
    }
    for (const Field f : {kMode, kUid, kGid, kSize, kMtime, kDevMajor, kDevMinor}) {
      if (!number(field(block, f))) {
        problem(pos_, "invalid number in the header field at byte " + std::to_string(f.offset));
        return false;
      }
    }
    const std::int64_t size = *number(field(block, kSize));
    if (size < 0) {
      problem(pos_, "negative size " + std::to_string(size));
      return false;
    }
    const auto header_size = static_cast<std::uint64_t>(size);
    switch (const char flag = block[kTypeFlag]) {
      case 'L':
      case 'K': return gnu_long(flag, header_size);
      case 'x':
      case 'X':  // Solaris' name for 'x'
      case 'g': return pax(flag, header_size);
      default: return member(block, flag, header_size);
    }
  }

  // A zero block ends the archive when another follows or the data ends.
  // tarfile stops at the first one, GNU tar reads on after a lone one; we
  // read on as GNU tar does, so nothing it would extract goes unlisted, and
  // say so.
  bool end_block() {
    if (pending_.any) {
      problem(pos_, "end-of-archive block after an extension header");
      return false;
    }
    const std::uint64_t after = pos_ + kBlock;
    if (!fits(data_.size(), after, kBlock) || all_zero(data_.substr(after, kBlock))) return false;
    problem(pos_, "lone zero block (python's tarfile stops here, gnu tar reads on)");
    pos_ = after;
    return true;
  }

  void note_extension() {
    if (!pending_.header_offset) pending_.header_offset = pos_;
    pending_.any = true;
  }

  bool gnu_long(char flag, std::uint64_t size) {
    const auto body = extension_body(size, flag == 'L' ? "gnu long name" : "gnu long link name");
    if (!body) return false;
    auto& target = flag == 'L' ? pending_.name : pending_.link;
    if (!target) target = std::string(until_nul(*body));
    note_extension();
    pos_ += kBlock + body->size();
    return true;
  }

  bool pax(char flag, std::uint64_t size) {
    const auto body = extension_body(size, "pax header");
    if (!body) return false;
    PaxKeys keys;
    if (!parse_pax(*body, keys)) {
      problem(pos_, "invalid pax header record");
      return false;
    }
    if (flag == 'g') {
      // tarfile keeps global keys and starts every later 'x' header from them
      // (_proc_pax copies tarfile.pax_headers): they apply only to members
      // that have an 'x' header of their own.
      if (keys.path) global_.path = std::move(keys.path);
      if (keys.linkpath) global_.linkpath = std::move(keys.linkpath);
      if (keys.size) global_.size = std::move(keys.size);
      global_.sparse = global_.sparse || keys.sparse;
      pending_.any = true;
    } else {
      if (!keys.path) keys.path = global_.path;
      if (!keys.linkpath) keys.linkpath = global_.linkpath;
      if (!keys.size) keys.size = global_.size;
      keys.sparse = keys.sparse || global_.sparse;
      if (keys.size) {
        const auto pax_size = parse_decimal(*keys.size);
        if (!pax_size) {
          // tarfile reads int(value), taking 0 where that fails.
          problem(pos_, "pax size is not a decimal number");
          return false;
        }
        if (!pending_.size) pending_.size = pax_size;
      }
      if (!pending_.name) pending_.name = std::move(keys.path);
      if (!pending_.link) pending_.link = std::move(keys.linkpath);
      pending_.sparse = pending_.sparse || keys.sparse;
      note_extension();
    }
    pos_ += kBlock + body->size();
    return true;
  }

  bool member(std::string_view block, char flag, std::uint64_t header_size) {
    TarMember m;
    m.type = member_type(flag);
    std::string_view name = until_nul(field(block, kName));
    // frombuf(): a v7 regular file whose name ends in '/' is a directory.
    if (flag == '\0' && name.ends_with('/')) m.type = TarMemberType::Directory;
    if (m.type == TarMemberType::Directory) name = name.substr(0, name.find_last_not_of('/') + 1);
    const std::string_view prefix = until_nul(field(block, kPrefix));
    // tarfile joins a ustar prefix whatever the magic, except for GNU types.
    m.name = prefix.empty() || flag == 'S' ? std::string(name) : std::string(prefix) + "/" + std::string(name);
    if (pending_.name) {
      m.name = std::move(*pending_.name);
      if (m.type == TarMemberType::Directory && m.name.ends_with('/')) m.name.pop_back();
    }
    if (m.type == TarMemberType::Symlink || m.type == TarMemberType::Hardlink) {
      m.link_target = pending_.link ? std::move(*pending_.link) : std::string(until_nul(field(block, kLinkName)));
    }
    m.header_offset = pending_.header_offset.value_or(pos_);
    m.data_offset = pos_ + kBlock;
    if (flag == 'S') {
      const auto after_map = skip_sparse_extensions(m.data_offset);
      if (!after_map) return false;
      m.data_offset = *after_map;
    }
    if (flag == 'S' || pending_.sparse) {
      // The data is the stored chunks back to back, not the file tarfile
      // would rebuild; the scan still sees every stored byte.
      problem(m.header_offset, "gnu sparse member: holes are not expanded");
    }
    if (has_data(m.type)) m.size = pending_.size.value_or(header_size);
    pending_ = Pending{};
    return place_data(std::move(m));
  }

  // _proc_sparse(): an old GNU sparse header may be followed by blocks that
  // continue its sparse map; the data starts after them.
  std::optional<std::uint64_t> skip_sparse_extensions(std::uint64_t offset) {
    for (bool extended = data_[pos_ + kSparseIsExtended] != '\0'; extended; offset += kBlock) {
      if (!fits(data_.size(), offset, kBlock)) {
        problem(offset, "truncated gnu sparse map block");
        return std::nullopt;
      }
      extended = data_[offset + kSparseExtIsExtended] != '\0';
    }
    return offset;
  }

  // Adds `m` with its data view and moves to the next header; clamps the view
  // and stops when the data ends early (tarfile: "unexpected end of data").
  bool place_data(TarMember m) {
    const std::uint64_t start = std::min<std::uint64_t>(m.data_offset, data_.size());
    const std::uint64_t available = data_.size() - start;
    m.data = data_.substr(start, std::min(m.size, available));
    const std::uint64_t header_offset = m.header_offset;
    const std::uint64_t next = m.data_offset + round_up_to_block(m.size);
    const bool truncated = m.size > available;
    const std::string sizes = std::to_string(available) + " of " + std::to_string(m.size) + " bytes";
    listing_.members.push_back(std::move(m));
    if (truncated) {
      problem(header_offset, "member data is truncated: " + sizes);
      return false;
    }
    if (next > data_.size()) {
      problem(header_offset, "archive ends inside the padding after the member data");
      return false;
    }
    pos_ = next;
    return true;
  }

  std::string_view data_;
  std::uint64_t max_members_;
  std::uint64_t pos_ = 0;
  Pending pending_;
  PaxKeys global_;   // keys of the pax global headers so far
  TarListing listing_;
};

}  // namespace

bool looks_like_tar(std::string_view data) { return data.size() >= kBlock && checksum_matches(data.substr(0, kBlock)); }

TarListing read_tar(std::string_view data, std::uint64_t max_members) { return Reader(data, max_members).run(); }

}  // namespace sentinel::input
