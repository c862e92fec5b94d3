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

impl Compiled {
    fn matches(&self, insn: u32) -> bool {
        insn & self.mask == self.value
    }
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

/// How many instruction bits select a bucket.
const INDEX_BITS: u32 = 12;

/// The rows, most specific first, and a lookup index over them. Trying every row in
/// order costs hundreds of mask compares per instruction, which made decoding the
/// largest part of translation; instead `INDEX_BITS` instruction bits (the ones most
/// rows fix) select a bucket listing, in the same order, only the rows whose fixed bits
/// agree with the bucket. A bucket is filled the first time an instruction needs it,
/// so a short-lived process pays only for the buckets its code uses.
struct Tables {
    rows: Vec<Compiled>,
    /// For each row, its fixed bits among the index bits and their values, as bucket
    /// numbers: (mask, value).
    row_index: Vec<(usize, usize)>,
    /// Bit positions forming the bucket number, most significant first.
    index_positions: Vec<u32>,
    buckets: Box<[OnceLock<Box<[u16]>>]>,
}

impl Tables {
    fn build() -> Tables {
        let mut rows: Vec<Compiled> = crate::int::TABLES
            .iter()
            .chain(crate::fp::TABLES)
            .chain(crate::simd::TABLES)
            .chain(crate::simd::perm::TABLES)
            .flat_map(|t| t.iter())
            .map(compile)
            .collect();
        // Most fixed bits first; the sort is stable so table order breaks ties.
        rows.sort_by_key(|c| std::cmp::Reverse(c.mask.count_ones()));
        assert!(rows.len() <= usize::from(u16::MAX), "bucket entries are u16 row numbers");
        let fixed_in = |bit: u32| rows.iter().filter(|c| c.mask & (1 << bit) != 0).count();
        let mut positions: Vec<u32> = (0..32).collect();
        positions.sort_by_key(|&bit| (std::cmp::Reverse(fixed_in(bit)), std::cmp::Reverse(bit)));
        positions.truncate(INDEX_BITS as usize);
        positions.sort_by(|a, b| b.cmp(a));
        let row_index = rows.iter().map(|c| (bucket_of(&positions, c.mask), bucket_of(&positions, c.value))).collect();
        let buckets = (0..1usize << INDEX_BITS).map(|_| OnceLock::new()).collect();
        Tables { rows, row_index, index_positions: positions, buckets }
    }

    /// The rows that can match an instruction in bucket `bucket`, in decoding order.
    fn bucket(&self, bucket: usize) -> &[u16] {
        self.buckets[bucket].get_or_init(|| {
            let rows = self.row_index.iter().enumerate();
            rows.filter(|&(_, &(fixed, value))| value & fixed == bucket & fixed).map(|(i, _)| i as u16).collect()
        })
    }

    fn decode(&self, insn: u32) -> Option<&Compiled> {
        let candidates = self.bucket(bucket_of(&self.index_positions, insn));
        candidates.iter().map(|&i| &self.rows[usize::from(i)]).find(|c| c.matches(insn))
    }
}

/// The bucket number of a word: its bits at `positions`, concatenated.
fn bucket_of(positions: &[u32], word: u32) -> usize {
    positions.iter().fold(0, |acc, &bit| (acc << 1) | ((word >> bit) & 1) as usize)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::build)
}

/// The row that decodes `insn`, if any.
pub fn decode(insn: u32) -> Option<(&'static Row, Fields)> {
    tables().decode(insn).map(|c| (c.row, Fields { insn, pattern: c.row.pattern }))
}

/// Every row, for tests that check the tables themselves.
pub fn all_rows() -> impl Iterator<Item = &'static Row> {
    tables().rows.iter().map(|c| c.row)
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

    /// The index must pick exactly the row a scan of every row in order would.
    #[test]
    fn indexed_decode_matches_a_full_scan() {
        let t = tables();
        let scan = |insn: u32| t.rows.iter().position(|c| c.matches(insn));
        let by_index = |insn: u32| t.decode(insn).map(|c| c as *const Compiled);
        let mut words: Vec<u32> = Vec::new();
        // Every row's own encoding, with its free bits all clear and all set.
        for c in &t.rows {
            words.push(c.value);
            words.push(c.value | !c.mask);
        }
        // And pseudo-random words (xorshift), most of which hit holes or other rows.
        let mut x = 0x9e37_79b9u32;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            words.push(x);
        }
        for insn in words {
            let expected = scan(insn).map(|i| &t.rows[i] as *const Compiled);
            assert_eq!(by_index(insn), expected, "{insn:#010x}");
        }
    }

    #[test]
    fn every_pattern_is_well_formed() {
        for row in all_rows() {
            assert_eq!(row.pattern.len(), 32, "{row:?}");
            assert!(row.pattern.bytes().all(|c| c == b'0' || c == b'1' || c == b'-' || c.is_ascii_alphabetic()), "{row:?}");
        }
    }
}
