//! Table-driven instruction decoding, for 32-bit instructions and 16-bit compressed ones.
//!
//! An encoding is a pattern of 32 (or, for the C extension, 16) characters, most
//! significant bit first: `0`/`1` are fixed bits, `-` is a bit the encoding ignores, and
//! a letter is a bit of the field with that letter (`d` rd, `s` rs1, `t` rs2, `r` rs3,
//! `i` an immediate whose bits are in order, `m` the rounding mode, `h` a shift amount,
//! `c` a CSR number, ...; immediates the ISA scatters are gathered by `imm.rs`).
//! Rows are tried most specific first (most fixed bits), so an encoding that is a special
//! case of another (a hint, or a reserved value of a field) wins when both match.

use crate::translate::{Tr, Undefined};
use std::sync::OnceLock;

/// A translation function: emits the IR for one instruction.
pub type Handler = fn(&mut Tr, Fields) -> Result<(), Undefined>;

/// One encoding.
#[derive(Clone, Copy)]
pub struct Row {
    /// The instruction's name in the RISC-V specifications, for traces and tests.
    pub name: &'static str,
    pub pattern: &'static str,
    pub handler: Handler,
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.name, self.pattern)
    }
}

/// `row!("ADDI", "iiiiiiiiiiiisssss000ddddd0010011", addi)`
#[macro_export]
macro_rules! row {
    ($name:expr, $pattern:expr, $handler:expr) => {
        $crate::decoder::Row { name: $name, pattern: $pattern, handler: $handler }
    };
}

/// The fields of one matched instruction.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The instruction (a compressed one zero-extended).
    pub insn: u32,
    pattern: &'static str,
}

impl Fields {
    /// The bits of field `letter`, concatenated most significant first.
    pub fn get(&self, letter: char) -> u32 {
        let top = self.pattern.len() - 1;
        let mut out = 0u32;
        for (i, c) in self.pattern.bytes().enumerate() {
            if c == letter as u8 {
                out = (out << 1) | ((self.insn >> (top - i)) & 1);
            }
        }
        out
    }

    /// Field `letter` as a register number.
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

fn compile(row: &'static Row, bits: usize) -> Compiled {
    assert_eq!(row.pattern.len(), bits, "pattern of {} is not {bits} bits", row.name);
    let (mut mask, mut value) = (0u32, 0u32);
    for (i, c) in row.pattern.bytes().enumerate() {
        let bit = 1u32 << (bits - 1 - i);
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

/// One instruction length's rows, most specific first, and an index over them: the
/// `INDEX_BITS` bits the most rows fix (the major opcode and funct3, in practice) select
/// a bucket listing, in the same order, only the rows that can match there.
struct Table {
    rows: Vec<Compiled>,
    positions: Vec<u32>,
    buckets: Vec<Vec<u16>>,
}

const INDEX_BITS: usize = 10;

impl Table {
    fn build(groups: &[&[&'static [Row]]], bits: usize) -> Table {
        let rows = groups.iter().flat_map(|g| g.iter()).flat_map(|t| t.iter());
        let mut rows: Vec<Compiled> = rows.map(|r| compile(r, bits)).collect();
        // Most fixed bits first; the sort is stable so table order breaks ties (a test
        // checks no two equally specific rows overlap).
        rows.sort_by_key(|c| std::cmp::Reverse(c.mask.count_ones()));
        let fixed_in = |bit: u32| rows.iter().filter(|c| c.mask & (1 << bit) != 0).count();
        let mut positions: Vec<u32> = (0..bits as u32).collect();
        positions.sort_by_key(|&bit| (std::cmp::Reverse(fixed_in(bit)), bit));
        positions.truncate(INDEX_BITS.min(bits));
        positions.sort_by(|a, b| b.cmp(a));
        let buckets = (0..1usize << positions.len())
            .map(|bucket| {
                let candidates = rows.iter().enumerate().filter(|(_, c)| {
                    let fixed = bucket_of(&positions, c.mask);
                    bucket_of(&positions, c.value) & fixed == bucket & fixed
                });
                candidates.map(|(i, _)| i as u16).collect()
            })
            .collect();
        Table { rows, positions, buckets }
    }

    fn decode(&self, insn: u32) -> Option<&Compiled> {
        let candidates = &self.buckets[bucket_of(&self.positions, insn)];
        candidates.iter().map(|&i| &self.rows[usize::from(i)]).find(|c| insn & c.mask == c.value)
    }
}

/// The bucket number of a word: its bits at `positions`, concatenated.
fn bucket_of(positions: &[u32], word: u32) -> usize {
    positions.iter().fold(0, |acc, &bit| (acc << 1) | ((word >> bit) & 1) as usize)
}

struct Tables {
    full: Table,
    compressed: Table,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables { full: Table::build(crate::TABLES, 32), compressed: Table::build(&[crate::c::TABLES], 16) })
}

/// The row that decodes the 32-bit instruction `insn`, if any.
pub fn decode(insn: u32) -> Option<(&'static Row, Fields)> {
    tables().full.decode(insn).map(|c| (c.row, Fields { insn, pattern: c.row.pattern }))
}

/// The row that decodes the 16-bit compressed instruction `insn`, if any.
pub fn decode_compressed(insn: u16) -> Option<(&'static Row, Fields)> {
    let insn = u32::from(insn);
    tables().compressed.decode(insn).map(|c| (c.row, Fields { insn, pattern: c.row.pattern }))
}

/// Every 32-bit row, for tests and the differential test's generator.
pub fn all_rows() -> impl Iterator<Item = &'static Row> {
    tables().full.rows.iter().map(|c| c.row)
}

/// Every 16-bit row.
pub fn all_compressed_rows() -> impl Iterator<Item = &'static Row> {
    tables().compressed.rows.iter().map(|c| c.row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_concatenate_in_pattern_order() {
        let pattern = "aab----------------------------b";
        let f = Fields { insn: 0b1011_0000_0000_0000_0000_0000_0000_0001, pattern };
        assert_eq!(f.get('a'), 0b10);
        assert_eq!(f.get('b'), 0b11);
        assert_eq!(f.signed('a'), -2);
        let f = Fields { insn: 0b1100_0000_0000_0001, pattern: "aa-------------b" };
        assert_eq!((f.get('a'), f.get('b')), (0b11, 1));
    }

    /// The index must pick exactly the row a scan of every row in order would.
    fn index_matches_scan(t: &Table, bits: u32) {
        let scan = |insn: u32| t.rows.iter().position(|c| insn & c.mask == c.value);
        let mut words: Vec<u32> = t.rows.iter().flat_map(|c| [c.value, c.value | (!c.mask & (u32::MAX >> (32 - bits)))]).collect();
        let mut x = 0x9e37_79b9u32;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            words.push(x >> (32 - bits));
        }
        for insn in words {
            let expected = scan(insn).map(|i| &t.rows[i] as *const Compiled);
            assert_eq!(t.decode(insn).map(|c| c as *const Compiled), expected, "{insn:#010x}");
        }
    }

    #[test]
    fn indexed_decode_matches_a_full_scan() {
        index_matches_scan(&tables().full, 32);
        index_matches_scan(&tables().compressed, 16);
    }

    /// The decoder breaks ties between equally specific rows by table order; no row
    /// relies on that.
    #[test]
    fn no_two_rows_of_equal_specificity_overlap() {
        for t in [&tables().full, &tables().compressed] {
            for (i, a) in t.rows.iter().enumerate() {
                for b in &t.rows[i + 1..] {
                    let overlap = (a.value ^ b.value) & a.mask & b.mask == 0;
                    assert!(!(overlap && a.mask.count_ones() == b.mask.count_ones()), "{:?} overlaps {:?}", a.row, b.row);
                }
            }
        }
    }

    #[test]
    fn full_length_rows_have_the_32_bit_opcode_and_compressed_ones_do_not() {
        for row in all_rows() {
            assert!(row.pattern.ends_with("11"), "{row:?}");
        }
        for row in all_compressed_rows() {
            assert!(!row.pattern.ends_with("11"), "{row:?}");
        }
    }
}
