//! AdvSIMD integer arithmetic, vector and scalar: the Arm ARM's groups three same, three
//! different, two-register miscellaneous, across lanes, shift by immediate, vector by
//! element and modified immediate, and their scalar counterparts (the FP rows of those
//! groups belong to the fp group). [`perm`] holds element movement, the structure
//! loads and stores, and Crypto; the decoder chains its tables after these.
//!
//! The operations themselves are helpers built from one lane engine ([`lanes`]): the
//! plain ones in [`ops`], the saturating ones (which set FPSR.QC) in [`saturate`].
//! [`vreg`] reads and writes registers in each form's shape.

use crate::decoder::Row;

pub(crate) use crossrun_arm_shared::simd::{lanes, ops, saturate};

mod across_lanes;
mod by_element;
mod modified_imm;
pub(crate) mod perm;
mod scalar_misc;
mod scalar_shift_imm;
mod scalar_three;
mod shift_imm;
mod three_different;
mod three_same;
mod two_reg_misc;
mod vreg;

/// The decode tables of this group (the [`perm`] tables are chained by the decoder).
pub(crate) const TABLES: &[&[Row]] = &[
    three_same::ROWS,
    three_different::ROWS,
    two_reg_misc::ROWS,
    across_lanes::ROWS,
    shift_imm::ROWS,
    by_element::ROWS,
    modified_imm::ROWS,
    scalar_three::ROWS,
    scalar_misc::ROWS,
    scalar_shift_imm::ROWS,
    by_element::SCALAR_ROWS,
];

/// AT_HWCAP bits for the features this group implements completely: HWCAP_ASIMD. The
/// bit covers all of AdvSIMD, so it is only true together with the fp group's vector
/// FP rows and the [`perm`] rows.
pub(crate) const HWCAP: u64 = 1 << 1;
