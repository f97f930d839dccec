// libFuzzer target for the tar reader (input/tar_reader.hpp): arbitrary
// bytes are listed with a roomy and a tight member limit, so the limit path
// runs on small inputs too. Must never crash, hang, throw or point outside
// the input; the promises of tar_reader.hpp are checked (a violation traps).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input/tar_reader.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;
using sentinel::fuzz::within;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sentinel::input;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)looks_like_tar(bytes);
  for (const std::uint64_t max_members : {std::uint64_t{1000}, std::uint64_t{2}}) {
    const auto listing = read_tar(bytes, max_members);
    check(listing.members.size() <= max_members);
    for (const auto& m : listing.members) {
      check(m.data.size() <= m.size);
      check(within(m.data, bytes));
      check(m.header_offset < m.data_offset);
    }
    for (const auto& p : listing.problems) check(!p.message.empty() && p.message.back() != '.');
  }
  return 0;
}
