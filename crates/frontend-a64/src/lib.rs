//! The AArch64 (A64) frontend.
//!
//! [`decoder`] matches instruction words against tables of encodings written as bit
//! patterns (one row per encoding, after the Arm ARM's encoding index); each row names a
//! translation function that emits IR through a [`Tr`] context. The groups follow the Arm
//! ARM's top-level encoding groups:
//! - [`int`]: data processing (immediate and register), branches, exception generation,
//!   system instructions, loads and stores of general registers and of single SIMD&FP
//!   registers, exclusives, LSE atomics, CRC32.
//! - [`fp`]: scalar floating point and AdvSIMD floating point.
//! - [`simd`]: AdvSIMD integer, permute, widening/narrowing, saturating, crypto, and the
//!   structure loads and stores (LD1..LD4, ST1..ST4).
//!
//! Register mapping onto [`crossrun_ir::Reg`]: `X(0..=30)` are X0..X30, `X(31)` is SP
//! (the zero register is never stored: reads of XZR are constants), `V(n)` is Vn.

pub mod decoder;
mod fp;
pub mod gdb;
mod int;
mod simd;
mod translate;

pub use translate::{A64Frontend, Tr, Undefined};

/// Bits of AT_HWCAP this frontend implements, to advertise to the guest. Each group adds
/// the bits of the features it implements completely.
pub const HWCAP: u64 = int::HWCAP | fp::HWCAP | simd::HWCAP | simd::perm::HWCAP;

/// The MIDR_EL1 value guests read (a Cortex-A72 r0p3, as Linux reports it to EL0).
pub const MIDR: u64 = int::sysreg::MIDR_VALUE;

/// Bits of AT_HWCAP2 this frontend implements.
pub const HWCAP2: u64 = 0;
