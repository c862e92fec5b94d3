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
