#!/usr/bin/env bash
# Benchmarks: builds bench/src/*.c for aarch64 (-O2 -static; vec_sum at -O3)
# and natively, measures the CPU time of each under native, qemu-aarch64 and
# $CROSSRUN (best of --runs, default 3), checks
# that all three outputs are identical, and prints a Markdown table.
#
# usage: bench/run.sh [--quick] [--runs N]
#   CROSSRUN   emulator command (default: target/x86_64-unknown-linux-gnu/release/crossrun)
#   QEMU       qemu command (default: qemu-aarch64)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/target/bench"
QUICK=0
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) QUICK=1; RUNS=1 ;;
    --runs) RUNS=$2; shift ;;
    *) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
    esac
    shift
done
CROSSRUN=${CROSSRUN:-$ROOT/target/x86_64-unknown-linux-gnu/release/crossrun}
QEMU=${QEMU:-qemu-aarch64}
mkdir -p "$OUT"

# name:default-arg:quick-arg (default sizes take ~0.5-2 s natively)
BENCHES=(fnv_hash:400:20 qsort_fp:2000:100 matmul:400:100 sieve:60:3 bytecode:30:2 strings:300:20 vec_sum:6000:200 sha256:40:2)

for b in "${BENCHES[@]}"; do
    name=${b%%:*}
    src="$ROOT/bench/src/$name.c"
    opt=-O2
    [ "$name" = vec_sum ] && opt=-O3
    if [ ! -e "$OUT/$name.aarch64" ] || [ "$OUT/$name.aarch64" -ot "$src" ]; then
        aarch64-linux-gnu-gcc $opt -static "$src" -o "$OUT/$name.aarch64"
    fi
    if [ ! -e "$OUT/$name.native" ] || [ "$OUT/$name.native" -ot "$src" ]; then
        gcc $opt "$src" -o "$OUT/$name.native"
    fi
done

# best_time CMD...: best wall time in seconds over $RUNS runs.
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
    IFS=: read -r name def quick <<<"$b"
    arg=$def
    [ "$QUICK" = 1 ] && arg=$quick
    n_out=$("$OUT/$name.native" "$arg")
    q_out=$("${qemu_cmd[@]}" "$OUT/$name.aarch64" "$arg")
    c_out=$("${crossrun_cmd[@]}" "$OUT/$name.aarch64" "$arg" 2>&1) || true
    if [ "$n_out" != "$q_out" ] || [ "$n_out" != "$c_out" ]; then
        echo "| $name | output mismatch: native='$n_out' qemu='$q_out' crossrun='${c_out:0:60}' | | | | |"
        status=1
        continue
    fi
    tn=$(time_cmd "$OUT/$name.native" "$arg")
    tq=$(time_cmd "${qemu_cmd[@]}" "$OUT/$name.aarch64" "$arg")
    tc=$(time_cmd "${crossrun_cmd[@]}" "$OUT/$name.aarch64" "$arg")
    rn=$(echo "$tc / $tn" | bc -l)
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
