//! FEQ (a quiet comparison), FLT and FLE (signalling), and FCLASS, single and double;
//! the results go to an integer register.

use super::helpers::{FCLASS, FEQ, FLE, FLT};
use super::Fmt;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

pub(crate) const ROWS: &[Row] = &[
    row!("FEQ", "101000ztttttsssss010ddddd1010011", feq),
    row!("FLT", "101000ztttttsssss001ddddd1010011", flt),
    row!("FLE", "101000ztttttsssss000ddddd1010011", fle),
    row!("FCLASS", "111000z00000sssss001ddddd1010011", fclass),
];

fn compare(tr: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    let a = tr.f(f.reg('s'));
    let b = tr.f(f.reg('t'));
    let r = tr.b.call(&pair[Fmt::from_bit(f.bit('z')).index()], &[a, b]);
    tr.set_x(f.reg('d'), r);
    Ok(())
}

fn feq(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    compare(tr, f, &FEQ)
}

fn flt(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    compare(tr, f, &FLT)
}

fn fle(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    compare(tr, f, &FLE)
}

fn fclass(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let a = tr.f(f.reg('s'));
    let r = tr.b.call(&FCLASS[Fmt::from_bit(f.bit('z')).index()], &[a]);
    tr.set_x(f.reg('d'), r);
    Ok(())
}
