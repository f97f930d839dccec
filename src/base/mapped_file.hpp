// A file's bytes, read-only: memory-mapped when large, so that scan cost
// follows the bytes the readers touch, not the file size; read into memory
// when small, because mapping and unmapping thousands of small files from
// several threads serialises on the address-space lock and TLB shootdowns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace sentinel {

class MappedFile {
 public:
  // Maps or reads `path`; an empty file is an empty view.
  static Expected<MappedFile> open(const std::string& path, std::uint64_t max_size);
  static constexpr std::uint64_t kMapThreshold = std::uint64_t{1} << 20;

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  [[nodiscard]] std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  explicit MappedFile(std::unique_ptr<char[]> owned, std::size_t size)
      : data_(owned.get()), size_(size), owned_(std::move(owned)) {}
  void release();
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::unique_ptr<char[]> owned_;  // set when read rather than mapped
};

}  // namespace sentinel
