//! T32 load/store multiple (increment after and decrement before, PUSH.W and POP.W).
//! The return-from-exception and store-return-state forms are privileged: no row.

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_multiple, store_multiple};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("STM (STMIA, STMEA)", "1110100010W0nnnnrrrrrrrrrrrrrrrr", |t, f| multiple(t, f, false, true)),
    row!("LDM (LDMIA, LDMFD, POP)", "1110100010W1nnnnrrrrrrrrrrrrrrrr", |t, f| multiple(t, f, true, true)),
    row!("STMDB (STMFD, PUSH)", "1110100100W0nnnnrrrrrrrrrrrrrrrr", |t, f| multiple(t, f, false, false)),
    row!("LDMDB (LDMEA)", "1110100100W1nnnnrrrrrrrrrrrrrrrr", |t, f| multiple(t, f, true, false)),
];

/// The list may not hold SP, nor (stores) the PC, nor (loads) both PC and LR, nor fewer
/// than two registers.
fn multiple(t: &mut Tr, f: Fields, load: bool, increment: bool) -> Result<(), Undefined> {
    let (n, list, wback) = (f.reg('n'), f.get('r') as u16, f.bit('W'));
    let bad = list & 1 << 13 != 0
        || list.count_ones() < 2
        || (wback && list & 1 << n != 0)
        || if load { list & 0xc000 == 0xc000 } else { list & 1 << 15 != 0 };
    if bad {
        return t.unpredictable();
    }
    if load {
        load_multiple(t, n, list, increment, !increment, wback)
    } else {
        store_multiple(t, n, list, increment, !increment, wback)
    }
}
