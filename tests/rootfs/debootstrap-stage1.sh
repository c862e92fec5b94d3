#!/usr/bin/env bash
# debootstrap's first stage (SUITE, default bookworm; ARCH, default arm64; minbase) as a
# tarball under CACHE, made once and reused: downloads and unpacking happen on the host,
# as root (or under fakeroot), without running any guest code. Prints the tarball's path.
# The release's signature is checked with the host's debian-archive-keyring; if that
# does not have the release's key yet (an older host), the keyring package of the
# release itself is fetched by name (tests/fetch-deb.sh) and used instead.
# Usage: tests/rootfs/debootstrap-stage1.sh CACHE [SUITE [ARCH]]
set -euo pipefail
cache=$1
suite=${2:-bookworm}
arch=${3:-arm64}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
tarball=$cache/debootstrap/$suite-$arch-minbase-stage1.tar
if [ ! -s "$tarball" ]; then
    mkdir -p "$cache/debootstrap/debs"
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    inrelease=$(mktemp)
    curl -fsSL --retry 3 -o "$inrelease" "$mirror/dists/$suite/InRelease"
    if ! gpgv --keyring "$keyring" "$inrelease" >/dev/null 2>&1; then
        keys=$cache/debootstrap/keyring-$suite
        FETCH_DEB_ROOT=$keys DEBIAN_SUITE=$suite bash "$(dirname "$0")/../fetch-deb.sh" debian-archive-keyring all "$cache" >&2
        keyring=$keys/usr/share/keyrings/debian-archive-keyring.gpg
        gpgv --keyring "$keyring" "$inrelease" >/dev/null 2>&1 || { echo "no key verifies $suite's InRelease" >&2; exit 1; }
    fi
    rm -f "$inrelease"
    tree=$(mktemp -d "$cache/debootstrap/stage1.XXXXXX")
    # One fakeroot session for both, so tar sees the owners debootstrap set.
    run=(); [ "$(id -u)" = 0 ] || run=(fakeroot)
    "${run[@]}" sh -c 'debootstrap --foreign --arch="$7" --variant=minbase --keyring="$5" --cache-dir="$1/debs" \
        "$4" "$2" "$6" >&2 && tar -C "$2" --numeric-owner -cf "$3" .' \
        sh "$cache/debootstrap" "$tree" "$tarball.tmp" "$suite" "$keyring" "$mirror" "$arch"
    mv "$tarball.tmp" "$tarball"
    rm -rf "$tree"
fi
echo "$tarball"
