#!/usr/bin/env bash
# Benchmarks: builds bench/src/*.c for each guest (aarch64, riscv64, arm; -static) and
# natively with the flags each one names below, measures the CPU time of each under
# native, the guest's qemu-user and $CROSSRUN (best of --runs, default 3), checks that all
# three outputs are identical, and prints a Markdown table per guest.
#
# arm is Debian's armhf: arm-linux-gnueabihf-gcc's default -march (ARMv7-A with
# VFPv3-D16, hard-float calls), each program built twice, as A32 (-marm) and as Thumb-2
# (-mthumb, the compiler's default, rows marked "(thumb)"); its table ends with the
# geometric means of each half and of both.
#
# The OpenSSL rows link Debian bookworm's libcrypto.a (libssl-dev: arm64 or armhf for
# the guest, amd64 natively), fetched by tests/fetch-deb.sh into $CROSSRUN_CACHE; it
# picks its code paths (NEON, the ARMv8 crypto instructions) at run time from AT_HWCAP
# and AT_HWCAP2, whatever the program around it was built for. So that both emulators
# run the same guest code, arm guests run under `-cpu $ARM_CPU` in both (default max:
# ARMv8-A AArch32 with the crypto extension, qemu-arm's default and what an arm64
# machine offers 32-bit programs; crossrun's own default is a NEON-only cortex-a15,
# where OpenSSL takes its NEON paths for SHA-256 and AES-GCM too). riscv64 has no such
# rows: Debian's first riscv64 libcrypto.a (trixie's) is built against trixie's
# libraries (zstd, zlib, a newer glibc), which bookworm's cross toolchain lacks.
#
# usage: bench/run.sh [--quick] [--runs N] [--only NAME,...] [--guest aarch64|riscv64|arm|all]
#   CROSSRUN        emulator command (default: target/x86_64-unknown-linux-gnu/release/crossrun)
#   QEMU            qemu command for aarch64 (default: qemu-aarch64)
#   QEMU_RISCV64    qemu command for riscv64 (default: qemu-riscv64)
#   QEMU_ARM        qemu command for arm (default: qemu-arm)
#   ARM_CPU         the -cpu both emulators get for arm guests (default: max)
#   GUEST           as --guest (default: all)
#   CROSSRUN_CACHE  download cache (default: target/deps-cache)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/target/bench"
CACHE=${CROSSRUN_CACHE:-$ROOT/target/deps-cache}
QUICK=0
RUNS=3
ONLY=
GUEST=${GUEST:-all}
usage="usage: $0 [--quick] [--runs N] [--only NAME,...] [--guest aarch64|riscv64|arm|all]"
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) QUICK=1; RUNS=1 ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --guest) GUEST=$2; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done
case "$GUEST" in
all) GUESTS=(aarch64 riscv64 arm) ;;
aarch64 | riscv64 | arm) GUESTS=("$GUEST") ;;
*) echo "$usage" >&2; exit 2 ;;
esac
CROSSRUN=${CROSSRUN:-$ROOT/target/x86_64-unknown-linux-gnu/release/crossrun}
QEMU_AARCH64=${QEMU:-qemu-aarch64}
QEMU_RISCV64=${QEMU_RISCV64:-qemu-riscv64}
QEMU_ARM=${QEMU_ARM:-qemu-arm}
ARM_CPU=${ARM_CPU:-max}
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

# Whether PROGRAM is built for GUEST (see the OpenSSL rows above).
for_guest() {
    [ "$1" != openssl_evp ] || [ "$2" != riscv64 ]
}

# The builds of GUEST, each one row per benchmark: arm's A32 and Thumb-2.
variants() {
    if [ "$1" = arm ]; then echo "arm thumb"; else echo "$1"; fi
}

# Extra flags for PROGRAM on ARCH (a guest variant or native): libraries and their
# headers.
link_flags() {
    case "$1" in
    nbody | spectral_norm) echo "-lm" ;;
    openssl_evp)
        local deb triple
        case "$2" in
        aarch64) deb=arm64 triple=aarch64-linux-gnu ;;
        arm | thumb) deb=armhf triple=arm-linux-gnueabihf ;;
        *) deb=amd64 triple=x86_64-linux-gnu ;;
        esac
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
    local cc=$arch-linux-gnu-gcc
    case "$arch" in
    native) cc=gcc ;;
    arm) cc=arm-linux-gnueabihf-gcc opts+=(-marm) ;;
    thumb) cc=arm-linux-gnueabihf-gcc opts+=(-mthumb) ;;
    esac
    if [ "$arch" = native ]; then
        "$cc" "${opts[@]}" "$src" -o "$exe" "${extra[@]}"
    else
        # Warnings about getaddrinfo in static programs are about code the benchmarks never call.
        "$cc" "${opts[@]}" -static "$src" -o "$exe" "${extra[@]}" 2>/dev/null ||
            "$cc" "${opts[@]}" -static "$src" -o "$exe" "${extra[@]}"
    fi
}

for b in "${BENCHES[@]}"; do
    IFS='|' read -r name prog flags _ _ <<<"$b"
    selected "$name" || continue
    for guest in "${GUESTS[@]}"; do
        for_guest "$prog" "$guest" || continue
        for variant in $(variants "$guest"); do
            build "$prog" "$flags" "$variant"
        done
    done
    build "$prog" "$flags" native
done

# CPU seconds (user + system) of the best of $RUNS runs: unlike wall-clock time it does
# not grow when other work shares the machine's cores.
time_cmd() {
    python3 "$ROOT/bench/cputime.py" "$RUNS" "$@"
}

status=0
geomean() {
    echo "e($1 / $2)" | bc -l
}
for guest in "${GUESTS[@]}"; do
    case "$guest" in
    aarch64) qemu=$QEMU_AARCH64 ;;
    riscv64) qemu=$QEMU_RISCV64 ;;
    arm) qemu=$QEMU_ARM ;;
    esac
    read -r -a qemu_cmd <<<"$qemu"
    read -r -a crossrun_cmd <<<"$CROSSRUN"
    if [ "$guest" = arm ]; then
        qemu_cmd+=(-cpu "$ARM_CPU")
        crossrun_cmd+=(-cpu "$ARM_CPU")
    fi
    read -r -a builds <<<"$(variants "$guest")"
    [ "${#GUESTS[@]}" -gt 1 ] && printf '\n%s guests:\n\n' "$guest"
    echo "| benchmark | native CPU s | qemu CPU s | crossrun CPU s | crossrun/native | crossrun/qemu |"
    echo "|---|---:|---:|---:|---:|---:|"
    lg_n=0; lg_q=0; count=0
    summary=()
    for variant in "${builds[@]}"; do
        v_n=0; v_q=0; v_count=0
        suffix=
        [ "$variant" = thumb ] && suffix=" (thumb)"
        for b in "${BENCHES[@]}"; do
            IFS='|' read -r name prog _ def quick <<<"$b"
            selected "$name" && for_guest "$prog" "$guest" || continue
            args=$def
            [ "$QUICK" = 1 ] && args=$quick
            read -r -a argv <<<"$args"
            exe="$OUT/$prog.$variant"
            n_out=$("$OUT/$prog.native" "${argv[@]}")
            q_out=$("${qemu_cmd[@]}" "$exe" "${argv[@]}")
            c_out=$("${crossrun_cmd[@]}" "$exe" "${argv[@]}" 2>&1) || true
            if [ "$n_out" != "$q_out" ] || [ "$n_out" != "$c_out" ]; then
                echo "| $name$suffix | output mismatch: native='$n_out' qemu='$q_out' crossrun='${c_out:0:60}' | | | | |"
                status=1
                continue
            fi
            tn=$(time_cmd "$OUT/$prog.native" "${argv[@]}")
            tq=$(time_cmd "${qemu_cmd[@]}" "$exe" "${argv[@]}")
            tc=$(time_cmd "${crossrun_cmd[@]}" "$exe" "${argv[@]}")
            # A run too short for the clock to see counts as one millisecond.
            rn=$(echo "$tc / ($tn + ($tn == 0) * 0.001)" | bc -l)
            rq=$(echo "$tc / $tq" | bc -l)
            printf '| %s | %.3f | %.3f | %.3f | %.2f | %.2f |\n' "$name$suffix" "$tn" "$tq" "$tc" "$rn" "$rq"
            v_n=$(echo "$v_n + l($rn)" | bc -l)
            v_q=$(echo "$v_q + l($rq)" | bc -l)
            v_count=$((v_count + 1))
        done
        if [ "${#builds[@]}" -gt 1 ] && [ "$v_count" -gt 0 ]; then
            summary+=("$(printf '| geometric mean, %s | | | | %.2f | %.2f |' "$variant" "$(geomean "$v_n" "$v_count")" "$(geomean "$v_q" "$v_count")")")
        fi
        lg_n=$(echo "$lg_n + $v_n" | bc -l)
        lg_q=$(echo "$lg_q + $v_q" | bc -l)
        count=$((count + v_count))
    done
    for line in "${summary[@]}"; do echo "$line"; done
    if [ "$count" -gt 0 ]; then
        printf '| **geometric mean** | | | | %.2f | %.2f |\n' "$(geomean "$lg_n" "$count")" "$(geomean "$lg_q" "$count")"
    fi
done
exit $status
