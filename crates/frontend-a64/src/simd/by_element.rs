//! AdvSIMD vector by element (integer): a vector operated on with one element of Vm
//! in every lane, and the scalar by element group (element 0 of Vn with one element of
//! Vm). The FP rows of these groups belong to the fp group.

use super::lanes::Sized;
use super::ops::*;
use super::saturate::*;
use super::three_different::{widening, Acc};
use super::vreg::{add_v, dup, dup_word, elem, elem_scalar, esize, pick, Shape};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("MLA (by element)", "0q101111zzlmmmmm0000h0nnnnnddddd", |t, f| by_element(t, f, &MUL, Some(false), Shape::vector(f))),
    row!("MLS (by element)", "0q101111zzlmmmmm0100h0nnnnnddddd", |t, f| by_element(t, f, &MUL, Some(true), Shape::vector(f))),
    row!("MUL (by element)", "0q001111zzlmmmmm1000h0nnnnnddddd", |t, f| by_element(t, f, &MUL, None, Shape::vector(f))),
    row!("SMLAL (by element)", "0q001111zzlmmmmm0010h0nnnnnddddd", |t, f| long_by_element(t, f, &SMULL, Some(Acc::Add), Shape::vector(f))),
    row!("UMLAL (by element)", "0q101111zzlmmmmm0010h0nnnnnddddd", |t, f| long_by_element(t, f, &UMULL, Some(Acc::Add), Shape::vector(f))),
    row!("SMLSL (by element)", "0q001111zzlmmmmm0110h0nnnnnddddd", |t, f| long_by_element(t, f, &SMULL, Some(Acc::Sub), Shape::vector(f))),
    row!("UMLSL (by element)", "0q101111zzlmmmmm0110h0nnnnnddddd", |t, f| long_by_element(t, f, &UMULL, Some(Acc::Sub), Shape::vector(f))),
    row!("SMULL (by element)", "0q001111zzlmmmmm1010h0nnnnnddddd", |t, f| long_by_element(t, f, &SMULL, None, Shape::vector(f))),
    row!("UMULL (by element)", "0q101111zzlmmmmm1010h0nnnnnddddd", |t, f| long_by_element(t, f, &UMULL, None, Shape::vector(f))),
    row!("SQDMLAL (by element)", "0q001111zzlmmmmm0011h0nnnnnddddd", |t, f| long_by_element(t, f, &SQDMULL, Some(Acc::SatAdd), Shape::vector(f))),
    row!("SQDMLSL (by element)", "0q001111zzlmmmmm0111h0nnnnnddddd", |t, f| long_by_element(t, f, &SQDMULL, Some(Acc::SatSub), Shape::vector(f))),
    row!("SQDMULL (by element)", "0q001111zzlmmmmm1011h0nnnnnddddd", |t, f| long_by_element(t, f, &SQDMULL, None, Shape::vector(f))),
    row!("SQDMULH (by element)", "0q001111zzlmmmmm1100h0nnnnnddddd", |t, f| by_element(t, f, &SQDMULH, None, Shape::vector(f))),
    row!("SQRDMULH (by element)", "0q001111zzlmmmmm1101h0nnnnnddddd", |t, f| by_element(t, f, &SQRDMULH, None, Shape::vector(f))),
];

pub(crate) const SCALAR_ROWS: &[Row] = &[
    row!("SQDMLAL (by element, scalar)", "01011111zzlmmmmm0011h0nnnnnddddd", |t, f| long_by_element(t, f, &SQDMULL, Some(Acc::SatAdd), Shape::Scalar)),
    row!("SQDMLSL (by element, scalar)", "01011111zzlmmmmm0111h0nnnnnddddd", |t, f| long_by_element(t, f, &SQDMULL, Some(Acc::SatSub), Shape::Scalar)),
    row!("SQDMULL (by element, scalar)", "01011111zzlmmmmm1011h0nnnnnddddd", |t, f| long_by_element(t, f, &SQDMULL, None, Shape::Scalar)),
    row!("SQDMULH (by element, scalar)", "01011111zzlmmmmm1100h0nnnnnddddd", |t, f| by_element(t, f, &SQDMULH, None, Shape::Scalar)),
    row!("SQRDMULH (by element, scalar)", "01011111zzlmmmmm1101h0nnnnnddddd", |t, f| by_element(t, f, &SQRDMULH, None, Shape::Scalar)),
];

/// The size, element index and Vm of a form: 16-bit elements are indexed by H:L:M and
/// can come only from V0-V15; 32-bit elements are indexed by H:L. Other sizes have no
/// integer forms.
fn index(f: Fields) -> Result<(u32, u32, u8), Undefined> {
    let (h, l, m) = (f.get('h'), f.get('l'), f.get('m'));
    match f.get('z') {
        1 => Ok((1, h << 2 | l << 1 | m >> 4, (m & 0xf) as u8)),
        2 => Ok((2, h << 1 | l, m as u8)),
        _ => Err(Undefined),
    }
}

/// Vd = op(Vn, Vm[index]), plus (or, if `Some(true)`, minus) Vd when accumulating.
fn by_element(t: &mut Tr, f: Fields, family: &'static Sized, acc: Option<bool>, shape: Shape) -> Result<(), Undefined> {
    let (size, i, m) = index(f)?;
    let h = pick(family, size)?;
    let e = esize(size);
    let n = shape.operand(t, f.reg('n'), e);
    let mv = match shape {
        Shape::Vector { .. } => dup(t, m, e, i),
        Shape::Scalar => elem_scalar(t, m, e, i),
    };
    let x = t.b.call(h, &[n, mv]);
    let r = match acc {
        Some(sub) => {
            let d = shape.operand(t, f.reg('d'), e);
            add_v(t, e, d, x, sub)
        }
        None => x,
    };
    shape.result(t, f.reg('d'), e, r);
    Ok(())
}

/// The widening forms: as three different, with Vm[index] as the second operand.
fn long_by_element(t: &mut Tr, f: Fields, family: &'static Sized, acc: Option<Acc>, shape: Shape) -> Result<(), Undefined> {
    let (_, i, m) = index(f)?;
    let e = esize(f.get('z'));
    let mv = match shape {
        Shape::Vector { .. } => dup_word(t, m, e, i),
        Shape::Scalar => elem(t, m, e, i),
    };
    widening(t, f, family, acc, shape, Some(mv))
}
