#!/usr/bin/env bash
# The .deb as a user gets it: built by packaging/build-deb.sh, installed with dpkg into a
# fresh Debian bookworm root (debootstrap --variant=minbase, amd64, cached as a tarball
# under $CROSSRUN_CACHE/debootstrap), checked for its files, then its systemd binfmt.d
# entry is registered from inside that root the way systemd-binfmt does (each line
# written to binfmt_misc's register file), and an aarch64 program placed in the root
# runs directly through binfmt_misc with the installed /usr/bin/crossrun. Needs root;
# removes its entry, mounts and root afterwards.
#
# Usage: tests/packaging/deb-test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
    echo "SKIPPED: needs root (chroot, mount, binfmt_misc registration)"
    exit 0
fi
cache=${CROSSRUN_CACHE:-$PWD/target/deps-cache}
deb=$(bash packaging/build-deb.sh)

tarball=$cache/debootstrap/bookworm-amd64-minbase.tar
if [ ! -s "$tarball" ]; then
    mkdir -p "$cache/debootstrap/debs"
    tree=$(mktemp -d "$cache/debootstrap/amd64.XXXXXX")
    debootstrap --variant=minbase --cache-dir="$cache/debootstrap/debs" bookworm "$tree" http://deb.debian.org/debian >&2
    tar -C "$tree" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$tree"
fi

root=$(mktemp -d /tmp/crossrun-deb-test.XXXXXX)
entry=/proc/sys/fs/binfmt_misc/crossrun-aarch64
cleanup() {
    [ -e "$entry" ] && echo -1 > "$entry" || true
    umount "$root/proc/sys/fs/binfmt_misc" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$root"
}
trap cleanup EXIT
if [ -e "$entry" ]; then
    echo "FAILED: a binfmt entry named crossrun-aarch64 is already registered; remove it first" >&2
    exit 1
fi
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc

tar -C "$root" -xf "$tarball"
cp "$deb" "$root/tmp/crossrun.deb"
chroot "$root" dpkg -i /tmp/crossrun.deb >/dev/null
for f in /usr/bin/crossrun /usr/share/man/man1/crossrun.1.gz /usr/share/man/man1/crossrun-binfmt.1.gz \
         /usr/share/bash-completion/completions/crossrun /usr/share/zsh/vendor-completions/_crossrun \
         /usr/share/fish/vendor_completions.d/crossrun.fish /usr/lib/binfmt.d/crossrun-aarch64.conf; do
    [ -e "$root$f" ] || { echo "FAILED: the package did not install $f" >&2; exit 1; }
done
chroot "$root" dpkg -s crossrun | grep -q '^Status: install ok installed'
chroot "$root" /usr/bin/crossrun -version | grep -q '^crossrun '
zcat "$root/usr/share/man/man1/crossrun.1.gz" | grep -q '^\.B \\-g PORT'

mount -t proc proc "$root/proc"
mount -t binfmt_misc binfmt_misc "$root/proc/sys/fs/binfmt_misc"
# systemd-binfmt: every line that is not a comment goes to the register file, from the
# root the entry is for (the F flag opens /usr/bin/crossrun there).
chroot "$root" sh -c 'grep -v "^#" /usr/lib/binfmt.d/crossrun-aarch64.conf | while read -r line; do
    [ -n "$line" ] && printf "%s" "$line" > /proc/sys/fs/binfmt_misc/register; done'
grep -q '^flags: PF$' "$entry"
grep -q '^interpreter /usr/bin/crossrun$' "$entry"

cp examples/hello-aarch64 "$root/tmp/hello-aarch64"
out=$(chroot "$root" env QEMU_LOG=in_asm QEMU_LOG_FILENAME=/tmp/log /tmp/hello-aarch64)
[ "$out" = "Hello from aarch64! sum(1..100) = 5050" ] || { echo "FAILED: got '$out'" >&2; exit 1; }
# crossrun's own in_asm format (address, word, decoder row), so it was crossrun that ran it.
grep -Eq '^  0x4000b0:  d2800001  MOVZ$' "$root/tmp/log" || { echo "FAILED: not run by crossrun:" >&2; cat "$root/tmp/log" >&2; exit 1; }
echo "deb-test: installed $(basename "$deb") into a fresh bookworm root; its binfmt.d entry ran an aarch64 program there"
