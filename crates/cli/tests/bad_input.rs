//! Bad input never panics crossrun: each case gets exactly one line on stderr, starting
//! with "crossrun:", and exit status 1.

use std::path::{Path, PathBuf};
use std::process::Command;

fn crossrun() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crossrun"))
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_input");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs crossrun with `args` and checks for one error line containing `expect`.
fn fails_with(args: &[&std::ffi::OsStr], expect: &str) {
    let out = crossrun().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit status for {args:?}; stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line of error for {args:?}, got: {stderr}");
    assert!(stderr.starts_with("crossrun: "), "{stderr}");
    assert!(stderr.contains(expect), "expected '{expect}' in: {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
}

fn demo() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-aarch64")).unwrap()
}

#[test]
fn missing_and_non_elf_files() {
    fails_with(&["/nonexistent/program".as_ref()], "cannot read /nonexistent/program: No such file");
    let script = scratch("script.sh", b"#!/bin/sh\necho hi\n");
    fails_with(&[script.as_os_str()], "is not an ELF executable (no ELF magic number)");
    let empty = scratch("empty", b"");
    fails_with(&[empty.as_os_str()], "is not an ELF executable");
}

#[test]
fn truncated_and_corrupted_elf() {
    let elf = demo();
    let truncated = scratch("truncated", &elf[..40]);
    fails_with(&[truncated.as_os_str()], "malformed ELF file: truncated ELF header");
    let cut = scratch("cut", &elf[..elf.len() / 2]);
    fails_with(&[cut.as_os_str()], "extends past the end of the file");
    // Program headers said to lie far beyond the file.
    let mut bad_phoff = elf.clone();
    bad_phoff[32..40].copy_from_slice(&0x7fff_0000u64.to_le_bytes());
    let bad = scratch("bad_phoff", &bad_phoff);
    fails_with(&[bad.as_os_str()], "malformed ELF file");
}

#[test]
fn elf_for_another_machine() {
    fails_with(&["/bin/true".as_ref()], "is built for x86_64, which crossrun cannot run (it runs: aarch64, riscv64, arm)");
    let mut ppc = demo();
    ppc[4] = 1; // ELFCLASS32
    ppc[18..20].copy_from_slice(&20u16.to_le_bytes()); // EM_PPC
    let path = scratch("ppc", &ppc);
    fails_with(&[path.as_os_str()], "is built for ppc, which crossrun cannot run");
    // A 64-bit file relabelled as a 32-bit arm one is read as one, and is nonsense.
    let mut arm32 = demo();
    arm32[4] = 1; // ELFCLASS32
    arm32[18..20].copy_from_slice(&40u16.to_le_bytes()); // EM_ARM
    let path = scratch("arm32", &arm32);
    fails_with(&[path.as_os_str()], "malformed ELF file");
}

/// riscv64 is named wherever crossrun lists the guests it runs: the error for another
/// machine's program, `-h` and `-cpu help`; a 32-bit RISC-V program is refused by name.
#[test]
fn riscv64_is_listed_with_the_guests() {
    let out = crossrun().arg("/bin/true").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let runs = stderr.split_once("(it runs: ").map(|(_, list)| list.trim_end().trim_end_matches(')'));
    assert!(runs.is_some_and(|list| list.split(", ").any(|g| g == "riscv64")), "{stderr}");
    let mut rv32 = demo();
    rv32[4] = 1; // ELFCLASS32
    rv32[18..20].copy_from_slice(&243u16.to_le_bytes()); // EM_RISCV
    let path = scratch("riscv32", &rv32);
    fails_with(&[path.as_os_str()], "is built for riscv32, which crossrun cannot run");

    let help = crossrun().arg("-h").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let line = help.lines().find(|l| l.starts_with("Runs a Linux program built for another CPU")).unwrap_or_default();
    assert!(line.contains("riscv64"), "-h does not list riscv64: {help}");
    let models = crossrun().args(["-cpu", "help"]).output().unwrap();
    let models = String::from_utf8_lossy(&models.stdout);
    assert!(models.lines().any(|l| l == "riscv64:"), "-cpu help has no riscv64 section: {models}");
    assert!(models.lines().any(|l| l.trim_start().starts_with("rv64 ")), "-cpu help has no rv64 model: {models}");
}

#[test]
fn wrong_options() {
    fails_with(&["-bogus".as_ref(), "x".as_ref()], "unknown option '-bogus'");
    fails_with(&["-dfilter".as_ref(), "0x400000".as_ref(), "x".as_ref()], "is not START+LEN, END-LEN or START..LAST");
    fails_with(&["-L".as_ref()], "-L needs a value");
    fails_with(&[], "no program to run");
    fails_with(&["-cpu".as_ref(), "pentium".as_ref(), "x".as_ref()], "unknown CPU model 'pentium'");
    fails_with(&["-s".as_ref(), "1".as_ref(), "x".as_ref()], "invalid stack size");
}

#[test]
fn the_demo_program_runs() {
    let out = crossrun().arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-aarch64")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Hello from aarch64! sum(1..100) = 5050\n");
    assert_eq!(out.status.code(), Some(0));
}

/// Registering a dynamically linked interpreter with -p (F) is refused, naming the fix;
/// the crossrun built by `cargo build` is static, so its own registration is planned.
#[test]
fn binfmt_refuses_a_dynamic_interpreter_with_the_f_flag() {
    let me = env!("CARGO_BIN_EXE_crossrun");
    let dynamic = ["/bin/ls", "/usr/bin/ls"].into_iter().find(|p| std::path::Path::new(p).exists()).expect("ls");
    let out = std::process::Command::new(me).args(["binfmt", "install", "aarch64", "-p", "--dry-run", "--interpreter", dynamic]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("crossrun binfmt: interpreter {dynamic} is dynamically linked")), "{err}");
    assert!(err.contains("build it static"), "{err}");
    let ours = std::process::Command::new(me).args(["binfmt", "install", "aarch64", "-p", "--dry-run"]).output().unwrap();
    assert!(ours.status.success(), "{}", String::from_utf8_lossy(&ours.stderr));
    assert!(String::from_utf8_lossy(&ours.stdout).contains(&format!(":{me}:F'")), "a static crossrun registers with F");
}
