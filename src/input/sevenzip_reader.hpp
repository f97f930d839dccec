// 7z archives, read with libarchive (the format is too involved to re-implement
// and libarchive reads what py7zr and 7-Zip read). Entries are handed to a
// visitor one at a time in a reused buffer, so memory stays bounded by the
// largest entry the limits allow, not by the archive.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sentinel::input {

struct SevenZipEntry {
  std::string name;
  bool regular = true;       // the mode says regular file; entries without the type bits (py7zr) say not,
                             // yet every entry but a link is read: `data` holds whatever it stores
  std::string link_target;   // for symlinks
  std::uint64_t declared_size = 0;
  std::string_view data;     // valid only during the visitor call
  bool complete = true;      // false when the data stopped early (limit or error); see `problem`
  std::string problem;       // lower-case, no final period
};

struct SevenZipLimits {
  std::uint64_t max_entry_size;   // bytes extracted for one entry
  std::uint64_t max_total_size;   // bytes extracted for all entries
  std::uint64_t max_entries;
};

struct SevenZipResult {
  std::uint64_t entries = 0;
  std::uint64_t total_extracted = 0;
  std::string error;    // archive-level failure after `entries` entries, empty if none
  bool limit_reached = false;
};

[[nodiscard]] bool looks_like_7z(std::string_view data);

// Visits every entry in archive order. Entries after an entry-level problem are
// still visited when libarchive can go on.
[[nodiscard]] SevenZipResult read_7z(std::string_view data, const SevenZipLimits& limits,
                                     const std::function<void(const SevenZipEntry&)>& visit);

}  // namespace sentinel::input
