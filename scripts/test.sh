#!/usr/bin/env bash
# The whole test suite, from a fresh Debian bookworm machine: installs what it needs
# (cross compilers, qemu-user for comparison, the unicorn Python package), then runs the
# unit tests, the guest program corpus, the busybox applets, the random differential test
# against Unicorn, and the binfmt_misc tests (as root).
# Downloads are cached under target/deps-cache.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "installing dependencies"
bash scripts/setup-deps.sh

step "unit and integration tests (debug build: every translated block is type-checked)"
cargo test --workspace --exclude crossrun

step "guest programs, busybox and binfmt (release build of crossrun)"
cargo test --release -p crossrun

step "random differential test against Unicorn"
python3 tests/difftest/run.py --count "${CROSSRUN_DIFFTEST_COUNT:-100000}"
