# shellcheck shell=bash
# What the rootless bootstrap tests share (sourced by debootstrap-test.sh for bookworm
# and trixie-test.sh): `rootless_root SUITE [ARCH]` unpacks SUITE's cached first stage
# (ARCH's, default arm64) into a fresh directory $R owned by the unprivileged user
# (nobody when run as root), and
# `guest CMD...` runs CMD in it as that user, with no binfmt entry and no chroot:
# crossrun --rootfs "$R" -0. `second_stage` runs debootstrap's second stage there.
# `created_root SUITE ARCH` instead builds $R with `crossrun rootfs create` run as that
# user (both stages; debootstrap's downloads cached in $CROSSRUN_CACHE/rootfs-create).
# The crossrun binary is the script's first argument, else $CROSSRUN_BIN, else the
# static release build; downloads are cached under $CROSSRUN_CACHE.
crossrun=$(realpath "${1:-${CROSSRUN_BIN:-target/x86_64-unknown-linux-gnu/release/crossrun}}")
cache=$(realpath -m "${CROSSRUN_CACHE:-target/deps-cache}")
t0=$SECONDS
lap() { printf '[%4ds] %s\n' "$((SECONDS - t0))" "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# $work, removed on exit, holding a copy of crossrun the unprivileged user can run and the
# guest's root $R; as_user runs a command as that user.
fresh_work() {
    work=$(mktemp -d /tmp/crossrun-debootstrap.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    chmod 755 "$work"
    R=$work/root
    mkdir "$R"
    cp "$crossrun" "$work/crossrun"
    chmod 755 "$work/crossrun"
    as_user=()
    [ "$(id -u)" != 0 ] || as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    [ "$("${as_user[@]}" id -u)" != 0 ] || fail "the second stage must run unprivileged"
}

# PATHs, and what is under them, to the unprivileged user (when run as root).
give() { [ ${#as_user[@]} = 0 ] || chown -R 65534:65534 "$@"; }

rootless_root() {
    local tarball
    tarball=$(bash tests/rootfs/debootstrap-stage1.sh "$cache" "$1" "${2:-arm64}")
    lap "first stage ready: $tarball"
    fresh_work
    tar -C "$R" -xf "$tarball" 2>/dev/null || tar -C "$R" --no-same-owner -xf "$tarball"
    # The guest's /dev is the host's (a default bind); the copies stage one made are not needed.
    find "$R/dev" \( -type c -o -type b \) -delete
    give "$R"
    lap "tree unpacked in $R, owned by uid $("${as_user[@]}" id -u)"
}

created_root() { # SUITE ARCH
    fresh_work
    local downloads=$cache/rootfs-create
    mkdir -p "$downloads"
    give "$R" "$downloads"
    if ! "${as_user[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/nonexistent CROSSRUN_CACHE="$downloads" \
        "$work/crossrun" rootfs create --arch "$2" --suite "$1" --variant minbase "$R" >"$work/create.log" 2>&1; then
        tail -n 30 "$work/create.log" >&2
        tail -n 30 "$R/debootstrap/debootstrap.log" >&2 2>/dev/null || true
        fail "crossrun rootfs create --arch $2 --suite $1"
    fi
    grep -q '^I: Base system installed successfully' "$work/create.log" || fail "rootfs create's second stage did not report success"
    lap "crossrun rootfs create --arch $2 --suite $1 done as uid $("${as_user[@]}" id -u) (both stages)"
}

# CROSSRUN_SURVEY=DIR logs every guest process's unimplemented calls (-d unimp) to
# DIR/unimp-PID.log, for the survey of what a release's userland still needs.
survey=(${CROSSRUN_SURVEY:+-d unimp -D "$CROSSRUN_SURVEY/unimp-%d.log"})
guest() {
    "${as_user[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$work/crossrun" "${survey[@]}" --rootfs "$R" -0 "$@"
}

# Host files into the guest's tree, owned as the tree is.
put() { # HOST_FILE GUEST_DIR
    cp "$1" "$R/$2/"
    give "$R/$2/$(basename "$1")"
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
