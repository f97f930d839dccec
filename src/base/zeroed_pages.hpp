// Anonymous memory that comes zeroed from the kernel. Large blocks (2 MiB and
// more) are advised as transparent huge pages, so a structure of millions of
// entries costs a few page faults rather than one per 4 KiB, and zero needs
// no fill pass.
#pragma once

#include <cstddef>

namespace sentinel {

// Throws std::bad_alloc when the kernel refuses.
[[nodiscard]] void* map_zeroed(std::size_t bytes);
void unmap_zeroed(void* p, std::size_t bytes);

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

}  // namespace sentinel
