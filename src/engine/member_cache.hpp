// Identical member bytes are scanned once per top-level file. A 7.5 KB zip
// that holds the same archive under 4 names at each of 12 levels has 4^12
// paths; scanning each (bytes, reading) once keeps the work linear, and the
// findings of a repeat are reported as further locations of the first
// (Finding::also_at), not as copies.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "sentinel/finding.hpp"

namespace sentinel::engine {

class MemberCache {
 public:
  // Everything besides the bytes that decides how a level reads them: its
  // depth (archive_depth is counted from it) and what the enclosing format
  // defines (torch persistent ids, TorchScript type names).
  struct Reading {
    unsigned depth = 0;
    bool torch_member = false;
    bool torchscript = false;
  };
  // SHA-256 of the bytes with the reading: a collision would hide a member.
  using Key = std::tuple<std::array<unsigned char, 32>, unsigned, bool, bool>;
  [[nodiscard]] static Key key(std::string_view bytes, const Reading& how);

  // The findings [begin, findings.size()) came from scanning the bytes whose
  // location chain is `chain`.
  void remember(const Key& key, const std::vector<Finding>& findings, std::size_t begin,
                const std::vector<std::string>& chain);
  // Records the same bytes found again at `chain`: every finding they gave is
  // also there (and under it, wherever the first scan found repeats). False
  // when the bytes were not scanned before.
  bool found_again(const Key& key, std::vector<Finding>& findings, const std::vector<std::string>& chain) const;

 private:
  struct Scanned {
    std::size_t begin = 0;
    std::size_t prefix = 0;  // entries of the chain the first scan ran at
    // Per finding, as the first scan left it: its places under that chain
    // (the location and every repeat) and how many of them were listed.
    std::vector<std::uint64_t> places;
    std::vector<std::size_t> listed;
  };
  std::map<Key, Scanned> scanned_;
};

}  // namespace sentinel::engine
