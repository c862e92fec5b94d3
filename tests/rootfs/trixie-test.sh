#!/usr/bin/env bash
# Issue 14's proof: today's Debian (trixie: glibc 2.41, whose pthread_create and
# posix_spawn make their tasks with clone3) built and used without privileges, as
# debootstrap-test.sh does for bookworm:
#   1. debootstrap --foreign --arch=arm64 --variant=minbase trixie on the host, cached
#      as a tarball under $CROSSRUN_CACHE;
#   2. as an unprivileged user, with no binfmt entry and no chroot:
#      crossrun --rootfs R -0 /debootstrap/debootstrap --second-stage;
#   3. apt-get update and apt-get install python3 gcc (and libc6-dev, which gcc only
#      recommends) from trixie's archive; the .debs are cached under
#      $CROSSRUN_CACHE/apt-trixie-arm64 for the next run;
#   4. the guest's gcc compiles tests/rootfs/threads.c (pthreads) and the program
#      prints what the same source prints compiled natively; python3 runs
#      tests/rootfs/pools.py (a concurrent.futures thread pool, multiprocessing pools
#      by fork, spawn and forkserver) and prints what the host's python3 prints.
# Usage: tests/rootfs/trixie-test.sh [CROSSRUN]   (default target/x86_64-unknown-linux-gnu/release/crossrun)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/rootfs/common.sh
rootless_root trixie
second_stage

guest /usr/bin/apt-get update >"$work/apt-update.log" 2>&1 || { tail -n 20 "$work/apt-update.log" >&2; fail "apt-get update"; }
lap "apt-get update done"
debs=$cache/apt-trixie-arm64
mkdir -p "$debs"
archives=$R/var/cache/apt/archives
find "$debs" -name '*.deb' -exec cp -t "$archives" {} +
[ ${#as_user[@]} = 0 ] || chown -R 65534:65534 "$archives"
guest /usr/bin/apt-get install -y --no-install-recommends python3 gcc libc6-dev >"$work/apt-install.log" 2>&1 ||
    { tail -n 30 "$work/apt-install.log" >&2; fail "apt-get install"; }
find "$archives" -maxdepth 1 -name '*.deb' -exec cp -n -t "$debs" {} +
lap "apt-get install python3 gcc libc6-dev done ($(find "$debs" -name '*.deb' | wc -l) .debs cached)"

out=$(guest /usr/bin/getconf GNU_LIBC_VERSION)
[ "$out" = "glibc 2.41" ] || fail "getconf GNU_LIBC_VERSION printed '$out'"
out=$(guest /usr/bin/python3 -c 'import sys; print(sys.version_info[:2])')
[ "$out" = "(3, 13)" ] || fail "python3 is '$out'"

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
