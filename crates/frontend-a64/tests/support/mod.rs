//! Runs A64 machine code through the frontend and the reference interpreter, for tests.
//!
//! `run(&[words], state)` places the words in memory followed by `UDF #0` (0x00000000,
//! which no row decodes), runs from the first word until that trap, and returns the
//! final CPU state. Memory the code touches can be given as a `Vec<u8>` scratch buffer
//! whose address is passed in a register.

#![allow(dead_code)]

use crossrun_a64::A64Frontend;
use crossrun_exec::{BlockCache, DebugFlags, Executor, Exit, Interpreter};
use crossrun_ir::{CpuState, TrapKind};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Runs `code` from its first word with `cpu` as the initial state; returns the state at
/// the terminating `UDF #0`. Panics if execution stops anywhere else.
pub fn run(code: &[u32], mut cpu: CpuState) -> CpuState {
    let (exit, cpu) = run_until_exit(code, &mut cpu);
    match exit {
        Exit::Trap(TrapKind::Undefined { insn: 0 }) => cpu,
        other => panic!("execution stopped early: {other:?} at pc {:#x}", cpu.pc),
    }
}

/// Runs `code` and returns how it stopped and the state then (pc as an offset into code).
pub fn run_until_exit(code: &[u32], cpu: &mut CpuState) -> (Exit, CpuState) {
    crossrun_memory::install_fault_handler(Some(crossrun_jit::fault_handler()));
    let mut words = code.to_vec();
    words.push(0);
    let base = words.as_ptr() as u64;
    cpu.pc = base;
    let cache = Arc::new(BlockCache::new(Arc::new(A64Frontend), Default::default()));
    let mut interp = Interpreter::new(cache, Arc::new(AtomicBool::new(false)), DebugFlags::default());
    let exit = interp.run(cpu);
    let mut out = cpu.clone();
    out.pc = cpu.pc.wrapping_sub(base);
    (exit, out)
}

/// [`run`] under the interpreter and under the JIT (compiling every block it can), for
/// code that touches registers only: both must end in the same state, which is returned.
pub fn run_both(code: &[u32], cpu: CpuState) -> CpuState {
    let want = run(code, cpu.clone());
    crossrun_memory::install_fault_handler(Some(crossrun_jit::fault_handler()));
    let mut words = code.to_vec();
    words.push(0);
    let base = words.as_ptr() as u64;
    let mut got = cpu;
    got.pc = base;
    let cache = Arc::new(BlockCache::new(Arc::new(A64Frontend), Default::default()));
    let mut jit = crossrun_jit::Jit::new(cache, Arc::new(AtomicBool::new(false)), DebugFlags::default());
    let exit = jit.run(&mut got);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn: 0 }), "the JIT stopped early at pc {:#x}", got.pc);
    got.pc = got.pc.wrapping_sub(base);
    assert_eq!(got, want, "the JIT and the interpreter disagree");
    want
}

/// Runs one instruction with the given X registers preset; returns the final state.
pub fn run_one(insn: u32, x: &[(usize, u64)]) -> CpuState {
    let mut cpu = CpuState::default();
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    run(&[insn], cpu)
}
