//! A32 branch, branch with link, and block data transfer.

use crate::decoder::{Fields, Row};
use crate::ops::mem::{load_multiple, store_multiple};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::BranchKind;

pub(crate) const ROWS: &[Row] = &[
    row!("B", "----1010iiiiiiiiiiiiiiiiiiiiiiii", |t, f| branch(t, f, false)),
    row!("BL", "----1011iiiiiiiiiiiiiiiiiiiiiiii", |t, f| branch(t, f, true)),
    row!("STM (STMIA, STMDA, STMDB, STMIB, PUSH)", "----100PU0W0nnnnrrrrrrrrrrrrrrrr", |t, f| block(t, f, false)),
    row!("LDM (LDMIA, LDMDA, LDMDB, LDMIB, POP)", "----100PU0W1nnnnrrrrrrrrrrrrrrrr", |t, f| block(t, f, true)),
];

fn branch(t: &mut Tr, f: Fields, link: bool) -> Result<(), Undefined> {
    let target = t.pc_value().wrapping_add((f.signed('i') << 2) as u32);
    let kind = if link {
        let lr = t.c(t.next_addr());
        t.set_r(14, lr);
        BranchKind::Call { return_pc: t.next }
    } else {
        BranchKind::Plain
    };
    t.branch(target, false, kind);
    Ok(())
}

/// LDM/STM with P (before), U (increment) and W (write-back). The user-register and
/// exception-return forms (S bit, bit 22) belong to privileged modes: no row.
fn block(t: &mut Tr, f: Fields, load: bool) -> Result<(), Undefined> {
    let (n, list) = (f.reg('n'), f.get('r') as u16);
    let (before, increment, wback) = (f.bit('P'), f.bit('U'), f.bit('W'));
    // ARMv7: an LDM that writes back to a register it loads is UNPREDICTABLE.
    if load && wback && list & 1 << n != 0 {
        return t.unpredictable();
    }
    if load {
        load_multiple(t, n, list, increment, before, wback)
    } else {
        store_multiple(t, n, list, increment, before, wback)
    }
}
