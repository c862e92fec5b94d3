//! Exception generation: SVC (a system call) and BRK (a breakpoint). HVC, SMC, HLT and
//! DCPS1-3 have no row: at EL0 they are undefined.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Terminator, TrapKind};

pub(crate) const ROWS: &[Row] = &[
    row!("SVC", "11010100000iiiiiiiiiiiiiiii00001", svc),
    row!("BRK", "11010100001iiiiiiiiiiiiiiii00000", brk),
];

/// Linux ignores the immediate; the embedder reads the call number from X8.
fn svc(tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    let next_pc = tr.next_pc();
    tr.end(Terminator::Syscall { next_pc });
    Ok(())
}

fn brk(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let pc = tr.pc;
    tr.end(Terminator::Trap { kind: TrapKind::Breakpoint { imm: f.get('i') as u16 }, pc });
    Ok(())
}
