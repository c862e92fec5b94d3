//! Guest C programs (tests/guest/*.c) cross-compiled for aarch64, and those that are not
//! AArch64-specific for 32-bit Arm, and run under the real `crossrun` binary; their output
//! must match tests/guest/*.expected exactly.
//!
//! Needs `aarch64-linux-gnu-gcc` and `arm-linux-gnueabi(hf)-gcc` (each guest's tests are
//! skipped with a message without its compiler). The binary is
//! `$CROSSRUN_BIN`, or `crossrun` next to this test's target directory, built with
//! `cargo build -p crossrun` if it is not there.

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to build and run a guest program.
struct Target {
    cc: &'static str,
    cflags: &'static [&'static str],
    /// crossrun's options.
    options: &'static [&'static str],
}

const AARCH64: Target = Target { cc: "aarch64-linux-gnu-gcc", cflags: &[], options: &[] };

/// armel on an ARMv5TE core (arm926, no VFP): Debian's soft-float baseline, whose C
/// library reads the thread pointer through the kuser helpers.
const ARMEL_V5: Target = Target { cc: "arm-linux-gnueabi-gcc", cflags: &["-march=armv5te"], options: &["-cpu", "arm926"] };

/// armhf on the default (ARMv7-A) core: Debian's hard-float baseline.
const ARMHF: Target = Target { cc: "arm-linux-gnueabihf-gcc", cflags: &[], options: &[] };

fn have_cross_compiler(cc: &str) -> bool {
    Command::new(cc).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guest")
}

/// Compiles `name.c` for aarch64 with `flags`, runs it, and checks its stdout and exit
/// status.
fn run_guest(name: &str, flags: &[&str], expect_status: i32) {
    run_on(&AARCH64, name, flags, expect_status);
}

fn run_on(t: &Target, name: &str, flags: &[&str], expect_status: i32) {
    if !have_cross_compiler(t.cc) {
        eprintln!("skipping {name}: {} not found", t.cc);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join(name);
    let src = source_dir().join(format!("{name}.c"));
    let out = Command::new(t.cc)
        .args(["-static", "-O2", "-pthread"])
        .args(t.cflags)
        .args(flags)
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("run the cross compiler");
    assert!(out.status.success(), "compiling {name}: {}", String::from_utf8_lossy(&out.stderr));
    let mut child = Command::new(common::crossrun())
        .args(t.options)
        .arg(&exe)
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start crossrun");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{name} {flags:?} timed out");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = std::fs::read_to_string(source_dir().join(format!("{name}.expected"))).unwrap();
    assert_eq!(stdout, expected, "{name} {flags:?} output differs; stderr:\n{stderr}");
    assert_eq!(status.code(), Some(expect_status), "{name} {flags:?}: {status:?}; stderr:\n{stderr}");
}

#[test]
fn fault_handlers_see_siginfo_and_can_longjmp_or_skip() {
    run_guest("sig_fault", &[], 0);
}

#[test]
fn alarm_interrupts_read_with_and_without_sa_restart() {
    run_guest("sig_alarm", &[], 0);
}

#[test]
fn stack_overflow_is_caught_on_the_alternate_stack() {
    run_guest("sig_altstack", &[], 0);
}

#[test]
fn raise_kill_sigqueue_masks_and_flags() {
    run_guest("sig_raise", &[], 0);
}

#[test]
fn threads_with_exclusive_atomics() {
    run_guest("thr_basic", &[], 0);
}

#[test]
fn threads_with_lse_atomics() {
    run_guest("thr_basic", &["-march=armv8.2-a+lse"], 0);
}

#[test]
fn per_thread_masks_storm_and_main_thread_exit() {
    run_guest("thr_signal", &[], 3);
}

#[test]
fn pthread_cancel_unwinds_through_the_signal_frame_and_setuid_reaches_all_threads() {
    run_guest("thr_cancel", &[], 0);
}

#[test]
fn clone3_threads_on_their_own_stacks_with_pidfds_and_fd_tables() {
    run_guest("thr_clone3", &[], 0);
}

#[test]
fn posix_spawn_reports_a_failed_exec_through_the_parents_memory() {
    run_guest("spawn_errors", &[], 0);
}

/// The programs that are not AArch64-specific (sig_fault reads arm64's sigcontext
/// records) as 32-bit Arm programs, in Arm and Thumb state: signals with arm's frames,
/// threads with arm's clone and TLS, exclusives and the kuser helpers.
#[test]
fn arm_signals_and_threads() {
    for isa in ["-marm", "-mthumb"] {
        for (name, status) in [("sig_alarm", 0), ("sig_altstack", 0), ("sig_raise", 0), ("thr_basic", 0), ("thr_signal", 3), ("thr_cancel", 0), ("spawn_errors", 0)] {
            run_on(&ARMEL_V5, name, &[isa], status);
        }
    }
}

/// Every call that gives a 32-bit guest memory (mmap with and without hints, of files,
/// brk, mremap moving a mapping, shmat, thread stacks) gives it below 4 GiB until the
/// space is full, and then fails as Linux does, never with an alias above it.
#[test]
fn a_32_bit_guest_gets_all_its_memory_below_4_gib() {
    run_on(&ARMHF, "addr32", &[], 0);
}
