#!/usr/bin/env bash
# Runs CPython's own regression tests (Debian's arm64 libpython3.11-testsuite from
# bookworm, or with PYTEST_SUITE=trixie libpython3.13-testsuite from trixie)
# under crossrun, one `python3 -m test -v TEST` per test, and prints
# one summary line per test: exit status, wall time, CPU time (crossrun and
# every guest process it waited for), and the failing cases. Exits non-zero
# unless every test ends with "Tests result: SUCCESS". scripts/test.sh runs it.
#
# usage: tests/userland/python-tests.sh [CROSSRUN] [TEST...]
#   CROSSRUN defaults to the release build ($CARGO_TARGET_DIR or target); the
#   sysroot is built into $CROSSRUN_CACHE/userland-pytest-sysroot (bookworm) or
#   userland-pytest-sysroot-SUITE; logs go to $PYTEST_LOGS (default
#   target/userland-pytest-logs, or target/userland-pytest-logs-SUITE); each test is killed
#   after $PYTEST_TIMEOUT seconds (default 900: test_subprocess, the longest,
#   starts hundreds of guest Pythons, each a fresh JIT translation).
#
# python-tests.ignore (bookworm) and python-tests-SUITE.ignore list the few
# cases that cannot pass in a sandbox (no network, running as root, ...), each
# with the reason and how it fails the same way natively on x86_64 (the host's
# python3.11, or the same Debian release's x86_64 python3.13).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
emu=${1:-${CARGO_TARGET_DIR:-$root/target}/x86_64-unknown-linux-gnu/release/crossrun}
shift || true
tests=("$@")
cache=$(realpath -m "${CROSSRUN_CACHE:-$root/target/deps-cache}")
suite=${PYTEST_SUITE:-bookworm}
# Longest first, so that the two lanes finish close together.
case $suite in
bookworm)
    py=3.11 sys="$cache/userland-pytest-sysroot" ignore="$here/python-tests.ignore" extra=
    logs=${PYTEST_LOGS:-$root/target/userland-pytest-logs}
    [ ${#tests[@]} -gt 0 ] || tests=(test_subprocess test_os test_socket test_json test_signal test_threading test_math
        test_posix test_time test_fcntl test_select test_re test_mmap) ;;
trixie)
    py=3.13 sys="$cache/userland-pytest-sysroot-$suite" ignore="$here/python-tests-$suite.ignore" extra=,base-passwd
    logs=${PYTEST_LOGS:-$root/target/userland-pytest-logs-$suite}
    [ ${#tests[@]} -gt 0 ] || tests=(test_subprocess test_os test_signal test_threading test_posix) ;;
*) echo "python-tests: unknown PYTEST_SUITE $suite" >&2; exit 2 ;;
esac
DEBIAN_SUITE=$suite bash "$here/make-sysroot.sh" "$sys" coreutils,bash,dash,python3,python$py,libpython$py-testsuite,findutils,grep,sed$extra ||
    exit 1
if [ "$suite" = bookworm ]; then
    # Under -L: guest paths are looked up in the sysroot first, then on the host.
    guest=(-L "$sys" -0 /usr/bin/python3 "$sys/usr/bin/python3")
    ignorefile=$logs/ignore.txt
else
    # The whole guest in the tree, as under chroot (--rootfs): a relative program run
    # from the guest's /usr/bin (test_subprocess's cwd tests) is the tree's, and the
    # host needs no python3 of the same version. It gets what base-passwd's postinst
    # would create, and a /tmp.
    for f in passwd group; do
        [ -e "$sys/etc/$f" ] || cp "$sys/usr/share/base-passwd/$f.master" "$sys/etc/$f"
    done
    mkdir -p "$sys/tmp" && chmod 1777 "$sys/tmp"
    guest=(--rootfs "$sys" /usr/bin/python3)
    ignorefile=/tmp/python-tests.ignore
fi
mkdir -p "$logs"
# The ignore file without its comments, as `python -m test --ignorefile` reads every line.
grep -v '^#' "$ignore" | grep . >"$logs/ignore.txt"
[ "$suite" = bookworm ] || cp "$logs/ignore.txt" "$sys$ignorefile"
# One test's run and summary line; its status says whether it ended in SUCCESS.
run_one() {
    local t=$1 start cpu rc result
    start=$(date +%s)
    cpu=$( { time timeout "${PYTEST_TIMEOUT:-900}" $emu "${guest[@]}" \
        -m test -v --ignorefile "$ignorefile" "$t" >"$logs/$t.log" 2>&1; } 2>&1 )
    rc=$?
    result=$(grep -E '^(== )?Tests result|^(FAIL|ERROR):' "$logs/$t.log" | tr '\n' ' ')
    echo "$t: exit $rc, $(( $(date +%s) - start ))s, cpu $(awk '{ printf "%.0f", $1 + $2 }' <<<"$cpu")s, $result"
    # 3.13 frames the line: "== Tests result: SUCCESS ==".
    grep -E '^(== )?Tests result' "$logs/$t.log" | tail -1 | grep -Eqx '(== )?Tests result: SUCCESS( ==)?'

}
TIMEFORMAT='%U %S'
# $PYTEST_JOBS tests at a time (default 2, CI's core count): each test is mostly one
# single-threaded guest process, and the timing-sensitive ones pass on a loaded machine.
jobs_max=${PYTEST_JOBS:-2}
failed=0
all_start=$(date +%s)
running=0
for t in "${tests[@]}"; do
    if [ "$running" -ge "$jobs_max" ]; then
        wait -n || failed=$((failed + 1))
        running=$((running - 1))
    fi
    run_one "$t" &
    running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=$((failed + 1))
    running=$((running - 1))
done
echo "python-tests: ${#tests[@]} tests, $failed failed, $(( $(date +%s) - all_start ))s (logs in $logs)"
[ "$failed" -eq 0 ]
