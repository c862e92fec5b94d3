//! `-g PORT` with Debian's gdb-multiarch, as a user debugs: C programs cross-built with
//! `aarch64-linux-gnu-gcc -g` and `riscv64-linux-gnu-gcc -g` (tests/gdb/), gdb's own
//! output checked. Each session runs
//! under the JIT and again under the interpreter. Ctrl-C is sent over the remote
//! protocol directly (gdb in batch mode cannot be interrupted).
//!
//! Skipped, with the reason printed, when gdb-multiarch or the cross compiler is missing
//! (a failure under `CROSSRUN_USERLAND_REQUIRED=1`, as scripts/test.sh sets).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{emulator, repo_root};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Builds tests/gdb/NAME.c (static, -O0 -g); None (with the reason printed) if the
/// tools are missing.
fn build(name: &str, variant: &str) -> Option<PathBuf> {
    build_with(name, variant, &["-static"])
}

fn build_with(name: &str, variant: &str, link: &[&str]) -> Option<PathBuf> {
    build_for("aarch64-linux-gnu-gcc", name, variant, link)
}

/// Builds tests/gdb/NAME.c with the cross compiler `cc` (-O0 -g, `link`).
fn build_for(cc: &str, name: &str, variant: &str, link: &[&str]) -> Option<PathBuf> {
    for tool in ["gdb-multiarch", cc] {
        if !have(tool) {
            assert!(std::env::var_os("CROSSRUN_USERLAND_REQUIRED").is_none(), "{tool} is missing");
            println!("SKIPPED: {tool} is not installed (scripts/setup-deps.sh installs it)");
            return None;
        }
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("gdb-{cc}-{name}-{variant}"));
    let src = repo_root().join(format!("tests/gdb/{name}.c"));
    let st = Command::new(cc).args(["-g", "-O0", "-pthread"]).args(link).arg(&src).arg("-o").arg(&out).status().unwrap();
    assert!(st.success(), "cannot build {}", src.display());
    Some(out)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// crossrun waiting for gdb on a port, with `extra` options.
fn start(extra: &[&str], program: &Path, args: &[&str]) -> (Child, u16) {
    let port = free_port();
    let mut cmd = emulator();
    cmd.extend(extra.iter().map(|s| s.to_string()));
    let child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .args(["-g", &port.to_string()])
        .arg(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The port is open once crossrun has parsed its options. Not probed by connecting:
    // the stub serves the first connection only.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !listening(port) {
        assert!(Instant::now() < deadline, "crossrun never listened on {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, port)
}

/// Whether something listens on 127.0.0.1:`port` (state 0A in /proc/net/tcp).
fn listening(port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let local = format!("0100007F:{port:04X}");
    table.lines().any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.len() > 3 && f[1] == local && f[3] == "0A"
    })
}

/// Runs gdb-multiarch in batch mode with `commands` against crossrun on `port`.
fn gdb(program: &Path, port: u16, commands: &[&str]) -> String {
    let mut args = vec!["-nx".to_string(), "-q".into(), "-batch".into()];
    for c in ["set pagination off", "set confirm off", &format!("target remote 127.0.0.1:{port}")].iter().copied().chain(commands.iter().copied()) {
        args.push("-ex".into());
        args.push(c.to_string());
    }
    let out = Command::new("gdb-multiarch").args(&args).arg(program).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn finish(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

fn threads_session(extra: &[&str]) {
    let Some(prog) = build("threads", &extra.join("")) else { return };
    let (child, port) = start(extra, &prog, &[]);
    let out = gdb(
        &prog,
        port,
        &[
            "break main",
            "continue",
            "next",
            "next",
            "print local",
            "print total",
            "bt",
            "info registers x0 x29 sp pc cpsr fpcr",
            "x/4i $pc",
            "break worker",
            "continue",
            "info threads",
            "bt",
            "print n",
            "stepi",
            "print $pc == (unsigned long)worker + 4 || $pc > (unsigned long)worker",
            "continue",
        ],
    );
    let run = finish(child);
    assert!(out.contains("Breakpoint 1, main () at "), "{out}");
    // Two `next`s: over the assignment, then over the call of square().
    assert!(out.contains("\n19\t    int total = square(local);\n21\t    int arg = 7;\n"), "{out}");
    assert!(out.contains("$1 = 6\n$2 = 36\n"), "{out}");
    assert!(line_with(&out, "#0  ").starts_with("#0  main () at ") && line_with(&out, "#0  ").contains("threads.c:21"), "{out}");
    assert!(line_with(&out, "x0  ").split_whitespace().nth(2) == Some("36"), "{out}");
    assert!(line_with(&out, "pc  ").contains("<main+"), "{out}");
    assert!(line_with(&out, "cpsr").contains('['), "{out}");
    assert!(out.lines().any(|l| l.starts_with("sp ") && l.contains("0x")), "{out}");
    let listing: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("=> 0x")).take(4).collect();
    assert_eq!(listing.len(), 4, "{out}");
    assert!(listing.iter().all(|l| l.contains("<main+")), "{listing:?}");
    assert!(out.contains("Thread 2 hit Breakpoint 2, worker (arg="), "{out}");
    assert!(out.lines().filter(|l| l.contains("Thread 1.")).count() >= 2, "two threads listed:\n{out}");
    assert!(out.contains("in start_thread ()"), "the second thread's backtrace:\n{out}");
    assert!(out.contains("$3 = "), "{out}");
    assert!(out.contains("$4 = 1"), "{out}");
    assert!(out.contains("[Inferior 1 (process 1) exited with code 03]"), "{out}");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "total=36 worker=49\n");
    assert_eq!(run.status.code(), Some(3));
}

/// The same session on another guest's static program built by `cc`: gdb's register
/// names for that guest (`info registers a0 sp pc` plus `shown`, each of which must be
/// printed) and its disassembler.
fn cross_threads_session(cc: &str, first_arg: &str, shown: &[&str], extra: &[&str]) {
    let Some(prog) = build_for(cc, "threads", &extra.join(""), &["-static"]) else { return };
    let (child, port) = start(extra, &prog, &[]);
    let registers = format!("info registers {first_arg} sp pc {}", shown.join(" "));
    let out = gdb(
        &prog,
        port,
        &[
            "break main",
            "continue",
            "next",
            "next",
            "print local",
            "print total",
            "bt",
            &registers,
            "x/4i $pc",
            "break worker",
            "continue",
            "info threads",
            "print n",
            "continue",
        ],
    );
    let run = finish(child);
    assert!(out.contains("Breakpoint 1, main () at "), "{out}");
    assert!(out.contains("\n19\t    int total = square(local);\n21\t    int arg = 7;\n"), "{out}");
    assert!(out.contains("$1 = 6\n$2 = 36\n"), "{out}");
    assert!(line_with(&out, "#0  ").contains("threads.c:21"), "{out}");
    assert!(line_with(&out, "pc ").contains("<main+"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("sp ") && l.contains("0x")), "{out}");
    for reg in shown {
        assert!(out.lines().any(|l| l.starts_with(&format!("{reg} "))), "{reg} not shown:\n{out}");
    }
    let listing: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("=> 0x")).take(4).collect();
    assert_eq!(listing.len(), 4, "{out}");
    assert!(listing.iter().all(|l| l.contains("<main+")), "{listing:?}");
    assert!(out.contains("Thread 2 hit Breakpoint 2, worker (arg="), "{out}");
    assert!(out.lines().filter(|l| l.contains("Thread 1.")).count() >= 2, "two threads listed:\n{out}");
    assert!(out.contains("[Inferior 1 (process 1) exited with code 03]"), "{out}");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "total=36 worker=49\n");
    assert_eq!(run.status.code(), Some(3));
}

/// riscv64: ABI register names and the fpu feature's fcsr.
fn riscv64_threads_session(extra: &[&str]) {
    cross_threads_session("riscv64-linux-gnu-gcc", "a0", &["fcsr"], extra);
}

fn arm_threads_session(extra: &[&str]) {
    cross_threads_session("arm-linux-gnueabihf-gcc", "r0", &["cpsr", "fpscr"], extra);
}

/// armhf's gcc builds Thumb-2 code by default, so this also checks Thumb breakpoints.
#[test]
fn arm_break_next_print_threads_under_the_jit() {
    arm_threads_session(&[]);
}

#[test]
fn arm_break_next_print_threads_under_the_interpreter() {
    arm_threads_session(&["-interp"]);
}

#[test]
fn riscv64_break_next_print_threads_under_the_jit() {
    riscv64_threads_session(&[]);
}

#[test]
fn riscv64_break_next_print_threads_under_the_interpreter() {
    riscv64_threads_session(&["-interp"]);
}

#[test]
fn break_next_print_bt_threads_under_the_jit() {
    threads_session(&[]);
}

#[test]
fn break_next_print_bt_threads_under_the_interpreter() {
    threads_session(&["-interp"]);
}

fn faults_session(extra: &[&str]) {
    let Some(prog) = build("faults", &extra.join("")) else { return };
    let (child, port) = start(extra, &prog, &[]);
    let out = gdb(
        &prog,
        port,
        &[
            "break 17",
            "continue",
            // value() has run (and been translated): rewrite its `mov w0, #1`.
            "print/x *(unsigned int *)value",
            "set var *(unsigned int *)value = 0x52800540",
            // Registers written here must be what the thread runs with: after a stepi
            // (into value(), which touches neither) gdb reads them back from the stub.
            "set var $x19 = 0x1234",
            "set var $v0.d.u[1] = 77",
            "stepi",
            "print/x $x19",
            "print $v0.d.u[1]",
            "print $tpidr != 0",
            "continue",
            "continue",
        ],
    );
    let run = finish(child);
    assert!(out.contains("$1 = 0x52800020"), "value() is `mov w0, #1`:\n{out}");
    assert!(out.contains("$2 = 0x1234\n$3 = 77\n$4 = 1\n"), "written registers read back:\n{out}");
    assert!(line_with(&out, "value () at").contains("faults.c:"), "stepi entered value():\n{out}");
    assert!(out.contains("Program received signal SIGSEGV, Segmentation fault."), "{out}");
    assert!(line_with(&out, "*bad = 1;").starts_with("19\t"), "{out}");
    assert!(out.contains("Program terminated with signal SIGSEGV, Segmentation fault."), "{out}");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "first 1\nsecond 42\n", "the patched code ran");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(run.status.signal(), Some(libc::SIGSEGV));
}

#[test]
fn code_patched_by_gdb_runs_and_a_fault_is_a_signal_stop_under_the_jit() {
    faults_session(&[]);
}

#[test]
fn code_patched_by_gdb_runs_and_a_fault_is_a_signal_stop_under_the_interpreter() {
    faults_session(&["-interp"]);
}

/// Signals the guest sends itself stop in gdb as natively: one with a handler (passed on,
/// the handler runs), then abort()'s SIGABRT, which ends the process on `continue`.
fn signals_session(extra: &[&str]) {
    let Some(prog) = build("signals", &extra.join("")) else { return };
    let (child, port) = start(extra, &prog, &[]);
    let out = gdb(&prog, port, &["continue", "continue", "bt", "continue"]);
    let run = finish(child);
    assert!(out.contains("Program received signal SIGUSR1, User defined signal 1."), "{out}");
    assert!(out.contains("Program received signal SIGABRT, Aborted."), "{out}");
    assert!(line_with(&out, " in main () at ").contains("signals.c:17"), "{out}");
    assert!(out.contains("Program terminated with signal SIGABRT, Aborted."), "{out}");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "handled 10\n");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(run.status.signal(), Some(libc::SIGABRT));
}

#[test]
fn signals_stop_in_gdb_under_the_jit() {
    signals_session(&[]);
}

#[test]
fn signals_stop_in_gdb_under_the_interpreter() {
    signals_session(&["-interp"]);
}

/// One remote-protocol exchange: sends `body` as a packet (or raw bytes when `raw`), and
/// returns the next packet's body.
fn exchange(s: &mut TcpStream, body: &[u8], raw: bool) -> String {
    if raw {
        s.write_all(body).unwrap();
    } else {
        let sum = body.iter().fold(0u8, |a, &b| a.wrapping_add(b));
        s.write_all(&[b"$", body, format!("#{sum:02x}").as_bytes()].concat()).unwrap();
    }
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        s.read_exact(&mut byte).unwrap();
        got.push(byte[0]);
        if let Some(start) = got.iter().position(|&b| b == b'$') {
            if got.len() >= 3 && got[got.len() - 3] == b'#' && got.len() - 3 > start {
                s.write_all(b"+").unwrap();
                return String::from_utf8_lossy(&got[start + 1..got.len() - 3]).into_owned();
            }
        }
    }
}

/// The protocol's run-length encoding: `X*N` is X followed by N - 29 more copies.
fn run_length_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'*' && i + 1 < b.len() {
            let last = out.chars().last().unwrap();
            out.extend(std::iter::repeat_n(last, (b[i + 1] - 29) as usize));
            i += 2;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn ctrl_c(extra: &[&str]) {
    let Some(prog) = build("faults", &format!("spin{}", extra.join(""))) else { return };
    let (child, port) = start(extra, &prog, &["spin"]);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let first = exchange(&mut s, b"?", false);
    assert!(first.starts_with("T05thread:"), "stopped before the first instruction: {first}");
    s.write_all(b"$vCont;c#a8").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let stop = exchange(&mut s, b"\x03", true);
    assert!(stop.starts_with("T02thread:"), "Ctrl-C stops with SIGINT: {stop}");
    // The loop ran: `spins` (read through gdb's memory packet) is not zero.
    let symbols = Command::new("aarch64-linux-gnu-nm").arg(&prog).output().unwrap();
    let nm = String::from_utf8_lossy(&symbols.stdout);
    let addr = nm.lines().find(|l| l.ends_with(" spins")).and_then(|l| l.split_whitespace().next()).unwrap();
    let value = run_length_decoded(&exchange(&mut s, format!("m{addr},8").as_bytes(), false));
    assert_eq!(value.len(), 16, "{value}");
    assert_ne!(value, "0000000000000000");
    let _ = s.write_all(b"$k#6b");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(finish(child).status.signal(), Some(libc::SIGKILL), "gdb's kill");
}

#[test]
fn ctrl_c_interrupts_compiled_code() {
    ctrl_c(&[]);
}

#[test]
fn ctrl_c_interrupts_the_interpreter() {
    ctrl_c(&["-interp"]);
}

/// A dynamically linked position-independent program: gdb relocates it from the
/// auxiliary vector the stub serves, so `break main` set before it runs is hit.
#[test]
fn a_position_independent_dynamic_program() {
    let Some(prog) = build_with("threads", "pie", &["-pie"]) else { return };
    let (child, port) = start(&[], &prog, &[]);
    let out = gdb(&prog, port, &["set sysroot /usr/aarch64-linux-gnu", "break main", "continue", "next", "print local", "continue"]);
    let run = finish(child);
    assert!(out.contains("Breakpoint 1, main () at "), "{out}");
    assert!(out.contains("$1 = 6"), "{out}");
    assert!(out.contains("exited with code 03]"), "{out}");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "total=36 worker=49\n");
}

#[test]
fn a_busy_port_is_one_clear_line() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let mut cmd = emulator();
    let out = Command::new(cmd.remove(0)).args(&cmd).args(["-g", &port]).arg(repo_root().join("examples/hello-aarch64")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("crossrun: -g {port}: cannot listen for gdb: ")), "{err}");
    assert!(err.contains("in use"), "{err}");
}
