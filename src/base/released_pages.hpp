// File-backed read-only mappings whose pages a linear reader may give back
// once it has passed them (the scanned file, decoded bytes spilled to a
// temporary file). The bytes stay readable: a later read faults them in again
// from the file. Memory then follows what is being read, not the file size.
#pragma once

#include <cstddef>

namespace sentinel {

// Registers [data, data + size) as a mapping whose pages can be given back;
// unregister before unmapping.
void register_releasable(const char* data, std::size_t size);
void unregister_releasable(const char* data);

// A reader that has passed `position` gives back the pages before it (minus
// a margin for readers that step back a little, as FRAME does), if it lies in
// a registered mapping. Does nothing for any other memory.
void release_pages_before(const char* position);

}  // namespace sentinel
