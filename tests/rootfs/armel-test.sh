#!/usr/bin/env bash
# Issue 12's armel proof: Debian armel (32-bit Arm, soft float, ARMv5TE: the C library
# reads its thread pointer through the kuser helpers page) built without privileges:
# `crossrun rootfs create --arch armel --suite bookworm` as an ordinary user (nobody
# when run as root) completes its second stage, and programs of the new root run.
# Usage: tests/rootfs/armel-test.sh [CROSSRUN]
#   (default target/x86_64-unknown-linux-gnu/release/crossrun)
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/rootfs/common.sh
source tests/rootfs/arm-common.sh

created_root bookworm armel
out=$(guest /usr/bin/dpkg --print-architecture)
[ "$out" = armel ] || fail "dpkg --print-architecture printed '$out'"
out=$(guest /usr/bin/dpkg-query -W -f '${Status}\n' libc6 coreutils apt)
[ "$out" = $'install ok installed\ninstall ok installed\ninstall ok installed' ] || fail "dpkg-query printed '$out'"
out=$(guest /usr/bin/perl -e 'printf "%d %.3f\n", 6 * 7, atan2(1, 1) * 4')
[ "$out" = "42 3.142" ] || fail "perl printed '$out'"
expected=$(sha256sum <tests/rootfs/threads.c)
out=$(guest /usr/bin/sha256sum <tests/rootfs/threads.c)
[ "$out" = "$expected" ] || fail "sha256sum printed '$out', natively '$expected'"
lap "armel programs run: dpkg-query, perl (soft-float arithmetic), sha256sum"
