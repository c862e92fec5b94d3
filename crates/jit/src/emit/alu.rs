//! Integer arithmetic, shifts, extensions, comparisons and selects.
//!
//! I32 results are computed with 32-bit host instructions, whose writes zero the upper
//! half of the register, so I32 values stay zero-extended as the IR requires. x86's
//! variable shifts take the count modulo 32 or 64, which is exactly the IR's rule.

use super::host::features;
use super::{slot, x64, Emitter, CACHE_REGS, RAX, RCX, RDX};
use crossrun_ir::{Op, Ty, Value, Width};
use dynasmrt::{DynasmApi, DynasmLabelApi};

impl Emitter<'_> {
    /// Computed in the cache register that receives the result (see `compute_in`), in
    /// place when the first operand dies here.
    pub(super) fn binary(&mut self, i: usize, ty: Ty, op: &Op, a: Value, b: Value) {
        let w32 = ty == Ty::I32;
        let imm = self.const_imm(b, w32);
        let shift = matches!(op, Op::Shl(..) | Op::Lshr(..) | Op::Ashr(..) | Op::Ror(..));
        if shift {
            if let Some(c) = self.const_value(b) {
                // x86 masks an immediate count like a count in cl.
                let n = (c & if w32 { 31 } else { 63 }) as i8;
                if matches!(op, Op::Ror(..)) && features().bmi2 {
                    // rorx needs no copy of `a` when it stays live.
                    let (k, src) = self.compute_from(i, a, None);
                    let r = CACHE_REGS[k];
                    match (src, w32) {
                        (Some(s), true) => x64!(self.asm; rorx Rd(r), Rd(s), n),
                        (Some(s), false) => x64!(self.asm; rorx Rq(r), Rq(s), n),
                        (None, true) => x64!(self.asm; ror Rd(r), n),
                        (None, false) => x64!(self.asm; ror Rq(r), n),
                    }
                    self.define(k, i);
                    return;
                }
                let k = self.compute_in(i, a, None);
                let r = CACHE_REGS[k];
                match (op, w32) {
                    (Op::Shl(..), false) => x64!(self.asm; shl Rq(r), n),
                    (Op::Shl(..), true) => x64!(self.asm; shl Rd(r), n),
                    (Op::Lshr(..), false) => x64!(self.asm; shr Rq(r), n),
                    (Op::Lshr(..), true) => x64!(self.asm; shr Rd(r), n),
                    (Op::Ashr(..), false) => x64!(self.asm; sar Rq(r), n),
                    (Op::Ashr(..), true) => x64!(self.asm; sar Rd(r), n),
                    (Op::Ror(..), false) => x64!(self.asm; ror Rq(r), n),
                    _ => x64!(self.asm; ror Rd(r), n),
                }
                // A 32-bit shift by 0 still zero-extends nothing new: the operand
                // was zero-extended already.
                self.define(k, i);
                return;
            }
        }
        if let (Op::Add(..) | Op::Sub(..), Some(c)) = (op, imm) {
            // lea adds without a copy when `a` stays live.
            let disp = if matches!(op, Op::Add(..)) { Some(c) } else { c.checked_neg() };
            if let Some(disp) = disp {
                let (k, src) = self.compute_from(i, a, None);
                let r = CACHE_REGS[k];
                match (src, w32) {
                    (Some(s), true) => x64!(self.asm; lea Rd(r), [Rq(s) + disp]),
                    (Some(s), false) => x64!(self.asm; lea Rq(r), [Rq(s) + disp]),
                    (None, true) => x64!(self.asm; add Rd(r), disp),
                    (None, false) => x64!(self.asm; add Rq(r), disp),
                }
                self.define(k, i);
                return;
            }
        }
        if let (Op::Add(..) | Op::Sub(..) | Op::And(..) | Op::Or(..) | Op::Xor(..), Some(c)) = (op, imm) {
            let k = self.compute_in(i, a, None);
            let r = CACHE_REGS[k];
            match (op, w32) {
                (Op::Add(..), false) => x64!(self.asm; add Rq(r), c),
                (Op::Add(..), true) => x64!(self.asm; add Rd(r), c),
                (Op::Sub(..), false) => x64!(self.asm; sub Rq(r), c),
                (Op::Sub(..), true) => x64!(self.asm; sub Rd(r), c),
                (Op::And(..), false) => x64!(self.asm; and Rq(r), c),
                (Op::And(..), true) => x64!(self.asm; and Rd(r), c),
                (Op::Or(..), false) => x64!(self.asm; or Rq(r), c),
                (Op::Or(..), true) => x64!(self.asm; or Rd(r), c),
                (Op::Xor(..), false) => x64!(self.asm; xor Rq(r), c),
                _ => x64!(self.asm; xor Rd(r), c),
            }
            self.define(k, i);
            return;
        }
        // The second operand from its cache register, or else in rcx (where variable
        // shift counts must be anyway).
        if let (Op::Add(..) | Op::Sub(..) | Op::Mul(..) | Op::And(..) | Op::Or(..) | Op::Xor(..), Some((base, d))) =
            (op, self.memory_operand(b))
        {
            // The second operand straight from memory: no load into a register first.
            let k = self.compute_in(i, a, Some(b));
            let r = CACHE_REGS[k];
            match (op, w32) {
                (Op::Add(..), false) => x64!(self.asm; add Rq(r), QWORD [Rq(base) + d]),
                (Op::Add(..), true) => x64!(self.asm; add Rd(r), DWORD [Rq(base) + d]),
                (Op::Sub(..), false) => x64!(self.asm; sub Rq(r), QWORD [Rq(base) + d]),
                (Op::Sub(..), true) => x64!(self.asm; sub Rd(r), DWORD [Rq(base) + d]),
                (Op::Mul(..), false) => x64!(self.asm; imul Rq(r), QWORD [Rq(base) + d]),
                (Op::Mul(..), true) => x64!(self.asm; imul Rd(r), DWORD [Rq(base) + d]),
                (Op::And(..), false) => x64!(self.asm; and Rq(r), QWORD [Rq(base) + d]),
                (Op::And(..), true) => x64!(self.asm; and Rd(r), DWORD [Rq(base) + d]),
                (Op::Or(..), false) => x64!(self.asm; or Rq(r), QWORD [Rq(base) + d]),
                (Op::Or(..), true) => x64!(self.asm; or Rd(r), DWORD [Rq(base) + d]),
                (Op::Xor(..), false) => x64!(self.asm; xor Rq(r), QWORD [Rq(base) + d]),
                _ => x64!(self.asm; xor Rd(r), DWORD [Rq(base) + d]),
            }
            self.define(k, i);
            return;
        }
        let bmi1 = features().bmi1;
        let src = match self.cached_reg(b) {
            Some(rb) if !shift && (bmi1 || !matches!(op, Op::AndNot(..))) => rb,
            _ => {
                self.load(RCX, b);
                RCX
            }
        };
        if matches!(op, Op::Add(..)) || (bmi1 && matches!(op, Op::AndNot(..))) {
            // Three-operand forms: `a` need not be copied first.
            let (k, sa) = self.compute_from(i, a, Some(b));
            let r = CACHE_REGS[k];
            let sa = sa.unwrap_or(r);
            match (op, w32) {
                (Op::Add(..), true) => x64!(self.asm; lea Rd(r), [Rq(sa) + Rq(src)]),
                (Op::Add(..), false) => x64!(self.asm; lea Rq(r), [Rq(sa) + Rq(src)]),
                // andn d, x, y = !x & y.
                (_, true) => x64!(self.asm; andn Rd(r), Rd(src), Rd(sa)),
                (_, false) => x64!(self.asm; andn Rq(r), Rq(src), Rq(sa)),
            }
            self.define(k, i);
            return;
        }
        let k = self.compute_in(i, a, Some(b));
        let r = CACHE_REGS[k];
        match (op, w32) {
            (Op::Add(..), false) => x64!(self.asm; add Rq(r), Rq(src)),
            (Op::Add(..), true) => x64!(self.asm; add Rd(r), Rd(src)),
            (Op::Sub(..), false) => x64!(self.asm; sub Rq(r), Rq(src)),
            (Op::Sub(..), true) => x64!(self.asm; sub Rd(r), Rd(src)),
            (Op::Mul(..), false) => x64!(self.asm; imul Rq(r), Rq(src)),
            (Op::Mul(..), true) => x64!(self.asm; imul Rd(r), Rd(src)),
            (Op::And(..), false) => x64!(self.asm; and Rq(r), Rq(src)),
            (Op::And(..), true) => x64!(self.asm; and Rd(r), Rd(src)),
            (Op::Or(..), false) => x64!(self.asm; or Rq(r), Rq(src)),
            (Op::Or(..), true) => x64!(self.asm; or Rd(r), Rd(src)),
            (Op::Xor(..), false) => x64!(self.asm; xor Rq(r), Rq(src)),
            (Op::Xor(..), true) => x64!(self.asm; xor Rd(r), Rd(src)),
            (Op::AndNot(..), false) => x64!(self.asm; not rcx; and Rq(r), rcx),
            (Op::AndNot(..), true) => x64!(self.asm; not ecx; and Rd(r), ecx),
            (Op::Shl(..), false) => x64!(self.asm; shl Rq(r), cl),
            (Op::Shl(..), true) => x64!(self.asm; shl Rd(r), cl),
            (Op::Lshr(..), false) => x64!(self.asm; shr Rq(r), cl),
            (Op::Lshr(..), true) => x64!(self.asm; shr Rd(r), cl),
            (Op::Ashr(..), false) => x64!(self.asm; sar Rq(r), cl),
            (Op::Ashr(..), true) => x64!(self.asm; sar Rd(r), cl),
            (Op::Ror(..), false) => x64!(self.asm; ror Rq(r), cl),
            (Op::Ror(..), true) => x64!(self.asm; ror Rd(r), cl),
            _ => unreachable!("binary() called with {op:?}"),
        }
        // A 32-bit shift by 0 leaves the register untouched (upper half included), but
        // the operand was zero-extended already, so the result still is.
        self.define(k, i);
    }

    /// The IR's unsigned division: x / 0 = 0.
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

    /// The IR's signed division: x / 0 = 0 and MIN / -1 = MIN (x86 would raise #DE for
    /// both).
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
        let k = self.compute_in(i, a, None);
        let r = CACHE_REGS[k];
        match (op, ty == Ty::I32) {
            (Op::Not(_), false) => x64!(self.asm; not Rq(r)),
            (Op::Not(_), true) => x64!(self.asm; not Rd(r)),
            (Op::Neg(_), false) => x64!(self.asm; neg Rq(r)),
            (Op::Neg(_), true) => x64!(self.asm; neg Rd(r)),
            (Op::Rev(_), false) => x64!(self.asm; bswap Rq(r)),
            (Op::Rev(_), true) => x64!(self.asm; bswap Rd(r)),
            _ => unreachable!("unary() called with {op:?}"),
        }
        self.define(k, i);
    }

    pub(super) fn zext(&mut self, i: usize, ty: Ty, w: Width, a: Value) {
        match w {
            // Straight from the register holding `a` into the result's.
            Width::W32 => {
                let (k, src) = self.extend_regs(a);
                let r = CACHE_REGS[k];
                x64!(self.asm; mov Rd(r), Rd(src));
                self.define(k, i);
                return;
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

    /// For an extension of `a` computed straight into a cache register: the result's
    /// (an index into `CACHE_REGS`, never `a`'s register) and the register holding `a`
    /// (rax if none does).
    fn extend_regs(&mut self, a: Value) -> (usize, u8) {
        let k = self.result_reg_except(&[self.resolve(a).index()]);
        (k, self.value_reg(a))
    }

    pub(super) fn sext(&mut self, i: usize, ty: Ty, w: Width, a: Value) {
        if w == Width::W32 && ty == Ty::I64 {
            if let Some((base, d)) = self.memory_operand(a) {
                let k = self.result_reg_except(&[self.resolve(a).index()]);
                let r = CACHE_REGS[k];
                x64!(self.asm; movsxd Rq(r), DWORD [Rq(base) + d]);
                self.define(k, i);
                return;
            }
            let (k, src) = self.extend_regs(a);
            let r = CACHE_REGS[k];
            x64!(self.asm; movsxd Rq(r), Rd(src));
            self.define(k, i);
            return;
        }
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

    /// `Icmp` as its fused compare (see `Emitter::fused`) and a 0/1 result.
    pub(super) fn icmp(&mut self, i: usize) {
        let f = self.fused[i].expect("analyse fuses every Icmp");
        self.fused_compare(f);
        self.set_cc(i, f.cc);
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
