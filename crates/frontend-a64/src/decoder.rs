//! Table-driven instruction decoding.
//!
//! An encoding is a 32-character pattern, most significant bit first: `0`/`1` are fixed
//! bits, `-` is a bit the encoding ignores, and a letter is a bit of the field with that
//! letter (fields are named after the Arm ARM, e.g. `n` for Rn, `d` for Rd, `i` for an
//! immediate). Rows are tried most specific first (most fixed bits), so an encoding that
//! is a special case of another (an alias or an unallocated hole) wins when both match.

use crate::translate::{Tr, Undefined};
use std::sync::OnceLock;

/// A translation function: emits the IR for one instruction.
pub type Handler = fn(&mut Tr, Fields) -> Result<(), Undefined>;

/// One encoding.
#[derive(Clone, Copy)]
pub struct Row {
    /// The Arm ARM's name of the encoding, for traces and tests.
    pub name: &'static str,
    pub pattern: &'static str,
    pub handler: Handler,
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.name, self.pattern)
    }
}

/// `row!("ADD (immediate)", "z0010001shiiiiiiiiiiiinnnnnddddd", add_imm)`
#[macro_export]
macro_rules! row {
    ($name:expr, $pattern:expr, $handler:expr) => {
        $crate::decoder::Row { name: $name, pattern: $pattern, handler: $handler }
    };
}

/// The fields of one matched instruction.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub insn: u32,
    pattern: &'static str,
}

impl Fields {
    /// The bits of field `letter`, concatenated most significant first.
    pub fn get(&self, letter: char) -> u32 {
        let mut out = 0u32;
        for (i, c) in self.pattern.bytes().enumerate() {
            if c == letter as u8 {
                out = (out << 1) | ((self.insn >> (31 - i)) & 1);
            }
        }
        out
    }

    /// Field `letter` as a register number (u8).
    pub fn reg(&self, letter: char) -> u8 {
        self.get(letter) as u8
    }

    /// Whether single-bit field `letter` is set.
    pub fn bit(&self, letter: char) -> bool {
        self.get(letter) != 0
    }

    /// Field `letter` sign-extended from its width.
    pub fn signed(&self, letter: char) -> i64 {
        let width = self.pattern.bytes().filter(|&c| c == letter as u8).count() as u32;
        let raw = self.get(letter) as i64;
        (raw << (64 - width)) >> (64 - width)
    }
}

struct Compiled {
    mask: u32,
    value: u32,
    row: &'static Row,
}

fn compile(row: &'static Row) -> Compiled {
    assert_eq!(row.pattern.len(), 32, "pattern of {} is not 32 bits", row.name);
    let (mut mask, mut value) = (0u32, 0u32);
    for (i, c) in row.pattern.bytes().enumerate() {
        let bit = 1u32 << (31 - i);
        match c {
            b'0' => mask |= bit,
            b'1' => {
                mask |= bit;
                value |= bit;
            }
            _ => {}
        }
    }
    Compiled { mask, value, row }
}

fn tables() -> &'static [Compiled] {
    static TABLE: OnceLock<Vec<Compiled>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all: Vec<Compiled> = crate::int::TABLES
            .iter()
            .chain(crate::fp::TABLES)
            .chain(crate::simd::TABLES)
            .chain(crate::simd::perm::TABLES)
            .flat_map(|t| t.iter())
            .map(compile)
            .collect();
        // Most fixed bits first; the sort is stable so table order breaks ties.
        all.sort_by_key(|c| std::cmp::Reverse(c.mask.count_ones()));
        all
    })
}

/// The row that decodes `insn`, if any.
pub fn decode(insn: u32) -> Option<(&'static Row, Fields)> {
    tables()
        .iter()
        .find(|c| insn & c.mask == c.value)
        .map(|c| (c.row, Fields { insn, pattern: c.row.pattern }))
}

/// Every row, for tests that check the tables themselves.
pub fn all_rows() -> impl Iterator<Item = &'static Row> {
    tables().iter().map(|c| c.row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_concatenate_in_pattern_order() {
        // "b" is split in two runs: bits 29 and 0.
        let pattern = "aab----------------------------b";
        let f = Fields { insn: 0b1011_0000_0000_0000_0000_0000_0000_0001, pattern };
        assert_eq!(f.get('a'), 0b10);
        assert_eq!(f.get('b'), 0b11);
        assert_eq!(f.signed('a'), -2);
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for row in all_rows() {
            assert_eq!(row.pattern.len(), 32, "{row:?}");
            assert!(row.pattern.bytes().all(|c| c == b'0' || c == b'1' || c == b'-' || c.is_ascii_alphabetic()), "{row:?}");
        }
    }
}
