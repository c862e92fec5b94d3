//! Decoders as data, for every guest frontend.
//!
//! An encoding is a pattern of 16 or 32 characters, most significant bit first: `0`/`1`
//! are fixed bits, `-` is a bit the encoding ignores, and a letter is a bit of the field
//! with that letter (each frontend names its fields after its architecture's manual).
//! A [`Table`] tries its rows most specific first (most fixed bits), so an encoding that
//! is a special case of another (an alias, a hint, a reserved value of a field) wins
//! when both match; rows equally specific are tried in table order.
//!
//! Written here rather than taken from a crate: the tables are the frontends' own data,
//! and the lookup is a small index over them (see [`Table`]).

use std::sync::OnceLock;

/// One encoding: its name in the architecture's manual (for traces and tests), its
/// pattern, and what the frontend does with it.
#[derive(Clone, Copy)]
pub struct Row<H> {
    pub name: &'static str,
    pub pattern: &'static str,
    pub handler: H,
}

impl<H> std::fmt::Debug for Row<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.name, self.pattern)
    }
}

/// The fields of one instruction, read through a pattern.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The instruction (a 16-bit one zero-extended).
    pub insn: u32,
    pattern: &'static str,
}

impl Fields {
    /// The fields of `insn` read through `pattern` (for handlers that decode a
    /// sub-encoding of their own, and for tests).
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

struct Compiled<H: 'static> {
    mask: u32,
    value: u32,
    row: &'static Row<H>,
}

impl<H> Compiled<H> {
    fn new(row: &'static Row<H>, bits: usize) -> Self {
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
                b'-' => {}
                c => assert!(c.is_ascii_alphabetic(), "pattern of {} has {:?}", row.name, c as char),
            }
        }
        Compiled { mask, value, row }
    }

    fn matches(&self, insn: u32) -> bool {
        insn & self.mask == self.value
    }
}

/// How many instruction bits select a bucket.
const INDEX_BITS: usize = 12;

/// One instruction set's rows, most specific first, and an index over them. Trying
/// every row in order costs hundreds of mask compares per instruction, which made
/// decoding the largest part of translation; instead the `INDEX_BITS` instruction bits
/// the most rows fix select a bucket listing, in the same order, only the rows whose
/// fixed bits agree with the bucket. A bucket is filled the first time an instruction
/// needs it, so a short-lived process pays only for the buckets its code uses.
pub struct Table<H: 'static> {
    bits: usize,
    rows: Vec<Compiled<H>>,
    /// For each row, its fixed bits among the index bits and their values, as bucket
    /// numbers: (mask, value).
    row_index: Vec<(usize, usize)>,
    /// Bit positions forming the bucket number, most significant first.
    positions: Vec<u32>,
    buckets: Box<[OnceLock<Box<[u16]>>]>,
}

impl<H> Table<H> {
    /// The table of `rows`, each a pattern of `bits` (16 or 32) characters. Panics on a
    /// malformed pattern: the rows are the frontend's constant data.
    pub fn new(rows: impl IntoIterator<Item = &'static Row<H>>, bits: usize) -> Self {
        assert!(bits == 16 || bits == 32, "instructions are 16 or 32 bits");
        let mut rows: Vec<Compiled<H>> = rows.into_iter().map(|r| Compiled::new(r, bits)).collect();
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
        Table { bits, rows, row_index, positions, buckets }
    }

    /// The rows that can match an instruction in bucket `bucket`, in decoding order.
    fn bucket(&self, bucket: usize) -> &[u16] {
        self.buckets[bucket].get_or_init(|| {
            let rows = self.row_index.iter().enumerate();
            rows.filter(|&(_, &(fixed, value))| value & fixed == bucket & fixed).map(|(i, _)| i as u16).collect()
        })
    }

    /// The row that decodes `insn`, if any, and its fields.
    pub fn decode(&self, insn: u32) -> Option<(&'static Row<H>, Fields)> {
        let candidates = self.bucket(bucket_of(&self.positions, insn));
        let c = candidates.iter().map(|&i| &self.rows[usize::from(i)]).find(|c| c.matches(insn))?;
        Some((c.row, Fields { insn, pattern: c.row.pattern }))
    }

    /// Every row, in decoding order.
    pub fn rows(&self) -> impl Iterator<Item = &'static Row<H>> + '_ {
        self.rows.iter().map(|c| c.row)
    }

    /// Words on which the index picks another row than a scan of every row in order
    /// would, among each row's own encoding (free bits clear, and set) and `random`
    /// pseudo-random words. A frontend's tests expect none.
    pub fn index_disagreements(&self, random: usize) -> Vec<u32> {
        let width_mask = u32::MAX >> (32 - self.bits);
        let mut words: Vec<u32> = self.rows.iter().flat_map(|c| [c.value, c.value | (!c.mask & width_mask)]).collect();
        let mut x = 0x9e37_79b9u32;
        for _ in 0..random {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            words.push(x & width_mask);
        }
        let scan = |insn: u32| self.rows.iter().find(|c| c.matches(insn)).map(|c| c.row as *const Row<H>);
        let by_index = |insn: u32| self.decode(insn).map(|(r, _)| r as *const Row<H>);
        words.into_iter().filter(|&insn| scan(insn) != by_index(insn)).collect()
    }

    /// Pairs of rows with the same number of fixed bits that both match some word: which
    /// one decodes it depends on table order, which no frontend should rely on.
    pub fn equally_specific_overlaps(&self) -> Vec<(&'static Row<H>, &'static Row<H>)> {
        let mut out = Vec::new();
        for (i, a) in self.rows.iter().enumerate() {
            for b in self.rows[i + 1..].iter().take_while(|b| b.mask.count_ones() == a.mask.count_ones()) {
                if (a.value ^ b.value) & a.mask & b.mask == 0 {
                    out.push((a.row, b.row));
                }
            }
        }
        out
    }
}

/// The bucket number of a word: its bits at `positions`, concatenated.
fn bucket_of(positions: &[u32], word: u32) -> usize {
    positions.iter().fold(0, |acc, &bit| (acc << 1) | ((word >> bit) & 1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_concatenate_in_pattern_order() {
        // "b" is split in two runs: bits 29 and 0.
        let f = Fields::new(0b1011_0000_0000_0000_0000_0000_0000_0001, "aab----------------------------b");
        assert_eq!(f.get('a'), 0b10);
        assert_eq!(f.get('b'), 0b11);
        assert_eq!(f.signed('a'), -2);
        let f = Fields::new(0b1100_0000_0000_0001, "aa-------------b");
        assert_eq!((f.get('a'), f.get('b')), (0b11, 1));
    }

    static ROWS: [Row<u8>; 4] = [
        Row { name: "ANY", pattern: "0000iiiiiiiiiiii", handler: 0 },
        Row { name: "ZERO", pattern: "0000000000000000", handler: 1 },
        Row { name: "HIGH", pattern: "1---------------", handler: 2 },
        Row { name: "HIGH-ODD", pattern: "1--------------1", handler: 3 },
    ];

    #[test]
    fn the_most_specific_row_wins() {
        let t = Table::new(&ROWS, 16);
        let handler = |insn| t.decode(insn).map(|(r, _)| r.handler);
        assert_eq!(handler(0), Some(1));
        assert_eq!(handler(0x0123), Some(0));
        assert_eq!(handler(0x8000), Some(2));
        assert_eq!(handler(0x8001), Some(3));
        assert_eq!(handler(0x4000), None);
        assert_eq!(t.decode(0x0123).unwrap().1.get('i'), 0x123);
        assert!(t.index_disagreements(10_000).is_empty());
        assert!(t.equally_specific_overlaps().is_empty());
    }

    #[test]
    fn overlapping_rows_of_equal_specificity_are_reported() {
        static OVERLAPPING: [Row<u8>; 2] = [
            Row { name: "A", pattern: "1---------------", handler: 0 },
            Row { name: "B", pattern: "---------------1", handler: 1 },
        ];
        let t = Table::new(&OVERLAPPING, 16);
        let pairs: Vec<_> = t.equally_specific_overlaps().iter().map(|(a, b)| (a.name, b.name)).collect();
        assert_eq!(pairs, [("A", "B")]);
    }

    #[test]
    #[should_panic(expected = "pattern of BAD has '?'")]
    fn a_malformed_pattern_is_refused() {
        static BAD: [Row<u8>; 1] = [Row { name: "BAD", pattern: "?---------------", handler: 0 }];
        Table::new(&BAD, 16);
    }
}
