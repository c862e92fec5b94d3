//! The 32-bit T32 instructions outside the coprocessor, VFP and AdvSIMD spaces (which
//! are decoded as their A32 forms), in the Arm ARM's encoding groups.

use crate::decoder::Row;

mod branch_misc;
mod dp_imm;
mod dp_reg;
mod dp_shifted;
mod ldst_dual;
mod ldst_multiple;
mod ldst_single;
mod multiply;

pub(crate) const TABLES: &[&[Row]] = &[
    ldst_multiple::ROWS,
    ldst_dual::ROWS,
    dp_shifted::ROWS,
    dp_imm::ROWS,
    branch_misc::ROWS,
    ldst_single::ROWS,
    dp_reg::ROWS,
    multiply::ROWS,
];
