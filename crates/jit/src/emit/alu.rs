//! Integer arithmetic, shifts, extensions, comparisons and selects.
//!
//! I32 results are computed with 32-bit host instructions, whose writes zero the upper
//! half of the register, so I32 values stay zero-extended as the IR requires. x86's
//! variable shifts take the count modulo 32 or 64, which is exactly Arm's rule.

use super::{slot, x64, Emitter, RAX, RCX, RDX};
use crossrun_ir::{IntCC, Op, Ty, Value, Width};
use dynasmrt::{DynasmApi, DynasmLabelApi};

impl Emitter<'_> {
    pub(super) fn binary(&mut self, i: usize, ty: Ty, op: &Op, a: Value, b: Value) {
        let w32 = ty == Ty::I32;
        if let Op::Or(..) = op {
            if let Some((x, n)) = self.rotate_of(ty, a, b) {
                let n = n as i8;
                self.load(RAX, x);
                if w32 {
                    x64!(self.asm; ror eax, n);
                } else {
                    x64!(self.asm; ror rax, n);
                }
                self.store(RAX, i);
                return;
            }
        }
        self.load(RAX, a);
        // A constant or cached second operand is used in place.
        let imm = self.const_imm(b, w32);
        match (op, imm) {
            (Op::Shl(..) | Op::Lshr(..) | Op::Ashr(..) | Op::Ror(..), _) => {
                if let Some(c) = self.const_value(b) {
                    // x86 masks an immediate count like a count in cl.
                    let n = (c & if w32 { 31 } else { 63 }) as i8;
                    match (op, w32) {
                        (Op::Shl(..), false) => x64!(self.asm; shl rax, n),
                        (Op::Shl(..), true) => x64!(self.asm; shl eax, n),
                        (Op::Lshr(..), false) => x64!(self.asm; shr rax, n),
                        (Op::Lshr(..), true) => x64!(self.asm; shr eax, n),
                        (Op::Ashr(..), false) => x64!(self.asm; sar rax, n),
                        (Op::Ashr(..), true) => x64!(self.asm; sar eax, n),
                        (Op::Ror(..), false) => x64!(self.asm; ror rax, n),
                        _ => x64!(self.asm; ror eax, n),
                    }
                    // A 32-bit shift by 0 still zero-extends nothing new: the operand
                    // was zero-extended already.
                    self.store(RAX, i);
                    return;
                }
            }
            (Op::Add(..) | Op::Sub(..) | Op::And(..) | Op::Or(..) | Op::Xor(..), Some(c)) => {
                match (op, w32) {
                    (Op::Add(..), false) => x64!(self.asm; add rax, c),
                    (Op::Add(..), true) => x64!(self.asm; add eax, c),
                    (Op::Sub(..), false) => x64!(self.asm; sub rax, c),
                    (Op::Sub(..), true) => x64!(self.asm; sub eax, c),
                    (Op::And(..), false) => x64!(self.asm; and rax, c),
                    (Op::And(..), true) => x64!(self.asm; and eax, c),
                    (Op::Or(..), false) => x64!(self.asm; or rax, c),
                    (Op::Or(..), true) => x64!(self.asm; or eax, c),
                    (Op::Xor(..), false) => x64!(self.asm; xor rax, c),
                    _ => x64!(self.asm; xor eax, c),
                }
                self.store(RAX, i);
                return;
            }
            (Op::Add(..) | Op::Sub(..) | Op::Mul(..) | Op::And(..) | Op::Or(..) | Op::Xor(..), None) => {
                if let Some(r) = self.cached_reg(b) {
                    match (op, w32) {
                        (Op::Add(..), false) => x64!(self.asm; add rax, Rq(r)),
                        (Op::Add(..), true) => x64!(self.asm; add eax, Rd(r)),
                        (Op::Sub(..), false) => x64!(self.asm; sub rax, Rq(r)),
                        (Op::Sub(..), true) => x64!(self.asm; sub eax, Rd(r)),
                        (Op::Mul(..), false) => x64!(self.asm; imul rax, Rq(r)),
                        (Op::Mul(..), true) => x64!(self.asm; imul eax, Rd(r)),
                        (Op::And(..), false) => x64!(self.asm; and rax, Rq(r)),
                        (Op::And(..), true) => x64!(self.asm; and eax, Rd(r)),
                        (Op::Or(..), false) => x64!(self.asm; or rax, Rq(r)),
                        (Op::Or(..), true) => x64!(self.asm; or eax, Rd(r)),
                        (Op::Xor(..), false) => x64!(self.asm; xor rax, Rq(r)),
                        _ => x64!(self.asm; xor eax, Rd(r)),
                    }
                    self.store(RAX, i);
                    return;
                }
            }
            _ => {}
        }
        self.load(RCX, b);
        match (op, w32) {
            (Op::Add(..), false) => x64!(self.asm; add rax, rcx),
            (Op::Add(..), true) => x64!(self.asm; add eax, ecx),
            (Op::Sub(..), false) => x64!(self.asm; sub rax, rcx),
            (Op::Sub(..), true) => x64!(self.asm; sub eax, ecx),
            (Op::Mul(..), false) => x64!(self.asm; imul rax, rcx),
            (Op::Mul(..), true) => x64!(self.asm; imul eax, ecx),
            (Op::And(..), false) => x64!(self.asm; and rax, rcx),
            (Op::And(..), true) => x64!(self.asm; and eax, ecx),
            (Op::Or(..), false) => x64!(self.asm; or rax, rcx),
            (Op::Or(..), true) => x64!(self.asm; or eax, ecx),
            (Op::Xor(..), false) => x64!(self.asm; xor rax, rcx),
            (Op::Xor(..), true) => x64!(self.asm; xor eax, ecx),
            (Op::AndNot(..), false) => x64!(self.asm; not rcx; and rax, rcx),
            (Op::AndNot(..), true) => x64!(self.asm; not ecx; and eax, ecx),
            (Op::Shl(..), false) => x64!(self.asm; shl rax, cl),
            (Op::Shl(..), true) => x64!(self.asm; shl eax, cl),
            (Op::Lshr(..), false) => x64!(self.asm; shr rax, cl),
            (Op::Lshr(..), true) => x64!(self.asm; shr eax, cl),
            (Op::Ashr(..), false) => x64!(self.asm; sar rax, cl),
            (Op::Ashr(..), true) => x64!(self.asm; sar eax, cl),
            (Op::Ror(..), false) => x64!(self.asm; ror rax, cl),
            (Op::Ror(..), true) => x64!(self.asm; ror eax, cl),
            _ => unreachable!("binary() called with {op:?}"),
        }
        // A 32-bit shift by 0 leaves the register untouched (upper half included), but
        // the operand was zero-extended already, so the result still is.
        self.store(RAX, i);
    }

    /// Arm UDIV: x / 0 = 0.
    pub(super) fn udiv(&mut self, i: usize, ty: Ty, a: Value, b: Value) {
        self.load(RAX, a);
        self.load(RCX, b);
        if ty == Ty::I32 {
            x64!(self.asm
                ; test ecx, ecx
                ; jz >zero
                ; xor edx, edx
                ; div ecx
                ; jmp >done
                ; zero:
                ; xor eax, eax
                ; done:
            );
        } else {
            x64!(self.asm
                ; test rcx, rcx
                ; jz >zero
                ; xor edx, edx
                ; div rcx
                ; jmp >done
                ; zero:
                ; xor eax, eax
                ; done:
            );
        }
        self.store(RAX, i);
    }

    /// Arm SDIV: x / 0 = 0 and MIN / -1 = MIN (x86 would raise #DE for both).
    pub(super) fn sdiv(&mut self, i: usize, ty: Ty, a: Value, b: Value) {
        self.load(RAX, a);
        self.load(RCX, b);
        if ty == Ty::I32 {
            x64!(self.asm
                ; test ecx, ecx
                ; jz >zero
                ; cmp ecx, -1
                ; je >negate
                ; cdq
                ; idiv ecx
                ; jmp >done
                ; negate:
                ; neg eax
                ; jmp >done
                ; zero:
                ; xor eax, eax
                ; done:
            );
        } else {
            x64!(self.asm
                ; test rcx, rcx
                ; jz >zero
                ; cmp rcx, -1
                ; je >negate
                ; cqo
                ; idiv rcx
                ; jmp >done
                ; negate:
                ; neg rax
                ; jmp >done
                ; zero:
                ; xor eax, eax
                ; done:
            );
        }
        self.store(RAX, i);
    }

    pub(super) fn mul_hi(&mut self, i: usize, signed: bool, a: Value, b: Value) {
        self.load(RAX, a);
        self.load(RCX, b);
        if signed {
            x64!(self.asm; imul rcx);
        } else {
            x64!(self.asm; mul rcx);
        }
        self.store(RDX, i);
    }

    pub(super) fn unary(&mut self, i: usize, ty: Ty, op: &Op, a: Value) {
        self.load(RAX, a);
        match (op, ty == Ty::I32) {
            (Op::Not(_), false) => x64!(self.asm; not rax),
            (Op::Not(_), true) => x64!(self.asm; not eax),
            (Op::Neg(_), false) => x64!(self.asm; neg rax),
            (Op::Neg(_), true) => x64!(self.asm; neg eax),
            (Op::Rev(_), false) => x64!(self.asm; bswap rax),
            (Op::Rev(_), true) => x64!(self.asm; bswap eax),
            _ => unreachable!("unary() called with {op:?}"),
        }
        self.store(RAX, i);
    }

    pub(super) fn zext(&mut self, i: usize, ty: Ty, w: Width, a: Value) {
        match w {
            // Straight from the register holding `a`, not through a copy in rax.
            Width::W32 => {
                let r = self.value_reg(a);
                x64!(self.asm; mov eax, Rd(r));
            }
            Width::W8 => {
                self.load(RAX, a);
                x64!(self.asm; movzx eax, al);
            }
            Width::W16 => {
                self.load(RAX, a);
                x64!(self.asm; movzx eax, ax);
            }
            // Already 32 bits or fewer when narrower; only a 64-bit source needs the
            // I32 truncation.
            Width::W64 | Width::W128 => {
                self.load(RAX, a);
                if ty == Ty::I32 {
                    x64!(self.asm; mov eax, eax);
                }
            }
        }
        self.store(RAX, i);
    }

    pub(super) fn sext(&mut self, i: usize, ty: Ty, w: Width, a: Value) {
        self.load(RAX, a);
        match w {
            Width::W8 => x64!(self.asm; movsx rax, al),
            Width::W16 => x64!(self.asm; movsx rax, ax),
            Width::W32 => x64!(self.asm; movsxd rax, eax),
            Width::W64 | Width::W128 => {}
        }
        if ty == Ty::I32 {
            x64!(self.asm; mov eax, eax);
        }
        self.store(RAX, i);
    }

    pub(super) fn icmp(&mut self, i: usize, cc: IntCC, a: Value, b: Value) {
        self.load(RAX, a);
        self.load(RCX, b);
        if self.ty(a) == Ty::I32 {
            x64!(self.asm; cmp eax, ecx);
        } else {
            x64!(self.asm; cmp rax, rcx);
        }
        match cc {
            IntCC::Eq => x64!(self.asm; sete al),
            IntCC::Ne => x64!(self.asm; setne al),
            IntCC::Ult => x64!(self.asm; setb al),
            IntCC::Ule => x64!(self.asm; setbe al),
            IntCC::Ugt => x64!(self.asm; seta al),
            IntCC::Uge => x64!(self.asm; setae al),
            IntCC::Slt => x64!(self.asm; setl al),
            IntCC::Sle => x64!(self.asm; setle al),
            IntCC::Sgt => x64!(self.asm; setg al),
            IntCC::Sge => x64!(self.asm; setge al),
        }
        x64!(self.asm; movzx eax, al);
        self.store(RAX, i);
    }

    /// `cond ? a : b`; both halves for V128 so vectors select without a branch.
    pub(super) fn select(&mut self, i: usize, ty: Ty, c: Value, a: Value, b: Value) {
        if ty != Ty::V128 {
            self.load(RAX, b);
            self.load(RCX, c);
            self.load(RDX, a);
            x64!(self.asm
                ; test ecx, ecx
                ; cmovne rax, rdx
            );
            self.store(RAX, i);
            return;
        }
        let (sc, sa, sb, d) = (slot(c), slot(a), slot(b), (i * 16) as i32);
        x64!(self.asm
            ; mov rax, QWORD [r12 + sb]
            ; cmp QWORD [r12 + sc], 0
            ; cmovne rax, QWORD [r12 + sa]
            ; mov QWORD [r12 + d], rax
        );
        if ty == Ty::V128 {
            x64!(self.asm
                ; mov rax, QWORD [r12 + sb + 8]
                ; cmp QWORD [r12 + sc], 0
                ; cmovne rax, QWORD [r12 + sa + 8]
                ; mov QWORD [r12 + d + 8], rax
            );
        }
    }
}
