//! Reading and writing vector registers in the shapes the AdvSIMD arithmetic forms use.
//!
//! Helpers always work on whole 128-bit values. A 64-bit (Q=0) form passes its
//! operands with the high half zeroed, so the unused high lanes compute on zeros —
//! which no operation here saturates on, so they never set FPSR.QC — and only the low
//! half of the result is written. Scalar forms work the same way on element 0.

use super::lanes::{ones, Sized};
use crossrun_arm_shared::simd::swar;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Helper, Ty, Value, Width};

/// The IR width of an element of `esize` bits.
pub(crate) fn width(esize: u32) -> Width {
    match esize {
        8 => Width::W8,
        16 => Width::W16,
        32 => Width::W32,
        _ => Width::W64,
    }
}

/// The element size in bits of the `size` field.
pub(crate) fn esize(size: u32) -> u32 {
    8 << size
}

/// The helper of `family` for `size`, or Undefined for a reserved size.
pub(crate) fn pick(family: &'static Sized, size: u32) -> Result<&'static Helper, Undefined> {
    family.get(size).ok_or(Undefined)
}

/// Vn as the operand of a vector form: all of it, or (Q=0) its low half.
pub(crate) fn vec_in(t: &mut Tr, n: u8, q: bool) -> Value {
    let v = t.v(n);
    if q {
        v
    } else {
        let lo = t.b.vlo(v);
        let zero = t.b.c64(0);
        t.b.vmake(lo, zero)
    }
}

/// Writes the result of a vector form: all of it, or (Q=0) its low half, zeroing the rest.
pub(crate) fn vec_out(t: &mut Tr, d: u8, q: bool, v: Value) {
    if q {
        t.set_v(d, v);
    } else {
        let lo = t.b.vlo(v);
        t.set_v_lo(d, lo);
    }
}

/// The 64-bit half of Vn: the high half if `upper` (the "2" forms), else the low.
pub(crate) fn half(t: &mut Tr, n: u8, upper: bool) -> Value {
    let v = t.v(n);
    if upper {
        t.b.vhi(v)
    } else {
        t.b.vlo(v)
    }
}

/// Writes a 64-bit narrowed result: to the low half of Vd, zeroing the high half, or
/// (the "2" forms) to the high half, keeping the low half.
pub(crate) fn narrow_out(t: &mut Tr, d: u8, upper: bool, r: Value) {
    if upper {
        let old = t.v(d);
        let lo = t.b.vlo(old);
        let v = t.b.vmake(lo, r);
        t.set_v(d, v);
    } else {
        t.set_v_lo(d, r);
    }
}

/// Element 0 (`esize` bits) of Vn alone in a V128, as the operand of a scalar form.
pub(crate) fn scalar_in(t: &mut Tr, n: u8, esize: u32) -> Value {
    let v = t.v(n);
    let lo = t.b.vlo(v);
    let e = if esize == 64 { lo } else { t.b.zext(Ty::I64, width(esize), lo) };
    let zero = t.b.c64(0);
    t.b.vmake(e, zero)
}

/// Writes element 0 (`esize` bits) of the V128 `v` to Vd, zeroing the rest.
pub(crate) fn scalar_out(t: &mut Tr, d: u8, esize: u32, v: Value) {
    let lo = t.b.vlo(v);
    scalar_out64(t, d, esize, lo);
}

/// Writes the low `esize` bits of the I64 `x` to Vd, zeroing the rest.
pub(crate) fn scalar_out64(t: &mut Tr, d: u8, esize: u32, x: Value) {
    let e = if esize == 64 { x } else { t.b.zext(Ty::I64, width(esize), x) };
    t.set_v_lo(d, e);
}

pub(crate) use crossrun_arm_shared::simd::swar::replicate;

/// A V128 constant with `x` in every `esize`-bit element.
pub(crate) fn splat(t: &mut Tr, esize: u32, x: u64) -> Value {
    let w = replicate(esize, x) as u128;
    t.b.const_(Ty::V128, w | w << 64)
}

/// Element `index` of Vm, zero-extended to I64.
pub(crate) fn elem(t: &mut Tr, m: u8, esize: u32, index: u32) -> Value {
    let bit = index * esize;
    let h = half(t, m, bit >= 64);
    let h = if bit & 63 == 0 {
        h
    } else {
        let sh = t.b.c64((bit % 64) as u64);
        t.b.lshr(h, sh)
    };
    if esize == 64 {
        h
    } else {
        t.b.zext(Ty::I64, width(esize), h)
    }
}

/// Element `index` of Vm copied into every element of a 64-bit word.
pub(crate) fn dup_word(t: &mut Tr, m: u8, esize: u32, index: u32) -> Value {
    let e = elem(t, m, esize, index);
    if esize == 64 {
        return e;
    }
    // The zero-extended element times 0x..0101 fills each lane without carries.
    let pattern = t.b.c64(u64::MAX / ones(esize));
    t.b.mul(e, pattern)
}

/// Element `index` of Vm copied into every element of a V128.
pub(crate) fn dup(t: &mut Tr, m: u8, esize: u32, index: u32) -> Value {
    let w = dup_word(t, m, esize, index);
    t.b.vmake(w, w)
}

/// Element `index` of Vm alone in element 0 of a V128 (scalar by-element operands).
pub(crate) fn elem_scalar(t: &mut Tr, m: u8, esize: u32, index: u32) -> Value {
    let e = elem(t, m, esize, index);
    let zero = t.b.c64(0);
    t.b.vmake(e, zero)
}

/// Applies inline 64-bit IR `f` to each half the form uses (one if Q=0) of the
/// registers `srcs`, and writes the result to Vd.
pub(crate) fn per_half(t: &mut Tr, d: u8, q: bool, srcs: &[u8], mut f: impl FnMut(&mut Tr, &[Value]) -> Value) {
    let regs: Vec<Value> = srcs.iter().map(|&r| t.v(r)).collect();
    let lo_in: Vec<Value> = regs.iter().map(|&v| t.b.vlo(v)).collect();
    let lo = f(t, &lo_in);
    if q {
        let hi_in: Vec<Value> = regs.iter().map(|&v| t.b.vhi(v)).collect();
        let hi = f(t, &hi_in);
        let v = t.b.vmake(lo, hi);
        t.set_v(d, v);
    } else {
        t.set_v_lo(d, lo);
    }
}

/// Lane-wise `a + b` of two I64 words of `esize`-bit elements, inline (see
/// `crossrun_arm_shared::simd::swar`).
pub(crate) fn add_word(t: &mut Tr, esize: u32, a: Value, b: Value) -> Value {
    swar::add_word(&mut t.b, esize, a, b)
}

/// Lane-wise `a - b`, inline.
pub(crate) fn sub_word(t: &mut Tr, esize: u32, a: Value, b: Value) -> Value {
    swar::sub_word(&mut t.b, esize, a, b)
}

/// Lane-wise `a + b` (or `a - b` if `sub`) of two V128 values.
pub(crate) fn add_v(t: &mut Tr, esize: u32, a: Value, b: Value, sub: bool) -> Value {
    let (alo, blo) = (t.b.vlo(a), t.b.vlo(b));
    let (ahi, bhi) = (t.b.vhi(a), t.b.vhi(b));
    let op = if sub { sub_word } else { add_word };
    let lo = op(t, esize, alo, blo);
    let hi = op(t, esize, ahi, bhi);
    t.b.vmake(lo, hi)
}

/// How a form lays out its elements: a vector form of Q, or a scalar form (element 0
/// only). The handlers of each encoding group serve both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Vector { q: bool },
    Scalar,
}

impl Shape {
    /// The shape of a vector form, from its Q bit.
    pub(crate) fn vector(f: crate::decoder::Fields) -> Shape {
        Shape::Vector { q: f.bit('q') }
    }

    /// Undefined for 64-bit elements in a 64-bit vector (there is no 1D arrangement).
    pub(crate) fn check(self, size: u32) -> Result<(), Undefined> {
        match self {
            Shape::Vector { q: false } if size == 3 => Err(Undefined),
            _ => Ok(()),
        }
    }

    /// An element-wise operand (V128).
    pub(crate) fn operand(self, t: &mut Tr, n: u8, esize: u32) -> Value {
        match self {
            Shape::Vector { q } => vec_in(t, n, q),
            Shape::Scalar => scalar_in(t, n, esize),
        }
    }

    /// Writes an element-wise result (V128).
    pub(crate) fn result(self, t: &mut Tr, d: u8, esize: u32, v: Value) {
        match self {
            Shape::Vector { q } => vec_out(t, d, q, v),
            Shape::Scalar => scalar_out(t, d, esize, v),
        }
    }

    /// The operand of a narrowing form whose result elements have `esize` bits (V128).
    pub(crate) fn wide_operand(self, t: &mut Tr, n: u8, esize: u32) -> Value {
        match self {
            Shape::Vector { .. } => t.v(n),
            Shape::Scalar => scalar_in(t, n, 2 * esize),
        }
    }

    /// Writes the I64 result of a narrowing form: the "2" forms (Q=1) fill the upper
    /// half of Vd and keep the lower.
    pub(crate) fn narrow_result(self, t: &mut Tr, d: u8, esize: u32, r: Value) {
        match self {
            Shape::Vector { q } => narrow_out(t, d, q, r),
            Shape::Scalar => scalar_out64(t, d, esize, r),
        }
    }

    /// An operand of a widening form with `esize`-bit source elements (I64): the half
    /// of Vn the form reads ("2" forms: the upper), or element 0.
    pub(crate) fn narrow_operand(self, t: &mut Tr, n: u8, esize: u32) -> Value {
        match self {
            Shape::Vector { q } => half(t, n, q),
            Shape::Scalar => {
                let lo = half(t, n, false);
                t.b.zext(Ty::I64, width(esize), lo)
            }
        }
    }

    /// The accumulator (V128) of a widening form with `esize`-bit source elements.
    pub(crate) fn long_acc(self, t: &mut Tr, d: u8, esize: u32) -> Value {
        match self {
            Shape::Vector { .. } => t.v(d),
            Shape::Scalar => scalar_in(t, d, 2 * esize),
        }
    }

    /// Writes the V128 result of a widening form with `esize`-bit source elements.
    pub(crate) fn long_result(self, t: &mut Tr, d: u8, esize: u32, v: Value) {
        match self {
            Shape::Vector { .. } => t.set_v(d, v),
            Shape::Scalar => scalar_out(t, d, 2 * esize, v),
        }
    }
}
