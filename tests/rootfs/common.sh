# shellcheck shell=bash
# What the rootless bootstrap tests share (sourced by debootstrap-test.sh for bookworm
# and trixie-test.sh): `rootless_root SUITE [ARCH]` unpacks SUITE's cached first stage
# (ARCH's, default arm64) into a fresh directory $R owned by the unprivileged user
# (nobody when run as root), and
# `guest CMD...` runs CMD in it as that user, with no binfmt entry and no chroot:
# crossrun --rootfs "$R" -0. `second_stage` runs debootstrap's second stage there.
# The crossrun binary is the script's first argument, else $CROSSRUN_BIN, else the
# static release build; downloads are cached under $CROSSRUN_CACHE.
crossrun=$(realpath "${1:-${CROSSRUN_BIN:-target/x86_64-unknown-linux-gnu/release/crossrun}}")
cache=$(realpath -m "${CROSSRUN_CACHE:-target/deps-cache}")
t0=$SECONDS
lap() { printf '[%4ds] %s\n' "$((SECONDS - t0))" "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

rootless_root() {
    local tarball
    tarball=$(bash tests/rootfs/debootstrap-stage1.sh "$cache" "$1" "${2:-arm64}")
    lap "first stage ready: $tarball"
    work=$(mktemp -d /tmp/crossrun-debootstrap.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    chmod 755 "$work"
    R=$work/root
    mkdir "$R"
    tar -C "$R" -xf "$tarball" 2>/dev/null || tar -C "$R" --no-same-owner -xf "$tarball"
    # The guest's /dev is the host's (a default bind); the copies stage one made are not needed.
    find "$R/dev" \( -type c -o -type b \) -delete
    # The crossrun binary must be reachable by the unprivileged user.
    cp "$crossrun" "$work/crossrun"
    chmod 755 "$work/crossrun"
    as_user=()
    if [ "$(id -u)" = 0 ]; then
        chown -R 65534:65534 "$R"
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
    [ "$("${as_user[@]}" id -u)" != 0 ] || fail "the second stage must run unprivileged"
    lap "tree unpacked in $R, owned by uid $("${as_user[@]}" id -u)"
}

guest() {
    "${as_user[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$work/crossrun" --rootfs "$R" -0 "$@"
}

# Host files into the guest's tree, owned as the tree is.
put() { # HOST_FILE GUEST_DIR
    cp "$1" "$R/$2/"
    [ ${#as_user[@]} = 0 ] || chown 65534:65534 "$R/$2/$(basename "$1")"
}

second_stage() {
    if ! guest /debootstrap/debootstrap --second-stage >"$work/stage2.log" 2>&1; then
        tail -n 30 "$work/stage2.log" >&2
        tail -n 30 "$R/debootstrap/debootstrap.log" >&2 2>/dev/null || true
        fail "debootstrap --second-stage"
    fi
    grep -q '^I: Base system installed successfully' "$work/stage2.log" || fail "second stage did not report success"
    lap "debootstrap --second-stage done (rootless)"
}
