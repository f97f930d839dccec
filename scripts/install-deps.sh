#!/usr/bin/env bash
# Installs what Sentinel needs on Debian 12, idempotently (run as root).
#   scripts/install-deps.sh          build and run the scanner, build and install
#                                    its Python package (pip install --no-build-isolation .)
#   scripts/install-deps.sh --test   also what the test suite and fuzzers need
#                                    (Debian's Python ML libraries, clang)
#   scripts/install-deps.sh --runtime  only what a sentinel binary built on this
#                                    system needs to run (action.yml's cached build)
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libfmt-dev nlohmann-json3-dev libcli11-dev zlib1g-dev libbz2-dev liblzma-dev
          libzstd-dev liblz4-dev libarchive-dev libyaml-cpp-dev libssl-dev libtree-sitter-dev python3
          pybind11-dev python3-dev python3-pip python3-setuptools python3-venv)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
             python3-numpy python3-sklearn python3-torch python3-pandas python3-joblib python3-xgboost python3-dill
             python3-scipy python3-cloudpickle python3-gensim python3-networkx python3-statsmodels python3-skorch
             python3-geopandas python3-shapely python3-dateutil python3-tz
             python3-lz4 libarchive-tools zstd lz4 xz-utils bzip2 python3-jsonschema python3-yaml)
fi
# The tree-sitter Python grammar comes from npm at configure time; a machine
# whose Node.js came from elsewhere already has npm.
command -v npm >/dev/null || packages+=(npm)
# The shared libraries the binary links, by their -dev packages: the library
# packages' own names change with each soname and release, these do not.
if [[ "${1:-}" == "--runtime" ]]; then
  packages=(libfmt-dev zlib1g-dev libbz2-dev liblzma-dev libzstd-dev liblz4-dev libarchive-dev libyaml-cpp-dev
            libssl-dev libtree-sitter-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
