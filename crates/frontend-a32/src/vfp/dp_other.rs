//! VFP other data-processing instructions: VMOV (immediate and register), VABS, VNEG,
//! VSQRT, the half-precision conversions VCVTB/VCVTT, VCMP/VCMPE, VRINTR/VRINTZ/VRINTX,
//! the single/double conversion, and the conversions to and from integers and fixed
//! point.

use super::dp::scalar_ctl;
use super::{reg_number, Fsz};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::fp::helpers::{CVTF_GPR, CVT_D_H, CVT_D_S, CVT_H_D, CVT_H_S, CVT_S_D, CVT_S_H, FCCMP, FCVT_GPR, FRINT, FSQRT};
use crossrun_arm_shared::fp::lanes::Ctl;
use crossrun_ir::{Reg, Ty, Value, Width};
use crossrun_softfp::Rounding;

pub(crate) const ROWS: &[Row] = &[
    row!("VMOV (immediate)", "----11101D11hhhhdddd101z0000llll", vmov_imm),
    row!("VMOV (register)", "----11101D110000dddd101z01M0mmmm", |t, f| sign(t, f, Sign::Keep)),
    row!("VABS", "----11101D110000dddd101z11M0mmmm", |t, f| sign(t, f, Sign::Clear)),
    row!("VNEG", "----11101D110001dddd101z01M0mmmm", |t, f| sign(t, f, Sign::Flip)),
    row!("VSQRT", "----11101D110001dddd101z11M0mmmm", vsqrt),
    row!("VCVTB, VCVTT (from half precision)", "----11101D110010dddd101zT1M0mmmm", |t, f| half(t, f, false)),
    row!("VCVTB, VCVTT (to half precision)", "----11101D110011dddd101zT1M0mmmm", |t, f| half(t, f, true)),
    row!("VCMP, VCMPE", "----11101D110100dddd101zE1M0mmmm", |t, f| vcmp(t, f, false)),
    row!("VCMP, VCMPE (with zero)", "----11101D110101dddd101zE1000000", |t, f| vcmp(t, f, true)),
    row!("VRINTR", "----11101D110110dddd101z01M0mmmm", |t, f| vrint(t, f, None, false)),
    row!("VRINTZ", "----11101D110110dddd101z11M0mmmm", |t, f| vrint(t, f, Some(Rounding::Zero), false)),
    row!("VRINTX", "----11101D110111dddd101z01M0mmmm", |t, f| vrint(t, f, None, true)),
    row!("VCVT (between double and single precision)", "----11101D110111dddd101z11M0mmmm", cvt_precision),
    row!("VCVT (integer to floating-point)", "----11101D111000dddd101zs1M0mmmm", from_int),
    row!("VCVT (between floating-point and fixed-point)", "----11101D111o1udddd101zx1i0jjjj", fixed),
    row!("VCVT, VCVTR (floating-point to integer)", "----11101D11110sdddd101zr1M0mmmm", to_int),
];

/// VFPExpandImm: the 8-bit a:bcdefgh as a single or double constant.
pub(crate) fn expand_imm(sz: Fsz, imm8: u32) -> u64 {
    let a = u64::from(imm8 >> 7);
    let b = u64::from(imm8 >> 6 & 1);
    let cdefgh = u64::from(imm8 & 0x3f);
    match sz {
        // sign a, exponent NOT(b):b:b:b:b:b:c:d... as the Arm ARM spells it.
        Fsz::S => a << 31 | (b ^ 1) << 30 | (if b == 1 { 0x1f } else { 0 }) << 25 | cdefgh << 19,
        Fsz::D => a << 63 | (b ^ 1) << 62 | (if b == 1 { 0xff } else { 0 }) << 54 | cdefgh << 48,
    }
}

fn vmov_imm(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(sz, f.get('d'), f.bit('D'));
    let v = t.b.c64(expand_imm(sz, f.get('h') << 4 | f.get('l')));
    t.set_fp_reg(sz, d, v);
    Ok(())
}

/// d, m of a two-register form.
fn dm(f: Fields) -> (Fsz, u8, u8) {
    let sz = Fsz::from_sz(f.bit('z'));
    (sz, reg_number(sz, f.get('d'), f.bit('D')), reg_number(sz, f.get('m'), f.bit('M')))
}

enum Sign {
    Keep,
    Clear,
    Flip,
}

/// VMOV, VABS, VNEG: bit operations on the sign (no exceptions, no flushing).
fn sign(t: &mut Tr, f: Fields, op: Sign) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, m) = dm(f);
    let x = t.fp_reg(sz, m);
    let bit = t.b.c64(sz.sign());
    let r = match op {
        Sign::Keep => x,
        Sign::Clear => t.b.and_not(x, bit),
        Sign::Flip => t.b.xor(x, bit),
    };
    t.set_fp_reg(sz, d, r);
    Ok(())
}

fn vsqrt(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, m) = dm(f);
    let a = t.fp_operand(sz, m);
    let c = scalar_ctl(t);
    let r = t.b.call(&FSQRT[sz.index()], &[a, c]);
    t.set_fp_result(sz, d, r);
    Ok(())
}

/// VCVTB/VCVTT: a half-precision value in the bottom or top (`T`) half of Sd or Sm
/// from or to single (or, ARMv8, double) precision. Writing a half keeps the other half
/// of the single register.
fn half(t: &mut Tr, f: Fields, to_half: bool) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let top = f.bit('T');
    let c = scalar_ctl(t);
    if to_half {
        let d = reg_number(Fsz::S, f.get('d'), f.bit('D'));
        let m = reg_number(sz, f.get('m'), f.bit('M'));
        let a = t.fp_operand(sz, m);
        let helper = if sz == Fsz::S { &CVT_H_S } else { &CVT_H_D };
        let r = t.b.call(helper, &[a, c]);
        let h = t.b.vlo(r);
        let h = t.b.zext(Ty::I64, Width::W16, h);
        let old = t.s(d);
        let (keep, shift) = if top { (0xffffu64, 16) } else { (0xffff_0000, 0) };
        let keep = t.b.c64(keep);
        let kept = t.b.and(old, keep);
        let sh = t.b.c64(shift);
        let h = t.b.shl(h, sh);
        let v = t.b.or(kept, h);
        t.set_s(d, v);
    } else {
        let d = reg_number(sz, f.get('d'), f.bit('D'));
        let m = reg_number(Fsz::S, f.get('m'), f.bit('M'));
        let s = t.s(m);
        let s = if top {
            let sh = t.b.c64(16);
            t.b.lshr(s, sh)
        } else {
            s
        };
        let h = t.b.zext(Ty::I64, Width::W16, s);
        let zero = t.b.c64(0);
        let a = t.b.vmake(h, zero);
        let helper = if sz == Fsz::S { &CVT_S_H } else { &CVT_D_H };
        let r = t.b.call(helper, &[a, c]);
        t.set_fp_result(sz, d, r);
    }
    Ok(())
}

/// VCMP, VCMPE (`E`: a quiet NaN is Invalid too): FPSCR.NZCV from comparing Dd with Dm
/// or with +0.0.
fn vcmp(t: &mut Tr, f: Fields, zero: bool) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(sz, f.get('d'), f.bit('D'));
    let a = t.fp_reg(sz, d);
    let b = if zero {
        t.b.c64(0)
    } else {
        let m = reg_number(sz, f.get('m'), f.bit('M'));
        t.fp_reg(sz, m)
    };
    let ctl = t.b.c32(Ctl::lanes(1).flag(f.bit('E')).0);
    let holds = t.b.c32(1);
    let nzcv = t.b.call(&FCCMP[sz.index()], &[a, b, ctl, holds]);
    // Read after the call, which updated FPSR's cumulative flags.
    let fpsr = t.b.get(Reg::FpStatus);
    let keep = t.b.c32(0x0fff_ffff);
    let rest = t.b.and(fpsr, keep);
    let v = t.b.or(rest, nzcv);
    t.set_reg(Reg::FpStatus, v);
    Ok(())
}

/// VRINTR, VRINTZ, VRINTX: round to an integral value in the same format, by FPSCR's
/// mode unless `rounding` is given; VRINTX (`exact`) signals Inexact.
pub(crate) fn vrint(t: &mut Tr, f: Fields, rounding: Option<Rounding>, exact: bool) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let (sz, d, m) = dm(f);
    let a = t.fp_operand(sz, m);
    let mut ctl = Ctl::lanes(1).flag(exact);
    if let Some(r) = rounding {
        ctl = ctl.round(r);
    }
    let c = t.b.c32(ctl.0);
    let r = t.b.call(&FRINT[sz.index()], &[a, c]);
    t.set_fp_result(sz, d, r);
    Ok(())
}

/// VCVT.F64.F32 (sz = 0) and VCVT.F32.F64 (sz = 1).
fn cvt_precision(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let from = Fsz::from_sz(f.bit('z'));
    let to = if from == Fsz::S { Fsz::D } else { Fsz::S };
    let d = reg_number(to, f.get('d'), f.bit('D'));
    let m = reg_number(from, f.get('m'), f.bit('M'));
    let a = t.fp_operand(from, m);
    let c = scalar_ctl(t);
    let helper = if from == Fsz::S { &CVT_D_S } else { &CVT_S_D };
    let r = t.b.call(helper, &[a, c]);
    t.set_fp_result(to, d, r);
    Ok(())
}

/// A conversion to an integer in a single register: the integer from the helper,
/// sign- or zero-extended from `bits` into Sd.
fn write_int(t: &mut Tr, d: u8, r: Value, bits: u32, unsigned: bool) {
    let w = if bits == 16 { Width::W16 } else { Width::W32 };
    let v = if unsigned { t.b.zext(Ty::I64, w, r) } else { t.b.sext(Ty::I64, w, r) };
    t.set_s(d, v);
}

/// VCVT.F32/F64.S32/U32 Sm (`s`: signed): by FPSCR's rounding.
fn from_int(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(sz, f.get('d'), f.bit('D'));
    let m = reg_number(Fsz::S, f.get('m'), f.bit('M'));
    let x = t.s(m);
    let c = t.b.c32(Ctl::lanes(1).flag(!f.bit('s')).0);
    let r = t.b.call(&CVTF_GPR[sz.index()], &[x, c]);
    t.set_fp_reg(sz, d, r);
    Ok(())
}

/// VCVT{R}.S32/U32.F32/F64 (`s`: signed): toward zero, or by FPSCR's rounding if `r`
/// is clear (VCVTR).
fn to_int(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(Fsz::S, f.get('d'), f.bit('D'));
    let m = reg_number(sz, f.get('m'), f.bit('M'));
    let unsigned = !f.bit('s');
    let mut ctl = Ctl::lanes(1).flag(unsigned);
    if f.bit('r') {
        ctl = ctl.round(Rounding::Zero);
    }
    convert_to_int(t, sz, d, m, ctl, 32, unsigned);
    Ok(())
}

/// Sd = the FP register `m` converted as `ctl` says to a `bits`-bit integer.
pub(crate) fn convert_to_int(t: &mut Tr, sz: Fsz, d: u8, m: u8, ctl: Ctl, bits: u32, unsigned: bool) {
    let x = t.fp_reg(sz, m);
    let c = t.b.c32(ctl.0);
    let r = t.b.call(&FCVT_GPR[sz.index()], &[x, c]);
    write_int(t, d, r, bits, unsigned);
}

/// VCVT between floating point and fixed point in the same register: `o` set converts
/// to fixed point (toward zero), clear from it (by FPSCR's rounding); `u` unsigned, `x`
/// 32-bit (else 16-bit) fixed point with size - imm4:i fraction bits (`j` imm4).
fn fixed(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    t.vfp_dp()?;
    let sz = Fsz::from_sz(f.bit('z'));
    let d = reg_number(sz, f.get('d'), f.bit('D'));
    let bits = if f.bit('x') { 32 } else { 16 };
    let imm = f.get('j') << 1 | f.get('i');
    let fbits = bits - imm as i32;
    if fbits < 0 {
        return t.unpredictable();
    }
    let unsigned = f.bit('u');
    let ctl = Ctl::lanes(1).flag(unsigned).half(bits == 16).fbits(fbits as u32);
    if f.bit('o') {
        let ctl = ctl.round(Rounding::Zero);
        let x = t.fp_reg(sz, d);
        let c = t.b.c32(ctl.0);
        let r = t.b.call(&FCVT_GPR[sz.index()], &[x, c]);
        // The result fills the register: a single with the integer, a double with it
        // sign- or zero-extended to 64 bits.
        let w = if bits == 16 { Width::W16 } else { Width::W32 };
        let v = if unsigned { t.b.zext(Ty::I64, w, r) } else { t.b.sext(Ty::I64, w, r) };
        let v = if sz == Fsz::S { t.b.zext(Ty::I64, Width::W32, v) } else { v };
        t.set_fp_reg(sz, d, v);
    } else {
        let x = t.fp_reg(sz, d);
        let c = t.b.c32(ctl.0);
        let r = t.b.call(&CVTF_GPR[sz.index()], &[x, c]);
        t.set_fp_reg(sz, d, r);
    }
    Ok(())
}
