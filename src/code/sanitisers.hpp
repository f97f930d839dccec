// The explicit sanitisers of PICKLE-SRC-TAINTED-LOAD: data whose SHA-2, SHA-3
// or BLAKE2 digest is compared with a pinned constant is trusted where the
// comparison guarantees a match.
//
//   if hashlib.sha256(blob).hexdigest() != MODEL_SHA256:   # then raise, return,
//       raise ValueError("checksum")                       # continue, break or exit
//   pickle.loads(blob)          # blob is trusted from here to its next rebinding
//
//   if hmac.compare_digest(digest, MODEL_SHA256):          # trusted inside the if
//
// The constant is a hex literal of a full digest (56, 64, 96 or 128 digits),
// a name bound to one (in the module or imported from another), or
// bytes.fromhex() of one. The digest may be computed in place, through a
// name (`digest = h.hexdigest()`), incrementally (`h.update(chunk)`), or with
// hashlib.new/file_digest; checking a file's bytes trusts its path and the
// names it was read through. MD5 and SHA-1 do not count (collisions), nor
// does `assert` (python -O removes it). Docs: docs/code-analysis.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/string_set.hpp"
#include "code/program.hpp"

namespace sentinel::code {

class Sanitisers {
 public:
  explicit Sanitisers(const Program& program);

  // Whether `name`, read at `byte` in `function` (nullopt: module level) of
  // `module`, holds checked data.
  [[nodiscard]] bool clean(std::size_t module, std::optional<std::size_t> function, std::string_view name,
                           std::uint32_t byte) const;

 private:
  struct Range {
    std::uint32_t from = 0, to = 0;
  };
  std::map<std::string, std::vector<Range>, std::less<>> ranges_;  // by scope_key()
  StringSet names_;                                                // every name with a range
};

}  // namespace sentinel::code
