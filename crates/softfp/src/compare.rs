//! FPCompare (FCMP/FCMPE/FCCMP/FCCMPE) and the SIMD predicates FPCompareEQ,
//! FPCompareGE, FPCompareGT (FCMEQ/FCMGE/FCMGT/FCMLE/FCMLT, FACGE/FACGT).

use core::cmp::Ordering;

use crate::arith::abs;
use crate::float::Float;
use crate::minmax::cmp_values;
use crate::unpack::{fp_unpack, FpType, Unpacked};
use crate::FPSR_IOC;

#[inline(always)]
fn unpack2<T: Float>(
    op1: T::Bits,
    op2: T::Bits,
    fpcr: u32,
    fpsr: &mut u32,
) -> (Unpacked, Unpacked) {
    (
        fp_unpack::<T>(T::to_u64(op1), fpcr, fpsr),
        fp_unpack::<T>(T::to_u64(op2), fpcr, fpsr),
    )
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
    let (a, b) = unpack2::<T>(op1, op2, fpcr, fpsr);
    let nzcv = if a.ty.is_nan() || b.ty.is_nan() {
        if a.ty == FpType::SNaN || b.ty == FpType::SNaN || signal_nans {
            *fpsr |= FPSR_IOC;
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

/// FCMEQ (`FPCompareEQ`): false for NaNs; Invalid only for signalling NaNs.
#[inline]
pub fn compare_eq<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    let (a, b) = unpack2::<T>(op1, op2, fpcr, fpsr);
    if a.ty.is_nan() || b.ty.is_nan() {
        if a.ty == FpType::SNaN || b.ty == FpType::SNaN {
            *fpsr |= FPSR_IOC;
        }
        return false;
    }
    cmp_values(&a, &b) == Ordering::Equal
}

/// Shared FPCompareGE/GT: false and Invalid for any NaN.
#[inline(always)]
fn compare_ordered<T: Float>(
    op1: T::Bits,
    op2: T::Bits,
    gt: bool,
    fpcr: u32,
    fpsr: &mut u32,
) -> bool {
    let (a, b) = unpack2::<T>(op1, op2, fpcr, fpsr);
    if a.ty.is_nan() || b.ty.is_nan() {
        *fpsr |= FPSR_IOC;
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
    compare_ordered::<T>(op1, op2, false, fpcr, fpsr)
}

/// FCMGT (`FPCompareGT`): `op1 > op2`; false and Invalid for any NaN.
/// (FCMLT is `compare_gt(op2, op1)`.)
#[inline]
pub fn compare_gt<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> bool {
    compare_ordered::<T>(op1, op2, true, fpcr, fpsr)
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
