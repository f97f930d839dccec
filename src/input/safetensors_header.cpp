// See safetensors_header.hpp; the checks follow safetensors/src/tensor.rs
// (Metadata::validate, SafeTensors::read_metadata), in the same order.
#include "input/safetensors_header.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace sentinel::input {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxHeaderSize = 100'000'000;  // MAX_HEADER_SIZE

std::uint64_t header_length(std::string_view data) {
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<std::uint8_t>(data[static_cast<std::size_t>(i)]);
  return n;
}

// Dtype::bitsize. The sub-byte and 8-bit float kinds are recent additions
// (F4, F6_*, F8_E8M0, the FNUZ variants); a reader that predates one refuses
// it too, but it is no sign of tampering.
std::optional<std::uint64_t> dtype_bits(std::string_view dtype) {
  struct Kind {
    std::string_view name;
    std::uint64_t bits;
  };
  static constexpr Kind kKinds[] = {
      {"BOOL", 8},     {"U8", 8},      {"I8", 8},      {"F8_E5M2", 8}, {"F8_E4M3", 8},      {"F8_E8M0", 8},
      {"F8_E4M3FNUZ", 8}, {"F8_E5M2FNUZ", 8}, {"I16", 16}, {"U16", 16}, {"F16", 16},        {"BF16", 16},
      {"I32", 32},     {"U32", 32},    {"F32", 32},    {"C64", 64},    {"F64", 64},         {"I64", 64},
      {"U64", 64},     {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6},
  };
  for (const auto& k : kKinds) {
    if (k.name == dtype) return k.bits;
  }
  return std::nullopt;
}

struct Tensor {
  std::string name;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// One tensor entry (TensorInfo): its dtype, shape and offsets, and whether
// its byte count is what they give.
std::string tensor_problem(const std::string& name, const json& info, Tensor& out) {
  const std::string where = "tensor '" + name.substr(0, 200) + "'";
  if (!info.is_object()) return where + " is not an object";
  const auto dtype = info.find("dtype");
  const auto shape = info.find("shape");
  const auto offsets = info.find("data_offsets");
  if (dtype == info.end() || shape == info.end() || offsets == info.end()) {
    return where + " lacks one of dtype, shape, data_offsets";
  }
  const auto bits = dtype->is_string() ? dtype_bits(dtype->get_ref<const std::string&>()) : std::nullopt;
  if (!bits) return where + " has an unknown dtype " + dtype->dump().substr(0, 40);
  if (!shape->is_array() || !std::all_of(shape->begin(), shape->end(), [](const json& d) { return d.is_number_unsigned(); })) {
    return where + " has a shape that is not a list of non-negative integers";
  }
  if (!offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
      !(*offsets)[1].is_number_unsigned()) {
    return where + " has data_offsets that are not two non-negative integers";
  }
  out = {name, (*offsets)[0].get<std::uint64_t>(), (*offsets)[1].get<std::uint64_t>()};
  std::uint64_t total_bits = *bits;
  for (const auto& d : *shape) {
    const auto n = d.get<std::uint64_t>();
    if (n != 0 && total_bits > UINT64_MAX / n) return where + ": its shape overflows the size computation";
    total_bits *= n;
  }
  if (total_bits % 8 != 0) return where + ": its dtype and shape do not fill whole bytes";
  if (out.end < out.begin || out.end - out.begin != total_bits / 8) {
    return where + ": data_offsets [" + std::to_string(out.begin) + ", " + std::to_string(out.end) + "] do not hold the " +
           std::to_string(total_bits / 8) + " byte(s) its dtype and shape give";
  }
  return {};
}

}  // namespace

bool looks_like_safetensors(std::string_view data) {
  if (data.size() < 9) return false;
  const std::uint64_t n = header_length(data);
  return n >= 1 && n <= data.size() - 8 && data[8] == '{';
}

std::string safetensors_header_problem(std::string_view data) {
  const std::uint64_t n = header_length(data);
  if (n > kMaxHeaderSize) return "header length " + std::to_string(n) + " is over the reader's 100000000-byte limit";
  json header;
  try {
    header = json::parse(data.substr(8, n));
  } catch (const json::parse_error& e) {
    return "header is not valid UTF-8 JSON (byte " + std::to_string(e.byte) + " of the header)";
  }
  if (!header.is_object()) return "header is not a JSON object";
  std::vector<Tensor> tensors;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      const bool strings = value.is_object() && std::all_of(value.begin(), value.end(), [](const json& v) {
        return v.is_string();
      });
      if (!strings) return "__metadata__ is not a map of strings to strings";
      continue;
    }
    Tensor t;
    if (std::string problem = tensor_problem(name, value, t); !problem.empty()) return problem;
    tensors.push_back(std::move(t));
  }
  // Sorted by offsets, the tensors must tile the data from 0 with no gap or
  // overlap, and the last one must end the file: bytes outside every tensor
  // are data no reader accounts for.
  std::sort(tensors.begin(), tensors.end(),
            [](const Tensor& a, const Tensor& b) { return std::pair(a.begin, a.end) < std::pair(b.begin, b.end); });
  std::uint64_t next = 0;
  for (const auto& t : tensors) {
    if (t.begin != next) {
      return "tensor '" + t.name.substr(0, 200) + "' starts at data offset " + std::to_string(t.begin) +
             ", not where the previous one ends (" + std::to_string(next) + "): tensors overlap or leave a gap";
    }
    next = t.end;
  }
  const std::uint64_t data_size = data.size() - 8 - n;
  if (next != data_size) {
    return "the tensors cover " + std::to_string(next) + " byte(s) of data, but " + std::to_string(data_size) +
           " follow the header";
  }
  return {};
}

}  // namespace sentinel::input
