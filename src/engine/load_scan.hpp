// The runtime guard's static check of one load: the single pickle stream that
// an unpickler reads from the start of a buffer, judged by the artifact rules
// and the policy before those same bytes are unpickled.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.hpp"
#include "sentinel/finding.hpp"
#include "sentinel/limits.hpp"

namespace sentinel::engine {

struct LoadScanOptions {
  Limits limits;
  // The unpickler has a persistent_load that accepts torch storage ids
  // (torch.load's); anywhere else a persistent id is structural tampering.
  bool torch_persistent_ids = false;
  // The caller passes out-of-band buffers (pickle.loads(..., buffers=...)):
  // NEXT_BUFFER reads the caller's own data, not something the stream hides.
  bool out_of_band_buffers = false;
  // The buffer is what has been read of a longer file so far: a stream that
  // runs past its end is returned unjudged (complete = false), to read on.
  bool partial = false;
  std::string display_path = "<pickle load>";
};

struct LoadScan {
  // Bytes the first stream spans: what the unpickler reads (and where it
  // leaves a file). 0 when the buffer does not start a pickle stream.
  std::uint64_t consumed = 0;
  // False only for a partial buffer that ends inside the stream.
  bool complete = true;
  // The stream's findings after the policy (disabled rules and trusted
  // globals dropped, overrides and acceptances applied, verdicts set).
  std::vector<Finding> findings;
};

// Never throws on the bytes; data after the first stream is not examined,
// since a single load does not read it.
[[nodiscard]] LoadScan scan_load(std::string_view bytes, const policy::Policy& policy, const LoadScanOptions& options);

}  // namespace sentinel::engine
