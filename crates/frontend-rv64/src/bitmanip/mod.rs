//! The bit-manipulation extensions Zba (address generation), Zbb (basic bit
//! manipulation) and Zbs (single-bit instructions), RV64 forms included. Everything is
//! inline IR; population count and OR-combine are SWAR sequences (the IR has no op for
//! them, and glibc's rv64gc build does not use them in hot paths).

use crate::decoder::Row;

mod zba;
mod zbb;
mod zbs;

/// The decode tables of this group.
pub(crate) const TABLES: &[&[Row]] = &[zba::ROWS, zbb::ROWS, zbs::ROWS];
