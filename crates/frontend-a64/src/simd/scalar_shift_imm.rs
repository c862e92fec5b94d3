//! AdvSIMD scalar shift by immediate: the shift by immediate handlers on element 0.
//! The non-saturating shifts and inserts exist only for 64-bit elements; the
//! narrowing ones narrow from at most 64 bits.

use super::ops::*;
use super::saturate::*;
use super::shift_imm::{insert, shift_left, shift_narrow, shift_right};
use super::vreg::Shape;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::Undefined;

pub(crate) const ROWS: &[Row] = &[
    row!("SSHR (scalar)", "010111110iiiiiii000001nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &SSHL, false, Shape::Scalar) }),
    row!("USHR (scalar)", "011111110iiiiiii000001nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &USHL, false, Shape::Scalar) }),
    row!("SSRA (scalar)", "010111110iiiiiii000101nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &SSHL, true, Shape::Scalar) }),
    row!("USRA (scalar)", "011111110iiiiiii000101nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &USHL, true, Shape::Scalar) }),
    row!("SRSHR (scalar)", "010111110iiiiiii001001nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &SRSHL, false, Shape::Scalar) }),
    row!("URSHR (scalar)", "011111110iiiiiii001001nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &URSHL, false, Shape::Scalar) }),
    row!("SRSRA (scalar)", "010111110iiiiiii001101nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &SRSHL, true, Shape::Scalar) }),
    row!("URSRA (scalar)", "011111110iiiiiii001101nnnnnddddd", |t, f| { d_only(f)?; shift_right(t, f, &URSHL, true, Shape::Scalar) }),
    row!("SRI (scalar)", "011111110iiiiiii010001nnnnnddddd", |t, f| { d_only(f)?; insert(t, f, false, Shape::Scalar) }),
    row!("SHL (scalar)", "010111110iiiiiii010101nnnnnddddd", |t, f| { d_only(f)?; shift_left(t, f, &USHL, Shape::Scalar) }),
    row!("SLI (scalar)", "011111110iiiiiii010101nnnnnddddd", |t, f| { d_only(f)?; insert(t, f, true, Shape::Scalar) }),
    row!("SQSHLU (scalar)", "011111110iiiiiii011001nnnnnddddd", |t, f| shift_left(t, f, &SQSHLU, Shape::Scalar)),
    row!("SQSHL (immediate, scalar)", "010111110iiiiiii011101nnnnnddddd", |t, f| shift_left(t, f, &SQSHL, Shape::Scalar)),
    row!("UQSHL (immediate, scalar)", "011111110iiiiiii011101nnnnnddddd", |t, f| shift_left(t, f, &UQSHL, Shape::Scalar)),
    row!("SQSHRUN (scalar)", "011111110iiiiiii100001nnnnnddddd", |t, f| shift_narrow(t, f, &SSHL, &SQXTUN, Shape::Scalar)),
    row!("SQRSHRUN (scalar)", "011111110iiiiiii100011nnnnnddddd", |t, f| shift_narrow(t, f, &SRSHL, &SQXTUN, Shape::Scalar)),
    row!("SQSHRN (scalar)", "010111110iiiiiii100101nnnnnddddd", |t, f| shift_narrow(t, f, &SSHL, &SQXTN, Shape::Scalar)),
    row!("UQSHRN (scalar)", "011111110iiiiiii100101nnnnnddddd", |t, f| shift_narrow(t, f, &USHL, &UQXTN, Shape::Scalar)),
    row!("SQRSHRN (scalar)", "010111110iiiiiii100111nnnnnddddd", |t, f| shift_narrow(t, f, &SRSHL, &SQXTN, Shape::Scalar)),
    row!("UQRSHRN (scalar)", "011111110iiiiiii100111nnnnnddddd", |t, f| shift_narrow(t, f, &URSHL, &UQXTN, Shape::Scalar)),
];

/// Undefined unless immh = 1xxx (64-bit elements).
fn d_only(f: Fields) -> Result<(), Undefined> {
    if f.get('i') >> 6 == 1 {
        Ok(())
    } else {
        Err(Undefined)
    }
}
