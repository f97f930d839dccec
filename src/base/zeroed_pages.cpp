// See zeroed_pages.hpp.
#include "base/zeroed_pages.hpp"

#include <sys/mman.h>

#include <new>

namespace sentinel {

void* map_zeroed(std::size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  if (bytes >= kHugePage) ::madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

void unmap_zeroed(void* p, std::size_t bytes) { ::munmap(p, bytes); }

}  // namespace sentinel
