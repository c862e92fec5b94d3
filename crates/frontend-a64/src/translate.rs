//! The translation loop and the context translation functions emit IR through.

use crate::decoder;
use crossrun_ir::{Block, Builder, BranchKind, CpuState, Frontend, Reg, Terminator, TrapKind, Ty, Value, Width};

/// Returned by a translation function for an encoding that is unallocated or that
/// crossrun does not implement; the guest gets SIGILL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undefined;

/// The most guest instructions one block holds.
const MAX_BLOCK_INSNS: u32 = 64;

/// The translation context of one instruction.
#[derive(Debug)]
pub struct Tr {
    /// The block being built. Translation functions may use it directly for ops that
    /// have no helper method here.
    pub b: Builder,
    /// Address of the instruction being translated.
    pub pc: u64,
    /// The instruction word.
    pub insn: u32,
    term: Option<Terminator>,
}

impl Tr {
    pub fn new(pc: u64) -> Self {
        Tr { b: Builder::new(pc), pc, insn: 0, term: None }
    }

    /// The address of the next instruction.
    pub fn next_pc(&self) -> u64 {
        self.pc.wrapping_add(4)
    }

    /// Ends the block after this instruction with `term`.
    pub fn end(&mut self, term: Terminator) {
        self.term = Some(term);
    }

    /// Ends the block with a direct jump.
    pub fn jump(&mut self, target: u64, kind: BranchKind) {
        self.end(Terminator::Jump { target, kind });
    }

    /// X register `n`; register 31 reads as zero.
    pub fn x(&mut self, n: u8) -> Value {
        if n == 31 {
            self.b.c64(0)
        } else {
            self.b.get(Reg::X(n))
        }
    }

    /// X register `n`; register 31 is SP.
    pub fn x_sp(&mut self, n: u8) -> Value {
        self.b.get(Reg::X(n))
    }

    /// W register `n` (the low 32 bits of Xn, as an I32); register 31 reads as zero.
    pub fn w(&mut self, n: u8) -> Value {
        if n == 31 {
            return self.b.c32(0);
        }
        let x = self.b.get(Reg::X(n));
        self.b.zext(Ty::I32, Width::W32, x)
    }

    /// W register `n`; register 31 is WSP.
    pub fn w_sp(&mut self, n: u8) -> Value {
        let x = self.b.get(Reg::X(n));
        self.b.zext(Ty::I32, Width::W32, x)
    }

    /// Xn if `sf`, else Wn; register 31 reads as zero.
    pub fn reg(&mut self, sf: bool, n: u8) -> Value {
        if sf {
            self.x(n)
        } else {
            self.w(n)
        }
    }

    /// Xn/SP if `sf`, else Wn/WSP.
    pub fn reg_sp(&mut self, sf: bool, n: u8) -> Value {
        if sf {
            self.x_sp(n)
        } else {
            self.w_sp(n)
        }
    }

    /// Writes Xn (I64 value); writes to register 31 (XZR) are discarded.
    pub fn set_x(&mut self, n: u8, v: Value) {
        if n != 31 {
            self.b.set(Reg::X(n), v);
        }
    }

    /// Writes Xn (I64 value); register 31 is SP.
    pub fn set_x_sp(&mut self, n: u8, v: Value) {
        self.b.set(Reg::X(n), v);
    }

    /// Writes a 32- or 64-bit result to Rn: an I32 value is zero-extended into Xn, as
    /// every W-register write does. Register 31 is XZR.
    pub fn set_reg(&mut self, n: u8, v: Value) {
        if n != 31 {
            let v = self.widen(v);
            self.b.set(Reg::X(n), v);
        }
    }

    /// Like [`Self::set_reg`], but register 31 is SP.
    pub fn set_reg_sp(&mut self, n: u8, v: Value) {
        let v = self.widen(v);
        self.b.set(Reg::X(n), v);
    }

    /// An I32 zero-extended to I64; an I64 as it is.
    pub fn widen(&mut self, v: Value) -> Value {
        match self.b.ty(v) {
            Ty::I64 => v,
            _ => self.b.zext(Ty::I64, Width::W32, v),
        }
    }

    /// Vector register `n` (all 128 bits).
    pub fn v(&mut self, n: u8) -> Value {
        self.b.get(Reg::V(n))
    }

    /// Writes all 128 bits of vector register `n`.
    pub fn set_v(&mut self, n: u8, v: Value) {
        self.b.set(Reg::V(n), v);
    }

    /// Writes a 64-bit value to the low half of Vn and zeroes the high half (what every
    /// scalar or 64-bit vector write does).
    pub fn set_v_lo(&mut self, n: u8, lo: Value) {
        let zero = self.b.c64(0);
        let v = self.b.vmake(lo, zero);
        self.b.set(Reg::V(n), v);
    }

    pub fn nzcv(&mut self) -> Value {
        self.b.get(Reg::Nzcv)
    }

    pub fn set_nzcv(&mut self, v: Value) {
        self.b.set(Reg::Nzcv, v);
    }

    /// A constant of the given width: I64 if `sf`, else I32.
    pub fn imm(&mut self, sf: bool, value: u64) -> Value {
        if sf {
            self.b.c64(value)
        } else {
            self.b.c32(value as u32)
        }
    }
}

/// The AArch64 frontend, for the executor.
#[derive(Debug, Default)]
pub struct A64Frontend;

/// FPCR at process start on Linux: everything zero (round to nearest, no flush, no
/// default NaN).
const INITIAL_FPCR: u32 = 0;

impl Frontend for A64Frontend {
    fn translate(&self, pc: u64) -> Block {
        translate_block(pc)
    }

    fn initial_state(&self) -> CpuState {
        CpuState { fp_control: INITIAL_FPCR, ..CpuState::default() }
    }

    fn disassemble(&self, pc: u64) -> Option<(String, u64)> {
        let insn = crossrun_memory::access::load(pc, 4).ok()? as u32;
        let what = decoder::decode(insn).map_or("(undefined)", |(row, _)| row.name);
        Some((format!("{insn:08x}  {what}"), 4))
    }
}

/// Translates guest code at `pc` until a branch, a trap, a page boundary or the block
/// size limit.
pub fn translate_block(start: u64) -> Block {
    let mut tr = Tr::new(start);
    if !start.is_multiple_of(4) {
        let b = tr.b;
        return b.finish(start, 0, Terminator::Trap { kind: TrapKind::PcAlignment, pc: start });
    }
    let mut count = 0u32;
    loop {
        let pc = tr.pc;
        let insn = match crossrun_memory::access::load(pc, 4) {
            Ok(word) => word as u32,
            Err(fault) if count == 0 => {
                return tr.b.finish(pc, 0, Terminator::Trap { kind: TrapKind::FetchFault { addr: fault.addr }, pc });
            }
            // The fault belongs to the next block, which will report it precisely.
            Err(_) => return tr.b.finish(pc, count, Terminator::Jump { target: pc, kind: BranchKind::Plain }),
        };
        tr.insn = insn;
        let mark = tr.b.len();
        tr.b.guest_pc(pc);
        let ok = match decoder::decode(insn) {
            Some((row, fields)) => (row.handler)(&mut tr, fields).is_ok(),
            None => false,
        };
        if !ok {
            tr.b.truncate(mark);
            tr.term = None;
            // The block covers the undefined word too, so rewriting it invalidates the
            // block like any other code.
            return tr.b.finish(pc.wrapping_add(4), count, Terminator::Trap { kind: TrapKind::Undefined { insn }, pc });
        }
        count += 1;
        tr.pc = pc.wrapping_add(4);
        if let Some(term) = tr.term.take() {
            return tr.b.finish(tr.pc, count, term);
        }
        if count >= MAX_BLOCK_INSNS || tr.pc.is_multiple_of(crossrun_memory::PAGE_SIZE) {
            let next = tr.pc;
            return tr.b.finish(next, count, Terminator::Jump { target: next, kind: BranchKind::Plain });
        }
    }
}
