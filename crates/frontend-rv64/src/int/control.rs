//! Control transfer: JAL, JALR and the conditional branches BEQ, BNE, BLT, BGE, BLTU,
//! BGEU.
//!
//! Calls and returns are told apart by the specification's return-address-stack hints
//! (the "rd/rs1 is x1 or x5" table): a jump that links into x1 or x5 is a call, a JALR
//! from x1 or x5 that does not link into one is a return. Executors use that only to
//! predict returns, never to change where control goes.
//!
//! With the C extension every instruction address is even, so no jump can have a
//! misaligned target: JALR clears bit 0 and branch and JAL offsets are even.

use crate::decoder::{Fields, Row};
use crate::imm;
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{BranchKind, IntCC, Terminator};

pub(crate) const ROWS: &[Row] = &[
    row!("JAL", "iiiiiiiiiiiiiiiiiiiiddddd1101111", jal_row),
    row!("JALR", "iiiiiiiiiiiisssss000ddddd1100111", jalr_row),
    row!("BEQ", "iiiiiiitttttsssss000iiiii1100011", beq),
    row!("BNE", "iiiiiiitttttsssss001iiiii1100011", bne),
    row!("BLT", "iiiiiiitttttsssss100iiiii1100011", blt),
    row!("BGE", "iiiiiiitttttsssss101iiiii1100011", bge),
    row!("BLTU", "iiiiiiitttttsssss110iiiii1100011", bltu),
    row!("BGEU", "iiiiiiitttttsssss111iiiii1100011", bgeu),
];

/// Whether `r` is a link register (ra or t0) in the return-address-stack hints.
fn is_link(r: u8) -> bool {
    r == 1 || r == 5
}

/// rd = pc + length; jump to pc + offset.
pub(crate) fn jal(tr: &mut Tr, rd: u8, offset: i64) {
    let link = tr.next_pc();
    let v = tr.b.c64(link);
    tr.set_x(rd, v);
    let kind = if is_link(rd) { BranchKind::Call { return_pc: link } } else { BranchKind::Plain };
    tr.jump(tr.pc.wrapping_add(offset as u64), kind);
}

/// Jump to (rs1 + offset) with bit 0 cleared; rd = pc + length (after reading rs1, which
/// may be rd).
pub(crate) fn jalr(tr: &mut Tr, rd: u8, rs1: u8, offset: i64) {
    let base = tr.x(rs1);
    let sum = if offset == 0 {
        base
    } else {
        let o = tr.imm(offset);
        tr.b.add(base, o)
    };
    let mask = tr.b.c64(!1);
    let target = tr.b.and(sum, mask);
    let link = tr.next_pc();
    let v = tr.b.c64(link);
    tr.set_x(rd, v);
    let kind = if is_link(rd) {
        BranchKind::Call { return_pc: link }
    } else if is_link(rs1) {
        BranchKind::Return
    } else {
        BranchKind::Plain
    };
    tr.end(Terminator::Indirect { target, kind });
}

/// Branch to pc + offset if `cc` holds for rs1 and rs2.
pub(crate) fn branch(tr: &mut Tr, cc: IntCC, rs1: u8, rs2: u8, offset: i64) {
    let a = tr.x(rs1);
    let b = tr.x(rs2);
    let cond = tr.b.icmp(cc, a, b);
    let (taken, fallthrough) = (tr.pc.wrapping_add(offset as u64), tr.next_pc());
    tr.end(Terminator::Branch { cond, taken, fallthrough });
}

fn jal_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    jal(tr, f.reg('d'), imm::j_type(f.insn));
    Ok(())
}

fn jalr_row(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    jalr(tr, f.reg('d'), f.reg('s'), f.signed('i'));
    Ok(())
}

fn branch_row(tr: &mut Tr, f: Fields, cc: IntCC) -> Result<(), Undefined> {
    branch(tr, cc, f.reg('s'), f.reg('t'), imm::b_type(f.insn));
    Ok(())
}

fn beq(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch_row(tr, f, IntCC::Eq)
}

fn bne(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch_row(tr, f, IntCC::Ne)
}

fn blt(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch_row(tr, f, IntCC::Slt)
}

fn bge(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch_row(tr, f, IntCC::Sge)
}

fn bltu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch_row(tr, f, IntCC::Ult)
}

fn bgeu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch_row(tr, f, IntCC::Uge)
}
