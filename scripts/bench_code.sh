#!/usr/bin/env bash
# `sentinel code` throughput in lines of Python per second on one core
# (target: >= 100k lines/s), on a large real tree: by default the Python
# standard library installed on the machine.
#
#   scripts/bench_code.sh [--tree DIR] [--build-dir DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tree=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
build_dir="$root/build-release"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tree) tree=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "bench_code.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ! -x "$build_dir/sentinel" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSENTINEL_TESTS=OFF -DSENTINEL_BENCH=OFF >/dev/null
  cmake --build "$build_dir" --target sentinel >/dev/null
fi
lines=$(find "$tree" -name '*.py' -type f -print0 | xargs -0 cat | wc -l)
best=
for _ in 1 2 3; do
  start=$(date +%s%N)
  "$build_dir/sentinel" code --jobs 1 --no-policy --format json --output /dev/null "$tree" || [[ $? -eq 1 ]]
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
done
awk -v l="$lines" -v ms="$best" -v t="$tree" 'BEGIN {
  rate = l / (ms / 1000.0)
  verdict = (rate >= 100000) ? "met" : "MISSED"
  printf "%s: %d lines in %d ms on one core: %.0f lines/s (target >= 100000: %s)\n", t, l, ms, rate, verdict
}'
