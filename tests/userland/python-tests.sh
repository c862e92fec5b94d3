#!/usr/bin/env bash
# Runs CPython's own regression tests (Debian's libpython3.11-testsuite arm64
# package) under crossrun, one `python3 -m test -v TEST` per test, and prints
# one summary line per test. Not part of `cargo test` (it takes ~10 minutes).
#
# usage: tests/userland/python-tests.sh [CROSSRUN] [TEST...]
#   CROSSRUN defaults to target/release/crossrun; the sysroot is built into
#   $CROSSRUN_CACHE/userland-pytest-sysroot; logs go to $PYTEST_LOGS (default
#   target/userland-pytest-logs).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
emu=${1:-$root/target/release/crossrun}
shift || true
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test_json test_re test_math test_time test_fcntl test_select test_mmap
    test_os test_posix test_signal test_threading test_subprocess test_socket)
cache=${CROSSRUN_CACHE:-$root/target/deps-cache}
sys="$cache/userland-pytest-sysroot"
logs=${PYTEST_LOGS:-$root/target/userland-pytest-logs}
bash "$here/make-sysroot.sh" "$sys" coreutils,bash,dash,python3,python3.11,libpython3.11-testsuite,findutils,grep,sed || exit 1
mkdir -p "$logs"
for t in "${tests[@]}"; do
    start=$(date +%s)
    timeout "${PYTEST_TIMEOUT:-600}" $emu -L "$sys" -0 /usr/bin/python3 "$sys/usr/bin/python3" -m test -v "$t" >"$logs/$t.log" 2>&1
    rc=$?
    echo "$t: exit $rc, $(( $(date +%s) - start ))s, $(grep -E '^Tests result|^(FAIL|ERROR):' "$logs/$t.log" | tr '\n' ' ')"
done
