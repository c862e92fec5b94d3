//! The C extension for RV64 (Zca and Zcd): 16-bit encodings, each of which the
//! specification defines as an expansion into a 32-bit instruction. A row's handler
//! gathers the compressed fields and calls the expanded instruction's translation (in
//! `crate::int` and `crate::fp`), so the two forms cannot disagree. One file per
//! quadrant (the low two bits, 00, 01 and 10).
//!
//! Reserved encodings are illegal instructions, among them the all-zero parcel
//! (C.ADDI4SPN with a zero immediate), C.ADDIW, C.LWSP, C.LDSP with rd = x0, C.JR with
//! rs1 = x0, C.LUI and C.ADDI16SP with a zero immediate, quadrant 0's funct3 = 100 and
//! the `100 1 11 .. 1x` space of quadrant 1 (Zcb, not implemented). HINT encodings
//! (rd = x0 and the like) are executed as their expansion, which changes nothing.

use crate::decoder::{Fields, Row};

mod quadrant0;
mod quadrant1;
mod quadrant2;

/// The decode tables of the compressed instructions.
pub(crate) const TABLES: &[&[Row]] = &[quadrant0::ROWS, quadrant1::ROWS, quadrant2::ROWS];

/// A 3-bit register field (rd', rs1', rs2'): x8..x15.
fn prime(f: Fields, letter: char) -> u8 {
    8 + f.reg(letter)
}
