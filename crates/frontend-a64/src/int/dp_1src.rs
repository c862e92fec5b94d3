//! Data processing (register): one source, i.e. RBIT, REV16, REV32, REV, CLZ, CLS. The
//! PAuth and FEAT_CSSC encodings of this group are not implemented.

use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};
use crossrun_ir::{Builder, Value};

// The 32-bit REV is opcode 000010, which is REV32 in the 64-bit form; opcode 000011 is
// 64-bit only.
pub(crate) const ROWS: &[Row] = &[
    row!("RBIT", "z101101011000000000000nnnnnddddd", rbit),
    row!("REV16", "z101101011000000000001nnnnnddddd", rev16),
    row!("REV (32-bit) / REV32", "z101101011000000000010nnnnnddddd", rev32),
    row!("REV (64-bit)", "1101101011000000000011nnnnnddddd", rev64),
    row!("CLZ", "z101101011000000000100nnnnnddddd", clz),
    row!("CLS", "z101101011000000000101nnnnnddddd", cls),
];

/// Rd = op(Rn) at the width sf selects.
fn unary(tr: &mut Tr, f: Fields, op: fn(&mut Builder, Value) -> Value) -> Result<(), Undefined> {
    let n = tr.reg(f.bit('z'), f.reg('n'));
    let v = op(&mut tr.b, n);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn rbit(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, v| b.rbit(v))
}

fn rev16(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, v| b.rev16(v))
}

/// Reversing the bytes of each 32-bit word is a plain REV for a 32-bit register.
fn rev32(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    if f.bit('z') {
        unary(tr, f, |b, v| b.rev32(v))
    } else {
        unary(tr, f, |b, v| b.rev(v))
    }
}

fn rev64(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let n = tr.x(f.reg('n'));
    let v = tr.b.rev(n);
    tr.set_reg(f.reg('d'), v);
    Ok(())
}

fn clz(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, v| b.clz(v))
}

fn cls(tr: &mut Tr, f: Fields) -> Result<(), Undefined> {
    unary(tr, f, |b, v| b.cls(v))
}
