//! Lane-wise AND/OR/XOR/AND-NOT/ADD/SUB that frontends spell out on the two 64-bit
//! halves of a vector, recognised in `VMake`s and emitted as one SSE instruction.

use super::{x64, Emitter};
use crossrun_ir::{Op, Value};

/// A lane-wise operation a frontend spells out on 64-bit halves (plain integer ops, or
/// SWAR adds and subtracts for narrow lanes), which one SSE instruction does on the
/// whole vector.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LaneOp {
    And,
    Or,
    Xor,
    /// a AND NOT b.
    AndNot,
    /// Lane-wise add or subtract of `esize`-bit lanes.
    Add(u32),
    Sub(u32),
}

impl Emitter<'_> {
    fn op_of(&self, v: Value) -> &Op {
        &self.block.insts[self.resolve(v).index()].op
    }

    /// The vector `v` is the low (`hi` false) or high half of.
    /// Looks at `v`'s own op first: a `VLo` of a `VMake` is an alias of the VMake's
    /// operand, but the vector itself is just as good a source.
    fn half_of(&self, v: Value, hi: bool) -> Option<Value> {
        [&self.block.insts[v.index()].op, self.op_of(v)].into_iter().find_map(|op| match *op {
            Op::VLo(x) if !hi => Some(x),
            Op::VHi(x) if hi => Some(x),
            _ => None,
        })
    }

    /// Whether `v` is the constant `c`.
    fn is_const(&self, v: Value, c: u64) -> bool {
        self.const_value(v) == Some(c)
    }

    /// Lane width whose top bits `top` selects (`replicate(esize, 1 << (esize - 1))`).
    fn lane_of_top(top: u64) -> Option<u32> {
        [8u32, 16, 32].into_iter().find(|&e| {
            let lane = 1u64 << (e - 1);
            (0..64 / e).fold(0u64, |acc, k| acc | lane << (k * e)) == top
        })
    }

    /// `(op, a, b)` if 64-bit value `w` is `op(half(a), half(b))` lane-wise.
    fn half_op(&self, w: Value, hi: bool) -> Option<(LaneOp, Value, Value)> {
        let pair = |x: Value, y: Value| Some((self.half_of(x, hi)?, self.half_of(y, hi)?));
        let (op, x, y) = match *self.op_of(w) {
            Op::And(x, y) => (LaneOp::And, x, y),
            Op::Or(x, y) => (LaneOp::Or, x, y),
            Op::AndNot(x, y) => (LaneOp::AndNot, x, y),
            Op::Add(x, y) => (LaneOp::Add(64), x, y),
            Op::Sub(x, y) => (LaneOp::Sub(64), x, y),
            Op::Xor(s, t) => match pair(s, t) {
                Some((a, b)) => return Some((LaneOp::Xor, a, b)),
                None => return self.swar_add_sub(s, t, hi),
            },
            _ => return None,
        };
        let (a, b) = pair(x, y)?;
        Some((op, a, b))
    }

    /// SWAR add: `((x & L) + (y & L)) ^ ((x ^ y) & H)`, and subtract:
    /// `((x | H) - (y & L)) ^ (H & !(x ^ y))`, with H the lanes' top bits and L = !H.
    fn swar_add_sub(&self, s: Value, t: Value, hi: bool) -> Option<(LaneOp, Value, Value)> {
        let same = |p: Value, q: Value| self.resolve(p) == self.resolve(q);
        let (add, x, y, h) = match (self.op_of(s), self.op_of(t)) {
            (&Op::Add(p, q), &Op::And(xy, h)) => match (self.op_of(p), self.op_of(q)) {
                (&Op::And(x, l1), &Op::And(y, l2)) => {
                    let top = self.const_value(h)?;
                    if !(self.is_const(l1, !top) && self.is_const(l2, !top)) {
                        return None;
                    }
                    (true, x, y, (xy, top))
                }
                _ => return None,
            },
            (&Op::Sub(p, q), &Op::AndNot(h, xy)) => match (self.op_of(p), self.op_of(q)) {
                (&Op::Or(x, h1), &Op::And(y, l)) => {
                    let top = self.const_value(h)?;
                    if !(self.is_const(h1, top) && self.is_const(l, !top)) {
                        return None;
                    }
                    (false, x, y, (xy, top))
                }
                _ => return None,
            },
            _ => return None,
        };
        let (xy, top) = h;
        match *self.op_of(xy) {
            Op::Xor(x2, y2) if same(x, x2) && same(y, y2) => {}
            _ => return None,
        }
        let esize = Self::lane_of_top(top)?;
        let (a, b) = (self.half_of(x, hi)?, self.half_of(y, hi)?);
        Some((if add { LaneOp::Add(esize) } else { LaneOp::Sub(esize) }, a, b))
    }

    /// `(op, a, b, full)` if `VMake(lo, hi)` is lane-wise `op(a, b)` on whole vectors
    /// (`full`) or on their low halves with the high half cleared.
    pub(super) fn vector_binop(&self, lo: Value, hi: Value) -> Option<(LaneOp, Value, Value, bool)> {
        let (op, a, b) = self.half_op(lo, false)?;
        if self.is_const(hi, 0) {
            return Some((op, a, b, false));
        }
        let (op2, a2, b2) = self.half_op(hi, true)?;
        (op == op2 && a == a2 && b == b2).then_some((op, a, b, true))
    }

    /// Emits a `vector_binop` into value `i`. Cleared high halves stay clear: every
    /// `LaneOp` maps 0, 0 to 0.
    pub(super) fn emit_vector_binop(&mut self, i: usize, op: LaneOp, a: Value, b: Value, full: bool) {
        if full {
            // b first, while xmm0 may still hold it.
            self.load_vec(1, b);
            self.load_xmm0(a);
        } else {
            // b first, while xmm0 may still hold it.
            let b_in_xmm0 = self.xmm0_reuse == Some(b.index());
            self.load_low_half(1, b, b_in_xmm0);
            let a_in_xmm0 = self.xmm0_reuse.take() == Some(a.index());
            self.load_low_half(0, a, a_in_xmm0);
        }
        match op {
            LaneOp::And => x64!(self.asm; pand xmm0, xmm1),
            LaneOp::Or => x64!(self.asm; por xmm0, xmm1),
            LaneOp::Xor => x64!(self.asm; pxor xmm0, xmm1),
            // pandn computes NOT dst AND src.
            LaneOp::AndNot => x64!(self.asm; pandn xmm1, xmm0; movdqa xmm0, xmm1),
            LaneOp::Add(8) => x64!(self.asm; paddb xmm0, xmm1),
            LaneOp::Add(16) => x64!(self.asm; paddw xmm0, xmm1),
            LaneOp::Add(32) => x64!(self.asm; paddd xmm0, xmm1),
            LaneOp::Add(_) => x64!(self.asm; paddq xmm0, xmm1),
            LaneOp::Sub(8) => x64!(self.asm; psubb xmm0, xmm1),
            LaneOp::Sub(16) => x64!(self.asm; psubw xmm0, xmm1),
            LaneOp::Sub(32) => x64!(self.asm; psubd xmm0, xmm1),
            LaneOp::Sub(_) => x64!(self.asm; psubq xmm0, xmm1),
        }
        self.v128_result(i);
    }
}
