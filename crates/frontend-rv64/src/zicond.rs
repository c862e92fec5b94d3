//! Zicond: CZERO.EQZ (rd = rs2 == 0 ? 0 : rs1) and CZERO.NEZ (rd = rs2 != 0 ? 0 : rs1).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::IntCC;

pub(crate) const ROWS: &[Row] = &[
    row!("CZERO.EQZ", "0000111tttttsssss101ddddd0110011", czero_eqz),
    row!("CZERO.NEZ", "0000111tttttsssss111ddddd0110011", czero_nez),
];

fn czero(tr: &mut Tr, f: Fields, zero_when: IntCC) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let c = tr.x(f.reg('t'));
    let zero = tr.b.c64(0);
    let cond = tr.b.icmp(zero_when, c, zero);
    let v = tr.b.select(cond, zero, a);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn czero_eqz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    czero(tr, f, IntCC::Eq)
}

fn czero_nez(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    czero(tr, f, IntCC::Ne)
}
