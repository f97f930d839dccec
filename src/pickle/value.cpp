// Node storage for ValueStore; see value.hpp.
#include "pickle/value.hpp"

#include <sys/mman.h>

#include <new>

namespace sentinel::pickle {

ValueStore::NodeChunk ValueStore::NodeChunk::make(std::size_t index) {
  NodeChunk chunk;
  chunk.bytes = chunk_nodes(index) * sizeof(Node);
  if (index > 0) {
    void* p = ::mmap(nullptr, chunk.bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, chunk.bytes, MADV_HUGEPAGE);
      chunk.nodes = static_cast<Node*>(p);
      chunk.huge = true;
    }
  }
  if (chunk.nodes == nullptr) chunk.nodes = static_cast<Node*>(::operator new(chunk.bytes));
  static_assert(std::is_trivially_destructible_v<Node>);
  return chunk;
}

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace

void* ValueStore::HugePageResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  if (bytes >= kHugePage) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    ::madvise(p, bytes, MADV_HUGEPAGE);
    return p;
  }
  return ::operator new(bytes, std::align_val_t{alignment});
}

void ValueStore::HugePageResource::do_deallocate(void* p, std::size_t bytes, std::size_t alignment) {
  if (bytes >= kHugePage) {
    ::munmap(p, bytes);
    return;
  }
  ::operator delete(p, std::align_val_t{alignment});
}

ValueStore::NodeChunk::~NodeChunk() {
  if (nodes == nullptr) return;
  if (huge) {
    ::munmap(nodes, bytes);
  } else {
    ::operator delete(nodes);
  }
}

}  // namespace sentinel::pickle
