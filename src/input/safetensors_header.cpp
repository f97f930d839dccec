// See safetensors_header.hpp; the checks follow safetensors/src/tensor.rs
// (Metadata::validate, SafeTensors::read_metadata), in the same order.
#include "input/safetensors_header.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_set>
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

// Reads the header as a stream of JSON events, keeping only what the checks
// need (each tensor's offsets): the header may be 100 MB of JSON, which as a
// document would take several times that in memory, and its nesting is only
// three levels deep where it is valid. The first problem stops the reading.
class HeaderReader final : public json::json_sax_t {
 public:
  std::string problem;
  std::vector<Tensor> tensors;

  bool null() override { return scalar(false, 0, nullptr); }
  bool boolean(bool) override { return scalar(false, 0, nullptr); }
  bool number_integer(json::number_integer_t) override { return scalar(false, 0, nullptr); }
  bool number_unsigned(json::number_unsigned_t n) override { return scalar(true, n, nullptr); }
  bool number_float(json::number_float_t, const std::string&) override { return scalar(false, 0, nullptr); }
  bool string(std::string& text) override { return scalar(false, 0, &text); }
  bool binary(json::binary_t&) override { return scalar(false, 0, nullptr); }

  bool start_object(std::size_t) override {
    if (skipped_ > 0 || (depth_ == 2 && !metadata_ && !known_field())) return skip();
    if (depth_ == 0) return enter(true);
    if (depth_ == 1) return enter(start_entry());
    return fail(not_what_it_should_be());
  }
  bool start_array(std::size_t) override {
    if (skipped_ > 0 || (depth_ == 2 && !metadata_ && !known_field())) return skip();
    if (depth_ == 2 && !metadata_ && (field_ == "shape" || field_ == "data_offsets")) {
      items_ = 0;
      return enter(true);
    }
    return fail(depth_ == 0 ? "header is not a JSON object" : not_what_it_should_be());
  }
  bool end_object() override {
    if (skipped_ > 0) return unskip();
    --depth_;
    return depth_ != 1 || end_entry();
  }
  bool end_array() override {
    if (skipped_ > 0) return unskip();
    --depth_;
    if (field_ == "data_offsets" && items_ != 2) return fail(not_what_it_should_be());
    return true;
  }
  bool key(std::string& name) override {
    if (skipped_ > 0) return true;
    if (depth_ == 1) {
      name_ = name;
      metadata_ = name == "__metadata__";
      if (!metadata_ && !names_.insert(name).second) {
        return fail(entry() + " appears twice: readers disagree on which entry counts");
      }
      return true;
    }
    field_ = name;
    if (metadata_ || !known_field()) return true;
    const unsigned bit = field_ == "dtype" ? 1U : field_ == "shape" ? 2U : 4U;
    if ((seen_ & bit) != 0) return fail(entry() + " gives " + field_ + " twice");
    seen_ |= bit;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    return fail("header is not valid UTF-8 JSON (byte " + std::to_string(position) + " of the header)");
  }

 private:
  bool fail(std::string what) {
    if (problem.empty()) problem = std::move(what);
    return false;
  }
  bool enter(bool ok) {
    ++depth_;
    return ok;
  }
  bool skip() {
    ++skipped_;
    return true;
  }
  bool unskip() {
    --skipped_;
    return true;
  }
  [[nodiscard]] bool known_field() const { return field_ == "dtype" || field_ == "shape" || field_ == "data_offsets"; }
  [[nodiscard]] std::string entry() const { return "tensor '" + name_.substr(0, 200) + "'"; }

  // A container where a scalar belongs, or a value of the wrong kind.
  [[nodiscard]] std::string not_what_it_should_be() const {
    if (metadata_) return "__metadata__ is not a map of strings to strings";
    if (depth_ == 1) return entry() + " is not an object";
    if (field_ == "dtype") return entry() + " has an unknown dtype";
    if (field_ == "shape") return entry() + " has a shape that is not a list of non-negative integers";
    return entry() + " has data_offsets that are not two non-negative integers";
  }

  bool scalar(bool is_unsigned, std::uint64_t n, const std::string* text) {
    if (skipped_ > 0) return true;
    if (depth_ == 0) return fail("header is not a JSON object");
    if (depth_ == 1) return fail(not_what_it_should_be());
    if (depth_ == 2) {
      if (metadata_) return text != nullptr || fail(not_what_it_should_be());
      if (field_ == "dtype") {
        bits_ = text != nullptr ? dtype_bits(*text) : std::nullopt;
        return bits_.has_value() ||
               fail(entry() + " has an unknown dtype" + (text != nullptr ? " '" + text->substr(0, 40) + "'" : ""));
      }
      return !known_field() || fail(not_what_it_should_be());
    }
    if (!is_unsigned) return fail(not_what_it_should_be());
    if (field_ == "shape") {
      // shape.iter().try_fold(1, checked_mul): an overflow before a zero still fails.
      overflow_ = overflow_ || (n != 0 && numel_ > UINT64_MAX / n);
      numel_ *= overflow_ ? 1 : n;
    } else if (items_ < 2) {
      (items_ == 0 ? offsets_.begin : offsets_.end) = n;
    }
    ++items_;
    return true;
  }

  bool start_entry() {
    seen_ = 0;
    bits_.reset();
    numel_ = 1;
    overflow_ = false;
    offsets_ = {};
    field_.clear();
    return true;
  }

  // The entry is complete: its byte count must be what dtype and shape give.
  bool end_entry() {
    if (metadata_) return true;
    if (seen_ != 7) return fail(entry() + " lacks one of dtype, shape, data_offsets");
    if (overflow_ || (numel_ != 0 && *bits_ > UINT64_MAX / numel_)) {
      return fail(entry() + ": its shape overflows the size computation");
    }
    const std::uint64_t total_bits = numel_ * *bits_;
    if (total_bits % 8 != 0) return fail(entry() + ": its dtype and shape do not fill whole bytes");
    if (offsets_.end < offsets_.begin || offsets_.end - offsets_.begin != total_bits / 8) {
      return fail(entry() + ": data_offsets [" + std::to_string(offsets_.begin) + ", " + std::to_string(offsets_.end) +
                  "] do not hold the " + std::to_string(total_bits / 8) + " byte(s) its dtype and shape give");
    }
    tensors.push_back({name_, offsets_.begin, offsets_.end});
    return true;
  }

  unsigned depth_ = 0;          // open objects and arrays: 1 the header, 2 an entry, 3 a shape or offsets
  std::uint64_t skipped_ = 0;   // open containers inside a field safetensors ignores
  std::string name_;            // the entry (tensor name or __metadata__)
  bool metadata_ = false;
  std::unordered_set<std::string> names_;
  std::string field_;           // the key inside the entry
  unsigned seen_ = 0;           // dtype 1, shape 2, data_offsets 4
  std::optional<std::uint64_t> bits_;
  std::uint64_t numel_ = 1;
  bool overflow_ = false;
  std::uint64_t items_ = 0;     // items of the current array
  struct {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
  } offsets_;
};

}  // namespace

bool looks_like_safetensors(std::string_view data) {
  if (data.size() < 9) return false;
  const std::uint64_t n = header_length(data);
  return n >= 1 && n <= data.size() - 8 && data[8] == '{';
}

std::string safetensors_header_problem(std::string_view data) {
  const std::uint64_t n = header_length(data);
  if (n > kMaxHeaderSize) return "header length " + std::to_string(n) + " is over the reader's 100000000-byte limit";
  HeaderReader reader;
  (void)json::sax_parse(data.substr(8, n), &reader);
  if (!reader.problem.empty()) return reader.problem;
  std::vector<Tensor>& tensors = reader.tensors;
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
