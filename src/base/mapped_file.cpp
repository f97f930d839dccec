// POSIX mmap and read behind MappedFile.
#include "base/mapped_file.hpp"

#include "base/released_pages.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sentinel {

Expected<MappedFile> MappedFile::open(const std::string& path, std::uint64_t max_size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return Error{"cannot open: " + std::string(std::strerror(errno))};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return Error{"cannot stat: " + std::string(std::strerror(err))};
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{"not a regular file"};
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_size) {
    ::close(fd);
    return Error{"file of " + std::to_string(size) + " bytes exceeds limit file_size=" +
                 std::to_string(max_size)};
  }
  if (size == 0) {
    ::close(fd);
    return MappedFile(nullptr, 0);
  }
  if (size < kMapThreshold) {
    auto owned = std::make_unique_for_overwrite<char[]>(size);
    std::uint64_t done = 0;
    while (done < size) {
      const ssize_t n = ::read(fd, owned.get() + done, size - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int err = n < 0 ? errno : EIO;
        ::close(fd);
        return Error{"cannot read: " + std::string(std::strerror(err))};
      }
      done += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    return MappedFile(std::move(owned), size);
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  ::close(fd);
  if (data == MAP_FAILED) return Error{"cannot map: " + std::string(std::strerror(err))};
  ::madvise(data, size, MADV_SEQUENTIAL);
  register_releasable(static_cast<const char*>(data), size);
  return MappedFile(static_cast<const char*>(data), size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(other.data_), size_(other.size_), owned_(std::move(other.owned_)) {
  other.data_ = nullptr;
  other.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    data_ = other.data_;
    size_ = other.size_;
    owned_ = std::move(other.owned_);
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

void MappedFile::release() {
  if (data_ != nullptr && owned_ == nullptr) unregister_releasable(data_);
  if (data_ != nullptr && owned_ == nullptr) ::munmap(const_cast<char*>(data_), size_);
  owned_.reset();
  data_ = nullptr;
}

MappedFile::~MappedFile() { release(); }

}  // namespace sentinel
