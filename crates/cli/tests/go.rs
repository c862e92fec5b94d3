//! A Go program (tests/go) cross-compiled for linux/arm64, linux/riscv64 and linux/arm
//! (GOARM=5, soft float with the kuser helpers, and GOARM=7) by
//! the host's Go toolchain (Debian's golang-go; scripts/setup-deps.sh installs
//! it) runs under the emulator's JIT and interpreter: goroutines over channels
//! on many threads, the
//! runtime's asynchronous preemption (SIGURG sent with tgkill to a thread
//! spinning in a loop without calls, the classic user-mode emulator failure),
//! timers, os/exec of the same binary, os/signal and the garbage collector.
//!
//! Without `go` on the PATH the tests fail (they do not skip): this proof is
//! required. The build is offline (no modules are fetched) and its cache is
//! under the test target dir. `CROSSRUN` overrides the emulator command.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod common;
use common::{emulator, repo_root};

/// What tests/go prints; every line is deterministic by construction (counts,
/// sums, booleans about timing rather than timings).
const EXPECTED: &str = "\
pipeline sum 6225
fan-in distinct 3200
preempted spinner: true
time.After fired
timer ticks 5 stopped true elapsed>=55ms true
child stdout \"hello from child\\n\" err <nil>
child true err <nil>
child exit code 7
child read \"piped input\"
parallel children n0,n1,n2,n3,n4,n5,n6,n7
got signal user defined signal 1
gc total 3999800000 kept 4 gc cycles>=20 true
all ok
";

/// The build of tests/go for `goarch` (`arm5` and `arm7`: GOARCH=arm at that GOARM),
/// made once per test binary.
fn go_program(goarch: &'static str) -> PathBuf {
    static BINS: Mutex<BTreeMap<&str, PathBuf>> = Mutex::new(BTreeMap::new());
    // Held while building: the builds share go's cache.
    let mut bins = BINS.lock().unwrap_or_else(|e| e.into_inner());
    bins.entry(goarch).or_insert_with(|| build_go_program(goarch)).clone()
}

fn build_go_program(target: &str) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = tmp.join(format!("gocheck-{target}"));
    let (goarch, goarm) = match target {
        "arm5" => ("arm", "5"),
        "arm7" => ("arm", "7"),
        other => (other, ""),
    };
    let res = Command::new("go")
        .args(["build", "-o"])
        .arg(&out)
        .arg(".")
        .current_dir(repo_root().join("tests/go"))
        .env("GOOS", "linux")
        .env("GOARCH", goarch)
        .envs((!goarm.is_empty()).then_some(("GOARM", goarm)))
        .env("CGO_ENABLED", "0")
        // Offline: there are no dependencies, and nothing may be fetched.
        .env("GOFLAGS", "-mod=mod")
        .env("GOPROXY", "off")
        .env("GOENV", "off")
        .env("GOCACHE", tmp.join("go-cache"))
        .env("GOPATH", tmp.join("go-path"))
        .output();
    match res {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "the Go toolchain is not installed (`go` is not on the PATH): these tests need \
             Debian's golang-go (apt-get install golang-go, or scripts/setup-deps.sh)"
        ),
        Err(e) => panic!("cannot run go: {e}"),
        Ok(o) => assert!(
            o.status.success(),
            "go build of tests/go failed ({}):\n{}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        ),
    }
    out
}

struct Run {
    /// None: killed at the deadline.
    status: Option<std::process::ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `emu_flags` + the Go program for `goarch` + `args` under the emulator, killing
/// its whole process group (children included) if it is still running after `limit`.
fn run_go(goarch: &'static str, emu_flags: &[&str], args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    use std::os::unix::process::CommandExt;
    let emu = emulator();
    let start = Instant::now();
    let mut child = Command::new(&emu[0])
        .args(&emu[1..])
        .args(emu_flags)
        .arg(go_program(goarch))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("starting the emulator");
    let pgid = child.id() as i32;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped")));
    let err = drain(Box::new(child.stderr.take().expect("piped")));
    let status = loop {
        if let Some(st) = child.try_wait().expect("waiting for the emulator") {
            break Some(st);
        }
        if start.elapsed() > limit {
            // SAFETY: plain integer arguments; the group is the one spawned above.
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    // Children that outlived the emulator would keep the pipes open.
    // SAFETY: as above; the group may already be gone (ESRCH).
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    Run {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        elapsed,
    }
}

fn check_full_run(goarch: &'static str, emu_flags: &[&str]) {
    let r = run_go(goarch, emu_flags, &[], &[], Duration::from_secs(300));
    assert!(
        r.status.is_some(),
        "timed out after {:?}\nstdout so far:\n{}\nstderr:\n{}",
        r.elapsed,
        r.stdout,
        r.stderr
    );
    assert_eq!(r.stdout, EXPECTED, "stderr:\n{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert!(r.status.is_some_and(|s| s.success()), "exit status {:?}", r.status);
    eprintln!("go program for {goarch} {emu_flags:?}: {:?}", r.elapsed);
}

#[test]
fn go_program_runs_under_the_jit() {
    check_full_run("arm64", &[]);
}

#[test]
fn go_program_runs_under_the_interpreter() {
    check_full_run("arm64", &["-interp"]);
}

#[test]
fn arm_v5_go_program_runs_under_the_jit() {
    check_full_run("arm5", &[]);
}

#[test]
fn arm_v7_go_program_runs_under_the_jit() {
    check_full_run("arm7", &[]);
}

#[test]
fn arm_v7_go_program_runs_under_the_interpreter() {
    check_full_run("arm7", &["-interp"]);
}

#[test]
fn riscv64_go_program_runs_under_the_jit() {
    check_full_run("riscv64", &[]);
}

#[test]
fn riscv64_go_program_runs_under_the_interpreter() {
    check_full_run("riscv64", &["-interp"]);
}

/// The control for the preemption check: with asynchronous preemption turned off in
/// the Go runtime, the spinning goroutine keeps the only P and the program never gets
/// past it, so "preempted spinner: true" in the full run is the emulator delivering
/// SIGURG into the spinning thread, not the loop yielding by itself.
#[test]
fn spinner_only_yields_to_asynchronous_preemption() {
    check_preemption_control("arm64");
}

#[test]
fn arm_spinner_only_yields_to_asynchronous_preemption() {
    check_preemption_control("arm7");
}

#[test]
fn riscv64_spinner_only_yields_to_asynchronous_preemption() {
    check_preemption_control("riscv64");
}

fn check_preemption_control(goarch: &'static str) {
    let limit = Duration::from_secs(5);
    let off = run_go(goarch, &[], &["preempt"], &[("GODEBUG", "asyncpreemptoff=1")], limit);
    assert!(
        off.status.is_none(),
        "finished without async preemption: {:?}\n{}{}",
        off.status,
        off.stdout,
        off.stderr
    );
    assert_eq!(off.stdout, "");
    let on = run_go(goarch, &[], &["preempt"], &[], Duration::from_secs(120));
    assert_eq!(on.stdout, "preempted spinner: true\n", "stderr:\n{}", on.stderr);
    assert!(on.status.is_some_and(|s| s.success()), "exit status {:?}", on.status);
}
