//! Table-driven instruction decoding for A32 words, T32 32-bit instructions and T32
//! 16-bit instructions.
//!
//! An encoding is a pattern of 32 (or, for 16-bit Thumb, 16) characters, most
//! significant bit first: `0`/`1` are fixed bits, `-` is a bit the encoding ignores
//! (in A32 rows the condition field `----`, which the translation loop handles before
//! the row's handler runs), and a letter is a bit of the field with that letter, named
//! after the Arm ARM (`n` Rn, `d` Rd, `m` Rm, `t` Rt, `s` Rs, `i` an immediate, `S`
//! the flag-setting bit, `P`/`U`/`W` the addressing-mode bits...). A T32 32-bit pattern
//! is the first halfword followed by the second. Rows are tried most specific first
//! (most fixed bits), so an encoding that is a special case of another (an alias, or a
//! reserved value of a field) wins when both match.

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

/// `row!("ADD (immediate)", "----0010100Snnnnddddiiiiiiiiiiii", add_imm)`
#[macro_export]
macro_rules! row {
    ($name:expr, $pattern:expr, $handler:expr) => {
        $crate::decoder::Row { name: $name, pattern: $pattern, handler: $handler }
    };
}

/// The fields of one matched instruction.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The instruction (a 16-bit one zero-extended; a 32-bit Thumb one with its first
    /// halfword in the high bits).
    pub insn: u32,
    pattern: &'static str,
}

impl Fields {
    /// The fields of `insn` read through `pattern` (for tests and for handlers that
    /// decode a sub-encoding of their own).
    pub fn new(insn: u32, pattern: &'static str) -> Fields {
        Fields { insn, pattern }
    }

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

/// How many instruction bits select a bucket.
const INDEX_BITS: usize = 12;

/// One instruction set's rows, most specific first, and an index over them: the
/// `INDEX_BITS` bits the most rows fix select a bucket listing, in the same order, only
/// the rows that can match there. A bucket is filled the first time an instruction
/// needs it, so a short process pays only for the buckets its code touches.
struct Table {
    rows: Vec<Compiled>,
    /// For each row, its fixed bits among the index bits and their values, as bucket
    /// numbers: (mask, value).
    row_index: Vec<(usize, usize)>,
    positions: Vec<u32>,
    buckets: Box<[OnceLock<Box<[u16]>>]>,
}

impl Table {
    fn build(groups: &[&'static [Row]], bits: usize) -> Table {
        let rows = groups.iter().flat_map(|t| t.iter());
        let mut rows: Vec<Compiled> = rows.map(|r| compile(r, bits)).collect();
        // Most fixed bits first; the sort is stable so table order breaks ties.
        rows.sort_by_key(|c| std::cmp::Reverse(c.mask.count_ones()));
        assert!(rows.len() <= usize::from(u16::MAX), "bucket entries are u16 row numbers");
        let fixed_in = |bit: u32| rows.iter().filter(|c| c.mask & (1 << bit) != 0).count();
        let mut positions: Vec<u32> = (0..bits as u32).collect();
        positions.sort_by_key(|&bit| (std::cmp::Reverse(fixed_in(bit)), std::cmp::Reverse(bit)));
        positions.truncate(INDEX_BITS.min(bits));
        positions.sort_by(|a, b| b.cmp(a));
        let row_index = rows.iter().map(|c| (bucket_of(&positions, c.mask), bucket_of(&positions, c.value))).collect();
        let buckets = (0..1usize << positions.len()).map(|_| OnceLock::new()).collect();
        Table { rows, row_index, positions, buckets }
    }

    /// The rows that can match an instruction in bucket `bucket`, in decoding order.
    fn bucket(&self, bucket: usize) -> &[u16] {
        self.buckets[bucket].get_or_init(|| {
            let rows = self.row_index.iter().enumerate();
            rows.filter(|&(_, &(fixed, value))| value & fixed == bucket & fixed).map(|(i, _)| i as u16).collect()
        })
    }

    fn decode(&self, insn: u32) -> Option<(&'static Row, Fields)> {
        let candidates = self.bucket(bucket_of(&self.positions, insn));
        let c = candidates.iter().map(|&i| &self.rows[usize::from(i)]).find(|c| insn & c.mask == c.value)?;
        Some((c.row, Fields { insn, pattern: c.row.pattern }))
    }
}

/// The bucket number of a word: its bits at `positions`, concatenated.
fn bucket_of(positions: &[u32], word: u32) -> usize {
    positions.iter().fold(0, |acc, &bit| (acc << 1) | ((word >> bit) & 1) as usize)
}

/// Which table an instruction is decoded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Set {
    /// A32 with a condition field other than 1111 (the field is not matched).
    A32,
    /// A32's unconditional space (condition field 1111).
    A32Unconditional,
    /// T32 32-bit instructions outside the coprocessor, VFP and AdvSIMD spaces (those
    /// are decoded as their A32 equivalents, see `translate`).
    T32,
    /// T32 16-bit instructions.
    T16,
}

struct Tables {
    a32: Table,
    a32_unconditional: Table,
    t32: Table,
    t16: Table,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        a32: Table::build(&crate::a32_tables(), 32),
        a32_unconditional: Table::build(&crate::a32_unconditional_tables(), 32),
        t32: Table::build(&crate::t32_tables(), 32),
        t16: Table::build(&crate::t16_tables(), 16),
    })
}

fn table(set: Set) -> &'static Table {
    let t = tables();
    match set {
        Set::A32 => &t.a32,
        Set::A32Unconditional => &t.a32_unconditional,
        Set::T32 => &t.t32,
        Set::T16 => &t.t16,
    }
}

/// The row of `set` that decodes `insn`, if any.
pub fn decode(set: Set, insn: u32) -> Option<(&'static Row, Fields)> {
    table(set).decode(insn)
}

/// Every row of `set`, for tests and the differential tests' generators.
pub fn all_rows(set: Set) -> impl Iterator<Item = &'static Row> {
    table(set).rows.iter().map(|c| c.row)
}

/// Every encoding a T32 instruction can have, as (name, pattern): the 16-bit and 32-bit
/// T32 rows, and the A32 coprocessor, VFP and AdvSIMD rows rewritten in their T32 form
/// (see `crate::t32_as_a32`), for the differential tests' generators.
pub fn thumb_rows() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = all_rows(Set::T16).chain(all_rows(Set::T32)).map(|r| (r.name, r.pattern.to_string())).collect();
    for r in all_rows(Set::A32) {
        // The coprocessor space (bits 27:26 = 11) but SVC.
        if r.pattern[4..6] == *"11" && &r.pattern[4..8] != "1111" {
            out.push((r.name, format!("1110{}", &r.pattern[4..])));
        }
    }
    for r in all_rows(Set::A32Unconditional) {
        let p = r.pattern;
        let t32 = if p.starts_with("1111001") {
            // 1111 001U -> 111U 1111
            Some(format!("111{}1111{}", &p[7..8], &p[8..]))
        } else if p.starts_with("11110100") && &p[11..12] == "0" {
            // 1111 0100 xxx0 -> 1111 1001 xxx0
            Some(format!("11111001{}", &p[8..]))
        } else if p.starts_with("111111") {
            Some(p.to_string())
        } else {
            None
        };
        out.extend(t32.map(|t| (r.name, t)));
    }
    out
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
    #[test]
    fn indexed_decode_matches_a_full_scan() {
        for (set, bits) in [(Set::A32, 32), (Set::A32Unconditional, 32), (Set::T32, 32), (Set::T16, 16)] {
            let t = table(set);
            let scan = |insn: u32| t.rows.iter().position(|c| insn & c.mask == c.value);
            let free = |c: &Compiled| !c.mask & (u32::MAX >> (32 - bits));
            let mut words: Vec<u32> = t.rows.iter().flat_map(|c| [c.value, c.value | free(c)]).collect();
            let mut x = 0x9e37_79b9u32;
            for _ in 0..100_000 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                words.push(if bits == 16 { x & 0xffff } else { x });
            }
            for insn in words {
                let want = scan(insn).map(|i| t.rows[i].row as *const Row);
                let got = t.decode(insn).map(|(r, _)| r as *const Row);
                assert_eq!(got, want, "{set:?} {insn:#010x}");
            }
        }
    }

    /// Two rows with the same number of fixed bits must not both match one word: which
    /// one wins would depend on table order.
    #[test]
    fn equally_specific_rows_do_not_overlap() {
        for set in [Set::A32, Set::A32Unconditional, Set::T32, Set::T16] {
            let rows = &table(set).rows;
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    if a.mask.count_ones() != b.mask.count_ones() {
                        break;
                    }
                    let common = a.mask & b.mask;
                    assert!(a.value & common != b.value & common, "{set:?}: {:?} and {:?} overlap", a.row, b.row);
                }
            }
        }
    }
}
