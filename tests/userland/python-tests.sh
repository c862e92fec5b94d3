#!/usr/bin/env bash
# Runs CPython's own regression tests (Debian's libpython3.11-testsuite arm64
# package) under crossrun, one `python3 -m test -v TEST` per test, and prints
# one summary line per test: exit status, wall time, CPU time (crossrun and
# every guest process it waited for), and the failing cases. Exits non-zero
# unless every test ends with "Tests result: SUCCESS". scripts/test.sh runs it.
#
# usage: tests/userland/python-tests.sh [CROSSRUN] [TEST...]
#   CROSSRUN defaults to the release build ($CARGO_TARGET_DIR or target); the
#   sysroot is built into $CROSSRUN_CACHE/userland-pytest-sysroot; logs go to
#   $PYTEST_LOGS (default target/userland-pytest-logs); each test is killed
#   after $PYTEST_TIMEOUT seconds (default 900: test_subprocess, the longest,
#   starts hundreds of guest Pythons, each a fresh JIT translation).
#
# python-tests.ignore lists the few cases that cannot pass in a sandbox (no
# network, running as root, ...), each with the reason and how it fails the
# same way under the host's own x86_64 python3.11 test suite.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
emu=${1:-${CARGO_TARGET_DIR:-$root/target}/x86_64-unknown-linux-gnu/release/crossrun}
shift || true
tests=("$@")
# Longest first, so that the two lanes finish close together.
[ ${#tests[@]} -gt 0 ] || tests=(test_subprocess test_os test_socket test_json test_signal test_threading test_math
    test_posix test_time test_fcntl test_select test_re test_mmap)
cache=${CROSSRUN_CACHE:-$root/target/deps-cache}
sys="$cache/userland-pytest-sysroot"
logs=${PYTEST_LOGS:-$root/target/userland-pytest-logs}
bash "$here/make-sysroot.sh" "$sys" coreutils,bash,dash,python3,python3.11,libpython3.11-testsuite,findutils,grep,sed || exit 1
mkdir -p "$logs"
# The ignore file without its comments, as `python -m test --ignorefile` reads every line.
grep -v '^#' "$here/python-tests.ignore" | grep . >"$logs/ignore.txt"
# One test's run and summary line; its status says whether it ended in SUCCESS.
run_one() {
    local t=$1 start cpu rc result
    start=$(date +%s)
    cpu=$( { time timeout "${PYTEST_TIMEOUT:-900}" $emu -L "$sys" -0 /usr/bin/python3 "$sys/usr/bin/python3" \
        -m test -v --ignorefile "$logs/ignore.txt" "$t" >"$logs/$t.log" 2>&1; } 2>&1 )
    rc=$?
    result=$(grep -E '^Tests result|^(FAIL|ERROR):' "$logs/$t.log" | tr '\n' ' ')
    echo "$t: exit $rc, $(( $(date +%s) - start ))s, cpu $(awk '{ printf "%.0f", $1 + $2 }' <<<"$cpu")s, $result"
    [ "$(grep '^Tests result' "$logs/$t.log" | tail -1)" = "Tests result: SUCCESS" ]
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
