# Shared helpers for scripts/chroot/*.sh (sourced, not executed).
# shellcheck shell=bash

chroot_die() { echo "chroot: $*" >&2; exit 1; }

chroot_check_suite() {
    case "$1" in
        trixie|sid) ;;
        *) chroot_die "unsupported suite '$1' (expected trixie or sid)";;
    esac
}

# The Debian mirror the host uses (first URIs:/deb line under sources.list.d
# or sources.list that points at a .../debian archive, not -security).
chroot_host_mirror() {
    local m
    m=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
            /etc/apt/sources.list 2>/dev/null |
        sed -n -e 's/^URIs:[[:space:]]*//p' \
               -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' |
        tr ' ' '\n' | grep -E '/debian/?$' | head -n1)
    echo "${m:-http://deb.debian.org/debian}"
}

# The Python ML stack of one generation. Required packages must exist in the
# suite; optional ones are skipped (one by one) when the suite lacks them.
CHROOT_REQUIRED=(python3 python3-numpy python3-torch python3-sklearn python3-pandas
                 python3-scipy python3-joblib python3-xgboost python3-dill
                 python3-cloudpickle tzdata)
CHROOT_OPTIONAL=(python3-transformers python3-accelerate python3-tokenizers
                 python3-safetensors python3-pyarrow python3-gensim python3-networkx
                 python3-statsmodels python3-skorch python3-geopandas python3-shapely
                 python3-dateutil python3-tz)

# Print the packages among "$@" that have an install candidate. The command
# prefix to run apt-cache with is in the array APT_RUN (empty = host).
chroot_available() {
    local p cand
    for p in "$@"; do
        cand=$("${APT_RUN[@]}" apt-cache policy "$p" 2>/dev/null |
               sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')
        if [ -n "$cand" ] && [ "$cand" != "(none)" ]; then
            echo "$p"
        else
            echo "   skip: $p has no candidate" >&2
        fi
    done
}

# Install the required packages, then the optional ones one by one (a broken
# optional dependency skips just that package). Uses APT_RUN as above.
chroot_install_stack() {
    local apt_opts=(-o Acquire::Check-Valid-Until=false) p
    local req_ok opt_ok
    mapfile -t req_ok < <(chroot_available "${CHROOT_REQUIRED[@]}")
    mapfile -t opt_ok < <(chroot_available "${CHROOT_OPTIONAL[@]}")
    echo "== installing required: ${req_ok[*]}"
    "${APT_RUN[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${req_ok[@]}"
    for p in "${opt_ok[@]}"; do
        echo "== installing optional: $p"
        if ! "${APT_RUN[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "$p"; then
            echo "   warning: $p failed to install, skipped" >&2
        fi
    done
}

# Write OUT/VERSIONS: installed python3* packages as package=version lines.
chroot_write_versions() {
    local out=$1
    mkdir -p "$out"
    "${APT_RUN[@]}" dpkg-query -W -f='${db:Status-Abbrev}\t${Package}=${Version}\n' 'python3*' |
        awk -F'\t' '$1 ~ /^ii/ {print $2}' | LC_ALL=C sort > "$out/VERSIONS"
    echo "== wrote $out/VERSIONS ($(wc -l < "$out/VERSIONS") packages)"
    grep -E '^python3-(numpy|torch|sklearn|pandas|joblib|scipy|xgboost|dill|transformers)=' \
        "$out/VERSIONS" || true
}

chroot_require_root() { [ "$(id -u)" = 0 ] || chroot_die "must run as root"; }

# Arguments SUITE [DIR] of make_chroot.sh / remove_chroot.sh: set the globals
# suite and dir (DIR defaults to /srv/chroots/SUITE), check both and root.
chroot_suite_dir_args() {
    [ $# -ge 1 ] || chroot_die "usage: $0 SUITE [DIR]"
    suite=$1
    dir=${2:-/srv/chroots/$suite}
    chroot_check_suite "$suite"
    chroot_require_root
}

chroot_is_mounted() { mountpoint -q "$1"; }

chroot_mount() {
    local dir=$1
    mkdir -p "$dir/proc" "$dir/dev" "$dir/work/main"
    chroot_is_mounted "$dir/proc" || mount -t proc proc "$dir/proc"
    chroot_is_mounted "$dir/dev"  || mount --bind /dev "$dir/dev"
    # apt wants a pty for its logs; /dev above is a non-recursive bind.
    if [ -d /dev/pts ] && ! chroot_is_mounted "$dir/dev/pts"; then
        mount --bind /dev/pts "$dir/dev/pts" 2>/dev/null || true
    fi
    # DNS for apt inside the chroot.
    [ -f /etc/resolv.conf ] && cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
}

# Bind-mounts SRC (the repository or worktree the calling script lives in) at
# DIR/work/main; a mount of another checkout left there is replaced.
chroot_mount_work() {
    local dir=$1 src=$2
    mkdir -p "$dir/work/main"
    if chroot_is_mounted "$dir/work/main"; then
        [ "$(stat -c %d:%i "$dir/work/main")" = "$(stat -c %d:%i "$src")" ] && return 0
        echo "chroot: $dir/work/main holds another checkout; mounting $src instead" >&2
        umount "$dir/work/main" || umount -l "$dir/work/main"
    fi
    mount --bind "$src" "$dir/work/main"
}

chroot_umount_all() {
    local dir=$1 m
    for m in "$dir/work/main" "$dir/dev/pts" "$dir/dev" "$dir/proc"; do
        if chroot_is_mounted "$m"; then
            umount "$m" || umount -l "$m"
        fi
    done
}
