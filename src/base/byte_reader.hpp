// Bounds-checked reads over an untrusted byte span. Every access to scanned
// bytes goes through `fits` so that no reader does its own pointer arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sentinel {

// True when [offset, offset + length) lies inside a buffer of `size` bytes,
// without overflowing.
[[nodiscard]] constexpr bool fits(std::uint64_t size, std::uint64_t offset, std::uint64_t length) {
  return offset <= size && length <= size - offset;
}

class ByteReader {
 public:
  constexpr ByteReader() = default;
  constexpr explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  [[nodiscard]] std::uint64_t size() const { return bytes_.size(); }
  [[nodiscard]] std::uint64_t position() const { return pos_; }
  [[nodiscard]] std::uint64_t remaining() const { return bytes_.size() - pos_; }
  [[nodiscard]] bool at_end() const { return pos_ >= bytes_.size(); }
  [[nodiscard]] std::string_view bytes() const { return bytes_; }
  void seek(std::uint64_t pos) { pos_ = pos <= bytes_.size() ? pos : bytes_.size(); }

  // Each read returns false, leaving the position unchanged, when the bytes
  // are not there.
  [[nodiscard]] bool read_u8(std::uint8_t& out) {
    if (!fits(bytes_.size(), pos_, 1)) return false;
    out = static_cast<std::uint8_t>(bytes_[pos_++]);
    return true;
  }
  // Little-endian unsigned integer of `width` bytes (1..8).
  [[nodiscard]] bool read_le(unsigned width, std::uint64_t& out) {
    if (!fits(bytes_.size(), pos_, width)) return false;
    std::uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) {
      v |= std::uint64_t{static_cast<std::uint8_t>(bytes_[pos_ + i])} << (8 * i);
    }
    pos_ += width;
    out = v;
    return true;
  }
  [[nodiscard]] bool read_bytes(std::uint64_t length, std::string_view& out) {
    if (!fits(bytes_.size(), pos_, length)) return false;
    out = bytes_.substr(pos_, length);
    pos_ += length;
    return true;
  }
  // A line up to and including '\n'; `out` excludes the newline.
  [[nodiscard]] bool read_line(std::string_view& out) {
    if (at_end()) return false;
    const void* nl = std::memchr(bytes_.data() + pos_, '\n', bytes_.size() - pos_);
    if (nl == nullptr) return false;
    const auto end = static_cast<std::uint64_t>(static_cast<const char*>(nl) - bytes_.data());
    out = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
  }

 private:
  std::string_view bytes_;
  std::uint64_t pos_ = 0;
};

}  // namespace sentinel
