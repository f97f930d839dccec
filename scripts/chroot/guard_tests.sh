#!/bin/bash
# Build the Python extension (sentinel._core) inside a suite's chroot and run
# the runtime guard's test suites there, against that suite's torch, numpy,
# joblib and pandas (issue 16: torch >= 2.6 defaults to weights_only=True).
#
#   scripts/chroot/guard_tests.sh SUITE [MODULE...]     SUITE = trixie | sid
#
# MODULE defaults to test_guard test_guard_malicious test_guard_code_loaders
# test_guard_modern_torch (tests/python). Run as root, after make_chroot.sh
# SUITE. Steps:
#   (a) installs the build dependencies in the chroot (apt, once);
#   (b) configures REPO/build-SUITE-guard (-DSENTINEL_TESTS=OFF
#       -DSENTINEL_BENCH=OFF) with the chroot's compiler and Python and builds
#       only the `_core` target (niced);
#   (c) runs each module with PYTHONPATH=build-SUITE-guard/python and the
#       chroot's /usr/bin/python3, one interpreter per module.
# Writes tests/fixtures/generations/SUITE/guard_tests.txt (command, versions,
# one line per test: OK / FAIL / ERROR / SKIP) and keeps the full logs and
# tracebacks in build-SUITE-guard/guard-logs/. Exit status 0 when every test
# passed. Environment: CHROOT_DIR (default /srv/chroots/SUITE), JOBS (2),
# GUARD_TESTS_OUT (another result file).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

[ $# -ge 1 ] || chroot_die "usage: $0 SUITE [MODULE...]"
suite=$1; shift
chroot_check_suite "$suite"
chroot_require_root
dir=${CHROOT_DIR:-/srv/chroots/$suite}
[ -x "$dir/usr/bin/python3" ] || chroot_die "no chroot at $dir (run make_chroot.sh $suite)"
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(test_guard test_guard_malicious test_guard_code_loaders test_guard_modern_torch)
build=build-$suite-guard
out=${GUARD_TESTS_OUT:-$repo/tests/fixtures/generations/$suite/guard_tests.txt}
logs=$repo/$build/guard-logs

in_chroot() { CHROOT_DIR=$dir "$here/run_in_chroot.sh" "$suite" "$@"; }

# (a) Build dependencies: scripts/install-deps.sh's list without pip/venv.
deps=(cmake ninja-build g++ pkg-config libfmt-dev nlohmann-json3-dev libcli11-dev zlib1g-dev libbz2-dev liblzma-dev
      libzstd-dev liblz4-dev libarchive-dev libyaml-cpp-dev libssl-dev libtree-sitter-dev pybind11-dev python3-dev)

# The tree-sitter Python grammar is fetched with npm at configure time
# (cmake/tree_sitter_python.cmake) and cached in the build tree, where CMake
# checks its SHA-256. Rather than install Node.js in the chroot, the tarball
# is copied from another build tree of this repository or of its main
# worktree, or packed with the host's npm; only without either is npm
# installed in the chroot.
ts_version=$(sed -n 's/^set(TS_PYTHON_VERSION \([^)]*\))/\1/p' "$repo/cmake/tree_sitter_python.cmake")
ts_dir=$repo/$build/_deps/tree-sitter-python-$ts_version
ts_tgz=$ts_dir/tree-sitter-python-$ts_version.tgz
if [ ! -f "$ts_dir/package/src/parser.c" ] && [ ! -f "$ts_tgz" ]; then
    main_tree=$(cd "$repo" && cd "$(git rev-parse --git-common-dir 2>/dev/null || echo .git)/.." && pwd)
    found=$(ls -1 "$repo"/build*/_deps/tree-sitter-python-"$ts_version"/tree-sitter-python-"$ts_version".tgz \
                  "$main_tree"/build*/_deps/tree-sitter-python-"$ts_version"/tree-sitter-python-"$ts_version".tgz \
                  2>/dev/null | head -n1 || true)
    mkdir -p "$ts_dir"
    if [ -n "$found" ]; then
        echo "== tree-sitter-python $ts_version from $found"
        cp "$found" "$ts_tgz"
    elif command -v npm >/dev/null 2>&1; then
        echo "== tree-sitter-python $ts_version packed with the host's npm"
        (cd "$ts_dir" && npm pack --silent "tree-sitter-python@$ts_version" --pack-destination "$ts_dir" >/dev/null)
    else
        deps+=(npm)
    fi
fi

missing=()
for p in "${deps[@]}"; do
    in_chroot dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing in $suite: ${missing[*]}"
    mkdir -p "$repo/$build"
    {
        in_chroot apt-get -o Acquire::Check-Valid-Until=false update -qq
        in_chroot env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false install -y -qq \
            --no-install-recommends "${missing[@]}"
        in_chroot apt-get clean
    } > "$repo/$build/apt.log" 2>&1 || { tail -n 20 "$repo/$build/apt.log"; chroot_die "apt failed in $suite"; }
fi

# (b) Configure and build only the extension module. GCC 14's libstdc++
# headers no longer pull in <cstdint> transitively, and some of the sources
# use std::uint8_t without including it (src/code/sink_catalogue.hpp, found
# here in trixie): force-included for this build only; GUARD_CXX_FLAGS
# overrides.
echo "== configuring /work/main/$build"
in_chroot nice -n 10 cmake -S /work/main -B "/work/main/$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSENTINEL_TESTS=OFF -DSENTINEL_BENCH=OFF -DSENTINEL_PYTHON=ON -DPython3_EXECUTABLE=/usr/bin/python3 \
    "-DCMAKE_CXX_FLAGS=${GUARD_CXX_FLAGS--include cstdint}" >/dev/null
echo "== building _core (-j${JOBS:-2}, niced)"
in_chroot nice -n 10 cmake --build "/work/main/$build" --target _core -j "${JOBS:-2}"

# (c) The guard's suites, one interpreter each.
rm -rf "$logs"; mkdir -p "$logs"
results=$logs/results.tsv
: > "$results"; : > "$results.tracebacks"
versions=$(in_chroot /usr/bin/python3 -c '
import platform, numpy, torch, joblib, pandas
print(f"python {platform.python_version()} torch {torch.__version__} numpy {numpy.__version__} "
      f"joblib {joblib.__version__} pandas {pandas.__version__}")')
status=0
for m in "${modules[@]}"; do
    echo "== $suite: $m"
    start=$(date +%s)
    # Without run_in_chroot.sh's SOURCE_DATE_EPOCH=0: Python 3.14's zipfile
    # dates new members by it, and 1970 is before the zip format's 1980.
    if in_chroot /bin/sh -c 'cd tests/python && exec env -u SOURCE_DATE_EPOCH PYTHONPATH="/work/main/$0/python" \
            SENTINEL_OUTCOMES_FILE="/work/main/$0/guard-logs/outcomes.tsv" /usr/bin/python3 /work/main/scripts/chroot/guard_tests_run.py "$1" "$2"' \
            "$build" "$m" "/work/main/$build/guard-logs/results.tsv" > "$logs/$m.log" 2>&1; then
        echo "   OK ($(( $(date +%s) - start )) s)"
    else
        status=1
        echo "   FAIL ($(( $(date +%s) - start )) s, log $logs/$m.log)"
    fi
done

mkdir -p "$(dirname "$out")"
{
    echo "# scripts/chroot/guard_tests.sh $suite (${modules[*]})"
    echo "# in chroot: cd tests/python && PYTHONPATH=$build/python /usr/bin/python3 -m unittest -v MODULE"
    echo "# date: $(date -u +%Y-%m-%dT%H:%MZ) commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# versions: $versions"
    echo "# summary: $(cut -f1 "$results" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')"
    echo "# OUTCOME<TAB>test<TAB>detail (failing subtests and skip reasons)"
    cat "$results"
    if [ -s "$logs/outcomes.tsv" ]; then
        echo
        echo "# test_guard_modern_torch, per load: artifact | load<TAB>guarded<TAB>unguarded<TAB>guarded detail"
        echo "# (torch: torch refused; guard: UnsafeFileError; +ran: the payload ran)"
        grep -v '^#' "$logs/outcomes.tsv" | cut -c1-220
    fi
    if [ -s "$results.tracebacks" ]; then
        echo
        echo "# tracebacks (long ones shortened; at most 300 lines)"
        head -n 300 "$results.tracebacks" | sed 's/^/  /'
    fi
} > "$out"
echo "== wrote $out"
grep -v '^#' "$out" | grep -E '^(FAIL|ERROR)' | cut -f1,2 || true
exit $status
