#!/usr/bin/env bash
# debootstrap's first stage (bookworm, arm64, minbase) as a tarball under CACHE, made
# once and reused: downloads and unpacking happen on the host, as root (or under
# fakeroot), without running any arm64 code. Prints the tarball's path.
# Usage: tests/rootfs/debootstrap-stage1.sh CACHE
set -euo pipefail
cache=$1
tarball=$cache/debootstrap/bookworm-arm64-minbase-stage1.tar
if [ ! -s "$tarball" ]; then
    mkdir -p "$cache/debootstrap/debs"
    tree=$(mktemp -d "$cache/debootstrap/stage1.XXXXXX")
    # One fakeroot session for both, so tar sees the owners debootstrap set.
    run=(); [ "$(id -u)" = 0 ] || run=(fakeroot)
    "${run[@]}" sh -c 'debootstrap --foreign --arch=arm64 --variant=minbase --cache-dir="$1/debs" \
        bookworm "$2" http://deb.debian.org/debian >&2 && tar -C "$2" --numeric-owner -cf "$3" .' \
        sh "$cache/debootstrap" "$tree" "$tarball.tmp"
    mv "$tarball.tmp" "$tarball"
    rm -rf "$tree"
fi
echo "$tarball"
