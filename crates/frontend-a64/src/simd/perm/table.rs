//! AdvSIMD table lookup: TBL and TBX with one to four table registers.

use super::lanes;
use crate::decoder::Fields;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_arm_shared::simd::perm::TABLE_LOOKUP;
use crossrun_ir::Ty;

pub(crate) const ROWS: &[crate::decoder::Row] = &[
    row!("TBL", "0q001110000mmmmm0ll000nnnnnddddd", tbl),
    row!("TBX", "0q001110000mmmmm0ll100nnnnnddddd", tbx),
];

fn tbl(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    lookup(tr, f, false)
}

fn tbx(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    lookup(tr, f, true)
}

fn lookup(tr: &mut Tr, f: Fields, is_tbx: bool) -> Result<(), Undefined> {
    let regs = f.get('l') + 1;
    let n = f.reg('n');
    let d = f.reg('d');
    let q = f.bit('q');
    // The helper always takes four table registers; unused slots repeat the first.
    let mut table = [tr.v(n); 4];
    for (i, slot) in table.iter_mut().enumerate().skip(1).take(regs as usize - 1) {
        *slot = tr.v(lanes::wrap(n, i as u32));
    }
    let indices = tr.v(f.reg('m'));
    // Out-of-range indices give zero (TBL) or leave the destination byte (TBX).
    let fallback = if is_tbx { tr.v(d) } else { tr.b.const_(Ty::V128, 0) };
    let params = tr.b.c32(16 * regs);
    let r = tr.b.call(&TABLE_LOOKUP, &[table[0], table[1], table[2], table[3], indices, fallback, params]);
    lanes::write(tr, d, q, r);
    Ok(())
}
