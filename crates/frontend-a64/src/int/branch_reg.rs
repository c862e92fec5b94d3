//! Unconditional branch (register): BR, BLR, RET. The pointer-authenticating forms
//! (BRAA, RETAA, ...) are not implemented (crossrun does not advertise PAuth), nor are
//! ERET and DRPS, which EL0 cannot execute.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, Terminator};

pub(crate) const ROWS: &[Row] = &[
    row!("BR", "1101011000011111000000nnnnn00000", br),
    row!("BLR", "1101011000111111000000nnnnn00000", blr),
    row!("RET", "1101011001011111000000nnnnn00000", ret),
];

fn br(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let target = tr.x(f.reg('n'));
    tr.end(Terminator::Indirect { target, kind: BranchKind::Plain });
    Ok(())
}

/// The target is read before X30 is written, so BLR X30 works.
fn blr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let target = tr.x(f.reg('n'));
    let return_pc = tr.next_pc();
    let lr = tr.b.c64(return_pc);
    tr.set_x(30, lr);
    tr.end(Terminator::Indirect { target, kind: BranchKind::Call { return_pc } });
    Ok(())
}

fn ret(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let target = tr.x(f.reg('n'));
    tr.end(Terminator::Indirect { target, kind: BranchKind::Return });
    Ok(())
}
