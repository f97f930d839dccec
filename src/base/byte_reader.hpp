// The one bounds check for untrusted byte spans: every reader asks `fits`
// before touching scanned bytes, so none does its own pointer arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sentinel {

// True when [offset, offset + length) lies inside a buffer of `size` bytes,
// without overflowing.
[[nodiscard]] constexpr bool fits(std::uint64_t size, std::uint64_t offset, std::uint64_t length) {
  return offset <= size && length <= size - offset;
}

}  // namespace sentinel
