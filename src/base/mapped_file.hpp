// Read-only memory map of a file, so that scan cost follows the bytes the
// readers touch, not the file size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace sentinel {

class MappedFile {
 public:
  // Maps `path`; an empty file maps to an empty view. Errors name the path.
  static Expected<MappedFile> open(const std::string& path, std::uint64_t max_size);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace sentinel
