// See released_pages.hpp.
#include "base/released_pages.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <mutex>

namespace sentinel {
namespace {

constexpr std::size_t kMargin = std::size_t{1} << 20;

struct Mappings {
  std::mutex lock;
  std::map<const char*, const char*> live;  // start -> end
};

Mappings& mappings() {
  static Mappings m;
  return m;
}

}  // namespace

void register_releasable(const char* data, std::size_t size) {
  auto& m = mappings();
  const std::lock_guard guard(m.lock);
  m.live.emplace(data, data + size);
}

void unregister_releasable(const char* data) {
  auto& m = mappings();
  const std::lock_guard guard(m.lock);
  m.live.erase(data);
}

void release_pages_before(const char* position) {
  auto& m = mappings();
  const std::lock_guard guard(m.lock);
  auto it = m.live.upper_bound(position);
  if (it == m.live.begin()) return;
  --it;
  const char* start = it->first;
  if (position >= it->second || static_cast<std::size_t>(position - start) <= kMargin) return;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t length = (static_cast<std::size_t>(position - start) - kMargin) / page * page;
  if (length != 0) ::madvise(const_cast<char*>(start), length, MADV_DONTNEED);
}

}  // namespace sentinel
