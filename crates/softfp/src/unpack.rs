//! `FPUnpack`, NaN processing and the special-value constructors.

use crate::float::Float;
use crate::rules::Rules;

/// `FPType`.  Denormals unpack as `Nonzero` (Armv8.0 has no separate
/// denormal type in the result of FPUnpack).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FpType {
    Zero,
    Nonzero,
    Infinity,
    QNaN,
    SNaN,
}

impl FpType {
    #[inline(always)]
    pub(crate) fn is_nan(self) -> bool {
        matches!(self, FpType::QNaN | FpType::SNaN)
    }
}

/// Result of `FPUnpack`.  For `Nonzero`, the value is
/// `(-1)^sign * sig * 2^(exp - 63)` with bit 63 of `sig` set.  For the
/// other types `exp` and `sig` are zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unpacked {
    pub ty: FpType,
    pub sign: bool,
    pub exp: i32,
    pub sig: u64,
}

/// `FPUnpackBase`: classify an encoding and extract its value.
///
/// `flush` flushes denormals to zero (raising the input-denormal flag for
/// single and double precision, as Arm's FZ does, but not for half, as FZ16
/// does); `alt_half` is Arm's alternative half-precision format (no
/// infinities or NaNs).
#[inline]
fn fp_unpack_base<R: Rules, T: Float>(bits: u64, flush: bool, alt_half: bool, flags: &mut u32) -> Unpacked {
    let sign = bits & T::SIGN_MASK != 0;
    let biased = (bits & T::EXP_MASK) >> T::F;
    let frac = bits & T::FRAC_MASK;
    if biased.wrapping_sub(1) < T::MAX_BIASED_EXP - 1 {
        // Normal number (the common case).
        return Unpacked {
            ty: FpType::Nonzero,
            sign,
            exp: biased as i32 - T::BIAS,
            sig: (frac | (1 << T::F)) << (63 - T::F),
        };
    }
    let special = |ty| Unpacked {
        ty,
        sign,
        exp: 0,
        sig: 0,
    };
    if biased == 0 {
        if frac == 0 {
            return special(FpType::Zero);
        }
        if flush {
            if T::N != 16 {
                *flags |= R::INPUT_DENORMAL;
            }
            return special(FpType::Zero);
        }
        // Denormal: value = frac * 2^(MIN_EXP - F).
        let lz = frac.leading_zeros();
        return Unpacked {
            ty: FpType::Nonzero,
            sign,
            exp: T::MIN_EXP - T::F as i32 + 63 - lz as i32,
            sig: frac << lz,
        };
    }
    if biased == T::MAX_BIASED_EXP && !(T::N == 16 && alt_half) {
        let ty = if frac == 0 {
            FpType::Infinity
        } else if frac & T::QUIET_BIT != 0 {
            FpType::QNaN
        } else {
            FpType::SNaN
        };
        return special(ty);
    }
    Unpacked {
        ty: FpType::Nonzero,
        sign,
        exp: biased as i32 - T::BIAS,
        sig: (frac | (1 << T::F)) << (63 - T::F),
    }
}

/// `FPUnpack`: as `FPUnpackBase` with the alternative half format off
/// (arithmetic).
#[inline(always)]
pub(crate) fn fp_unpack<R: Rules, T: Float>(bits: u64, ctl: u32, flags: &mut u32) -> Unpacked {
    fp_unpack_base::<R, T>(bits, R::flush_to_zero(ctl, T::N), false, flags)
}

/// `FPUnpackCV`: as `FPUnpackBase` with half-precision flushing off
/// (conversions).
#[inline(always)]
pub(crate) fn fp_unpack_cv<R: Rules, T: Float>(bits: u64, ctl: u32, flags: &mut u32) -> Unpacked {
    let flush = T::N != 16 && R::flush_to_zero(ctl, T::N);
    fp_unpack_base::<R, T>(bits, flush, R::alt_half(ctl), flags)
}

#[inline(always)]
pub(crate) fn sign_bit<T: Float>(sign: bool) -> u64 {
    if sign {
        T::SIGN_MASK
    } else {
        0
    }
}

/// `FPZero(sign)`.
#[inline(always)]
pub(crate) fn fp_zero<T: Float>(sign: bool) -> u64 {
    sign_bit::<T>(sign)
}

/// `FPInfinity(sign)`.
#[inline(always)]
pub(crate) fn fp_infinity<T: Float>(sign: bool) -> u64 {
    sign_bit::<T>(sign) | T::EXP_MASK
}

/// `FPMaxNormal(sign)`.
#[inline(always)]
pub(crate) fn fp_max_normal<T: Float>(sign: bool) -> u64 {
    sign_bit::<T>(sign) | (T::EXP_MASK - (1 << T::F)) | T::FRAC_MASK
}

/// `FPDefaultNaN()`: positive, quiet, zero payload.
#[inline(always)]
pub(crate) fn fp_default_nan<T: Float>() -> u64 {
    T::EXP_MASK | T::QUIET_BIT
}

/// `FPTwo(sign)`.
#[inline(always)]
pub(crate) fn fp_two<T: Float>(sign: bool) -> u64 {
    sign_bit::<T>(sign) | (((T::BIAS + 1) as u64) << T::F)
}

/// `FPOnePointFive(sign)`.
#[inline(always)]
pub(crate) fn fp_one_point_five<T: Float>(sign: bool) -> u64 {
    sign_bit::<T>(sign) | ((T::BIAS as u64) << T::F) | T::QUIET_BIT
}

/// `FPProcessNaN`: quiet a signalling NaN (raising Invalid), then apply
/// default-NaN mode.
#[inline]
pub(crate) fn fp_process_nan<R: Rules, T: Float>(ty: FpType, op: u64, ctl: u32, flags: &mut u32) -> u64 {
    debug_assert!(ty.is_nan());
    let mut result = op;
    if ty == FpType::SNaN {
        result |= T::QUIET_BIT;
        *flags |= R::INVALID;
    }
    if R::default_nan(ctl) {
        result = fp_default_nan::<T>();
    }
    result
}

/// `FPProcessNaNs`: signalling NaNs take priority over quiet ones, then the
/// first operand over the second.  `None` means neither operand is a NaN.
#[inline]
pub(crate) fn fp_process_nans<R: Rules, T: Float>(
    a: &Unpacked,
    b: &Unpacked,
    op1: u64,
    op2: u64,
    ctl: u32,
    flags: &mut u32,
) -> Option<u64> {
    if !(a.ty.is_nan() || b.ty.is_nan()) {
        return None;
    }
    Some(if a.ty == FpType::SNaN {
        fp_process_nan::<R, T>(a.ty, op1, ctl, flags)
    } else if b.ty == FpType::SNaN {
        fp_process_nan::<R, T>(b.ty, op2, ctl, flags)
    } else if a.ty == FpType::QNaN {
        fp_process_nan::<R, T>(a.ty, op1, ctl, flags)
    } else {
        fp_process_nan::<R, T>(b.ty, op2, ctl, flags)
    })
}

/// `FPProcessNaNs3`: as [`fp_process_nans`] for three operands.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn fp_process_nans3<R: Rules, T: Float>(
    a: &Unpacked,
    b: &Unpacked,
    c: &Unpacked,
    op1: u64,
    op2: u64,
    op3: u64,
    ctl: u32,
    flags: &mut u32,
) -> Option<u64> {
    if !(a.ty.is_nan() || b.ty.is_nan() || c.ty.is_nan()) {
        return None;
    }
    let ops = [(a.ty, op1), (b.ty, op2), (c.ty, op3)];
    let pick = ops
        .iter()
        .find(|(t, _)| *t == FpType::SNaN)
        .or_else(|| ops.iter().find(|(t, _)| *t == FpType::QNaN))?;
    Some(fp_process_nan::<R, T>(pick.0, pick.1, ctl, flags))
}
