//! Runs the guest program corpus (tests/guest) under the emulator, once per guest
//! architecture.
//!
//! `tests/guest/build.sh ARCH target/guest/ARCH` cross-compiles every program written
//! for ARCH in its variants and writes `target/guest/ARCH/manifest.tsv`; each test
//! runs those binaries under `$CROSSRUN` (default: the crossrun binary of this crate)
//! on two threads and compares stdout, exit status and terminating signal with the
//! expectation. Tests marked `qemu=fails` (or `qemu=fails:VARIANT-SUBSTRING`) are
//! expected to fail when the emulator is qemu; the source of each such test explains
//! the qemu deviation. A `qemu-ARCH` emulator runs only ARCH's corpus (the other
//! test says so and passes). The arm corpus is armhf and armel, Arm and Thumb, ARMv5 to
//! ARMv8, static and dynamic.
//!
//! Environment: CROSSRUN (emulator command, may contain arguments),
//! CROSSRUN_TIMEOUT (seconds per program, default 300),
//! CROSSRUN_CORPUS_FILTER (substring of "name.variant" to select tests).

use std::fs;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

mod common;
use common::{emulator, repo_root};

struct Case {
    name: String,
    variant: String,
    binary: PathBuf,
    expected: PathBuf,
    exit: i32,
    signal: Option<i32>,
    stdin: Option<PathBuf>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// `qemu=fails` (all variants) or `qemu=fails:SUBSTR` (variants containing SUBSTR).
    qemu_fails: bool,
}

enum Outcome {
    Pass,
    Fail(String),
}

fn signal_number(name: &str) -> i32 {
    match name.trim_start_matches("SIG") {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "ILL" => 4,
        "TRAP" => 5,
        "ABRT" => 6,
        "BUS" => 7,
        "FPE" => 8,
        "KILL" => 9,
        "SEGV" => 11,
        "PIPE" => 13,
        "ALRM" => 14,
        "TERM" => 15,
        other => panic!("unknown signal name in manifest: {other}"),
    }
}

fn parse_manifest(path: &Path) -> Vec<Case> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let dash = |s: &str| if s == "-" { None } else { Some(s.to_string()) };
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 10, "bad manifest line: {line}");
            Case {
                name: f[0].to_string(),
                variant: f[1].to_string(),
                binary: PathBuf::from(f[2]),
                expected: PathBuf::from(f[3]),
                exit: f[4].parse().expect("exit code"),
                signal: dash(f[5]).map(|s| signal_number(&s)),
                stdin: dash(f[6]).map(PathBuf::from),
                // args are comma separated; empty fields are empty arguments
                args: dash(f[7]).map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default(),
                env: dash(f[8])
                    .map(|s| {
                        s.split(',')
                            .map(|kv| {
                                let (k, v) = kv.split_once('=').expect("env entry K=V");
                                (k.to_string(), v.to_string())
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                qemu_fails: f[9] == "fails" || f[9].strip_prefix("fails:").is_some_and(|sub| f[1].contains(sub)),
            }
        })
        .collect()
}

/// First differing line of two outputs, for the failure report.
fn first_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i).copied(), a.get(i).copied());
        if x != y {
            let mut s = format!("    first difference at line {}:\n", i + 1);
            for j in i..(i + 3).min(e.len().max(a.len())) {
                s += &format!("    - expected: {}\n", e.get(j).map_or("<end of output>".into(), |l| format!("{l:?}")));
                s += &format!("    + actual:   {}\n", a.get(j).map_or("<end of output>".into(), |l| format!("{l:?}")));
            }
            return s;
        }
    }
    "    (outputs differ only in trailing newline)\n".into()
}

fn run_case(emu: &[String], case: &Case, scratch: &Path, timeout: Duration) -> (Outcome, Duration) {
    let expected = match fs::read(&case.expected) {
        Ok(b) => b,
        Err(e) => return (Outcome::Fail(format!("cannot read {}: {e}", case.expected.display())), Duration::ZERO),
    };
    let dir = scratch.join(format!("{}.{}", case.name, case.variant));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    // `ulimit -c 0` keeps qemu-style core dumps out of the tree; exec keeps
    // the emulator's own exit status and signal.
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c").arg("ulimit -c 0; exec \"$@\"").arg("sh").args(emu).arg(&case.binary).args(&case.args);
    cmd.current_dir(&dir).env_clear().env("PATH", "/usr/bin:/bin");
    for (k, v) in &case.env {
        cmd.env(k, v);
    }
    cmd.stdout(fs::File::create(&out_path).expect("stdout file"));
    cmd.stderr(fs::File::create(&err_path).expect("stderr file"));
    match &case.stdin {
        Some(p) => cmd.stdin(fs::File::open(p).expect("stdin file")),
        None => cmd.stdin(Stdio::null()),
    };
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return (Outcome::Fail(format!("cannot start {:?}: {e}", emu)), Duration::ZERO),
    };
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break Some(s);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let mut actual = Vec::new();
    fs::File::open(&out_path).and_then(|mut f| f.read_to_end(&mut actual)).expect("read stdout");
    let stderr = fs::read_to_string(&err_path).unwrap_or_default();
    let mut problems = Vec::new();
    match status {
        None => problems.push(format!("timed out after {}s", timeout.as_secs())),
        Some(s) => {
            let got = match (s.code(), s.signal()) {
                (Some(c), _) => format!("exit {c}"),
                (None, Some(sig)) => format!("signal {sig}"),
                _ => "unknown status".into(),
            };
            let want = match case.signal {
                Some(sig) => format!("signal {sig}"),
                None => format!("exit {}", case.exit),
            };
            if got != want {
                problems.push(format!("status: expected {want}, got {got}"));
            }
        }
    }
    if actual != expected {
        let (e, a) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(&actual));
        problems.push(format!("stdout differs ({} vs {} bytes)\n{}", expected.len(), actual.len(), first_diff(&e, &a)));
    }
    if problems.is_empty() {
        let _ = fs::remove_dir_all(&dir);
        (Outcome::Pass, elapsed)
    } else {
        let tail: String = stderr.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n    ");
        if !tail.is_empty() {
            problems.push(format!("stderr (last lines):\n    {tail}"));
        }
        (Outcome::Fail(problems.join("\n  ")), elapsed)
    }
}

#[test]
fn aarch64_corpus() {
    run_corpus("aarch64", &["aarch64-linux-gnu-gcc"], "gcc-aarch64-linux-gnu libc6-dev-arm64-cross");
}

#[test]
fn riscv64_corpus() {
    run_corpus("riscv64", &["riscv64-linux-gnu-gcc"], "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross");
}

/// The programs that are not AArch64- or RISC-V-specific, built for 32-bit Arm.
#[test]
fn arm_corpus() {
    run_corpus(
        "arm",
        &["arm-linux-gnueabihf-gcc", "arm-linux-gnueabi-gcc"],
        "gcc-arm-linux-gnueabihf gcc-arm-linux-gnueabi libc6-dev-i386 lib32gcc-12-dev",
    );
}

fn run_corpus(arch: &str, cross_compilers: &[&str], packages: &str) {
    let emu = emulator();
    let emu_name = Path::new(&emu[0]).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if emu_name.starts_with("qemu-") && emu_name != format!("qemu-{arch}") {
        println!("{arch} corpus skipped: the emulator {emu_name} runs another architecture");
        return;
    }
    let root = repo_root();
    let out = root.join("target/guest").join(arch);
    for cross_cc in cross_compilers {
        if Command::new(cross_cc).arg("--version").output().is_err() {
            panic!(
                "{cross_cc} not found: the {arch} guest corpus cannot be built. \
                 Install it with scripts/setup-deps.sh (apt: {packages})."
            );
        }
    }
    let status = Command::new("bash")
        .arg(root.join("tests/guest/build.sh"))
        .arg(arch)
        .arg(&out)
        .status()
        .expect("running tests/guest/build.sh");
    assert!(status.success(), "tests/guest/build.sh {arch} failed");

    let is_qemu = emu_name.contains("qemu");
    let filter = std::env::var("CROSSRUN_CORPUS_FILTER").unwrap_or_default();
    let timeout = Duration::from_secs(
        std::env::var("CROSSRUN_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(300),
    );
    let mut cases = parse_manifest(&out.join("manifest.tsv"));
    cases.retain(|c| format!("{}.{}", c.name, c.variant).contains(&filter));
    // CROSSRUN_CORPUS_VARIANTS=one: each program once, in the first variant its manifest
    // lists (scripts/test.sh's quick run gives the interpreter every program this way;
    // its full run, every variant).
    if std::env::var("CROSSRUN_CORPUS_VARIANTS").is_ok_and(|v| v == "one") {
        let mut seen = std::collections::HashSet::new();
        cases.retain(|c| seen.insert(c.name.clone()));
    }
    assert!(!cases.is_empty(), "no {arch} corpus programs selected");
    let scratch = out.join("run");
    fs::create_dir_all(&scratch).expect("scratch dir");

    println!("{arch} corpus: {} programs/variants under {:?}", cases.len(), emu);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Outcome, Duration)>> = Mutex::new(Vec::new());
    let started = Instant::now();
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let (outcome, t) = run_case(&emu, case, &scratch, timeout);
                let verdict = match (&outcome, case.qemu_fails && is_qemu) {
                    (Outcome::Pass, false) => "ok",
                    (Outcome::Pass, true) => "XPASS (marked qemu=fails)",
                    (Outcome::Fail(_), false) => "FAIL",
                    (Outcome::Fail(_), true) => "xfail (known qemu deviation)",
                };
                println!("{:<48} {:>7.2}s  {verdict}", format!("{}.{}", case.name, case.variant), t.as_secs_f64());
                results.lock().unwrap().push((i, outcome, t));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    let mut failures = Vec::new();
    let (mut passed, mut xfailed) = (0, 0);
    for (i, outcome, _) in &results {
        let case = &cases[*i];
        match outcome {
            Outcome::Pass => passed += 1,
            Outcome::Fail(_) if case.qemu_fails && is_qemu => xfailed += 1,
            Outcome::Fail(why) => failures.push(format!("{}.{}: {why}", case.name, case.variant)),
        }
    }
    let slowest = results.iter().max_by_key(|r| r.2).map(|r| (&cases[r.0], r.2));
    println!(
        "{arch} corpus: {passed} passed, {} failed, {xfailed} expected failures (qemu), {:.1}s total{}",
        failures.len(),
        started.elapsed().as_secs_f64(),
        slowest.map_or(String::new(), |(c, t)| format!(", slowest {}.{} {:.1}s", c.name, c.variant, t.as_secs_f64()))
    );
    assert!(failures.is_empty(), "{} {arch} corpus program(s) failed:\n{}", failures.len(), failures.join("\n"));
}
