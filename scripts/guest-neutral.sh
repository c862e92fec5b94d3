#!/usr/bin/env bash
# Checks that the generic crates name no guest architecture: a guest is its frontend
# crate, its ABI/signal modules under crates/linux/src/abi/<guest>/ and its descriptor,
# and nothing else may know which guest runs (docs/ARCHITECTURE.md, "Guests").
#
# Scans the code lines (not comments, not #[cfg(test)] modules, not tests/) of memory,
# loader, ir, exec, jit, gdb, linux outside its per-guest modules, and cli, for guest
# names, register names and system-register names. Each line allowed below says why
# naming a guest there is not knowing which guest runs. Exits 1 listing any other hit.
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='aarch64|arm64|armhf|armel|gnueabi|riscv|rv64|\ba64\b|a64_|\ba32\b|x\[31\]|x\(31\)|midr|tpidr|fpcr|fpsr|fpscr'

# file:text pairs; the text must occur on the hit's line.
allowed=(
    # The registry: the one list of guests, which everything else iterates.
    "crates/linux/src/arch.rs:pub static GUESTS"
    # The per-guest modules' declarations.
    "crates/linux/src/abi/mod.rs:pub mod aarch64;"
    "crates/linux/src/abi/mod.rs:pub mod riscv64;"
    "crates/linux/src/abi/mod.rs:pub mod arm;"
    # ELF's table of machine names, for messages about programs crossrun does not run
    # (it names i386, ppc and s390x too; which machines run comes from the registry).
    "crates/loader/src/ident.rs:=> \"aarch64"
    "crates/loader/src/ident.rs:=> \"riscv"
    "crates/loader/src/ident.rs:=> \"arm"
    # Text for people: qemu's program names, in help and the man page.
    "crates/cli/src/docs.rs:fBqemu"
    "crates/cli/src/options.rs:crossrun can replace qemu-aarch64 and its siblings"
)

files=$(git ls-files 'crates/memory/src/*.rs' 'crates/loader/src/*.rs' 'crates/ir/src/*.rs' \
    'crates/exec/src/*.rs' 'crates/jit/src/*.rs' 'crates/gdb/src/*.rs' 'crates/cli/src/*.rs' \
    'crates/linux/src/*.rs' | grep -Ev '^crates/linux/src/abi/(aarch64|riscv64|arm)/' |
    # Test-only modules (declared under #[cfg(test)]): the arm EABI handler tests.
    grep -Ev '^crates/linux/src/abi/layout/eabi/')

hits=$(for f in $files; do
    awk -v F="$f" -v P="$pattern" '
        /^#\[cfg\(test\)\]/ { exit }
        { line = $0; sub(/^[ \t]+/, "", line); if (line ~ /^\/\//) next
          code = $0; sub(/[ \t]\/\/ .*$/, "", code)
          if (tolower(code) ~ P) print F ":" NR ":" $0 }' "$f"
done)

bad=0
while IFS= read -r hit; do
    [ -n "$hit" ] || continue
    file=${hit%%:*}
    ok=0
    for a in "${allowed[@]}"; do
        if [ "${a%%:*}" = "$file" ] && [[ "$hit" == *"${a#*:}"* ]]; then ok=1; break; fi
    done
    if [ $ok = 0 ]; then echo "guest named in a generic crate: $hit"; bad=1; fi
done <<<"$hits"

if [ $bad = 1 ]; then
    echo "guest-neutral: move these facts into the guest's frontend, ABI or signal module or its descriptor" >&2
    exit 1
fi
echo "guest-neutral: the generic crates name no guest ($(echo "$files" | wc -l) files scanned)"
