//! The A32 instruction set, in the Arm ARM's encoding groups. The VFP and AdvSIMD
//! groups, which T32 shares, are chained after these tables.

use crate::decoder::Row;

mod branch_block;
mod dp;
mod ldst;
pub(crate) mod media;
mod misc;
mod multiply;
mod sync;
mod system;
mod unconditional;

pub(crate) use misc::bx;
pub(crate) use unconditional::setend;


/// The tables of instructions with a condition field.
pub(crate) const TABLES: &[&[Row]] = &[
    dp::ROWS,
    misc::ROWS,
    multiply::ROWS,
    sync::ROWS,
    ldst::ROWS,
    media::ROWS,
    branch_block::ROWS,
    system::ROWS,
];

/// The tables of the unconditional space.
pub(crate) const UNCONDITIONAL_TABLES: &[&[Row]] = &[unconditional::ROWS];
