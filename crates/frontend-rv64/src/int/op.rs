//! Integer register-register instructions: ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR,
//! AND and the RV64 word forms ADDW, SUBW, SLLW, SRLW, SRAW. Shifts take their amount
//! from the low 6 (word forms: 5) bits of rs2, which is the IR's modulo-width rule.
//!
//! The Zihintntl hints (NTL.P1, NTL.PALL, NTL.S1, NTL.ALL) are ADDs to x0: NOPs here.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, IntCC, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("ADD", "0000000tttttsssss000ddddd0110011", add),
    row!("SUB", "0100000tttttsssss000ddddd0110011", sub),
    row!("SLL", "0000000tttttsssss001ddddd0110011", sll),
    row!("SLT", "0000000tttttsssss010ddddd0110011", slt),
    row!("SLTU", "0000000tttttsssss011ddddd0110011", sltu),
    row!("XOR", "0000000tttttsssss100ddddd0110011", xor),
    row!("SRL", "0000000tttttsssss101ddddd0110011", srl),
    row!("SRA", "0100000tttttsssss101ddddd0110011", sra),
    row!("OR", "0000000tttttsssss110ddddd0110011", or),
    row!("AND", "0000000tttttsssss111ddddd0110011", and),
    row!("ADDW", "0000000tttttsssss000ddddd0111011", addw),
    row!("SUBW", "0100000tttttsssss000ddddd0111011", subw),
    row!("SLLW", "0000000tttttsssss001ddddd0111011", sllw),
    row!("SRLW", "0000000tttttsssss101ddddd0111011", srlw),
    row!("SRAW", "0100000tttttsssss101ddddd0111011", sraw),
];

/// An operation of two integers of one width (I64, or I32 for the word forms).
pub(crate) type BinOp = fn(&mut Builder, Value, Value) -> Value;

/// rd = op(rs1, rs2).
pub(crate) fn op(tr: &mut Tr, rd: u8, rs1: u8, rs2: u8, op: BinOp) {
    if rd == 0 {
        return;
    }
    let a = tr.x(rs1);
    let b = tr.x(rs2);
    let v = op(&mut tr.b, a, b);
    tr.set_x(rd, v);
}

/// rd = sext(op(rs1[31:0], rs2[31:0])).
pub(crate) fn op_w(tr: &mut Tr, rd: u8, rs1: u8, rs2: u8, op: BinOp) {
    let a = tr.w(rs1);
    let b = tr.w(rs2);
    let v = op(&mut tr.b, a, b);
    tr.set_x_w(rd, v);
}

fn row_op(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    op(tr, f.reg('d'), f.reg('s'), f.reg('t'), f_op);
    Ok(())
}

fn row_op_w(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    op_w(tr, f.reg('d'), f.reg('s'), f.reg('t'), f_op);
    Ok(())
}

fn add(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.add(x, y))
}

fn sub(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.sub(x, y))
}

fn sll(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.shl(x, y))
}

fn set_less_than(tr: &mut Tr, f: Fields, cc: IntCC) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let b = tr.x(f.reg('t'));
    let lt = tr.b.icmp(cc, a, b);
    tr.set_x_bool(f.reg('d'), lt);
    Ok(())
}

fn slt(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    set_less_than(tr, f, IntCC::Slt)
}

fn sltu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    set_less_than(tr, f, IntCC::Ult)
}

fn xor(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.xor(x, y))
}

fn srl(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.lshr(x, y))
}

fn sra(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.ashr(x, y))
}

fn or(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.or(x, y))
}

fn and(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.and(x, y))
}

fn addw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.add(x, y))
}

fn subw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.sub(x, y))
}

fn sllw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.shl(x, y))
}

fn srlw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.lshr(x, y))
}

fn sraw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.ashr(x, y))
}
