// See lfs_pointer.hpp.
#include "engine/lfs_pointer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sentinel::engine {

std::optional<LfsPointer> lfs_pointer(std::string_view bytes) {
  // The specification caps pointers at 1024 bytes; git-lfs itself reads no more.
  constexpr std::size_t kMaxPointer = 1024;
  constexpr std::string_view kVersion = "version https://git-lfs.github.com/spec/v1\n";
  constexpr std::string_view kOid = "oid sha256:";
  constexpr std::string_view kSize = "size ";
  if (bytes.size() >= kMaxPointer || !bytes.starts_with(kVersion)) return std::nullopt;
  std::optional<std::string> oid;
  std::optional<std::uint64_t> size;
  for (std::size_t start = kVersion.size(); start < bytes.size();) {
    const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
    const std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    if (line.starts_with(kOid)) {
      const std::string_view hex = line.substr(kOid.size());
      const bool is_hex = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
                            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                          });
      if (is_hex) oid = std::string(hex);
    } else if (line.starts_with(kSize)) {
      std::uint64_t n = 0;
      const std::string_view digits = line.substr(kSize.size());
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec == std::errc{} && ptr == digits.data() + digits.size() && !digits.empty()) size = n;
    }
  }
  if (!oid || !size) return std::nullopt;
  return LfsPointer{*oid, *size};
}

std::string lfs_pointer_error(const LfsPointer& pointer) {
  return "Git LFS pointer, not the file: its content (sha256:" + pointer.oid + ", " + std::to_string(pointer.size) +
         " bytes) was never fetched, so it was not scanned; run `git lfs pull` (in CI, check out with LFS) and scan "
         "again";
}

}  // namespace sentinel::engine
