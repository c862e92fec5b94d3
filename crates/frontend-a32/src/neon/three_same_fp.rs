//! AdvSIMD three registers of the same length, floating point (single precision; the
//! half-precision encodings are FEAT_FP16's, not implemented). All use the standard FP
//! environment.

use super::regs3;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::*;
use crossrun_arm_shared::fp::lanes::Ctl;
use crossrun_ir::{Helper, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("VADD (floating-point)", "111100100D00nnnndddd1101NQM0mmmm", |t, f| binary(t, f, &FADD, false)),
    row!("VSUB (floating-point)", "111100100D10nnnndddd1101NQM0mmmm", |t, f| binary(t, f, &FSUB, false)),
    row!("VPADD (floating-point)", "111100110D00nnnndddd1101N0M0mmmm", |t, f| binary(t, f, &FADD, true)),
    row!("VABD (floating-point)", "111100110D10nnnndddd1101NQM0mmmm", |t, f| binary(t, f, &FABD, false)),
    row!("VMLA (floating-point)", "111100100D00nnnndddd1101NQM1mmmm", |t, f| multiply_accumulate(t, f, false)),
    row!("VMLS (floating-point)", "111100100D10nnnndddd1101NQM1mmmm", |t, f| multiply_accumulate(t, f, true)),
    row!("VMUL (floating-point)", "111100110D00nnnndddd1101NQM1mmmm", |t, f| binary(t, f, &FMUL, false)),
    row!("VCEQ (register, floating-point)", "111100100D00nnnndddd1110NQM0mmmm", |t, f| binary(t, f, &FCMEQ, false)),
    row!("VCGE (register, floating-point)", "111100110D00nnnndddd1110NQM0mmmm", |t, f| binary(t, f, &FCMGE, false)),
    row!("VCGT (register, floating-point)", "111100110D10nnnndddd1110NQM0mmmm", |t, f| binary(t, f, &FCMGT, false)),
    row!("VACGE", "111100110D00nnnndddd1110NQM1mmmm", |t, f| binary(t, f, &FACGE, false)),
    row!("VACGT", "111100110D10nnnndddd1110NQM1mmmm", |t, f| binary(t, f, &FACGT, false)),
    row!("VMAX (floating-point)", "111100100D00nnnndddd1111NQM0mmmm", |t, f| binary(t, f, &FMAX, false)),
    row!("VMIN (floating-point)", "111100100D10nnnndddd1111NQM0mmmm", |t, f| binary(t, f, &FMIN, false)),
    row!("VPMAX (floating-point)", "111100110D00nnnndddd1111N0M0mmmm", |t, f| binary(t, f, &FMAX, true)),
    row!("VPMIN (floating-point)", "111100110D10nnnndddd1111N0M0mmmm", |t, f| binary(t, f, &FMIN, true)),
    row!("VRECPS", "111100100D00nnnndddd1111NQM1mmmm", |t, f| binary(t, f, &VRECPS, false)),
    row!("VRSQRTS", "111100100D10nnnndddd1111NQM1mmmm", |t, f| binary(t, f, &VRSQRTS, false)),
    row!("VMAXNM", "111100110D00nnnndddd1111NQM1mmmm", |t, f| binary(t, f, &FMAXNM, false)),
    row!("VMINNM", "111100110D10nnnndddd1111NQM1mmmm", |t, f| binary(t, f, &FMINNM, false)),
    row!("VFMA", "111100100D00nnnndddd1100NQM1mmmm", |t, f| fused(t, f, &FMLA)),
    row!("VFMS", "111100100D10nnnndddd1100NQM1mmmm", |t, f| fused(t, f, &FMLS)),
];

/// Single-precision lanes of a D (2) or Q (4) form, in the standard FP environment.
pub(crate) fn ctl(t: &mut Tr, q: bool) -> (Ctl, Value) {
    let c = Ctl::lanes(if q { 4 } else { 2 }).standard();
    let v = t.b.c32(c.0);
    (c, v)
}

/// Vd = op(Vn, Vm); `pairwise` (D forms): each result lane from an adjacent pair, Dn's
/// then Dm's.
fn binary(t: &mut Tr, f: Fields, pair: &'static [Helper; 2], pairwise: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let (a, b) = (t.vec(n, q), t.vec(m, q));
    let c = Ctl::lanes(if q { 4 } else { 2 }).standard();
    let c = if pairwise { c.pairwise() } else { c };
    let cv = t.b.c32(c.0);
    let r = t.b.call(&pair[0], &[a, b, cv]);
    t.set_vec(d, q, r);
    Ok(())
}

/// VMLA, VMLS: the product and the sum each rounded; VMLS adds FPNeg of the product
/// (a NaN product keeps its flipped sign).
fn multiply_accumulate(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let (a, b, acc) = (t.vec(n, q), t.vec(m, q), t.vec(d, q));
    let (_, c) = ctl(t, q);
    let p = t.b.call(&FMUL[0], &[a, b, c]);
    let p = if sub { negate_lanes(t, p) } else { p };
    let r = t.b.call(&FADD[0], &[acc, p, c]);
    t.set_vec(d, q, r);
    Ok(())
}

/// Every single-precision lane of a V128 with its sign flipped.
pub(crate) fn negate_lanes(t: &mut Tr, v: Value) -> Value {
    let signs = t.b.c64(0x8000_0000_8000_0000);
    let lo = t.b.vlo(v);
    let hi = t.b.vhi(v);
    let lo = t.b.xor(lo, signs);
    let hi = t.b.xor(hi, signs);
    t.b.vmake(lo, hi)
}

/// VFMA, VFMS: Vd ± Vn * Vm with one rounding.
fn fused(t: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    let q = f.bit('Q');
    let (d, n, m) = regs3(f, q)?;
    let (acc, a, b) = (t.vec(d, q), t.vec(n, q), t.vec(m, q));
    let (_, c) = ctl(t, q);
    let r = t.b.call(&pair[0], &[acc, a, b, c]);
    t.set_vec(d, q, r);
    Ok(())
}
