//! AdvSIMD two registers miscellaneous: element reversal, pairwise widening additions,
//! bit counts, VMVN, saturating absolute value and negation, compares with zero,
//! absolute value and negation, the narrowing moves, VSHLL by the element size,
//! ARMv8's VRINT and VCVT with a rounding mode, the half-precision and integer
//! conversions, and the reciprocal estimates. The permutes (VSWP, VTRN, VUZP, VZIP) are
//! in `perm`, the Crypto rows in `crypto`.

use super::three_same::no64;
use super::{dreg, esize, even, pick, splat};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::*;
use crossrun_arm_shared::fp::lanes::Ctl;
use crossrun_arm_shared::simd::lanes::Sized;
use crossrun_arm_shared::simd::ops::*;
use crossrun_arm_shared::simd::saturate::*;
use crossrun_arm_shared::simd::swar::{add_word, sub_word};
use crossrun_ir::{Helper, Ty, Value};
use crossrun_softfp::Rounding;

pub(crate) const ROWS: &[Row] = &[
    row!("VREV64", "111100111D11zz00dddd00000QM0mmmm", |t, f| vrev(t, f, 64)),
    row!("VREV32", "111100111D11zz00dddd00001QM0mmmm", |t, f| vrev(t, f, 32)),
    row!("VREV16", "111100111D11zz00dddd00010QM0mmmm", |t, f| vrev(t, f, 16)),
    row!("VPADDL", "111100111D11zz00dddd0010uQM0mmmm", |t, f| padd_long(t, f, false)),
    row!("VCLS", "111100111D11zz00dddd01000QM0mmmm", |t, f| unary(t, f, &CLS)),
    row!("VCLZ", "111100111D11zz00dddd01001QM0mmmm", |t, f| unary(t, f, &CLZ)),
    row!("VCNT", "111100111D11zz00dddd01010QM0mmmm", |t, f| unary(t, f, &CNT)),
    row!("VMVN (register)", "111100111D11zz00dddd01011QM0mmmm", vmvn),
    row!("VPADAL", "111100111D11zz00dddd0110uQM0mmmm", |t, f| padd_long(t, f, true)),
    row!("VQABS", "111100111D11zz00dddd01110QM0mmmm", |t, f| no64(f).and_then(|_| unary(t, f, &SQABS))),
    row!("VQNEG", "111100111D11zz00dddd01111QM0mmmm", |t, f| no64(f).and_then(|_| unary(t, f, &SQNEG))),
    row!("VCGT (immediate #0)", "111100111D11zz01dddd0F000QM0mmmm", |t, f| zero_compare(t, f, Compare::Gt)),
    row!("VCGE (immediate #0)", "111100111D11zz01dddd0F001QM0mmmm", |t, f| zero_compare(t, f, Compare::Ge)),
    row!("VCEQ (immediate #0)", "111100111D11zz01dddd0F010QM0mmmm", |t, f| zero_compare(t, f, Compare::Eq)),
    row!("VCLE (immediate #0)", "111100111D11zz01dddd0F011QM0mmmm", |t, f| zero_compare(t, f, Compare::Le)),
    row!("VCLT (immediate #0)", "111100111D11zz01dddd0F100QM0mmmm", |t, f| zero_compare(t, f, Compare::Lt)),
    row!("VABS", "111100111D11zz01dddd0F110QM0mmmm", |t, f| abs_neg(t, f, false)),
    row!("VNEG", "111100111D11zz01dddd0F111QM0mmmm", |t, f| abs_neg(t, f, true)),
    row!("VMOVN", "111100111D11zz10dddd001000M0mmmm", |t, f| narrow(t, f, &XTN)),
    row!("VQMOVUN", "111100111D11zz10dddd001001M0mmmm", |t, f| narrow(t, f, &SQXTUN)),
    row!("VQMOVN (signed)", "111100111D11zz10dddd001010M0mmmm", |t, f| narrow(t, f, &SQXTN)),
    row!("VQMOVN (unsigned)", "111100111D11zz10dddd001011M0mmmm", |t, f| narrow(t, f, &UQXTN)),
    row!("VSHLL (maximum shift)", "111100111D11zz10dddd001100M0mmmm", vshll_max),
    row!("VRINTN", "111100111D11zz10dddd01000QM0mmmm", |t, f| vrint(t, f, Rounding::TieEven, false)),
    row!("VRINTX", "111100111D11zz10dddd01001QM0mmmm", |t, f| vrint(t, f, Rounding::TieEven, true)),
    row!("VRINTA", "111100111D11zz10dddd01010QM0mmmm", |t, f| vrint(t, f, Rounding::TieAway, false)),
    row!("VRINTZ", "111100111D11zz10dddd01011QM0mmmm", |t, f| vrint(t, f, Rounding::Zero, false)),
    row!("VCVT (single to half precision)", "111100111D11zz10dddd011000M0mmmm", |t, f| half(t, f, true)),
    row!("VRINTM", "111100111D11zz10dddd01101QM0mmmm", |t, f| vrint(t, f, Rounding::NegInf, false)),
    row!("VCVT (half to single precision)", "111100111D11zz10dddd011100M0mmmm", |t, f| half(t, f, false)),
    row!("VRINTP", "111100111D11zz10dddd01111QM0mmmm", |t, f| vrint(t, f, Rounding::PosInf, false)),
    row!("VCVTA, VCVTN, VCVTP, VCVTM (vector)", "111100111D11zz11dddd00rruQM0mmmm", vcvt_rounding),
    row!("VRECPE", "111100111D11zz11dddd010F0QM0mmmm", |t, f| estimate(t, f, &URECPE, &FRECPE)),
    row!("VRSQRTE", "111100111D11zz11dddd010F1QM0mmmm", |t, f| estimate(t, f, &URSQRTE, &FRSQRTE)),
    row!("VCVT (between floating-point and integer, vector)", "111100111D11zz11dddd011ooQM0mmmm", vcvt_int),
];

/// d, m and Q of a form, with Q forms naming even registers.
fn dm(f: Fields) -> Result<(u8, u8, bool), Undefined> {
    let q = f.bit('Q');
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(q, &[d, m])?;
    Ok((d, m, q))
}

/// Vd = op(Vm).
fn unary(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    let h = pick(family, f.get('z'))?;
    let x = t.vec(m, q);
    let r = t.b.call(h, &[x]);
    t.set_vec(d, q, r);
    Ok(())
}

/// Each `region`-bit (32 or 64) lane of V128 `x` with its halves swapped (a rotation by
/// half its width): the USHL helper's shifts, which the JIT does with host vector
/// shifts, and an OR spelled on the vector's halves, which it does with one `por`.
fn swap_lane_halves(t: &mut Tr, x: Value, q: bool, region: u32) -> Result<Value, Undefined> {
    let h = pick(&USHL, region.ilog2() - 3)?;
    let half = u64::from(region / 2);
    let left = splat(t, region, half);
    let right = splat(t, region, half.wrapping_neg());
    let a = t.b.call(h, &[x, left]);
    let b = t.b.call(h, &[x, right]);
    let (al, bl) = (t.b.vlo(a), t.b.vlo(b));
    let lo = t.b.or(al, bl);
    let hi = if q {
        let (ah, bh) = (t.b.vhi(a), t.b.vhi(b));
        t.b.or(ah, bh)
    } else {
        t.b.c64(0)
    };
    Ok(t.b.vmake(lo, hi))
}

/// VREV<region>: the elements of each `region`-bit group reversed; the element must be
/// smaller than the group.
fn vrev(t: &mut Tr, f: Fields, region: u32) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    let e = esize(f.get('z'));
    if e >= region {
        return Err(Undefined);
    }
    if e == region / 2 && region >= 32 {
        let x = t.vec(m, q);
        let r = swap_lane_halves(t, x, q, region)?;
        t.set_vec(d, q, r);
        return Ok(());
    }
    t.per_d(d, q, &[m], |t, v| {
        let x = v[0];
        match (region, e) {
            (64, 8) => t.b.rev(x),
            (64, 16) => {
                let r = t.b.rev(x);
                t.b.rev16(r)
            }
            (64, _) => {
                let a = t.b.c64(32);
                let hi = t.b.shl(x, a);
                let lo = t.b.lshr(x, a);
                t.b.or(hi, lo)
            }
            (32, 8) => t.b.rev32(x),
            (32, _) => {
                let r = t.b.rev32(x);
                t.b.rev16(r)
            }
            _ => t.b.rev16(x),
        }
    });
    Ok(())
}

/// VPADDL (and, `acc`, VPADAL): adjacent pairs added into double-width elements.
fn padd_long(t: &mut Tr, f: Fields, acc: bool) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    let size = f.get('z');
    let h = pick(if f.bit('u') { &UADDLP } else { &SADDLP }, size)?;
    let x = t.vec(m, q);
    let r = t.b.call(h, &[x]);
    if !acc {
        t.set_vec(d, q, r);
        return Ok(());
    }
    let e2 = 2 * esize(size);
    let halves = if q { 2 } else { 1 };
    let mut out = Vec::new();
    for k in 0..halves {
        let rk = if k == 0 { t.b.vlo(r) } else { t.b.vhi(r) };
        let old = t.d(d + k);
        out.push(add_word(&mut t.b, e2, old, rk));
    }
    t.set_ds(d, &out);
    Ok(())
}

fn vmvn(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    if f.get('z') != 0 {
        return Err(Undefined);
    }
    t.per_d(d, q, &[m], |t, v| t.b.not(v[0]));
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Compare {
    Gt,
    Ge,
    Eq,
    Le,
    Lt,
}

/// The compares with zero, integer or (`F`, 32-bit elements) single precision.
fn zero_compare(t: &mut Tr, f: Fields, cmp: Compare) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    let size = f.get('z');
    let x = t.vec(m, q);
    let zero = t.b.const_(Ty::V128, 0);
    // LE and LT are GE and GT with the operands swapped.
    let (a, b) = if matches!(cmp, Compare::Le | Compare::Lt) { (zero, x) } else { (x, zero) };
    let r = if f.bit('F') {
        if size != 2 {
            return Err(Undefined);
        }
        let pair: &'static [Helper; 2] = match cmp {
            Compare::Gt | Compare::Lt => &FCMGT,
            Compare::Ge | Compare::Le => &FCMGE,
            Compare::Eq => &FCMEQ,
        };
        let c = t.b.c32(Ctl::lanes(if q { 4 } else { 2 }).standard().0);
        t.b.call(&pair[0], &[a, b, c])
    } else {
        if size == 3 {
            return Err(Undefined);
        }
        let family: &'static Sized = match cmp {
            Compare::Gt | Compare::Lt => &CMGT,
            Compare::Ge | Compare::Le => &CMGE,
            Compare::Eq => &CMEQ,
        };
        let h = pick(family, size)?;
        t.b.call(h, &[a, b])
    };
    t.set_vec(d, q, r);
    Ok(())
}

/// VABS, VNEG: integer (inline negation, ABS helper) or single precision (the sign bit).
fn abs_neg(t: &mut Tr, f: Fields, neg: bool) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    let size = f.get('z');
    if f.bit('F') {
        if size != 2 {
            return Err(Undefined);
        }
        t.per_d(d, q, &[m], |t, v| {
            let signs = t.b.c64(0x8000_0000_8000_0000);
            if neg {
                t.b.xor(v[0], signs)
            } else {
                t.b.and_not(v[0], signs)
            }
        });
        return Ok(());
    }
    if size == 3 {
        return Err(Undefined);
    }
    if neg {
        let e = esize(size);
        t.per_d(d, q, &[m], |t, v| {
            let zero = t.b.c64(0);
            sub_word(&mut t.b, e, zero, v[0])
        });
        return Ok(());
    }
    unary(t, f, &ABS)
}

/// VMOVN, VQMOVN, VQMOVUN: Dd = Qm's elements narrowed (truncated or saturated).
fn narrow(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(true, &[m])?;
    let h = pick(family, f.get('z'))?;
    let x = t.vec(m, true);
    let r = t.b.call(h, &[x]);
    t.set_d(d, r);
    Ok(())
}

/// VSHLL with the shift equal to the element size.
fn vshll_max(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    even(true, &[d])?;
    let size = f.get('z');
    let h = pick(&USHLL, size)?;
    let x = t.d(m);
    let sh = t.b.c32(esize(size));
    let r = t.b.call(h, &[x, sh]);
    t.set_vec(d, true, r);
    Ok(())
}

/// Single-precision lanes of a D or Q form, standard environment.
fn fp_ctl(q: bool) -> Ctl {
    Ctl::lanes(if q { 4 } else { 2 }).standard()
}

/// VRINT{N,X,A,Z,M,P} (single precision; VRINTX signals Inexact).
fn vrint(t: &mut Tr, f: Fields, rounding: Rounding, exact: bool) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    if f.get('z') != 2 {
        return Err(Undefined);
    }
    let x = t.vec(m, q);
    let c = t.b.c32(fp_ctl(q).round(rounding).flag(exact).0);
    let r = t.b.call(&FRINT[0], &[x, c]);
    t.set_vec(d, q, r);
    Ok(())
}

/// VCVT.F16.F32 Dd, Qm (`to_half`) and VCVT.F32.F16 Qd, Dm.
fn half(t: &mut Tr, f: Fields, to_half: bool) -> Result<(), Undefined> {
    let (d, m) = (dreg(f, 'D', 'd'), dreg(f, 'M', 'm'));
    if f.get('z') != 1 {
        return Err(Undefined);
    }
    let c = t.b.c32(Ctl::lanes(4).standard().0);
    if to_half {
        even(true, &[m])?;
        let x = t.vec(m, true);
        let r = t.b.call(&CVT_H_S, &[x, c]);
        let lo = t.b.vlo(r);
        t.set_d(d, lo);
    } else {
        even(true, &[d])?;
        let x = t.vec(m, false);
        let r = t.b.call(&CVT_S_H, &[x, c]);
        t.set_vec(d, true, r);
    }
    Ok(())
}

/// VCVT{A,N,P,M}.{S32,U32}.F32 (`u`: unsigned).
fn vcvt_rounding(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    if f.get('z') != 2 {
        return Err(Undefined);
    }
    let rounding = [Rounding::TieAway, Rounding::TieEven, Rounding::PosInf, Rounding::NegInf][f.get('r') as usize];
    let x = t.vec(m, q);
    let c = t.b.c32(fp_ctl(q).round(rounding).flag(f.bit('u')).0);
    let r = t.b.call(&FCVT_INT[0], &[x, c]);
    t.set_vec(d, q, r);
    Ok(())
}

/// VRECPE, VRSQRTE: unsigned 32-bit integer or (`F`) single-precision estimates.
fn estimate(t: &mut Tr, f: Fields, int: &'static Helper, fp: &'static [Helper; 2]) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    if f.get('z') != 2 {
        return Err(Undefined);
    }
    let x = t.vec(m, q);
    let ctl = if f.bit('F') { fp_ctl(q) } else { Ctl::lanes(if q { 4 } else { 2 }) };
    let c = t.b.c32(ctl.0);
    let r: Value = t.b.call(if f.bit('F') { &fp[0] } else { int }, &[x, c]);
    t.set_vec(d, q, r);
    Ok(())
}

/// VCVT between single precision and 32-bit integers: `o` = 00 F32.S32, 01 F32.U32 (to
/// nearest), 10 S32.F32, 11 U32.F32 (toward zero).
fn vcvt_int(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, m, q) = dm(f)?;
    if f.get('z') != 2 {
        return Err(Undefined);
    }
    let op = f.get('o');
    let to_int = op & 2 != 0;
    let ctl = fp_ctl(q).flag(op & 1 != 0);
    let ctl = if to_int { ctl.round(Rounding::Zero) } else { ctl };
    let x = t.vec(m, q);
    let c = t.b.c32(ctl.0);
    let r = t.b.call(if to_int { &FCVT_INT[0] } else { &CVTF_INT[0] }, &[x, c]);
    t.set_vec(d, q, r);
    Ok(())
}
