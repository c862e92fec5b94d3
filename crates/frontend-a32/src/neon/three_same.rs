//! AdvSIMD three registers of the same length, integer and bitwise operations. The
//! shift-by-register forms take the value from Vm and the counts from Vn (A64's
//! SSHL and friends take them the other way round).

use super::{esize, pick, regs3};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::lanes::Sized;
use crossrun_arm_shared::simd::ops::*;
use crossrun_arm_shared::simd::saturate::*;
use crossrun_arm_shared::simd::swar::{add_word, sub_word};
use crossrun_ir::Value;

pub(crate) const ROWS: &[Row] = &[
    row!("VHADD", "1111001u0Dzznnnndddd0000NQM0mmmm", |t, f| signs(t, f, &SHADD, &UHADD, false)),
    row!("VQADD", "1111001u0Dzznnnndddd0000NQM1mmmm", |t, f| signs(t, f, &SQADD, &UQADD, false)),
    row!("VRHADD", "1111001u0Dzznnnndddd0001NQM0mmmm", |t, f| signs(t, f, &SRHADD, &URHADD, false)),
    row!("VAND, VBIC, VORR, VORN, VEOR, VBSL, VBIT, VBIF (register)", "1111001u0Dzznnnndddd0001NQM1mmmm", logic),
    row!("VHSUB", "1111001u0Dzznnnndddd0010NQM0mmmm", |t, f| signs(t, f, &SHSUB, &UHSUB, false)),
    row!("VQSUB", "1111001u0Dzznnnndddd0010NQM1mmmm", |t, f| signs(t, f, &SQSUB, &UQSUB, false)),
    row!("VCGT (register)", "1111001u0Dzznnnndddd0011NQM0mmmm", |t, f| no64(f).and_then(|_| signs(t, f, &CMGT, &CMHI, false))),
    row!("VCGE (register)", "1111001u0Dzznnnndddd0011NQM1mmmm", |t, f| no64(f).and_then(|_| signs(t, f, &CMGE, &CMHS, false))),
    row!("VSHL (register)", "1111001u0Dzznnnndddd0100NQM0mmmm", |t, f| signs(t, f, &SSHL, &USHL, true)),
    row!("VQSHL (register)", "1111001u0Dzznnnndddd0100NQM1mmmm", |t, f| signs(t, f, &SQSHL, &UQSHL, true)),
    row!("VRSHL", "1111001u0Dzznnnndddd0101NQM0mmmm", |t, f| signs(t, f, &SRSHL, &URSHL, true)),
    row!("VQRSHL", "1111001u0Dzznnnndddd0101NQM1mmmm", |t, f| signs(t, f, &SQRSHL, &UQRSHL, true)),
    row!("VMAX (integer)", "1111001u0Dzznnnndddd0110NQM0mmmm", |t, f| signs(t, f, &SMAX, &UMAX, false)),
    row!("VMIN (integer)", "1111001u0Dzznnnndddd0110NQM1mmmm", |t, f| signs(t, f, &SMIN, &UMIN, false)),
    row!("VABD (integer)", "1111001u0Dzznnnndddd0111NQM0mmmm", |t, f| signs(t, f, &SABD, &UABD, false)),
    row!("VABA", "1111001u0Dzznnnndddd0111NQM1mmmm", |t, f| {
        let family = if f.bit('u') { &UABD } else { &SABD };
        accumulate(t, f, family, false)
    }),
    row!("VADD (integer)", "111100100Dzznnnndddd1000NQM0mmmm", |t, f| add_sub(t, f, false)),
    row!("VSUB (integer)", "111100110Dzznnnndddd1000NQM0mmmm", |t, f| add_sub(t, f, true)),
    row!("VTST", "111100100Dzznnnndddd1000NQM1mmmm", |t, f| no64(f).and_then(|_| elementwise(t, f, &CMTST, false))),
    row!("VCEQ (register)", "111100110Dzznnnndddd1000NQM1mmmm", |t, f| no64(f).and_then(|_| elementwise(t, f, &CMEQ, false))),
    row!("VMLA (integer)", "111100100Dzznnnndddd1001NQM0mmmm", |t, f| accumulate(t, f, &MUL, false)),
    row!("VMLS (integer)", "111100110Dzznnnndddd1001NQM0mmmm", |t, f| accumulate(t, f, &MUL, true)),
    row!("VMUL (integer)", "111100100Dzznnnndddd1001NQM1mmmm", |t, f| elementwise(t, f, &MUL, false)),
    row!("VMUL (polynomial)", "111100110Dzznnnndddd1001NQM1mmmm", |t, f| elementwise(t, f, &PMUL, false)),
    row!("VPMAX (integer)", "1111001u0Dzznnnndddd1010N0M0mmmm", |t, f| {
        pairwise(t, f, if f.bit('u') { &UMAXP } else { &SMAXP })
    }),
    row!("VPMIN (integer)", "1111001u0Dzznnnndddd1010N0M1mmmm", |t, f| {
        pairwise(t, f, if f.bit('u') { &UMINP } else { &SMINP })
    }),
    row!("VQDMULH", "111100100Dzznnnndddd1011NQM0mmmm", |t, f| elementwise(t, f, &SQDMULH, false)),
    row!("VQRDMULH", "111100110Dzznnnndddd1011NQM0mmmm", |t, f| elementwise(t, f, &SQRDMULH, false)),
    row!("VPADD (integer)", "111100100Dzznnnndddd1011N0M1mmmm", |t, f| no64(f).and_then(|_| pairwise(t, f, &ADDP))),
];

/// AArch32 has no 64-bit elements for the compares and the pairwise addition, which the
/// families shared with A64 have.
pub(crate) fn no64(f: Fields) -> Result<(), Undefined> {
    if f.get('z') == 3 {
        Err(Undefined)
    } else {
        Ok(())
    }
}

/// The signed or (`u`) unsigned family's element-wise operation; `swap` passes Vm
/// first (the shifts: value Vm, counts Vn).
fn signs(t: &mut Tr, f: Fields, signed: &'static Sized, unsigned: &'static Sized, swap: bool) -> Result<(), Undefined> {
    elementwise(t, f, if f.bit('u') { unsigned } else { signed }, swap)
}

/// Vd = op(Vn, Vm), element by element.
pub(crate) fn elementwise(t: &mut Tr, f: Fields, family: &'static Sized, swap: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let h = pick(family, f.get('z'))?;
    let (a, b) = (t.vec(n, q), t.vec(m, q));
    let r = if swap { t.b.call(h, &[b, a]) } else { t.b.call(h, &[a, b]) };
    t.set_vec(d, q, r);
    Ok(())
}

/// VMLA, VMLS, VABA: Vd plus (or minus) op(Vn, Vm).
fn accumulate(t: &mut Tr, f: Fields, family: &'static Sized, sub: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let size = f.get('z');
    let h = pick(family, size)?;
    let (a, b) = (t.vec(n, q), t.vec(m, q));
    let x = t.b.call(h, &[a, b]);
    let e = esize(size);
    let halves: Vec<Value> = if q { vec![t.b.vlo(x), t.b.vhi(x)] } else { vec![t.b.vlo(x)] };
    let mut out = Vec::new();
    for (k, &p) in halves.iter().enumerate() {
        let acc = t.d(d + k as u8);
        out.push(if sub { sub_word(&mut t.b, e, acc, p) } else { add_word(&mut t.b, e, acc, p) });
    }
    t.set_ds(d, &out);
    Ok(())
}

/// VADD and VSUB (integer): inline on each D register.
fn add_sub(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let e = esize(f.get('z'));
    t.per_d(d, q, &[n, m], |t, v| if sub { sub_word(&mut t.b, e, v[0], v[1]) } else { add_word(&mut t.b, e, v[0], v[1]) });
    Ok(())
}

/// The pairwise operations (D forms only): each result element combines an adjacent
/// pair, those of Dn giving the low half and those of Dm the high half, which is the
/// A64 64-bit form's layout with Dn:Dm as one vector.
fn pairwise(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (d, n, m) = regs3(f, false)?;
    let h = pick(family, f.get('z'))?;
    let (dn, dm) = (t.d(n), t.d(m));
    let a = t.b.vmake(dn, dm);
    let zero = t.b.c64(0);
    let b = t.b.vmake(zero, zero);
    let r = t.b.call(h, &[a, b]);
    let lo = t.b.vlo(r);
    t.set_d(d, lo);
    Ok(())
}

/// The bitwise operations (`u:z` selects): VAND, VBIC, VORR, VORN, VEOR, VBSL, VBIT,
/// VBIF, inline on each D register.
fn logic(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let op = f.get('u') << 2 | f.get('z');
    t.per_d(d, q, &[d, n, m], |t, v| {
        let (vd, vn, vm) = (v[0], v[1], v[2]);
        match op {
            0 => t.b.and(vn, vm),
            1 => t.b.and_not(vn, vm),
            2 => t.b.or(vn, vm),
            3 => {
                let x = t.b.not(vm);
                t.b.or(vn, x)
            }
            4 => t.b.xor(vn, vm),
            // VBSL: Vn where Vd is set, Vm elsewhere.
            5 => {
                let x = t.b.xor(vm, vn);
                let x = t.b.and(x, vd);
                t.b.xor(vm, x)
            }
            // VBIT: Vn where Vm is set; VBIF: where it is clear.
            6 => {
                let x = t.b.xor(vd, vn);
                let x = t.b.and(x, vm);
                t.b.xor(vd, x)
            }
            _ => {
                let x = t.b.xor(vd, vn);
                let x = t.b.and_not(x, vm);
                t.b.xor(vd, x)
            }
        }
    });
    Ok(())
}
