//! Saturation (the Arm ARM's SignedSatQ and UnsignedSatQ) inline, setting APSR.Q when a
//! value had to be clamped.

use crate::translate::Tr;
use crossrun_ir::{IntCC, Ty, Value, Width};

/// The I64 `x` clamped to `[lo, hi]`, as an I32, and whether it was clamped (I1).
fn clamp(t: &mut Tr, x: Value, lo: i64, hi: i64) -> (Value, Value) {
    let lo_c = t.b.c64(lo as u64);
    let hi_c = t.b.c64(hi as u64);
    let below = t.b.icmp(IntCC::Slt, x, lo_c);
    let above = t.b.icmp(IntCC::Sgt, x, hi_c);
    let r = t.b.select(below, lo_c, x);
    let r = t.b.select(above, hi_c, r);
    let sat = t.b.icmp(IntCC::Ne, r, x);
    (t.b.zext(Ty::I32, Width::W32, r), sat)
}

/// An I1 as an I32 0 or 1.
pub(crate) fn below_as_int(t: &mut Tr, c: Value) -> Value {
    let one = t.c(1);
    let zero = t.c(0);
    t.b.select(c, one, zero)
}

/// SignedSatQ(x, bits) for the I64 `x`: (the I32 result, whether it saturated as I1).
pub(crate) fn signed_sat(t: &mut Tr, x: Value, bits: u32) -> (Value, Value) {
    clamp(t, x, -(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
}

/// UnsignedSatQ(x, bits) for the I64 `x`.
pub(crate) fn unsigned_sat(t: &mut Tr, x: Value, bits: u32) -> (Value, Value) {
    clamp(t, x, 0, (1i64 << bits) - 1)
}

/// Sets APSR.Q if the I1 `saturated` holds.
pub(crate) fn note_q(t: &mut Tr, saturated: Value) {
    let q = below_as_int(t, saturated);
    t.set_q_if(q);
}

/// The I32 `x` sign-extended to I64.
pub(crate) fn sext64(t: &mut Tr, x: Value) -> Value {
    t.b.sext(Ty::I64, Width::W32, x)
}

/// QADD, QSUB, QDADD, QDSUB: `a ± (double ? sat(2b) : b)` saturated to 32 bits; each
/// saturation sets Q.
pub(crate) fn qaddsub(t: &mut Tr, a: Value, b: Value, sub: bool, double: bool) -> Value {
    let b = if double {
        let b64 = sext64(t, b);
        let d = t.b.add(b64, b64);
        let (r, s) = signed_sat(t, d, 32);
        note_q(t, s);
        r
    } else {
        b
    };
    let a64 = sext64(t, a);
    let b64 = sext64(t, b);
    let x = if sub { t.b.sub(a64, b64) } else { t.b.add(a64, b64) };
    let (r, s) = signed_sat(t, x, 32);
    note_q(t, s);
    r
}
