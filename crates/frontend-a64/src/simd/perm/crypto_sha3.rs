//! Crypto SHA-3 (FEAT_SHA3, Armv8.2): EOR3, BCAX, RAX1 and XAR, the three-way XOR,
//! bit-clear-and-XOR, rotate-and-XOR and XOR-and-rotate that Keccak's steps are built
//! from. They are plain logic on the two 64-bit halves, so they translate to IR ops,
//! which a JIT runs as such.

use super::super::vreg::per_half;
use crate::decoder::{Fields, Row};
use crate::row;
use crate::translate::{Tr, Undefined};

pub(crate) const ROWS: &[Row] = &[
    row!("EOR3", "11001110000mmmmm0aaaaannnnnddddd", eor3),
    row!("BCAX", "11001110001mmmmm0aaaaannnnnddddd", bcax),
    row!("RAX1", "11001110011mmmmm100011nnnnnddddd", rax1),
    row!("XAR", "11001110100mmmmmiiiiiinnnnnddddd", xar),
];

/// Vd = Vn EOR Vm EOR Va.
fn eor3(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    per_half(t, f.reg('d'), true, &[f.reg('n'), f.reg('m'), f.reg('a')], |t, v| {
        let x = t.b.xor(v[0], v[1]);
        t.b.xor(x, v[2])
    });
    Ok(())
}

/// Vd = Vn EOR (Vm AND NOT Va).
fn bcax(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    per_half(t, f.reg('d'), true, &[f.reg('n'), f.reg('m'), f.reg('a')], |t, v| {
        let x = t.b.and_not(v[1], v[2]);
        t.b.xor(v[0], x)
    });
    Ok(())
}

/// Vd = Vn EOR ROL(Vm, 1), per 64-bit word.
fn rax1(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    per_half(t, f.reg('d'), true, &[f.reg('n'), f.reg('m')], |t, v| {
        let by = t.b.c64(63);
        let r = t.b.ror(v[1], by);
        t.b.xor(v[0], r)
    });
    Ok(())
}

/// Vd = ROR(Vn EOR Vm, imm6), per 64-bit word.
fn xar(t: &mut Tr, f: Fields) -> Result<(), Undefined> {
    let by = f.get('i') as u64;
    per_half(t, f.reg('d'), true, &[f.reg('n'), f.reg('m')], |t, v| {
        let x = t.b.xor(v[0], v[1]);
        let by = t.b.c64(by);
        t.b.ror(x, by)
    });
    Ok(())
}
