// The two unpicklers a victim's loader may run, and where they read the same
// bytes differently. pickle.load/torch.load/numpy.load use Modules/_pickle.c;
// joblib, dill, pandas' compat retry and every subclass of pickle._Unpickler
// run Lib/pickle.py. A stream is traced under the C reading; where it meets
// one of the differences below it is traced again under the Python reading,
// and what either reaches counts.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sentinel::pickle {

enum class Unpickler : std::uint8_t {
  C,       // Modules/_pickle.c
  Python,  // Lib/pickle.py _Unpickler
};

// One row of the table: where the readings differ and what each does.
struct ReadingDifference {
  std::string_view where;
  std::string_view c;       // _pickle.c
  std::string_view python;  // pickle.py
};

// Every difference the machine models; docs/pickle-readings.md prints it.
[[nodiscard]] std::span<const ReadingDifference> reading_differences();

[[nodiscard]] std::string_view unpickler_name(Unpickler u);

}  // namespace sentinel::pickle
