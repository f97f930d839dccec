#!/bin/bash
# Run a command inside a chroot made by make_chroot.sh, with this repository
# bind-mounted at /work/main inside it (so scripts run in place).
#
#   scripts/chroot/run_in_chroot.sh SUITE CMD [ARG...]
#
# Environment: CHROOT_DIR overrides /srv/chroots/SUITE. The working directory
# inside is /work/main. Mounts are left in place (remove_chroot.sh undoes them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

[ $# -ge 2 ] || chroot_die "usage: $0 SUITE CMD [ARG...]"
suite=$1; shift
dir=${CHROOT_DIR:-/srv/chroots/$suite}
chroot_check_suite "$suite"
chroot_require_root
[ -x "$dir/usr/bin/python3" ] || chroot_die "no chroot at $dir (run make_chroot.sh $suite)"

chroot_mount "$dir"
chroot_mount_work "$dir" "$repo"
exec chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=0 \
    /bin/sh -c 'cd /work/main && exec "$@"' sh "$@"
