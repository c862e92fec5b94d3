//! Zbs: BCLR, BEXT, BINV, BSET and their immediate forms. The register forms take the
//! bit index modulo 64, which is the IR's shift rule.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, Value};

pub(crate) const ROWS: &[Row] = &[
    row!("BCLR", "0100100tttttsssss001ddddd0110011", bclr),
    row!("BCLRI", "010010hhhhhhsssss001ddddd0010011", bclri),
    row!("BEXT", "0100100tttttsssss101ddddd0110011", bext),
    row!("BEXTI", "010010hhhhhhsssss101ddddd0010011", bexti),
    row!("BINV", "0110100tttttsssss001ddddd0110011", binv),
    row!("BINVI", "011010hhhhhhsssss001ddddd0010011", binvi),
    row!("BSET", "0010100tttttsssss001ddddd0110011", bset),
    row!("BSETI", "001010hhhhhhsssss001ddddd0010011", bseti),
];

/// What is done with rs1 and the bit index.
type BitOp = fn(&mut Builder, Value, Value) -> Value;

fn with_index(tr: &mut Tr, f: Fields, index: Value, op: BitOp) -> Result<(), Undefined> {
    let a = tr.x(f.reg('s'));
    let v = op(&mut tr.b, a, index);
    tr.set_x(f.reg('d'), v);
    Ok(())
}

fn register(tr: &mut Tr, f: Fields, op: BitOp) -> Result<(), Undefined> {
    let index = tr.x(f.reg('t'));
    with_index(tr, f, index, op)
}

fn immediate(tr: &mut Tr, f: Fields, op: BitOp) -> Result<(), Undefined> {
    let index = tr.b.c64(u64::from(f.get('h')));
    with_index(tr, f, index, op)
}

fn bit(b: &mut Builder, index: Value) -> Value {
    let one = b.c64(1);
    b.shl(one, index)
}

fn clear(b: &mut Builder, x: Value, index: Value) -> Value {
    let m = bit(b, index);
    b.and_not(x, m)
}

fn extract(b: &mut Builder, x: Value, index: Value) -> Value {
    let shifted = b.lshr(x, index);
    let one = b.c64(1);
    b.and(shifted, one)
}

fn invert(b: &mut Builder, x: Value, index: Value) -> Value {
    let m = bit(b, index);
    b.xor(x, m)
}

fn set(b: &mut Builder, x: Value, index: Value) -> Value {
    let m = bit(b, index);
    b.or(x, m)
}

fn bclr(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    register(tr, f, clear)
}

fn bclri(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    immediate(tr, f, clear)
}

fn bext(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    register(tr, f, extract)
}

fn bexti(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    immediate(tr, f, extract)
}

fn binv(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    register(tr, f, invert)
}

fn binvi(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    immediate(tr, f, invert)
}

fn bset(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    register(tr, f, set)
}

fn bseti(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    immediate(tr, f, set)
}
