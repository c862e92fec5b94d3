#!/usr/bin/env bash
# Installs everything the test suite and benchmarks need on a fresh Debian bookworm machine.
# Safe to run repeatedly: each step checks whether its work is already done.
set -euo pipefail

need_apt=()
command -v aarch64-linux-gnu-gcc >/dev/null || need_apt+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
# The layout probe (crates/linux/src/abi/layout/probe.rs) compiles offsetof/sizeof with
# each guest's compiler; the riscv64 frontend's tests assemble and disassemble with
# binutils-riscv64-linux-gnu.
command -v riscv64-linux-gnu-gcc >/dev/null || need_apt+=(gcc-riscv64-linux-gnu libc6-dev-riscv64-cross)
command -v busybox >/dev/null || need_apt+=(busybox)
# crates/frontend-a32/tests/objdump.rs decodes armhf's and armel's libraries with these,
# the layout probe compiles with arm's, and the arm guest corpus builds for both.
command -v arm-linux-gnueabihf-gcc >/dev/null || need_apt+=(gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)
command -v arm-linux-gnueabi-gcc >/dev/null || need_apt+=(gcc-arm-linux-gnueabi libc6-dev-armel-cross)
# The arm corpus's native references are i386 (ILP32) builds: gcc -m32 with these two.
# Not gcc-multilib, which conflicts with (and removes) Debian's cross compilers.
dpkg -s libc6-dev-i386 lib32gcc-12-dev >/dev/null 2>&1 || need_apt+=(libc6-dev-i386 lib32gcc-12-dev)
# crates/cli/tests/go.rs cross-compiles tests/go for arm64 with Debian's Go.
command -v go >/dev/null || need_apt+=(golang-go)
# tests/fetch-deb.sh downloads Debian packages by name.
command -v curl >/dev/null || need_apt+=(curl)
command -v xz >/dev/null || need_apt+=(xz-utils)
# `crossrun rootfs create` runs debootstrap's first stage (as root, else under fakeroot).
command -v debootstrap >/dev/null || need_apt+=(debootstrap)
command -v fakeroot >/dev/null || need_apt+=(fakeroot)
# tests/rootfs/debootstrap-stage1.sh checks a release's signature before debootstrap does.
command -v gpgv >/dev/null || need_apt+=(gpgv)
# crates/cli/tests/userland.rs compiles a Java class on the host for the arm64 JVM.
command -v javac >/dev/null || need_apt+=(openjdk-17-jdk-headless)
# crates/cli/tests/gdb.rs debugs guests through crossrun's -g stub.
command -v gdb-multiarch >/dev/null || need_apt+=(gdb-multiarch)
# crates/cli/tests/perf.rs profiles a guest with perf and -perfmap.
command -v perf >/dev/null || need_apt+=(linux-perf)

# Machines that cross-build for arm64 have Debian's multiarch C library beside the cross
# toolchain's (any -dev:arm64 package brings it in); crossrun must keep the two apart, so
# the tests run on such a machine.
need_arch=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    need_arch=1
fi
dpkg -s libc6:arm64 >/dev/null 2>&1 || need_apt+=(libc6:arm64)

if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/backports.list
fi
qemu_ok=0
if command -v qemu-aarch64 >/dev/null && qemu-aarch64 -version | grep -q 'version 1[0-9]'; then qemu_ok=1; fi

if [ ${#need_apt[@]} -gt 0 ] || [ $qemu_ok = 0 ] || [ $need_arch = 1 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    if [ ${#need_apt[@]} -gt 0 ]; then apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}" >/dev/null; fi
    if [ $qemu_ok = 0 ]; then apt-get -o DPkg::Lock::Timeout=600 install -y -qq -t bookworm-backports qemu-user >/dev/null; fi
fi

python3 -c 'import unicorn' 2>/dev/null || python3 -m pip install -q 'unicorn==2.1.*'
# tests/crates/run.sh cross-builds crates' test suites with rustup's standard libraries.
for target in aarch64-unknown-linux-gnu riscv64gc-unknown-linux-gnu armv7-unknown-linux-gnueabihf; do
    rustup target list --installed | grep -qx $target || rustup target add $target
done
echo "setup-deps: toolchains ready"
