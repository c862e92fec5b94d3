//! The 16-bit T32 instructions, in the Arm ARM's encoding groups.

use crate::decoder::Row;

mod branch;
mod dp;
mod ldst;
mod misc;
mod shift_add_sub;
mod special;

pub(crate) const TABLES: &[&[Row]] = &[shift_add_sub::ROWS, dp::ROWS, special::ROWS, ldst::ROWS, misc::ROWS, branch::ROWS];
