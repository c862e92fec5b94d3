#!/usr/bin/env bash
# Runs the test suites of widely used crates from crates.io (tests/crates/crates.txt)
# the way cross-rs and CI pipelines do: `cargo test --target TARGET` with crossrun as
# cargo's runner, in the debug and release profiles. Prints one line per crate and
# profile (tests passed, failed, ignored by the crate, excluded here), then checks that
# the crates built on the guest's optional instructions ran them (see
# instructions.txt), and exits non-zero if any suite fails to build, any test fails or
# any check finds its instructions missing. scripts/test.sh runs it.
#
# usage: tests/crates/run.sh [--target TARGET] [--native] [--update-lock] [CROSSRUN]
#   --target TARGET one of the targets in the linker table below (default
#                   aarch64-unknown-linux-gnu); crates.txt says which crates run for it
#   CROSSRUN defaults to the release build ($CARGO_TARGET_DIR or target).
#   --native        build and run TARGET's crates for the host instead (no crossrun),
#                   to tell a test that fails everywhere from a crossrun bug
#   --update-lock   resolve the dependencies afresh into tests/crates/Cargo.lock
#   CROSSRUN_FULL=1 also the crates crates.txt marks `full`;
#   CRATE_SUITES="memchr regex"  only these crates; CRATE_PROFILES="release" only those
#   profiles; logs go to $CRATE_LOGS (default target/crate-suite-logs/TARGET); each
#   cargo run (build and tests) is killed after $CRATE_TIMEOUT seconds (default 1800).
#
# The .crate files are downloaded by name and version from crates.io's static host
# ($CRATES_DL overrides it), checked against the SHA-256 in crates.txt and unpacked
# into one workspace under $CROSSRUN_CACHE/crate-suites, so that the crates share one
# target directory; the dependencies are the ones in tests/crates/Cargo.lock (--locked).
# Each suite is still built and run by its own `cargo test`, with its own features and
# its repository's profile settings, as its CI does (in a workspace cargo would ignore
# a member's [profile] tables: memchr and regex test with opt-level 3 even in debug,
# whose quickcheck and corpus tests take hours unoptimised, natively as here). Doc tests are not run: cross-compiled, each is its own rustc and link
# (about 900 in these crates), which would take longer than all the rest.
# exclude.txt lists the tests left out or run on their own, each with its reason.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
native=0 update_lock=0 guest=aarch64-unknown-linux-gnu
while [ $# -gt 0 ]; do
    case $1 in
        --target) guest=${2:?--target needs a target}; shift ;;
        --native) native=1 ;;
        --update-lock) update_lock=1 ;;
        *) break ;;
    esac
    shift
done
# The cross C compiler that links each target's test binaries (its C library is the one
# crossrun gives a dynamic guest when the host has no multiarch copy). To add a target,
# add its line here, its `rustup target add` to scripts/setup-deps.sh, its architecture
# to the crates in crates.txt that should run for it, and a scripts/test.sh step running
# `tests/crates/run.sh --target TARGET`.
case $guest in
    aarch64-unknown-linux-gnu) linker=aarch64-linux-gnu-gcc ;;
    riscv64gc-unknown-linux-gnu) linker=riscv64-linux-gnu-gcc ;;
    armv7-unknown-linux-gnueabihf) linker=arm-linux-gnueabihf-gcc ;;
    *) echo "crate-suites: no linker known for target $guest (see the table in $0)" >&2; exit 2 ;;
esac
# crates.txt and exclude.txt name a target by its architecture, the triple's first part.
arch=${guest%%-*}
emu=${1:-${CARGO_TARGET_DIR:-$root/target}/x86_64-unknown-linux-gnu/release/crossrun}
cache=${CROSSRUN_CACHE:-$root/target/deps-cache}
ws="$cache/crate-suites"
dl=${CRATES_DL:-https://static.crates.io/crates}
mkdir -p "$ws" "$cache/crates"

# crates.txt without comments: name version sha256 architectures [full] : description.
# All are unpacked into the workspace (one Cargo.lock for every target); $pinned keeps
# the crates whose comma-separated architectures include this target's, leaving out
# those marked `full` unless CROSSRUN_FULL=1 (scripts/test.sh's full run).
# An architecture may carry a suffix: ARCH:full runs the crate for it in full runs only,
# ARCH:release its release profile in every run and its debug profile in full runs only.
mapfile -t listed < <(grep -v '^#' "$here/crates.txt" | grep .)
members=() pinned=() release_only=()
for line in "${listed[@]}"; do
    read -r name version sha archs full _ <<<"$line"
    entry=$(tr ',' '\n' <<<"$archs" | grep -E "^$arch(:|$)" || true)
    limit=${entry#"$arch"}
    if [ "${CROSSRUN_FULL:-0}" = 1 ]; then limit=; fi
    if [ -n "$entry" ] && [ "$limit" != :full ] && { [ "$full" != full ] || [ "${CROSSRUN_FULL:-0}" = 1 ]; }; then
        pinned+=("$line")
        [ "$limit" != :release ] || release_only+=("$name")
    elif [ -n "$entry" ]; then
        echo "$name: in full runs only (crates.txt), left out of this run"
    fi
    crate="$cache/crates/$name-$version.crate"
    if ! echo "$sha  $crate" | sha256sum -c --quiet - >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$crate.tmp" "$dl/$name/$name-$version.crate" || {
            echo "crate-suites: cannot download $name $version from $dl" >&2; exit 1; }
        if ! echo "$sha  $crate.tmp" | sha256sum -c --quiet -; then
            echo "crate-suites: SHA-256 mismatch for $name $version" >&2
            rm -f "$crate.tmp"
            exit 1
        fi
        mv "$crate.tmp" "$crate"
    fi
    [ -d "$ws/$name-$version" ] || tar -xzf "$crate" -C "$ws" || exit 1
    members+=("$name-$version")
done
# regex-automata's integration tests read ../../testdata, the test corpus that sits
# beside it in the regex repository; its .crate leaves it out, regex's carries it.
regex_dir=$(printf '%s\n' "${members[@]}" | grep '^regex-[0-9]')
[ -n "$regex_dir" ] && ln -sfn "$regex_dir/testdata" "$ws/testdata"

{
    echo '# Generated by tests/crates/run.sh from tests/crates/crates.txt.'
    echo '[workspace]'
    echo 'resolver = "2"'
    echo 'members = ['
    printf '    "%s",\n' "${members[@]}"
    echo ']'
} >"$ws/Cargo.toml"
if [ $update_lock = 1 ]; then
    rm -f "$ws/Cargo.lock"
    (cd "$ws" && cargo generate-lockfile) || exit 1
    { echo '# Generated by tests/crates/run.sh --update-lock.'; cat "$ws/Cargo.lock"; } >"$here/Cargo.lock"
    echo "crate-suites: wrote $here/Cargo.lock"
    exit 0
fi
cp "$here/Cargo.lock" "$ws/Cargo.lock"

target_dir="$ws/target"
# cargo's environment names for a target's settings: CARGO_TARGET_<TRIPLE>_RUNNER.
target_env() { local t=${1^^}; echo "CARGO_TARGET_${t//-/_}_$2"; }
if [ $native = 1 ]; then
    target=x86_64-unknown-linux-gnu
    # Apart from the cross build's, so that a native run can go on beside it.
    target_dir="$ws/target-native"
    # The workspace sits under crossrun's tree by default, whose .cargo/config.toml
    # links x86_64 programs statically; the suites are built as their CI builds them.
    export "$(target_env $target RUSTFLAGS)="
    logs=${CRATE_LOGS:-$root/target/crate-suite-logs/$target-$arch}
else
    target=$guest
    [ -x "$emu" ] || { echo "crate-suites: no crossrun at $emu (cargo build --release -p crossrun)" >&2; exit 1; }
    command -v "$linker" >/dev/null || { echo "crate-suites: no $linker (scripts/setup-deps.sh installs it)" >&2; exit 1; }
    export "$(target_env $target LINKER)=$linker"
    runner_var=$(target_env $target RUNNER)
    export "$runner_var=$emu"
    logs=${CRATE_LOGS:-$root/target/crate-suite-logs/$target}
fi
export CARGO_INCREMENTAL=0
mkdir -p "$logs"

# exclude.txt's tests for a crate and profile with the given action (skip: left out;
# alone: left out of the suite's run and run by itself after it), one name a line.
excluded() {
    awk -v c="$1" -v g="$arch" -v p="$2" -v a="$3" '!/^#/ && $1 == c && ($2 == "all" || $2 == g) &&
        ($3 == "all" || $3 == p) && $4 == a { print $5 }' "$here/exclude.txt"
}

# CPU seconds (user + system) used so far by this shell's waited-for children, into
# $children_cpu (`times` run in a command substitution would report the subshell's).
children_cpu() {
    times >"$logs/.times"
    children_cpu=$(awk 'NR == 2 { t = 0
        for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
        printf "%d", t }' "$logs/.times")
}

# The running cargo's `timeout`, which leads its own process group: stopping this
# script stops that cargo's rustc and test processes too.
cargo_pid=
trap '[ -n "$cargo_pid" ] && kill -TERM -- -"$cargo_pid" 2>/dev/null; exit 143' TERM INT HUP

# `cargo test ARGS...` under the time limit, its output appended to $log; returns
# cargo's status (124 when the limit stopped it). run_cargo_fresh empties $log first.
run_cargo() {
    timeout -k 10 "${CRATE_TIMEOUT:-1800}" cargo test "$@" >>"$log" 2>&1 &
    cargo_pid=$!
    wait "$cargo_pid"
    local rc=$?
    cargo_pid=
    return $rc
}
run_cargo_fresh() { : >"$log"; run_cargo "$@"; }

# The [profile.*] settings of the manifest at the root of a crate's repository, as
# `--config profile.NAME.KEY=VALUE` arguments: the tables are simple `key = value` lines.
# regex-automata's tests run in the regex repository's workspace, whose root is regex.
profile_config() {
    local manifest=$ws/$1-$2/Cargo.toml
    [ "$1" = regex-automata ] && manifest=$ws/$regex_dir/Cargo.toml
    awk '/^\[profile\.[a-z-]+\]$/ { p = substr($0, 2, length($0) - 2); next }
        /^\[/ { p = "" }
        p != "" && /^[a-z-]+ *= *[^ ]/ { k = $0; sub(/ *=.*/, "", k); v = $0; sub(/^[^=]*= */, "", v)
            printf "--config\n%s.%s=%s\n", p, k, v }' "$manifest"
}

# cargo test's flags for a crate's own test targets in a profile.
cargo_flags() {
    local profile_args
    mapfile -t profile_args < <(profile_config "$1" "$2")
    flags=(--locked --target "$target" --target-dir "$target_dir"
        --manifest-path "$ws/$1-$2/Cargo.toml" "${profile_args[@]}" --no-fail-fast --lib --bins --tests)
    [ "$3" = release ] && flags+=(--release)
}

# Builds and runs one crate's suite in one profile; prints its summary line and
# returns non-zero if it did not build or a test failed.
run_suite() {
    local name=$1 version=$2 profile=$3 log start cpu rc=0 counts build status=ok
    local skipped alone args=() t
    log="$logs/$name-$profile.log"
    local full_log=$log retried=0 attempt
    : >"$log"
    mapfile -t skipped < <(excluded "$name" "$profile" skip)
    mapfile -t alone < <(excluded "$name" "$profile" alone)
    for t in "${skipped[@]}" "${alone[@]}"; do args+=(--skip "$t"); done
    cargo_flags "$name" "$version" "$profile"
    start=$(date +%s)
    children_cpu
    cpu=$children_cpu
    run_cargo "${flags[@]}" -- --exact "${args[@]}" || rc=$?
    # A test run alone gets three attempts: what it measures (wall-clock bounds of tens
    # of milliseconds, process-wide allocation) also moves with the machine's load. Only
    # the attempt that counts goes into the log's results; a failed one leaves a note.
    for t in "${alone[@]}"; do
        [ $rc -eq 0 ] || break
        for attempt in 1 2 3; do
            rc=0
            log=$full_log.alone run_cargo_fresh "${flags[@]}" -- --exact "$t" || rc=$?
            [ $rc -eq 0 ] || [ $attempt -eq 3 ] && break
            retried=$((retried + 1))
            { echo "crate-suites: $t failed alone, attempt $attempt of 3:"
                grep -E 'panicked at|^assertion' "$full_log.alone"; } >>"$full_log"
        done
        cat "$full_log.alone" >>"$full_log"
    done
    rm -f "$full_log.alone"
    children_cpu
    cpu=$((children_cpu - cpu))
    # Sum the harness's "test result:" lines over the crate's test binaries.
    counts=$(awk '/^test result:/ {
            for (i = 1; i <= NF; i++) { v = $(i - 1) + 0
                if ($i ~ /^passed/) p += v; if ($i ~ /^failed/) f += v; if ($i ~ /^ignored/) g += v }
            n++ }
        END { printf "%d %d %d %d", n, p, f, g }' "$log")
    read -r binaries passed failed ignored <<<"$counts"
    # cargo's "Finished `test` profile [...] target(s) in 1m 02s": the build's wall time.
    build=$(awk '/Finished `/ { sub(/.* in /, ""); m = 0; s = $0
            if (s ~ /m/) { m = s; sub(/m.*/, "", m); sub(/.*m /, "", s) }
            printf "%d", m * 60 + s; exit }' "$log")
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then status="TIMED OUT after ${CRATE_TIMEOUT:-1800}s"
    elif [ $rc -ne 0 ] && [ "$binaries" -eq 0 ]; then status="BUILD FAILED"
    elif [ $rc -ne 0 ] || [ "$failed" -ne 0 ]; then status=FAILED
    elif [ "$binaries" -eq 0 ]; then status="NO TESTS RAN"
    fi
    printf '%-17s %-7s %-7s %4d passed, %d failed, %d ignored by the crate, %d excluded here (%d run alone, %d retried); %ds (build %ss), cpu %ds: %s\n' \
        "$name" "$version" "$profile" "$passed" "$failed" "$ignored" "${#skipped[@]}" "${#alone[@]}" "$retried" \
        "$(( $(date +%s) - start ))" "${build:-?}" "$cpu" "$status"
    if [ "$status" != ok ]; then
        grep -E '^test .* FAILED$|^error(\[|:)|panicked at' "$log" | head -20 | sed 's/^/    /'
        echo "    (log: $log)"
    fi
    [ "$status" = ok ]
}

# Runs the tests matching FILTER of a crate (release build) with `crossrun -d in_asm`
# as the runner and checks that every named instruction was translated: the crate
# really took its AArch64 path (for the crypto crates, the one cpufeatures picks from
# AT_HWCAP). Prints one line; returns non-zero if an instruction is missing.
check_instructions() {
    local name=$1 version=$2 filter=$3 log missing=() m rc=0
    shift 3
    log="$logs/$name-instructions.log"
    : >"$log"
    cargo_flags "$name" "$version" release
    export "$runner_var=$emu -d in_asm"
    run_cargo "${flags[@]}" -- "$filter" || rc=$?
    export "$runner_var=$emu"
    [ "$rc" -eq 0 ] || { echo "$name: running $filter under -d in_asm failed (log: $log)"; return 1; }
    for m in "$@"; do
        # -d in_asm lines: "  0xADDRESS:  ENCODING  ROW NAME"
        grep -qE "^  0x[0-9a-f]+:  [0-9a-f]{8}  $m\$" "$log" || missing+=("$m")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "$name: ${missing[*]} never translated while running $filter (log: $log)"
        return 1
    fi
    echo "$name: $filter ran $*"
}

selected=(${CRATE_SUITES:-})
chosen() { [ ${#selected[@]} -eq 0 ] || printf '%s\n' "${selected[@]}" | grep -qx "$1"; }
failed_suites=0
all_start=$(date +%s)
for profile in ${CRATE_PROFILES:-debug release}; do
    for line in "${pinned[@]}"; do
        read -r name version _ <<<"$line"
        chosen "$name" || continue
        if [ "$profile" = debug ] && printf '%s\n' "${release_only[@]}" | grep -qx "$name"; then
            echo "$name: debug profile in full runs only (crates.txt), left out of this run"
            continue
        fi
        run_suite "$name" "$version" "$profile" || failed_suites=$((failed_suites + 1))
    done
done
failed_checks=0
if [ $native = 0 ]; then
    while read -r check_arch name filter insns; do
        [ "$check_arch" = "$arch" ] || continue
        chosen "$name" || continue
        version=$(printf '%s\n' "${pinned[@]}" | awk -v n="$name" '$1 == n { print $2 }')
        # shellcheck disable=SC2086 # one instruction name a word
        check_instructions "$name" "$version" "$filter" $insns || failed_checks=$((failed_checks + 1))
    done < <(grep -v '^#' "$here/instructions.txt" | grep .)
fi
echo "crate-suites ($target): $failed_suites suites failed, $failed_checks instruction checks failed," \
    "$(( $(date +%s) - all_start ))s (logs in $logs)"
[ "$failed_suites" -eq 0 ] && [ "$failed_checks" -eq 0 ]
