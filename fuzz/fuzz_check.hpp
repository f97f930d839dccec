// What the fuzz targets assert: a broken promise of the code under test
// traps, so libFuzzer keeps the input as a crash.
#pragma once

#include <string_view>

namespace sentinel::fuzz {

inline void check(bool ok) {
  if (!ok) __builtin_trap();
}

// A view a reader hands out must lie inside the bytes it was given.
inline bool within(std::string_view view, std::string_view bytes) {
  return view.empty() || (view.data() >= bytes.data() && view.data() + view.size() <= bytes.data() + bytes.size());
}

}  // namespace sentinel::fuzz
