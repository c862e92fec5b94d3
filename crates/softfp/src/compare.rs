//! FPCompare (FCMP/FCMPE/FCCMP/FCCMPE) and the SIMD predicates FPCompareEQ,
//! FPCompareGE, FPCompareGT (FCMEQ/FCMGE/FCMGT/FCMLE/FCMLT, FACGE/FACGT).

use core::cmp::Ordering;

use crate::arith::abs;
use crate::float::Float;
use crate::minmax::cmp_values;
use crate::unpack::{fp_unpack, FpType, Unpacked};
use crate::rules::{Arm, Rules};

#[inline(always)]
fn unpack2<R: Rules, T: Float>(op1: u64, op2: u64, ctl: u32, flags: &mut u32) -> (Unpacked, Unpacked) {
    (fp_unpack::<R, T>(op1, ctl, flags), fp_unpack::<R, T>(op2, ctl, flags))
}

/// FCMP (`signal_nans == false`) / FCMPE (`signal_nans == true`).
///
/// Returns the NZCV flags positioned as in the NZCV register (bits 31:28):
/// equal `0110`, less `1000`, greater `0010`, unordered `0011`.  Invalid
/// is raised for a signalling NaN, or for any NaN when `signal_nans`.
#[inline]
pub fn compare<T: Float>(
    op1: T::Bits,
    op2: T::Bits,
    signal_nans: bool,
    fpcr: u32,
    fpsr: &mut u32,
) -> u32 {
    let (a, b) = unpack2::<Arm, T>(T::to_u64(op1), T::to_u64(op2), fpcr, fpsr);
    let nzcv = if a.ty.is_nan() || b.ty.is_nan() {
        if a.ty == FpType::SNaN || b.ty == FpType::SNaN || signal_nans {
            *fpsr |= Arm::INVALID;
        }
        0b0011
    } else {
        match cmp_values(&a, &b) {
            Ordering::Equal => 0b0110,
            Ordering::Less => 0b1000,
            Ordering::Greater => 0b0010,
        }
    };
    nzcv << 28
}

/// FPCompareEQ: false for NaNs; Invalid only for signalling NaNs (a quiet
/// comparison).
#[inline(always)]
pub(crate) fn fp_compare_eq<R: Rules, T: Float>(op1: u64, op2: u64, ctl: u32, flags: &mut u32) -> bool {
    let (a, b) = unpack2::<R, T>(op1, op2, ctl, flags);
    if a.ty.is_nan() || b.ty.is_nan() {
        if a.ty == FpType::SNaN || b.ty == FpType::SNaN {
            *flags |= R::INVALID;
        }
        return false;
    }
    cmp_values(&a, &b) == Ordering::Equal
}

/// FCMEQ (`FPCompareEQ`): false for NaNs; Invalid only for signalling NaNs.
#[inline]
pub fn compare_eq<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    fp_compare_eq::<Arm, T>(T::to_u64(op1), T::to_u64(op2), fpcr, fpsr)
}

/// Shared FPCompareGE/GT: false and Invalid for any NaN (a signalling
/// comparison).
#[inline(always)]
pub(crate) fn fp_compare_ordered<R: Rules, T: Float>(
    op1: u64,
    op2: u64,
    gt: bool,
    ctl: u32,
    flags: &mut u32,
) -> bool {
    let (a, b) = unpack2::<R, T>(op1, op2, ctl, flags);
    if a.ty.is_nan() || b.ty.is_nan() {
        *flags |= R::INVALID;
        return false;
    }
    match cmp_values(&a, &b) {
        Ordering::Greater => true,
        Ordering::Equal => !gt,
        Ordering::Less => false,
    }
}

/// FCMGE (`FPCompareGE`): `op1 >= op2`; false and Invalid for any NaN.
/// (FCMLE is `compare_ge(op2, op1)`.)
#[inline]
pub fn compare_ge<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    fp_compare_ordered::<Arm, T>(T::to_u64(op1), T::to_u64(op2), false, fpcr, fpsr)
}

/// FCMGT (`FPCompareGT`): `op1 > op2`; false and Invalid for any NaN.
/// (FCMLT is `compare_gt(op2, op1)`.)
#[inline]
pub fn compare_gt<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    fp_compare_ordered::<Arm, T>(T::to_u64(op1), T::to_u64(op2), true, fpcr, fpsr)
}

/// FACGE: `FPCompareGE(FPAbs(op1), FPAbs(op2))`.
#[inline]
pub fn abs_compare_ge<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    compare_ge::<T>(abs::<T>(op1), abs::<T>(op2), fpcr, fpsr)
}

/// FACGT: `FPCompareGT(FPAbs(op1), FPAbs(op2))`.
#[inline]
pub fn abs_compare_gt<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    compare_gt::<T>(abs::<T>(op1), abs::<T>(op2), fpcr, fpsr)
}
