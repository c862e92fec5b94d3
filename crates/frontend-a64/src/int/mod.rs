//! Integer instructions: data processing (immediate and register), branches, exception
//! generation and system instructions, loads and stores of general registers and of
//! single SIMD&FP registers, exclusives, ordered accesses, LSE atomics and CRC32.
//!
//! One file per encoding group of the Arm ARM; [`operands`] and [`ldst`] hold the operand
//! forms several groups share (ShiftReg, ExtendReg, the load/store size:opc table).

use crate::decoder::Row;

mod addsub_carry;
mod addsub_imm;
mod addsub_reg;
mod atomic;
mod bitfield;
mod branch_imm;
mod branch_reg;
mod cas;
mod cond_compare;
mod cond_select;
mod crc32;
mod dp_1src;
mod dp_2src;
mod dp_3src;
mod exception;
mod extract;
mod hints_barriers;
mod ldst;
mod ldst_exclusive;
mod ldst_imm;
mod ldst_literal;
mod ldst_ordered;
mod ldst_pair;
mod ldst_regoff;
mod logical_imm;
mod logical_reg;
mod move_wide;
mod operands;
mod pc_rel;
mod sys;
pub(crate) mod sysreg;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[
    // Data processing (immediate).
    pc_rel::ROWS,
    addsub_imm::ROWS,
    logical_imm::ROWS,
    move_wide::ROWS,
    bitfield::ROWS,
    extract::ROWS,
    // Branches, exception generation and system instructions.
    branch_imm::ROWS,
    branch_reg::ROWS,
    exception::ROWS,
    hints_barriers::ROWS,
    sys::ROWS,
    sysreg::ROWS,
    // Data processing (register).
    logical_reg::ROWS,
    addsub_reg::ROWS,
    addsub_carry::ROWS,
    cond_compare::ROWS,
    cond_select::ROWS,
    dp_1src::ROWS,
    dp_2src::ROWS,
    crc32::ROWS,
    dp_3src::ROWS,
    // Loads and stores.
    ldst_imm::ROWS,
    ldst_regoff::ROWS,
    ldst_literal::ROWS,
    ldst_pair::ROWS,
    ldst_exclusive::ROWS,
    ldst_ordered::ROWS,
    atomic::ROWS,
    cas::ROWS,
];

const HWCAP_CRC32: u64 = 1 << 7;
const HWCAP_ATOMICS: u64 = 1 << 8;
const HWCAP_LRCPC: u64 = 1 << 15;

/// AT_HWCAP bits for the features this group implements completely.
pub(crate) const HWCAP: u64 = HWCAP_CRC32 | HWCAP_ATOMICS | HWCAP_LRCPC;

#[cfg(test)]
mod tests {
    use super::TABLES;

    fn compiled(pattern: &str) -> (u32, u32) {
        let (mut mask, mut value) = (0u32, 0u32);
        for (i, c) in pattern.bytes().enumerate() {
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
        (mask, value)
    }

    /// The decoder breaks ties between equally specific rows by table order; this group
    /// never relies on that.
    #[test]
    fn no_two_rows_of_equal_specificity_overlap() {
        let rows: Vec<_> = TABLES.iter().flat_map(|t| t.iter()).collect();
        for (i, a) in rows.iter().enumerate() {
            assert_eq!(a.pattern.len(), 32, "{a:?}");
            let (ma, va) = compiled(a.pattern);
            for b in &rows[i + 1..] {
                let (mb, vb) = compiled(b.pattern);
                let overlap = (va ^ vb) & ma & mb == 0;
                assert!(!(overlap && ma.count_ones() == mb.count_ones()), "{a:?} overlaps {b:?}");
            }
        }
    }
}
