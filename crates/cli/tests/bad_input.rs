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
