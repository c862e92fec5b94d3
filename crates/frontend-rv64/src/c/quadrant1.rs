//! Quadrant 1: C.NOP/C.ADDI, C.ADDIW, C.LI, C.ADDI16SP, C.LUI, the register-immediate
//! and register-register ALU group (C.SRLI, C.SRAI, C.ANDI, C.SUB, C.XOR, C.OR, C.AND,
//! C.SUBW, C.ADDW), C.J, C.BEQZ, C.BNEZ.

use super::prime;
use crate::decoder::{Fields, Row};
use crate::imm;
use crate::int::control::{branch, jal};
use crate::int::op::{op, op_w, BinOp};
use crate::int::op_imm::{addi, addiw, andi, lui, shift_imm, Shift};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::IntCC;

pub(crate) const ROWS: &[Row] = &[
    row!("C.ADDI", "000idddddiiiii01", c_addi),
    row!("C.ADDIW", "001idddddiiiii01", c_addiw),
    row!("C.LI", "010idddddiiiii01", c_li),
    row!("C.ADDI16SP", "011i00010iiiii01", c_addi16sp),
    row!("C.LUI", "011idddddiiiii01", c_lui),
    row!("C.SRLI", "100i00dddiiiii01", c_srli),
    row!("C.SRAI", "100i01dddiiiii01", c_srai),
    row!("C.ANDI", "100i10dddiiiii01", c_andi),
    row!("C.SUB", "100011ddd00ttt01", c_sub),
    row!("C.XOR", "100011ddd01ttt01", c_xor),
    row!("C.OR", "100011ddd10ttt01", c_or),
    row!("C.AND", "100011ddd11ttt01", c_and),
    row!("C.SUBW", "100111ddd00ttt01", c_subw),
    row!("C.ADDW", "100111ddd01ttt01", c_addw),
    row!("C.J", "101iiiiiiiiiii01", c_j),
    row!("C.BEQZ", "110iiisssiiiii01", c_beqz),
    row!("C.BNEZ", "111iiisssiiiii01", c_bnez),
];

fn c_addi(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = f.reg('d');
    addi(tr, rd, rd, imm::ci(f.insn));
    Ok(())
}

/// addiw rd, rd, imm; rd = x0 is reserved.
fn c_addiw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = f.reg('d');
    if rd == 0 {
        return Err(Undefined);
    }
    addiw(tr, rd, rd, imm::ci(f.insn));
    Ok(())
}

fn c_li(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    addi(tr, f.reg('d'), 0, imm::ci(f.insn));
    Ok(())
}

/// addi sp, sp, nzimm; a zero immediate is reserved.
fn c_addi16sp(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let offset = imm::c_addi16sp(f.insn);
    if offset == 0 {
        return Err(Undefined);
    }
    addi(tr, 2, 2, offset);
    Ok(())
}

/// lui rd, nzimm; a zero immediate is reserved (rd = x2 is C.ADDI16SP's row).
fn c_lui(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let value = imm::c_lui(f.insn);
    if value == 0 {
        return Err(Undefined);
    }
    lui(tr, f.reg('d'), value);
    Ok(())
}

fn c_shift(tr: &mut Tr, f: Fields, shift: Shift) -> Result<(), Undefined> {
    let rd = prime(f, 'd');
    shift_imm(tr, shift, rd, rd, imm::ci_shamt(f.insn));
    Ok(())
}

fn c_srli(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_shift(tr, f, Shift::RightLogical)
}

fn c_srai(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_shift(tr, f, Shift::RightArithmetic)
}

fn c_andi(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let rd = prime(f, 'd');
    andi(tr, rd, rd, imm::ci(f.insn));
    Ok(())
}

fn c_alu(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    let rd = prime(f, 'd');
    op(tr, rd, rd, prime(f, 't'), f_op);
    Ok(())
}

fn c_alu_w(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    let rd = prime(f, 'd');
    op_w(tr, rd, rd, prime(f, 't'), f_op);
    Ok(())
}

fn c_sub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_alu(tr, f, |b, x, y| b.sub(x, y))
}

fn c_xor(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_alu(tr, f, |b, x, y| b.xor(x, y))
}

fn c_or(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_alu(tr, f, |b, x, y| b.or(x, y))
}

fn c_and(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_alu(tr, f, |b, x, y| b.and(x, y))
}

fn c_subw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_alu_w(tr, f, |b, x, y| b.sub(x, y))
}

fn c_addw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    c_alu_w(tr, f, |b, x, y| b.add(x, y))
}

fn c_j(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    jal(tr, 0, imm::cj(f.insn));
    Ok(())
}

fn c_beqz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch(tr, IntCC::Eq, prime(f, 's'), 0, imm::cb(f.insn));
    Ok(())
}

fn c_bnez(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    branch(tr, IntCC::Ne, prime(f, 's'), 0, imm::cb(f.insn));
    Ok(())
}
