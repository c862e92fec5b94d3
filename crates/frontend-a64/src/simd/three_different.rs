//! AdvSIMD three different: the widening (long), wide and narrowing (high half)
//! operations, whose operands and result have different element sizes. The "2" forms
//! (Q=1) read the upper halves of their narrow operands or write the upper half of a
//! narrow result. The widening handler also serves the scalar three different and the
//! by-element groups.

use super::lanes::Sized;
use super::ops::*;
use super::saturate::*;
use super::vreg::{add_v, esize, half, narrow_out, pick, Shape};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Value;

pub(crate) const ROWS: &[Row] = &[
    row!("SADDL", "0q001110zz1mmmmm000000nnnnnddddd", |t, f| long(t, f, &SADDL, None)),
    row!("UADDL", "0q101110zz1mmmmm000000nnnnnddddd", |t, f| long(t, f, &UADDL, None)),
    row!("SADDW", "0q001110zz1mmmmm000100nnnnnddddd", |t, f| wide(t, f, &SADDW)),
    row!("UADDW", "0q101110zz1mmmmm000100nnnnnddddd", |t, f| wide(t, f, &UADDW)),
    row!("SSUBL", "0q001110zz1mmmmm001000nnnnnddddd", |t, f| long(t, f, &SSUBL, None)),
    row!("USUBL", "0q101110zz1mmmmm001000nnnnnddddd", |t, f| long(t, f, &USUBL, None)),
    row!("SSUBW", "0q001110zz1mmmmm001100nnnnnddddd", |t, f| wide(t, f, &SSUBW)),
    row!("USUBW", "0q101110zz1mmmmm001100nnnnnddddd", |t, f| wide(t, f, &USUBW)),
    row!("ADDHN", "0q001110zz1mmmmm010000nnnnnddddd", |t, f| high_narrow(t, f, &ADDHN)),
    row!("RADDHN", "0q101110zz1mmmmm010000nnnnnddddd", |t, f| high_narrow(t, f, &RADDHN)),
    row!("SABAL", "0q001110zz1mmmmm010100nnnnnddddd", |t, f| long(t, f, &SABDL, Some(Acc::Add))),
    row!("UABAL", "0q101110zz1mmmmm010100nnnnnddddd", |t, f| long(t, f, &UABDL, Some(Acc::Add))),
    row!("SUBHN", "0q001110zz1mmmmm011000nnnnnddddd", |t, f| high_narrow(t, f, &SUBHN)),
    row!("RSUBHN", "0q101110zz1mmmmm011000nnnnnddddd", |t, f| high_narrow(t, f, &RSUBHN)),
    row!("SABDL", "0q001110zz1mmmmm011100nnnnnddddd", |t, f| long(t, f, &SABDL, None)),
    row!("UABDL", "0q101110zz1mmmmm011100nnnnnddddd", |t, f| long(t, f, &UABDL, None)),
    row!("SMLAL (vector)", "0q001110zz1mmmmm100000nnnnnddddd", |t, f| long(t, f, &SMULL, Some(Acc::Add))),
    row!("UMLAL (vector)", "0q101110zz1mmmmm100000nnnnnddddd", |t, f| long(t, f, &UMULL, Some(Acc::Add))),
    row!("SQDMLAL (vector)", "0q001110zz1mmmmm100100nnnnnddddd", |t, f| long(t, f, &SQDMULL, Some(Acc::SatAdd))),
    row!("SMLSL (vector)", "0q001110zz1mmmmm101000nnnnnddddd", |t, f| long(t, f, &SMULL, Some(Acc::Sub))),
    row!("UMLSL (vector)", "0q101110zz1mmmmm101000nnnnnddddd", |t, f| long(t, f, &UMULL, Some(Acc::Sub))),
    row!("SQDMLSL (vector)", "0q001110zz1mmmmm101100nnnnnddddd", |t, f| long(t, f, &SQDMULL, Some(Acc::SatSub))),
    row!("SMULL (vector)", "0q001110zz1mmmmm110000nnnnnddddd", |t, f| long(t, f, &SMULL, None)),
    row!("UMULL (vector)", "0q101110zz1mmmmm110000nnnnnddddd", |t, f| long(t, f, &UMULL, None)),
    row!("SQDMULL (vector)", "0q001110zz1mmmmm110100nnnnnddddd", |t, f| long(t, f, &SQDMULL, None)),
    row!("PMULL", "0q001110zz1mmmmm111000nnnnnddddd", |t, f| pmull(t, f)),
];

/// How a widening result is combined with the accumulator Vd.
#[derive(Clone, Copy, Debug)]
pub(super) enum Acc {
    Add,
    Sub,
    /// Signed saturating (SQDMLAL).
    SatAdd,
    /// Signed saturating (SQDMLSL).
    SatSub,
}

fn long(t: &mut Tr, f: Fields, family: &'static Sized, acc: Option<Acc>) -> Result<(), Undefined> {
    widening(t, f, family, acc, Shape::vector(f), None)
}

/// Vd = op(narrow Vn, narrow Vm) with 2E-bit results, optionally accumulated into Vd.
/// `m` is the I64 second operand when the form supplies it (by element), else Vm.
pub(super) fn widening(
    t: &mut Tr,
    f: Fields,
    family: &'static Sized,
    acc: Option<Acc>,
    shape: Shape,
    m: Option<Value>,
) -> Result<(), Undefined> {
    let size = f.get('z');
    let h = pick(family, size)?;
    let e = esize(size);
    let a = shape.narrow_operand(t, f.reg('n'), e);
    let b = match m {
        Some(m) => m,
        None => shape.narrow_operand(t, f.reg('m'), e),
    };
    let x = t.b.call(h, &[a, b]);
    let r = match acc {
        None => x,
        Some(acc) => {
            let d = shape.long_acc(t, f.reg('d'), e);
            match acc {
                Acc::Add => add_v(t, 2 * e, d, x, false),
                Acc::Sub => add_v(t, 2 * e, d, x, true),
                Acc::SatAdd => {
                    let sq = pick(&SQADD, size + 1)?;
                    t.b.call(sq, &[d, x])
                }
                Acc::SatSub => {
                    let sq = pick(&SQSUB, size + 1)?;
                    t.b.call(sq, &[d, x])
                }
            }
        }
    };
    shape.long_result(t, f.reg('d'), e, r);
    Ok(())
}

/// SADDW and friends: Vd = Vn (2E-bit elements) op narrow Vm.
fn wide(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    let h = pick(family, size)?;
    let a = t.v(f.reg('n'));
    let b = half(t, f.reg('m'), q);
    let r = t.b.call(h, &[a, b]);
    t.set_v(f.reg('d'), r);
    Ok(())
}

/// ADDHN and friends: the high halves of 2E-bit sums or differences, narrowed.
fn high_narrow(t: &mut Tr, f: Fields, family: &'static Sized) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    let h = pick(family, size)?;
    let a = t.v(f.reg('n'));
    let b = t.v(f.reg('m'));
    let r = t.b.call(h, &[a, b]);
    narrow_out(t, f.reg('d'), q, r);
    Ok(())
}

/// PMULL/PMULL2: 8-bit polynomial elements (size 00), or one 64-bit polynomial
/// (size 11, part of the Crypto extension; the perm group provides the helper and
/// advertises HWCAP_PMULL).
fn pmull(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    let h = match size {
        0 => pick(&PMULL, 0)?,
        3 => &super::perm::PMULL64,
        _ => return Err(Undefined),
    };
    let a = half(t, f.reg('n'), q);
    let b = half(t, f.reg('m'), q);
    let r = t.b.call(h, &[a, b]);
    t.set_v(f.reg('d'), r);
    Ok(())
}
