//! Rewrites idioms that a guest spells in several operations into fewer IR operations,
//! for every executor. Guests without a rotate instruction (RV64GC without Zbb) write a
//! rotate as two shifts and an or; RV64's word instructions (ADDW, SLLIW, ...) read the
//! low 32 bits of their operands and sign-extend their 32-bit result, so in a chain of
//! them each result is extended only for the next instruction to cut it down again.
//!
//! Each rule is an identity on the values the IR defines (see `Op`):
//! - `x + 0`, `x - 0`, `x | 0`, `x ^ 0`, `0 + x`, `0 | x` and `0 ^ x` are `x`;
//! - an extension from a width of the low bits of an extension that kept them reads the
//!   inner operand instead: `Zext(w, Sext(v, x))` is `Zext(w, x)` when `w <= v` (and
//!   the inner result has `w` bits), likewise for `Zext` inside and `Sext` outside;
//!   an extension to its operand's own type from that type's width is the operand;
//! - `Sext(w, x) op Sext(w, y)`, for `op` one of `And`, `Or`, `Xor`, is
//!   `Sext(w, x op y)`: the bits above `w` of each operand copy its bit `w - 1`, so those
//!   of the result copy bit `w - 1` of `x op y`; a constant that is already such a sign
//!   extension counts as one;
//! - `(a << c1) | (a >> c2)` with constants `c1 + c2` = the width is `Ror(a, c2)`; the
//!   two `a` may be equal extensions of one value (frontends extend an operand per use).
//!
//! Values are renumbered, since a rule may add an operation (the narrow logic op) before
//! the one it replaces; `remove_dead_code` drops what the rewrites leave unused.

use crate::{Block, Inst, Op, Terminator, Ty, Value, Width};

pub fn simplify(block: &mut Block) {
    let old = std::mem::take(&mut block.insts);
    let mut s = Simplifier { insts: Vec::with_capacity(old.len() + 8) };
    let mut map: Vec<Value> = Vec::with_capacity(old.len());
    for inst in old {
        let mut op = inst.op;
        op.each_arg_mut(|a| *a = map[a.index()]);
        map.push(s.emit(op, inst.ty));
    }
    block.insts = s.insts;
    match &mut block.term {
        Terminator::Branch { cond: v, .. } | Terminator::Indirect { target: v, .. } => *v = map[v.index()],
        _ => {}
    }
}

struct Simplifier {
    insts: Vec<Inst>,
}

impl Simplifier {
    /// The value of `op` (of type `ty`, its operands already renumbered): an existing
    /// value, or `op` or its simpler form appended.
    fn emit(&mut self, op: Op, ty: Ty) -> Value {
        if let Some(v) = self.rewrite(&op, ty) {
            return v;
        }
        self.push(op, ty)
    }

    fn push(&mut self, op: Op, ty: Ty) -> Value {
        self.insts.push(Inst { op, ty });
        Value(self.insts.len() as u32 - 1)
    }

    fn op(&self, v: Value) -> &Op {
        &self.insts[v.index()].op
    }

    fn ty(&self, v: Value) -> Ty {
        self.insts[v.index()].ty
    }

    /// The value of integer constant `v`, within its type.
    fn constant(&self, v: Value) -> Option<u64> {
        match (self.op(v), self.ty(v)) {
            (Op::Const(c), Ty::I1) => Some((c & 1) as u64),
            (Op::Const(c), Ty::I32) => Some(*c as u32 as u64),
            (Op::Const(c), Ty::I64) => Some(*c as u64),
            _ => None,
        }
    }

    fn rewrite(&mut self, op: &Op, ty: Ty) -> Option<Value> {
        let zero = |s: &Self, v: Value| s.constant(v) == Some(0);
        match *op {
            Op::Add(a, b) | Op::Sub(a, b) | Op::Or(a, b) | Op::Xor(a, b) if zero(self, b) => Some(a),
            Op::Add(a, b) | Op::Or(a, b) | Op::Xor(a, b) if zero(self, a) => Some(b),
            Op::Zext(w, a) | Op::Sext(w, a) if self.ty(a) == ty && ext_is_identity(op, w, ty) => Some(a),
            Op::Zext(w, a) => {
                let x = self.extended_source(w, a)?;
                Some(self.emit(Op::Zext(w, x), ty))
            }
            Op::Sext(w, a) => {
                let x = self.extended_source(w, a)?;
                Some(self.emit(Op::Sext(w, x), ty))
            }
            Op::And(a, b) | Op::Or(a, b) | Op::Xor(a, b) => {
                if let Op::Or(..) = op {
                    if let Some(v) = self.rotate(ty, a, b) {
                        return Some(v);
                    }
                }
                self.narrow_logic(op, ty, a, b)
            }
            _ => None,
        }
    }

    /// `x` when `a` is an extension whose low `w` bits are those of `x`.
    fn extended_source(&self, w: Width, a: Value) -> Option<Value> {
        match *self.op(a) {
            Op::Zext(v, x) | Op::Sext(v, x) if w.bits() <= v.bits() && w.bits() <= self.ty(a).bits() => Some(x),
            _ => None,
        }
    }

    /// `Sext(w, x op y)` for `Sext(w, x) op Sext(w, y)`.
    fn narrow_logic(&mut self, op: &Op, ty: Ty, a: Value, b: Value) -> Option<Value> {
        let (w, x) = match *self.op(a) {
            Op::Sext(w, x) => (w, x),
            _ => return None,
        };
        let inner = self.ty(x);
        let y = match *self.op(b) {
            Op::Sext(w2, y) if w2 == w && self.ty(y) == inner => y,
            Op::Const(_) => {
                let c = self.constant(b)?;
                let shift = 64 - w.bits();
                if ((c << shift) as i64 >> shift) as u64 != c {
                    return None;
                }
                let low = if inner == Ty::I32 { c as u32 as u128 } else { c as u128 };
                self.push(Op::Const(low), inner)
            }
            _ => return None,
        };
        let narrow = match op {
            Op::And(..) => Op::And(x, y),
            Op::Or(..) => Op::Or(x, y),
            _ => Op::Xor(x, y),
        };
        let v = self.emit(narrow, inner);
        Some(self.emit(Op::Sext(w, v), ty))
    }

    /// `Ror(a, c2)` for `Or(Shl(a, c1), Lshr(a, c2))` (either way round) of type `ty`
    /// with `c1 + c2` its width.
    fn rotate(&mut self, ty: Ty, p: Value, q: Value) -> Option<Value> {
        let bits = match ty {
            Ty::I32 | Ty::I64 => u64::from(ty.bits()),
            _ => return None,
        };
        [(p, q), (q, p)].into_iter().find_map(|(l, r)| match (self.op(l), self.op(r)) {
            (&Op::Shl(a, c1), &Op::Lshr(b, c2)) => {
                let (n1, n2) = (self.constant(c1)?, self.constant(c2)?);
                if n2 == 0 || n2 >= bits || n1.checked_add(n2) != Some(bits) || !self.same_value(a, b) {
                    return None;
                }
                Some(self.emit(Op::Ror(b, c2), ty))
            }
            _ => None,
        })
    }

    /// Whether `p` and `q` are always equal: one value, or the same extension of one.
    fn same_value(&self, p: Value, q: Value) -> bool {
        if p == q {
            return true;
        }
        match (self.op(p), self.op(q)) {
            (Op::Zext(w1, a1), Op::Zext(w2, a2)) | (Op::Sext(w1, a1), Op::Sext(w2, a2)) => {
                w1 == w2 && a1 == a2 && self.ty(p) == self.ty(q)
            }
            _ => false,
        }
    }
}

/// Whether extension `op` from width `w` to type `ty`, applied to a value of type `ty`,
/// returns it unchanged.
fn ext_is_identity(op: &Op, w: Width, ty: Ty) -> bool {
    match op {
        Op::Zext(..) => ty.bits() <= w.bits(),
        _ => ty.bits() == w.bits(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BranchKind, Builder, Reg};

    fn finish(b: Builder) -> Block {
        let mut block = b.finish(0x1004, 1, Terminator::Jump { target: 0x1004, kind: BranchKind::Plain });
        simplify(&mut block);
        crate::passes::remove_dead_code(&mut block);
        assert_eq!(crate::verify(&block), Ok(()));
        block
    }

    fn ops(block: &Block) -> Vec<Op> {
        block.insts.iter().map(|i| i.op.clone()).collect()
    }

    /// RV64's `srliw t, a, 7; slliw u, a, 25; or d, t, u` as the frontend writes it.
    #[test]
    fn a_word_rotate_is_one_ror_and_one_extension() {
        let mut b = Builder::new(0x1000);
        let a = b.get(Reg::X(1));
        let lo = b.zext(Ty::I32, Width::W32, a);
        let n = b.c32(7);
        let r = b.lshr(lo, n);
        let r = b.sext(Ty::I64, Width::W32, r);
        let lo2 = b.zext(Ty::I32, Width::W32, a);
        let m = b.c32(25);
        let l = b.shl(lo2, m);
        let l = b.sext(Ty::I64, Width::W32, l);
        let d = b.or(r, l);
        b.set(Reg::X(2), d);
        let block = finish(b);
        let ops = ops(&block);
        assert!(ops.iter().any(|op| matches!(op, Op::Ror(..))), "{ops:?}");
        assert!(!ops.iter().any(|op| matches!(op, Op::Shl(..) | Op::Lshr(..) | Op::Or(..))), "{ops:?}");
        assert_eq!(ops.iter().filter(|op| matches!(op, Op::Sext(..))).count(), 1, "{ops:?}");
    }

    /// `addw d, a, b; addw e, d, c`: the second reads `d`'s 32-bit sum, not its extension.
    #[test]
    fn a_word_op_reads_the_previous_word_result_directly() {
        let mut b = Builder::new(0x1000);
        let x = b.get(Reg::X(1));
        let y = b.get(Reg::X(2));
        let (xw, yw) = (b.zext(Ty::I32, Width::W32, x), b.zext(Ty::I32, Width::W32, y));
        let sum = b.add(xw, yw);
        let d = b.sext(Ty::I64, Width::W32, sum);
        let dw = b.zext(Ty::I32, Width::W32, d);
        let xw2 = b.zext(Ty::I32, Width::W32, x);
        let sum2 = b.add(dw, xw2);
        let e = b.sext(Ty::I64, Width::W32, sum2);
        b.set(Reg::X(3), e);
        let block = finish(b);
        let Op::Add(first, _) = block.insts.iter().rev().find_map(|i| matches!(i.op, Op::Add(..)).then(|| i.op.clone())).unwrap() else {
            unreachable!()
        };
        assert!(matches!(block.insts[first.index()].op, Op::Add(..)), "{:?}", ops(&block));
    }

    /// Amounts are compared as written: one beyond the width (which the shift takes
    /// modulo the width) leaves the pair alone, and their sum must not overflow.
    #[test]
    fn shift_amounts_beyond_the_width_are_left_alone() {
        let mut b = Builder::new(0x1000);
        let a = b.get(Reg::X(1));
        let (huge, one) = (b.c64(u64::MAX), b.c64(1));
        let l = b.shl(a, huge);
        let r = b.lshr(a, one);
        let v = b.or(l, r);
        b.set(Reg::X(2), v);
        let ops = ops(&finish(b));
        assert!(!ops.iter().any(|op| matches!(op, Op::Ror(..))), "{ops:?}");
    }

    /// A sign extension's low bits are not the whole of a narrower extension's: kept.
    #[test]
    fn an_extension_of_fewer_bits_is_kept() {
        let mut b = Builder::new(0x1000);
        let x = b.get(Reg::X(1));
        let byte = b.sext(Ty::I64, Width::W8, x);
        let w = b.zext(Ty::I32, Width::W32, byte);
        let v = b.zext(Ty::I64, Width::W32, w);
        b.set(Reg::X(2), v);
        let block = finish(b);
        let ops = ops(&block);
        assert_eq!(ops[1..3], [Op::Sext(Width::W8, Value(0)), Op::Zext(Width::W32, Value(1))], "{ops:?}");
    }
}
