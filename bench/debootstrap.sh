#!/usr/bin/env bash
# Times debootstrap's second stage (bookworm arm64 minbase) under crossrun (rootless:
# --rootfs -0 as an unprivileged user) against qemu-aarch64 through chroot + binfmt_misc,
# on two copies of the same first-stage tree, and prints the ratio. Needs root (first
# stage, chroot, binfmt_misc), debootstrap and a static qemu-aarch64. The binfmt entry is
# registered under a name of its own and removed afterwards, whatever happens.
# Usage: bench/debootstrap.sh [CROSSRUN]   (default target/x86_64-unknown-linux-gnu/release/crossrun)
set -euo pipefail
cd "$(dirname "$0")/.."
crossrun=$(realpath "${1:-target/x86_64-unknown-linux-gnu/release/crossrun}")
qemu=${QEMU_AARCH64:-/usr/bin/qemu-aarch64}
cache=$(realpath -m "${CROSSRUN_CACHE:-target/deps-cache}")
[ "$(id -u)" = 0 ] || { echo "bench/debootstrap.sh: needs root (chroot, binfmt_misc)" >&2; exit 1; }
file -L "$qemu" | grep -q 'statically linked\|static-pie' || { echo "$qemu is not static: the F flag needs a static interpreter (apt-get install qemu-user-static)" >&2; exit 1; }

tarball=$(bash tests/rootfs/debootstrap-stage1.sh "$cache")
work=$(mktemp -d /tmp/crossrun-bench-debootstrap.XXXXXX)
chmod 755 "$work"
name=bench-qemu-aarch64-$$
cleanup() {
    "$crossrun" binfmt uninstall --name "$name" >/dev/null 2>&1 || true
    # Never remove a tree with the host's /dev (or anything else) still mounted in it.
    umount -R "$work/qemu/dev" 2>/dev/null || true
    if grep -q " $work/" /proc/mounts; then
        echo "bench/debootstrap.sh: mounts left under $work, not removing it" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

for copy in crossrun qemu; do
    mkdir "$work/$copy"
    tar -C "$work/$copy" -xf "$tarball"
    # /dev comes from the host (a bind under crossrun, a bind mount under chroot).
    find "$work/$copy/dev" \( -type c -o -type b \) -delete
done
cp "$crossrun" "$work/crossrun-bin"
chown -R 65534:65534 "$work/crossrun"

env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8)
start=$(date +%s.%N)
setpriv --reuid=65534 --regid=65534 --clear-groups "${env[@]}" "$work/crossrun-bin" --rootfs "$work/crossrun" -0 \
    /debootstrap/debootstrap --second-stage >"$work/crossrun.log" 2>&1 && cr_status=ok || cr_status="failed ($?)"
cr=$(echo "$(date +%s.%N) - $start" | bc)

"$crossrun" binfmt install aarch64 --interpreter "$qemu" --name "$name" -p >/dev/null
# The second stage mounts /proc and /sys in the chroot itself (and unmounts them);
# /dev is the host's, as crossrun's default bind.
mount --bind /dev "$work/qemu/dev"
start=$(date +%s.%N)
"${env[@]}" chroot "$work/qemu" /debootstrap/debootstrap --second-stage >"$work/qemu.log" 2>&1 && q_status=ok || q_status="failed ($?)"
q=$(echo "$(date +%s.%N) - $start" | bc)

printf 'second stage under crossrun (rootless --rootfs -0): %6.1f s  %s\n' "$cr" "$cr_status"
printf 'second stage under qemu-aarch64 (chroot + binfmt):   %6.1f s  %s\n' "$q" "$q_status"
printf 'crossrun / qemu: %.2f\n' "$(echo "$cr / $q" | bc -l)"
[ "$cr_status" = ok ] || tail -n 20 "$work/crossrun/debootstrap/debootstrap.log"
