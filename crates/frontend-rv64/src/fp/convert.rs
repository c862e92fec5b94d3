//! Conversions: FCVT.{W,WU,L,LU}.{S,D} (to integers, saturating, a NaN giving the
//! largest positive value; a 32-bit result is sign-extended), FCVT.{S,D}.{W,WU,L,LU}
//! (from integers) and FCVT.S.D, FCVT.D.S. Every one of them takes a rounding mode,
//! even those that are always exact, and treats it as usual (a reserved one is
//! illegal).

use super::helpers::{IntKind, FCVT_D_S, FCVT_FROM_INT, FCVT_S_D, FCVT_TO_INT};
use super::Fmt;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Value;

// funct5 fmt rs2 rs1 rm rd 1010011; for the integer conversions rs2 = 000kk names the
// integer (W, WU, L, LU) and fmt (bit 25) the floating-point format, for FCVT.S.D and
// FCVT.D.S rs2 is the source format.
pub(crate) const ROWS: &[Row] = &[
    row!("FCVT.W.S", "110000000000sssssmmmddddd1010011", to_int),
    row!("FCVT.WU.S", "110000000001sssssmmmddddd1010011", to_int),
    row!("FCVT.L.S", "110000000010sssssmmmddddd1010011", to_int),
    row!("FCVT.LU.S", "110000000011sssssmmmddddd1010011", to_int),
    row!("FCVT.W.D", "110000100000sssssmmmddddd1010011", to_int),
    row!("FCVT.WU.D", "110000100001sssssmmmddddd1010011", to_int),
    row!("FCVT.L.D", "110000100010sssssmmmddddd1010011", to_int),
    row!("FCVT.LU.D", "110000100011sssssmmmddddd1010011", to_int),
    row!("FCVT.S.W", "110100000000sssssmmmddddd1010011", from_int),
    row!("FCVT.S.WU", "110100000001sssssmmmddddd1010011", from_int),
    row!("FCVT.S.L", "110100000010sssssmmmddddd1010011", from_int),
    row!("FCVT.S.LU", "110100000011sssssmmmddddd1010011", from_int),
    row!("FCVT.D.W", "110100100000sssssmmmddddd1010011", from_int),
    row!("FCVT.D.WU", "110100100001sssssmmmddddd1010011", from_int),
    row!("FCVT.D.L", "110100100010sssssmmmddddd1010011", from_int),
    row!("FCVT.D.LU", "110100100011sssssmmmddddd1010011", from_int),
    row!("FCVT.S.D", "010000000001sssssmmmddddd1010011", s_from_d),
    row!("FCVT.D.S", "010000100000sssssmmmddddd1010011", d_from_s),
];

/// The format of an integer conversion (fmt, bit 25).
fn fmt(f: Fields) -> Fmt {
    Fmt::from_bit(f.insn >> 25 & 1 != 0)
}

/// The helper control argument: the rounding mode and the integer kind (rs2).
fn control(tr: &mut Tr, f: Fields) -> Result<Value, Undefined> {
    let rm = tr.rounding_mode(f.get('m'))?;
    let kind = IntKind::from_field(f.insn >> 20 & 3) as u32;
    if kind == 0 {
        return Ok(rm);
    }
    let k = tr.b.c32(kind << 3);
    Ok(tr.b.or(rm, k))
}

fn to_int(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let ctl = control(tr, f)?;
    let a = tr.f(f.reg('s'));
    let r = tr.b.call(&FCVT_TO_INT[fmt(f).index()], &[a, ctl]);
    tr.set_x(f.reg('d'), r);
    Ok(())
}

fn from_int(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let ctl = control(tr, f)?;
    let a = tr.x(f.reg('s'));
    let r = tr.b.call(&FCVT_FROM_INT[fmt(f).index()], &[a, ctl]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn precision(tr: &mut Tr, f: Fields, helper: &'static crossrun_ir::Helper) -> Result<(), Undefined> {
    let rm = tr.rounding_mode(f.get('m'))?;
    let a = tr.f(f.reg('s'));
    let r = tr.b.call(helper, &[a, rm]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn s_from_d(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    precision(tr, f, &FCVT_S_D)
}

fn d_from_s(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    precision(tr, f, &FCVT_D_S)
}
