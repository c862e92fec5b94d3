//! VFP three-register data processing: VMLA, VMLS, VNMLA, VNMLS, VMUL, VNMUL, VADD,
//! VSUB, VDIV and the fused VFMA, VFMS, VFNMA, VFNMS.

use super::{reg_number, Fsz};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::{FADD, FDIV, FMLA, FMLS, FMUL, FNMADD, FNMSUB, FNMUL, FSUB};
use crossrun_arm_shared::fp::lanes::Ctl;
use crossrun_ir::{Helper, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("VMLA (floating-point)", "----11100D00nnnndddd101zN0M0mmmm", |t, f| accumulate(t, f, false, false)),
    row!("VMLS (floating-point)", "----11100D00nnnndddd101zN1M0mmmm", |t, f| accumulate(t, f, true, false)),
    row!("VNMLS", "----11100D01nnnndddd101zN0M0mmmm", |t, f| accumulate(t, f, false, true)),
    row!("VNMLA", "----11100D01nnnndddd101zN1M0mmmm", |t, f| accumulate(t, f, true, true)),
    row!("VMUL (floating-point)", "----11100D10nnnndddd101zN0M0mmmm", |t, f| binary(t, f, &FMUL)),
    row!("VNMUL", "----11100D10nnnndddd101zN1M0mmmm", |t, f| binary(t, f, &FNMUL)),
    row!("VADD (floating-point)", "----11100D11nnnndddd101zN0M0mmmm", |t, f| binary(t, f, &FADD)),
    row!("VSUB (floating-point)", "----11100D11nnnndddd101zN1M0mmmm", |t, f| binary(t, f, &FSUB)),
    row!("VDIV", "----11101D00nnnndddd101zN0M0mmmm", |t, f| binary(t, f, &FDIV)),
    row!("VFNMS", "----11101D01nnnndddd101zN0M0mmmm", |t, f| fused(t, f, &FNMSUB)),
    row!("VFNMA", "----11101D01nnnndddd101zN1M0mmmm", |t, f| fused(t, f, &FNMADD)),
    row!("VFMA", "----11101D10nnnndddd101zN0M0mmmm", |t, f| fused(t, f, &FMLA)),
    row!("VFMS", "----11101D10nnnndddd101zN1M0mmmm", |t, f| fused(t, f, &FMLS)),
];

/// The size and the d, n, m register numbers of a three-register form.
pub(crate) fn regs(f: Fields) -> (Fsz, u8, u8, u8) {
    let sz = Fsz::from_sz(f.bit('z'));
    (sz, reg_number(sz, f.get('d'), f.bit('D')), reg_number(sz, f.get('n'), f.bit('N')), reg_number(sz, f.get('m'), f.bit('M')))
}

/// One lane, rounding as FPSCR says.
pub(crate) fn scalar_ctl(t: &mut Tr) -> Value {
    t.b.c32(Ctl::lanes(1).0)
}

/// Dd = op(Dn, Dm) (or the single-precision registers).
fn binary(t: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, n, m) = regs(f);
    let a = t.fp_operand(sz, n);
    let b = t.fp_operand(sz, m);
    let c = scalar_ctl(t);
    let r = t.b.call(&pair[sz.index()], &[a, b, c]);
    t.set_fp_result(sz, d, r);
    Ok(())
}

/// The fused forms: one rounding of Dd ± Dn * Dm (the helper's operand order is the
/// addend first).
fn fused(t: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, n, m) = regs(f);
    let acc = t.fp_operand(sz, d);
    let a = t.fp_operand(sz, n);
    let b = t.fp_operand(sz, m);
    let c = scalar_ctl(t);
    let r = t.b.call(&pair[sz.index()], &[acc, a, b, c]);
    t.set_fp_result(sz, d, r);
    Ok(())
}

/// Lane 0 of a V128 FP value with its sign flipped (FPNeg), the rest zero.
pub(crate) fn negate(t: &mut Tr, sz: Fsz, v: Value) -> Value {
    let lo = t.b.vlo(v);
    let bit = t.b.c64(sz.sign());
    let lo = t.b.xor(lo, bit);
    let lo = if sz == Fsz::S { t.b.zext(crossrun_ir::Ty::I64, crossrun_ir::Width::W32, lo) } else { lo };
    let zero = t.b.c64(0);
    t.b.vmake(lo, zero)
}

/// VMLA, VMLS, VNMLA, VNMLS: the product and the sum each rounded (FPMul then FPAdd),
/// with the product (`neg_product`) and the accumulator (`neg_acc`) negated as FPNeg.
fn accumulate(t: &mut Tr, f: Fields, neg_product: bool, neg_acc: bool) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, n, m) = regs(f);
    let a = t.fp_operand(sz, n);
    let b = t.fp_operand(sz, m);
    let c = scalar_ctl(t);
    let p = t.b.call(&FMUL[sz.index()], &[a, b, c]);
    let p = if neg_product { negate(t, sz, p) } else { p };
    let acc = t.fp_operand(sz, d);
    let acc = if neg_acc { negate(t, sz, acc) } else { acc };
    let r = t.b.call(&FADD[sz.index()], &[acc, p, c]);
    t.set_fp_result(sz, d, r);
    Ok(())
}
