#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds with warnings as errors,
# runs every test, then builds again with AddressSanitizer + UndefinedBehavior-
# Sanitizer and runs every test once more.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSENTINEL_WERROR=ON -DSENTINEL_TESTS=ON \
  -DSENTINEL_BENCH=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure --no-tests=error -j "$jobs"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSENTINEL_WERROR=ON -DSENTINEL_SANITIZE=ON \
  -DSENTINEL_TESTS=ON -DSENTINEL_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --no-tests=error -j "$jobs"
