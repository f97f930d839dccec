// Bounds on everything a scan may spend on one untrusted input. Reaching any of
// them is reported as a PICKLE-STRUCT finding, never as a silent truncation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel {

struct Limits {
  std::uint64_t max_file_size = std::uint64_t{64} << 30;    // bytes read from one file
  std::uint64_t max_opcodes = std::uint64_t{1} << 30;       // opcodes per file, all streams
  std::uint64_t max_stack_depth = std::uint64_t{1} << 22;   // values on the unpickler stack
  std::uint64_t max_mark_depth = std::uint64_t{1} << 16;    // nested MARKs
  std::uint64_t max_memo_entries = std::uint64_t{1} << 24;  // distinct memo slots
  std::uint64_t max_container_items = std::uint64_t{1} << 28;  // items in one list/dict/set
  std::uint64_t max_string_size = std::uint64_t{1} << 31;   // one str/bytes argument
  std::uint64_t max_nodes = std::uint64_t{1} << 26;         // composite values per file
  std::uint64_t max_streams = 4096;                         // concatenated pickles per file
  std::uint64_t max_nested_depth = 4;                       // pickles inside pickles
  std::uint64_t max_nested_size = std::uint64_t{64} << 20;  // bytes decoded for one nested payload
  std::uint64_t max_findings_per_rule = 64;    // listed per rule and file (and kept per stream); the rest are counted
  std::uint64_t max_findings_per_file = 1000;  // listed per file, the most severe first; the rest are counted
  // Wall-clock seconds for one top-level file and everything under it.
  std::uint64_t max_seconds = 600;
  // Containers (zip, tar, 7z, compressed files), per top-level file.
  std::uint64_t max_archive_depth = 8;                        // containers inside containers
  std::uint64_t max_archive_entries = 100000;                 // entries listed, all containers together
  std::uint64_t max_entry_size = std::uint64_t{4} << 30;      // bytes decoded for one entry or stream
  std::uint64_t max_expanded_size = std::uint64_t{8} << 30;   // bytes decoded, all entries together
  // Decoded : encoded bytes of one entry, enforced once it decodes past
  // kRatioFloor: a small all-zero array legitimately compresses 1000:1.
  std::uint64_t max_expansion_ratio = 200;
  static constexpr std::uint64_t kRatioFloor = std::uint64_t{64} << 20;

  // Sets one limit from `name=value` (names as the members above, without
  // `max_`); returns an error message on an unknown name or a bad number.
  [[nodiscard]] std::optional<std::string> set(std::string_view assignment);
  // The limit names `set` accepts, for help text.
  [[nodiscard]] static std::vector<std::string> names();
};

}  // namespace sentinel
