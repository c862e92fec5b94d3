//! Data processing (register): conditional compare (register and immediate), i.e. CCMN
//! and CCMP.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::Value;

// S must be 1, and o2 (bit 10) and o3 (bit 4) 0; everything else is unallocated.
pub(crate) const ROWS: &[Row] = &[
    row!("CCMN/CCMP (register)", "zo111010010mmmmmcccc00nnnnn0ffff", ccmp_reg),
    row!("CCMN/CCMP (immediate)", "zo111010010iiiiicccc10nnnnn0ffff", ccmp_imm),
];

fn ccmp_reg(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let m = tr.reg(sf, f.reg('m'));
    cond_compare(tr, f, m);
    Ok(())
}

fn ccmp_imm(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let sf = f.bit('z');
    let m = tr.imm(sf, f.get('i') as u64);
    cond_compare(tr, f, m);
    Ok(())
}

/// NZCV becomes the flags of Rn - m (CCMP) or Rn + m (CCMN) if the condition holds, and
/// the immediate nzcv otherwise.
fn cond_compare(tr: &mut Tr, f: Fields, m: Value) {
    let n = tr.reg(f.bit('z'), f.reg('n'));
    let compared = if f.bit('o') { tr.b.flags_sub(n, m) } else { tr.b.flags_add(n, m) };
    let cond = f.get('c') as u8;
    let flags = if cond >= 0b1110 {
        compared
    } else {
        let nzcv = tr.nzcv();
        let holds = tr.b.cond_holds(cond, nzcv);
        let otherwise = tr.b.c32(f.get('f') << 28);
        tr.b.select(holds, compared, otherwise)
    };
    tr.set_nzcv(flags);
}
