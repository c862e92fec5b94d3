//! Conversions between floating-point and general registers: FCVT{N,P,M,Z,A}{S,U},
//! SCVTF/UCVTF (integer and fixed-point forms) and FMOV (general).

use super::helpers::{CVTF_GPR, FCVT_GPR};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_softfp::Rounding;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FCVT{N,P,M,Z}{S,U} (scalar, integer)", "s0011110tt1rr00u000000nnnnnddddd", fcvt_int),
    row!("FCVTA{S,U} (scalar, integer)", "s0011110tt10010u000000nnnnnddddd", fcvta_int),
    row!("{S,U}CVTF (scalar, integer)", "s0011110tt10001u000000nnnnnddddd", cvtf_int),
    row!("FMOV (general)", "s0011110tt1rr11o000000nnnnnddddd", fmov_general),
    row!("FCVTZ{S,U} (scalar, fixed-point)", "s0011110tt01100uccccccnnnnnddddd", fcvtz_fixed),
    row!("{S,U}CVTF (scalar, fixed-point)", "s0011110tt00001uccccccnnnnnddddd", cvtf_fixed),
];

/// The rounding an FCVT<x> instruction's `rmode` field names (N, P, M, Z).
pub(crate) fn rmode_rounding(rmode: u32) -> Rounding {
    match rmode {
        0b00 => Rounding::TieEven,
        0b01 => Rounding::PosInf,
        0b10 => Rounding::NegInf,
        _ => Rounding::Zero,
    }
}

/// Fraction bits of a fixed-point form: `64 - scale`, where a 32-bit integer needs
/// `scale >= 32` (at most 32 fraction bits).
fn fixed_fbits(f: Fields) -> Result<u32, Undefined> {
    let scale = f.get('c');
    if !f.bit('s') && scale < 32 {
        return Err(Undefined);
    }
    Ok(64 - scale)
}

/// `Rd = FPToFixed(Vn, fbits, unsigned, rounding)` as a W or X register.
fn to_gpr(t: &mut Tr, f: Fields, rounding: Rounding, fbits: u32) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let v = t.fp_scalar(sz, f.reg('n'));
    let ctl = Ctl::lanes(1)
        .round(rounding)
        .flag(f.bit('u'))
        .wide(f.bit('s'))
        .fbits(fbits);
    let c = t.fp_ctl(ctl);
    let r = t.fp_call(&FCVT_GPR, sz, &[v, c]);
    t.set_reg(f.reg('d'), r);
    Ok(())
}

/// `Vd = FixedToFP(Rn, fbits, unsigned)`, rounding as FPCR says.
fn from_gpr(t: &mut Tr, f: Fields, fbits: u32) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    let sf = f.bit('s');
    let x = t.reg(sf, f.reg('n'));
    let x = t.widen(x);
    let c = t.fp_ctl(Ctl::lanes(1).flag(f.bit('u')).wide(sf).fbits(fbits));
    let r = t.fp_call(&CVTF_GPR, sz, &[x, c]);
    t.set_v_lo(f.reg('d'), r);
    Ok(())
}

fn fcvt_int(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    to_gpr(t, f, rmode_rounding(f.get('r')), 0)
}

fn fcvta_int(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    to_gpr(t, f, Rounding::TieAway, 0)
}

fn cvtf_int(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    from_gpr(t, f, 0)
}

fn fcvtz_fixed(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let fbits = fixed_fbits(f)?;
    to_gpr(t, f, Rounding::Zero, fbits)
}

fn cvtf_fixed(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let fbits = fixed_fbits(f)?;
    from_gpr(t, f, fbits)
}

/// Bit copies between general and FP registers. Allocated (in Armv8.0): W<->S (sf=0,
/// ftype=00), X<->D (sf=1, ftype=01), both with rmode=00; and X<->V.D[1] (sf=1,
/// ftype=10, rmode=01), whose write leaves the low half of Vd alone.
fn fmov_general(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (d, n) = (f.reg('d'), f.reg('n'));
    let to_fp = f.bit('o');
    match (f.bit('s'), f.get('t'), f.get('r')) {
        (false, 0b00, 0b00) | (true, 0b01, 0b00) => {
            let sz = if f.bit('s') { Fsz::D } else { Fsz::S };
            if to_fp {
                let x = t.reg(f.bit('s'), n);
                let x = t.widen(x);
                t.set_v_lo(d, x);
            } else {
                let v = t.fp_scalar(sz, n);
                t.set_reg(d, v);
            }
        }
        (true, 0b10, 0b01) => {
            if to_fp {
                let x = t.x(n);
                let v = t.v(d);
                let lo = t.b.vlo(v);
                let r = t.b.vmake(lo, x);
                t.set_v(d, r);
            } else {
                let v = t.v(n);
                let hi = t.b.vhi(v);
                t.set_reg(d, hi);
            }
        }
        _ => return Err(Undefined),
    }
    Ok(())
}
