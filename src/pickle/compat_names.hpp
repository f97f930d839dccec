// Python 2 -> Python 3 name mapping that the unpickler applies to protocol < 3
// streams (pickle.Unpickler.find_class with fix_imports=True).
#pragma once

#include <string_view>
#include <utility>

namespace sentinel::pickle {

// Returns the (module, name) find_class would import for a protocol < 3 stream.
[[nodiscard]] std::pair<std::string_view, std::string_view> map_python2_name(std::string_view module,
                                                                             std::string_view name);

}  // namespace sentinel::pickle
