//! Runs A32 and T32 machine code through the frontend, under the reference interpreter
//! and under the JIT, for tests.
//!
//! `run_a32(&[words], state)` places the words in memory below 4 GiB followed by
//! `UDF #0` (which traps as an undefined instruction), runs from the first word until
//! that trap under both executors, checks that they agree on the whole state, and
//! returns it with the PC as an offset into the code. `run_t32` does the same with
//! halfwords (a 32-bit instruction is two halfwords, first halfword first) ending in
//! the 16-bit `UDF #0`. Data the code touches lives in a [`Scratch`] buffer, also below
//! 4 GiB, whose address tests put in a register.

#![allow(dead_code)]

use crossrun_a32::{location, A32Frontend};
use crossrun_exec::{BlockCache, DebugFlags, Executor, Exit, Interpreter};
use crossrun_ir::{CpuState, TrapKind};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// A32 `UDF #0`.
pub const A32_END: u32 = 0xe7f0_00f0;
/// T32 `UDF #0`.
pub const T32_END: u16 = 0xde00;

/// A fresh read-write mapping of `len` bytes below 4 GiB (never unmapped).
pub fn low_memory(len: usize) -> &'static mut [u8] {
    // SAFETY: a fresh private anonymous mapping; never unmapped, so 'static is fine.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_32BIT,
            -1,
            0,
        );
        assert_ne!(p, libc::MAP_FAILED);
        std::slice::from_raw_parts_mut(p as *mut u8, len)
    }
}

/// A data buffer below 4 GiB.
pub struct Scratch(pub &'static mut [u8]);

impl Scratch {
    pub fn new(len: usize) -> Scratch {
        Scratch(low_memory(len))
    }

    /// Its address, as a guest register value.
    pub fn addr(&self) -> u64 {
        self.0.as_ptr() as u64
    }

    pub fn word(&self, offset: usize) -> u32 {
        u32::from_le_bytes(self.0[offset..offset + 4].try_into().unwrap())
    }

    pub fn set_word(&mut self, offset: usize, v: u32) {
        self.0[offset..offset + 4].copy_from_slice(&v.to_le_bytes());
    }
}

pub fn install() {
    crossrun_memory::install_fault_handler(Some(crossrun_jit::fault_handler()));
}

fn executors() -> (Interpreter, crossrun_jit::Jit) {
    let cache = Arc::new(BlockCache::new(Arc::new(A32Frontend::default()), Default::default()));
    let interp = Interpreter::new(cache.clone(), Arc::new(AtomicBool::new(false)), DebugFlags::default());
    let jit = crossrun_jit::Jit::new(cache, Arc::new(AtomicBool::new(false)), DebugFlags::default());
    (interp, jit)
}

/// Copies `code` to low memory; returns its address.
fn place(code: &[u8]) -> u32 {
    let mem = low_memory(code.len().next_multiple_of(4096));
    mem[..code.len()].copy_from_slice(code);
    mem.as_ptr() as u32
}

/// How a run stopped and the state then, PC as (offset into the code, Thumb, IT).
pub struct Stop {
    pub exit: Exit,
    pub cpu: CpuState,
    pub offset: u32,
}

/// Runs code placed at `base` from location `start` under both executors; they must
/// stop alike with the same state.
fn run_both(base: u32, start: u64, cpu: CpuState) -> Stop {
    install();
    let (mut interp, mut jit) = executors();
    let mut want = cpu.clone();
    want.pc = start;
    let exit = interp.run(&mut want);
    let mut got = cpu;
    got.pc = start;
    let jit_exit = jit.run(&mut got);
    assert_eq!(jit_exit, exit, "the JIT stopped differently, at {:#x} (interpreter: {:#x})", got.pc, want.pc);
    assert_eq!(got, want, "the JIT and the interpreter disagree");
    let offset = location::address_of(want.pc).wrapping_sub(base);
    Stop { exit, cpu: want, offset }
}

/// Runs A32 `code` (followed by `UDF #0`) from its first word; returns how it stopped.
pub fn exec_a32(code: &[u32], cpu: CpuState) -> Stop {
    let mut bytes: Vec<u8> = code.iter().flat_map(|w| w.to_le_bytes()).collect();
    bytes.extend_from_slice(&A32_END.to_le_bytes());
    let base = place(&bytes);
    run_both(base, location::location(base, false, 0), cpu)
}

/// Runs T32 `code` (followed by `UDF #0`) from its first halfword.
pub fn exec_t32(code: &[u16], cpu: CpuState) -> Stop {
    let mut bytes: Vec<u8> = code.iter().flat_map(|h| h.to_le_bytes()).collect();
    bytes.extend_from_slice(&T32_END.to_le_bytes());
    let base = place(&bytes);
    run_both(base, location::location(base, true, 0), cpu)
}

/// Runs A32 code to its final `UDF #0`; panics if it stops anywhere else.
pub fn run_a32(code: &[u32], cpu: CpuState) -> CpuState {
    let stop = exec_a32(code, cpu);
    assert_eq!(stop.exit, Exit::Trap(TrapKind::Undefined { insn: A32_END }), "stopped early at offset {:#x}", stop.offset);
    assert_eq!(stop.offset as usize, 4 * code.len(), "stopped at the wrong UDF");
    stop.cpu
}

/// Runs T32 code to its final `UDF #0`.
pub fn run_t32(code: &[u16], cpu: CpuState) -> CpuState {
    let stop = exec_t32(code, cpu);
    assert_eq!(stop.exit, Exit::Trap(TrapKind::Undefined { insn: T32_END.into() }), "stopped early at offset {:#x}", stop.offset);
    assert_eq!(stop.offset as usize, 2 * code.len(), "stopped at the wrong UDF");
    stop.cpu
}

/// A state with R0..R14 from `regs` (the rest zero) and the given flags.
pub fn regs(r: &[(usize, u32)], nzcv: u32) -> CpuState {
    let mut cpu = CpuState { nzcv, ..CpuState::default() };
    for &(n, v) in r {
        cpu.x[n] = u64::from(v);
    }
    cpu
}

/// The 32-bit T32 instruction `insn` as its two halfwords.
pub fn t32(insn: u32) -> [u16; 2] {
    [(insn >> 16) as u16, insn as u16]
}

pub const N: u32 = 1 << 31;
pub const Z: u32 = 1 << 30;
pub const C: u32 = 1 << 29;
pub const V: u32 = 1 << 28;
