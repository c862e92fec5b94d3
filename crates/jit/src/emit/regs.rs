//! Constants and guest register access (`CpuState` fields through `rbx`).

use super::{x64, Emitter, CACHE_REGS, RAX, RCX, RDX};
use crossrun_ir::{CpuState, Reg, Ty, Value};
use dynasmrt::DynasmApi;
use std::mem::offset_of;

/// Where a register lives in `CpuState`, and how wide it is there.
pub(super) fn field(reg: Reg) -> (i32, u32) {
    let (off, bytes) = match reg {
        Reg::X(n) => (offset_of!(CpuState, x) + 8 * (n as usize & 31), 8),
        Reg::V(n) => (offset_of!(CpuState, v) + 16 * (n as usize & 31), 16),
        Reg::VLane(n, lane, width) => {
            let bytes = width.bytes() as usize;
            (offset_of!(CpuState, v) + 16 * (n as usize & 31) + bytes * lane as usize % 16, bytes as u32)
        }
        Reg::Nzcv => (offset_of!(CpuState, nzcv), 4),
        Reg::FpControl => (offset_of!(CpuState, fp_control), 4),
        Reg::FpStatus => (offset_of!(CpuState, fp_status), 4),
        Reg::ThreadPointer => (offset_of!(CpuState, thread_pointer), 8),
    };
    (off as i32, bytes)
}

/// Offset of a 64-bit register in `CpuState`: for the trampoline, which loads and stores
/// the pinned register.
///
/// The pinned register (`Env::pinned`, from the guest's descriptor through
/// `JitOptions::stack_pointer`) is kept in a host register (r15) for as long as compiled
/// code runs, across every block boundary it crosses without leaving (linked and
/// indirect jumps, predicted returns): the guest's stack pointer, which every function's
/// prologue, epilogue and local variable accesses use. The entry trampoline loads it from
/// `CpuState` and the exit trampoline (also where faults resume) stores it back, so the
/// state is exact whenever anything outside compiled code looks at it.
pub fn reg_offset(reg: Reg) -> i32 {
    let (off, bytes) = field(reg);
    assert_eq!(bytes, 8, "only a 64-bit register can be pinned");
    off
}

/// Host-form flags (see `flags.rs`) for each packed NZCV nibble: N, Z, C, V to bits 15,
/// 14, 8, 0.
pub fn packed_to_host_table() -> i64 {
    static TABLE: [u16; 16] = {
        let mut t = [0u16; 16];
        let mut n = 0;
        while n < 16 {
            t[n] = ((n as u16 & 0b1100) << 12) | ((n as u16 & 0b0010) << 7) | (n as u16 & 0b0001);
            n += 1;
        }
        t
    };
    TABLE.as_ptr() as i64
}

/// Offset of `reg` in `CpuState`.
pub fn register_offset(reg: Reg) -> i32 {
    field(reg).0
}

/// Offset of `CpuState::pc`, written by exits that leave the PC in the state.
pub fn pc_offset() -> i32 {
    offset_of!(CpuState, pc) as i32
}

impl Emitter<'_> {
    pub(super) fn constant(&mut self, i: usize, ty: Ty, c: u128) {
        // Integer constants read only through `load` become immediates there; vector
        // constants that no op reads from the slot are read from the block's constant
        // pool (`load_xmm0`, `load_vec`, `load_low_half`) or as immediates (`v_half`).
        let unstored = if ty == Ty::V128 { !self.read_from_slot[i] } else { !self.used[i] || self.via_load_only[i] };
        if unstored {
            self.in_slot[i] = false;
            // No code: rax still holds what the previous op left there.
            self.rax_value = self.rax_reuse.take();
            return;
        }
        let d = (i * 16) as i32;
        let lo = match ty {
            Ty::I1 => (c & 1) as u64,
            Ty::I32 => c as u32 as u64,
            _ => c as u64,
        };
        x64!(self.asm; mov rax, QWORD lo as i64; mov QWORD [r12 + d], rax);
        if ty == Ty::V128 {
            let hi = (c >> 64) as u64;
            x64!(self.asm; mov rax, QWORD hi as i64; mov QWORD [r12 + d + 8], rax);
        } else {
            self.rax_value = Some(i);
        }
    }

    /// Before compiled code reads or writes the FP status register: the guest's FP
    /// flags pending in MXCSR go to `CpuState` first (see `fpflags.rs`). Once the
    /// environment is known, only its status register needs this: the control register
    /// holds no flags, and reading MXCSR waits for every FP op in flight, so a control
    /// read, which a guest may do in every block, should not pay for it. A block compiled
    /// before the JIT adopted an environment may run after, so it folds at either.
    fn fold_fp_flags(&mut self, reg: Reg) {
        let status = match self.fp_env {
            Some(env) => env.status == reg,
            None => matches!(reg, Reg::FpControl | Reg::FpStatus),
        };
        if status {
            // rax, rcx and rdx are clobbered.
            self.rax_reuse = None;
            crate::fpflags::emit_fold(&mut self.asm, self.env.pending_flags, 3, [RAX, RCX, RDX]);
        }
    }

    pub(super) fn get_reg(&mut self, i: usize, reg: Reg) {
        self.fold_fp_flags(reg);
        if Some(reg) == self.env.pinned {
            if self.narrow_get[i] {
                x64!(self.asm; mov eax, r15d);
            } else {
                x64!(self.asm; mov rax, r15);
            }
            self.store(RAX, i);
            return;
        }
        let (off, bytes) = field(reg);
        match bytes {
            16 => {
                x64!(self.asm; movdqu xmm0, [rbx + off]);
                self.v128_result(i);
            }
            // A lane, zero-extended to a vector.
            4 if matches!(reg, Reg::VLane(..)) => {
                x64!(self.asm; movd xmm0, DWORD [rbx + off]);
                self.v128_result(i);
            }
            8 if matches!(reg, Reg::VLane(..)) => {
                x64!(self.asm; movq xmm0, QWORD [rbx + off]);
                self.v128_result(i);
            }
            // Straight into the cache register that keeps the value. A 32-bit load
            // zero-extends, as I32 values (and W-register reads) must be.
            8 if !self.narrow_get[i] => {
                let k = self.result_reg();
                let r = CACHE_REGS[k];
                x64!(self.asm; mov Rq(r), QWORD [rbx + off]);
                self.define(k, i);
            }
            // NZCV holds host form while compiled code runs (see `flags.rs`).
            _ if reg == Reg::Nzcv && !self.nzcv_host[i] => {
                x64!(self.asm; mov eax, DWORD [rbx + off]);
                self.host_to_packed_eax();
                self.store(RAX, i);
            }
            _ => {
                let k = self.result_reg();
                let r = CACHE_REGS[k];
                x64!(self.asm; mov Rd(r), DWORD [rbx + off]);
                self.define(k, i);
            }
        }
    }

    pub(super) fn set_reg(&mut self, reg: Reg, v: Value) {
        self.fold_fp_flags(reg);
        if Some(reg) == self.env.pinned {
            let r = self.value_reg(v);
            x64!(self.asm; mov r15, Rq(r));
            if r == RAX {
                self.rax_value = Some(self.resolve(v).index());
            }
            return;
        }
        let (off, bytes) = field(reg);
        match (reg, bytes) {
            (_, 16) => {
                self.load_xmm0(v);
                x64!(self.asm; movdqu [rbx + off], xmm0);
            }
            (Reg::VLane(..), 4) => {
                self.load_xmm0(v);
                x64!(self.asm; movd DWORD [rbx + off], xmm0);
            }
            (Reg::VLane(..), _) => {
                self.load_xmm0(v);
                x64!(self.asm; movq QWORD [rbx + off], xmm0);
            }
            (_, 8) => {
                let r = self.value_reg(v);
                x64!(self.asm; mov QWORD [rbx + off], Rq(r));
                if r == RAX {
                    self.rax_value = Some(self.resolve(v).index());
                }
            }
            // NZCV holds host form while compiled code runs (see `flags.rs`).
            (Reg::Nzcv, _) if self.nzcv_host[self.resolve(v).index()] => {
                let r = self.value_reg(v);
                x64!(self.asm; mov DWORD [rbx + off], Rd(r));
            }
            // A packed value: its nibble (CpuState::set keeps only those bits) through a
            // table of the host forms.
            (Reg::Nzcv, _) => {
                self.load(RAX, v);
                let table = packed_to_host_table();
                x64!(self.asm
                    ; shr eax, 28
                    ; mov rcx, QWORD table
                    ; movzx eax, WORD [rcx + rax * 2]
                    ; mov DWORD [rbx + off], eax
                )
            }
            _ => {
                self.load(RAX, v);
                x64!(self.asm; mov DWORD [rbx + off], eax)
            }
        }
    }
}
