#!/bin/bash
# Install the bookworm generation's Python ML stack on a Debian 12 host (the
# "bookworm" generation runs on the host's own /usr/bin/python3, no chroot),
# and write tests/fixtures/generations/bookworm/VERSIONS.
#
#   scripts/chroot/host_setup.sh
#
# Same package lists as make_chroot.sh (common.sh). Run as root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
chroot_require_root
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ "$codename" = bookworm ] || echo "warning: host is '$codename', not bookworm" >&2

export DEBIAN_FRONTEND=noninteractive
APT_RUN=()
apt-get update
chroot_install_stack
chroot_write_versions "$repo/tests/fixtures/generations/${codename:-bookworm}"
