//! AdvSIMD two registers and a shift amount: shifts right (truncating or rounding,
//! accumulating or not), left, saturating, with insertion, narrowing and widening, and
//! the conversions between single precision and fixed point. The element size and
//! the shift are encoded together in L:imm6. Right shifts run the shift-by-register
//! helpers with every lane's count set to minus the shift (which the JIT inlines).

use super::{dreg, esize, even, pick, splat};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::{CVTF_INT, FCVT_INT};
use crossrun_arm_shared::fp::lanes::Ctl;
use crossrun_arm_shared::simd::lanes::{ones, Sized};
use crossrun_arm_shared::simd::ops::*;
use crossrun_arm_shared::simd::saturate::*;
use crossrun_arm_shared::simd::swar::{add_word, replicate};
use crossrun_ir::{Builder, Ty, Value};
use crossrun_softfp::Rounding;

pub(crate) const ROWS: &[Row] = &[
    row!("VSHR", "1111001u1Diiiiiidddd0000LQM1mmmm", |t, f| right(t, f, signs(f, &SSHL, &USHL), false)),
    row!("VSRA", "1111001u1Diiiiiidddd0001LQM1mmmm", |t, f| right(t, f, signs(f, &SSHL, &USHL), true)),
    row!("VRSHR", "1111001u1Diiiiiidddd0010LQM1mmmm", |t, f| right(t, f, signs(f, &SRSHL, &URSHL), false)),
    row!("VRSRA", "1111001u1Diiiiiidddd0011LQM1mmmm", |t, f| right(t, f, signs(f, &SRSHL, &URSHL), true)),
    row!("VSRI", "111100111Diiiiiidddd0100LQM1mmmm", |t, f| insert(t, f, false)),
    row!("VSHL (immediate)", "111100101Diiiiiidddd0101LQM1mmmm", |t, f| left(t, f, &USHL)),
    row!("VSLI", "111100111Diiiiiidddd0101LQM1mmmm", |t, f| insert(t, f, true)),
    row!("VQSHLU (immediate)", "111100111Diiiiiidddd0110LQM1mmmm", |t, f| left(t, f, &SQSHLU)),
    row!("VQSHL (immediate)", "1111001u1Diiiiiidddd0111LQM1mmmm", |t, f| left(t, f, signs(f, &SQSHL, &UQSHL))),
    row!("VSHRN", "111100101Diiiiiidddd100000M1mmmm", |t, f| narrow(t, f, &USHL, &XTN)),
    row!("VRSHRN", "111100101Diiiiiidddd100001M1mmmm", |t, f| narrow(t, f, &URSHL, &XTN)),
    row!("VQSHRUN", "111100111Diiiiiidddd100000M1mmmm", |t, f| narrow(t, f, &SSHL, &SQXTUN)),
    row!("VQRSHRUN", "111100111Diiiiiidddd100001M1mmmm", |t, f| narrow(t, f, &SRSHL, &SQXTUN)),
    row!("VQSHRN", "1111001u1Diiiiiidddd100100M1mmmm", |t, f| narrow(t, f, signs(f, &SSHL, &USHL), signs(f, &SQXTN, &UQXTN))),
    row!("VQRSHRN", "1111001u1Diiiiiidddd100101M1mmmm", |t, f| narrow(t, f, signs(f, &SRSHL, &URSHL), signs(f, &SQXTN, &UQXTN))),
    row!("VSHLL, VMOVL", "1111001u1Diiiiiidddd101000M1mmmm", vshll),
    row!("VCVT (between floating-point and fixed-point, vector)", "1111001u1Diiiiiidddd111o0QM1mmmm", vcvt_fixed),
];

fn signs(f: Fields, signed: &'static Sized, unsigned: &'static Sized) -> &'static Sized {
    if f.bit('u') {
        unsigned
    } else {
        signed
    }
}

/// The `size` field value (0 = 8-bit elements) and L:imm6 of a form; L:imm6 = 0000xxx is
/// the modified immediate group, which never reaches here.
fn size_imm(f: Fields) -> Result<(u32, u32), Undefined> {
    let (l, imm6) = (f.bit('L'), f.get('i'));
    let size = if l {
        3
    } else if imm6 >> 3 == 0 {
        return Err(Undefined);
    } else {
        (imm6 >> 3).ilog2()
    };
    Ok((size, imm6))
}

/// The right-shift amount of an element size and imm6 (`L` forms: 64 - imm6).
fn right_amount(size: u32, imm6: u32) -> u32 {
    if size == 3 {
        64 - imm6
    } else {
        2 * esize(size) - imm6
    }
}

/// The left-shift amount.
fn left_amount(size: u32, imm6: u32) -> u32 {
    if size == 3 {
        imm6
    } else {
        imm6 - esize(size)
    }
}

/// Vd (+)= Vm >> #s.
fn right(t: &mut Tr, f: Fields, family: &'static Sized, acc: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    let (size, imm6) = size_imm(f)?;
    let e = esize(size);
    let h = pick(family, size)?;
    let x = t.vec(m, q);
    let count = splat(t, e, u64::from(right_amount(size, imm6)).wrapping_neg());
    let r = t.b.call(h, &[x, count]);
    if !acc {
        t.set_vec(d, q, r);
        return Ok(());
    }
    let halves = if q { 2 } else { 1 };
    let mut out = Vec::new();
    for k in 0..halves {
        let rk = if k == 0 { t.b.vlo(r) } else { t.b.vhi(r) };
        let old = t.d(d + k);
        out.push(add_word(&mut t.b, e, old, rk));
    }
    t.set_ds(d, &out);
    Ok(())
}

/// Vd = Vm << #s (VSHL, and the saturating VQSHL/VQSHLU).
fn left(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    let (size, imm6) = size_imm(f)?;
    let e = esize(size);
    let h = pick(family, size)?;
    let x = t.vec(m, q);
    let count = splat(t, e, u64::from(left_amount(size, imm6)));
    let r = t.b.call(h, &[x, count]);
    t.set_vec(d, q, r);
    Ok(())
}

/// VSLI (`left`) and VSRI: Vm shifted, inserted into Vd, keeping the bits of Vd the shift
/// leaves empty: `shift(Vm) | (Vd & !mask)`, the element-wise shift by the USHL helper
/// and the rest as whole-vector bitwise operations, which an executor can do with one
/// host instruction each.
fn insert(t: &mut Tr, f: Fields, left: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    let (size, imm6) = size_imm(f)?;
    let e = esize(size);
    let (sh, mask) = if left {
        let sh = left_amount(size, imm6);
        (sh, replicate(e, ones(e) << sh))
    } else {
        let sh = right_amount(size, imm6);
        (sh, replicate(e, ones(e).checked_shr(sh).unwrap_or(0)))
    };
    if mask == 0 {
        // Every bit of Vd is kept.
        return Ok(());
    }
    let x = t.vec(m, q);
    let count = u64::from(sh);
    let count = splat(t, e, if left { count } else { count.wrapping_neg() });
    let shifted = t.b.call(pick(&USHL, size)?, &[x, count]);
    let old = t.vec(d, q);
    let mask = t.b.const_(Ty::V128, u128::from(mask) * (1 | 1 << 64));
    // Lane-wise `op` of two V128s, spelled on their halves (a D form's high half zero).
    let halves = |t: &mut Tr, a: Value, b: Value, op: fn(&mut Builder, Value, Value) -> Value| {
        let (al, bl) = (t.b.vlo(a), t.b.vlo(b));
        let lo = op(&mut t.b, al, bl);
        let hi = if q {
            let (ah, bh) = (t.b.vhi(a), t.b.vhi(b));
            op(&mut t.b, ah, bh)
        } else {
            t.b.c64(0)
        };
        t.b.vmake(lo, hi)
    };
    let kept = halves(t, old, mask, |b, x, y| b.and_not(x, y));
    let r = halves(t, shifted, kept, |b, x, y| b.or(x, y));
    t.set_vec(d, q, r);
    Ok(())
}

/// The narrowing shifts: Qm's double-width elements shifted right by #s with `shift`,
/// then narrowed into Dd with `narrow` (truncating or saturating).
fn narrow(t: &mut Tr, f: Fields, shift: &'static Sized, narrow: &'static Sized) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(true, &[m])?;
    let imm6 = f.get('i');
    if imm6 >> 3 == 0 {
        return Err(Undefined);
    }
    let size = (imm6 >> 3).ilog2();
    let e = esize(size);
    let hs = pick(shift, size + 1)?;
    let hn = pick(narrow, size)?;
    let x = t.vec(m, true);
    let count = splat(t, 2 * e, u64::from(2 * e - imm6).wrapping_neg());
    let s = t.b.call(hs, &[x, count]);
    let r = t.b.call(hn, &[s]);
    t.set_d(d, r);
    Ok(())
}

/// VSHLL (shift below the element size) and VMOVL (shift 0): Qd = Dm's elements widened
/// and shifted left.
fn vshll(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(true, &[d])?;
    let imm6 = f.get('i');
    if imm6 >> 3 == 0 {
        return Err(Undefined);
    }
    let size = (imm6 >> 3).ilog2();
    let h = pick(signs(f, &SSHLL, &USHLL), size)?;
    let x = t.d(m);
    let sh = t.b.c32(imm6 - esize(size));
    let r = t.b.call(h, &[x, sh]);
    t.set_vec(d, true, r);
    Ok(())
}

/// VCVT.F32.{S32,U32} and VCVT.{S32,U32}.F32 with 64 - imm6 fraction bits (imm6 must be
/// 1xxxxx); `o` converts to fixed point (toward zero), clear from it (to nearest), in
/// the standard FP environment.
fn vcvt_fixed(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    let imm6 = f.get('i');
    if imm6 >> 5 == 0 {
        return Err(Undefined);
    }
    let to_fixed = f.bit('o');
    let ctl = Ctl::lanes(if q { 4 } else { 2 }).standard().flag(f.bit('u')).fbits(64 - imm6);
    let ctl = if to_fixed { ctl.round(Rounding::Zero) } else { ctl };
    let x = t.vec(m, q);
    let c = t.b.c32(ctl.0);
    let r = t.b.call(if to_fixed { &FCVT_INT[0] } else { &CVTF_INT[0] }, &[x, c]);
    t.set_vec(d, q, r);
    Ok(())
}
