//! Data processing (immediate): PC-relative addressing (ADR, ADRP).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("ADR", "0ll10000hhhhhhhhhhhhhhhhhhhddddd", adr),
    row!("ADRP", "1ll10000hhhhhhhhhhhhhhhhhhhddddd", adrp),
];

/// The signed immhi:immlo field.
fn imm(f: Fields) -> i64 {
    (f.signed('h') << 2) | f.get('l') as i64
}

fn adr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let target = tr.pc.wrapping_add(imm(f) as u64);
    let v = tr.b.c64(target);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn adrp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let target = (tr.pc & !0xfff).wrapping_add((imm(f) << 12) as u64);
    let v = tr.b.c64(target);
    tr.set_x(f.reg('d'), v);
    Ok(())
}
