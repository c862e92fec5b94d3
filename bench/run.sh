#!/usr/bin/env bash
# Benchmarks: builds bench/src/*.c for aarch64 (-static) and natively with the flags
# each one names below, measures the CPU time of each under native, qemu-aarch64 and
# $CROSSRUN (best of --runs, default 3), checks that all three outputs are identical, and
# prints a Markdown table.
#
# The OpenSSL rows link Debian bookworm's libcrypto.a (libssl-dev, arm64 for the guest,
# amd64 natively), fetched by tests/fetch-deb.sh into $CROSSRUN_CACHE.
#
# usage: bench/run.sh [--quick] [--runs N] [--only NAME,...]
#   CROSSRUN        emulator command (default: target/x86_64-unknown-linux-gnu/release/crossrun)
#   QEMU            qemu command (default: qemu-aarch64)
#   CROSSRUN_CACHE  download cache (default: target/deps-cache)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/target/bench"
CACHE=${CROSSRUN_CACHE:-$ROOT/target/deps-cache}
QUICK=0
RUNS=3
ONLY=
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) QUICK=1; RUNS=1 ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    *) echo "usage: $0 [--quick] [--runs N] [--only NAME,...]" >&2; exit 2 ;;
    esac
    shift
done
CROSSRUN=${CROSSRUN:-$ROOT/target/x86_64-unknown-linux-gnu/release/crossrun}
QEMU=${QEMU:-qemu-aarch64}
mkdir -p "$OUT"

# name|program|compiler flags|arguments|quick arguments. The program is bench/src/PROGRAM.c;
# default sizes keep qemu's run within a few seconds, quick ones well under one.
BENCHES=(
    "fnv_hash|fnv_hash|-O2|400|20"
    "qsort_fp|qsort_fp|-O2|2000|100"
    "matmul|matmul|-O2|400|100"
    "sieve|sieve|-O2|60|3"
    "bytecode|bytecode|-O2|30|2"
    "strings|strings|-O2|300|20"
    "vec_sum|vec_sum|-O3|6000|200"
    "sha256|sha256|-O2|40|2"
    # Scalar double; -ffp-contract=off so both hosts round a separate multiply and add.
    "nbody|nbody|-O2 -ffp-contract=off|2000|100"
    "spectral_norm|spectral_norm|-O2 -ffp-contract=off|2000|300"
    # Float SIMD, auto-vectorised (dot: reassociation lets the sum use vector lanes).
    "saxpy|saxpy|-O3 -ffp-contract=off|6000|300"
    "dot|dot|-O3 -fno-signed-zeros -fno-trapping-math -fassociative-math|40000|2000"
    "strsearch|strsearch|-O2|400|20"
    "openssl_sha256|openssl_evp|-O2|sha256 128|sha256 8"
    "openssl_aes_gcm|openssl_evp|-O2|aes-128-gcm 128|aes-128-gcm 8"
    "openssl_chacha|openssl_evp|-O2|chacha20-poly1305 64|chacha20-poly1305 4"
)

selected() {
    [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]
}

# Extra flags for PROGRAM on ARCH (aarch64 or native): libraries and their headers.
link_flags() {
    case "$1" in
    nbody | spectral_norm) echo "-lm" ;;
    openssl_evp)
        local deb triple
        if [ "$2" = aarch64 ]; then deb=arm64 triple=aarch64-linux-gnu; else deb=amd64 triple=x86_64-linux-gnu; fi
        local root="$CACHE/openssl-$deb"
        if [ ! -e "$root/usr/lib/$triple/libcrypto.a" ]; then
            FETCH_DEB_ROOT="$root" bash "$ROOT/tests/fetch-deb.sh" libssl-dev "$deb" "$CACHE" >&2
        fi
        echo "-I$root/usr/include -I$root/usr/include/$triple $root/usr/lib/$triple/libcrypto.a -lpthread"
        ;;
    esac
}

# build PROGRAM FLAGS ARCH: compiles bench/src/PROGRAM.c unless up to date.
build() {
    local prog=$1 flags=$2 arch=$3 src="$ROOT/bench/src/$1.c"
    local exe="$OUT/$prog.$arch"
    [ -e "$exe" ] && [ "$exe" -nt "$src" ] && [ "$exe" -nt "${BASH_SOURCE[0]}" ] && return
    read -r -a extra <<<"$(link_flags "$prog" "$arch")"
    read -r -a opts <<<"$flags"
    if [ "$arch" = aarch64 ]; then
        # Warnings about getaddrinfo in static programs are about code the benchmarks never call.
        aarch64-linux-gnu-gcc "${opts[@]}" -static "$src" -o "$exe" "${extra[@]}" 2>/dev/null ||
            aarch64-linux-gnu-gcc "${opts[@]}" -static "$src" -o "$exe" "${extra[@]}"
    else
        gcc "${opts[@]}" "$src" -o "$exe" "${extra[@]}"
    fi
}

for b in "${BENCHES[@]}"; do
    IFS='|' read -r name prog flags _ _ <<<"$b"
    selected "$name" || continue
    build "$prog" "$flags" aarch64
    build "$prog" "$flags" native
done

# CPU seconds (user + system) of the best of $RUNS runs: unlike wall-clock time it does
# not grow when other work shares the machine's cores.
time_cmd() {
    python3 "$ROOT/bench/cputime.py" "$RUNS" "$@"
}

read -r -a crossrun_cmd <<<"$CROSSRUN"
read -r -a qemu_cmd <<<"$QEMU"
echo "| benchmark | native CPU s | qemu CPU s | crossrun CPU s | crossrun/native | crossrun/qemu |"
echo "|---|---:|---:|---:|---:|---:|"
lg_n=0; lg_q=0; count=0; status=0
for b in "${BENCHES[@]}"; do
    IFS='|' read -r name prog _ def quick <<<"$b"
    selected "$name" || continue
    args=$def
    [ "$QUICK" = 1 ] && args=$quick
    read -r -a argv <<<"$args"
    n_out=$("$OUT/$prog.native" "${argv[@]}")
    q_out=$("${qemu_cmd[@]}" "$OUT/$prog.aarch64" "${argv[@]}")
    c_out=$("${crossrun_cmd[@]}" "$OUT/$prog.aarch64" "${argv[@]}" 2>&1) || true
    if [ "$n_out" != "$q_out" ] || [ "$n_out" != "$c_out" ]; then
        echo "| $name | output mismatch: native='$n_out' qemu='$q_out' crossrun='${c_out:0:60}' | | | | |"
        status=1
        continue
    fi
    tn=$(time_cmd "$OUT/$prog.native" "${argv[@]}")
    tq=$(time_cmd "${qemu_cmd[@]}" "$OUT/$prog.aarch64" "${argv[@]}")
    tc=$(time_cmd "${crossrun_cmd[@]}" "$OUT/$prog.aarch64" "${argv[@]}")
    # A run too short for the clock to see counts as one millisecond.
    rn=$(echo "$tc / ($tn + ($tn == 0) * 0.001)" | bc -l)
    rq=$(echo "$tc / $tq" | bc -l)
    printf '| %s | %.3f | %.3f | %.3f | %.2f | %.2f |\n' "$name" "$tn" "$tq" "$tc" "$rn" "$rq"
    lg_n=$(echo "$lg_n + l($rn)" | bc -l)
    lg_q=$(echo "$lg_q + l($rq)" | bc -l)
    count=$((count + 1))
done
if [ "$count" -gt 0 ]; then
    printf '| **geometric mean** | | | | %.2f | %.2f |\n' "$(echo "e($lg_n / $count)" | bc -l)" "$(echo "e($lg_q / $count)" | bc -l)"
fi
exit $status
