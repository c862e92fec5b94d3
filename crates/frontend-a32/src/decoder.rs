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
pub use crossrun_decode::Fields;
use crossrun_decode::Table;
use std::sync::OnceLock;

/// A translation function: emits the IR for one instruction.
pub type Handler = fn(&mut Tr, Fields) -> Result<(), Undefined>;

/// One encoding.
pub type Row = crossrun_decode::Row<Handler>;

/// `row!("ADD (immediate)", "----0010100Snnnnddddiiiiiiiiiiii", add_imm)`
#[macro_export]
macro_rules! row {
    ($name:expr, $pattern:expr, $handler:expr) => {
        $crate::decoder::Row { name: $name, pattern: $pattern, handler: $handler }
    };
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
    a32: Table<Handler>,
    a32_unconditional: Table<Handler>,
    t32: Table<Handler>,
    t16: Table<Handler>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        a32: Table::new(crate::a32_tables().into_iter().flatten(), 32),
        a32_unconditional: Table::new(crate::a32_unconditional_tables().into_iter().flatten(), 32),
        t32: Table::new(crate::t32_tables().into_iter().flatten(), 32),
        t16: Table::new(crate::t16_tables().into_iter().flatten(), 16),
    })
}

fn table(set: Set) -> &'static Table<Handler> {
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
    table(set).rows()
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

    const SETS: [Set; 4] = [Set::A32, Set::A32Unconditional, Set::T32, Set::T16];

    /// The index must pick exactly the row a scan of every row in order would.
    #[test]
    fn indexed_decode_matches_a_full_scan() {
        for set in SETS {
            assert_eq!(table(set).index_disagreements(100_000), [], "{set:?}");
        }
    }

    /// Two rows with the same number of fixed bits must not both match one word: which
    /// one wins would depend on table order.
    #[test]
    fn equally_specific_rows_do_not_overlap() {
        for set in SETS {
            assert!(table(set).equally_specific_overlaps().is_empty(), "{set:?}: {:?}", table(set).equally_specific_overlaps());
        }
    }
}
