#!/usr/bin/env bash
# Issue 12's userland proof: Debian armhf (32-bit Arm, hard float) built and used
# without privileges, as debootstrap-test.sh does for arm64:
#   1. as an ordinary user (nobody when run as root), with no binfmt entry and no
#      chroot: `crossrun rootfs create --arch armhf --suite SUITE DIR` (debootstrap's
#      first stage under fakeroot, its second stage under crossrun --rootfs -0); the
#      packages are cached under $CROSSRUN_CACHE/rootfs-create;
#   2. apt-get update and apt-get install python3 nodejs npm gcc libc6-dev inside it
#      (the .debs cached under $CROSSRUN_CACHE/apt-SUITE-armhf);
#   3. the guest's gcc compiles tests/rootfs/threads.c and the program prints what the
#      same source prints compiled natively; python3 runs tests/rootfs/pools.py as the
#      host's python3 does; node runs a script that grows buffers (mremap) and prints
#      what it computed; npm installs a package from a local tarball, which node then
#      requires;
#   4. CPython's test_math, test_os, test_posix, test_signal and test_threading from the
#      suite's libpython3.X-testsuite pass in the root.
# SUITE is bookworm (32-bit time_t) or trixie (64-bit time_t, the *_time64 calls).
# Usage: tests/rootfs/armhf-test.sh SUITE [CROSSRUN]
#   (CROSSRUN defaults to target/x86_64-unknown-linux-gnu/release/crossrun)
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=${1:?usage: $0 bookworm|trixie [CROSSRUN]}
shift
source tests/rootfs/common.sh
source tests/rootfs/arm-common.sh

created_root "$suite" armhf

guest /usr/bin/apt-get update >"$work/apt-update.log" 2>&1 || { tail -n 20 "$work/apt-update.log" >&2; fail "apt-get update"; }
lap "apt-get update done"
apt_install "$suite-armhf" python3 nodejs npm gcc libc6-dev
lap "apt-get install python3 nodejs npm gcc libc6-dev done"

out=$(guest /usr/bin/uname -m)
[ "$out" = armv7l ] || fail "uname -m printed '$out'"
out=$(guest /usr/bin/dpkg --print-architecture)
[ "$out" = armhf ] || fail "dpkg --print-architecture printed '$out'"
case $suite in
bookworm) want_glibc="glibc 2.36" ;;
trixie) want_glibc="glibc 2.41" ;;
*) fail "unknown suite $suite" ;;
esac
out=$(guest /usr/bin/getconf GNU_LIBC_VERSION)
[ "$out" = "$want_glibc" ] || fail "getconf GNU_LIBC_VERSION printed '$out'"

put tests/rootfs/threads.c tmp
guest /usr/bin/gcc -O2 -pthread -o /tmp/threads /tmp/threads.c || fail "gcc in the guest"
cc -O2 -pthread -o "$work/threads-native" tests/rootfs/threads.c
expected=$("$work/threads-native")
out=$(guest /tmp/threads)
[ "$out" = "$expected" ] || fail "threads printed '$out', natively '$expected'"
lap "gcc compiled a threaded program, which ran: $out"

put tests/rootfs/pools.py tmp
expected=$(python3 tests/rootfs/pools.py)
out=$(guest /usr/bin/python3 /tmp/pools.py)
[ "$out" = "$expected" ] || fail "pools.py printed '$out', natively '$expected'"
lap "python3 thread and process pools as expected"

node_and_npm

# CPython's own regression tests from the suite's libpython3.X-testsuite, in the root,
# skipping only what tests/userland/python-tests*.ignore says cannot pass in this sandbox
# (natively either). Each must end in "Tests result: SUCCESS".
case $suite in
bookworm) py=3.11 ignore=tests/userland/python-tests.ignore ;;
trixie) py=3.13 ignore=tests/userland/python-tests-trixie.ignore ;;
esac
apt_install "$suite-armhf" "libpython$py-testsuite"
lap "apt-get install libpython$py-testsuite done"
grep -v '^#' "$ignore" | grep . >"$work/python-tests.ignore"
put "$work/python-tests.ignore" tmp
failed=()
for t in test_math test_os test_posix test_signal test_threading; do
    start=$SECONDS
    # SIGINT at its default (a script run in the background inherits it ignored, and
    # then Python installs no KeyboardInterrupt handler for test_signal to check).
    guest /usr/bin/env --default-signal=INT /usr/bin/python3 -m test -v --ignorefile /tmp/python-tests.ignore "$t" \
        >"$work/$t.log" 2>&1
    result=$(grep -E '^(== )?Tests result' "$work/$t.log" | tail -1)
    lap "python3 -m test $t: ${result:-no result} ($((SECONDS - start))s)"
    grep -Eqx '(== )?Tests result: SUCCESS( ==)?' <<<"$result" ||
        { grep -E '^(FAIL|ERROR):' "$work/$t.log" >&2; failed+=("$t"); }
done
[ ${#failed[@]} = 0 ] || fail "CPython tests failed: ${failed[*]}"
