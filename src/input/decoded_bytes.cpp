// See decoded_bytes.hpp.
#include "input/decoded_bytes.hpp"

#include "base/released_pages.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace sentinel::input {
namespace {

// Output past the in-memory part is gathered in pieces of this size.
constexpr std::size_t kSpillPiece = std::size_t{4} << 20;

std::uint32_t crc_update(std::uint32_t crc, std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<z_size_t>(bytes.size())));
}

// An unlinked file in $TMPDIR (or /tmp): gone when closed, whatever happens.
int temporary_file() {
  const char* dir = std::getenv("TMPDIR");
  if (dir == nullptr || *dir == '\0') dir = "/tmp";
  const int fd = ::open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = std::string(dir) + "/sentinel-decoded-XXXXXX";
  const int named = ::mkstemp(path.data());
  if (named >= 0) ::unlink(path.c_str());
  return named;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

DecodedBytes::Spill::Spill(const char* d, std::size_t n, std::uint32_t c) : data(d), size(n), crc(c) {
  register_releasable(data, size);
}

std::uint32_t DecodedBytes::crc32() const { return spill_ ? spill_->crc : crc_update(0, memory_); }

DecodedBytes::Spill::~Spill() {
  unregister_releasable(data);
  if (size != 0) ::munmap(const_cast<char*>(data), size);
}

DecodedBytes::Writer::Writer(std::size_t limit) : limit_(limit) {}

DecodedBytes::Writer::~Writer() {
  if (fd_ >= 0) ::close(fd_);
}

char* DecodedBytes::Writer::space(std::size_t& room) {
  if (size_ >= limit_) {
    room = 0;
    return nullptr;
  }
  if (used_ == buf_.size()) {
    if (fd_ < 0 && size_ >= kInMemory && !write_failed_ && spill()) {
      // Output goes to the file from here on, through one piece of memory.
    } else if (fd_ >= 0) {
      flush();
    } else {
      const std::size_t grown = std::max<std::size_t>(std::size_t{64} * 1024, 2 * buf_.size());
      buf_.resize(std::min(grown, limit_));
    }
  }
  room = std::min(buf_.size() - used_, limit_ - size_);
  return buf_.data() + used_;
}

void DecodedBytes::Writer::commit(std::size_t produced) {
  used_ += produced;
  size_ += produced;
}

bool DecodedBytes::Writer::spill() {
  fd_ = temporary_file();
  if (fd_ < 0) {
    write_failed_ = true;  // kept in memory: bounded by the limit all the same
    return false;
  }
  flush();
  if (write_failed_) {
    ::close(fd_);
    fd_ = -1;
    return false;
  }
  std::string piece(kSpillPiece, '\0');
  buf_.swap(piece);
  return true;
}

void DecodedBytes::Writer::flush() {
  const std::string_view out(buf_.data(), used_);
  crc_ = crc_update(crc_, out);
  write_failed_ = write_failed_ || !write_all(fd_, out);
  used_ = 0;
}

std::string DecodedBytes::Writer::error() const {
  return write_failed_ && fd_ >= 0 ? "could not write or map the decoded bytes past " +
                                         std::to_string(kInMemory) + " in a temporary file (TMPDIR)"
                                   : std::string();
}

DecodedBytes DecodedBytes::Writer::finish() {
  DecodedBytes out;
  if (fd_ < 0) {
    buf_.resize(used_);
    out.memory_ = std::move(buf_);
    return out;
  }
  flush();
  void* map = write_failed_ ? MAP_FAILED : ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd_, 0);
  if (map == MAP_FAILED) {
    write_failed_ = true;
    return out;
  }
  out.spill_ = std::make_unique<Spill>(static_cast<const char*>(map), size_, crc_);
  return out;
}

}  // namespace sentinel::input
