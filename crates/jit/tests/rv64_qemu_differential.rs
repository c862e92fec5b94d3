//! Random RV64GC, Zba/Zbb/Zbs and Zicond instructions against qemu-riscv64 (QEMU 10,
//! which has the extensions Unicorn's QEMU 5.0 lacks and NaN-boxes as the specification
//! says), under the interpreter and the JIT.
//!
//! One generated program runs every case: it loads the case's registers (x1..x30, f0..f31,
//! fcsr) from its record, executes the instruction, and stores them back into the
//! record; at the end it writes all records to stdout. The record table is the same
//! bytes at the same address under qemu-riscv64 and under crossrun, so both outputs must
//! be identical. x31 holds the record's address throughout, so no case writes it; loads,
//! stores and atomics address the table through registers that point into it (atomics
//! and LR/SC through x31 itself, which is aligned). Control transfers, ECALL and EBREAK
//! are not drawn; CSR instructions name fflags, frm or fcsr. Needs riscv64-linux-gnu-gcc
//! and qemu-riscv64; skips, saying why, without.

mod common;

use common::Rng;
use crossrun_exec::{Executor, Exit};
use crossrun_ir::{CpuState, Frontend, Terminator, TrapKind};
use crossrun_rv64::decoder::{self, Row};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const CASES: usize = 3000;
/// Record layout: inputs x1..x30 (30 doublewords), f0..f31, fcsr; the same again for
/// the outputs; then scratch memory for loads and stores.
const X_IN: usize = 0;
const F_IN: usize = X_IN + 30 * 8;
const FCSR_IN: usize = F_IN + 32 * 8;
const X_OUT: usize = FCSR_IN + 8;
const F_OUT: usize = X_OUT + 30 * 8;
const FCSR_OUT: usize = F_OUT + 32 * 8;
const RECORD: usize = 2048;
/// Guard bytes before and after the table: a base register near its edge plus a 12-bit
/// offset stays in memory both sides have.
const GUARD: usize = 4096;

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn word_for(pattern: &str, rng: &mut Rng) -> u32 {
    pattern.bytes().fold(0, |w, c| {
        let bit = match c {
            b'0' => 0,
            b'1' => 1,
            _ => (rng.next() >> 40) as u32 & 1,
        };
        w << 1 | bit
    })
}

/// Bits `hi..=lo` of a pattern are all letter `c`.
fn field_is(pattern: &str, hi: usize, lo: usize, c: u8) -> bool {
    let n = pattern.len() - 1;
    (lo..=hi).all(|bit| pattern.as_bytes()[n - bit] == c)
}

/// Makes a drawn word safe to run in the generated program (see the module comment).
fn constrain(row: &Row, mut w: u32) -> u32 {
    let p = row.pattern;
    if p.len() == 32 {
        if row.name.starts_with("CSRR") {
            w = w & 0x000f_ffff | (1 + w % 3) << 20;
        }
        if row.name.starts_with("AMO") || row.name == "LR" || row.name == "SC" {
            w |= 31 << 15;
        }
        if field_is(p, 11, 7, b'd') && (w >> 7) & 31 == 31 {
            w &= !(1 << 7);
        }
    } else if field_is(p, 11, 7, b'd') && (w >> 7) & 31 == 31 {
        w &= !(1 << 7);
    }
    w
}

fn drawable(row: &Row) -> bool {
    let control = ["JAL", "JALR", "BEQ", "BNE", "BLT", "BGE", "BLTU", "BGEU", "C.J", "C.JR", "C.JALR", "C.BEQZ", "C.BNEZ"];
    !control.contains(&row.name) && !matches!(row.name, "ECALL" | "EBREAK" | "C.EBREAK")
}

/// Whether crossrun translates the instruction (rather than making it illegal).
fn translates(insn: u32) -> bool {
    let code = [insn, 0x0000_0073];
    let mut bytes = Vec::new();
    for &w in &code {
        if w & 3 == 3 {
            bytes.extend_from_slice(&w.to_le_bytes());
        } else {
            bytes.extend_from_slice(&(w as u16).to_le_bytes());
        }
    }
    let pc = bytes.as_ptr() as u64;
    !matches!(crossrun_rv64::Rv64Frontend.translate(pc).term, Terminator::Trap { kind: TrapKind::Undefined { .. }, pc: at } if at == pc)
}

fn fp_value(rng: &mut Rng) -> u64 {
    let specials32 = [0u32, 0x8000_0000, 0x3f80_0000, 0x7f80_0000, 0xff80_0000, 0x7fc0_0000, 0x7fa0_0001, 1, 0x007f_ffff, 0x7f7f_ffff];
    let specials64 = [0u64, 1 << 63, 0x3ff0 << 48, 0x7ff0 << 48, 0xfff0 << 48, 0x7ff8 << 48, 0x7ff4_0000_0000_0001, 1, 0x7fef_ffff_ffff_ffff];
    match rng.below(6) {
        0 => 0xffff_ffff_0000_0000 | u64::from(specials32[rng.below(specials32.len() as u64) as usize]),
        1 => 0xffff_ffff_0000_0000 | (rng.next() & 0xffff_ffff),
        2 => specials64[rng.below(specials64.len() as u64) as usize],
        3 => rng.next() >> rng.below(12) << rng.below(12),
        4 => rng.next() & 0xffff_ffff,
        _ => rng.next(),
    }
}

/// Registers the state generator always makes pointers into the table: the bases of
/// the compressed loads and stores (sp, x8..x15); 32-bit loads and stores get one of
/// them, or x31, as their base.
const POINTER_REGS: [u32; 9] = [2, 8, 9, 10, 11, 12, 13, 14, 15];

/// The assembly of the program, the initial record table (whose pointers assume the
/// table lies at `base`) and the instructions.
fn generate(seed: u64, base: u64) -> (String, Vec<u8>, Vec<u32>) {
    let rows: Vec<&Row> = decoder::all_rows().chain(decoder::all_compressed_rows()).filter(|r| drawable(r)).collect();
    let mut rng = Rng(seed | 1);
    let mut insns = Vec::new();
    while insns.len() < CASES {
        let row = rows[rng.below(rows.len() as u64) as usize];
        let mut w = constrain(row, word_for(row.pattern, &mut rng));
        let memory = ["LB", "LH", "LW", "LD", "LBU", "LHU", "LWU", "SB", "SH", "SW", "SD", "FLW", "FLD", "FSW", "FSD"];
        if memory.contains(&row.name) {
            let pick = rng.below(POINTER_REGS.len() as u64 + 1) as usize;
            let reg = POINTER_REGS.get(pick).copied().unwrap_or(31);
            w = w & !(31 << 15) | reg << 15;
        }
        // A drawn word may decode as a more specific row (C.MV with rs2 = x0 is C.JR).
        let decoded = if w & 3 == 3 { decoder::decode(w) } else { decoder::decode_compressed(w as u16) };
        if decoded.is_some_and(|(r, _)| drawable(r)) && translates(w) {
            insns.push(w);
        }
    }
    let mut table = vec![0u8; GUARD + CASES * RECORD + GUARD];
    for b in table.iter_mut() {
        *b = rng.next() as u8;
    }
    let mut asm = String::from(".option norelax\n.text\n.globl _start\n_start:\n");
    for (k, &insn) in insns.iter().enumerate() {
        let record = GUARD + k * RECORD;
        let put = |table: &mut Vec<u8>, off: usize, v: u64| table[record + off..record + off + 8].copy_from_slice(&v.to_le_bytes());
        let len = table.len() as u64;
        for r in 1..=30u32 {
            let pointer = base + GUARD as u64 + rng.below(len - 2 * GUARD as u64);
            let v = match rng.below(5) {
                _ if POINTER_REGS.contains(&r) => pointer,
                0 => pointer,
                1 => pointer & !7,
                2 => rng.below(64),
                _ => rng.next(),
            };
            put(&mut table, X_IN + 8 * (r as usize - 1), v);
        }
        for r in 0..32 {
            put(&mut table, F_IN + 8 * r, fp_value(&mut rng));
        }
        put(&mut table, FCSR_IN, rng.below(5) << 5 | rng.below(32));
        let _ = writeln!(asm, "  lla x31, table+{record}");
        let _ = writeln!(asm, "  ld x1, {FCSR_IN}(x31)\n  fscsr x1");
        for r in 0..32 {
            let _ = writeln!(asm, "  fld f{r}, {}(x31)", F_IN + 8 * r);
        }
        for r in 1..=30 {
            let _ = writeln!(asm, "  ld x{r}, {}(x31)", X_IN + 8 * (r - 1));
        }
        let _ = writeln!(asm, "  .insn 0x{insn:x}");
        for r in 1..=30 {
            let _ = writeln!(asm, "  sd x{r}, {}(x31)", X_OUT + 8 * (r - 1));
        }
        for r in 0..32 {
            let _ = writeln!(asm, "  fsd f{r}, {}(x31)", F_OUT + 8 * r);
        }
        let _ = writeln!(asm, "  frcsr x1\n  sd x1, {FCSR_OUT}(x31)");
    }
    let _ = writeln!(asm, "  li a0, 1\n  lla a1, table+{GUARD}\n  li a2, {}\n  li a7, 64\n  ecall", CASES * RECORD);
    let _ = writeln!(asm, "  li a0, 0\n  li a7, 93\n  ecall");
    (asm, table, insns)
}

/// Builds the program; the table goes into .data at an address the linker chooses (the
/// same whatever the table holds).
fn build(seed: u64, base: u64) -> (PathBuf, Vec<u32>) {
    let (mut asm, table, insns) = generate(seed, base);
    let _ = writeln!(asm, ".data\n.balign 4096\n.globl table\ntable:\n  .incbin \"table.bin\"");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("rv64-qemu-diff-{seed}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("table.bin"), &table).unwrap();
    std::fs::write(dir.join("cases.S"), asm).unwrap();
    let out = dir.join("cases");
    let st = Command::new("riscv64-linux-gnu-gcc")
        .args(["-static", "-nostdlib", "-march=rv64gc_zba_zbb_zbs", "-mabi=lp64d", "-o"])
        .arg(&out)
        .arg(dir.join("cases.S"))
        .current_dir(&dir)
        .status()
        .expect("running riscv64-linux-gnu-gcc");
    assert!(st.success(), "assembling {}", dir.join("cases.S").display());
    (out, insns)
}

/// The table's address, from the program's symbol table.
fn table_address(binary: &Path) -> u64 {
    let out = Command::new("riscv64-linux-gnu-objdump").arg("-t").arg(binary).output().expect("objdump -t");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.ends_with(" table")).expect("the table symbol");
    u64::from_str_radix(line.split_whitespace().next().unwrap(), 16).unwrap()
}

#[test]
fn random_instructions_match_qemu_riscv64() {
    if !have("riscv64-linux-gnu-gcc") || !have("qemu-riscv64") {
        eprintln!("skipped: riscv64-linux-gnu-gcc or qemu-riscv64 missing (scripts/setup-deps.sh installs them)");
        return;
    }
    common::install();
    for seed in [21, 22] {
        // Built once to learn where the table lands, then again with pointers into it
        // (its contents do not move it).
        let (binary, _) = build(seed, 0);
        let base = table_address(&binary);
        let (binary, insns) = build(seed, base);
        assert_eq!(table_address(&binary), base);
        let want = Command::new("qemu-riscv64").args(["-cpu", "max"]).arg(&binary).output().expect("qemu-riscv64");
        assert!(want.status.success(), "qemu-riscv64: {want:?}");
        let stack = common::map(0, 1 << 16);
        let (_cache, mut interp, mut jit) = common::executors(Arc::new(crossrun_rv64::Rv64Frontend), true);
        for (name, executor) in [("interpreter", &mut interp as &mut dyn Executor), ("JIT", &mut jit)] {
            let got = run(&binary, executor, stack);
            if got != want.stdout {
                let k = got.iter().zip(&want.stdout).position(|(a, b)| a != b).unwrap_or(0) / RECORD;
                panic!("{name}: case {k} ({:#010x}) differs from qemu-riscv64:\n{}", insns[k], explain(&got, &want.stdout, k));
            }
        }
        eprintln!("seed {seed}: {CASES} instructions agree with qemu-riscv64 under both executors");
    }
}

fn explain(got: &[u8], want: &[u8], k: usize) -> String {
    let rec = |b: &[u8], off: usize| u64::from_le_bytes(b[k * RECORD + off..k * RECORD + off + 8].try_into().unwrap());
    let mut s = String::new();
    for r in 1..=30 {
        let (a, b) = (rec(got, X_OUT + 8 * (r - 1)), rec(want, X_OUT + 8 * (r - 1)));
        if a != b {
            let _ = writeln!(s, "  x{r}: crossrun {a:#x} qemu {b:#x}");
        }
    }
    for r in 0..32 {
        let (a, b) = (rec(got, F_OUT + 8 * r), rec(want, F_OUT + 8 * r));
        if a != b {
            let _ = writeln!(s, "  f{r}: crossrun {a:#x} qemu {b:#x}");
        }
    }
    let (a, b) = (rec(got, FCSR_OUT), rec(want, FCSR_OUT));
    if a != b {
        let _ = writeln!(s, "  fcsr: crossrun {a:#x} qemu {b:#x}");
    }
    if s.is_empty() {
        s = "  memory".into();
    }
    s
}

/// Runs the program's ELF image (a static, freestanding one) and returns its stdout.
fn run(binary: &Path, executor: &mut dyn Executor, stack: &mut [u8]) -> Vec<u8> {
    let image = common::rv64::Image::load(binary);
    let mut cpu = CpuState { pc: image.entry, ..CpuState::default() };
    cpu.x[2] = (stack.as_ptr() as u64 + stack.len() as u64 - 64) & !15;
    let mut stdout = Vec::new();
    loop {
        match executor.run(&mut cpu) {
            Exit::Syscall if cpu.x[17] == 64 => {
                let mut buf = vec![0; cpu.x[12] as usize];
                crossrun_memory::access::read_bytes(cpu.x[11], &mut buf).unwrap();
                stdout.extend_from_slice(&buf);
                cpu.x[10] = buf.len() as u64;
            }
            Exit::Syscall if cpu.x[17] == 93 => return stdout,
            other => panic!("{other:?} at {:#x}", cpu.pc),
        }
    }
}
