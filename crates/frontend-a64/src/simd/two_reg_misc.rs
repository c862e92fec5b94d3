//! AdvSIMD two-register miscellaneous (integer): byte reversal, pairwise widening
//! adds, bit counts, absolute value and negation, compares against zero, and the
//! narrowing moves. The FP rows of this group belong to the fp group, and so do
//! URECPE/URSQRTE, whose estimates are the FP reciprocal tables. Most handlers also
//! serve the scalar two-register miscellaneous group.

use super::lanes::Sized;
use super::ops::*;
use super::saturate::*;
use super::vreg::{add_v, esize, half, per_half, pick, sub_word, vec_in, vec_out, Shape};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Ty;

pub(crate) const ROWS: &[Row] = &[
    row!("REV64", "0q001110zz100000000010nnnnnddddd", |t, f| rev(t, f, 64)),
    row!("REV32 (vector)", "0q101110zz100000000010nnnnnddddd", |t, f| rev(t, f, 32)),
    row!("REV16 (vector)", "0q001110zz100000000110nnnnnddddd", |t, f| rev(t, f, 16)),
    row!("SADDLP", "0q001110zz100000001010nnnnnddddd", |t, f| add_pairs(t, f, &SADDLP, false)),
    row!("UADDLP", "0q101110zz100000001010nnnnnddddd", |t, f| add_pairs(t, f, &UADDLP, false)),
    row!("SUQADD", "0q001110zz100000001110nnnnnddddd", |t, f| acc_sat(t, f, &SUQADD, Shape::vector(f))),
    row!("USQADD", "0q101110zz100000001110nnnnnddddd", |t, f| acc_sat(t, f, &USQADD, Shape::vector(f))),
    row!("CLS (vector)", "0q001110zz100000010010nnnnnddddd", |t, f| unary(t, f, &CLS, Shape::vector(f))),
    row!("CLZ (vector)", "0q101110zz100000010010nnnnnddddd", |t, f| unary(t, f, &CLZ, Shape::vector(f))),
    row!("CNT", "0q001110zz100000010110nnnnnddddd", |t, f| unary(t, f, &CNT, Shape::vector(f))),
    row!("SADALP", "0q001110zz100000011010nnnnnddddd", |t, f| add_pairs(t, f, &SADDLP, true)),
    row!("UADALP", "0q101110zz100000011010nnnnnddddd", |t, f| add_pairs(t, f, &UADDLP, true)),
    row!("SQABS", "0q001110zz100000011110nnnnnddddd", |t, f| unary(t, f, &SQABS, Shape::vector(f))),
    row!("SQNEG", "0q101110zz100000011110nnnnnddddd", |t, f| unary(t, f, &SQNEG, Shape::vector(f))),
    row!("CMGT (zero)", "0q001110zz100000100010nnnnnddddd", |t, f| compare_zero(t, f, &CMGT, false, Shape::vector(f))),
    row!("CMGE (zero)", "0q101110zz100000100010nnnnnddddd", |t, f| compare_zero(t, f, &CMGE, false, Shape::vector(f))),
    row!("CMEQ (zero)", "0q001110zz100000100110nnnnnddddd", |t, f| compare_zero(t, f, &CMEQ, false, Shape::vector(f))),
    row!("CMLE (zero)", "0q101110zz100000100110nnnnnddddd", |t, f| compare_zero(t, f, &CMGE, true, Shape::vector(f))),
    row!("CMLT (zero)", "0q001110zz100000101010nnnnnddddd", |t, f| compare_zero(t, f, &CMGT, true, Shape::vector(f))),
    row!("ABS", "0q001110zz100000101110nnnnnddddd", |t, f| unary(t, f, &ABS, Shape::vector(f))),
    row!("NEG (vector)", "0q101110zz100000101110nnnnnddddd", |t, f| neg(t, f, Shape::vector(f))),
    row!("XTN", "0q001110zz100001001010nnnnnddddd", |t, f| narrow(t, f, &XTN, Shape::vector(f))),
    row!("SQXTUN", "0q101110zz100001001010nnnnnddddd", |t, f| narrow(t, f, &SQXTUN, Shape::vector(f))),
    row!("SHLL", "0q101110zz100001001110nnnnnddddd", |t, f| shll(t, f)),
    row!("SQXTN", "0q001110zz100001010010nnnnnddddd", |t, f| narrow(t, f, &SQXTN, Shape::vector(f))),
    row!("UQXTN", "0q101110zz100001010010nnnnnddddd", |t, f| narrow(t, f, &UQXTN, Shape::vector(f))),
    row!("NOT", "0q10111000100000010110nnnnnddddd", |t, f| not_rbit(t, f, false)),
    row!("RBIT (vector)", "0q10111001100000010110nnnnnddddd", |t, f| not_rbit(t, f, true)),
];

/// Vd = op(Vn), element by element.
pub(super) fn unary(t: &mut Tr, f: Fields, family: &'static Sized, shape: Shape) -> Result<(), Undefined> {
    let size = f.get('z');
    shape.check(size)?;
    let h = pick(family, size)?;
    let e = esize(size);
    let n = shape.operand(t, f.reg('n'), e);
    let r = t.b.call(h, &[n]);
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// SUQADD/USQADD: Vd = sat(Vd + Vn) with mixed signedness.
pub(super) fn acc_sat(t: &mut Tr, f: Fields, family: &'static Sized, shape: Shape) -> Result<(), Undefined> {
    let size = f.get('z');
    shape.check(size)?;
    let h = pick(family, size)?;
    let e = esize(size);
    let d = shape.operand(t, f.reg('d'), e);
    let n = shape.operand(t, f.reg('n'), e);
    let r = t.b.call(h, &[d, n]);
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// CMxx (zero): the register compares against a zero vector; `swap` compares zero
/// against Vn (CMLE is 0 >= Vn, CMLT is 0 > Vn).
pub(super) fn compare_zero(t: &mut Tr, f: Fields, family: &'static Sized, swap: bool, shape: Shape) -> Result<(), Undefined> {
    let size = f.get('z');
    shape.check(size)?;
    let h = pick(family, size)?;
    let e = esize(size);
    let n = shape.operand(t, f.reg('n'), e);
    let zero = t.b.const_(Ty::V128, 0);
    let r = if swap { t.b.call(h, &[zero, n]) } else { t.b.call(h, &[n, zero]) };
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// NEG: 0 - Vn, inline.
pub(super) fn neg(t: &mut Tr, f: Fields, shape: Shape) -> Result<(), Undefined> {
    let size = f.get('z');
    shape.check(size)?;
    let e = esize(size);
    let q = match shape {
        Shape::Vector { q } => q,
        Shape::Scalar => false,
    };
    per_half(t, f.reg('d'), q, &[f.reg('n')], |t, v| {
        let zero = t.b.c64(0);
        sub_word(t, e, zero, v[0])
    });
    Ok(())
}

/// XTN, SQXTN, UQXTN, SQXTUN: Vn's 2E-bit elements narrowed to E bits.
pub(super) fn narrow(t: &mut Tr, f: Fields, family: &'static Sized, shape: Shape) -> Result<(), Undefined> {
    let size = f.get('z');
    let h = pick(family, size)?;
    let e = esize(size);
    let n = shape.wide_operand(t, f.reg('n'), e);
    let r = t.b.call(h, &[n]);
    shape.narrow_result(t, f.reg('d'), e, r);
    Ok(())
}

/// REV16/REV32/REV64: reverse the elements within each `container`-bit chunk, inline.
fn rev(t: &mut Tr, f: Fields, container: u32) -> Result<(), Undefined> {
    let (q, e) = (f.bit('q'), esize(f.get('z')));
    if e >= container {
        return Err(Undefined);
    }
    per_half(t, f.reg('d'), q, &[f.reg('n')], |t, v| {
        let x = v[0];
        // Reversing all bytes of the chunk reverses the elements and the bytes within
        // each; a 16-bit element then needs its two bytes swapped back.
        let x = match container {
            64 if e == 32 => {
                let sh = t.b.c64(32);
                return t.b.ror(x, sh);
            }
            64 => t.b.rev(x),
            32 => t.b.rev32(x),
            _ => t.b.rev16(x),
        };
        if e == 16 {
            t.b.rev16(x)
        } else {
            x
        }
    });
    Ok(())
}

/// NOT, and RBIT (the bits of each byte reversed: reverse all 64 bits, then put the
/// bytes back in order).
fn not_rbit(t: &mut Tr, f: Fields, rbit: bool) -> Result<(), Undefined> {
    per_half(t, f.reg('d'), f.bit('q'), &[f.reg('n')], |t, v| {
        if rbit {
            let r = t.b.rbit(v[0]);
            t.b.rev(r)
        } else {
            t.b.not(v[0])
        }
    });
    Ok(())
}

/// SADDLP/UADDLP, and with `acc` SADALP/UADALP: adjacent pairs summed into elements of
/// twice the size.
fn add_pairs(t: &mut Tr, f: Fields, family: &'static Sized, acc: bool) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    let h = pick(family, size)?;
    let n = vec_in(t, f.reg('n'), q);
    let x = t.b.call(h, &[n]);
    let r = if acc {
        let d = vec_in(t, f.reg('d'), q);
        add_v(t, 2 * esize(size), d, x, false)
    } else {
        x
    };
    vec_out(t, f.reg('d'), q, r);
    Ok(())
}

/// SHLL/SHLL2: each element widened and shifted left by its size.
fn shll(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    let h = pick(&USHLL, size)?;
    let n = half(t, f.reg('n'), q);
    let sh = t.b.c32(esize(size));
    let r = t.b.call(h, &[n, sh]);
    t.set_v(f.reg('d'), r);
    Ok(())
}
