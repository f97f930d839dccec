// Evaluates the few pure decoders an attacker wraps a nested pickle in
// (_codecs.encode, zlib.decompress, base64 decoders, bytes()), so that the
// payload handed to a loads-style callable can be scanned too.
#pragma once

#include <optional>
#include <string>

#include "pickle/value.hpp"

namespace sentinel::rules {

// The bytes `r` holds at load time, when it is built only from constants and
// known decoders; nullopt otherwise or past `max_size` bytes.
[[nodiscard]] std::optional<std::string> constant_bytes(const pickle::ValueStore& values, pickle::Ref r,
                                                        std::size_t max_size);

}  // namespace sentinel::rules
