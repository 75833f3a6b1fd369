#!/usr/bin/env bash
# A static busybox for fabkit's locally built fabric-tools image (its shell and core utilities),
# taken from Debian's busybox-static package without installing it: `apt-get download` plus
# `dpkg-deb -x` into a cache directory. Nothing is installed into the system.
#
#   scripts/busybox-static.sh        prints the path of the static busybox (the only line on stdout)
#
# The cache is $FABKIT_CACHE (default ~/.cache/fabkit)/busybox-static. A busybox already there is
# reused; FABKIT_BUSYBOX=/path/to/static/busybox skips the download altogether.
set -euo pipefail

cache="${FABKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fabkit}/busybox-static"
bin="${cache}/bin/busybox"

say() { echo "busybox-static: $*" >&2; }
die() { say "$*"; exit 1; }

is_static() {
  # `file` is not always installed; an ELF without a program interpreter is static
  [[ -x "$1" ]] || return 1
  if command -v file >/dev/null 2>&1; then
    file -L "$1" | grep -q 'statically linked'
  else
    ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'program interpreter'
  fi
}

if [[ -n "${FABKIT_BUSYBOX:-}" ]]; then
  is_static "${FABKIT_BUSYBOX}" || die "FABKIT_BUSYBOX=${FABKIT_BUSYBOX} is not an executable, statically linked busybox"
  echo "${FABKIT_BUSYBOX}"
  exit 0
fi
if is_static "${bin}"; then
  echo "${bin}"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 \
  || die "apt-get and dpkg-deb are needed to fetch Debian's busybox-static; or set FABKIT_BUSYBOX to a static busybox"
work="$(mktemp -d "${TMPDIR:-/tmp}/fabkit-busybox-XXXXXX")"
trap 'rm -rf "${work}"' EXIT
# apt downloads as its _apt user, which cannot write into root's private temp dir: say so up front
download=(apt-get -q download)
[[ "$(id -u)" == 0 ]] && download=(apt-get -q -o APT::Sandbox::User=root download)
say "downloading Debian's busybox-static package (no install)"
if ! (cd "${work}" && "${download[@]}" busybox-static >&2); then
  if [[ "$(id -u)" == 0 ]]; then
    say "apt-get download failed; running apt-get update once and trying again"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q update >&2 || die "apt-get update failed"
    (cd "${work}" && "${download[@]}" busybox-static >&2) || die "apt-get download busybox-static failed (see above)"
  else
    die "apt-get download busybox-static failed (see above); as root, apt-get update may help; or set FABKIT_BUSYBOX"
  fi
fi
deb="$(ls "${work}"/busybox-static_*.deb)"
dpkg-deb -x "${deb}" "${work}/root"
[[ -x "${work}/root/bin/busybox" ]] || die "the busybox-static package has no bin/busybox"
is_static "${work}/root/bin/busybox" || die "the busybox in the busybox-static package is not statically linked"
mkdir -p "${cache}/bin"
install -m 0755 "${work}/root/bin/busybox" "${bin}.tmp"
mv -f "${bin}.tmp" "${bin}"
say "$(dpkg-deb -f "${deb}" Package Version | tr '\n' ' ')-> ${bin}"
echo "${bin}"
