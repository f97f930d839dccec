// joblib's NumpyArrayWrapper (joblib/numpy_pickle.py): after the wrapper's
// BUILD, joblib's unpickler reads the array straight from the file, either
// [pad length byte][padding][count x itemsize raw bytes] or, for arrays that
// hold objects, a whole nested pickle. This probe tells the machine which, so
// it steps over array bytes and runs the nested pickle like joblib.load.
#pragma once

#include "pickle/machine.hpp"

namespace sentinel::pickle {

// An InlineDataProbe; reads the wrapper's attributes from all its BUILD states.
[[nodiscard]] InlineData joblib_inline_data(const ValueStore& values, Ref target, Ref state, std::string_view data,
                                            std::uint64_t pos, WorkBudget& budget);

}  // namespace sentinel::pickle
