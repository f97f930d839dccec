// libFuzzer target for the zip reader: arbitrary bytes are listed with
// input::read_zip (a roomy and a tight max_entries, so the limit path runs on
// small inputs too) and every listed member is read with a small output
// bound. Must never crash, hang, throw or read outside the input; the
// promises of zip_reader.hpp are checked (a violation traps).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input/zip_reader.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;
using sentinel::fuzz::within;

namespace {

constexpr std::uint64_t kMaxOutput = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sentinel::input;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)looks_like_zip(bytes);
  for (const std::uint64_t max_entries : {std::uint64_t{256}, std::uint64_t{2}}) {
    const auto listing = read_zip(bytes, max_entries);
    check(listing.entries.size() <= max_entries);
    for (const auto& p : listing.problems) {
      check(!p.message.empty() && p.message.back() != '.');
      (void)zip_tamper_name(p.kind);
    }
    for (const auto& entry : listing.entries) {
      const auto view = stored_member_view(bytes, entry);
      check(within(view, bytes));
      const auto member = read_zip_member(bytes, entry, kMaxOutput);
      check(member.decoded.output.size() <= kMaxOutput);
      check(!member.crc_checked || member.decoded.status == DecodeStatus::Ok);
    }
  }
  return 0;
}
