// The hooks that make the machine read a file the way its format's loader
// does: joblib's inline arrays and the legacy torch storages between pickles.
// Harmless on other pickles: each applies only to its format's layout.
#pragma once

#include "pickle/joblib_arrays.hpp"
#include "pickle/torch_storages.hpp"

namespace sentinel::pickle {

inline constexpr TraceHooks kFormatHooks{joblib_inline_data, legacy_torch_storage_gap};

}  // namespace sentinel::pickle
