// See member_cache.hpp.
#include "engine/member_cache.hpp"

#include <openssl/evp.h>

#include <limits>

namespace sentinel::engine {
namespace {

// `at` moved from under the first scan's chain to under `chain`.
Location moved(const Location& at, std::size_t prefix, const std::vector<std::string>& chain) {
  Location out = at;
  out.chain = chain;
  out.chain.insert(out.chain.end(), at.chain.begin() + static_cast<std::ptrdiff_t>(prefix), at.chain.end());
  return out;
}

void add_place(Finding& f, Location place) {
  if (f.also_at.size() < Finding::kMaxAlsoAt) {
    f.also_at.push_back(std::move(place));
  } else if (f.also_at_more < std::numeric_limits<std::uint64_t>::max()) {
    ++f.also_at_more;
  }
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

}  // namespace

MemberCache::Key MemberCache::key(std::string_view bytes, const Reading& how) {
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  // EVP_Digest fails only on allocation failure; a zero digest then merely
  // makes members look alike to no one but each other, so it is kept.
  (void)EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return {digest, how.depth, how.torch_member, how.torchscript};
}

void MemberCache::remember(const Key& key, const std::vector<Finding>& findings, std::size_t begin,
                           const std::vector<std::string>& chain) {
  Scanned s;
  s.begin = begin;
  s.prefix = chain.size();
  for (std::size_t i = begin; i < findings.size(); ++i) {
    s.places.push_back(saturating_add(1 + findings[i].also_at.size(), findings[i].also_at_more));
    s.listed.push_back(findings[i].also_at.size());
  }
  scanned_.emplace(key, std::move(s));
}

bool MemberCache::found_again(const Key& key, std::vector<Finding>& findings,
                              const std::vector<std::string>& chain) const {
  const auto it = scanned_.find(key);
  if (it == scanned_.end()) return false;
  const Scanned& s = it->second;
  for (std::size_t k = 0; k < s.places.size(); ++k) {
    Finding& f = findings[s.begin + k];
    add_place(f, moved(f.location, s.prefix, chain));
    for (std::size_t j = 0; j < s.listed[k]; ++j) add_place(f, moved(f.also_at[j], s.prefix, chain));
    f.also_at_more = saturating_add(f.also_at_more, s.places[k] - 1 - s.listed[k]);
  }
  return true;
}

}  // namespace sentinel::engine
