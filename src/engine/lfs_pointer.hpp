// Git LFS pointer files: what a clone without `git lfs pull` leaves where a
// model should be. The pointer is inert text, but the model it stands for was
// never scanned, so a gate must not pass it as a clean file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sentinel::engine {

struct LfsPointer {
  std::string oid;  // sha256 hex of the missing content
  std::uint64_t size = 0;
};

// The pointer `bytes` are, per the Git LFS specification
// (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): under 1024
// bytes, a first line `version https://git-lfs.github.com/spec/v1`, and
// `oid sha256:<64 hex>` and `size <digits>` lines. nullopt for anything else.
[[nodiscard]] std::optional<LfsPointer> lfs_pointer(std::string_view bytes);

// The per-file error a pointer becomes: what is missing and how to fetch it.
[[nodiscard]] std::string lfs_pointer_error(const LfsPointer& pointer);

}  // namespace sentinel::engine
