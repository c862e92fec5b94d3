#!/usr/bin/env bash
# Builds an arm64 sysroot from Debian bookworm packages for crossrun's
# userland tests (crates/cli/tests/userland.rs), without root and without
# touching the host's dpkg database. DEBIAN_SUITE and DEBIAN_ARCH choose
# another release or architecture (python-tests.sh: trixie, riscv64).
#
# usage: tests/userland/make-sysroot.sh OUTDIR [PKG,PKG...]
#
# The named packages (default: the userland test set below) and the closure
# of their Depends and Pre-Depends are resolved from bookworm's main
# Packages index: version constraints and ":any" qualifiers are ignored, the
# first alternative of "a | b" is taken, a virtual name resolves to the first
# package that Provides it, and names not in main are skipped with a note.
# The .debs are fetched (SHA256-checked, cached) with tests/fetch-deb.sh into
# $CROSSRUN_CACHE (default target/deps-cache) and extracted into OUTDIR.
# Maintainer scripts are not run; what the tests need from them is done by
# hand at the end. Re-running with the same package set is a no-op
# (OUTDIR/.crossrun-sysroot records the resolved set).
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUTDIR [PKG,PKG...]" >&2
    exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${CROSSRUN_CACHE:-$root/target/deps-cache}
arch=${DEBIAN_ARCH:-arm64}
suite=${DEBIAN_SUITE:-bookworm}
wanted=${2:-coreutils,bash,dash,python3,python3.11,perl,sqlite3,xz-utils,zstd,gzip,lua5.4,luajit,nodejs,openssl,git,findutils,grep,sed}
mkdir -p "$cache"

# Fetch the index (and nothing else) through fetch-deb.sh's cache logic.
index="$cache/Packages-$suite-main-$arch"
if [ ! -s "$index" ]; then
    mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
    curl -fsSL --retry 3 "$mirror/dists/$suite/main/binary-$arch/Packages.xz" | xz -d >"$index.tmp"
    mv "$index.tmp" "$index"
fi

# Dependency closure, in awk: one pass to read the index, then a worklist.
closure=$(awk -v want="$wanted" '
    function dep_names(s,    n, parts, i, alt, a, name) {
        n = split(s, parts, ",")
        for (i = 1; i <= n; i++) {
            split(parts[i], alt, "|")
            name = alt[1]
            gsub(/\(.*\)/, "", name); gsub(/\[.*\]/, "", name); gsub(/<.*>/, "", name)
            gsub(/[ \t]/, "", name); sub(/:.*/, "", name)
            if (name != "") queue[++qt] = name
        }
    }
    /^Package: / { pkg = $2; real[pkg] = 1; next }
    /^(Depends|Pre-Depends): / { sub(/^[^:]*: /, ""); deps[pkg] = deps[pkg] "," $0; next }
    /^Provides: / {
        sub(/^Provides: /, ""); n = split($0, pv, ",")
        for (i = 1; i <= n; i++) { v = pv[i]; gsub(/\(.*\)/, "", v); gsub(/[ \t]/, "", v)
            if (!(v in provider)) provider[v] = pkg }
        next
    }
    END {
        qt = split(want, queue, ",")
        for (qh = 1; qh <= qt; qh++) {
            name = queue[qh]
            if (!(name in real)) {
                if (name in provider) name = provider[name]
                else { if (!(name in warned)) print "make-sysroot: skipping " name " (not in main)" > "/dev/stderr"; warned[name] = 1; continue }
            }
            if (name in seen) continue
            seen[name] = 1; print name
            dep_names(deps[name])
        }
    }' "$index" | sort | paste -sd, -)

# The stamp: the resolved package set and this script's own hash.
want_stamp="$closure $(sha256sum <"$0" | cut -d' ' -f1)"
stamp="$out/.crossrun-sysroot"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ]; then
    echo "make-sysroot: $out is up to date ($(tr , '\n' <<<"$closure" | wc -l) packages)"
    exit 0
fi

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
FETCH_DEB_ROOT="$out.tmp" bash "$root/tests/fetch-deb.sh" "$closure" "$arch" "$cache" >/dev/null

# What maintainer scripts or update-alternatives would have created.
# Each link only when its target was installed: other package sets (the
# toolchain test's gcc sysroot) have no python, lua or dash.
r="$out.tmp"
link() { # TARGET LINKPATH: LINKPATH -> TARGET, TARGET relative to LINKPATH's dir
    local dir
    dir=$(dirname "$r/$2")
    [ -e "$r/$2" ] || [ ! -e "$dir/$1" ] || ln -s "$1" "$r/$2"
}
# From trixie on packages ship everything under /usr, and debootstrap adds the
# aliases /bin -> usr/bin and the like: programs' PT_INTERP (/lib/ld-linux-*)
# and libc.so's GROUP paths go through them. Only where the tree lacks the
# directory (bookworm's packages still ship /bin and /lib themselves).
for d in bin sbin lib lib64; do
    link usr/$d $d
done
link python3.11 usr/bin/python3
link lua5.4 usr/bin/lua
link dash bin/sh
# base-files ships empty /tmp, /home, /root, /run ... directories. Under -L a
# directory that exists in the sysroot shadows the host's (openat on a dirfd of
# the sysroot's empty /tmp then misses the host's files), so drop the empty
# ones: the guest then uses the host's /tmp and home directories.
for d in tmp var/tmp home root run mnt media srv opt boot; do
    rmdir "$r/$d" 2>/dev/null || true
done

echo "$want_stamp" >"$r/.crossrun-sysroot"
rm -rf "$out"
mv "$r" "$out"
echo "make-sysroot: $out ready ($(tr , '\n' <<<"$closure" | wc -l) packages)"
