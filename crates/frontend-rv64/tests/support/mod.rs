//! Runs RISC-V machine code through the frontend and the reference interpreter, for tests.
//!
//! Code is a list of instructions, each a 32-bit word or a 16-bit compressed parcel (told
//! apart by their low two bits, as the hardware does). `run(&code, state)` places them in
//! memory followed by the all-zero parcel (an illegal instruction), runs from the first
//! until that trap, and returns the final CPU state.

#![allow(dead_code)]

use crossrun_exec::{BlockCache, DebugFlags, Executor, Exit, Interpreter};
use crossrun_ir::{CpuState, Reg, TrapKind};
use crossrun_rv64::Rv64Frontend;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The bytes of `code`: 16-bit parcels for values whose low two bits are not 11.
pub fn bytes(code: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    for &insn in code {
        if insn & 3 == 3 {
            out.extend_from_slice(&insn.to_le_bytes());
        } else {
            assert!(insn <= 0xffff, "{insn:#x} is neither a 32-bit nor a 16-bit instruction");
            out.extend_from_slice(&(insn as u16).to_le_bytes());
        }
    }
    out
}

/// Runs `code` from its first instruction with `cpu` as the initial state; returns the
/// state at the terminating illegal parcel. Panics if execution stops anywhere else.
pub fn run(code: &[u32], mut cpu: CpuState) -> CpuState {
    let (exit, out) = run_until_exit(code, &mut cpu);
    match exit {
        Exit::Trap(TrapKind::Undefined { insn: 0 }) => out,
        other => panic!("execution stopped early: {other:?} at pc offset {:#x}", out.pc),
    }
}

/// Runs `code` and returns how it stopped and the state then (pc as an offset into the
/// code).
pub fn run_until_exit(code: &[u32], cpu: &mut CpuState) -> (Exit, CpuState) {
    let (exit, base) = run_placed(code, cpu, |_, _| {});
    let mut out = cpu.clone();
    out.pc = cpu.pc.wrapping_sub(base);
    (exit, out)
}

/// Places `code` in memory, lets `setup` adjust the state knowing the code's address,
/// and runs it from its first instruction. Returns how it stopped and that address (the
/// state's pc is absolute).
pub fn run_placed(code: &[u32], cpu: &mut CpuState, setup: impl FnOnce(&mut CpuState, u64)) -> (Exit, u64) {
    crossrun_memory::install_fault_handler(None);
    let mut mem = bytes(code);
    mem.extend_from_slice(&[0; 8]);
    let base = mem.as_ptr() as u64;
    cpu.pc = base;
    setup(cpu, base);
    let cache = Arc::new(BlockCache::new(Arc::new(Rv64Frontend), Default::default()));
    let mut interp = Interpreter::new(cache, Arc::new(AtomicBool::new(false)), DebugFlags::default());
    (interp.run(cpu), base)
}

/// A state with the given integer registers set.
pub fn with_x(x: &[(usize, u64)]) -> CpuState {
    let mut cpu = CpuState::default();
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    cpu
}

/// Runs one instruction with the given integer registers; returns the final state.
pub fn run_one(insn: u32, x: &[(usize, u64)]) -> CpuState {
    run(&[insn], with_x(x))
}

/// Asserts that `insn` is an illegal instruction: execution stops at it.
pub fn assert_illegal(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, state) = run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    assert_eq!(state.pc, 0, "{insn:#010x}");
}

/// The 64 bits of f register `n`.
pub fn f(cpu: &CpuState, n: usize) -> u64 {
    cpu.v[n] as u64
}

/// Sets f register `n` to 64 bits.
pub fn set_f(cpu: &mut CpuState, n: usize, bits: u64) {
    cpu.set(Reg::V(n as u8), u128::from(bits));
}

/// A single NaN-boxed.
pub fn boxed(single: f32) -> u64 {
    0xffff_ffff_0000_0000 | u64::from(single.to_bits())
}

// Register numbers by ABI name.
pub const RA: usize = 1;
pub const SP: usize = 2;
pub const T0: usize = 5;
pub const A0: usize = 10;
pub const A1: usize = 11;
pub const A2: usize = 12;
pub const A3: usize = 13;
pub const A4: usize = 14;
pub const A5: usize = 15;
pub const S0: usize = 8;
pub const S1: usize = 9;
