#!/usr/bin/env bash
# The whole test suite, from a fresh Debian bookworm machine: installs what it needs
# (cross compilers, qemu-user for comparison, the unicorn Python package, Rust targets),
# then runs the unit tests, the guest program corpora of the three guests under the JIT
# and the interpreter, the busybox applets, the random differential tests against
# Unicorn, the binfmt_misc tests against the real kernel (those need root and say why
# they skip otherwise), rootless Debian roots (arm64 bookworm and trixie, riscv64
# trixie, armel bookworm, armhf bookworm and trixie with node and npm) with apt-get and
# programs inside them, CPython's own regression tests from Debian's packages, and
# crates.io crates' test suites for aarch64, riscv64gc and armv7. Downloads are cached
# under target/deps-cache (or $CROSSRUN_CACHE).
#
# This default is what CI runs (.ci/run), sized for 90 minutes on 2 cores. The full run,
# CROSSRUN_FULL=1 bash scripts/test.sh, adds what does not fit there: the interpreter
# over every corpus variant (not one per program), the riscv64gc and armv7 crate
# suites' debug profile, and what crates.txt marks for full runs (crossbeam-channel's
# aarch64 debug profile and its riscv64gc and armv7 suites, regex-automata). Each step
# it leaves out says so when it is reached.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step prints how long the one before it took, and the total so far, so a CI log
# shows where the 90 minutes go.
suite_start=$SECONDS step_start=
step() {
    [ -z "$step_start" ] || printf '(step took %ds; %ds so far)\n' $((SECONDS - step_start)) $((SECONDS - suite_start))
    step_start=$SECONDS
    printf '\n=== %s\n' "$*"
}
trap 'printf "(step took %ds; suite took %ds)\n" $((SECONDS - ${step_start:-$suite_start})) $((SECONDS - suite_start))' EXIT

step "installing dependencies"
bash scripts/setup-deps.sh

step "building crossrun (release; static, as .cargo/config.toml builds it)"
cargo build --release -p crossrun -p crossrun-difftest
mkdir -p target/binfmt-test
aarch64-linux-gnu-gcc -static -O2 crates/binfmt/tests/data/print_argv.c -o target/binfmt-test/print_argv
riscv64-linux-gnu-gcc -static -O2 crates/binfmt/tests/data/print_argv.c -o target/binfmt-test/print_argv_riscv64
export CROSSRUN_BIN="$PWD/target/x86_64-unknown-linux-gnu/release/crossrun"
export CROSSRUN_AARCH64_PROGRAM="$PWD/target/binfmt-test/print_argv"
export CROSSRUN_RISCV64_PROGRAM="$PWD/target/binfmt-test/print_argv_riscv64"
# The test machine has Debian's archive: a sysroot that cannot be built is a failure here,
# not a skip.
export CROSSRUN_USERLAND_REQUIRED=1

step "cargo install --path crates/cli, as a user installing from the source tree: a static crossrun that runs the demo"
install_root=$(mktemp -d)
cargo install --locked --quiet --path crates/cli --root "$install_root" --target-dir target
ldd "$install_root/bin/crossrun" 2>&1 | grep -q 'statically linked' ||
    { echo "cargo install made a dynamically linked crossrun" >&2; exit 1; }
"$install_root/bin/crossrun" examples/hello-aarch64 | grep -qx 'Hello from aarch64! sum(1..100) = 5050'
rm -rf "$install_root"

step "the generic crates name no guest architecture (scripts/guest-neutral.sh)"
bash scripts/guest-neutral.sh

step "unit and integration tests (debug build: every translated block is type-checked)"
cargo test --workspace --exclude crossrun

step "guest programs, busybox and bad input under crossrun's JIT (the default)"
cargo test --release -p crossrun

# The interpreter runs each corpus program in one variant (about 11 minutes for every
# variant of all three corpora, which the full run spends); the JIT step above ran them all.
if [ "${CROSSRUN_FULL:-0}" = 1 ]; then interp_variants=all; else interp_variants=one; fi
step "guest programs ($interp_variants variants) and busybox under the reference interpreter (-interp)"
# The runners give guests a clean environment, so the option goes on the command line.
CROSSRUN_CORPUS_VARIANTS=$interp_variants CROSSRUN="$PWD/target/x86_64-unknown-linux-gnu/release/crossrun -interp" \
    cargo test --release -p crossrun --test corpus --test busybox

step "the Debian package: built, installed into a fresh bookworm root, running an aarch64 program there through binfmt_misc (root)"
bash tests/packaging/deb-test.sh

step "random differential test against Unicorn"
python3 tests/difftest/run.py --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"
python3 tests/difftest/run.py --arch riscv64 --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"
python3 tests/difftest/run.py --arch arm --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"
python3 tests/difftest/run.py --arch thumb --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"
python3 tests/difftest/run.py --arch arm --jit --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"
python3 tests/difftest/run.py --arch thumb --jit --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"

step "a Debian arm64 system bootstrapped and used rootless (debootstrap second stage, apt-get, python3, bash -l)"
# As uid 65534 when run as root, with no binfmt entry and no chroot: crossrun --rootfs -0.
bash tests/rootfs/debootstrap-test.sh

step "Debian trixie arm64 (glibc 2.41, clone3 threads) bootstrapped rootless; apt-get install python3 gcc; threads and pools"
bash tests/rootfs/trixie-test.sh

step "Debian trixie riscv64 made by crossrun rootfs create, as an unprivileged user; apt-get install python3 gcc; threads and pools"
ROOTFS_ARCH=riscv64 bash tests/rootfs/trixie-test.sh

step "Debian armel bookworm (ARMv5TE, soft float) made by crossrun rootfs create as an ordinary user"
bash tests/rootfs/armel-test.sh

step "Debian armhf bookworm and trixie (64-bit time_t) made by crossrun rootfs create as an ordinary user; apt-get install python3 nodejs npm gcc; gcc, python3, node, npm and CPython's tests inside"
# About 13 minutes each on this 2-core machine, most of it apt-get unpacking and
# configuring the 412 packages npm brings.
bash tests/rootfs/armhf-test.sh bookworm
bash tests/rootfs/armhf-test.sh trixie

step "CPython's regression tests (Debian's arm64 libpython3.11-testsuite) under the JIT"
# Fails if any of the 13 tests does not end in "Tests result: SUCCESS".
bash tests/userland/python-tests.sh

step "CPython 3.13's regression tests (Debian trixie's arm64 libpython3.13-testsuite) under the JIT"
# test_threading, test_os, test_posix, test_signal and test_subprocess, in the trixie tree
# under --rootfs.
PYTEST_SUITE=trixie bash tests/userland/python-tests.sh

step "CPython 3.13's regression tests (Debian trixie's riscv64 libpython3.13-testsuite) under the JIT"
# test_os, test_signal, test_threading, test_posix and test_math, in a riscv64 trixie tree.
PYTEST_SUITE=trixie PYTEST_ARCH=riscv64 bash tests/userland/python-tests.sh

step "crates.io test suites cross-built for aarch64, cargo test with crossrun as the runner (debug and release)"
# tests/crates/crates.txt: NEON, ARMv8 crypto, atomics, threads, floating point, big
# integers and regex engines. Fails if any suite does not build or any test fails.
bash tests/crates/run.sh

# The riscv64 and armv7 debug builds add about as much again; the full run has them.
if [ "${CROSSRUN_FULL:-0}" = 1 ]; then other_profiles="debug release"; else other_profiles=release; fi
step "crates.io test suites cross-built for riscv64gc, cargo test with crossrun as the runner ($other_profiles)"
CRATE_PROFILES=$other_profiles bash tests/crates/run.sh --target riscv64gc-unknown-linux-gnu

step "crates.io test suites cross-built for armv7 (armhf), cargo test with crossrun as the runner ($other_profiles)"
CRATE_PROFILES=$other_profiles bash tests/crates/run.sh --target armv7-unknown-linux-gnueabihf
