// A tar reader over bytes in memory (usually a memory-mapped file): members
// are views into the input, so scanning a multi-GB tar reads only the members
// that are scanned. Reads what Python's tarfile reads: v7, ustar, GNU
// (long names/links 'L'/'K', sparse flagged) and pax ('x' and 'g' headers,
// `path`/`linkpath`/`size` keys), base-256 sizes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::input {

enum class TarMemberType : std::uint8_t { Regular, Directory, Symlink, Hardlink, Device, Fifo, Other };

struct TarMember {
  std::string name;         // after pax/GNU long-name overrides
  std::string link_target;  // symlinks and hardlinks
  TarMemberType type = TarMemberType::Regular;
  std::uint64_t header_offset = 0;
  std::uint64_t data_offset = 0;
  std::uint64_t size = 0;   // bytes of data (0 for directories, links, devices and fifos, whose
                            // size field tarfile ignores; unknown types carry data, tarfile extracts
                            // them as regular files)
  std::string_view data;    // view into the input; shorter than size if the tar is truncated
};

struct TarProblem {
  std::uint64_t offset = 0;
  std::string message;  // lower-case, no final period
};

struct TarListing {
  std::vector<TarMember> members;
  std::vector<TarProblem> problems;  // bad checksums, truncation, a member limit reached, ...
};

// True when the first 512 bytes are a tar header with a valid checksum (what
// tarfile.is_tarfile accepts), whatever the magic says.
[[nodiscard]] bool looks_like_tar(std::string_view data);

// Lists members until the end-of-archive blocks, the end of the data, a
// header that does not check out (reported as a problem), or `max_members`.
// A lone zero block is reported and read past (tarfile stops there, GNU tar
// does not). Keys of pax 'g' headers apply to later members that have an
// 'x' header of their own, as in tarfile.
[[nodiscard]] TarListing read_tar(std::string_view data, std::uint64_t max_members);

}  // namespace sentinel::input
