//! AdvSIMD three registers of different lengths: the long (Qd from two D registers),
//! wide (Qd from Qn and Dm) and narrowing (Dd from two Q registers) additions,
//! subtractions, absolute differences and multiplies, and VMULL.P64 (Crypto).

use super::{dreg, esize, even, not_size3, pick, size};
use crate::decoder::{Fields, Row};
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::crypto::pmull::PMULL64;
use crossrun_arm_shared::simd::lanes::Sized;
use crossrun_arm_shared::simd::ops::*;
use crossrun_arm_shared::simd::saturate::*;
use crossrun_arm_shared::simd::swar::{add_word, sub_word};
use crossrun_ir::Value;

pub(crate) const ROWS: &[Row] = not_size3![
    ("VADDL", "1111001u1D", "nnnndddd0000N0M0mmmm", |t, f| long(t, f, signs(f, &SADDL, &UADDL), None)),
    ("VADDW", "1111001u1D", "nnnndddd0001N0M0mmmm", |t, f| wide(t, f, signs(f, &SADDW, &UADDW))),
    ("VSUBL", "1111001u1D", "nnnndddd0010N0M0mmmm", |t, f| long(t, f, signs(f, &SSUBL, &USUBL), None)),
    ("VSUBW", "1111001u1D", "nnnndddd0011N0M0mmmm", |t, f| wide(t, f, signs(f, &SSUBW, &USUBW))),
    ("VADDHN", "111100101D", "nnnndddd0100N0M0mmmm", |t, f| narrow(t, f, &ADDHN)),
    ("VRADDHN", "111100111D", "nnnndddd0100N0M0mmmm", |t, f| narrow(t, f, &RADDHN)),
    ("VABAL", "1111001u1D", "nnnndddd0101N0M0mmmm", |t, f| long(t, f, signs(f, &SABDL, &UABDL), Some(Acc::Add))),
    ("VSUBHN", "111100101D", "nnnndddd0110N0M0mmmm", |t, f| narrow(t, f, &SUBHN)),
    ("VRSUBHN", "111100111D", "nnnndddd0110N0M0mmmm", |t, f| narrow(t, f, &RSUBHN)),
    ("VABDL (integer)", "1111001u1D", "nnnndddd0111N0M0mmmm", |t, f| long(t, f, signs(f, &SABDL, &UABDL), None)),
    ("VMLAL (integer)", "1111001u1D", "nnnndddd1000N0M0mmmm", |t, f| long(t, f, signs(f, &SMULL, &UMULL), Some(Acc::Add))),
    ("VQDMLAL", "111100101D", "nnnndddd1001N0M0mmmm", |t, f| long(t, f, &SQDMULL, Some(Acc::SatAdd))),
    ("VMLSL (integer)", "1111001u1D", "nnnndddd1010N0M0mmmm", |t, f| long(t, f, signs(f, &SMULL, &UMULL), Some(Acc::Sub))),
    ("VQDMLSL", "111100101D", "nnnndddd1011N0M0mmmm", |t, f| long(t, f, &SQDMULL, Some(Acc::SatSub))),
    ("VMULL (integer)", "1111001u1D", "nnnndddd1100N0M0mmmm", |t, f| long(t, f, signs(f, &SMULL, &UMULL), None)),
    ("VQDMULL", "111100101D", "nnnndddd1101N0M0mmmm", |t, f| long(t, f, &SQDMULL, None)),
    ("VMULL (polynomial)", "111100101D", "nnnndddd1110N0M0mmmm", vmull_p),
];

fn signs(f: Fields, signed: &'static Sized, unsigned: &'static Sized) -> &'static Sized {
    if f.bit('u') {
        unsigned
    } else {
        signed
    }
}

/// How a long form combines its result with Qd.
#[derive(Clone, Copy)]
pub(crate) enum Acc {
    Add,
    Sub,
    /// Saturating (VQDMLAL, VQDMLSL).
    SatAdd,
    SatSub,
}

/// Qd (plus or minus) op(Dn, Dm) with double-width elements.
fn long(t: &mut Tr, f: Fields, family: &'static Sized, acc: Option<Acc>) -> Result<(), Undefined> {
    let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    even(true, &[d])?;
    let size = size(f);
    let h = pick(family, size)?;
    let (a, b) = (t.d(n), t.d(m));
    let r = t.b.call(h, &[a, b]);
    long_result(t, d, size, r, acc)
}

/// Writes a long form's V128 `r` to Qd, combined with Qd as `acc` says.
pub(crate) fn long_result(t: &mut Tr, d: u8, size: u32, r: Value, acc: Option<Acc>) -> Result<(), Undefined> {
    let e2 = 2 * esize(size);
    let r = match acc {
        None => r,
        Some(Acc::SatAdd) | Some(Acc::SatSub) => {
            let family = if matches!(acc, Some(Acc::SatAdd)) { &SQADD } else { &SQSUB };
            let h = pick(family, size + 1)?;
            let old = t.vec(d, true);
            t.b.call(h, &[old, r])
        }
        Some(op) => {
            let old = t.vec(d, true);
            let (olo, ohi) = (t.b.vlo(old), t.b.vhi(old));
            let (rlo, rhi) = (t.b.vlo(r), t.b.vhi(r));
            let sub = matches!(op, Acc::Sub);
            let f = if sub { sub_word } else { add_word };
            let lo = f(&mut t.b, e2, olo, rlo);
            let hi = f(&mut t.b, e2, ohi, rhi);
            t.b.vmake(lo, hi)
        }
    };
    t.set_vec(d, true, r);
    Ok(())
}

/// Qd = op(Qn, Dm).
fn wide(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    even(true, &[d, n])?;
    let h = pick(family, size(f))?;
    let a = t.vec(n, true);
    let b = t.d(m);
    let r = t.b.call(h, &[a, b]);
    t.set_vec(d, true, r);
    Ok(())
}

/// Dd = the high halves of op(Qn, Qm).
fn narrow(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
    even(true, &[n, m])?;
    let h = pick(family, size(f))?;
    let (a, b) = (t.vec(n, true), t.vec(m, true));
    let r = t.b.call(h, &[a, b]);
    t.set_d(d, r);
    Ok(())
}

/// VMULL.P8 (size 00) and VMULL.P64 (size 10, Crypto).
fn vmull_p(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    match size(f) {
        0 => long(t, f, &PMULL, None),
        2 => {
            let (d, n, m) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'), dreg(f, 'M', 'm'));
            even(true, &[d])?;
            let (a, b) = (t.d(n), t.d(m));
            let r = t.b.call(&PMULL64, &[a, b]);
            t.set_vec(d, true, r);
            Ok(())
        }
        _ => Err(Undefined),
    }
}
