// PyTorch's persistent ids (torch/serialization.py): what a checkpoint's
// pickle asks persistent_load for, so containers can check each storage
// against the records that hold it, and legacy files can be stepped through
// the raw storage bytes that follow their pickles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pickle/trace.hpp"

namespace sentinel::pickle {

struct StorageRef {
  std::size_t stream = 0;
  std::uint64_t offset = 0;
  std::string key;                 // the record name under data/ (zip) or the storage key (legacy)
  std::string type_name;           // e.g. "FloatStorage"
  std::uint64_t element_size = 0;  // 0 when the type is not a storage type torch knows
  std::uint64_t numel = 0;
  std::string problem;             // set when the id is not one torch.load accepts
};

// The persistent ids torch.load accepts: the zip format's 5-tuple storage
// ids, the pre-1.6 (legacy) format's 6-tuples and ('module', ...) ids, or
// either (the runtime guard sees a stream without knowing its format).
enum class StorageIdForm : std::uint8_t { Zip, Legacy, Either };

// Every persistent load in streams [from, to): storage ids are parsed,
// anything else gets a `problem`.
[[nodiscard]] std::vector<StorageRef> torch_storage_refs(const FileTrace& trace, std::size_t from, std::size_t to,
                                                         StorageIdForm form);

// GapProbe for the legacy format: after its fifth pickle (the storage keys),
// for each key an int64 element count and that many elements of raw bytes.
[[nodiscard]] std::uint64_t legacy_torch_storage_gap(const FileTrace& trace, std::size_t first_stream,
                                                     std::string_view data, std::uint64_t pos);

// GapProbes for the members of the pre-0.4 tar format (formats.md C5):
// `storages` is a count, then per storage a (key, location, type) pickle and
// int64 numel + raw bytes; `tensors` is a count, then per tensor a pickle and
// i32 ndim, 4 pad bytes, ndim x i64 sizes, ndim x i64 strides, i64 offset.
[[nodiscard]] std::uint64_t legacy_tar_storages_gap(const FileTrace& trace, std::size_t first_stream,
                                                    std::string_view data, std::uint64_t pos);
[[nodiscard]] std::uint64_t legacy_tar_tensors_gap(const FileTrace& trace, std::size_t first_stream,
                                                   std::string_view data, std::uint64_t pos);

}  // namespace sentinel::pickle
