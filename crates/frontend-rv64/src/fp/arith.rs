//! FADD, FSUB, FMUL, FDIV, FSQRT (rounded with the instruction's or the dynamic mode)
//! and FMIN, FMAX (IEEE 754-2019 minimumNumber and maximumNumber), single and double.

use super::helpers::{FADD, FDIV, FMAX, FMIN, FMUL, FSQRT, FSUB};
use super::Fmt;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

// funct5 0 fmt rs2 rs1 rm rd 1010011.
pub(crate) const ROWS: &[Row] = &[
    row!("FADD", "000000ztttttsssssmmmddddd1010011", fadd),
    row!("FSUB", "000010ztttttsssssmmmddddd1010011", fsub),
    row!("FMUL", "000100ztttttsssssmmmddddd1010011", fmul),
    row!("FDIV", "000110ztttttsssssmmmddddd1010011", fdiv),
    row!("FSQRT", "010110z00000sssssmmmddddd1010011", fsqrt),
    row!("FMIN", "001010ztttttsssss000ddddd1010011", fmin),
    row!("FMAX", "001010ztttttsssss001ddddd1010011", fmax),
];

/// fd = op(fs1, fs2) rounded with `rm`.
fn rounded_binary(tr: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    let rm = tr.rounding_mode(f.get('m'))?;
    let a = tr.f(f.reg('s'));
    let b = tr.f(f.reg('t'));
    let r = tr.b.call(&pair[Fmt::from_bit(f.bit('z')).index()], &[a, b, rm]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn fadd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    rounded_binary(tr, f, &FADD)
}

fn fsub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    rounded_binary(tr, f, &FSUB)
}

fn fmul(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    rounded_binary(tr, f, &FMUL)
}

fn fdiv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    rounded_binary(tr, f, &FDIV)
}

fn fsqrt(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rm = tr.rounding_mode(f.get('m'))?;
    let a = tr.f(f.reg('s'));
    let r = tr.b.call(&FSQRT[Fmt::from_bit(f.bit('z')).index()], &[a, rm]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn min_max(tr: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    let a = tr.f(f.reg('s'));
    let b = tr.f(f.reg('t'));
    let r = tr.b.call(&pair[Fmt::from_bit(f.bit('z')).index()], &[a, b]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn fmin(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    min_max(tr, f, &FMIN)
}

fn fmax(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    min_max(tr, f, &FMAX)
}
