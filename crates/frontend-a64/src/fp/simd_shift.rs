//! The FP conversions of AdvSIMD (scalar) shift by immediate: SCVTF/UCVTF and
//! FCVTZS/FCVTZU with #fbits. The element size comes from immh: 01xx single, 1xxx
//! double (001x is half precision, FEAT_FP16; 0000 is another group), so the rows fix
//! the leading bits of immh and `i` is the rest of immh:immb.

use super::helpers::{CVTF_INT, FCVT_INT};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;
use crossrun_softfp::Rounding;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("{S,U}CVTF (vector, fixed-point, single)", "0qu01111001iiiii111001nnnnnddddd", |t, f| fixed(t, f, Fsz::S, false)),
    row!("{S,U}CVTF (vector, fixed-point, double)", "0qu0111101iiiiii111001nnnnnddddd", |t, f| fixed(t, f, Fsz::D, false)),
    row!("FCVTZ{S,U} (vector, fixed-point, single)", "0qu01111001iiiii111111nnnnnddddd", |t, f| fixed(t, f, Fsz::S, true)),
    row!("FCVTZ{S,U} (vector, fixed-point, double)", "0qu0111101iiiiii111111nnnnnddddd", |t, f| fixed(t, f, Fsz::D, true)),
    row!("{S,U}CVTF (scalar, fixed-point, single)", "01u11111001iiiii111001nnnnnddddd", |t, f| fixed_scalar(t, f, Fsz::S, false)),
    row!("{S,U}CVTF (scalar, fixed-point, double)", "01u1111101iiiiii111001nnnnnddddd", |t, f| fixed_scalar(t, f, Fsz::D, false)),
    row!("FCVTZ{S,U} (scalar, fixed-point, single)", "01u11111001iiiii111111nnnnnddddd", |t, f| fixed_scalar(t, f, Fsz::S, true)),
    row!("FCVTZ{S,U} (scalar, fixed-point, double)", "01u1111101iiiiii111111nnnnnddddd", |t, f| fixed_scalar(t, f, Fsz::D, true)),
];

/// `fracbits = 2 * esize - UInt(immh:immb)`, where immh:immb = esize + i.
fn convert(t: &mut Tr, f: Fields, sz: Fsz, to_int: bool, lanes: u32) {
    let fbits = sz.bits() - f.get('i');
    let (op, ctl): (&'static [Helper; 2], Ctl) = if to_int {
        (&FCVT_INT, Ctl::lanes(lanes).round(Rounding::Zero))
    } else {
        (&CVTF_INT, Ctl::lanes(lanes))
    };
    t.fp_unary(
        op,
        sz,
        ctl.flag(f.bit('u')).fbits(fbits),
        f.reg('d'),
        f.reg('n'),
    );
}

fn fixed(t: &mut Tr, f: Fields, sz: Fsz, to_int: bool) -> Result<(), Undefined> {
    let lanes = sz.vector_lanes(f.bit('q'))?;
    convert(t, f, sz, to_int, lanes);
    Ok(())
}

fn fixed_scalar(t: &mut Tr, f: Fields, sz: Fsz, to_int: bool) -> Result<(), Undefined> {
    convert(t, f, sz, to_int, 1);
    Ok(())
}
