// Bytes decoded from a codec or an archive entry. Up to kInMemory they are
// held in memory; past that they are written, as they are decoded, to an
// unlinked temporary file that is mapped read-only when decoding ends. A
// multi-gigabyte entry then costs the pages a scan touches, not its size, and
// never sits whole in memory (issue 14); a reader gives back the pages it
// has passed (base/released_pages.hpp). The CRC-32 of what was written is
// kept, so checking a zip entry's CRC does not touch the pages again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sentinel::input {

class DecodedBytes {
 public:
  static constexpr std::size_t kInMemory = std::size_t{64} << 20;

  DecodedBytes() = default;
  explicit DecodedBytes(std::string bytes) : memory_(std::move(bytes)) {}

  [[nodiscard]] std::string_view view() const {
    return spill_ ? std::string_view(spill_->data, spill_->size) : std::string_view(memory_);
  }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor): bytes are read as views
  [[nodiscard]] const char* data() const { return view().data(); }
  [[nodiscard]] std::size_t size() const { return view().size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] bool spilled() const { return spill_ != nullptr; }
  // Bytes of memory held (a spilled file's pages are the page cache's).
  [[nodiscard]] std::size_t capacity() const { return memory_.capacity(); }
  // CRC-32 (zlib's) of the bytes.
  [[nodiscard]] std::uint32_t crc32() const;

  friend bool operator==(const DecodedBytes& a, std::string_view b) { return a.view() == b; }

  // Builds a DecodedBytes from output produced in pieces, in memory first
  // and spilled to a temporary file past kInMemory.
  class Writer {
   public:
    explicit Writer(std::size_t limit);
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();
    // Room for the next piece, at most `limit` bytes in all; an empty span
    // once the limit is reached. The piece becomes part of the bytes on commit.
    [[nodiscard]] char* space(std::size_t& room);
    void commit(std::size_t produced);
    [[nodiscard]] std::size_t size() const { return size_; }
    // The bytes; empty, with error() set, when the temporary file failed.
    [[nodiscard]] DecodedBytes finish();
    [[nodiscard]] std::string error() const;

   private:
    bool spill();
    void flush();
    std::string buf_;
    std::size_t used_ = 0;  // bytes of buf_ that hold output (spilled: not yet written)
    std::size_t size_ = 0;
    std::size_t limit_;
    int fd_ = -1;
    std::uint32_t crc_ = 0;
    bool write_failed_ = false;
  };

 private:
  struct Spill {
    Spill(const char* d, std::size_t n, std::uint32_t c);
    Spill(const Spill&) = delete;
    Spill& operator=(const Spill&) = delete;
    ~Spill();
    const char* data;
    std::size_t size;
    std::uint32_t crc;
  };
  std::string memory_;
  std::unique_ptr<Spill> spill_;
};

}  // namespace sentinel::input
