//! The fused multiply-adds FMADD (`a*b + c`), FMSUB (`a*b - c`), FNMSUB (`-(a*b) + c`)
//! and FNMADD (`-(a*b) - c`), single and double, with one rounding.

use super::helpers::{FMADD, FMSUB, FNMADD, FNMSUB};
use super::Fmt;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Helper;

// rs3 fmt rs2 rs1 rm rd opcode, fmt bit 26 clear (H and Q are not implemented).
pub(crate) const ROWS: &[Row] = &[
    row!("FMADD", "rrrrr0ztttttsssssmmmddddd1000011", fmadd),
    row!("FMSUB", "rrrrr0ztttttsssssmmmddddd1000111", fmsub),
    row!("FNMSUB", "rrrrr0ztttttsssssmmmddddd1001011", fnmsub),
    row!("FNMADD", "rrrrr0ztttttsssssmmmddddd1001111", fnmadd),
];

/// fd = ±(fs1 * fs2) ± fs3, as `pair` computes it.
fn fused(tr: &mut Tr, f: Fields, pair: &'static [Helper; 2]) -> Result<(), Undefined> {
    let rm = tr.rounding_mode(f.get('m'))?;
    let a = tr.f(f.reg('s'));
    let b = tr.f(f.reg('t'));
    let c = tr.f(f.reg('r'));
    let r = tr.b.call(&pair[Fmt::from_bit(f.bit('z')).index()], &[a, b, c, rm]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn fmadd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, &FMADD)
}

fn fmsub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, &FMSUB)
}

fn fnmsub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, &FNMSUB)
}

fn fnmadd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, &FNMADD)
}
