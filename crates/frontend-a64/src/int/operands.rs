//! Operand forms shared by the data-processing groups: the Arm ARM's ShiftReg(),
//! ExtendReg() and the add/subtract core with its flags.

use crate::translate::Tr;
use crossrun_ir::{Ty, Value, Width};

/// The type of a 64-bit (`sf` = 1) or 32-bit operation.
pub(super) fn ty(sf: bool) -> Ty {
    if sf {
        Ty::I64
    } else {
        Ty::I32
    }
}

/// The operation width in bits.
pub(super) fn datasize(sf: bool) -> u32 {
    if sf {
        64
    } else {
        32
    }
}

impl Tr {
    /// ShiftReg(): Rm (XZR for 31) shifted by a constant; `shift_type` is the 2-bit
    /// field (LSL, LSR, ASR, ROR). The caller rejects amounts beyond the width.
    pub(super) fn shift_reg(&mut self, sf: bool, m: u8, shift_type: u32, amount: u32) -> Value {
        let v = self.reg(sf, m);
        if amount == 0 {
            return v;
        }
        let a = self.imm(sf, amount as u64);
        match shift_type {
            0 => self.b.shl(v, a),
            1 => self.b.lshr(v, a),
            2 => self.b.ashr(v, a),
            _ => self.b.ror(v, a),
        }
    }

    /// ExtendReg(): the low 8, 16, 32 or 64 bits of Rm (XZR for 31), zero- or
    /// sign-extended by `option` (UXTB..SXTX), then shifted left by `shift` (0..=4).
    pub(super) fn extend_reg(&mut self, sf: bool, m: u8, option: u32, shift: u32) -> Value {
        let v = self.reg(sf, m);
        let from = match option & 3 {
            0 => Width::W8,
            1 => Width::W16,
            2 => Width::W32,
            _ => Width::W64,
        };
        let ty = ty(sf);
        // Extending from the operation width or more leaves the value as it is.
        let v = if from.bits() >= ty.bits() {
            v
        } else if option & 4 != 0 {
            self.b.sext(ty, from, v)
        } else {
            self.b.zext(ty, from, v)
        };
        if shift == 0 {
            return v;
        }
        let s = self.b.const_like(v, shift as u64);
        self.b.shl(v, s)
    }

    /// `n + m` or `n - m`; with `setflags`, also writes NZCV.
    pub(super) fn add_sub(&mut self, n: Value, m: Value, sub: bool, setflags: bool) -> Value {
        let result = if sub { self.b.sub(n, m) } else { self.b.add(n, m) };
        if setflags {
            let flags = if sub { self.b.flags_sub(n, m) } else { self.b.flags_add(n, m) };
            self.set_nzcv(flags);
        }
        result
    }
}
