//! The A64 decoder: every encoding as a crossrun-decode row. Patterns are 32 characters;
//! fields are named after the Arm ARM (`n` for Rn, `d` for Rd, `i` for an immediate, ...).

use crate::translate::{Tr, Undefined};
pub use crossrun_decode::Fields;
use crossrun_decode::Table;
use std::sync::OnceLock;

/// A translation function: emits the IR for one instruction.
pub type Handler = fn(&mut Tr, Fields) -> Result<(), Undefined>;

/// One encoding.
pub type Row = crossrun_decode::Row<Handler>;

/// `row!("ADD (immediate)", "z0010001shiiiiiiiiiiiinnnnnddddd", add_imm)`
#[macro_export]
macro_rules! row {
    ($name:expr, $pattern:expr, $handler:expr) => {
        $crate::decoder::Row { name: $name, pattern: $pattern, handler: $handler }
    };
}

fn table() -> &'static Table<Handler> {
    static TABLE: OnceLock<Table<Handler>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let groups = crate::int::TABLES.iter().chain(crate::fp::TABLES).chain(crate::simd::TABLES).chain(crate::simd::perm::TABLES);
        Table::new(groups.flat_map(|t| t.iter()), 32)
    })
}

/// The row that decodes `insn`, if any.
pub fn decode(insn: u32) -> Option<(&'static Row, Fields)> {
    table().decode(insn)
}

/// Every row, for tests that check the tables themselves.
pub fn all_rows() -> impl Iterator<Item = &'static Row> {
    table().rows()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index must pick exactly the row a scan of every row in order would.
    #[test]
    fn indexed_decode_matches_a_full_scan() {
        assert_eq!(table().index_disagreements(200_000), []);
    }
}
