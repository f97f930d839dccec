#!/bin/bash
# Unmount and delete a chroot made by make_chroot.sh.
#
#   scripts/chroot/remove_chroot.sh SUITE [DIR]   (DIR = /srv/chroots/SUITE)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

chroot_suite_dir_args "$@"
[ -d "$dir" ] || { echo "nothing at $dir"; exit 0; }

chroot_umount_all "$dir"
# Refuse to delete while anything is still mounted below DIR.
if awk -v d="$(readlink -f "$dir")/" '(($2 "/") ~ "^" d) {found=1} END {exit !found}' /proc/mounts; then
    chroot_die "still mounted below $dir; not deleting"
fi
rm -rf --one-file-system "$dir"
echo "removed $dir"
