//! Format descriptions: the [`Float`] trait and its three implementations.

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::F16 {}
    impl Sealed for super::F32 {}
    impl Sealed for super::F64 {}
}

/// An IEEE 754 binary interchange format as used by AArch64.
///
/// Implemented only by the marker types [`F16`], [`F32`] and [`F64`].
/// Internally all operations work on the encoding zero-extended to `u64`;
/// `Bits` is the natural unsigned integer of the format's width.
pub trait Float: sealed::Sealed + Copy + core::fmt::Debug + 'static {
    /// Raw encoding type (`u16`, `u32` or `u64`).
    type Bits: Copy + Eq + core::fmt::Debug + core::hash::Hash;
    /// Total width in bits (N in the Arm ARM).
    const N: u32;
    /// Exponent field width (E).
    const E: u32;
    /// Fraction field width (F).
    const F: u32;

    /// Exponent bias.
    const BIAS: i32 = (1 << (Self::E - 1)) - 1;
    /// Smallest normal exponent (`minimum_exp` in FPRound).
    const MIN_EXP: i32 = 1 - Self::BIAS;
    /// Sign bit.
    const SIGN_MASK: u64 = 1 << (Self::N - 1);
    /// Exponent field.
    const EXP_MASK: u64 = ((1 << Self::E) - 1) << Self::F;
    /// Fraction field.
    const FRAC_MASK: u64 = (1 << Self::F) - 1;
    /// Most significant fraction bit (the quiet bit of a NaN).
    const QUIET_BIT: u64 = 1 << (Self::F - 1);
    /// Largest biased exponent value (all ones).
    const MAX_BIASED_EXP: u64 = (1 << Self::E) - 1;

    /// Zero-extends an encoding to `u64`.
    fn to_u64(bits: Self::Bits) -> u64;
    /// Truncates a `u64` to an encoding.
    fn from_u64(bits: u64) -> Self::Bits;
}

/// IEEE half precision (binary16), encoded as `u16`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F16;
/// IEEE single precision (binary32), encoded as `u32`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F32;
/// IEEE double precision (binary64), encoded as `u64`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct F64;

impl Float for F16 {
    type Bits = u16;
    const N: u32 = 16;
    const E: u32 = 5;
    const F: u32 = 10;
    #[inline(always)]
    fn to_u64(bits: u16) -> u64 {
        bits as u64
    }
    #[inline(always)]
    fn from_u64(bits: u64) -> u16 {
        bits as u16
    }
}

impl Float for F32 {
    type Bits = u32;
    const N: u32 = 32;
    const E: u32 = 8;
    const F: u32 = 23;
    #[inline(always)]
    fn to_u64(bits: u32) -> u64 {
        bits as u64
    }
    #[inline(always)]
    fn from_u64(bits: u64) -> u32 {
        bits as u32
    }
}

impl Float for F64 {
    type Bits = u64;
    const N: u32 = 64;
    const E: u32 = 11;
    const F: u32 = 52;
    #[inline(always)]
    fn to_u64(bits: u64) -> u64 {
        bits
    }
    #[inline(always)]
    fn from_u64(bits: u64) -> u64 {
        bits
    }
}
