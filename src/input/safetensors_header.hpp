// safetensors (huggingface/safetensors, safetensors/src/tensor.rs): an 8-byte
// little-endian header length N, N bytes of JSON describing the tensors, then
// their raw bytes. Nothing in it is executable; the header is checked the way
// the library's reader checks it, so a file it would refuse is reported.
#pragma once

#include <string>
#include <string_view>

namespace sentinel::input {

// Laid out as safetensors: the header length fits in the data and the header
// starts with '{'. Decided by structure, before any codec magic: the length's
// low bytes can spell one (a 376-byte header starts 78 01, a zlib header).
[[nodiscard]] bool looks_like_safetensors(std::string_view data);

// Why safetensors' reader (safe_open, load_file) refuses this file: header
// size, JSON, __metadata__, dtypes, shapes, data offsets (contiguous from 0,
// each the size dtype and shape give, the last ending the file), and a tensor
// named twice or a field given twice (readers differ on which one counts).
// Empty when the reader accepts it.
[[nodiscard]] std::string safetensors_header_problem(std::string_view data);

}  // namespace sentinel::input
