//! AdvSIMD scalar three same and scalar three different (integer): the vector
//! handlers on element 0. Compares, non-saturating shifts and ADD/SUB exist only for
//! 64-bit elements; SQDMULH/SQRDMULH and the doubling long forms only for 16 and 32.
//! The FP rows of these groups belong to the fp group.

use super::ops::*;
use super::saturate::*;
use super::three_different::{widening, Acc};
use super::three_same::elementwise;
use super::vreg::Shape;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("SQADD (scalar)", "01011110zz1mmmmm000011nnnnnddddd", |t, f| elementwise(t, f, &SQADD, Shape::Scalar)),
    row!("UQADD (scalar)", "01111110zz1mmmmm000011nnnnnddddd", |t, f| elementwise(t, f, &UQADD, Shape::Scalar)),
    row!("SQSUB (scalar)", "01011110zz1mmmmm001011nnnnnddddd", |t, f| elementwise(t, f, &SQSUB, Shape::Scalar)),
    row!("UQSUB (scalar)", "01111110zz1mmmmm001011nnnnnddddd", |t, f| elementwise(t, f, &UQSUB, Shape::Scalar)),
    row!("CMGT (register, scalar)", "01011110zz1mmmmm001101nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &CMGT, Shape::Scalar) }),
    row!("CMHI (register, scalar)", "01111110zz1mmmmm001101nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &CMHI, Shape::Scalar) }),
    row!("CMGE (register, scalar)", "01011110zz1mmmmm001111nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &CMGE, Shape::Scalar) }),
    row!("CMHS (register, scalar)", "01111110zz1mmmmm001111nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &CMHS, Shape::Scalar) }),
    row!("SSHL (scalar)", "01011110zz1mmmmm010001nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &SSHL, Shape::Scalar) }),
    row!("USHL (scalar)", "01111110zz1mmmmm010001nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &USHL, Shape::Scalar) }),
    row!("SQSHL (register, scalar)", "01011110zz1mmmmm010011nnnnnddddd", |t, f| elementwise(t, f, &SQSHL, Shape::Scalar)),
    row!("UQSHL (register, scalar)", "01111110zz1mmmmm010011nnnnnddddd", |t, f| elementwise(t, f, &UQSHL, Shape::Scalar)),
    row!("SRSHL (scalar)", "01011110zz1mmmmm010101nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &SRSHL, Shape::Scalar) }),
    row!("URSHL (scalar)", "01111110zz1mmmmm010101nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &URSHL, Shape::Scalar) }),
    row!("SQRSHL (scalar)", "01011110zz1mmmmm010111nnnnnddddd", |t, f| elementwise(t, f, &SQRSHL, Shape::Scalar)),
    row!("UQRSHL (scalar)", "01111110zz1mmmmm010111nnnnnddddd", |t, f| elementwise(t, f, &UQRSHL, Shape::Scalar)),
    row!("ADD (scalar)", "01011110zz1mmmmm100001nnnnnddddd", |t, f| { d_only(f)?; add_sub_d(t, f, false) }),
    row!("SUB (scalar)", "01111110zz1mmmmm100001nnnnnddddd", |t, f| { d_only(f)?; add_sub_d(t, f, true) }),
    row!("CMTST (scalar)", "01011110zz1mmmmm100011nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &CMTST, Shape::Scalar) }),
    row!("CMEQ (register, scalar)", "01111110zz1mmmmm100011nnnnnddddd", |t, f| { d_only(f)?; elementwise(t, f, &CMEQ, Shape::Scalar) }),
    row!("SQDMULH (scalar)", "01011110zz1mmmmm101101nnnnnddddd", |t, f| elementwise(t, f, &SQDMULH, Shape::Scalar)),
    row!("SQRDMULH (scalar)", "01111110zz1mmmmm101101nnnnnddddd", |t, f| elementwise(t, f, &SQRDMULH, Shape::Scalar)),
    row!("SQDMLAL (scalar)", "01011110zz1mmmmm100100nnnnnddddd", |t, f| widening(t, f, &SQDMULL, Some(Acc::SatAdd), Shape::Scalar, None)),
    row!("SQDMLSL (scalar)", "01011110zz1mmmmm101100nnnnnddddd", |t, f| widening(t, f, &SQDMULL, Some(Acc::SatSub), Shape::Scalar, None)),
    row!("SQDMULL (scalar)", "01011110zz1mmmmm110100nnnnnddddd", |t, f| widening(t, f, &SQDMULL, None, Shape::Scalar, None)),
];

/// Undefined unless size = 11 (64-bit elements).
pub(super) fn d_only(f: Fields) -> Result<(), Undefined> {
    if f.get('z') == 3 {
        Ok(())
    } else {
        Err(Undefined)
    }
}

/// ADD/SUB (scalar): one 64-bit add, inline.
fn add_sub_d(t: &mut Tr, f: Fields, sub: bool) -> Result<(), Undefined> {
    let n = t.v(f.reg('n'));
    let m = t.v(f.reg('m'));
    let (n, m) = (t.b.vlo(n), t.b.vlo(m));
    let r = if sub { t.b.sub(n, m) } else { t.b.add(n, m) };
    t.set_v_lo(f.reg('d'), r);
    Ok(())
}
