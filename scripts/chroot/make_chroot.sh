#!/bin/bash
# Build (or update) a Debian chroot with the Python ML stack of one suite.
#
#   scripts/chroot/make_chroot.sh SUITE [DIR]     SUITE = trixie | sid
#                                                 DIR   = /srv/chroots/SUITE
#
# Run as root. Idempotent: debootstrap is skipped when DIR/usr/bin/python3
# exists; the apt step is re-run every time (cheap once installed).
# Afterwards writes tests/fixtures/generations/SUITE/VERSIONS (python3-*
# package=version lines). See docs/generations.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

chroot_suite_dir_args "$@"

mirror=$(chroot_host_mirror)
echo "== suite=$suite dir=$dir mirror=$mirror"

if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y debootstrap
fi

if [ ! -x "$dir/usr/bin/python3" ]; then
    if [ -e "$dir/debootstrap" ] || [ -e "$dir/usr" ]; then
        echo "== removing incomplete chroot at $dir"
        "$here/remove_chroot.sh" "$suite" "$dir"
    fi
    mkdir -p "$dir"
    echo "== debootstrap $suite (minbase + python3)"
    debootstrap --variant=minbase --include=python3,ca-certificates \
        "$suite" "$dir" "$mirror"
else
    echo "== $dir/usr/bin/python3 exists, skipping debootstrap"
fi

chroot_mount "$dir"
# Keep daemons from starting inside the chroot during installs.
printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
chmod 755 "$dir/usr/sbin/policy-rc.d"
# The mirror is a dated snapshot: its Release files may be past Valid-Until.
echo 'Acquire::Check-Valid-Until "false";' > "$dir/etc/apt/apt.conf.d/99no-valid-until"
echo "deb $mirror $suite main" > "$dir/etc/apt/sources.list"

in_chroot() {
    chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

in_chroot apt-get -o Acquire::Check-Valid-Until=false update

APT_RUN=(in_chroot)
chroot_install_stack
in_chroot apt-get clean

chroot_write_versions "$repo/tests/fixtures/generations/$suite"
