// Node storage for ValueStore; see value.hpp.
#include "pickle/value.hpp"

#include <new>

#include "base/zeroed_pages.hpp"

namespace sentinel::pickle {

ValueStore::NodeChunk ValueStore::NodeChunk::make(std::size_t index) {
  NodeChunk chunk;
  chunk.bytes = chunk_nodes(index) * sizeof(Node);
  chunk.huge = index > 1;
  chunk.nodes = static_cast<Node*>(chunk.huge ? map_zeroed(chunk.bytes) : ::operator new(chunk.bytes));
  static_assert(std::is_trivially_destructible_v<Node>);
  return chunk;
}

void* ValueStore::HugePageResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  if (bytes >= kHugePage) return map_zeroed(bytes);
  return ::operator new(bytes, std::align_val_t{alignment});
}

void ValueStore::HugePageResource::do_deallocate(void* p, std::size_t bytes, std::size_t alignment) {
  if (bytes >= kHugePage) {
    unmap_zeroed(p, bytes);
    return;
  }
  ::operator delete(p, std::align_val_t{alignment});
}

ValueStore::NodeChunk::~NodeChunk() {
  if (nodes == nullptr) return;
  if (huge) {
    unmap_zeroed(nodes, bytes);
  } else {
    ::operator delete(nodes);
  }
}

}  // namespace sentinel::pickle
