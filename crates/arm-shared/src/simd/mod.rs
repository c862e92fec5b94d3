//! AdvSIMD integer lane operations: the lane engine ([`lanes`]) and the helper families
//! built on it, plain ([`ops`]) and saturating ([`saturate`], which set the cumulative
//! saturation flag QC in FPSR, AArch32's FPSCR.QC).

pub mod lanes;
pub mod ops;
pub mod perm;
pub mod saturate;
pub mod swar;
