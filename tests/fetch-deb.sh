#!/usr/bin/env bash
# Downloads Debian bookworm packages for another architecture without touching
# the host's dpkg configuration, verifies their SHA256 against the Packages
# index, and extracts them.
#
# usage: tests/fetch-deb.sh PKG[,PKG...] ARCH OUTDIR
#   e.g. tests/fetch-deb.sh busybox-static arm64 target/deps-cache
#   -> OUTDIR/debs/PKG_VERSION_ARCH.deb (cached, SHA256-checked) and
#      OUTDIR/root/ (all packages extracted with dpkg-deb -x)
# No dependency resolution: name every package you need.
# DEBIAN_MIRROR and DEBIAN_SUITE override the defaults; FETCH_DEB_ROOT
# extracts into that directory instead of OUTDIR/root.
set -euo pipefail
if [ $# -ne 3 ]; then
    echo "usage: $0 PKG[,PKG...] ARCH OUTDIR" >&2
    exit 2
fi
IFS=, read -r -a pkgs <<<"$1"
arch=$2
out=$3
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}
root=${FETCH_DEB_ROOT:-$out/root}
mkdir -p "$out/debs" "$root"
index="$out/Packages-$suite-main-$arch"
if [ ! -s "$index" ]; then
    curl -fsSL --retry 3 "$mirror/dists/$suite/main/binary-$arch/Packages.xz" | xz -d >"$index.tmp"
    mv "$index.tmp" "$index"
fi
for pkg in "${pkgs[@]}"; do
    # Paragraph of this package: Filename and SHA256 fields.
    read -r filename sha < <(awk -v p="$pkg" '
        /^Package: / { name = $2; fn = ""; sh = "" }
        name == p && /^Filename: / { fn = $2 }
        name == p && /^SHA256: / { sh = $2 }
        /^$/ { if (name == p && fn != "") { print fn, sh; exit } }
        END { if (name == p && fn != "") print fn, sh }' "$index")
    if [ -z "${filename:-}" ]; then
        echo "fetch-deb: package $pkg not found for $arch in $suite" >&2
        exit 1
    fi
    deb="$out/debs/$(basename "$filename")"
    if [ ! -s "$deb" ] || ! echo "$sha  $deb" | sha256sum -c --quiet - 2>/dev/null; then
        curl -fsSL --retry 3 -o "$deb.tmp" "$mirror/$filename"
        if ! echo "$sha  $deb.tmp" | sha256sum -c --quiet -; then
            echo "fetch-deb: SHA256 mismatch for $pkg ($filename)" >&2
            rm -f "$deb.tmp"
            exit 1
        fi
        mv "$deb.tmp" "$deb"
    fi
    dpkg-deb -x "$deb" "$root"
    echo "fetch-deb: $pkg -> $deb"
done
