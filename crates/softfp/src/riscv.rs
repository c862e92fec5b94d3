//! RISC-V floating point (the F and D extensions): the shared implementation
//! under RISC-V's rules (`rules::RiscV`), plus the operations only RISC-V has.
//!
//! Every function takes the instruction's rounding mode `rm` in RISC-V's
//! encoding ([`RNE`], [`RTZ`], [`RDN`], [`RUP`], [`RMM`]); the caller
//! resolves the dynamic mode (`rm` = 7) from `frm` and treats the reserved
//! encodings as illegal instructions, so `rm` is always one of those five.
//! Exception flags are OR-ed into `fflags` ([`NV`], [`DZ`], [`OF`], [`UF`],
//! [`NX`]).  Results that are NaN are always the canonical NaN
//! ([`CANONICAL_NAN_S`], [`CANONICAL_NAN_D`]); tininess is detected after
//! rounding; nothing is flushed to zero.
//!
//! Values are raw encodings (`u32` single, `u64` double); NaN-boxing of
//! single-precision values in 64-bit registers is the frontend's business.

use crate::arith::{fp_add, fp_div, fp_mul, fp_sqrt};
use crate::compare::{fp_compare_eq, fp_compare_ordered};
use crate::convert::{fp_convert, fp_from_int, fp_to_int};
use crate::float::Float;
use crate::fma::fp_mul_add;
use crate::minmax::cmp_values;
use crate::rules::RiscV;
use crate::unpack::{fp_default_nan, fp_unpack, FpType};
use crate::Rounding;
use core::cmp::Ordering;

/// fflags.NX: inexact.
pub const NX: u32 = 1 << 0;
/// fflags.UF: underflow.
pub const UF: u32 = 1 << 1;
/// fflags.OF: overflow.
pub const OF: u32 = 1 << 2;
/// fflags.DZ: division by zero.
pub const DZ: u32 = 1 << 3;
/// fflags.NV: invalid operation.
pub const NV: u32 = 1 << 4;

/// Round to nearest, ties to even.
pub const RNE: u32 = 0;
/// Round towards zero.
pub const RTZ: u32 = 1;
/// Round down (towards minus infinity).
pub const RDN: u32 = 2;
/// Round up (towards plus infinity).
pub const RUP: u32 = 3;
/// Round to nearest, ties to max magnitude.
pub const RMM: u32 = 4;
/// The `rm` field value meaning "the rounding mode in `frm`".
pub const DYN: u32 = 7;

/// The canonical single-precision NaN.
pub const CANONICAL_NAN_S: u32 = 0x7fc0_0000;
/// The canonical double-precision NaN.
pub const CANONICAL_NAN_D: u64 = 0x7ff8_0000_0000_0000;

/// Whether `rm` names a rounding mode (as opposed to the reserved 5 and 6
/// and the dynamic 7).
pub const fn is_static_mode(rm: u32) -> bool {
    rm <= RMM
}

/// The rounding of mode `rm` (which must satisfy [`is_static_mode`]).
#[inline(always)]
pub fn rounding(rm: u32) -> Rounding {
    debug_assert!(is_static_mode(rm), "reserved rounding mode {rm}");
    match rm {
        RNE => Rounding::TieEven,
        RTZ => Rounding::Zero,
        RDN => Rounding::NegInf,
        RUP => Rounding::PosInf,
        _ => Rounding::TieAway,
    }
}

/// FADD: `a + b`.
#[inline]
pub fn add<T: Float>(a: T::Bits, b: T::Bits, rm: u32, fflags: &mut u32) -> T::Bits {
    T::from_u64(fp_add::<RiscV, T>(T::to_u64(a), T::to_u64(b), false, rm, fflags))
}

/// FSUB: `a - b`.
#[inline]
pub fn sub<T: Float>(a: T::Bits, b: T::Bits, rm: u32, fflags: &mut u32) -> T::Bits {
    T::from_u64(fp_add::<RiscV, T>(T::to_u64(a), T::to_u64(b), true, rm, fflags))
}

/// FMUL: `a * b`.
#[inline]
pub fn mul<T: Float>(a: T::Bits, b: T::Bits, rm: u32, fflags: &mut u32) -> T::Bits {
    T::from_u64(fp_mul::<RiscV, T>(T::to_u64(a), T::to_u64(b), false, rm, fflags))
}

/// FDIV: `a / b`.
#[inline]
pub fn div<T: Float>(a: T::Bits, b: T::Bits, rm: u32, fflags: &mut u32) -> T::Bits {
    T::from_u64(fp_div::<RiscV, T>(T::to_u64(a), T::to_u64(b), rm, fflags))
}

/// FSQRT.
#[inline]
pub fn sqrt<T: Float>(a: T::Bits, rm: u32, fflags: &mut u32) -> T::Bits {
    T::from_u64(fp_sqrt::<RiscV, T>(T::to_u64(a), rm, fflags))
}

/// The fused multiply-adds, `±(a * b) ± c` with one rounding: `negate_product`
/// and `negate_addend` select FMADD (neither), FMSUB (addend), FNMSUB
/// (product) and FNMADD (both).  `0 * inf` raises NV even when `c` is a quiet
/// NaN.
#[inline]
pub fn fused_mul_add<T: Float>(
    a: T::Bits,
    b: T::Bits,
    c: T::Bits,
    negate_product: bool,
    negate_addend: bool,
    rm: u32,
    fflags: &mut u32,
) -> T::Bits {
    let flip = |x: T::Bits, neg: bool| T::to_u64(x) ^ if neg { T::SIGN_MASK } else { 0 };
    let (a, c) = (flip(a, negate_product), flip(c, negate_addend));
    T::from_u64(fp_mul_add::<RiscV, T>(c, a, T::to_u64(b), rm, fflags))
}

/// FMIN (`is_max` false) and FMAX: IEEE 754-2019 minimumNumber and
/// maximumNumber. `-0` is below `+0`; a NaN operand loses against a number;
/// two NaNs give the canonical NaN; a signalling NaN raises NV whatever the
/// result.
#[inline]
pub fn min_max<T: Float>(a: T::Bits, b: T::Bits, is_max: bool, fflags: &mut u32) -> T::Bits {
    let (a, b) = (T::to_u64(a), T::to_u64(b));
    // Nothing is flushed under RISC-V rules, so unpacking raises nothing.
    let ua = fp_unpack::<RiscV, T>(a, RNE, fflags);
    let ub = fp_unpack::<RiscV, T>(b, RNE, fflags);
    if ua.ty == FpType::SNaN || ub.ty == FpType::SNaN {
        *fflags |= NV;
    }
    let result = match (ua.ty.is_nan(), ub.ty.is_nan()) {
        (true, true) => fp_default_nan::<T>(),
        (true, false) => b,
        (false, true) => a,
        (false, false) => {
            let ord = match cmp_values(&ua, &ub) {
                // Equal values differ only in the sign of a zero.
                Ordering::Equal => ua.sign.cmp(&ub.sign).reverse(),
                o => o,
            };
            if (ord == Ordering::Greater) == is_max {
                a
            } else {
                b
            }
        }
    };
    T::from_u64(result)
}

/// FEQ: `a == b`, a quiet comparison (NV only for a signalling NaN).
#[inline]
pub fn eq<T: Float>(a: T::Bits, b: T::Bits, fflags: &mut u32) -> bool {
    fp_compare_eq::<RiscV, T>(T::to_u64(a), T::to_u64(b), RNE, fflags)
}

/// FLT: `a < b`, a signalling comparison (NV for any NaN).
#[inline]
pub fn lt<T: Float>(a: T::Bits, b: T::Bits, fflags: &mut u32) -> bool {
    fp_compare_ordered::<RiscV, T>(T::to_u64(b), T::to_u64(a), true, RNE, fflags)
}

/// FLE: `a <= b`, a signalling comparison (NV for any NaN).
#[inline]
pub fn le<T: Float>(a: T::Bits, b: T::Bits, fflags: &mut u32) -> bool {
    fp_compare_ordered::<RiscV, T>(T::to_u64(b), T::to_u64(a), false, RNE, fflags)
}

/// FCLASS: one bit set of ten — 0 `-inf`, 1 negative normal, 2 negative
/// subnormal, 3 `-0`, 4 `+0`, 5 positive subnormal, 6 positive normal,
/// 7 `+inf`, 8 signalling NaN, 9 quiet NaN.
#[inline]
pub fn classify<T: Float>(a: T::Bits) -> u32 {
    let a = T::to_u64(a);
    let sign = a & T::SIGN_MASK != 0;
    let exp = (a & T::EXP_MASK) >> T::F;
    let frac = a & T::FRAC_MASK;
    let bit = match (exp, frac) {
        (e, 0) if e == T::MAX_BIASED_EXP => if sign { 0 } else { 7 },
        (e, f) if e == T::MAX_BIASED_EXP => if f & T::QUIET_BIT != 0 { 9 } else { 8 },
        (0, 0) => if sign { 3 } else { 4 },
        (0, _) => if sign { 2 } else { 5 },
        _ => if sign { 1 } else { 6 },
    };
    1 << bit
}

/// FCVT.{W,WU,L,LU}.{S,D}: to a signed or unsigned `int_bits`-bit (32 or 64)
/// integer, saturating with NV when out of range; a NaN gives the largest
/// positive value. The result is the `int_bits`-bit pattern zero-extended
/// to 64 bits (RV64 sign-extends a 32-bit result when writing it, which is
/// the caller's business).
#[inline]
pub fn to_int<T: Float>(a: T::Bits, int_bits: u32, unsigned: bool, rm: u32, fflags: &mut u32) -> u64 {
    fp_to_int::<RiscV, T>(T::to_u64(a), int_bits, 0, unsigned, rounding(rm), rm, fflags)
}

/// FCVT.{S,D}.{W,WU,L,LU}: the low `int_bits` bits (32 or 64) of `a` as a
/// signed or unsigned integer, rounded to `T`.
#[inline]
pub fn from_int<T: Float>(a: u64, int_bits: u32, unsigned: bool, rm: u32, fflags: &mut u32) -> T::Bits {
    T::from_u64(fp_from_int::<RiscV, T>(a, int_bits, 0, unsigned, rounding(rm), rm, fflags))
}

/// FCVT.S.D and FCVT.D.S: between precisions (`S` source, `D` destination).
#[inline]
pub fn convert<S: Float, D: Float>(a: S::Bits, rm: u32, fflags: &mut u32) -> D::Bits {
    D::from_u64(fp_convert::<RiscV, S, D>(S::to_u64(a), rounding(rm), rm, fflags))
}
