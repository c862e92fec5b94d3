//! Estimates: FPRecipEstimate (FRECPE), FPRSqrtEstimate (FRSQRTE), FPRecpX
//! (FRECPX), UnsignedRecipEstimate (URECPE), UnsignedRSqrtEstimate (URSQRTE).
//!
//! The 8-bit estimates come from the Arm ARM's integer algorithms
//! `RecipEstimate` and `RecipSqrtEstimate`, transcribed below as `const fn`s;
//! lookup tables are generated from them at compile time (nothing copied).

use crate::float::Float;
use crate::unpack::{
    fp_default_nan, fp_infinity, fp_max_normal, fp_process_nan, fp_unpack, fp_zero, sign_bit,
    FpType,
};
use crate::rules::Arm;
use crate::{Rounding, FPCR_FZ, FPCR_FZ16, FPSR_DZC, FPSR_IOC, FPSR_IXC, FPSR_OFC, FPSR_UFC};

/// `RecipEstimate(a)` (Armv8.0, no increased precision): `a` in 256..512
/// is a fixed-point value in [0.5, 1.0) in units of 1/512; the result in
/// 256..512 is the reciprocal in [1.0, 2.0) in units of 1/256.
#[allow(clippy::manual_div_ceil)] // kept in the pseudocode's form
pub(crate) const fn recip_estimate_int(a: u32) -> u32 {
    assert!(256 <= a && a < 512);
    let a = a * 2 + 1; // round to nearest
    let b = (1 << 19) / a;
    let r = (b + 1) / 2; // round to nearest
    assert!(256 <= r && r < 512);
    r
}

/// `RecipSqrtEstimate(a)` (Armv8.0): `a` in 128..512 is a value in
/// [0.25, 1.0) in units of 1/512; the result in 256..512 is its reciprocal
/// square root in [1.0, 2.0) in units of 1/256.
#[allow(clippy::manual_div_ceil)] // kept in the pseudocode's form
pub(crate) const fn rsqrt_estimate_int(a: u32) -> u32 {
    assert!(128 <= a && a < 512);
    let a = if a < 256 {
        a * 2 + 1 // 0.25 .. 0.5: a in units of 1/512 rounded to nearest
    } else {
        let a = (a >> 1) << 1; // 0.5 .. 1.0: discard bottom bit
        (a + 1) * 2 // a in units of 1/256 rounded to nearest
    } as u64;
    let mut b: u64 = 512;
    while a * (b + 1) * (b + 1) < (1 << 28) {
        b += 1;
    }
    // b = largest b such that b < 2^14 / sqrt(a)
    let r = ((b + 1) / 2) as u32;
    assert!(256 <= r && r < 512);
    r
}

const fn build_recip_table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = recip_estimate_int(256 + i as u32) as u16;
        i += 1;
    }
    t
}

const fn build_rsqrt_table() -> [u16; 384] {
    let mut t = [0u16; 384];
    let mut i = 0;
    while i < 384 {
        t[i] = rsqrt_estimate_int(128 + i as u32) as u16;
        i += 1;
    }
    t
}

static RECIP_TABLE: [u16; 256] = build_recip_table();
static RSQRT_TABLE: [u16; 384] = build_rsqrt_table();

#[inline(always)]
fn recip_estimate_lookup(a: u64) -> u64 {
    RECIP_TABLE[a as usize - 256] as u64
}

#[inline(always)]
pub(crate) fn rsqrt_estimate_lookup(a: u64) -> u64 {
    RSQRT_TABLE[a as usize - 128] as u64
}

/// 52-bit fraction field and raw biased exponent, as the estimate
/// pseudocode extracts them.
#[inline(always)]
fn fraction52_and_exp<T: Float>(op: u64) -> (u64, i32) {
    (
        (op & T::FRAC_MASK) << (52 - T::F),
        ((op & T::EXP_MASK) >> T::F) as i32,
    )
}

const FRAC52: u64 = (1 << 52) - 1;

/// FRECPE (`FPRecipEstimate`): reciprocal estimate with 8 significant bits.
#[inline]
pub fn recip_estimate<T: Float>(op: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    let op = T::to_u64(op);
    let u = fp_unpack::<Arm, T>(op, fpcr, fpsr);
    let flush = if T::N == 16 {
        fpcr & FPCR_FZ16 != 0
    } else {
        fpcr & FPCR_FZ != 0
    };
    let result = match u.ty {
        FpType::SNaN | FpType::QNaN => fp_process_nan::<Arm, T>(u.ty, op, fpcr, fpsr),
        FpType::Infinity => fp_zero::<T>(u.sign),
        FpType::Zero => {
            *fpsr |= FPSR_DZC;
            fp_infinity::<T>(u.sign)
        }
        // |value| < 2^-(BIAS+1): the reciprocal overflows.
        _ if u.exp < -(T::BIAS + 1) => {
            let overflow_to_inf = match Rounding::from_fpcr(fpcr) {
                Rounding::PosInf => !u.sign,
                Rounding::NegInf => u.sign,
                Rounding::Zero => false,
                _ => true,
            };
            *fpsr |= FPSR_OFC | FPSR_IXC;
            if overflow_to_inf {
                fp_infinity::<T>(u.sign)
            } else {
                fp_max_normal::<T>(u.sign)
            }
        }
        // |value| >= 2^(BIAS-1): the reciprocal is denormal; flushed under FZ.
        _ if flush && u.exp >= T::BIAS - 1 => {
            *fpsr |= FPSR_UFC;
            fp_zero::<T>(u.sign)
        }
        _ => {
            // Scale to a fixed-point value in [0.5, 1.0) in steps of 1/512.
            let (mut fraction, mut exp) = fraction52_and_exp::<T>(op);
            if exp == 0 {
                if fraction >> 51 & 1 == 0 {
                    exp = -1;
                    fraction = (fraction << 2) & FRAC52;
                } else {
                    fraction = (fraction << 1) & FRAC52;
                }
            }
            let scaled = 0x100 | (fraction >> 44);
            let mut result_exp = 2 * T::BIAS - 1 - exp;
            let estimate = recip_estimate_lookup(scaled);
            let mut fraction = (estimate & 0xFF) << 44;
            if result_exp == 0 {
                fraction = (1 << 51) | (fraction >> 1);
            } else if result_exp == -1 {
                fraction = (1 << 50) | (fraction >> 2);
                result_exp = 0;
            }
            sign_bit::<T>(u.sign) | ((result_exp as u64) << T::F) | (fraction >> (52 - T::F))
        }
    };
    T::from_u64(result)
}

/// FRSQRTE (`FPRSqrtEstimate`): reciprocal square root estimate, 8 bits.
#[inline]
pub fn rsqrt_estimate<T: Float>(op: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    let op = T::to_u64(op);
    let u = fp_unpack::<Arm, T>(op, fpcr, fpsr);
    let result = match u.ty {
        FpType::SNaN | FpType::QNaN => fp_process_nan::<Arm, T>(u.ty, op, fpcr, fpsr),
        FpType::Zero => {
            *fpsr |= FPSR_DZC;
            fp_infinity::<T>(u.sign)
        }
        _ if u.sign => {
            *fpsr |= FPSR_IOC;
            fp_default_nan::<T>()
        }
        FpType::Infinity => fp_zero::<T>(false),
        _ => {
            // Scale to a fixed-point value in [0.25, 1.0) in steps of 1/512,
            // keeping the parity of the exponent.
            let (mut fraction, mut exp) = fraction52_and_exp::<T>(op);
            if exp == 0 {
                while fraction >> 51 & 1 == 0 {
                    fraction = (fraction << 1) & FRAC52;
                    exp -= 1;
                }
                fraction = (fraction << 1) & FRAC52;
            }
            let scaled = if exp & 1 == 0 {
                0x100 | (fraction >> 44)
            } else {
                0x80 | (fraction >> 45)
            };
            let result_exp = (3 * T::BIAS - 1 - exp) / 2;
            let estimate = rsqrt_estimate_lookup(scaled);
            ((result_exp as u64) << T::F) | ((estimate & 0xFF) << (T::F - 8))
        }
    };
    T::from_u64(result)
}

/// FRECPX (`FPRecpX`): reciprocal exponent — the exponent field inverted
/// (zero/denormal give the largest finite exponent), fraction cleared.
#[inline]
pub fn recpx<T: Float>(op: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    let op = T::to_u64(op);
    let u = fp_unpack::<Arm, T>(op, fpcr, fpsr);
    let exp = (op & T::EXP_MASK) >> T::F;
    let result = if u.ty.is_nan() {
        fp_process_nan::<Arm, T>(u.ty, op, fpcr, fpsr)
    } else if exp == 0 {
        sign_bit::<T>(u.sign) | ((T::MAX_BIASED_EXP - 1) << T::F)
    } else {
        sign_bit::<T>(u.sign) | ((!exp & T::MAX_BIASED_EXP) << T::F)
    };
    T::from_u64(result)
}

/// URECPE (`UnsignedRecipEstimate`): `op` is a fixed-point value in [0, 1)
/// in units of 2^-32; operands below 0.5 give all ones.
#[inline]
pub fn unsigned_recip_estimate(op: u32) -> u32 {
    if op >> 31 == 0 {
        u32::MAX
    } else {
        (recip_estimate_lookup((op >> 23) as u64) as u32) << 23
    }
}

/// URSQRTE (`UnsignedRSqrtEstimate`): `op` in [0, 1) in units of 2^-32;
/// operands below 0.25 give all ones.
#[inline]
pub fn unsigned_rsqrt_estimate(op: u32) -> u32 {
    if op >> 30 == 0 {
        u32::MAX
    } else {
        (rsqrt_estimate_lookup((op >> 23) as u64) as u32) << 23
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_estimates() {
        // Hand-evaluated from the pseudocode.
        assert_eq!(recip_estimate_int(256), 511); // a = 513, b = 1022
        assert_eq!(recip_estimate_int(384), 341); // a = 769, b = 681
        assert_eq!(recip_estimate_int(511), 256); // a = 1023, b = 512
        assert_eq!(rsqrt_estimate_int(128), 511); // a = 257, b = 1022
        assert_eq!(rsqrt_estimate_int(256), 361); // a = 514, b = 722
        assert_eq!(rsqrt_estimate_int(511), 256); // a = 1022, b = 512
                                                  // Monotonic (non-increasing) and in range across the domain.
        for a in 257..512 {
            assert!(recip_estimate_int(a) <= recip_estimate_int(a - 1));
        }
        for a in 129..512 {
            assert!(rsqrt_estimate_int(a) <= rsqrt_estimate_int(a - 1));
        }
        // The tables are the functions.
        for a in 256..512u32 {
            assert_eq!(
                recip_estimate_lookup(a as u64),
                recip_estimate_int(a) as u64
            );
        }
        for a in 128..512u32 {
            assert_eq!(
                rsqrt_estimate_lookup(a as u64),
                rsqrt_estimate_int(a) as u64
            );
        }
    }
}
