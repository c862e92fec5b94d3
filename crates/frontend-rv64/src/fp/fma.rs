//! The fused multiply-adds FMADD (`a*b + c`), FMSUB (`a*b - c`), FNMSUB (`-(a*b) + c`)
//! and FNMADD (`-(a*b) - c`), single and double, with one rounding.

use super::helpers::{FMA, FMA_NEGATE_ADDEND, FMA_NEGATE_PRODUCT};
use super::Fmt;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// rs3 fmt rs2 rs1 rm rd opcode, fmt bit 26 clear (H and Q are not implemented).
pub(crate) const ROWS: &[Row] = &[
    row!("FMADD", "rrrrr0ztttttsssssmmmddddd1000011", fmadd),
    row!("FMSUB", "rrrrr0ztttttsssssmmmddddd1000111", fmsub),
    row!("FNMSUB", "rrrrr0ztttttsssssmmmddddd1001011", fnmsub),
    row!("FNMADD", "rrrrr0ztttttsssssmmmddddd1001111", fnmadd),
];

/// fd = ±(fs1 * fs2) ± fs3; `negate` holds the helper's negation bits.
fn fused(tr: &mut Tr, f: Fields, negate: u32) -> Result<(), Undefined> {
    let rm = tr.rounding_mode(f.get('m'))?;
    let ctl = if negate == 0 {
        rm
    } else {
        let n = tr.b.c32(negate);
        tr.b.or(rm, n)
    };
    let a = tr.f(f.reg('s'));
    let b = tr.f(f.reg('t'));
    let c = tr.f(f.reg('r'));
    let r = tr.b.call(&FMA[Fmt::from_bit(f.bit('z')).index()], &[a, b, c, ctl]);
    tr.set_f(f.reg('d'), r);
    Ok(())
}

fn fmadd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, 0)
}

fn fmsub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, FMA_NEGATE_ADDEND)
}

fn fnmsub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, FMA_NEGATE_PRODUCT)
}

fn fnmadd(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    fused(tr, f, FMA_NEGATE_PRODUCT | FMA_NEGATE_ADDEND)
}
