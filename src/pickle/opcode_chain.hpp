// Opcode boundaries as a linear reader finds them, without running anything:
// what the search for stream starts after junk or behind a header uses to
// know which starts an earlier run already read through (start_search.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sentinel::pickle {

// Where the opcode at `pos` ends when `data` is read linearly, or nullopt
// when no opcode is there or its argument runs past the data.
[[nodiscard]] std::optional<std::uint64_t> opcode_end(std::string_view data, std::uint64_t pos);

}  // namespace sentinel::pickle
