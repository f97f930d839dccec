// libFuzzer target for the policy parser (src/policy/policy.hpp): arbitrary
// text as a sentinel-policy.yml. It must never crash, hang or throw: every
// problem is an error naming FILE:LINE:COLUMN.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "policy/policy.hpp"

using sentinel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto policy = sentinel::policy::parse_policy(text, "fuzz.yml");
  if (!policy) check(policy.error().message.starts_with("fuzz.yml:"));
  return 0;
}
