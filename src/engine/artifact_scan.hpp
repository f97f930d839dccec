// One top-level file, scanned by content at every depth: containers are opened
// (zip, tar, 7z, codecs, .npy), their entries detected again, and every pickle
// a loader could reach is traced, with the chain of entries in each finding.
#pragma once

#include <string>
#include <string_view>

#include "sentinel/finding.hpp"
#include "sentinel/scan.hpp"

namespace sentinel::engine {

// `origin` names where the file came from (a Hugging Face repo and revision),
// copied to every finding; empty when unknown.
[[nodiscard]] FileReport scan_artifact(std::string_view bytes, const std::string& display_path,
                                       const ScanOptions& options, const std::string& origin);

}  // namespace sentinel::engine
