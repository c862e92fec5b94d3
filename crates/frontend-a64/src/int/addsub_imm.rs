//! Data processing (immediate): add/subtract (immediate), i.e. ADD, ADDS, SUB, SUBS
//! and their aliases MOV (to/from SP), CMP, CMN.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// Bit 23 set is the MTE "add/subtract (immediate, with tags)" group, not implemented.
pub(crate) const ROWS: &[Row] = &[row!(
    "ADD/ADDS/SUB/SUBS (immediate)",
    "zoS100010hiiiiiiiiiiiinnnnnddddd",
    add_sub_imm
)];

fn add_sub_imm(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let (sf, sub, setflags) = (f.bit('z'), f.bit('o'), f.bit('S'));
    let imm = (f.get('i') as u64) << (12 * f.get('h'));
    let n = tr.reg_sp(sf, f.reg('n'));
    let m = tr.imm(sf, imm);
    let result = tr.add_sub(n, m, sub, setflags);
    // Rd is SP in the plain forms and XZR in the flag-setting ones (CMP, CMN).
    if setflags {
        tr.set_reg(f.reg('d'), result);
    } else {
        tr.set_reg_sp(f.reg('d'), result);
    }
    Ok(())
}
