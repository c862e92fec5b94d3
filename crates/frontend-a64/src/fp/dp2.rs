//! Floating-point data-processing (2 source): FMUL, FDIV, FADD, FSUB, FMAX, FMIN,
//! FMAXNM, FMINNM, FNMUL; and (3 source): FMADD, FMSUB, FNMADD, FNMSUB.

use super::helpers::{
    FADD, FDIV, FMAX, FMAXNM, FMIN, FMINNM, FMLA, FMLS, FMUL, FNMADD, FNMSUB, FNMUL, FSUB,
};
use super::lanes::Ctl;
use super::Fsz;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

#[rustfmt::skip]
pub(crate) const ROWS: &[Row] = &[
    row!("FMUL (scalar)", "00011110tt1mmmmm000010nnnnnddddd", fmul),
    row!("FDIV (scalar)", "00011110tt1mmmmm000110nnnnnddddd", fdiv),
    row!("FADD (scalar)", "00011110tt1mmmmm001010nnnnnddddd", fadd),
    row!("FSUB (scalar)", "00011110tt1mmmmm001110nnnnnddddd", fsub),
    row!("FMAX (scalar)", "00011110tt1mmmmm010010nnnnnddddd", fmax),
    row!("FMIN (scalar)", "00011110tt1mmmmm010110nnnnnddddd", fmin),
    row!("FMAXNM (scalar)", "00011110tt1mmmmm011010nnnnnddddd", fmaxnm),
    row!("FMINNM (scalar)", "00011110tt1mmmmm011110nnnnnddddd", fminnm),
    row!("FNMUL (scalar)", "00011110tt1mmmmm100010nnnnnddddd", fnmul),
    row!("FMADD", "00011111tt0mmmmm0aaaaannnnnddddd", fmadd),
    row!("FMSUB", "00011111tt0mmmmm1aaaaannnnnddddd", fmsub),
    row!("FNMADD", "00011111tt1mmmmm0aaaaannnnnddddd", fnmadd),
    row!("FNMSUB", "00011111tt1mmmmm1aaaaannnnnddddd", fnmsub),
];

fn two_source(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    t.fp_binary(op, sz, Ctl::lanes(1), f.reg('d'), f.reg('n'), f.reg('m'));
    Ok(())
}

fn fmul(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FMUL)
}
fn fdiv(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FDIV)
}
fn fadd(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FADD)
}
fn fsub(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FSUB)
}
fn fmax(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FMAX)
}
fn fmin(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FMIN)
}
fn fmaxnm(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FMAXNM)
}
fn fminnm(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FMINNM)
}
fn fnmul(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    two_source(t, f, &FNMUL)
}

/// `FPMulAdd(Va, Vn, Vm)` with Va and/or Vn negated first, as the helper says.
fn three_source(t: &mut Tr, f: Fields, op: &'static [Helper; 2]) -> Result<(), Undefined> {
    let sz = Fsz::from_ftype(f.get('t'))?;
    t.fp_ternary(
        op,
        sz,
        Ctl::lanes(1),
        f.reg('d'),
        [f.reg('a'), f.reg('n'), f.reg('m')],
    );
    Ok(())
}

fn fmadd(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three_source(t, f, &FMLA)
}
fn fmsub(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three_source(t, f, &FMLS)
}
fn fnmadd(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three_source(t, f, &FNMADD)
}
fn fnmsub(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    three_source(t, f, &FNMSUB)
}
