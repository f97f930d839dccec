// libFuzzer target for the 7z reader (input/sevenzip_reader.hpp, libarchive
// underneath): arbitrary bytes are read with roomy and with tight limits, so
// the entry, total and count limits run on small inputs too. Must never
// crash, hang or throw; the promises of sevenzip_reader.hpp are checked (a
// violation traps).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "input/sevenzip_reader.hpp"
#include "fuzz_check.hpp"

using sentinel::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sentinel::input;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)looks_like_7z(bytes);
  for (const SevenZipLimits limits : {SevenZipLimits{1 << 20, 4 << 20, 1000}, SevenZipLimits{16, 40, 2}}) {
    std::uint64_t visited = 0;
    std::uint64_t extracted = 0;
    const auto result = read_7z(bytes, limits, [&](const SevenZipEntry& e) {
      ++visited;
      extracted += e.data.size();
      check(e.data.size() <= limits.max_entry_size);
      check(e.link_target.empty() || e.data.empty());  // every entry but a link is read, whatever its mode
      check(e.complete || !e.problem.empty());
    });
    check(result.entries == visited && visited <= limits.max_entries);
    check(result.total_extracted == extracted && extracted <= limits.max_total_size);
  }
  return 0;
}
