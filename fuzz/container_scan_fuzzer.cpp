// libFuzzer target for the whole artifact scan: format detection at every
// level, every container reader, the codecs, the machine and the rules, with
// tight limits so nesting, bombs and limit paths run on small inputs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sentinel/scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const sentinel::ScanOptions options = [] {
    sentinel::ScanOptions o;
    o.limits.max_opcodes = 1 << 16;
    o.limits.max_nodes = 1 << 12;
    o.limits.max_archive_depth = 4;
    o.limits.max_archive_entries = 64;
    o.limits.max_entry_size = 1 << 20;
    o.limits.max_expanded_size = 4 << 20;
    return o;
  }();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto report = sentinel::scan_buffer(bytes, "fuzz.bin", options);
  for (const auto& f : report.findings) (void)f.location.display();
  return 0;
}
