//! Guest floating-point exception flags left pending in the host's MXCSR.
//!
//! Compiled code runs inlined FP ops on the host FPU (`emit/fp.rs`) without looking at
//! their exception flags: MXCSR accumulates them, as the guest's status register would.
//! While compiled code runs, the guest's status is `CpuState`'s status register OR the
//! guest bits of MXCSR's flags, which are folded in (and cleared) wherever anything may
//! look at the status: on every exit from compiled code (the exit trampoline, which
//! faults also reach) and when compiled code reads or writes the FP control or status
//! register. Helpers only ever add flags to the status register, so their order against
//! the pending ones does not matter; they must not touch MXCSR (debug builds check).
//! Entry clears MXCSR's flags, so that whatever Rust code ran in between cannot pass for
//! the guest's. A JIT that has adopted no environment has nothing pending, and skips
//! both (reading MXCSR waits for every FP op in flight).
//!
//! How MXCSR's bits map to the guest's is the guest's `FpEnv`: a JIT adopts the
//! environment of the first FP op it inlines (a process has one guest architecture) and
//! inlines no op of another.

use crate::emit::x64;
use crossrun_ir::{FpEnv, NanRule};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynasmApi, DynasmLabelApi, VecAssembler};
use std::sync::Mutex;

/// Where the fold finds the mapping; written by the dispatcher when it adopts an
/// environment, read by compiled code and the trampoline (its address is baked in).
#[repr(C)]
#[derive(Debug, Default)]
pub struct PendingFlags {
    /// A `[u32; 64]` of guest status bits indexed by MXCSR's six flag bits, or 0 while no
    /// environment is adopted (nothing is pending then).
    pub table: usize,
    /// Offset of the guest's status register in `CpuState`.
    pub status: i64,
}

/// MXCSR's exception flags: IE, DE, ZE, OE, UE, PE.
pub const MXCSR_FLAGS: i32 = 0x3f;

/// Guest status bits for each value of MXCSR's flag bits, one table per environment for
/// the life of the process (compiled code refers to it). DE (denormal operand) has no
/// guest meaning. IE only arises with a NaN result, which under the propagate rule is
/// the helper's to flag.
pub fn flag_table(env: &'static FpEnv) -> &'static [u32; 64] {
    static TABLES: Mutex<Vec<(usize, &'static [u32; 64])>> = Mutex::new(Vec::new());
    let key = env as *const FpEnv as usize;
    let mut tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&(_, t)) = tables.iter().find(|(k, _)| *k == key) {
        return t;
    }
    let f = &env.flags;
    let invalid = if env.nan == NanRule::Canonical { f.invalid } else { 0 };
    let table: [u32; 64] = std::array::from_fn(|m| {
        let bit = |b: usize, flag: u32| if m & b != 0 { flag } else { 0 };
        bit(0x01, invalid) | bit(0x04, f.div_by_zero) | bit(0x08, f.overflow) | bit(0x10, f.underflow) | bit(0x20, f.inexact)
    });
    let table: &'static [u32; 64] = Box::leak(Box::new(table));
    tables.push((key, table));
    table
}

/// Emits the fold: if MXCSR has flags set, ORs their guest meaning (per the
/// `PendingFlags` at `pending`) into the status register of the `CpuState` at register
/// `state`, and clears them. Clobbers the three scratch registers and the 8 bytes below
/// rsp (the red zone).
pub fn emit_fold(asm: &mut VecAssembler<X64Relocation>, pending: usize, state: u8, scratch: [u8; 3]) {
    let [p, t, m] = scratch;
    x64!(asm
        ; mov Rq(p), QWORD pending as i64
        ; mov Rq(t), QWORD [Rq(p)]
        ; test Rq(t), Rq(t)
        ; jz >done
        ; stmxcsr [rsp - 8]
        ; test DWORD [rsp - 8], MXCSR_FLAGS
        ; jz >done
        ; mov Rd(m), DWORD [rsp - 8]
        ; and Rd(m), MXCSR_FLAGS
        ; mov Rd(m), DWORD [Rq(t) + Rq(m) * 4]
        ; mov Rq(t), QWORD [Rq(p) + 8]
        ; add Rq(t), Rq(state)
        ; or DWORD [Rq(t)], Rd(m)
        ; and DWORD [rsp - 8], !MXCSR_FLAGS
        ; ldmxcsr [rsp - 8]
        ; done:
    );
}

/// Emits: clear MXCSR's flags if any is set (loading MXCSR is slow, so only then) and
/// the `PendingFlags` at `pending` has an environment. Clobbers `scratch`.
pub fn emit_clear(asm: &mut VecAssembler<X64Relocation>, pending: usize, scratch: u8) {
    x64!(asm
        ; mov Rq(scratch), QWORD pending as i64
        ; cmp QWORD [Rq(scratch)], 0
        ; je >done
        ; stmxcsr [rsp - 8]
        ; test DWORD [rsp - 8], MXCSR_FLAGS
        ; jz >done
        ; and DWORD [rsp - 8], !MXCSR_FLAGS
        ; ldmxcsr [rsp - 8]
        ; done:
    );
}

/// MXCSR's current value.
#[cfg(debug_assertions)]
pub fn read_mxcsr() -> u32 {
    let mut v = 0u32;
    // SAFETY: stores the 4-byte MXCSR into a local; no other effect.
    unsafe { std::arch::asm!("stmxcsr [{}]", in(reg) &mut v, options(nostack, preserves_flags)) };
    v
}
