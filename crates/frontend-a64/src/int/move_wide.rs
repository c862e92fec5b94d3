//! Data processing (immediate): move wide (immediate), i.e. MOVN, MOVZ, MOVK and the
//! MOV (wide immediate) aliases.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// opc = 01 is unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("MOVN", "z00100101hhiiiiiiiiiiiiiiiiddddd", movn),
    row!("MOVZ", "z10100101hhiiiiiiiiiiiiiiiiddddd", movz),
    row!("MOVK", "z11100101hhiiiiiiiiiiiiiiiiddddd", movk),
];

/// (sf, pos): a 32-bit form may only shift by 0 or 16.
fn decode(f: Fields) -> Result<(bool, u32), Undefined> {
    let sf = f.bit('z');
    let hw = f.get('h');
    if !sf && hw >= 2 {
        return Err(Undefined);
    }
    Ok((sf, hw * 16))
}

fn movn(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (sf, pos) = decode(f)?;
    let v = tr.imm(sf, !((f.get('i') as u64) << pos));
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn movz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (sf, pos) = decode(f)?;
    let v = tr.imm(sf, (f.get('i') as u64) << pos);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn movk(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (sf, pos) = decode(f)?;
    let d = f.reg('d');
    let old = tr.reg(sf, d);
    let keep = tr.imm(sf, !(0xffffu64 << pos));
    let kept = tr.b.and(old, keep);
    let new = tr.imm(sf, (f.get('i') as u64) << pos);
    let v = tr.b.or(kept, new);
    tr.set_reg(d, v);
    Ok(())
}
