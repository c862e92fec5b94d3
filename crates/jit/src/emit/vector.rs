//! Moving 64-bit halves in and out of `V128` values: through the value array, or, when
//! a `VMake` joins halves of other vectors (a frontend whose 128-bit registers are pairs
//! of 64-bit ones reads and writes them so), with one SSE shuffle.

use super::{slot, x64, Emitter, RAX, RCX};
use crossrun_ir::{Op, Value};
use dynasmrt::DynasmApi;

/// Where one half of a `VMake` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Half {
    /// The low half of this vector.
    Lo(Value),
    /// The high half of this vector.
    Hi(Value),
    Zero,
}

impl Emitter<'_> {
    /// From the xmm register holding the vector if one does (xmm0 from the previous op
    /// or a cache register), else from its slot.
    pub(super) fn v_half(&mut self, i: usize, a: Value, high: bool) {
        if let Some(c) = self.const_v128(a) {
            let half = if high { (c >> 64) as u64 } else { c as u64 };
            x64!(self.asm; mov rax, QWORD half as i64);
            self.store(RAX, i);
            return;
        }
        let reg = if self.xmm0_reuse == Some(a.index()) { Some(0) } else { self.vcached(a) };
        match (reg, high) {
            (Some(x), false) => x64!(self.asm; movq rax, Rx(x)),
            (Some(x), true) => x64!(self.asm; pshufd xmm1, Rx(x), 0xeeu8 as i8; movq rax, xmm1),
            (None, _) => {
                debug_assert!(self.in_slot[a.index()], "value {a:?} is neither cached nor stored");
                let s = slot(a) + if high { 8 } else { 0 };
                x64!(self.asm; mov rax, QWORD [r12 + s]);
            }
        }
        self.store(RAX, i);
    }

    /// Built in xmm0 and written (if at all) with one 16-byte store: users read the slot
    /// with 16-byte loads, which the CPU cannot forward from two 8-byte stores (a stall
    /// of a dozen cycles each).
    pub(super) fn v_make(&mut self, i: usize, lo: Value, hi: Value) {
        if let Some(x) = self.low_half_of(lo, hi) {
            let in_xmm0 = self.xmm0_reuse.take() == Some(x.index());
            self.load_low_half(0, x, in_xmm0);
            self.v128_result(i);
            return;
        }
        if let Some((op, a, b, full)) = self.vector_binop(lo, hi) {
            self.emit_vector_binop(i, op, a, b, full);
            return;
        }
        if let Some(halves) = self.vector_halves(lo, hi) {
            self.emit_vector_halves(i, halves);
            return;
        }
        self.load(RAX, lo);
        x64!(self.asm; movq xmm0, rax);
        if self.const_value(hi) != Some(0) {
            self.load(RCX, hi);
            x64!(self.asm
                ; movq xmm1, rcx
                ; punpcklqdq xmm0, xmm1
            );
        }
        self.v128_result(i);
    }
}

impl Emitter<'_> {
    /// The halves of `VMake(lo, hi)` when each is a half of a vector or zero (not both
    /// zero: that is a constant).
    pub(super) fn vector_halves(&self, lo: Value, hi: Value) -> Option<(Half, Half)> {
        let half = |v: Value| {
            if self.const_value(v) == Some(0) {
                return Some(Half::Zero);
            }
            match self.block.insts[self.resolve(v).index()].op {
                Op::VLo(x) => Some(Half::Lo(x)),
                Op::VHi(x) => Some(Half::Hi(x)),
                _ => None,
            }
        };
        match (half(lo)?, half(hi)?) {
            (Half::Zero, Half::Zero) => None,
            halves => Some(halves),
        }
    }

    /// The vectors a `vector_halves` pair reads.
    pub(super) fn half_sources(halves: (Half, Half)) -> impl Iterator<Item = Value> {
        [halves.0, halves.1].into_iter().filter_map(|h| match h {
            Half::Lo(x) | Half::Hi(x) => Some(x),
            Half::Zero => None,
        })
    }

    /// Emits a `vector_halves` `VMake` into value `i`.
    fn emit_vector_halves(&mut self, i: usize, halves: (Half, Half)) {
        use Half::*;
        match halves {
            (Lo(a), Zero) => {
                self.load_xmm0(a);
                x64!(self.asm; movq xmm0, xmm0);
            }
            (Hi(a), Zero) => {
                self.load_xmm0(a);
                x64!(self.asm; psrldq xmm0, 8);
            }
            (Zero, Lo(b)) => {
                self.load_xmm0(b);
                x64!(self.asm; pslldq xmm0, 8);
            }
            (Zero, Hi(b)) => {
                self.load_xmm0(b);
                x64!(self.asm; psrldq xmm0, 8; pslldq xmm0, 8);
            }
            (l, h) => {
                let (Lo(a) | Hi(a), Lo(b) | Hi(b)) = (l, h) else { unreachable!("zero halves are handled above") };
                // b first, while xmm0 may still hold it.
                self.load_vec(1, b);
                self.load_xmm0(a);
                match (l, h) {
                    (Lo(_), Lo(_)) => x64!(self.asm; punpcklqdq xmm0, xmm1),
                    (Hi(_), Hi(_)) => x64!(self.asm; punpckhqdq xmm0, xmm1),
                    // shufpd: bit 0 picks the low result from xmm0, bit 1 the high one from xmm1.
                    (Lo(_), _) => x64!(self.asm; shufpd xmm0, xmm1, 2),
                    _ => x64!(self.asm; shufpd xmm0, xmm1, 1),
                }
            }
        }
        self.v128_result(i);
    }
}
