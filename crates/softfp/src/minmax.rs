//! FPMax, FPMin, FPMaxNum, FPMinNum (FMAX, FMIN, FMAXNM, FMINNM and their
//! vector/pairwise/across-lanes forms).

use core::cmp::Ordering;

use crate::float::Float;
use crate::rules::{Arm, Rules};
use crate::unpack::{fp_infinity, fp_process_nans, fp_unpack, fp_zero, FpType, Unpacked};

/// Orders two non-NaN unpacked values by their real value (`-0 == +0`,
/// infinities at the ends), as the pseudocode's `value1 > value2` does.
#[inline]
pub(crate) fn cmp_values(a: &Unpacked, b: &Unpacked) -> Ordering {
    debug_assert!(!a.ty.is_nan() && !b.ty.is_nan());
    let signum = |u: &Unpacked| -> i32 {
        if u.ty == FpType::Zero {
            0
        } else if u.sign {
            -1
        } else {
            1
        }
    };
    let (sa, sb) = (signum(a), signum(b));
    if sa != sb || sa == 0 {
        return sa.cmp(&sb);
    }
    let mag = |u: &Unpacked| (u.ty == FpType::Infinity, u.exp, u.sig);
    let m = mag(a).cmp(&mag(b));
    if sa < 0 {
        m.reverse()
    } else {
        m
    }
}

/// FPMax (`is_max`) / FPMin (`!is_max`).
#[inline]
fn fp_minmax<R: Rules, T: Float>(op1: u64, op2: u64, is_max: bool, ctl: u32, flags: &mut u32) -> u64 {
    let a = fp_unpack::<R, T>(op1, ctl, flags);
    let b = fp_unpack::<R, T>(op2, ctl, flags);
    if let Some(r) = fp_process_nans::<R, T>(&a, &b, op1, op2, ctl, flags) {
        return r;
    }
    let ord = cmp_values(&a, &b);
    let first = if is_max {
        ord == Ordering::Greater
    } else {
        ord == Ordering::Less
    };
    let (chosen, bits) = if first { (&a, op1) } else { (&b, op2) };
    match chosen.ty {
        FpType::Infinity => fp_infinity::<T>(chosen.sign),
        // Max prefers +0 (sign AND), min prefers -0 (sign OR).
        FpType::Zero => fp_zero::<T>(if is_max {
            a.sign && b.sign
        } else {
            a.sign || b.sign
        }),
        // FPRound(value) of a representable, unflushed value is the operand
        // itself (denormals only reach here with FZ clear, and are exact so
        // they raise no Underflow).
        _ => bits,
    }
}

/// FPMaxNum / FPMinNum: a single quiet NaN is treated as -inf (max) or +inf
/// (min) so the numeric operand wins; signalling NaNs still propagate.
#[inline]
fn fp_minmax_num<R: Rules, T: Float>(op1: u64, op2: u64, is_max: bool, ctl: u32, flags: &mut u32) -> u64 {
    let t1 = fp_unpack::<R, T>(op1, ctl, flags).ty;
    let t2 = fp_unpack::<R, T>(op2, ctl, flags).ty;
    let replacement = fp_infinity::<T>(is_max);
    let (mut op1, mut op2) = (op1, op2);
    if t1 == FpType::QNaN && t2 != FpType::QNaN {
        op1 = replacement;
    } else if t1 != FpType::QNaN && t2 == FpType::QNaN {
        op2 = replacement;
    }
    fp_minmax::<R, T>(op1, op2, is_max, ctl, flags)
}

/// FMAX: the larger operand; any NaN operand gives the processed NaN.
#[inline]
pub fn max<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_minmax::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        true,
        fpcr,
        fpsr,
    ))
}

/// FMIN: the smaller operand; any NaN operand gives the processed NaN.
#[inline]
pub fn min<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_minmax::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        false,
        fpcr,
        fpsr,
    ))
}

/// FMAXNM: as FMAX but a quiet NaN loses against a number.
#[inline]
pub fn maxnum<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_minmax_num::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        true,
        fpcr,
        fpsr,
    ))
}

/// FMINNM: as FMIN but a quiet NaN loses against a number.
#[inline]
pub fn minnum<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_minmax_num::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        false,
        fpcr,
        fpsr,
    ))
}
