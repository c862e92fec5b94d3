#!/usr/bin/env bash
# Issue 6's proof: a Debian arm64 system built and used without privileges.
#   1. debootstrap --foreign --arch=arm64 --variant=minbase bookworm, on the host (root or
#      fakeroot), kept as a tarball under $CROSSRUN_CACHE so downloads happen once;
#   2. as an unprivileged user (nobody when run as root), with no binfmt entry and no
#      chroot: crossrun --rootfs R -0 /debootstrap/debootstrap --second-stage;
#   3. still rootless: apt-get update and apt-get install hello python3-minimal from
#      Debian's archive inside R, then hello, python3 and a bash login shell run there.
# Every step checks what the guest printed and the script prints timings.
# Usage: tests/rootfs/debootstrap-test.sh [CROSSRUN]   (default target/x86_64-unknown-linux-gnu/release/crossrun)
# tests/rootfs/trixie-test.sh does the same for trixie (glibc 2.41), with gcc and
# threaded programs.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/rootfs/common.sh
rootless_root bookworm
second_stage

guest /usr/bin/apt-get update >"$work/apt-update.log" 2>&1 || { tail -n 20 "$work/apt-update.log" >&2; fail "apt-get update"; }
lap "apt-get update done"
guest /usr/bin/apt-get install -y --no-install-recommends hello python3-minimal >"$work/apt-install.log" 2>&1 ||
    { tail -n 30 "$work/apt-install.log" >&2; fail "apt-get install"; }
lap "apt-get install hello python3-minimal done"

status=$(guest /usr/bin/dpkg -s hello | grep '^Status:')
[ "$status" = "Status: install ok installed" ] || fail "dpkg -s hello: $status"
out=$(guest /usr/bin/hello)
[ "$out" = "Hello, world!" ] || fail "hello printed '$out'"
out=$(guest /usr/bin/python3 -c 'import sys, os; print(sys.version_info[:2] >= (3, 11), os.getuid(), 6 * 7)')
[ "$out" = "True 0 42" ] || fail "python3 printed '$out'"
out=$(guest /bin/bash -l -c 'echo $0; id; echo $HOME; shopt -q login_shell && echo login')
expected=$'/bin/bash\nuid=0(root) gid=0(root) groups=0(root)\n/root\nlogin'
[ "$out" = "$expected" ] || fail "bash -l printed '$out'"
# crossrun's id store at the top of the tree is not the guest's.
out=$(guest /bin/ls -A /)
! grep -q crossrun-ids <<<"$out" || fail "ls / shows the id store: $out"
# The owners dpkg gave files are remembered for the next run: /usr/bin/passwd is
# set-user-ID root, /etc/shadow belongs to group shadow.
out=$(guest /usr/bin/stat -c '%A %U:%G' /usr/bin/passwd /etc/shadow)
[ "$out" = $'-rwsr-xr-x root:root\n-rw-r----- root:shadow' ] || fail "stat printed '$out'"
lap "hello, python3, bash -l and the file owners as expected"
