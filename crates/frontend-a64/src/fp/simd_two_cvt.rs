//! The conversions of AdvSIMD two-register miscellaneous and its scalar counterpart:
//! FCVT{N,M,A,P,Z}{S,U}, SCVTF/UCVTF (integer), FCVTL(2), FCVTN(2), FCVTXN(2). Each row
//! fixes size<1> and the opcode; `u` (the U bit) selects unsigned, `z` is size<0>.

use super::helpers::{CVTF_INT, CVT_D_S, CVT_H_S, CVT_S_D, CVT_S_H, FCVT_INT};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Helper, Value};
use crossrun_softfp::Rounding;

use Rounding::{NegInf, PosInf, TieAway, TieEven, Zero};

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FCVTN{S,U} (vector)", "0qu011100z100001101010nnnnnddddd", |t, f| to_int(t, f, TieEven, false)),
    row!("FCVTM{S,U} (vector)", "0qu011100z100001101110nnnnnddddd", |t, f| to_int(t, f, NegInf, false)),
    row!("FCVTA{S,U} (vector)", "0qu011100z100001110010nnnnnddddd", |t, f| to_int(t, f, TieAway, false)),
    row!("{S,U}CVTF (vector, integer)", "0qu011100z100001110110nnnnnddddd", |t, f| from_int(t, f, false)),
    row!("FCVTP{S,U} (vector)", "0qu011101z100001101010nnnnnddddd", |t, f| to_int(t, f, PosInf, false)),
    row!("FCVTZ{S,U} (vector, integer)", "0qu011101z100001101110nnnnnddddd", |t, f| to_int(t, f, Zero, false)),
    row!("FCVTN{S,U} (scalar)", "01u111100z100001101010nnnnnddddd", |t, f| to_int(t, f, TieEven, true)),
    row!("FCVTM{S,U} (scalar)", "01u111100z100001101110nnnnnddddd", |t, f| to_int(t, f, NegInf, true)),
    row!("FCVTA{S,U} (scalar)", "01u111100z100001110010nnnnnddddd", |t, f| to_int(t, f, TieAway, true)),
    row!("{S,U}CVTF (scalar, integer)", "01u111100z100001110110nnnnnddddd", |t, f| from_int(t, f, true)),
    row!("FCVTP{S,U} (scalar)", "01u111101z100001101010nnnnnddddd", |t, f| to_int(t, f, PosInf, true)),
    row!("FCVTZ{S,U} (scalar, integer)", "01u111101z100001101110nnnnnddddd", |t, f| to_int(t, f, Zero, true)),
    row!("FCVTN, FCVTN2", "0q0011100z100001011010nnnnnddddd", |t, f| narrow(t, f, false)),
    row!("FCVTXN, FCVTXN2 (vector)", "0q1011100z100001011010nnnnnddddd", |t, f| narrow(t, f, true)),
    row!("FCVTL, FCVTL2", "0q0011100z100001011110nnnnnddddd", fcvtl),
    row!("FCVTXN (scalar)", "011111100z100001011010nnnnnddddd", fcvtxn_scalar),
];

/// Lanes of the form: one for the scalar forms.
fn lanes(f: Fields, scalar: bool) -> Result<(Fsz, u32), Undefined> {
    let sz = Fsz::from_sz(f.bit('z'));
    Ok((
        sz,
        if scalar {
            1
        } else {
            sz.vector_lanes(f.bit('q'))?
        },
    ))
}

/// FPToFixed into same-width integer lanes.
fn to_int(t: &mut Tr, f: Fields, rounding: Rounding, scalar: bool) -> Result<(), Undefined> {
    let (sz, n) = lanes(f, scalar)?;
    let ctl = Ctl::lanes(n).round(rounding).flag(f.bit('u'));
    t.fp_unary(&FCVT_INT, sz, ctl, f.reg('d'), f.reg('n'));
    Ok(())
}

/// FixedToFP from same-width integer lanes, rounding as FPCR says.
fn from_int(t: &mut Tr, f: Fields, scalar: bool) -> Result<(), Undefined> {
    let (sz, n) = lanes(f, scalar)?;
    t.fp_unary(
        &CVTF_INT,
        sz,
        Ctl::lanes(n).flag(f.bit('u')),
        f.reg('d'),
        f.reg('n'),
    );
    Ok(())
}

/// Converts the lanes of `src` with `op`; the result's unused lanes are zero.
fn convert(t: &mut Tr, op: &'static Helper, src: Value, ctl: Ctl) -> Value {
    let c = t.fp_ctl(ctl);
    t.b.call(op, &[src, c])
}

/// Writes a 64-bit narrow result to the low half of Vd (zeroing the high half), or for
/// the "2" forms (Q=1) to the high half, keeping the low half.
fn write_part(t: &mut Tr, d: u8, upper: bool, r: Value) {
    let narrow = t.b.vlo(r);
    if upper {
        let old = t.v(d);
        let lo = t.b.vlo(old);
        let v = t.b.vmake(lo, narrow);
        t.set_v(d, v);
    } else {
        t.set_v_lo(d, narrow);
    }
}

/// FCVTN: 4S -> 4H (sz=0) or 2D -> 2S (sz=1) with FPCR rounding; FCVTXN: 2D -> 2S
/// rounding to odd (sz=0 is reserved).
fn narrow(t: &mut Tr, f: Fields, to_odd: bool) -> Result<(), Undefined> {
    let (op, ctl) = match (f.bit('z'), to_odd) {
        (false, false) => (&CVT_H_S, Ctl::lanes(4)),
        (true, false) => (&CVT_S_D, Ctl::lanes(2)),
        (true, true) => (&CVT_S_D, Ctl::lanes(2).round(Rounding::Odd)),
        (false, true) => return Err(Undefined),
    };
    let vn = t.v(f.reg('n'));
    let r = convert(t, op, vn, ctl);
    write_part(t, f.reg('d'), f.bit('q'), r);
    Ok(())
}

/// FCVTL: the low (Q=0) or high (FCVTL2) half of Vn, 4H -> 4S or 2S -> 2D.
fn fcvtl(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (op, ctl) = if f.bit('z') {
        (&CVT_D_S, Ctl::lanes(2))
    } else {
        (&CVT_S_H, Ctl::lanes(4))
    };
    let vn = t.v(f.reg('n'));
    let part = if f.bit('q') { t.b.vhi(vn) } else { t.b.vlo(vn) };
    let zero = t.b.c64(0);
    let src = t.b.vmake(part, zero);
    let r = convert(t, op, src, ctl);
    t.set_v(f.reg('d'), r);
    Ok(())
}

/// FCVTXN Sd, Dn (sz=0 is reserved).
fn fcvtxn_scalar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    if !f.bit('z') {
        return Err(Undefined);
    }
    let vn = t.v(f.reg('n'));
    let r = convert(t, &CVT_S_D, vn, Ctl::lanes(1).round(Rounding::Odd));
    t.set_v(f.reg('d'), r);
    Ok(())
}
