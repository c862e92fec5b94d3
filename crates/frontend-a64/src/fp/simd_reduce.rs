//! FP reductions: AdvSIMD across lanes (FMAXV, FMINV, FMAXNMV, FMINNMV; 4S only) and
//! AdvSIMD scalar pairwise (FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP). Both evaluate in the
//! Arm ARM's order: `Reduce` combines the reduced low and high halves, the scalar
//! pairwise forms compute `op(Vn[0], Vn[1])`.

use super::helpers::{FADD, FMAX, FMAXNM, FMIN, FMINNM};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FMAXNMV", "0q1011100z110000110010nnnnnddddd", |t, f| across(t, f, &FMAXNM)),
    row!("FMINNMV", "0q1011101z110000110010nnnnnddddd", |t, f| across(t, f, &FMINNM)),
    row!("FMAXV", "0q1011100z110000111110nnnnnddddd", |t, f| across(t, f, &FMAX)),
    row!("FMINV", "0q1011101z110000111110nnnnnddddd", |t, f| across(t, f, &FMIN)),
    row!("FMAXNMP (scalar)", "011111100z110000110010nnnnnddddd", |t, f| pairwise(t, f, &FMAXNM)),
    row!("FADDP (scalar)", "011111100z110000110110nnnnnddddd", |t, f| pairwise(t, f, &FADD)),
    row!("FMAXP (scalar)", "011111100z110000111110nnnnnddddd", |t, f| pairwise(t, f, &FMAX)),
    row!("FMINNMP (scalar)", "011111101z110000110010nnnnnddddd", |t, f| pairwise(t, f, &FMINNM)),
    row!("FMINP (scalar)", "011111101z110000111110nnnnnddddd", |t, f| pairwise(t, f, &FMIN)),
];

/// Only the 4S arrangement exists (Q=0 or sz=1 is reserved).
fn across(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    if !f.bit('q') || f.bit('z') {
        return Err(Undefined);
    }
    let n = f.reg('n');
    t.fp_binary(op, Fsz::S, Ctl::lanes(4).reduce(), f.reg('d'), n, n);
    Ok(())
}

fn pairwise(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let n = f.reg('n');
    t.fp_binary(
        op,
        Fsz::from_sz(f.bit('z')),
        Ctl::lanes(1).pairwise(),
        f.reg('d'),
        n,
        n,
    );
    Ok(())
}
