//! `FPRound`: the one routine that turns an exact (or sticky-jammed) real
//! value into an encoding, plus the shared integer-rounding decision used
//! by `FPRoundInt` and `FPToFixed`.

use crate::float::Float;
use crate::rules::Rules;
use crate::unpack::{fp_infinity, fp_max_normal, fp_zero, sign_bit};
use crate::Rounding;

/// The `round_up` decision shared by FPRound, FPRoundInt and FPToFixed,
/// expressed on the magnitude: `lsb` is bit 0 of the truncated magnitude,
/// `half` says the discarded part is >= 1/2 ulp, `sticky` that something
/// below the half bit is nonzero.
#[inline(always)]
pub(crate) fn round_up(
    rounding: Rounding,
    sign: bool,
    lsb: bool,
    half: bool,
    sticky: bool,
) -> bool {
    match rounding {
        Rounding::TieEven => half && (sticky || lsb),
        Rounding::TieAway => half,
        Rounding::PosInf => !sign && (half || sticky),
        Rounding::NegInf => sign && (half || sticky),
        Rounding::Zero | Rounding::Odd => false,
    }
}

/// `FPRoundBase`.  The value is `(-1)^sign * sig * 2^(exp - 63)`, `sig` must
/// have bit 63 set; any nonzero bits lost before the call must have been
/// OR-ed into bit 0 of `sig`.
///
/// Flags: underflow is signalled when the value is tiny and the result is
/// inexact; tininess is judged before rounding (Arm) or after it (RISC-V,
/// x86) as the rules say.  `flush` (Arm's FZ/FZ16) happens on the unrounded
/// exponent and raises only Underflow; `alt_half` is Arm's alternative
/// half-precision format.
#[inline(always)]
fn fp_round_base<R: Rules, T: Float>(
    sign: bool,
    exp: i32,
    sig: u64,
    (flush, alt_half): (bool, bool),
    rounding: Rounding,
    flags: &mut u32,
) -> u64 {
    debug_assert!(sig >> 63 == 1);

    // Fast path: normal result that cannot overflow before rounding.  The
    // packed magnitude is built as ((biased_exp - 1) << F) + int_mant, so
    // the implicit bit of int_mant and a rounding carry propagate into the
    // exponent field by themselves.
    if exp >= T::MIN_EXP && exp <= T::BIAS {
        let s = 63 - T::F;
        let int_mant = sig >> s;
        let half = (sig >> (s - 1)) & 1 != 0;
        let sticky = sig & ((1u64 << (s - 1)) - 1) != 0;
        let up = round_up(rounding, sign, int_mant & 1 != 0, half, sticky);
        let mut mag = (((exp - T::MIN_EXP) as u64) << T::F) + int_mant + up as u64;
        if rounding == Rounding::Odd && (half || sticky) {
            mag |= 1;
        }
        if mag >> T::F < T::MAX_BIASED_EXP {
            if half || sticky {
                *flags |= R::INEXACT;
            }
            return sign_bit::<T>(sign) | mag;
        }
        // Rounded up into the overflow range: take the general path.
    }
    fp_round_general::<R, T>(sign, exp, sig, (flush, alt_half), rounding, flags)
}

/// The complete `FPRoundBase` pseudocode (denormal results, overflow,
/// flush-to-zero, AHP); [`fp_round_base`] only short-cuts the common case.
#[inline(never)]
fn fp_round_general<R: Rules, T: Float>(
    sign: bool,
    exp: i32,
    sig: u64,
    (flush, alt_half): (bool, bool),
    rounding: Rounding,
    flags: &mut u32,
) -> u64 {
    let (mut biased_exp, shift) = if exp < T::MIN_EXP {
        if flush {
            *flags |= R::UNDERFLOW;
            return fp_zero::<T>(sign);
        }
        (0i32, (63 - T::F) as i64 + (T::MIN_EXP - exp) as i64)
    } else {
        (exp - T::MIN_EXP + 1, (63 - T::F) as i64)
    };

    // int_mant = RoundDown(mantissa * 2^F); error split into half/sticky.
    let (mut int_mant, half, sticky) = if shift < 64 {
        let s = shift as u32;
        let rem = sig & ((1u64 << s) - 1);
        (
            sig >> s,
            rem >> (s - 1) != 0,
            rem & ((1u64 << (s - 1)) - 1) != 0,
        )
    } else if shift == 64 {
        (0, true, sig << 1 != 0)
    } else {
        (0, false, true)
    };
    let mut inexact = half || sticky;

    let tiny = if R::TININESS_AFTER_ROUNDING {
        tiny_after_rounding::<T>(sign, exp, sig, rounding)
    } else {
        biased_exp == 0
    };
    if tiny && inexact {
        *flags |= R::UNDERFLOW;
    }

    if round_up(rounding, sign, int_mant & 1 != 0, half, sticky) {
        int_mant += 1;
        if int_mant == 1 << T::F {
            // Rounded up from denormalized to normalized.
            biased_exp = 1;
        }
        if int_mant == 1 << (T::F + 1) {
            // Rounded up to next exponent.
            biased_exp += 1;
            int_mant >>= 1;
        }
    }
    if rounding == Rounding::Odd && inexact {
        int_mant |= 1;
    }

    let result;
    if !(T::N == 16 && alt_half) {
        if biased_exp as i64 >= T::MAX_BIASED_EXP as i64 {
            let overflow_to_inf = match rounding {
                Rounding::TieEven | Rounding::TieAway => true,
                Rounding::PosInf => !sign,
                Rounding::NegInf => sign,
                Rounding::Zero | Rounding::Odd => false,
            };
            result = if overflow_to_inf {
                fp_infinity::<T>(sign)
            } else {
                fp_max_normal::<T>(sign)
            };
            *flags |= R::OVERFLOW;
            inexact = true;
        } else {
            result =
                sign_bit::<T>(sign) | ((biased_exp as u64) << T::F) | (int_mant & T::FRAC_MASK);
        }
    } else if biased_exp as i64 > T::MAX_BIASED_EXP as i64 {
        // Alternative half precision: no infinity to overflow to.
        result = sign_bit::<T>(sign) | (T::SIGN_MASK - 1);
        *flags |= R::INVALID;
        inexact = false;
    } else {
        result = sign_bit::<T>(sign) | ((biased_exp as u64) << T::F) | (int_mant & T::FRAC_MASK);
    }
    if inexact {
        *flags |= R::INEXACT;
    }
    result
}

/// IEEE 754's tininess after rounding, for a value `sig * 2^(exp - 63)`
/// below the normal range: it is tiny unless rounding it to the format's
/// precision with an unbounded exponent reaches the smallest normal.
#[inline]
fn tiny_after_rounding<T: Float>(sign: bool, exp: i32, sig: u64, rounding: Rounding) -> bool {
    if exp != T::MIN_EXP - 1 {
        return exp < T::MIN_EXP;
    }
    let s = 63 - T::F;
    let int_mant = sig >> s;
    let half = (sig >> (s - 1)) & 1 != 0;
    let sticky = sig & ((1u64 << (s - 1)) - 1) != 0;
    let all_ones = int_mant == (1 << (T::F + 1)) - 1;
    !(all_ones && round_up(rounding, sign, true, half, sticky))
}

/// `FPRound`: FPRoundBase with the alternative half format off (all
/// arithmetic).
#[inline(always)]
pub(crate) fn fp_round<R: Rules, T: Float>(
    sign: bool,
    exp: i32,
    sig: u64,
    ctl: u32,
    rounding: Rounding,
    flags: &mut u32,
) -> u64 {
    fp_round_base::<R, T>(sign, exp, sig, (R::flush_to_zero(ctl, T::N), false), rounding, flags)
}

/// `FPRoundCV`: FPRoundBase with half-precision flushing off (conversions).
#[inline(always)]
pub(crate) fn fp_round_cv<R: Rules, T: Float>(
    sign: bool,
    exp: i32,
    sig: u64,
    ctl: u32,
    rounding: Rounding,
    flags: &mut u32,
) -> u64 {
    let flush = T::N != 16 && R::flush_to_zero(ctl, T::N);
    fp_round_base::<R, T>(sign, exp, sig, (flush, R::alt_half(ctl)), rounding, flags)
}

/// Shift right, OR-ing every bit shifted out into bit 0 ("jamming").
#[inline(always)]
pub(crate) fn shr_jam128(m: u128, s: u32) -> u128 {
    if s == 0 {
        m
    } else if s >= 128 {
        (m != 0) as u128
    } else {
        (m >> s) | ((m << (128 - s)) != 0) as u128
    }
}

/// Normalise `m * 2^scale` (`m != 0`) into `(exp, sig)` form with the
/// discarded bits jammed.
#[inline(always)]
pub(crate) fn norm128(m: u128, scale: i32) -> (i32, u64) {
    debug_assert!(m != 0);
    let lz = m.leading_zeros();
    let m = m << lz;
    let sig = (m >> 64) as u64 | (m as u64 != 0) as u64;
    (scale + 127 - lz as i32, sig)
}

/// Normalise `m * 2^scale` (`m != 0`) into `(exp, sig)` form.
#[inline(always)]
pub(crate) fn norm64(m: u64, scale: i32) -> (i32, u64) {
    debug_assert!(m != 0);
    let lz = m.leading_zeros();
    (scale + 63 - lz as i32, m << lz)
}

/// `RoundDown(value)` plus the rounding-mode increment used by FPRoundInt and
/// FPToFixed, applied to the magnitude of `sig * 2^(exp - 63)`.
///
/// Returns the rounded magnitude (saturated to `u128::MAX` when it cannot
/// fit) and whether the value was not an integer (`error != 0`).
#[inline]
pub(crate) fn round_to_integer(sign: bool, exp: i32, sig: u64, rounding: Rounding) -> (u128, bool) {
    if exp >= 63 {
        if exp > 127 {
            return (u128::MAX, false);
        }
        return ((sig as u128) << (exp - 63), false);
    }
    let s = 63 - exp; // >= 1
    let (int, half, sticky) = if s < 64 {
        let s = s as u32;
        let rem = sig & ((1u64 << s) - 1);
        (
            sig >> s,
            rem >> (s - 1) != 0,
            rem & ((1u64 << (s - 1)) - 1) != 0,
        )
    } else if s == 64 {
        (0, true, sig << 1 != 0)
    } else {
        (0, false, true)
    };
    let up = round_up(rounding, sign, int & 1 != 0, half, sticky);
    (int as u128 + up as u128, half || sticky)
}
