//! Floating-point data-processing (1 source): FMOV (register), FABS, FNEG, FSQRT, FCVT,
//! FRINT{N,P,M,Z,A,X,I}.

use super::helpers::{CVT_D_H, CVT_D_S, CVT_H_D, CVT_H_S, CVT_S_D, CVT_S_H, FRINT, FSQRT};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_softfp::Rounding;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FMOV (register)", "00011110tt100000010000nnnnnddddd", fmov_reg),
    row!("FABS (scalar)", "00011110tt100000110000nnnnnddddd", fabs),
    row!("FNEG (scalar)", "00011110tt100001010000nnnnnddddd", fneg),
    row!("FSQRT (scalar)", "00011110tt100001110000nnnnnddddd", fsqrt),
    row!("FCVT", "00011110tt10001oo10000nnnnnddddd", fcvt),
    row!("FRINT (scalar)", "00011110tt1001rrr10000nnnnnddddd", frint),
];

fn fmov_reg(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let v = t.fp_scalar(sz, f.reg('n'));
    t.set_v_lo(f.reg('d'), v);
    Ok(())
}

/// FABS and FNEG only touch the sign bit: no flags, no flushing, NaNs kept as they are.
fn sign_op(t: &mut Tr, f: Fields, negate: bool) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let v = t.fp_scalar(sz, f.reg('n'));
    let sign = t.b.c64(1 << (sz.bits() - 1));
    let r = if negate {
        t.b.xor(v, sign)
    } else {
        t.b.and_not(v, sign)
    };
    t.set_v_lo(f.reg('d'), r);
    Ok(())
}

fn fabs(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    sign_op(t, f, false)
}

fn fneg(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    sign_op(t, f, true)
}

fn fsqrt(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    t.fp_unary(&FSQRT, sz, Ctl::lanes(1), f.reg('d'), f.reg('n'));
    Ok(())
}

/// `ftype` is the source format, `opc` the destination: 00 single, 01 double, 11 half.
fn fcvt(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let helper = match (f.get('t'), f.get('o')) {
        (0b11, 0b00) => &CVT_S_H,
        (0b11, 0b01) => &CVT_D_H,
        (0b00, 0b11) => &CVT_H_S,
        (0b00, 0b01) => &CVT_D_S,
        (0b01, 0b11) => &CVT_H_D,
        (0b01, 0b00) => &CVT_S_D,
        _ => return Err(Undefined),
    };
    let vn = t.v(f.reg('n'));
    let c = t.fp_ctl(Ctl::lanes(1));
    let r = t.b.call(helper, &[vn, c]);
    t.set_v(f.reg('d'), r);
    Ok(())
}

/// `rmode` 101 is unallocated; X is I that also signals Inexact.
fn frint(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let ctl = frint_ctl(f.get('r'), 1)?;
    t.fp_unary(&FRINT, sz, ctl, f.reg('d'), f.reg('n'));
    Ok(())
}

/// The control of FRINT over `lanes` lanes from the scalar encoding's `rmode` field.
pub(crate) fn frint_ctl(rmode: u32, lanes: u32) -> Result<Ctl, Undefined> {
    let c = Ctl::lanes(lanes);
    Ok(match rmode {
        0b000 => c.round(Rounding::TieEven),
        0b001 => c.round(Rounding::PosInf),
        0b010 => c.round(Rounding::NegInf),
        0b011 => c.round(Rounding::Zero),
        0b100 => c.round(Rounding::TieAway),
        0b110 => c.flag(true),
        0b111 => c,
        _ => return Err(Undefined),
    })
}
