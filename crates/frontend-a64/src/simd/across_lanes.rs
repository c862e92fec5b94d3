//! AdvSIMD across lanes (integer): reductions of a whole vector to a scalar. The FP
//! reductions of this group belong to the fp group.

use super::lanes::Sized;
use super::ops::*;
use super::vreg::{esize, pick, scalar_out64};
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("SADDLV", "0q001110zz110000001110nnnnnddddd", |t, f| reduce(t, f, &SADDLV, true)),
    row!("UADDLV", "0q101110zz110000001110nnnnnddddd", |t, f| reduce(t, f, &UADDLV, true)),
    row!("SMAXV", "0q001110zz110000101010nnnnnddddd", |t, f| reduce(t, f, &SMAXV, false)),
    row!("UMAXV", "0q101110zz110000101010nnnnnddddd", |t, f| reduce(t, f, &UMAXV, false)),
    row!("SMINV", "0q001110zz110001101010nnnnnddddd", |t, f| reduce(t, f, &SMINV, false)),
    row!("UMINV", "0q101110zz110001101010nnnnnddddd", |t, f| reduce(t, f, &UMINV, false)),
    row!("ADDV", "0q001110zz110001101110nnnnnddddd", |t, f| reduce(t, f, &ADDV, false)),
];

/// Reduces the elements of Vn to element 0 of Vd (of twice the size if `long`).
fn reduce(t: &mut Tr, f: Fields, family: &'static Sized, long: bool) -> Result<(), Undefined> {
    let (q, size) = (f.bit('q'), f.get('z'));
    // A reduction needs at least four elements: there is no 2S form.
    if size == 2 && !q {
        return Err(Undefined);
    }
    let h = pick(family, size)?;
    let e = esize(size);
    let lanes = if q { 128 / e } else { 64 / e };
    let n = t.v(f.reg('n'));
    let count = t.b.c32(lanes);
    let r = t.b.call(h, &[n, count]);
    scalar_out64(t, f.reg('d'), if long { 2 * e } else { e }, r);
    Ok(())
}
