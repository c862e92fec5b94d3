//! Conversions: FPConvert (FCVT, FCVTL/N, FCVTXN), FPToFixed (FCVT[NAPMZ][SU]),
//! FixedToFP (SCVTF/UCVTF) and FPRoundInt (FRINT[NAPMZIX]).

use crate::float::Float;
use crate::round::{fp_round, fp_round_cv, norm64, round_to_integer};
use crate::unpack::{
    fp_default_nan, fp_infinity, fp_process_nan, fp_unpack, fp_unpack_cv, fp_zero, sign_bit, FpType,
};
use crate::rules::{Arm, Rules};
use crate::Rounding;

/// `FPConvertNaN`: keep the sign and the top payload bits, force quiet.
#[inline]
fn fp_convert_nan<S: Float, D: Float>(op: u64) -> u64 {
    // Payload below the quiet bit, left-aligned in a 51-bit field.
    let payload = op & (S::FRAC_MASK >> 1);
    let frac51 = payload << (51 - (S::F - 1));
    let sign = op & S::SIGN_MASK != 0;
    sign_bit::<D>(sign) | D::EXP_MASK | D::QUIET_BIT | (frac51 >> (51 - (D::F - 1)))
}

/// FCVT and friends (`FPConvert`): converts between precisions.
///
/// `S` is the source format, `D` the destination; `rounding` is
/// `Rounding::from_fpcr(fpcr)` for FCVT/FCVTN and [`Rounding::Odd`] for
/// FCVTXN.  FPCR.AHP selects the alternative half-precision format for a
/// half source or destination (no infinities/NaNs: NaN converts to zero and
/// Inf to the largest value, both with Invalid).  FPCR.FZ16 never applies
/// to conversions; FPCR.FZ does for single/double operands and results.
#[inline]
pub fn convert<S: Float, D: Float>(
    op: S::Bits,
    rounding: Rounding,
    fpcr: u32,
    fpsr: &mut u32,
) -> D::Bits {
    D::from_u64(fp_convert::<Arm, S, D>(S::to_u64(op), rounding, fpcr, fpsr))
}

/// `FPConvert` under rules `R`.
#[inline(always)]
pub(crate) fn fp_convert<R: Rules, S: Float, D: Float>(
    op: u64,
    rounding: Rounding,
    ctl: u32,
    flags: &mut u32,
) -> u64 {
    let u = fp_unpack_cv::<R, S>(op, ctl, flags);
    let alt_hp = D::N == 16 && R::alt_half(ctl);
    match u.ty {
        FpType::SNaN | FpType::QNaN => {
            if u.ty == FpType::SNaN || alt_hp {
                *flags |= R::INVALID;
            }
            if alt_hp {
                fp_zero::<D>(u.sign)
            } else if R::default_nan(ctl) {
                fp_default_nan::<D>()
            } else {
                fp_convert_nan::<S, D>(op)
            }
        }
        FpType::Infinity => {
            if alt_hp {
                *flags |= R::INVALID;
                sign_bit::<D>(u.sign) | (D::SIGN_MASK - 1)
            } else {
                fp_infinity::<D>(u.sign)
            }
        }
        FpType::Zero => fp_zero::<D>(u.sign),
        FpType::Nonzero => fp_round_cv::<R, D>(u.sign, u.exp, u.sig, ctl, rounding, flags),
    }
}

/// FCVT{N,A,P,M,Z}{S,U} (`FPToFixed`): FP to a `int_bits`-bit (16, 32 or 64)
/// signed or unsigned integer, with `fbits` fractional bits (0..=64).
///
/// The value is scaled by `2^fbits`, rounded with `rounding`, then saturated:
/// out-of-range values and infinities give the nearest representable integer
/// with Invalid, NaN gives 0 with Invalid; otherwise Inexact when rounding
/// changed the value.  The result is the `int_bits`-bit two's complement
/// pattern, zero-extended to `u64`.
#[inline]
pub fn to_int<T: Float>(
    op: T::Bits,
    int_bits: u32,
    fbits: u32,
    unsigned: bool,
    rounding: Rounding,
    fpcr: u32,
    fpsr: &mut u32,
) -> u64 {
    fp_to_int::<Arm, T>(T::to_u64(op), int_bits, fbits, unsigned, rounding, fpcr, fpsr)
}

/// `FPToFixed` under rules `R` (which decide what a NaN converts to).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn fp_to_int<R: Rules, T: Float>(
    op: u64,
    int_bits: u32,
    fbits: u32,
    unsigned: bool,
    rounding: Rounding,
    ctl: u32,
    flags: &mut u32,
) -> u64 {
    debug_assert!(matches!(int_bits, 16 | 32 | 64) && fbits <= 64);
    let u = fp_unpack::<R, T>(op, ctl, flags);
    let mask = u64::MAX >> (64 - int_bits);
    let (mag, inexact) = match u.ty {
        FpType::SNaN | FpType::QNaN => {
            *flags |= R::INVALID;
            return match (R::NAN_TO_INT_IS_MAX, unsigned) {
                (false, _) => 0,
                (true, true) => mask,
                (true, false) => mask >> 1,
            };
        }
        FpType::Zero => return 0,
        FpType::Infinity => (u128::MAX, false),
        FpType::Nonzero => round_to_integer(u.sign, u.exp + fbits as i32, u.sig, rounding),
    };
    let (result, overflow) = if unsigned {
        if u.sign && mag != 0 {
            (0, true)
        } else if mag > mask as u128 {
            (mask, true)
        } else {
            (mag as u64, false)
        }
    } else {
        let max_pos = mask >> 1;
        if u.sign {
            if mag > max_pos as u128 + 1 {
                (!max_pos & mask, true)
            } else {
                ((mag as u64).wrapping_neg() & mask, false)
            }
        } else if mag > max_pos as u128 {
            (max_pos, true)
        } else {
            (mag as u64, false)
        }
    };
    if overflow {
        *flags |= R::INVALID;
    } else if inexact {
        *flags |= R::INEXACT;
    }
    result
}

/// SCVTF/UCVTF (`FixedToFP`): the low `int_bits` bits (16, 32 or 64) of `op`
/// as a signed (`!unsigned`) or unsigned fixed-point number with `fbits`
/// fractional bits (0..=64), rounded to `T` with `rounding` (SCVTF/UCVTF
/// use `Rounding::from_fpcr(fpcr)`).  Zero converts to +0.
#[inline]
pub fn from_int<T: Float>(
    op: u64,
    int_bits: u32,
    fbits: u32,
    unsigned: bool,
    rounding: Rounding,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    T::from_u64(fp_from_int::<Arm, T>(op, int_bits, fbits, unsigned, rounding, fpcr, fpsr))
}

/// `FixedToFP` under rules `R`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn fp_from_int<R: Rules, T: Float>(
    op: u64,
    int_bits: u32,
    fbits: u32,
    unsigned: bool,
    rounding: Rounding,
    ctl: u32,
    flags: &mut u32,
) -> u64 {
    debug_assert!(matches!(int_bits, 16 | 32 | 64) && fbits <= 64);
    let shift = 64 - int_bits;
    let (sign, mag) = if unsigned {
        (false, (op << shift) >> shift)
    } else {
        let v = ((op << shift) as i64) >> shift;
        (v < 0, v.unsigned_abs())
    };
    if mag == 0 {
        return fp_zero::<T>(false);
    }
    let (exp, sig) = norm64(mag, -(fbits as i32));
    fp_round::<R, T>(sign, exp, sig, ctl, rounding, flags)
}

/// FRINT{N,A,P,M,Z,I,X} (`FPRoundInt`): round to an integral value in the
/// same format.  FRINTN/A/P/M/Z pass the fixed mode and `exact = false`;
/// FRINTI passes `Rounding::from_fpcr(fpcr)`, `exact = false`; FRINTX the
/// FPCR mode with `exact = true` (raises Inexact when the value changed).
/// A zero result keeps the operand's sign (e.g. `-0.25 -> -0.0`).
#[inline]
pub fn round_to_integral<T: Float>(
    op: T::Bits,
    rounding: Rounding,
    exact: bool,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    debug_assert!(rounding != Rounding::Odd);
    let op = T::to_u64(op);
    let u = fp_unpack::<Arm, T>(op, fpcr, fpsr);
    let result = match u.ty {
        FpType::SNaN | FpType::QNaN => fp_process_nan::<Arm, T>(u.ty, op, fpcr, fpsr),
        FpType::Infinity => fp_infinity::<T>(u.sign),
        FpType::Zero => fp_zero::<T>(u.sign),
        // Already integral (and so representable unchanged).
        FpType::Nonzero if u.exp >= T::F as i32 => op,
        FpType::Nonzero => {
            let (mag, inexact) = round_to_integer(u.sign, u.exp, u.sig, rounding);
            if inexact && exact {
                *fpsr |= Arm::INEXACT;
            }
            if mag == 0 {
                fp_zero::<T>(u.sign)
            } else {
                // |result| <= 2^F: exact, so FPRound raises nothing.
                let (exp, sig) = norm64(mag as u64, 0);
                fp_round::<Arm, T>(u.sign, exp, sig, fpcr, Rounding::Zero, fpsr)
            }
        }
    };
    T::from_u64(result)
}
