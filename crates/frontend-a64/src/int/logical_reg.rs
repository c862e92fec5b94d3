//! Data processing (register): logical (shifted register), i.e. AND, BIC, ORR, ORN, EOR,
//! EON, ANDS, BICS and the aliases MOV (register), MVN, TST.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[row!(
    "AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register)",
    "zoo01010hhNmmmmmiiiiiinnnnnddddd",
    logical_shifted
)];

fn logical_shifted(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let amount = f.get('i');
    if !sf && amount >= 32 {
        return Err(Undefined);
    }
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.shift_reg(sf, f.reg('m'), f.get('h'), amount);
    let invert = f.bit('N');
    let opc = f.get('o');
    let r = match opc {
        0 | 3 if invert => tr.b.and_not(n, m),
        0 | 3 => tr.b.and(n, m),
        _ => {
            let m = if invert { tr.b.not(m) } else { m };
            if opc == 1 {
                tr.b.or(n, m)
            } else {
                tr.b.xor(n, m)
            }
        }
    };
    if opc == 3 {
        let flags = tr.b.flags_logic(r);
        tr.set_nzcv(flags);
    }
    tr.set_reg(f.reg('d'), r);
    Ok(())
}
