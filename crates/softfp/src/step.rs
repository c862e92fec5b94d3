//! AArch32's Newton-Raphson step functions (`FPRecipStep`, `FPRSqrtStep`): unlike
//! AArch64's FRECPS/FRSQRTS ([`crate::recip_step`], [`crate::rsqrt_step`]) the product
//! is rounded before the subtraction.  AdvSIMD VRECPS/VRSQRTS call them with the
//! standard FPSCR value; the functions honour whatever `fpcr` they are given.

use crate::arith::{add_unpacked, exact_zero_sign, fp_add, fp_mul};
use crate::float::Float;
use crate::round::fp_round;
use crate::rules::{Arm, Rules};
use crate::unpack::{
    fp_infinity, fp_one_point_five, fp_process_nans, fp_two, fp_unpack, fp_zero, FpType,
};

/// The shared start of both steps: NaN processing on the operands, then the rounded
/// product, `+0` for `0 * inf` (no Invalid).  `Err` is a NaN result.
#[inline]
fn product<R: Rules, T: Float>(op1: u64, op2: u64, ctl: u32, flags: &mut u32) -> Result<u64, u64> {
    let a = fp_unpack::<R, T>(op1, ctl, flags);
    let b = fp_unpack::<R, T>(op2, ctl, flags);
    if let Some(r) = fp_process_nans::<R, T>(&a, &b, op1, op2, ctl, flags) {
        return Err(r);
    }
    let (inf1, inf2) = (a.ty == FpType::Infinity, b.ty == FpType::Infinity);
    let (zero1, zero2) = (a.ty == FpType::Zero, b.ty == FpType::Zero);
    if (inf1 && zero2) || (zero1 && inf2) {
        Ok(fp_zero::<T>(false))
    } else {
        Ok(fp_mul::<R, T>(op1, op2, false, ctl, flags))
    }
}

/// VRECPS (`FPRecipStep`): `FPSub(2.0, FPMul(op1, op2))`, the product rounded
/// (`0 * inf` counts as `+0`, so gives `2.0`).
#[inline]
pub fn recip_step_unfused<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    let r = match product::<Arm, T>(T::to_u64(op1), T::to_u64(op2), fpcr, fpsr) {
        Err(nan) => nan,
        Ok(p) => fp_add::<Arm, T>(fp_two::<T>(false), p, true, fpcr, fpsr),
    };
    T::from_u64(r)
}

/// VRSQRTS (`FPRSqrtStep`): `FPHalvedSub(3.0, FPMul(op1, op2))` — the product rounded,
/// then `(3 - product) / 2` rounded once (`0 * inf` counts as `+0`, so gives `1.5`).
#[inline]
pub fn rsqrt_step_unfused<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    let r = match product::<Arm, T>(T::to_u64(op1), T::to_u64(op2), fpcr, fpsr) {
        Err(nan) => nan,
        Ok(p) => halved_sub_from_three::<Arm, T>(p, fpcr, fpsr),
    };
    T::from_u64(r)
}

/// `FPHalvedSub(3.0, op2)` for a non-NaN `op2`.
#[inline]
fn halved_sub_from_three<R: Rules, T: Float>(op2: u64, ctl: u32, flags: &mut u32) -> u64 {
    let rounding = R::rounding(ctl);
    let p = fp_unpack::<R, T>(op2, ctl, flags);
    match p.ty {
        FpType::Infinity => fp_infinity::<T>(!p.sign),
        FpType::Zero => fp_one_point_five::<T>(false),
        _ => match add_unpacked(false, 1, 3 << 62, !p.sign, p.exp, p.sig) {
            None => fp_zero::<T>(exact_zero_sign(rounding)),
            Some((s, e, m)) => fp_round::<R, T>(s, e - 1, m, ctl, rounding, flags),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{F32, FPCR_DN, FPCR_FZ};

    const STANDARD: u32 = FPCR_DN | FPCR_FZ;

    fn f(x: f32) -> u32 {
        x.to_bits()
    }

    #[test]
    fn recip_step_is_two_minus_the_rounded_product() {
        let mut fpsr = 0;
        assert_eq!(recip_step_unfused::<F32>(f(0.5), f(3.0), STANDARD, &mut fpsr), f(0.5));
        assert_eq!(recip_step_unfused::<F32>(f(0.0), f(f32::INFINITY), STANDARD, &mut fpsr), f(2.0));
        assert_eq!(fpsr, 0);
        // 1+2^-23 squared is 1+2^-22+2^-46: rounded first it is 1+2^-22, and 2 minus that
        // is exact; fused, the 2^-46 survives and the difference rounds differently.
        let x = f32::from_bits(0x3f80_0001);
        let unfused = recip_step_unfused::<F32>(f(x), f(x), STANDARD, &mut fpsr);
        assert_eq!(unfused, f(1.0 - f32::EPSILON * 2.0));
    }

    #[test]
    fn rsqrt_step_halves_three_minus_the_rounded_product() {
        let mut fpsr = 0;
        assert_eq!(rsqrt_step_unfused::<F32>(f(1.0), f(1.0), STANDARD, &mut fpsr), f(1.0));
        assert_eq!(rsqrt_step_unfused::<F32>(f(f32::INFINITY), f(0.0), STANDARD, &mut fpsr), f(1.5));
        assert_eq!(rsqrt_step_unfused::<F32>(f(3.0), f(1.0), STANDARD, &mut fpsr), f(0.0));
        assert_eq!(rsqrt_step_unfused::<F32>(f(f32::INFINITY), f(2.0), STANDARD, &mut fpsr), f(f32::NEG_INFINITY));
        assert_eq!(fpsr, 0);
        let nan = rsqrt_step_unfused::<F32>(0x7f80_0001, f(1.0), STANDARD, &mut fpsr);
        assert_eq!((nan, fpsr), (0x7fc0_0000, crate::FPSR_IOC));
    }
}
