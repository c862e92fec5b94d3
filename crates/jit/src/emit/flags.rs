//! NZCV: Arm's flags computed with the host's own flag results.
//!
//! After an x86 `add`/`adc`, SF/ZF/CF/OF are Arm's N/Z/C/V. After `sub`/`sbb`, CF is a
//! borrow, the inverse of Arm's C (Arm subtracts as `a + !b + C`). The carry input of
//! ADC/SBC is bit 29 of the packed NZCV operand, moved into CF with `bt`; for SBC it is
//! inverted with `cmc` because `sbb` subtracts a borrow.

use super::{x64, Emitter, Fused, FusedKind, RAX, RCX, RDX};
use crossrun_ir::{Cond, Ty, Value};
use dynasmrt::DynasmApi;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Adc,
    Sbc,
}

impl Emitter<'_> {
    /// Sets the host flags from the operation; rax (and rcx) may be clobbered. When the
    /// result is wanted (an add or subtract with carry) it is left in rax.
    fn arith(&mut self, kind: Arith, w32: bool, a: Value, b: Value, carry: Option<Value>) {
        if kind == Arith::Sub && carry.is_none() {
            self.compare(w32, a, b);
            return;
        }
        self.load(RAX, a);
        if carry.is_none() {
            if let Some(c) = self.const_imm(b, w32) {
                // The immediate, sign-extended to 64 bits, is `b`: the flags are the same.
                // Without a carry input the op is Add or Sub.
                match (kind, w32) {
                    (Arith::Add, false) => x64!(self.asm; add rax, c),
                    (Arith::Add, true) => x64!(self.asm; add eax, c),
                    (_, false) => x64!(self.asm; sub rax, c),
                    (_, true) => x64!(self.asm; sub eax, c),
                }
                return;
            }
        }
        self.load(RCX, b);
        if let Some(f) = carry {
            self.load(RDX, f);
            x64!(self.asm; bt edx, 29);
            if kind == Arith::Sbc {
                x64!(self.asm; cmc);
            }
        }
        match (kind, w32) {
            (Arith::Add, false) => x64!(self.asm; add rax, rcx),
            (Arith::Add, true) => x64!(self.asm; add eax, ecx),
            (Arith::Sub, false) => x64!(self.asm; sub rax, rcx),
            (Arith::Sub, true) => x64!(self.asm; sub eax, ecx),
            (Arith::Adc, false) => x64!(self.asm; adc rax, rcx),
            (Arith::Adc, true) => x64!(self.asm; adc eax, ecx),
            (Arith::Sbc, false) => x64!(self.asm; sbb rax, rcx),
            (Arith::Sbc, true) => x64!(self.asm; sbb eax, ecx),
        }
    }

    pub(super) fn flags_arith(&mut self, i: usize, kind: Arith, a: Value, b: Value, carry: Option<Value>) {
        let w32 = self.ty(a) == Ty::I32;
        self.arith(kind, w32, a, b, carry);
        // ah = SF ZF . AF . PF . CF (lahf), al = OF: bits 15, 14, 8 and 0 of eax. Arm's
        // C after a subtraction is "no borrow", x86's CF the borrow.
        x64!(self.asm
            ; lahf
            ; seto al
            ; and eax, 0xc101
        );
        if matches!(kind, Arith::Sub | Arith::Sbc) {
            x64!(self.asm; xor eax, 0x100);
        }
        // One multiply moves bits 15, 14, 8, 0 to 31, 30, 29, 28: the partial products
        // of 2^16 + 2^21 + 2^28 land on distinct bits (no carries), and the strays below
        // bit 28 are masked off.
        x64!(self.asm
            ; imul eax, eax, 0x1021_0000
            ; and eax, 0xf000_0000u32 as i32
        );
        self.store(RAX, i);
    }

    pub(super) fn flags_logic(&mut self, i: usize, a: Value) {
        let r = self.value_reg(a);
        if self.ty(a) == Ty::I32 {
            x64!(self.asm; test Rd(r), Rd(r));
        } else {
            x64!(self.asm; test Rq(r), Rq(r));
        }
        // N and Z; C and V are clear.
        x64!(self.asm
            ; sets cl
            ; sete dl
            ; movzx ecx, cl
            ; movzx edx, dl
            ; shl ecx, 31
            ; shl edx, 30
            ; or ecx, edx
        );
        self.store(RCX, i);
    }

    pub(super) fn add_with_carry(&mut self, i: usize, ty: Ty, subtract: bool, a: Value, b: Value, f: Value) {
        let kind = if subtract { Arith::Sbc } else { Arith::Adc };
        self.arith(kind, ty == Ty::I32, a, b, Some(f));
        self.store(RAX, i);
    }

    /// `cmp a, b` straight on the registers holding them (or on an immediate `b`).
    fn compare(&mut self, w32: bool, a: Value, b: Value) {
        let ra = self.value_reg(a);
        if let Some(c) = self.const_imm(b, w32) {
            if w32 {
                x64!(self.asm; cmp Rd(ra), c);
            } else {
                x64!(self.asm; cmp Rq(ra), c);
            }
            return;
        }
        let rb = match self.cached_reg(b) {
            Some(r) => r,
            None => {
                self.load(RCX, b);
                RCX
            }
        };
        if w32 {
            x64!(self.asm; cmp Rd(ra), Rd(rb));
        } else {
            x64!(self.asm; cmp Rq(ra), Rq(rb));
        }
    }

    /// Sets the host flags for a fused condition (see `Fused`): rax and rcx are clobbered.
    pub(super) fn fused_compare(&mut self, f: Fused) {
        let w32 = self.ty(f.a) == Ty::I32;
        if f.kind == FusedKind::Sub {
            self.compare(w32, f.a, f.b);
            return;
        }
        if f.kind == FusedKind::Logic {
            let r = self.value_reg(f.a);
            if w32 {
                x64!(self.asm; test Rd(r), Rd(r));
            } else {
                x64!(self.asm; test Rq(r), Rq(r));
            }
            return;
        }
        // An add: the sum is computed in rax for its flags.
        self.load(RAX, f.a);
        if let Some(c) = self.const_imm(f.b, w32) {
            // The immediate, sign-extended to 64 bits, is `b`: the flags are the same.
            if w32 {
                x64!(self.asm; add eax, c);
            } else {
                x64!(self.asm; add rax, c);
            }
            return;
        }
        self.load(RCX, f.b);
        if w32 {
            x64!(self.asm; add eax, ecx);
        } else {
            x64!(self.asm; add rax, rcx);
        }
    }

    /// Looks the condition up in a 16-bit truth table indexed by the NZCV nibble.
    pub(super) fn cond_holds(&mut self, i: usize, cond: Cond, f: Value) {
        if let Some(fu) = self.fused[i] {
            self.fused_compare(fu);
            // setcc al; movzx eax, al
            self.asm.push(0x0f);
            self.asm.push(0x90 | fu.cc);
            self.asm.push(0xc0);
            x64!(self.asm; movzx eax, al);
            self.store(RAX, i);
            return;
        }
        let table = truth_table(cond) as i32;
        self.load(RAX, f);
        x64!(self.asm
            ; shr eax, 28
            ; mov ecx, table
            ; bt ecx, eax
            ; setc al
            ; movzx eax, al
        );
        self.store(RAX, i);
    }
}

/// Bit `nzcv >> 28` is set when `cond` holds for those flags.
pub fn truth_table(cond: Cond) -> u16 {
    (0..16u32)
        .filter(|&nibble| crossrun_exec::eval::cond_holds(cond, nibble << 28))
        .fold(0, |t, nibble| t | 1 << nibble)
}
