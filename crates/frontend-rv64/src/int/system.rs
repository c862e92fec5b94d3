//! Environment call and breakpoints: ECALL ends the block with a system call (the Linux
//! layer reads a7 and a0..a5 and resumes after it), EBREAK with a breakpoint trap (the
//! guest gets SIGTRAP with the PC at the EBREAK). The other SYSTEM encodings without a
//! CSR (WFI, MRET, SRET, SFENCE.VMA, ...) are privileged: SIGILL in user mode.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Terminator, TrapKind};

pub(crate) const ROWS: &[Row] = &[
    row!("ECALL", "00000000000000000000000001110011", ecall),
    row!("EBREAK", "00000000000100000000000001110011", ebreak),
];

fn ecall(tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    let next_pc = tr.next_pc();
    tr.end(Terminator::Syscall { next_pc });
    Ok(())
}

/// EBREAK, also the expansion of C.EBREAK.
pub(crate) fn ebreak(tr: &mut Tr, _f: Fields) -> Result<(), Undefined> {
    let pc = tr.pc;
    tr.end(Terminator::Trap { kind: TrapKind::Breakpoint { imm: 0 }, pc });
    Ok(())
}
