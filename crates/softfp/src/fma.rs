//! Fused operations: FPMulAdd (FMADD/FMSUB/FNMADD/FNMSUB, FMLA/FMLS) and
//! FPRecipStepFused / FPRSqrtStepFused (FRECPS/FRSQRTS).

use crate::arith::{add_aligned, exact_zero_sign};
use crate::float::Float;
use crate::round::{fp_round, shr_jam128};
use crate::unpack::{
    fp_default_nan, fp_infinity, fp_one_point_five, fp_process_nans, fp_process_nans3, fp_two,
    fp_unpack, fp_zero, FpType, Unpacked,
};
use crate::rules::{Arm, Rules};

/// Exact `a + p1 * p2` (product sign `sign_p`) for finite unpacked
/// operands (any may be zero), unrounded, lost bits jammed.  `None` means
/// the exact result is zero (the caller picks its sign).
#[inline]
fn fused_sum(a: &Unpacked, sign_p: bool, p1: &Unpacked, p2: &Unpacked) -> Option<(bool, i32, u64)> {
    let zero_a = a.ty == FpType::Zero;
    let zero_p = p1.ty == FpType::Zero || p2.ty == FpType::Zero;
    match (zero_a, zero_p) {
        (true, true) => None,
        (false, true) => Some((a.sign, a.exp, a.sig)),
        (_, false) => {
            // Exact product, leading one moved to bit 125 (the low bits
            // shifted out by the final `>> 2` are zero: 2(F+1) <= 106 < 126).
            let prod = p1.sig as u128 * p2.sig as u128;
            let lz = prod.leading_zeros();
            let exp_p = p1.exp + p2.exp + 1 - lz as i32;
            let mp = shr_jam128(prod << lz, 2);
            if zero_a {
                let sig = (mp >> 62) as u64 | (mp as u64 & ((1 << 62) - 1) != 0) as u64;
                return Some((sign_p, exp_p, sig));
            }
            add_aligned(a.sign, a.exp, (a.sig as u128) << 62, sign_p, exp_p, mp)
        }
    }
}

/// `FPMulAdd(addend, op1, op2)`: `addend + op1 * op2` with a single rounding.
#[inline]
pub(crate) fn fp_mul_add<R: Rules, T: Float>(
    addend: u64,
    op1: u64,
    op2: u64,
    ctl: u32,
    flags: &mut u32,
) -> u64 {
    let rounding = R::rounding(ctl);
    let a = fp_unpack::<R, T>(addend, ctl, flags);
    let p1 = fp_unpack::<R, T>(op1, ctl, flags);
    let p2 = fp_unpack::<R, T>(op2, ctl, flags);
    let (inf1, inf2) = (p1.ty == FpType::Infinity, p2.ty == FpType::Infinity);
    let (zero1, zero2) = (p1.ty == FpType::Zero, p2.ty == FpType::Zero);

    if let Some(r) = fp_process_nans3::<R, T>(&a, &p1, &p2, addend, op1, op2, ctl, flags) {
        // A quiet-NaN addend does not hide the Invalid of 0 * inf.
        if a.ty == FpType::QNaN && ((inf1 && zero2) || (zero1 && inf2)) {
            *flags |= R::INVALID;
            return fp_default_nan::<T>();
        }
        return r;
    }

    let inf_a = a.ty == FpType::Infinity;
    let zero_a = a.ty == FpType::Zero;
    let sign_p = p1.sign ^ p2.sign;
    let inf_p = inf1 || inf2;
    let zero_p = zero1 || zero2;

    if (inf1 && zero2) || (zero1 && inf2) || (inf_a && inf_p && a.sign != sign_p) {
        *flags |= R::INVALID;
        fp_default_nan::<T>()
    } else if inf_a {
        fp_infinity::<T>(a.sign)
    } else if inf_p {
        fp_infinity::<T>(sign_p)
    } else if zero_a && zero_p && a.sign == sign_p {
        fp_zero::<T>(a.sign)
    } else {
        match fused_sum(&a, sign_p, &p1, &p2) {
            None => fp_zero::<T>(exact_zero_sign(rounding)),
            Some((s, e, m)) => fp_round::<R, T>(s, e, m, ctl, rounding, flags),
        }
    }
}

/// Shared body of FPRecipStepFused (`rsqrt == false`: `2 - op1*op2`) and
/// FPRSqrtStepFused (`rsqrt == true`: `(3 - op1*op2) / 2`, the halving being
/// an exact exponent decrement before rounding).
#[inline]
fn fp_step_fused<R: Rules, T: Float>(op1: u64, op2: u64, rsqrt: bool, ctl: u32, flags: &mut u32) -> u64 {
    let rounding = R::rounding(ctl);
    let op1 = op1 ^ T::SIGN_MASK; // FPNeg(op1_in)
    let p1 = fp_unpack::<R, T>(op1, ctl, flags);
    let p2 = fp_unpack::<R, T>(op2, ctl, flags);
    if let Some(r) = fp_process_nans::<R, T>(&p1, &p2, op1, op2, ctl, flags) {
        return r;
    }
    let (inf1, inf2) = (p1.ty == FpType::Infinity, p2.ty == FpType::Infinity);
    let (zero1, zero2) = (p1.ty == FpType::Zero, p2.ty == FpType::Zero);
    if (inf1 && zero2) || (zero1 && inf2) {
        if rsqrt {
            fp_one_point_five::<T>(false)
        } else {
            fp_two::<T>(false)
        }
    } else if inf1 || inf2 {
        fp_infinity::<T>(p1.sign ^ p2.sign)
    } else {
        // Constant addend 2.0 or 3.0.
        let a = Unpacked {
            ty: FpType::Nonzero,
            sign: false,
            exp: 1,
            sig: if rsqrt {
                0xC000_0000_0000_0000
            } else {
                1 << 63
            },
        };
        match fused_sum(&a, p1.sign ^ p2.sign, &p1, &p2) {
            None => fp_zero::<T>(exact_zero_sign(rounding)),
            Some((s, e, m)) => fp_round::<R, T>(s, e - rsqrt as i32, m, ctl, rounding, flags),
        }
    }
}

/// FMADD / FMLA: `addend + op1 * op2`, fused (`FPMulAdd(addend, op1, op2)`).
#[inline]
pub fn mul_add<T: Float>(
    addend: T::Bits,
    op1: T::Bits,
    op2: T::Bits,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    T::from_u64(fp_mul_add::<Arm, T>(
        T::to_u64(addend),
        T::to_u64(op1),
        T::to_u64(op2),
        fpcr,
        fpsr,
    ))
}

/// FMSUB / FMLS: `addend - op1 * op2`, computed as
/// `FPMulAdd(addend, FPNeg(op1), op2)` (a NaN `op1` comes out with its sign
/// flipped).
#[inline]
pub fn mul_sub<T: Float>(
    addend: T::Bits,
    op1: T::Bits,
    op2: T::Bits,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    let op1 = T::to_u64(op1) ^ T::SIGN_MASK;
    T::from_u64(fp_mul_add::<Arm, T>(
        T::to_u64(addend),
        op1,
        T::to_u64(op2),
        fpcr,
        fpsr,
    ))
}

/// FNMADD: `-addend - op1 * op2`, computed as
/// `FPMulAdd(FPNeg(addend), FPNeg(op1), op2)`.
#[inline]
pub fn neg_mul_add<T: Float>(
    addend: T::Bits,
    op1: T::Bits,
    op2: T::Bits,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    let addend = T::to_u64(addend) ^ T::SIGN_MASK;
    let op1 = T::to_u64(op1) ^ T::SIGN_MASK;
    T::from_u64(fp_mul_add::<Arm, T>(addend, op1, T::to_u64(op2), fpcr, fpsr))
}

/// FNMSUB: `-addend + op1 * op2`, computed as
/// `FPMulAdd(FPNeg(addend), op1, op2)`.
#[inline]
pub fn neg_mul_sub<T: Float>(
    addend: T::Bits,
    op1: T::Bits,
    op2: T::Bits,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    let addend = T::to_u64(addend) ^ T::SIGN_MASK;
    T::from_u64(fp_mul_add::<Arm, T>(
        addend,
        T::to_u64(op1),
        T::to_u64(op2),
        fpcr,
        fpsr,
    ))
}

/// FRECPS (`FPRecipStepFused`): `2.0 - op1 * op2`, fused; `0 * inf` gives
/// `+2.0` without Invalid.  `op1` is negated before NaN processing, so a
/// NaN `op1` comes out with its sign flipped.
#[inline]
pub fn recip_step<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_step_fused::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        false,
        fpcr,
        fpsr,
    ))
}

/// FRSQRTS (`FPRSqrtStepFused`): `(3.0 - op1 * op2) / 2`, fused; `0 * inf`
/// gives `+1.5`.  Same NaN sign behaviour as [`recip_step`].
#[inline]
pub fn rsqrt_step<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_step_fused::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        true,
        fpcr,
        fpsr,
    ))
}
