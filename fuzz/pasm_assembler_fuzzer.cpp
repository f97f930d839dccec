// libFuzzer target for the pickle assembler (docs/pickle-assembly.md): the
// input is .pasm text. Assembly must return bytes or a line-numbered error,
// never crash; what assembles is then traced, so the seed .pasm samples also
// reach the machine with structure-aware mutations.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pickle/assembler.hpp"
#include "pickle/machine.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const auto assembled = sentinel::pickle::assemble(source);
  if (!assembled) {
    // Errors carry the line: "line 7: BINPUT: expected an integer".
    if (assembled.error().message.empty()) __builtin_trap();
    return 0;
  }
  // `FILL 0x4e 99999999` or `"x"*N` legitimately build large outputs; trace
  // only what a seed-sized sample produces so runs stay fast.
  if (assembled->bytes.size() <= (std::size_t{1} << 20)) {
    (void)sentinel::pickle::trace_pickles(assembled->bytes, sentinel::Limits{});
  }
  return 0;
}
