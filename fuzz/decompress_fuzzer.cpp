// libFuzzer target for bounded decompression (input/decompress.hpp): the
// first byte picks the codec and the output bound, the rest is the stream,
// so one corpus reaches every codec, including the zip-only ones that have
// no magic. detect_codec runs on the stream too. Must never crash, hang,
// throw or write past the bound; the promises of decompress.hpp are checked
// (a violation traps).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input/decompress.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;

namespace {

using sentinel::input::Codec;
using sentinel::input::DecodeStatus;

constexpr unsigned kCodecs = static_cast<unsigned>(Codec::SevenZipLzma2) + 1;
// 0 and 1 reach the limit at once, 4096 midway through most inputs.
constexpr std::array<std::uint64_t, 4> kBounds = {0, 1, 4096, std::uint64_t{1} << 20};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sentinel::input;
  if (size == 0) return 0;
  const unsigned selector = data[0];
  const auto codec = static_cast<Codec>(selector % kCodecs);
  const std::uint64_t bound = kBounds[selector / kCodecs % kBounds.size()];
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

  if (const auto detected = detect_codec(stream)) check(!codec_name(*detected).empty());
  const auto r = decompress(codec, stream, bound);
  check(r.output.size() <= bound);
  check(r.consumed <= stream.size());
  check((r.status == DecodeStatus::Ok) == r.message.empty());
  check(r.status != DecodeStatus::OverLimit || r.output.size() == bound);
  check(r.message.empty() || r.message.back() != '.');
  return 0;
}
