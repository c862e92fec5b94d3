//! AdvSIMD shift by immediate (integer). The shift is encoded in immh:immb together
//! with the element size (the highest set bit of immh). Right shifts by #s run the
//! shift-by-register helpers with every element's count set to -s, which is exactly
//! their semantics; the narrowing shifts shift the wide elements that way and then
//! narrow them. The fixed-point FP conversions of this group belong to the fp group.
//! The handlers also serve the scalar shift by immediate group.

use super::lanes::{ones, Sized};
use super::ops::*;
use super::saturate::*;
use super::vreg::{add_v, esize, half, per_half, pick, replicate, splat, Shape};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("SSHR", "0q0011110iiiiiii000001nnnnnddddd", |t, f| shift_right(t, f, &SSHL, false, Shape::vector(f))),
    row!("USHR", "0q1011110iiiiiii000001nnnnnddddd", |t, f| shift_right(t, f, &USHL, false, Shape::vector(f))),
    row!("SSRA", "0q0011110iiiiiii000101nnnnnddddd", |t, f| shift_right(t, f, &SSHL, true, Shape::vector(f))),
    row!("USRA", "0q1011110iiiiiii000101nnnnnddddd", |t, f| shift_right(t, f, &USHL, true, Shape::vector(f))),
    row!("SRSHR", "0q0011110iiiiiii001001nnnnnddddd", |t, f| shift_right(t, f, &SRSHL, false, Shape::vector(f))),
    row!("URSHR", "0q1011110iiiiiii001001nnnnnddddd", |t, f| shift_right(t, f, &URSHL, false, Shape::vector(f))),
    row!("SRSRA", "0q0011110iiiiiii001101nnnnnddddd", |t, f| shift_right(t, f, &SRSHL, true, Shape::vector(f))),
    row!("URSRA", "0q1011110iiiiiii001101nnnnnddddd", |t, f| shift_right(t, f, &URSHL, true, Shape::vector(f))),
    row!("SRI", "0q1011110iiiiiii010001nnnnnddddd", |t, f| insert(t, f, false, Shape::vector(f))),
    row!("SHL", "0q0011110iiiiiii010101nnnnnddddd", |t, f| shift_left(t, f, &USHL, Shape::vector(f))),
    row!("SLI", "0q1011110iiiiiii010101nnnnnddddd", |t, f| insert(t, f, true, Shape::vector(f))),
    row!("SQSHLU", "0q1011110iiiiiii011001nnnnnddddd", |t, f| shift_left(t, f, &SQSHLU, Shape::vector(f))),
    row!("SQSHL (immediate)", "0q0011110iiiiiii011101nnnnnddddd", |t, f| shift_left(t, f, &SQSHL, Shape::vector(f))),
    row!("UQSHL (immediate)", "0q1011110iiiiiii011101nnnnnddddd", |t, f| shift_left(t, f, &UQSHL, Shape::vector(f))),
    row!("SHRN", "0q0011110iiiiiii100001nnnnnddddd", |t, f| shift_narrow(t, f, &USHL, &XTN, Shape::vector(f))),
    row!("SQSHRUN", "0q1011110iiiiiii100001nnnnnddddd", |t, f| shift_narrow(t, f, &SSHL, &SQXTUN, Shape::vector(f))),
    row!("RSHRN", "0q0011110iiiiiii100011nnnnnddddd", |t, f| shift_narrow(t, f, &URSHL, &XTN, Shape::vector(f))),
    row!("SQRSHRUN", "0q1011110iiiiiii100011nnnnnddddd", |t, f| shift_narrow(t, f, &SRSHL, &SQXTUN, Shape::vector(f))),
    row!("SQSHRN", "0q0011110iiiiiii100101nnnnnddddd", |t, f| shift_narrow(t, f, &SSHL, &SQXTN, Shape::vector(f))),
    row!("UQSHRN", "0q1011110iiiiiii100101nnnnnddddd", |t, f| shift_narrow(t, f, &USHL, &UQXTN, Shape::vector(f))),
    row!("SQRSHRN", "0q0011110iiiiiii100111nnnnnddddd", |t, f| shift_narrow(t, f, &SRSHL, &SQXTN, Shape::vector(f))),
    row!("UQRSHRN", "0q1011110iiiiiii100111nnnnnddddd", |t, f| shift_narrow(t, f, &URSHL, &UQXTN, Shape::vector(f))),
    row!("SSHLL", "0q0011110iiiiiii101001nnnnnddddd", |t, f| shift_long(t, f, &SSHLL)),
    row!("USHLL", "0q1011110iiiiiii101001nnnnnddddd", |t, f| shift_long(t, f, &USHLL)),
];

/// The `size` (element size, 0 = 8-bit) and immh:immb of a form; immh = 0000 is the
/// modified immediate group, so it never reaches a shift.
fn size_imm(f: Fields) -> Result<(u32, u32), Undefined> {
    let imm = f.get('i');
    let immh = imm >> 3;
    if immh == 0 {
        return Err(Undefined);
    }
    Ok((immh.ilog2(), imm))
}

/// Vd = Vn >> #s (rounded for the SRSHR family), plus Vd if `acc`.
pub(super) fn shift_right(t: &mut Tr, f: Fields, family: &'static Sized, acc: bool, shape: Shape) -> Result<(), Undefined> {
    let (size, imm) = size_imm(f)?;
    shape.check(size)?;
    let e = esize(size);
    let sh = 2 * e - imm;
    let h = pick(family, size)?;
    let n = shape.operand(t, f.reg('n'), e);
    let count = splat(t, e, (sh as u64).wrapping_neg());
    let x = t.b.call(h, &[n, count]);
    let r = if acc {
        let d = shape.operand(t, f.reg('d'), e);
        add_v(t, e, d, x, false)
    } else {
        x
    };
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// SHL, SQSHL, UQSHL, SQSHLU (immediate): Vd = Vn << #s.
pub(super) fn shift_left(t: &mut Tr, f: Fields, family: &'static Sized, shape: Shape) -> Result<(), Undefined> {
    let (size, imm) = size_imm(f)?;
    shape.check(size)?;
    let e = esize(size);
    let h = pick(family, size)?;
    let n = shape.operand(t, f.reg('n'), e);
    let count = splat(t, e, (imm - e) as u64);
    let r = t.b.call(h, &[n, count]);
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// SLI (`left`) and SRI: Vn shifted, inserted into Vd, keeping the bits of Vd the
/// shift leaves empty. Inline on 64-bit halves: the mask drops exactly the bits that a
/// whole-word shift carries into a neighbouring element.
pub(super) fn insert(t: &mut Tr, f: Fields, left: bool, shape: Shape) -> Result<(), Undefined> {
    let (size, imm) = size_imm(f)?;
    shape.check(size)?;
    let e = esize(size);
    let (sh, mask) = if left {
        let sh = imm - e;
        (sh, replicate(e, ones(e) << sh))
    } else {
        let sh = 2 * e - imm;
        (sh, replicate(e, ones(e).checked_shr(sh).unwrap_or(0)))
    };
    let q = matches!(shape, Shape::Vector { q: true });
    per_half(t, f.reg('d'), q, &[f.reg('d'), f.reg('n')], |t, v| {
        let (d, n) = (v[0], v[1]);
        if mask == 0 {
            return d;
        }
        let s = t.b.c64(sh as u64);
        let shifted = if left { t.b.shl(n, s) } else { t.b.lshr(n, s) };
        let m = t.b.c64(mask);
        let ins = t.b.and(shifted, m);
        let kept = t.b.and_not(d, m);
        t.b.or(ins, kept)
    });
    Ok(())
}

/// SHRN and the saturating narrowing shifts: the 2E-bit elements of Vn shifted right
/// by #s with `shift` (a shift-by-register family), then narrowed with `narrow`.
pub(super) fn shift_narrow(
    t: &mut Tr,
    f: Fields,
    shift: &'static Sized,
    narrow: &'static Sized,
    shape: Shape,
) -> Result<(), Undefined> {
    let (size, imm) = size_imm(f)?;
    let hn = pick(narrow, size)?;
    let hs = pick(shift, size + 1)?;
    let e = esize(size);
    let sh = 2 * e - imm;
    let n = shape.wide_operand(t, f.reg('n'), e);
    let count = splat(t, 2 * e, (sh as u64).wrapping_neg());
    let x = t.b.call(hs, &[n, count]);
    let r = t.b.call(hn, &[x]);
    shape.narrow_result(t, f.reg('d'), e, r);
    Ok(())
}

/// SSHLL/USHLL (and their aliases SXTL/UXTL): widen, then shift left by #s.
fn shift_long(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (size, imm) = size_imm(f)?;
    let h = pick(family, size)?;
    let e = esize(size);
    let n = half(t, f.reg('n'), f.bit('q'));
    let sh = t.b.c32(imm - e);
    let r = t.b.call(h, &[n, sh]);
    t.set_v(f.reg('d'), r);
    Ok(())
}
