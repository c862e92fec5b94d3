//! FPAdd, FPSub, FPMul, FPMulX, FPDiv, FPSqrt, FPAbs, FPNeg and the simple
//! compositions FABD and FNMUL.

use crate::estimate::rsqrt_estimate_lookup;
use crate::float::Float;
use crate::round::{fp_round, norm128, shr_jam128};
use crate::unpack::{
    fp_default_nan, fp_infinity, fp_process_nan, fp_process_nans, fp_two, fp_unpack, fp_zero,
    FpType, Unpacked,
};
use crate::rules::{Arm, Rules};
use crate::Rounding;

/// Exact sum of two nonzero values `(-1)^s * m * 2^(e - 125)` where each `m`
/// has its leading one at bit 125 (bits 126/127 are headroom) — i.e. `e` is
/// the exponent of the leading bit.  Returns `None` for an exact zero sum,
/// otherwise the normalised `(sign, exp, sig)` with lost bits jammed.
///
/// Jamming during alignment is exact enough: a shift that loses bits only
/// happens when the smaller operand is below half of the larger one, so at
/// most one bit cancels and the jammed bit stays far below the rounding
/// position.
#[inline]
pub(crate) fn add_aligned(
    sa: bool,
    ea: i32,
    ma: u128,
    sb: bool,
    eb: i32,
    mb: u128,
) -> Option<(bool, i32, u64)> {
    let (sa, ea, ma, sb, eb, mb) = if ea >= eb {
        (sa, ea, ma, sb, eb, mb)
    } else {
        (sb, eb, mb, sa, ea, ma)
    };
    let d = (ea as i64 - eb as i64).min(128) as u32;
    let mb = shr_jam128(mb, d);
    let (sign, m) = if sa == sb {
        (sa, ma + mb)
    } else if ma > mb {
        (sa, ma - mb)
    } else if mb > ma {
        (sb, mb - ma)
    } else {
        return None;
    };
    let (exp, sig) = norm128(m, ea - 125);
    Some((sign, exp, sig))
}

/// [`add_aligned`] for two unpacked (F+1)-bit significands using 64-bit
/// arithmetic: both are moved to bit 61 (the 63 - F >= 11 low bits of an
/// unpacked significand are zero, so nothing is lost) leaving 61 - F >= 9
/// guard bits below the result's rounding position — enough for the same
/// jamming argument.
#[inline(always)]
pub(crate) fn add_unpacked(
    sa: bool,
    ea: i32,
    siga: u64,
    sb: bool,
    eb: i32,
    sigb: u64,
) -> Option<(bool, i32, u64)> {
    let (sa, ea, ma, sb, eb, mb) = if ea >= eb {
        (sa, ea, siga >> 2, sb, eb, sigb >> 2)
    } else {
        (sb, eb, sigb >> 2, sa, ea, siga >> 2)
    };
    let d = (ea as i64 - eb as i64).min(63) as u32;
    let mb = if d == 0 {
        mb
    } else {
        (mb >> d) | ((mb << (64 - d)) != 0) as u64
    };
    let (sign, m) = if sa == sb {
        (sa, ma + mb)
    } else if ma > mb {
        (sa, ma - mb)
    } else if mb > ma {
        (sb, mb - ma)
    } else {
        return None;
    };
    let lz = m.leading_zeros();
    Some((sign, ea + 2 - lz as i32, m << lz))
}

/// Sign of an exact zero sum: `-0` only when rounding towards minus infinity.
#[inline(always)]
pub(crate) fn exact_zero_sign(rounding: Rounding) -> bool {
    rounding == Rounding::NegInf
}

/// FPAdd (`negate2 == false`) and FPSub (`negate2 == true`).
#[inline]
pub(crate) fn fp_add<R: Rules, T: Float>(
    op1: u64,
    op2: u64,
    negate2: bool,
    ctl: u32,
    flags: &mut u32,
) -> u64 {
    let rounding = R::rounding(ctl);
    let a = fp_unpack::<R, T>(op1, ctl, flags);
    let b = fp_unpack::<R, T>(op2, ctl, flags);
    if let Some(r) = fp_process_nans::<R, T>(&a, &b, op1, op2, ctl, flags) {
        return r;
    }
    let (sign1, sign2) = (a.sign, b.sign ^ negate2);
    let (inf1, inf2) = (a.ty == FpType::Infinity, b.ty == FpType::Infinity);
    let (zero1, zero2) = (a.ty == FpType::Zero, b.ty == FpType::Zero);
    if inf1 && inf2 && sign1 != sign2 {
        *flags |= R::INVALID;
        fp_default_nan::<T>()
    } else if inf1 {
        fp_infinity::<T>(sign1)
    } else if inf2 {
        fp_infinity::<T>(sign2)
    } else if zero1 && zero2 && sign1 == sign2 {
        fp_zero::<T>(sign1)
    } else if zero1 || zero2 {
        // Exactly one zero, or two zeros of opposite sign.
        let x = if zero1 {
            Unpacked { sign: sign2, ..b }
        } else {
            a
        };
        if x.ty == FpType::Zero {
            fp_zero::<T>(exact_zero_sign(rounding))
        } else {
            fp_round::<R, T>(x.sign, x.exp, x.sig, ctl, rounding, flags)
        }
    } else {
        match add_unpacked(sign1, a.exp, a.sig, sign2, b.exp, b.sig) {
            None => fp_zero::<T>(exact_zero_sign(rounding)),
            Some((s, e, m)) => fp_round::<R, T>(s, e, m, ctl, rounding, flags),
        }
    }
}

/// Rounds the exact product of two nonzero unpacked values.
#[inline(always)]
fn round_product<R: Rules, T: Float>(
    sign: bool,
    a: &Unpacked,
    b: &Unpacked,
    ctl: u32,
    flags: &mut u32,
) -> u64 {
    let prod = a.sig as u128 * b.sig as u128;
    let (exp, sig) = norm128(prod, a.exp + b.exp - 126);
    fp_round::<R, T>(sign, exp, sig, ctl, R::rounding(ctl), flags)
}

/// FPMul (`mulx == false`) and FPMulX (`mulx == true`).
#[inline]
pub(crate) fn fp_mul<R: Rules, T: Float>(op1: u64, op2: u64, mulx: bool, ctl: u32, flags: &mut u32) -> u64 {
    let a = fp_unpack::<R, T>(op1, ctl, flags);
    let b = fp_unpack::<R, T>(op2, ctl, flags);
    if let Some(r) = fp_process_nans::<R, T>(&a, &b, op1, op2, ctl, flags) {
        return r;
    }
    let sign = a.sign ^ b.sign;
    let (inf1, inf2) = (a.ty == FpType::Infinity, b.ty == FpType::Infinity);
    let (zero1, zero2) = (a.ty == FpType::Zero, b.ty == FpType::Zero);
    if (inf1 && zero2) || (zero1 && inf2) {
        if mulx {
            fp_two::<T>(sign)
        } else {
            *flags |= R::INVALID;
            fp_default_nan::<T>()
        }
    } else if inf1 || inf2 {
        fp_infinity::<T>(sign)
    } else if zero1 || zero2 {
        fp_zero::<T>(sign)
    } else {
        round_product::<R, T>(sign, &a, &b, ctl, flags)
    }
}

/// FPDiv.
#[inline]
pub(crate) fn fp_div<R: Rules, T: Float>(op1: u64, op2: u64, ctl: u32, flags: &mut u32) -> u64 {
    let a = fp_unpack::<R, T>(op1, ctl, flags);
    let b = fp_unpack::<R, T>(op2, ctl, flags);
    if let Some(r) = fp_process_nans::<R, T>(&a, &b, op1, op2, ctl, flags) {
        return r;
    }
    let sign = a.sign ^ b.sign;
    let (inf1, inf2) = (a.ty == FpType::Infinity, b.ty == FpType::Infinity);
    let (zero1, zero2) = (a.ty == FpType::Zero, b.ty == FpType::Zero);
    if (inf1 && inf2) || (zero1 && zero2) {
        *flags |= R::INVALID;
        fp_default_nan::<T>()
    } else if inf1 || zero2 {
        if !inf1 {
            *flags |= R::DIV_BY_ZERO;
        }
        fp_infinity::<T>(sign)
    } else if zero1 || inf2 {
        fp_zero::<T>(sign)
    } else {
        let (exp, sig) = if T::F <= 29 {
            // 32-bit significands (at most 30 significant bits): the
            // quotient (sig1 * 2^32) / sig2 is in (2^31, 2^33), >= F + 3 bits.
            let num = a.sig & !0xFFFF_FFFF;
            let den = b.sig >> 32;
            let q = num / den;
            let r = num - q * den;
            norm128((q | (r != 0) as u64) as u128, a.exp - b.exp - 32)
        } else {
            // q = floor(sig1 * 2^64 / sig2) is in (2^63, 2^65): at least 64
            // significant bits, remainder jammed.
            let num = (a.sig as u128) << 64;
            let den = b.sig as u128;
            let q = num / den;
            let r = num - q * den;
            norm128(q | (r != 0) as u128, a.exp - b.exp - 64)
        };
        fp_round::<R, T>(sign, exp, sig, ctl, R::rounding(ctl), flags)
    }
}

/// Integer square root: `(floor(sqrt(m)), m != floor(sqrt(m))^2)`, `m != 0`.
///
/// A Newton-Raphson reciprocal-square-root iteration in fixed point, seeded
/// from the architectural 8-bit `RecipSqrtEstimate` table, gives a root
/// accurate to a unit or so; the final integer fix-up makes the result exact
/// whatever the approximation error.
#[inline]
fn isqrt_rem(m: u128) -> (u128, bool) {
    debug_assert!(m != 0);
    // a = m * 4^k in [2^126, 2^128); x = a_hi / 2^64 in [0.25, 1).
    let lz = m.leading_zeros() & !1;
    let a_hi = ((m << lz) >> 64) as u64;
    // y ~ 1/sqrt(x) in Q2.62, from the 9-bit index a_hi<63:55> in 128..512.
    let mut y = rsqrt_estimate_lookup(a_hi >> 55) << 54;
    for _ in 0..3 {
        let y2 = ((y as u128 * y as u128) >> 64) as u64; // y^2, Q4.60
        let t = ((a_hi as u128 * y2 as u128) >> 64) as u64; // x*y^2 ~ 1, Q4.60
        let f = (3u64 << 60).saturating_sub(t); // 3 - x*y^2, Q4.60
        y = ((y as u128 * f as u128) >> 61) as u64; // y*(3 - x*y^2)/2, Q2.62
    }
    // sqrt(a) = sqrt(x) * 2^64 ~ x*y * 2^64.
    let s = ((a_hi as u128 * y as u128) >> 62).min(u64::MAX as u128);
    let mut r = s >> (lz / 2);
    while r * r > m {
        r -= 1;
    }
    let mut rem = m - r * r;
    while rem > 2 * r {
        rem -= 2 * r + 1;
        r += 1;
    }
    (r, rem != 0)
}

/// FPSqrt.
#[inline]
pub(crate) fn fp_sqrt<R: Rules, T: Float>(op: u64, ctl: u32, flags: &mut u32) -> u64 {
    let a = fp_unpack::<R, T>(op, ctl, flags);
    match a.ty {
        FpType::QNaN | FpType::SNaN => fp_process_nan::<R, T>(a.ty, op, ctl, flags),
        FpType::Zero => fp_zero::<T>(a.sign),
        FpType::Infinity if !a.sign => fp_infinity::<T>(false),
        _ if a.sign => {
            *flags |= R::INVALID;
            fp_default_nan::<T>()
        }
        _ => {
            // value = m * 2^(exp - F) with m the (F+1)-bit significand.  Scale
            // m by 2^k (k >= F + 5, making exp - F - k even) so the integer
            // root has at least F + 3 bits; the remainder is the sticky bit.
            let m = a.sig >> (63 - T::F);
            let base = a.exp - T::F as i32;
            let k = T::F as i32 + 5 + ((base - T::F as i32 - 5) & 1);
            let (root, inexact) = isqrt_rem((m as u128) << k);
            let (exp, sig) = norm128(root | inexact as u128, (base - k) / 2);
            fp_round::<R, T>(false, exp, sig, ctl, R::rounding(ctl), flags)
        }
    }
}

/// FADD: `op1 + op2`.
#[inline]
pub fn add<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_add::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        false,
        fpcr,
        fpsr,
    ))
}

/// FSUB: `op1 - op2` (NaN operands are propagated unchanged in sign).
#[inline]
pub fn sub<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_add::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        true,
        fpcr,
        fpsr,
    ))
}

/// FMUL: `op1 * op2`.
#[inline]
pub fn mul<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_mul::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        false,
        fpcr,
        fpsr,
    ))
}

/// FMULX: as FMUL but `0 * ±inf = ±2.0` (no Invalid).
#[inline]
pub fn mulx<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_mul::<Arm, T>(
        T::to_u64(op1),
        T::to_u64(op2),
        true,
        fpcr,
        fpsr,
    ))
}

/// FNMUL: `FPNeg(FPMul(op1, op2))` — the negation also flips a NaN result's sign.
#[inline]
pub fn nmul<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    neg::<T>(mul::<T>(op1, op2, fpcr, fpsr))
}

/// FDIV: `op1 / op2`.
#[inline]
pub fn div<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_div::<Arm, T>(T::to_u64(op1), T::to_u64(op2), fpcr, fpsr))
}

/// FSQRT.
#[inline]
pub fn sqrt<T: Float>(op: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    T::from_u64(fp_sqrt::<Arm, T>(T::to_u64(op), fpcr, fpsr))
}

/// FABS (`FPAbs`): clears the sign bit; no flags, NaNs untouched otherwise.
#[inline(always)]
pub fn abs<T: Float>(op: T::Bits) -> T::Bits {
    T::from_u64(T::to_u64(op) & !T::SIGN_MASK)
}

/// FNEG (`FPNeg`): flips the sign bit; no flags, NaNs untouched otherwise.
#[inline(always)]
pub fn neg<T: Float>(op: T::Bits) -> T::Bits {
    T::from_u64(T::to_u64(op) ^ T::SIGN_MASK)
}

/// FABD: `FPAbs(FPSub(op1, op2))` — a NaN result also has its sign cleared.
#[inline]
pub fn abd<T: Float>(op1: T::Bits, op2: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
    abs::<T>(sub::<T>(op1, op2, fpcr, fpsr))
}

#[cfg(test)]
mod tests {
    use super::isqrt_rem;

    /// Slow reference: bit-by-bit restoring square root.
    fn isqrt_ref(m: u128) -> u128 {
        let mut r: u128 = 0;
        for bit in (0..64).rev() {
            let c = r | (1u128 << bit);
            if c.checked_mul(c).is_some_and(|sq| sq <= m) {
                r = c;
            }
        }
        r
    }

    #[test]
    fn isqrt_matches_reference() {
        let mut x = 0x243F_6A88_85A3_08D3u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for i in 0..200_000u32 {
            let bits = 1 + i % 128;
            let raw = (next() as u128) << 64 | next() as u128;
            let mut m = raw >> (128 - bits);
            if i % 3 == 0 {
                // Perfect squares and their neighbours.
                let r = m >> (bits / 2);
                m = (r * r).wrapping_add((next() % 3) as u128).wrapping_sub(1);
            }
            if m == 0 {
                continue;
            }
            let r = isqrt_ref(m);
            assert_eq!(isqrt_rem(m), (r, r * r != m), "m = {m:#x}");
        }
        assert_eq!(isqrt_rem(u128::MAX), (u64::MAX as u128, true));
        assert_eq!(isqrt_rem(1), (1, false));
        assert_eq!(isqrt_rem(1 << 127), (isqrt_ref(1 << 127), true));
    }
}
