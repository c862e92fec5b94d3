//! `-d in_asm,op,out_asm` with `-dfilter`: the bundled demo's first block is logged (its
//! guest instructions, its IR and its host code) and no other block is.

use std::path::Path;
use std::process::Command;

fn demo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-aarch64")
}

#[test]
fn dfilter_limits_block_logs_to_the_range() {
    // The demo's entry block (examples/hello.S): movz, movz, add, subs, b.ne.
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun"))
        .args(["-d", "in_asm,op,out_asm", "-dfilter", "0x4000b0+0x8"])
        .arg(demo())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Hello from aarch64! sum(1..100) = 5050\n");
    let log = String::from_utf8_lossy(&out.stderr);
    let guest: Vec<&str> = log.lines().filter(|l| l.starts_with("  0x4000")).collect();
    assert_eq!(
        guest,
        [
            "  0x4000b0:  d2800001  MOVZ",
            "  0x4000b4:  d2800c82  MOVZ",
            "  0x4000b8:  8b020021  ADD/ADDS/SUB/SUBS (shifted register)",
            "  0x4000bc:  f1000442  ADD/ADDS/SUB/SUBS (immediate)",
            "  0x4000c0:  54ffffc1  B.cond",
        ]
    );
    let headers: Vec<&str> =
        log.lines().filter(|l| l.starts_with("IN:") || l.starts_with("block ") || l.starts_with("crossrun: OUT:")).collect();
    assert_eq!(headers.len(), 3, "one IN, one IR and one OUT header, nothing else:\n{log}");
    assert_eq!(headers[0], "IN: 0x4000b0..0x4000c4");
    assert_eq!(headers[1], "block 0x4000b0..0x4000c4 (5 guest instructions)");
    assert!(headers[2].ends_with("for guest 0x4000b0"), "{}", headers[2]);
}

#[test]
fn without_dfilter_every_block_is_logged() {
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun")).args(["-d", "in_asm"]).arg(demo()).output().unwrap();
    assert!(out.status.success());
    let blocks = String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.starts_with("IN:")).count();
    assert!(blocks > 1, "the demo runs more than one block");
}

/// `-D FILE` with `-strace`: every system call of a guest that closes all its
/// descriptors and reuses the numbers is logged to FILE (with `%d` the pid), the guest
/// gets the numbers it would natively, and nothing but its own data lands in its file.
#[test]
fn log_file_survives_a_guest_closing_and_reusing_descriptors() {
    let Ok(cc) = Command::new("aarch64-linux-gnu-gcc").arg("--version").output() else {
        println!("SKIPPED: aarch64-linux-gnu-gcc is not installed");
        return;
    };
    assert!(cc.status.success());
    let dir = tempfile::tempdir().unwrap();
    let prog = dir.path().join("closes_fds");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/logging/closes_fds.c");
    assert!(Command::new("aarch64-linux-gnu-gcc").args(["-static", "-O2"]).arg(&src).arg("-o").arg(&prog).status().unwrap().success());
    let data = dir.path().join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_crossrun"))
        .args(["-strace", "-d", "in_asm", "-D"])
        .arg(dir.path().join("log-%d"))
        .arg(&prog)
        .arg(&data)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
    let status = child.wait_with_output().unwrap();
    assert!(status.status.success());
    assert_eq!(out, "fds 3 4\n");
    assert_eq!(String::from_utf8_lossy(&status.stderr), "", "nothing logged to stderr");
    assert_eq!(std::fs::read_to_string(&data).unwrap(), "only the guest writes here\n");
    let log = std::fs::read_to_string(dir.path().join(format!("log-{pid}"))).unwrap();
    assert!(log.contains(&format!("{pid} close(1023) = -1 EBADF")), "{log}");
    assert!(log.contains(&format!("{pid} dup3(3,4,O_RDONLY) = 4")), "{log}");
    assert!(log.contains(&format!("{pid} write(4,\"only the guest writes here\\n\",27) = 27")), "{log}");
    assert!(log.contains(&format!("{pid} exit_group(0)")), "{log}");
    assert!(log.lines().any(|l| l.starts_with("IN: 0x")), "-d in_asm goes to the file too");
}

#[test]
fn an_unwritable_log_file_is_one_clear_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun")).args(["-D", "/nonexistent/dir/log", "-strace"]).arg(demo()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "crossrun: -D /nonexistent/dir/log: cannot open the log file: No such file or directory (os error 2)\n"
    );
    assert!(out.stdout.is_empty(), "the guest did not run");
}
