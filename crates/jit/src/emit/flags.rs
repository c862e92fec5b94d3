//! NZCV: the IR's flags computed with the host's own flag results.
//!
//! After an x86 `add`/`adc`, SF/ZF/CF/OF are N/Z/C/V. After `sub`/`sbb`, CF is a borrow,
//! the inverse of C (the IR subtracts as `a + !b + C`). The carry input of an add or
//! subtract with carry is moved into CF with `bt`; for a subtract it is inverted with
//! `cmc` because `sbb` subtracts a borrow.
//!
//! Two forms of a flags value exist in compiled code. The IR's packed form (N, Z, C, V
//! in bits 31..28) is what any integer op on it needs. The host form is what `lahf` and
//! `seto al` leave in eax, C turned into the IR's sense: N, Z, C, V in bits 15, 14, 8
//! and 0, the other bits junk (bits 1..7 clear). A flags value whose every use is a
//! guest-register write, a condition or a carry input is kept in host form
//! (`nzcv_host`), which takes three instructions where the packed form takes six, and
//! the guest's NZCV register itself holds host form for as long as compiled code runs:
//! the trampoline converts it from packed form on entry and back on exit (where faults
//! arrive too), so `CpuState` has the packed form whenever anything else looks.

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
            if self.nzcv_host[self.resolve(f).index()] {
                x64!(self.asm; bt edx, 8);
            } else {
                x64!(self.asm; bt edx, 29);
            }
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
        let subtract = matches!(kind, Arith::Sub | Arith::Sbc);
        if self.nzcv_host[i] {
            // C after a subtraction is "no borrow", x86's CF the borrow.
            if subtract {
                x64!(self.asm; cmc);
            }
            x64!(self.asm
                ; lahf
                ; seto al
            );
            self.store(RAX, i);
            return;
        }
        // ah = SF ZF . AF . PF . CF (lahf), al = OF: bits 15, 14, 8 and 0 of eax.
        x64!(self.asm
            ; lahf
            ; seto al
            ; and eax, 0xc101
        );
        if subtract {
            x64!(self.asm; xor eax, 0x100);
        }
        self.host_to_packed_eax();
        self.store(RAX, i);
    }

    /// eax (host-form flags in bits 15, 14, 8, 0) = the packed form. One multiply moves
    /// bits 15, 14, 8, 0 to 31, 30, 29, 28: the partial products of 2^16 + 2^21 + 2^28
    /// land on distinct bits (no carries), and the strays below bit 28 are masked off.
    pub(super) fn host_to_packed_eax(&mut self) {
        x64!(self.asm
            ; and eax, 0xc101
            ; imul eax, eax, 0x1021_0000
            ; and eax, 0xf000_0000u32 as i32
        );
    }

    pub(super) fn flags_logic(&mut self, i: usize, a: Value) {
        let r = self.value_reg(a);
        if self.ty(a) == Ty::I32 {
            x64!(self.asm; test Rd(r), Rd(r));
        } else {
            x64!(self.asm; test Rq(r), Rq(r));
        }
        if self.nzcv_host[i] {
            // `test` clears CF and OF.
            x64!(self.asm
                ; lahf
                ; mov al, 0
            );
            self.store(RAX, i);
            return;
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

    /// Sets the host flags so that x86 condition code (returned) holds exactly when `cond`
    /// holds for the flags value `f`: one bit test for the conditions on a single flag;
    /// for host-form flags, the signed comparisons from the flags themselves (OF from
    /// `add al, 0x7f`, which overflows exactly when al is 1, the rest from `sahf`); else a
    /// lookup in a 16-bit truth table indexed by the NZCV nibble (CF = the entry). rax and
    /// rcx are clobbered.
    pub(super) fn nzcv_test(&mut self, cond: u8, f: Value) -> u8 {
        let host = self.nzcv_host[self.resolve(f).index()];
        // EQ/NE: Z, CS/CC: C, MI/PL: N, VS/VC: V; the odd ones negate.
        let bit = match (cond >> 1, host) {
            (0, false) => Some(30),
            (1, false) => Some(29),
            (2, false) => Some(31),
            (3, false) => Some(28),
            (0, true) => Some(14),
            (1, true) => Some(8),
            (2, true) => Some(15),
            (3, true) => Some(0),
            _ => None,
        };
        let r = self.value_reg(f);
        if let Some(b) = bit {
            x64!(self.asm; bt Rd(r), b);
            // CF = the flag: `b` (2) when it must be set, `ae` (3) when clear.
            return 2 | (cond & 1);
        }
        x64!(self.asm; mov eax, Rd(r));
        if host {
            // GE, LT, GT, LE: x86's ge, l, g, le.
            if let Some(cc) = match cond {
                10 => Some(13),
                11 => Some(12),
                12 => Some(15),
                13 => Some(14),
                _ => None,
            } {
                x64!(self.asm
                    ; add al, 0x7f
                    ; sahf
                );
                return cc;
            }
            self.host_to_packed_eax();
        }
        let table = truth_table(Cond(cond)) as i32;
        x64!(self.asm
            ; shr eax, 28
            ; mov ecx, table
            ; bt ecx, eax
        );
        2
    }

    /// Whether `cond` holds for `f`, as a 0/1 value.
    pub(super) fn cond_holds(&mut self, i: usize, cond: Cond, f: Value) {
        let cc = if let Some(fu) = self.fused[i] {
            self.fused_compare(fu);
            fu.cc
        } else {
            self.nzcv_test(cond.0, f)
        };
        self.set_cc(i, cc);
    }

    /// Value `i` = 1 if x86 condition code `cc` holds for the host flags, else 0.
    pub(super) fn set_cc(&mut self, i: usize, cc: u8) {
        // setcc al; movzx eax, al
        self.asm.push(0x0f);
        self.asm.push(0x90 | cc);
        self.asm.push(0xc0);
        x64!(self.asm; movzx eax, al);
        self.store(RAX, i);
    }
}

/// Bit `nzcv >> 28` is set when `cond` holds for those flags.
pub fn truth_table(cond: Cond) -> u16 {
    (0..16u32)
        .filter(|&nibble| crossrun_exec::eval::cond_holds(cond, nibble << 28))
        .fold(0, |t, nibble| t | 1 << nibble)
}
