// One top-level file, scanned by content at every depth: containers are opened
// (zip, tar, 7z, codecs, .npy), their entries detected again, and every pickle
// a loader could reach is traced, with the chain of entries in each finding.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pickle/machine.hpp"

#include "sentinel/finding.hpp"
#include "sentinel/scan.hpp"

namespace sentinel::engine {

// `origin` names where the file came from (a Hugging Face repo and revision),
// copied to every finding; empty when unknown.
[[nodiscard]] FileReport scan_artifact(std::string_view bytes, const std::string& display_path,
                                       const ScanOptions& options, const std::string& origin);

// Called with each pickle the scan traces: the chain of entries it lies in
// (empty for the file itself), the offset it starts at and what the machine saw.
using PickleVisitor =
    std::function<void(const std::vector<std::string>& chain, std::uint64_t start, const pickle::FileTrace& trace)>;

// Opens `bytes` exactly as scan_artifact does (`sentinel trace` shows what
// the scan judged) and hands every pickle it reads to `visit`, members that
// repeat at each of their places.
void trace_artifact(std::string_view bytes, const std::string& display_path, const ScanOptions& options,
                    const PickleVisitor& visit);

}  // namespace sentinel::engine
