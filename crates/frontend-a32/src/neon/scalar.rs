//! AdvSIMD two registers and a scalar: the multiplies and multiply-accumulates by one
//! element of a D register (the scalar), integer and single-precision, long and
//! saturating doubling. The scalar is copied into every lane and the element-wise
//! operations run as in the other groups.

use super::three_diff::{long_result, Acc};
use super::three_same_fp::{ctl, negate_lanes};
use super::{dreg, esize, even, not_size3, pick, size};
use crate::decoder::Fields;
use crate::decoder::Row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::{FADD, FMUL};
use crossrun_arm_shared::simd::lanes::Sized;
use crossrun_arm_shared::simd::ops::{MUL, SMULL, UMULL};
use crossrun_arm_shared::simd::saturate::{SQDMULH, SQDMULL, SQRDMULH};
use crossrun_arm_shared::simd::swar::{add_word, sub_word};
use crossrun_ir::{Ty, Value, Width};

pub(crate) const ROWS: &[Row] = not_size3![
    ("VMLA (by scalar, integer)", "1111001Q1D", "nnnndddd0000N1M0mmmm", |t, f| int_acc(t, f, false)),
    ("VMLA (by scalar, floating-point)", "1111001Q1D", "nnnndddd0001N1M0mmmm", |t, f| fp(t, f, Some(false))),
    ("VMLS (by scalar, integer)", "1111001Q1D", "nnnndddd0100N1M0mmmm", |t, f| int_acc(t, f, true)),
    ("VMLS (by scalar, floating-point)", "1111001Q1D", "nnnndddd0101N1M0mmmm", |t, f| fp(t, f, Some(true))),
    ("VMLAL (by scalar)", "1111001u1D", "nnnndddd0010N1M0mmmm", |t, f| long(t, f, signs(f), Some(Acc::Add))),
    ("VMLSL (by scalar)", "1111001u1D", "nnnndddd0110N1M0mmmm", |t, f| long(t, f, signs(f), Some(Acc::Sub))),
    ("VQDMLAL (by scalar)", "111100101D", "nnnndddd0011N1M0mmmm", |t, f| long(t, f, &SQDMULL, Some(Acc::SatAdd))),
    ("VQDMLSL (by scalar)", "111100101D", "nnnndddd0111N1M0mmmm", |t, f| long(t, f, &SQDMULL, Some(Acc::SatSub))),
    ("VMUL (by scalar, integer)", "1111001Q1D", "nnnndddd1000N1M0mmmm", |t, f| int_op(t, f, &MUL)),
    ("VMUL (by scalar, floating-point)", "1111001Q1D", "nnnndddd1001N1M0mmmm", |t, f| fp(t, f, None)),
    ("VMULL (by scalar)", "1111001u1D", "nnnndddd1010N1M0mmmm", |t, f| long(t, f, signs(f), None)),
    ("VQDMULL (by scalar)", "111100101D", "nnnndddd1011N1M0mmmm", |t, f| long(t, f, &SQDMULL, None)),
    ("VQDMULH (by scalar)", "1111001Q1D", "nnnndddd1100N1M0mmmm", |t, f| int_op(t, f, &SQDMULH)),
    ("VQRDMULH (by scalar)", "1111001Q1D", "nnnndddd1101N1M0mmmm", |t, f| int_op(t, f, &SQRDMULH)),
];

fn signs(f: Fields) -> &'static Sized {
    if f.bit('u') {
        &UMULL
    } else {
        &SMULL
    }
}

/// The scalar: Dm[index] from M:Vm (16-bit elements: D0-D7 with a 2-bit index; 32-bit:
/// D0-D15 with a 1-bit index), copied into every lane of a 64-bit word. Bytes and
/// doublewords are UNDEFINED.
fn scalar_word(t: &mut Tr, f: Fields, size: u32) -> Result<Value, Undefined> {
    let mv = f.get('m');
    let mbit = f.get('M');
    let (reg, index) = match size {
        1 => (mv & 7, mbit << 1 | mv >> 3),
        2 => (mv, mbit),
        _ => return Err(Undefined),
    };
    let e = esize(size);
    let d = t.d(reg as u8);
    let sh = t.b.c64(u64::from(index * e));
    let x = t.b.lshr(d, sh);
    let x = t.b.zext(Ty::I64, if e == 16 { Width::W16 } else { Width::W32 }, x);
    let pattern = t.b.c64(if e == 16 { 0x0001_0001_0001_0001 } else { 0x0000_0001_0000_0001 });
    Ok(t.b.mul(x, pattern))
}

/// The scalar in every lane of a V128.
fn scalar_vec(t: &mut Tr, f: Fields, size: u32) -> Result<Value, Undefined> {
    let w = scalar_word(t, f, size)?;
    Ok(t.b.vmake(w, w))
}

/// Vd = op(Vn, scalar).
fn int_op(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'));
    even(q, &[d, n])?;
    let size = size(f);
    let h = pick(family, size)?;
    let s = scalar_vec(t, f, size)?;
    let a = t.vec(n, q);
    let r = t.b.call(h, &[a, s]);
    t.set_vec(d, q, r);
    Ok(())
}

/// VMLA, VMLS (integer): Vd ± Vn * scalar.
fn int_acc(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'));
    even(q, &[d, n])?;
    let size = size(f);
    let h = pick(&MUL, size)?;
    let s = scalar_vec(t, f, size)?;
    let a = t.vec(n, q);
    let p = t.b.call(h, &[a, s]);
    let e = esize(size);
    let halves = if q { 2 } else { 1 };
    let mut out = Vec::new();
    for k in 0..halves {
        let pk = if k == 0 { t.b.vlo(p) } else { t.b.vhi(p) };
        let acc = t.d(d + k);
        out.push(if sub { sub_word(&mut t.b, e, acc, pk) } else { add_word(&mut t.b, e, acc, pk) });
    }
    t.set_ds(d, &out);
    Ok(())
}

/// VMUL, VMLA, VMLS (single precision): Vn * scalar, accumulated (each step rounded,
/// VMLS adding the negated product) if `acc` says.
fn fp(t: &mut Tr, f: Fields, acc: Option<bool>) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'));
    even(q, &[d, n])?;
    if size(f) != 2 {
        return Err(Undefined);
    }
    let s = scalar_vec(t, f, 2)?;
    let a = t.vec(n, q);
    let (_, c) = ctl(t, q);
    let p = t.b.call(&FMUL[0], &[a, s, c]);
    let r = match acc {
        None => p,
        Some(sub) => {
            let p = if sub { negate_lanes(t, p) } else { p };
            let old = t.vec(d, q);
            t.b.call(&FADD[0], &[old, p, c])
        }
    };
    t.set_vec(d, q, r);
    Ok(())
}

/// The long forms: Qd (±)= op(Dn, scalar).
fn long(t: &mut Tr, f: Fields, family: &'static Sized, acc: Option<Acc>) -> Result<(), Undefined> {
    let (d, n) = (dreg(f, 'D', 'd'), dreg(f, 'N', 'n'));
    even(true, &[d])?;
    let size = size(f);
    let h = pick(family, size)?;
    let s = scalar_word(t, f, size)?;
    let a = t.d(n);
    let r = t.b.call(h, &[a, s]);
    long_result(t, d, size, r, acc)
}
