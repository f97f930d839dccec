#!/usr/bin/env bash
# Scan throughput on one large, benign, opcode-dense pickle, against the
# technique linear scanners such as picklescan use (pickletools.genops over a
# file object). See docs/benchmark.md.
#
#   scripts/bench.sh [--size-mb 300] [--repeat 3] [--file PATH] [--build-dir DIR]
#                    [--cpu N] [--no-genops]
#
# Builds sentinel_bench in Release (default build dir: build-release) if
# needed, writes build/bench/bench_<size>mb.pkl with scripts/gen_bench_pickle.py
# if absent, runs sentinel_bench pinned to one core, then genops on the same
# file with /usr/bin/python3, and prints both rates and the speed-up.
# Targets: >= 300 MB/s single core, >= 100x genops. MB = 10^6 bytes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
size_mb=300
repeat=3
file=
build_dir="$root/build-release"
cpu=0
genops=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) size_mb=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --file) file=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --no-genops) genops=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
file=${file:-$root/build/bench/bench_${size_mb}mb.pkl}
python=/usr/bin/python3

# --- build (Release, no sanitizers) ----------------------------------------
cache="$build_dir/CMakeCache.txt"
if [[ ! -f "$cache" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSENTINEL_BENCH=ON \
        -DSENTINEL_TESTS=OFF -DSENTINEL_FUZZ=OFF -DSENTINEL_SANITIZE=OFF >/dev/null
fi
if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$cache" || grep -q '^SENTINEL_SANITIZE:BOOL=ON$' "$cache"; then
  echo "bench.sh: $build_dir is not a Release build without sanitizers; pass --build-dir" >&2
  exit 2
fi
ninja -C "$build_dir" sentinel_bench >/dev/null
bench="$build_dir/sentinel_bench"

# --- input -------------------------------------------------------------------
if [[ ! -f "$file" ]]; then
  mkdir -p "$(dirname "$file")"
  "$python" "$root/scripts/gen_bench_pickle.py" "$file" --size-mb "$size_mb"
fi

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi

echo "== sentinel_bench (1 core, best of $repeat)"
out=$("${pin[@]}" "$bench" "$file" --repeat "$repeat")
echo "$out"
get() { awk -v k="$1" '$1 == k { print $2 }' <<<"$out"; }
scan_mb_s=$(get scan_mb_s)
trace_mb_s=$(get trace_mb_s)

echo
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
printf 'sentinel scan    %8.1f MB/s  (trace only %.1f MB/s, %s Mops/s)\n' "$scan_mb_s" "$trace_mb_s" "$(get scan_mops_s)"
if (( $(awk -v v="$scan_mb_s" 'BEGIN { print (v >= 300) }') )); then
  echo "target >= 300 MB/s: met"
else
  echo "target >= 300 MB/s: MISSED"
fi
[[ $genops -eq 1 ]] || exit 0

# --- pickletools.genops on the same file -------------------------------------
echo
echo "== pickletools.genops over a file object ($python, 1 core)"
gen=$("${pin[@]}" "$python" - "$file" <<'EOF'
import os, pickletools, sys, time
path = sys.argv[1]
n = 0
t0 = time.perf_counter()
with open(path, "rb") as f:
    for op, arg, pos in pickletools.genops(f):
        n += 1
dt = time.perf_counter() - t0
size = os.path.getsize(path)
print(f"genops_s {dt:.3f}")
print(f"genops_opcodes {n}")
print(f"genops_mb_s {size / 1e6 / dt:.3f}")
EOF
)
echo "$gen"
genops_mb_s=$(awk '$1 == "genops_mb_s" { print $2 }' <<<"$gen")
genops_ops=$(awk '$1 == "genops_opcodes" { print $2 }' <<<"$gen")
if [[ "$genops_ops" != "$(get opcodes)" ]]; then
  echo "note: opcode counts differ (sentinel $(get opcodes), genops $genops_ops)"
fi
ratio=$(awk -v a="$scan_mb_s" -v b="$genops_mb_s" 'BEGIN { printf "%.1f", a / b }')
echo
printf 'sentinel scan    %8.1f MB/s\n' "$scan_mb_s"
printf 'genops           %8.2f MB/s\n' "$genops_mb_s"
echo "speed-up         ${ratio}x"
if (( $(awk -v v="$ratio" 'BEGIN { print (v >= 100) }') )); then
  echo "target >= 100x genops: met"
else
  echo "target >= 100x genops: MISSED"
fi
