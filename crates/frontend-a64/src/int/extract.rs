//! Data processing (immediate): extract, i.e. EXTR and its alias ROR (immediate).

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

// N must equal sf, and the 32-bit form's lsb must be below 32; op21 and o0 other than
// zero are unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("EXTR (32-bit)", "00010011100mmmmm0sssssnnnnnddddd", extr),
    row!("EXTR (64-bit)", "10010011110mmmmmssssssnnnnnddddd", extr),
];

/// Bits lsb+datasize-1..lsb of Rn:Rm.
fn extr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.insn >> 31 != 0;
    let lsb = f.get('s');
    let m = tr.reg(sf, f.reg('m'));
    let v = if lsb == 0 {
        m
    } else {
        let n = tr.reg(sf, f.reg('n'));
        let right = tr.imm(sf, lsb as u64);
        let left = tr.imm(sf, (if sf { 64 } else { 32 }) - lsb as u64);
        let lo = tr.b.lshr(m, right);
        let hi = tr.b.shl(n, left);
        tr.b.or(hi, lo)
    };
    tr.set_reg(f.reg('d'), v);
    Ok(())
}
