//! Whole programs compiled by gcc for riscv64 (freestanding: their only system calls are
//! write and exit), in three instruction-set variants (rv64gc, rv64g without compressed
//! instructions, rv64gc with Zba/Zbb/Zbs), run by the interpreter and by the JIT; their
//! output and exit status must be what qemu-riscv64 gives. Needs riscv64-linux-gnu-gcc
//! and qemu-riscv64 (scripts/setup-deps.sh installs both); skips, saying why, without.

mod common;

use crossrun_exec::{Executor, Exit};
use crossrun_ir::CpuState;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const PROGRAMS: [&str; 3] = ["integer", "float", "atomics"];
const VARIANTS: [&str; 3] = ["rv64gc", "rv64g", "rv64gc_zba_zbb_zbs"];
const STACK_LEN: usize = 1 << 20;

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn build(program: &str, march: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rv64_programs").join(format!("{program}.c"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("rv64-{program}-{march}"));
    let st = Command::new("riscv64-linux-gnu-gcc")
        .args(["-O2", "-mabi=lp64d", "-static", "-nostdlib", "-ffreestanding", "-fno-math-errno"])
        .arg(format!("-march={march}"))
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .arg("-lgcc")
        .status()
        .expect("running riscv64-linux-gnu-gcc");
    assert!(st.success(), "compiling {}", src.display());
    out
}

/// (stdout, exit status) under qemu-riscv64 with every extension on.
fn under_qemu(binary: &Path) -> (Vec<u8>, i32) {
    let out = Command::new("qemu-riscv64").args(["-cpu", "max"]).arg(binary).output().expect("running qemu-riscv64");
    (out.stdout, out.status.code().expect("qemu-riscv64 exited"))
}

/// Runs the program to its exit: (stdout, exit status).
fn run(binary: &Path, executor: &mut dyn Executor, stack: &mut [u8]) -> (Vec<u8>, i32) {
    let image = common::rv64::Image::load(binary);
    let mut cpu = CpuState { pc: image.entry, ..CpuState::default() };
    cpu.x[2] = (stack.as_ptr() as u64 + stack.len() as u64 - 64) & !15;
    let mut stdout = Vec::new();
    loop {
        match executor.run(&mut cpu) {
            Exit::Syscall => match cpu.x[17] {
                64 => {
                    let mut buf = vec![0; cpu.x[12] as usize];
                    crossrun_memory::access::read_bytes(cpu.x[11], &mut buf).unwrap();
                    assert_eq!(cpu.x[10], 1, "write to fd 1");
                    stdout.extend_from_slice(&buf);
                    cpu.x[10] = buf.len() as u64;
                }
                93 | 94 => return (stdout, cpu.x[10] as i32),
                n => panic!("system call {n} at {:#x}", cpu.pc),
            },
            other => panic!("{other:?} at {:#x}", cpu.pc),
        }
    }
}

#[test]
fn gcc_compiled_programs_match_qemu_under_both_executors() {
    if !have("riscv64-linux-gnu-gcc") || !have("qemu-riscv64") {
        eprintln!("skipped: riscv64-linux-gnu-gcc or qemu-riscv64 missing (scripts/setup-deps.sh installs them)");
        return;
    }
    common::install();
    let stack = common::map(0, STACK_LEN);
    for program in PROGRAMS {
        for march in VARIANTS {
            let binary = build(program, march);
            let (want_out, want_code) = under_qemu(&binary);
            assert!(!want_out.is_empty(), "{program} ({march}) printed nothing under qemu");
            let (_cache, mut interp, mut jit) = common::executors(Arc::new(crossrun_rv64::Rv64Frontend), true);
            for (name, executor) in [("interpreter", &mut interp as &mut dyn Executor), ("JIT", &mut jit)] {
                let (out, code) = run(&binary, executor, stack);
                assert_eq!(
                    (String::from_utf8_lossy(&out), code),
                    (String::from_utf8_lossy(&want_out), want_code),
                    "{program} ({march}) under the {name}"
                );
            }
            assert!(jit.stats().blocks_compiled > 10, "{program}: the JIT compiled too little");
        }
    }
}
