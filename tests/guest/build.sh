#!/usr/bin/env bash
# Cross-compiles the guest test corpus (tests/guest/*.c, *.S) for one guest
# architecture in a matrix of variants, builds native x86_64 references for
# compare=native tests and records their output, and writes
# OUTDIR/manifest.tsv for the runner (crates/cli/tests/corpus.rs).
#
# usage: tests/guest/build.sh ARCH OUTDIR     (ARCH: aarch64, riscv64 or arm)
#
# Incremental: a binary is rebuilt only when it is older than its source, a
# shared header, or this script. See tests/guest/README.md for the manifest.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 aarch64|riscv64|arm OUTDIR" >&2
    exit 2
fi
ARCH=$1
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$2"
OUTDIR=$(cd "$2" && pwd)
NATIVE_CC=${NATIVE_CC:-gcc}
NATIVE_FLAGS=""
JOBS=${JOBS:-2}

# Variant axes per architecture: LINKS and MARCHS name the LINK_x and MARCH_x
# flag sets; every program is built at -O0, -O2 and -O3 as well.
LINK_static="-static"
LINK_pie="-static-pie"
LINK_dyn="" # dynamically linked PIE, Debian's default; run against the cross C library
case "$ARCH" in
aarch64)
    CROSS_CC=${CROSS_CC:-aarch64-linux-gnu-gcc}
    CROSS_PACKAGES="gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
    LINKS=(static pie)
    MARCHS=(v80 v82)
    MARCH_v80="-march=armv8-a -mno-outline-atomics" # LL/SC atomics (LDXR/STXR)
    MARCH_v82="-march=armv8.2-a+crypto+crc+lse"     # LSE atomics, crypto, crc
    ;;
riscv64)
    CROSS_CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
    CROSS_PACKAGES="gcc-riscv64-linux-gnu libc6-dev-riscv64-cross"
    LINKS=(static dyn)
    # Only for the no-libc assembly programs: riscv64's glibc 2.36 has no static-pie
    # start file, and gcc 12 would still name a dynamic linker.
    LINK_pie="-static-pie -Wl,--no-dynamic-linker"
    MARCHS=(gc g zb)
    MARCH_gc="-march=rv64gc"             # compressed instructions mixed with 32-bit ones
    MARCH_g="-march=rv64g"               # the program's own code without the C extension
    # Bit manipulation. gcc 12 passes zicond through to binutils 2.40, which rejects
    # it, so Zicond is tested by the assembly programs' .insn words instead.
    MARCH_zb="-march=rv64gc_zba_zbb_zbs"
    ;;
arm)
    # Hard-float (armhf) and soft-float (armel) builds; each variant names its ABI
    # and instruction set (name:link:opt:march:abi:isa), and dynamic builds run
    # against the cross C library crossrun picks by the program's float ABI.
    CC_hf=${CC_hf:-arm-linux-gnueabihf-gcc}
    CC_el=${CC_el:-arm-linux-gnueabi-gcc}
    CROSS_CC=$CC_hf
    CROSS_PACKAGES="gcc-arm-linux-gnueabihf gcc-arm-linux-gnueabi libc6-dev-i386 lib32gcc-12-dev"
    LINKS=(static dyn)
    MARCHS=(v7 v8 v5)
    ISA_arm="-marm"
    ISA_thumb="-mthumb"
    # Every arm build has large file support, as Debian's packages have it; the ARMv8
    # builds also have a 64-bit time_t, as trixie's armhf has it (the *_time64 calls).
    MARCH_v7="-march=armv7-a+neon-vfpv4 -D_FILE_OFFSET_BITS=64"  # Debian armhf: armv7-a+vfpv3-d16
    MARCH_v8="-march=armv8-a+crypto -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64"  # AArch32 with CRC32, AES, SHA
    MARCH_v5="-march=armv5te -D_FILE_OFFSET_BITS=64"            # Debian armel's baseline, soft float
    # The native references are i386's ILP32, whose long and pointers are 32-bit too
    # (-m32 with libc6-dev-i386 and lib32gcc-12-dev; the kernel's x86 asm headers serve
    # both widths, and gcc-multilib, which would link them, conflicts with Debian's
    # cross compilers).
    NATIVE_FLAGS="-m32 -msse2 -mfpmath=sse -idirafter /usr/include/x86_64-linux-gnu"
    ;;
*)
    echo "build.sh: unknown architecture '$ARCH' (aarch64, riscv64 or arm)" >&2
    exit 2
    ;;
esac

compilers=("$CROSS_CC")
[ "$ARCH" = arm ] && compilers=("$CC_hf" "$CC_el")
for tool in "${compilers[@]}" "$NATIVE_CC"; do
    if ! command -v "$tool" >/dev/null; then
        echo "build.sh: '$tool' not found (install $CROSS_PACKAGES and gcc; see scripts/setup-deps.sh)" >&2
        exit 1
    fi
done

mkdir -p "$OUTDIR/bin" "$OUTDIR/native" "$OUTDIR/ref" "$OUTDIR/log"

# Newest mtime among the files every binary depends on.
deps_mtime=$(stat -c %Y "$SRCDIR"/*.h "$SRCDIR"/*.inc "${BASH_SOURCE[0]}" | sort -n | tail -1)

# needs_build TARGET SRC: true if TARGET is missing or older than SRC or shared deps.
needs_build() {
    [ -e "$1" ] || return 0
    local t
    t=$(stat -c %Y "$1")
    [ "$t" -lt "$(stat -c %Y "$2")" ] && return 0
    [ "$t" -lt "$deps_mtime" ] && return 0
    return 1
}

# header_value FILE KEY: values of KEY=... in the "// crossrun-test:" header lines
# (several occurrences of a key are printed one per line).
header_value() {
    grep -E '^// crossrun-test:' "$1" | sed 's|^// crossrun-test:||' | tr ' ' '\n' |
        sed -n "s|^$2=||p"
}

manifest_tmp="$OUTDIR/manifest.tsv.tmp"
jobs_file="$OUTDIR/jobs.txt"
: >"$manifest_tmp"
: >"$jobs_file"
nprog=0
nvariants=0
idx=0
for src in "$SRCDIR"/*.c "$SRCDIR"/*.S; do
    file=$(basename "$src")
    name=${file%.*}
    ext=${file##*.}
    if ! grep -qE '^// crossrun-test:' "$src"; then
        echo "build.sh: $file has no '// crossrun-test:' header" >&2
        exit 1
    fi
    # arch=A,B: the architectures the program is written for (default: all).
    arches=$(header_value "$src" arch)
    if [ -n "$arches" ] && [[ ",$arches," != *",$ARCH,"* ]]; then
        continue
    fi
    compare=$(header_value "$src" compare)
    compare=${compare:-native}
    variants=$(header_value "$src" variants)
    variants=${variants:-std}
    exit_code=$(header_value "$src" exit)
    exit_code=${exit_code:-0}
    signal=$(header_value "$src" signal)
    flags=$(header_value "$src" flags)
    cflags=$(header_value "$src" cflags | tr '\n' ' ')
    ldflags=$(header_value "$src" ldflags | tr '\n' ' ')
    args=$(header_value "$src" args)
    envs=$(header_value "$src" env | paste -sd, -)
    stdin=$(header_value "$src" stdin)
    qemu=$(header_value "$src" qemu)
    armabi=$(header_value "$src" armabi)
    [ -n "$stdin" ] && stdin="$SRCDIR/$stdin"

    # Variant list: name:link:opt:march (arm: name:link:opt:march:abi:isa)
    list=()
    if [ "$ARCH" = arm ]; then
        if [ "$variants" = all ]; then
            # Both instruction sets and optimisation levels at each architecture level
            # (ARMv7 and ARMv8 hard-float, armel's ARMv5), -O0 static and -O2 dynamic.
            for i in arm thumb; do for o in O0 O2; do
                l=static
                [ "$o" = O2 ] && l=dyn
                for m in v7 v8; do list+=("hf-$i-$o-$m-$l:$l:$o:$m:hf:$i"); done
                list+=("el-$i-$o-v5-$l:$l:$o:v5:el:$i")
            done; done
        else
            # Four variants: both instruction sets, both optimisation levels and link
            # modes, ARMv7, ARMv8 and armel's ARMv5, the pairing rotating with the
            # program index.
            isas=(arm thumb); opts=(O0 O2)
            a=$((idx % 2)); b=$(((idx + 1) % 2)); c=$(((idx / 2) % 2)); d=$(((idx / 2 + 1) % 2))
            list=("hf-${isas[a]}-${opts[c]}-v7-${LINKS[a]}:${LINKS[a]}:${opts[c]}:v7:hf:${isas[a]}"
                  "hf-${isas[b]}-${opts[d]}-v7-${LINKS[b]}:${LINKS[b]}:${opts[d]}:v7:hf:${isas[b]}"
                  "hf-${isas[c]}-O2-v8-${LINKS[d]}:${LINKS[d]}:O2:v8:hf:${isas[c]}"
                  "el-${isas[d]}-${opts[a]}-v5-${LINKS[c]}:${LINKS[c]}:${opts[a]}:v5:el:${isas[d]}")
        fi
        if [ "$armabi" = hf ]; then
            # Needs the FP unit's exception flags and rounding modes, which armel's
            # soft float does not have: its variants become hard-float ARMv7 ones.
            fixed=()
            for v in "${list[@]}"; do
                IFS=: read -r _ l o m abi i <<<"$v"
                [ "$abi" = el ] && m=v7
                fixed+=("hf-$i-$o-$m-$l:$l:$o:$m:hf:$i")
            done
            mapfile -t list < <(printf '%s\n' "${fixed[@]}" | awk '!seen[$0]++')
        fi
        if [ -n "$flags" ]; then
            # +crypto / +crc programs build for ARMv8 only (armel's ARMv5 has neither).
            fixed=()
            for v in "${list[@]}"; do
                IFS=: read -r _ l o _ abi i <<<"$v"
                [ "$abi" = hf ] && fixed+=("hf-$i-$o-v8-$l:$l:$o:v8:hf:$i")
            done
            mapfile -t list < <(printf '%s\n' "${fixed[@]}" | awk '!seen[$0]++')
        fi
    elif [ "$ext" = S ]; then
        list=("static:static:-:${MARCHS[0]}" "pie:pie:-:${MARCHS[0]}")
    elif [ "$variants" = all ]; then
        for l in "${LINKS[@]}"; do for o in O0 O2 O3; do for m in "${MARCHS[@]}"; do
            list+=("$l-$o-$m:$l:$o:$m")
        done; done; done
    elif [ "$ARCH" = aarch64 ]; then
        # Three variants: every program gets O0, O2 and O3, both link modes and
        # both -march levels; the pairing rotates with the program index.
        a=$((idx % 2)); b=$(((idx + 1) % 2)); c=$(((idx / 2) % 2)); d=$(((idx / 2 + 1) % 2))
        list=("${LINKS[a]}-O0-${MARCHS[a]}:${LINKS[a]}:O0:${MARCHS[a]}"
              "${LINKS[b]}-O2-${MARCHS[b]}:${LINKS[b]}:O2:${MARCHS[b]}"
              "${LINKS[c]}-O3-${MARCHS[d]}:${LINKS[c]}:O3:${MARCHS[d]}")
    else
        # Three variants: O0, O2 and O3, each with another of the three -march
        # sets and alternating link modes; the pairing rotates per program.
        opts=(O0 O2 O3)
        for k in 0 1 2; do
            l=${LINKS[$(((idx + k) % 2))]} m=${MARCHS[$(((idx + k) % 3))]}
            list+=("$l-${opts[k]}-$m:$l:${opts[k]}:$m")
        done
    fi
    if [ -n "$flags" ] && [ "$ARCH" = aarch64 ]; then
        # +crypto / +crc programs only build for the armv8.2 level (elsewhere
        # they take their portable path).
        fixed=()
        for v in "${list[@]}"; do
            IFS=: read -r _ l o _ <<<"$v"
            fixed+=("$l-$o-v82:$l:$o:v82")
        done
        mapfile -t list < <(printf '%s\n' "${fixed[@]}" | awk '!seen[$0]++')
    fi
    idx=$((idx + 1))
    nprog=$((nprog + 1))

    if [ -f "$SRCDIR/$name.$ARCH.expected" ]; then
        # An architecture whose output legitimately differs from the reference (its C
        # library's last-bit results, its ABI's conversion routines) has its own
        # expected file, whatever compare says.
        expected="$SRCDIR/$name.$ARCH.expected"
    elif [ "$compare" = native ]; then
        expected="$OUTDIR/ref/$name.out"
        echo "native|$name|$src|-|-|-|$cflags|$ldflags" >>"$jobs_file"
    elif [ "$compare" = expected ]; then
        expected="$SRCDIR/$name.expected"
        if [ ! -f "$expected" ]; then
            echo "build.sh: $file is compare=expected but neither $name.$ARCH.expected nor $name.expected exists" >&2
            exit 1
        fi
    else
        echo "build.sh: $file: unknown compare=$compare" >&2
        exit 1
    fi
    for v in "${list[@]}"; do
        IFS=: read -r vname l o m abi i <<<"$v"
        out="$OUTDIR/bin/$name.$vname"
        echo "cross|$name|$src|$l|$o|$m|$cflags|$ldflags|$out|${abi:-}|${i:-}" >>"$jobs_file"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$vname" "$out" "$expected" "$exit_code" \
            "${signal:--}" "${stdin:--}" "${args:--}" "${envs:--}" "${qemu:--}" >>"$manifest_tmp"
        nvariants=$((nvariants + 1))
    done
    # Remember how to run the native reference (rewritten only when it changes,
    # since the reference output is regenerated when this file is newer).
    runline=$(printf '%s\t%s\t%s\t%s\t%s' "$name" "$exit_code" "${signal:--}" "${stdin:--}" "${args:--}|${envs:--}")
    if [ "$compare" = native ] && [ "$(cat "$OUTDIR/native/$name.run" 2>/dev/null)" != "$runline" ]; then
        printf '%s\n' "$runline" >"$OUTDIR/native/$name.run"
    fi
done

# compile_job LINE: one line of jobs.txt. Prints "built" for real work.
compile_job() {
    IFS='|' read -r kind name src l o m cflags ldflags out abi isa <<<"$1"
    local log="$OUTDIR/log/$name.${out##*.}.log"
    if [ "$kind" = native ]; then
        out="$OUTDIR/native/$name"
        log="$OUTDIR/log/$name.native.log"
        needs_build "$out" "$src" || return 0
        # -funsigned-char: aarch64's plain char is unsigned.
        # shellcheck disable=SC2086
        if ! $NATIVE_CC $NATIVE_FLAGS -O2 -funsigned-char -pthread $cflags -I"$SRCDIR" "$src" -o "$out.tmp" $ldflags -lm 2>"$log"; then
            echo "build.sh: native build of $name failed:" >&2
            cat "$log" >&2
            return 1
        fi
        mv "$out.tmp" "$out"
        echo built
        return 0
    fi
    needs_build "$out" "$src" || return 0
    local lv="LINK_$l" mv="MARCH_$m" optflag="-$o"
    [ "$o" = - ] && optflag=""
    local libs="-lm" cc="$CROSS_CC" isaflag=""
    case "$src" in *.S) libs="-nostdlib" ;; esac
    if [ -n "$abi" ]; then
        local ccv="CC_$abi" iv="ISA_$isa"
        cc=${!ccv}
        isaflag=${!iv}
    fi
    # shellcheck disable=SC2086
    if ! $cc ${!lv} $optflag ${!mv} $isaflag -pthread $cflags -I"$SRCDIR" "$src" -o "$out.tmp" $ldflags $libs 2>"$log"; then
        echo "build.sh: cross build of $name ($out) failed:" >&2
        cat "$log" >&2
        return 1
    fi
    mv "$out.tmp" "$out"
    echo built
}
export -f compile_job needs_build
export OUTDIR SRCDIR CROSS_CC NATIVE_CC NATIVE_FLAGS deps_mtime LINK_static LINK_pie LINK_dyn "${MARCHS[@]/#/MARCH_}"
[ "$ARCH" = arm ] && export CC_hf CC_el ISA_arm ISA_thumb

start=$(date +%s)
if ! tr '\n' '\0' <"$jobs_file" | xargs -0 -P "$JOBS" -I{} bash -c 'compile_job "$1"' _ {} >"$OUTDIR/built.txt"; then
    echo "build.sh: compilation failed (see messages above)" >&2
    exit 1
fi
built=$(grep -c built "$OUTDIR/built.txt" || true)

# Run native references whose output is missing or older than the binary.
refs=0
for runf in "$OUTDIR"/native/*.run; do
    name=$(basename "$runf" .run)
    bin="$OUTDIR/native/$name"
    [ -x "$bin" ] || continue
    ref="$OUTDIR/ref/$name.out"
    if [ -e "$ref" ] && [ "$ref" -nt "$bin" ] && [ "$ref" -nt "$runf" ]; then continue; fi
    IFS=$'\t' read -r _ want_exit want_sig stdin argsenv <"$runf"
    args=${argsenv%%|*}
    envs=${argsenv#*|}
    argv=()
    if [ "$args" != - ]; then IFS=, read -r -a argv <<<"$args,"; fi
    envv=(PATH=/usr/bin:/bin)
    if [ "$envs" != - ]; then IFS=, read -r -a e <<<"$envs"; envv+=("${e[@]}"); fi
    rundir=$(mktemp -d)
    set +e
    # The inner bash waits for the program itself, so its "Aborted"-style
    # messages for the expected signal deaths go to /dev/null.
    (cd "$rundir" && ulimit -c 0 &&
        env -i "${envv[@]}" bash -c '"$@"; exit $?' _ "$bin" "${argv[@]}" <"${stdin/#-//dev/null}" >"$ref.tmp" 2>/dev/null)
    status=$?
    set -e
    rm -rf "$rundir"
    want=$want_exit
    if [ "$want_sig" != - ]; then want=$((128 + $(kill -l "${want_sig#SIG}"))); fi
    if [ "$status" -ne "$want" ]; then
        echo "build.sh: native reference $name exited with $status, manifest expects $want" >&2
        exit 1
    fi
    mv "$ref.tmp" "$ref"
    refs=$((refs + 1))
done
mv "$manifest_tmp" "$OUTDIR/manifest.tsv"
rm -f "$jobs_file" "$OUTDIR/built.txt"
echo "build.sh: $nprog programs, $nvariants $ARCH binaries ($built compiled now, $refs native references run) in $(($(date +%s) - start))s -> $OUTDIR"
