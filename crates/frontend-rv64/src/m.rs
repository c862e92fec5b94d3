//! The M extension: MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU and the RV64 word
//! forms MULW, DIVW, DIVUW, REMW, REMUW.
//!
//! Division never traps. By zero, DIV and DIVU give all ones, REM and REMU the dividend;
//! MIN / -1 gives MIN and MIN % -1 gives 0. The IR's division is Arm's (x / 0 = 0,
//! MIN / -1 = MIN), so the quotient needs a select for a zero divisor, and the remainder
//! `a - (a / b) * b` comes out right in every case without one: a / 0 = 0 leaves a, and
//! MIN - MIN * -1 wraps to 0.

use crate::decoder::{Fields, Row};
use crate::int::op::{op, op_w, BinOp};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, IntCC, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("MUL", "0000001tttttsssss000ddddd0110011", mul),
    row!("MULH", "0000001tttttsssss001ddddd0110011", mulh),
    row!("MULHSU", "0000001tttttsssss010ddddd0110011", mulhsu),
    row!("MULHU", "0000001tttttsssss011ddddd0110011", mulhu),
    row!("DIV", "0000001tttttsssss100ddddd0110011", div),
    row!("DIVU", "0000001tttttsssss101ddddd0110011", divu),
    row!("REM", "0000001tttttsssss110ddddd0110011", rem),
    row!("REMU", "0000001tttttsssss111ddddd0110011", remu),
    row!("MULW", "0000001tttttsssss000ddddd0111011", mulw),
    row!("DIVW", "0000001tttttsssss100ddddd0111011", divw),
    row!("DIVUW", "0000001tttttsssss101ddddd0111011", divuw),
    row!("REMW", "0000001tttttsssss110ddddd0111011", remw),
    row!("REMUW", "0000001tttttsssss111ddddd0111011", remuw),
];

/// `a / b`, with all ones for `b = 0`.
fn quotient(b: &mut Builder, x: Value, y: Value, signed: bool) -> Value {
    let q = if signed { b.sdiv(x, y) } else { b.udiv(x, y) };
    let zero = b.const_like(y, 0);
    let by_zero = b.icmp(IntCC::Eq, y, zero);
    let ones = b.const_like(y, u64::MAX);
    b.select(by_zero, ones, q)
}

/// `a % b` as `a - (a / b) * b`.
fn remainder(b: &mut Builder, x: Value, y: Value, signed: bool) -> Value {
    let q = if signed { b.sdiv(x, y) } else { b.udiv(x, y) };
    let p = b.mul(q, y);
    b.sub(x, p)
}

fn row_op(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    op(tr, f.reg('d'), f.reg('s'), f.reg('t'), f_op);
    Ok(())
}

fn row_op_w(tr: &mut Tr, f: Fields, f_op: BinOp) -> Result<(), Undefined> {
    op_w(tr, f.reg('d'), f.reg('s'), f.reg('t'), f_op);
    Ok(())
}

fn mul(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.mul(x, y))
}

fn mulh(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.smulhi(x, y))
}

/// Signed rs1 times unsigned rs2: the unsigned high product, less rs2 when rs1 is
/// negative (rs1 read as unsigned is 2^64 too large).
fn mulhsu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| {
        let hi = b.umulhi(x, y);
        let zero = b.c64(0);
        let negative = b.icmp(IntCC::Slt, x, zero);
        let fix = b.select(negative, y, zero);
        b.sub(hi, fix)
    })
}

fn mulhu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| b.umulhi(x, y))
}

fn div(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| quotient(b, x, y, true))
}

fn divu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| quotient(b, x, y, false))
}

fn rem(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| remainder(b, x, y, true))
}

fn remu(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op(tr, f, |b, x, y| remainder(b, x, y, false))
}

fn mulw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| b.mul(x, y))
}

fn divw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| quotient(b, x, y, true))
}

fn divuw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| quotient(b, x, y, false))
}

fn remw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| remainder(b, x, y, true))
}

fn remuw(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    row_op_w(tr, f, |b, x, y| remainder(b, x, y, false))
}
