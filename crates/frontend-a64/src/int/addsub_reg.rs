//! Data processing (register): add/subtract (shifted register) and (extended register),
//! i.e. ADD, ADDS, SUB, SUBS and the aliases CMP, CMN, NEG, NEGS.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// In the extended form, opt (bits 23:22) other than 00 is unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("ADD/ADDS/SUB/SUBS (shifted register)", "zoS01011hh0mmmmmiiiiiinnnnnddddd", add_sub_shifted),
    row!("ADD/ADDS/SUB/SUBS (extended register)", "zoS01011001mmmmmxxxiiinnnnnddddd", add_sub_extended),
];

/// Rn, Rm and Rd are all XZR for 31 here; ROR and out-of-range amounts are reserved.
fn add_sub_shifted(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let (shift, amount) = (f.get('h'), f.get('i'));
    if shift == 3 || (!sf && amount >= 32) {
        return Err(Undefined);
    }
    let n = tr.reg(sf, f.reg('n'));
    let m = tr.shift_reg(sf, f.reg('m'), shift, amount);
    let r = tr.add_sub(n, m, f.bit('o'), f.bit('S'));
    tr.set_reg(f.reg('d'), r);
    Ok(())
}

/// Rn is SP for 31, and so is Rd unless the flags are set (CMP, CMN); shifts above 4
/// are reserved.
fn add_sub_extended(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let shift = f.get('i');
    if shift > 4 {
        return Err(Undefined);
    }
    let n = tr.reg_sp(sf, f.reg('n'));
    let m = tr.extend_reg(sf, f.reg('m'), f.get('x'), shift);
    let setflags = f.bit('S');
    let r = tr.add_sub(n, m, f.bit('o'), setflags);
    if setflags {
        tr.set_reg(f.reg('d'), r);
    } else {
        tr.set_reg_sp(f.reg('d'), r);
    }
    Ok(())
}
