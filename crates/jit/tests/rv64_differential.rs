//! Differential test for the RISC-V frontend's IR: random RV64GC (and Zba/Zbb/Zbs/Zicond)
//! blocks mixing 32-bit and compressed instructions, translated once and run as one
//! block by the interpreter and by the JIT from the same random CPU state and memory;
//! the exit, all of CpuState and the scratch memory must be identical.

mod common;

use common::{executors, install, map, Rng};
use crossrun_ir::CpuState;
use crossrun_rv64::decoder::{self, Row};
use std::sync::Arc;

const SCRATCH_LEN: usize = 1 << 20;
/// ECALL, after the random instructions: ends the block if nothing before it does.
const ECALL: u32 = 0x0000_0073;

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

/// Pointers into the middle of the scratch area (most loads and stores land in memory
/// both runs compare), small values and anything.
fn random_state(rng: &mut Rng, scratch: u64) -> CpuState {
    let mut cpu = CpuState::default();
    for x in cpu.x.iter_mut().skip(1) {
        *x = match rng.below(4) {
            0 | 1 => scratch + SCRATCH_LEN as u64 / 2 + rng.below(4096) * 8 - 16384,
            2 => rng.below(64),
            _ => rng.next(),
        };
    }
    for v in cpu.v.iter_mut() {
        *v = u128::from(match rng.below(3) {
            0 => 0xffff_ffff_0000_0000 | fp_value(rng, 32),
            1 => fp_value(rng, 64),
            _ => rng.next(),
        });
    }
    // frm: mostly a valid mode, sometimes a reserved one (dynamic-mode instructions then
    // trap); fflags anything.
    cpu.fp_control = if rng.below(8) == 0 { 5 + rng.below(3) as u32 } else { rng.below(5) as u32 };
    cpu.fp_status = rng.next() as u32 & 0x1f;
    cpu
}

/// A floating-point bit pattern of `bits` (32 or 64) width, mostly special values:
/// NaNs, infinities, zeros, denormals and the edges of the normal range.
fn fp_value(rng: &mut Rng, bits: u32) -> u64 {
    let (sign, exp_mask, frac_mask, min_normal) = if bits == 64 {
        (1u64 << 63, 0x7ffu64 << 52, (1u64 << 52) - 1, 1u64 << 52)
    } else {
        (1u64 << 31, 0xffu64 << 23, (1u64 << 23) - 1, 1u64 << 23)
    };
    let frac = rng.next() & frac_mask;
    let v = match rng.below(10) {
        0 => 0,
        1 => exp_mask,
        2 => exp_mask | frac | 1,
        3 => frac,
        4 => min_normal | (frac & 3),
        5 => (exp_mask - min_normal) | frac,
        6 => (exp_mask >> 1) & exp_mask | (frac & 0xff),
        _ => rng.next() & (exp_mask | frac_mask),
    };
    v | if rng.below(2) == 0 { 0 } else { sign }
}

/// Several registers share one address aligned for a word or doubleword, and the
/// reservation is often set on it with the value there, so SC can succeed and AMOs
/// find aligned addresses.
fn reservation_state(rng: &mut Rng, cpu: &mut CpuState) {
    let bytes = if rng.below(2) == 0 { 4 } else { 8 };
    let addr = cpu.x[1 + rng.below(31) as usize] & !(bytes as u64 - 1);
    let Ok(value) = crossrun_memory::access::load(addr, bytes) else { return };
    for _ in 0..10 {
        cpu.x[1 + rng.below(31) as usize] = addr;
    }
    if rng.below(4) != 0 {
        cpu.monitor = crossrun_ir::ExclusiveMonitor { valid: true, addr, bytes, value: u128::from(value) };
    }
}

/// `cases` random blocks of 1 to `max_len` instructions drawn from the rows `only`
/// admits (32-bit and compressed), each start state passed through `tweak`.
fn run_cases(seed: u64, cases: usize, max_len: u64, only: fn(&Row) -> bool, tweak: fn(&mut Rng, &mut CpuState)) -> (usize, usize) {
    install();
    // Far from everything else, so a sum of two scratch pointers is non-canonical
    // (faults identically in both runs) rather than hitting the test's own memory.
    let scratch = map(0x4a00_0000_0000 + seed * (4 << 20), SCRATCH_LEN);
    let code = map(0x4b00_0000_0000 + seed * (4 << 20), 4096);
    let rows: Vec<&Row> = decoder::all_rows().chain(decoder::all_compressed_rows()).filter(|r| only(r)).collect();
    let mut rng = Rng(seed | 1);
    let (mut compiled, mut mismatches) = (0, 0);
    for case in 0..cases {
        let n = 1 + rng.below(max_len) as usize;
        let insns: Vec<u32> = (0..n).map(|_| word_for(rows[rng.below(rows.len() as u64) as usize].pattern, &mut rng)).collect();
        let mut bytes = Vec::new();
        for &insn in insns.iter().chain([ECALL].iter()) {
            if insn & 3 == 3 {
                bytes.extend_from_slice(&insn.to_le_bytes());
            } else {
                bytes.extend_from_slice(&(insn as u16).to_le_bytes());
            }
        }
        code.fill(0);
        code[..bytes.len()].copy_from_slice(&bytes);
        for b in scratch.iter_mut().step_by(7) {
            *b = rng.next() as u8;
        }
        let pristine = scratch.to_vec();
        let start = code.as_ptr() as u64;
        let mut cpu = random_state(&mut rng, scratch.as_ptr() as u64);
        tweak(&mut rng, &mut cpu);
        cpu.pc = start;

        let (cache, mut interp, mut jit) = executors(Arc::new(crossrun_rv64::Rv64Frontend), false);
        let mut want = cpu.clone();
        let want_exit = interp.step(&mut want);
        let want_mem = scratch.to_vec();
        scratch.copy_from_slice(&pristine);
        let mut got = cpu.clone();
        let got_exit = jit.step(&mut got);
        compiled += jit.stats().blocks_compiled as usize;
        if got_exit != want_exit || got != want || scratch[..] != want_mem[..] {
            mismatches += 1;
            if mismatches <= 5 {
                let bad_mem = scratch.iter().zip(&want_mem).position(|(a, b)| a != b);
                eprintln!("case {case}: instructions {insns:08x?}\n exit interp {want_exit:?} jit {got_exit:?}\n first memory difference at {bad_mem:?}");
                for (i, (a, b)) in want.x.iter().zip(&got.x).enumerate() {
                    if a != b {
                        eprintln!(" x{i}: interp {a:#x} jit {b:#x}");
                    }
                }
                for (i, (a, b)) in want.v.iter().zip(&got.v).enumerate() {
                    if a != b {
                        eprintln!(" f{i}: interp {a:#x} jit {b:#x}");
                    }
                }
                if (want.pc, want.fp_control, want.fp_status) != (got.pc, got.fp_control, got.fp_status) {
                    eprintln!(" pc/frm/fflags: interp {:#x}/{}/{:#x} jit {:#x}/{}/{:#x}", want.pc, want.fp_control, want.fp_status, got.pc, got.fp_control, got.fp_status);
                }
                eprintln!("{}", cache.get(start));
            }
        }
    }
    (compiled, mismatches)
}

fn report(cases: usize, (compiled, mismatches): (usize, usize)) {
    eprintln!("{cases} cases, {compiled} compiled natively, {mismatches} mismatches");
    assert_eq!(mismatches, 0);
    assert!(compiled > cases / 2, "too few blocks compiled natively ({compiled}) for the test to mean much");
}

#[test]
fn random_rv64_blocks_match_the_interpreter() {
    report(6000, run_cases(11, 6000, 8, |_| true, |_, _| {}));
}

#[test]
fn random_rv64_blocks_match_the_interpreter_second_seed() {
    report(6000, run_cases(12, 6000, 8, |_| true, |_, _| {}));
}

/// Long blocks of integer, bit-manipulation and compressed computation (no control
/// transfers), so many values are live at once.
#[test]
fn long_integer_blocks_match_the_interpreter() {
    fn rows(r: &Row) -> bool {
        let control = ["J", "B", "C.J", "C.B", "ECALL", "EBREAK", "C.EBREAK", "FENCE.I"];
        !control.iter().any(|c| r.name.starts_with(c)) && !r.name.starts_with('F') && !r.name.starts_with("C.F")
    }
    report(2000, run_cases(13, 2000, 40, rows, |_, _| {}));
}

/// Floating point, with operands full of special values and a mostly valid `frm`.
#[test]
fn fp_blocks_match_the_interpreter() {
    report(6000, run_cases(14, 6000, 10, |r| r.name.starts_with('F') || r.name.starts_with("C.F"), |_, _| {}));
}

/// Long floating-point blocks with `frm` mostly round to nearest even, where the JIT
/// computes arithmetic on the host's FPU, with many values live in registers.
#[test]
fn nearest_even_fp_blocks_match_the_interpreter() {
    fn nearest_even(rng: &mut Rng, cpu: &mut CpuState) {
        if rng.below(8) != 0 {
            cpu.fp_control = 0;
        }
    }
    report(4000, run_cases(16, 4000, 24, |r| r.name.starts_with('F') || r.name.starts_with("C.F"), nearest_even));
}

/// LR/SC and AMOs with shared, mostly aligned addresses and an often held reservation.
#[test]
fn atomic_blocks_match_the_interpreter() {
    fn rows(r: &Row) -> bool {
        r.name.starts_with("AMO") || r.name == "LR" || r.name == "SC"
    }
    report(6000, run_cases(15, 6000, 6, rows, reservation_state));
}
