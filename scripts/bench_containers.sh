#!/usr/bin/env bash
# Container scanning cost (docs/benchmark.md, "Containers"):
#  1. a multi-GB torch checkpoint: the scan must take milliseconds and not grow
#     with tensor bytes (only the central directory and data.pkl are read);
#  2. a folder of thousands of small artifacts: files are scanned in parallel,
#     so --jobs N should approach N times --jobs 1.
#
#   scripts/bench_containers.sh [--gb 4] [--files 4000] [--build-dir DIR]
#
# Uses an existing Release build of `sentinel` (default build-release/, built
# if absent). Writes its inputs under build/bench/ (sparse where possible).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gb=4
files=4000
build_dir="$root/build-release"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gb) gb=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench_containers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
python=/usr/bin/python3
if [[ ! -x "$build_dir/sentinel" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSENTINEL_TESTS=OFF -DSENTINEL_BENCH=OFF >/dev/null
  cmake --build "$build_dir" --target sentinel >/dev/null
fi
sentinel="$build_dir/sentinel"
work="$root/build/bench"
mkdir -p "$work"

# Best wall time of 3 runs, in milliseconds.
best_ms() {
  local best=
  for _ in 1 2 3; do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null || [[ $? -eq 1 ]]
    end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
  done
  echo "$best"
}

echo "== 1. large checkpoints (torch zip layout, one stored storage record)"
for size in 1 "$gb"; do
  ckpt="$work/checkpoint_${size}gb.pt"
  [[ -f "$ckpt" ]] || "$python" "$root/scripts/make_big_checkpoint.py" --gib "$size" "$ckpt"
  ms=$(best_ms "$sentinel" artifact --jobs 1 "$ckpt")
  printf '%6s GiB checkpoint: %6s ms  (file %s bytes)\n' "$size" "$ms" "$(stat -c %s "$ckpt")"
done

echo "== 2. $files small artifacts"
folder="$work/small_$files"
if [[ ! -d "$folder" ]]; then
  mkdir -p "$folder"
  "$python" - "$folder" "$files" "$root/tests/fixtures/containers" <<'PY'
import os, shutil, sys
folder, count, fixtures = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sources = [os.path.join(fixtures, n) for n in sorted(os.listdir(fixtures))
           if n.endswith((".pt", ".joblib", ".npz", ".npy")) and "payload" not in n and "tamper" not in n]
for i in range(count):
    src = sources[i % len(sources)]
    shutil.copyfile(src, os.path.join(folder, f"{i:05d}_{os.path.basename(src)}"))
PY
fi
one=$(best_ms "$sentinel" artifact --jobs 1 "$folder")
all=$(best_ms "$sentinel" artifact "$folder")
cores=$(nproc)
printf '  --jobs 1: %6s ms   --jobs %s (all cores): %6s ms   speed-up %s\n' "$one" "$cores" "$all" \
  "$(awk -v a="$one" -v b="$all" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')"
