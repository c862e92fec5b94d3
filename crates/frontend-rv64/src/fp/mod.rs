//! The F and D extensions: single- and double-precision floating point in the f
//! registers.
//!
//! Arithmetic, fused multiply-adds, conversions, comparisons and FCLASS are helpers
//! built on `crossrun_softfp::riscv`, which implements the specification's rules bit
//! for bit (canonical NaNs, fflags, tininess after rounding, minimumNumber and
//! maximumNumber, the saturating conversions). Loads, stores, moves and sign injection
//! are inline IR: they are bit operations that raise no exceptions.
//!
//! An f register is the low 64 bits of `Reg::V(n)`. A single-precision value is
//! NaN-boxed (upper 32 bits all ones) when written; an operation reading one that is
//! not properly boxed reads the canonical NaN instead, except the transfers (FSW,
//! FMV.X.W), which move the low 32 bits as they are.
//!
//! The half- and quad-precision formats (fmt 10 and 11: Zfh, Q) and Zfa are not
//! implemented: their encodings are illegal instructions.

use crate::decoder::Row;

mod arith;
mod compare;
mod convert;
mod fma;
mod helpers;
pub(crate) mod load_store;
mod sign_move;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[
    load_store::ROWS,
    arith::ROWS,
    fma::ROWS,
    convert::ROWS,
    compare::ROWS,
    sign_move::ROWS,
];

/// A format of the `fmt` field (bit 25; bit 26 set would be H or Q, which have no rows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fmt {
    S,
    D,
}

impl Fmt {
    pub(crate) fn from_bit(d: bool) -> Fmt {
        if d {
            Fmt::D
        } else {
            Fmt::S
        }
    }

    /// Index into a `[single, double]` helper pair.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
