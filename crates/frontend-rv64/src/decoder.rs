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
pub use crossrun_decode::Fields;
use crossrun_decode::Table;
use std::sync::OnceLock;

/// A translation function: emits the IR for one instruction.
pub type Handler = fn(&mut Tr, Fields) -> Result<(), Undefined>;

/// One encoding.
pub type Row = crossrun_decode::Row<Handler>;

/// `row!("ADDI", "iiiiiiiiiiiisssss000ddddd0010011", addi)`
#[macro_export]
macro_rules! row {
    ($name:expr, $pattern:expr, $handler:expr) => {
        $crate::decoder::Row { name: $name, pattern: $pattern, handler: $handler }
    };
}

/// One table per instruction length.
struct Tables {
    full: Table<Handler>,
    compressed: Table<Handler>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        full: Table::new(crate::TABLES.iter().flat_map(|g| g.iter()).flat_map(|t| t.iter()), 32),
        compressed: Table::new(crate::c::TABLES.iter().flat_map(|t| t.iter()), 16),
    })
}

/// The row that decodes the 32-bit instruction `insn`, if any.
pub fn decode(insn: u32) -> Option<(&'static Row, Fields)> {
    tables().full.decode(insn)
}

/// The row that decodes the 16-bit compressed instruction `insn`, if any.
pub fn decode_compressed(insn: u16) -> Option<(&'static Row, Fields)> {
    tables().compressed.decode(u32::from(insn))
}

/// Every 32-bit row, for tests and the differential test's generator.
pub fn all_rows() -> impl Iterator<Item = &'static Row> {
    tables().full.rows()
}

/// Every 16-bit row.
pub fn all_compressed_rows() -> impl Iterator<Item = &'static Row> {
    tables().compressed.rows()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index must pick exactly the row a scan of every row in order would.
    #[test]
    fn indexed_decode_matches_a_full_scan() {
        assert_eq!(tables().full.index_disagreements(200_000), []);
        assert_eq!(tables().compressed.index_disagreements(200_000), []);
    }

    /// The decoder breaks ties between equally specific rows by table order; no row
    /// relies on that.
    #[test]
    fn no_two_rows_of_equal_specificity_overlap() {
        for t in [&tables().full, &tables().compressed] {
            assert!(t.equally_specific_overlaps().is_empty(), "{:?}", t.equally_specific_overlaps());
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
