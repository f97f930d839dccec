#!/usr/bin/env bash
# Regenerates the fuzzers' seed corpora under fuzz/corpus/ from the test data:
#   pickle_machine/  real-library fixtures (tests/fixtures/real, < 16 KB) and
#                    every tests/evasion/*.pasm assembled with `sentinel asm`
#   pasm_assembler/  the tests/evasion/*.pasm sources
#   text_forms/      protocol-0 argument lines written below
#
#   scripts/make_fuzz_corpus.sh [--sentinel PATH] [--fuzz-build DIR] [--no-merge]
#
# When the libFuzzer binaries exist (default build-fuzz/fuzz/), each candidate
# set is reduced with `-merge=1` to the inputs that add coverage, keeping the
# original file names; --no-merge (or no fuzz build) keeps every candidate.
# Only generated files (prefixes real_, evasion_, seed_) are replaced: the
# hand-placed models and crash reproducers (regress_*) in the corpus stay.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sentinel="$root/build/sentinel"
fuzz_build="$root/build-fuzz"
merge=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sentinel) sentinel=$2; shift 2 ;;
    --fuzz-build) fuzz_build=$2; shift 2 ;;
    --no-merge) merge=0; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "make_fuzz_corpus.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ ! -x "$sentinel" ]]; then
  echo "make_fuzz_corpus.sh: $sentinel not found; build first (cmake -S . -B build -G Ninja && ninja -C build)" >&2
  exit 2
fi

max_seed=16384
corpus="$root/fuzz/corpus"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# --- candidates -----------------------------------------------------------
mkdir -p "$scratch/pickle_machine" "$scratch/pasm_assembler" "$scratch/text_forms"

for f in "$root"/tests/fixtures/real/*.pkl; do
  [[ -f "$f" ]] || continue
  (( $(stat -c %s "$f") < max_seed )) || continue
  cp "$f" "$scratch/pickle_machine/real_$(basename "$f")"
done
for f in "$root"/tests/evasion/*.pasm "$root"/tests/invocations/*.pasm "$root"/tests/readings/*.pasm; do
  [[ -f "$f" ]] || continue
  name=$(basename "$f" .pasm)
  out="$scratch/pickle_machine/evasion_$name.pkl"
  if ! "$sentinel" asm "$f" -o "$out" 2>"$scratch/asm.err"; then
    echo "warning: $(cat "$scratch/asm.err")" >&2
    rm -f "$out"
    continue
  fi
  (( $(stat -c %s "$out") < max_seed )) || rm -f "$out"
  (( $(stat -c %s "$f") < max_seed )) && cp "$f" "$scratch/pasm_assembler/evasion_$name.pasm"
done

# text_forms: one argument per file, without the newline (what the machine
# hands the parsers). Covers INT/LONG/FLOAT/STRING/UNICODE/PUT lines and
# LONG1 payload bytes.
i=0
seed() {  # printf FORMAT ARG: '%s' writes text as is, '%b' expands \xHH
  printf "$1" "$2" >"$scratch/text_forms/seed_$(printf '%02d' "$i")"
  i=$((i + 1))
}
seed %s '00'                    # INT: False
seed %s '01'                    # INT: True
seed %s '42'
seed %s '-0x1f'
seed %s '0o17'
seed %s '0b1_0_1'
seed %s ' 12 '
seed %s '010'                   # strtol accepts it, int(x, 0) does not
seed %s '9223372036854775808'   # just past int64
seed %s '-170141183460469231731687303715884105728L'
seed %s '1_000_000'
seed %s '0x_ff'
seed %s '1e308'
seed %s '-2.5e-3'
seed %s 'inf'
seed %s 'NaN'
seed %s '1e999'
seed %s "'os'"
seed %s '"sys\x74em"'
seed %s "'\101\n\t\q'"
seed %s "'trailing\\'"
seed %s 'caf\u00e9'
seed %s '\U0001F600 \\\u0041'
seed %s '\ud800'
seed %b '\xc3\xa9\xed\xa0\x80'  # UTF-8 with a surrogate (surrogatepass)
seed %b '\xff\x7f'              # LONG1 payload bytes
seed %b '\x00\x80'

# --- reduce and install ---------------------------------------------------
install_set() {
  local name=$1 src=$2 dst="$corpus/$1"
  mkdir -p "$dst"
  find "$dst" -maxdepth 1 -type f \( -name 'real_*' -o -name 'evasion_*' -o -name 'seed_*' \) -delete
  local fuzzer="$fuzz_build/fuzz/${name}_fuzzer"
  if [[ $merge -eq 1 && -x "$fuzzer" ]]; then
    # Merge into an empty directory: libFuzzer copies the inputs that add
    # coverage, named by SHA-1; map them back to the candidates' names. The
    # corpus already present (the kept models) counts as covered.
    local merged="$scratch/merged_$name" kept="$scratch/kept_$name"
    mkdir -p "$merged" "$kept"
    # Reproducers (regress_*) stay out of the merge: they may crash or hang.
    find "$dst" -maxdepth 1 -type f ! -name 'regress_*' -exec cp {} "$kept/" \;
    "$fuzzer" -merge=1 -timeout=10 -rss_limit_mb=4096 "$merged" "$kept" "$src" >"$scratch/merge_$name.log" 2>&1 ||
      { cat "$scratch/merge_$name.log" >&2; exit 1; }
    declare -A by_hash=()
    for f in "$src"/*; do by_hash[$(sha1sum <"$f" | cut -c1-40)]=$f; done
    for f in "$merged"/*; do
      [[ -e "$f" ]] || continue
      local h
      h=$(basename "$f")
      [[ -n "${by_hash[$h]:-}" ]] && cp "${by_hash[$h]}" "$dst/"
    done
    unset by_hash
  else
    cp "$src"/* "$dst/"
  fi
  echo "$name: $(find "$dst" -type f | wc -l) files, $(du -sk --apparent-size "$dst" | cut -f1) KiB"
}

install_set pickle_machine "$scratch/pickle_machine"
install_set pasm_assembler "$scratch/pasm_assembler"
install_set text_forms "$scratch/text_forms"
