//! The RISC-V rules where they differ from Arm's or from what a host FPU can
//! check: canonical NaNs, tininess after rounding, RMM, minimumNumber /
//! maximumNumber, FCLASS, and the saturating conversions to integers.

use crossrun_softfp::riscv::{self, DZ, NV, NX, OF, RDN, RMM, RNE, RTZ, RUP, UF};
use crossrun_softfp::{F32, F64};

const CNAN_S: u32 = riscv::CANONICAL_NAN_S;
const CNAN_D: u64 = riscv::CANONICAL_NAN_D;
const SNAN_S: u32 = 0x7fa0_0001;
const QNAN_S: u32 = 0xffc1_2345;
const SNAN_D: u64 = 0x7ff4_0000_0000_0001;
const QNAN_D: u64 = 0xfff8_0000_dead_beef;

fn s(x: f32) -> u32 {
    x.to_bits()
}
fn d(x: f64) -> u64 {
    x.to_bits()
}

fn flags_of<R>(f: impl FnOnce(&mut u32) -> R) -> (R, u32) {
    let mut fl = 0;
    let r = f(&mut fl);
    (r, fl)
}

#[test]
fn nan_results_are_canonical() {
    // A quiet NaN operand propagates nothing: the result is the canonical NaN.
    assert_eq!(flags_of(|f| riscv::add::<F32>(QNAN_S, s(1.0), RNE, f)), (CNAN_S, 0));
    assert_eq!(flags_of(|f| riscv::mul::<F64>(d(2.0), QNAN_D, RNE, f)), (CNAN_D, 0));
    // A signalling one raises NV.
    assert_eq!(flags_of(|f| riscv::sub::<F32>(s(1.0), SNAN_S, RNE, f)), (CNAN_S, NV));
    assert_eq!(flags_of(|f| riscv::sqrt::<F64>(SNAN_D, RNE, f)), (CNAN_D, NV));
    // Invalid operations.
    assert_eq!(flags_of(|f| riscv::sqrt::<F32>(s(-1.0), RNE, f)), (CNAN_S, NV));
    assert_eq!(flags_of(|f| riscv::div::<F64>(d(0.0), d(-0.0), RNE, f)), (CNAN_D, NV));
    assert_eq!(flags_of(|f| riscv::add::<F32>(s(f32::INFINITY), s(f32::NEG_INFINITY), RNE, f)), (CNAN_S, NV));
    // Conversions between precisions do not keep the payload.
    assert_eq!(flags_of(|f| riscv::convert::<F64, F32>(QNAN_D, RNE, f)), (CNAN_S, 0));
    assert_eq!(flags_of(|f| riscv::convert::<F32, F64>(SNAN_S, RNE, f)), (CNAN_D, NV));
}

#[test]
fn division_by_zero_and_overflow() {
    assert_eq!(flags_of(|f| riscv::div::<F32>(s(-3.0), s(0.0), RNE, f)), (s(f32::NEG_INFINITY), DZ));
    assert_eq!(flags_of(|f| riscv::mul::<F64>(d(f64::MAX), d(2.0), RNE, f)), (d(f64::INFINITY), OF | NX));
    // Towards zero an overflow gives the largest finite value.
    assert_eq!(flags_of(|f| riscv::mul::<F64>(d(f64::MAX), d(2.0), RTZ, f)), (d(f64::MAX), OF | NX));
    assert_eq!(flags_of(|f| riscv::mul::<F32>(s(f32::MAX), s(-2.0), RUP, f)), (s(f32::MIN), OF | NX));
}

/// 2^-126 - 2^-152 is below the smallest normal, but rounds to it at single
/// precision with an unbounded exponent: not tiny after rounding (RISC-V: NX
/// only), tiny before rounding (Arm: UFC too).
#[test]
fn tininess_is_detected_after_rounding() {
    let (a, b, c) = (s(2f32.powi(-100)), s(-(2f32.powi(-52))), 0x0080_0000);
    assert_eq!(flags_of(|f| riscv::fused_mul_add::<F32>(a, b, c, false, false, RNE, f)), (0x0080_0000, NX));
    let mut fpsr = 0;
    let arm = crossrun_softfp::mul_add::<F32>(c, a, b, 0, &mut fpsr);
    assert_eq!((arm, fpsr), (0x0080_0000, crossrun_softfp::FPSR_UFC | crossrun_softfp::FPSR_IXC));
    // Rounded towards zero the same value stays subnormal: tiny and inexact.
    assert_eq!(flags_of(|f| riscv::fused_mul_add::<F32>(a, b, c, false, false, RTZ, f)), (0x007f_ffff, UF | NX));
    // An exact subnormal result is tiny but raises nothing.
    assert_eq!(flags_of(|f| riscv::sub::<F32>(0x0080_0000, 1, RNE, f)), (0x007f_ffff, 0));
}

#[test]
fn round_to_nearest_max_magnitude() {
    // 1 + 2^-24 is halfway between 1 and the next single: RNE keeps the even 1.0,
    // RMM goes away from zero.
    let one_plus_half_ulp = d(1.0 + 2f64.powi(-24));
    assert_eq!(flags_of(|f| riscv::convert::<F64, F32>(one_plus_half_ulp, RNE, f)), (s(1.0), NX));
    assert_eq!(flags_of(|f| riscv::convert::<F64, F32>(one_plus_half_ulp, RMM, f)), (s(1.0) + 1, NX));
    let neg = one_plus_half_ulp | 1 << 63;
    assert_eq!(flags_of(|f| riscv::convert::<F64, F32>(neg, RMM, f)), (s(-1.0) + 1, NX));
    // Not a tie: RMM rounds to nearest like RNE.
    let below = d(1.0 + 2f64.powi(-24) - 2f64.powi(-40));
    assert_eq!(flags_of(|f| riscv::convert::<F64, F32>(below, RMM, f)), (s(1.0), NX));
    // Integer conversions: 2.5 -> 3 and -2.5 -> -3 under RMM, 2 and -2 under RNE.
    assert_eq!(flags_of(|f| riscv::to_int::<F64>(d(2.5), 64, false, RMM, f)), (3, NX));
    assert_eq!(flags_of(|f| riscv::to_int::<F64>(d(-2.5), 64, false, RMM, f)), ((-3i64) as u64, NX));
    assert_eq!(flags_of(|f| riscv::to_int::<F64>(d(-2.5), 64, false, RNE, f)), ((-2i64) as u64, NX));
    // Adding: 2^24 + 1 in single precision is a tie between 2^24 and 2^24 + 2.
    assert_eq!(flags_of(|f| riscv::add::<F32>(s(16777216.0), s(1.0), RMM, f)), (s(16777218.0), NX));
    assert_eq!(flags_of(|f| riscv::add::<F32>(s(16777216.0), s(1.0), RNE, f)), (s(16777216.0), NX));
}

#[test]
fn exact_zero_sums_are_negative_only_rounding_down() {
    assert_eq!(flags_of(|f| riscv::sub::<F64>(d(1.5), d(1.5), RNE, f)), (d(0.0), 0));
    assert_eq!(flags_of(|f| riscv::sub::<F64>(d(1.5), d(1.5), RDN, f)), (d(-0.0), 0));
    // FNMADD of zeros: -(+0 * +0) - +0 = -0.
    assert_eq!(flags_of(|f| riscv::fused_mul_add::<F32>(0, 0, 0, true, true, RNE, f)), (s(-0.0), 0));
}

#[test]
fn fused_multiply_add_signals_zero_times_infinity_even_with_a_quiet_nan() {
    let inf = s(f32::INFINITY);
    assert_eq!(flags_of(|f| riscv::fused_mul_add::<F32>(inf, 0, QNAN_S, false, false, RNE, f)), (CNAN_S, NV));
    assert_eq!(flags_of(|f| riscv::fused_mul_add::<F32>(s(1.0), s(2.0), QNAN_S, false, false, RNE, f)), (CNAN_S, 0));
    // FMSUB, FNMSUB, FNMADD: a*b - c, -(a*b) + c, -(a*b) - c.
    let (a, b, c) = (d(3.0), d(5.0), d(2.0));
    assert_eq!(riscv::fused_mul_add::<F64>(a, b, c, false, true, RNE, &mut 0), d(13.0));
    assert_eq!(riscv::fused_mul_add::<F64>(a, b, c, true, false, RNE, &mut 0), d(-13.0));
    assert_eq!(riscv::fused_mul_add::<F64>(a, b, c, true, true, RNE, &mut 0), d(-17.0));
}

#[test]
fn min_max_are_minimum_number_and_maximum_number() {
    let mm = |a: u32, b: u32, max: bool| flags_of(|f| riscv::min_max::<F32>(a, b, max, f));
    assert_eq!(mm(s(-0.0), s(0.0), false), (s(-0.0), 0));
    assert_eq!(mm(s(0.0), s(-0.0), false), (s(-0.0), 0));
    assert_eq!(mm(s(-0.0), s(0.0), true), (s(0.0), 0));
    assert_eq!(mm(s(0.0), s(-0.0), true), (s(0.0), 0));
    assert_eq!(mm(s(1.0), s(-2.0), false), (s(-2.0), 0));
    assert_eq!(mm(s(1.0), s(-2.0), true), (s(1.0), 0));
    // A NaN loses against a number; a signalling one still raises NV.
    assert_eq!(mm(QNAN_S, s(3.0), false), (s(3.0), 0));
    assert_eq!(mm(s(3.0), SNAN_S, true), (s(3.0), NV));
    // Two NaNs: the canonical NaN.
    assert_eq!(mm(QNAN_S, SNAN_S, true), (CNAN_S, NV));
    assert_eq!(mm(QNAN_S, QNAN_S, false), (CNAN_S, 0));
    // Subnormals are returned as they are.
    assert_eq!(mm(1, 2, false), (1, 0));
    let mmd = |a: u64, b: u64, max: bool| flags_of(|f| riscv::min_max::<F64>(a, b, max, f));
    assert_eq!(mmd(d(f64::NEG_INFINITY), QNAN_D, true), (d(f64::NEG_INFINITY), 0));
    assert_eq!(mmd(SNAN_D, QNAN_D, false), (CNAN_D, NV));
}

#[test]
fn classify_sets_one_bit_per_class() {
    let cases: [(u64, u32); 10] = [
        (d(f64::NEG_INFINITY), 0),
        (d(-1.5), 1),
        (d(-f64::from_bits(1)), 2),
        (d(-0.0), 3),
        (d(0.0), 4),
        (0x000f_ffff_ffff_ffff, 5),
        (d(f64::MAX), 6),
        (d(f64::INFINITY), 7),
        (SNAN_D, 8),
        (QNAN_D, 9),
    ];
    for (v, bit) in cases {
        assert_eq!(riscv::classify::<F64>(v), 1 << bit, "{v:#x}");
    }
    assert_eq!(riscv::classify::<F32>(0x8000_0001), 1 << 2);
    assert_eq!(riscv::classify::<F32>(SNAN_S), 1 << 8);
    assert_eq!(riscv::classify::<F32>(CNAN_S), 1 << 9);
    assert_eq!(riscv::classify::<F32>(s(f32::MIN_POSITIVE)), 1 << 6);
}

#[test]
fn comparisons_signal_as_the_spec_says() {
    // FEQ is quiet: NV only for a signalling NaN.
    assert_eq!(flags_of(|f| riscv::eq::<F32>(QNAN_S, s(1.0), f)), (false, 0));
    assert_eq!(flags_of(|f| riscv::eq::<F32>(SNAN_S, s(1.0), f)), (false, NV));
    assert_eq!(flags_of(|f| riscv::eq::<F64>(d(-0.0), d(0.0), f)), (true, 0));
    // FLT and FLE signal on any NaN.
    assert_eq!(flags_of(|f| riscv::lt::<F64>(QNAN_D, d(1.0), f)), (false, NV));
    assert_eq!(flags_of(|f| riscv::le::<F32>(s(1.0), QNAN_S, f)), (false, NV));
    assert_eq!(flags_of(|f| riscv::lt::<F32>(s(-0.0), s(0.0), f)), (false, 0));
    assert_eq!(flags_of(|f| riscv::le::<F32>(s(-0.0), s(0.0), f)), (true, 0));
    assert_eq!(flags_of(|f| riscv::lt::<F64>(d(1.0), d(2.0), f)), (true, 0));
}

#[test]
fn conversions_to_integers_saturate() {
    let cvt = |v: u64, bits: u32, unsigned: bool| flags_of(|f| riscv::to_int::<F64>(v, bits, unsigned, RTZ, f));
    // NaN: the largest positive value.
    assert_eq!(cvt(QNAN_D, 32, false), (0x7fff_ffff, NV));
    assert_eq!(cvt(QNAN_D | 1 << 63, 64, false), (i64::MAX as u64, NV));
    assert_eq!(cvt(SNAN_D, 32, true), (0xffff_ffff, NV));
    assert_eq!(cvt(QNAN_D, 64, true), (u64::MAX, NV));
    // Out of range and infinities saturate with NV, without NX.
    assert_eq!(cvt(d(3e9), 32, false), (0x7fff_ffff, NV));
    assert_eq!(cvt(d(-3e9), 32, false), (0x8000_0000, NV));
    assert_eq!(cvt(d(f64::NEG_INFINITY), 64, false), (1 << 63, NV));
    assert_eq!(cvt(d(f64::INFINITY), 64, true), (u64::MAX, NV));
    assert_eq!(cvt(d(-1.0), 32, true), (0, NV));
    // A negative value that rounds to zero is in range for unsigned.
    assert_eq!(cvt(d(-0.75), 32, true), (0, NX));
    assert_eq!(cvt(d(-0.0), 64, true), (0, 0));
    // The edges themselves.
    assert_eq!(cvt(d(-2147483648.0), 32, false), (0x8000_0000, 0));
    assert_eq!(cvt(d(4294967295.0), 32, true), (0xffff_ffff, 0));
    assert_eq!(cvt(d(4294967295.5), 32, true), (0xffff_ffff, NX));
    assert_eq!(cvt(d(4294967296.0), 32, true), (0xffff_ffff, NV));
    // Unsigned conversions from integers.
    assert_eq!(flags_of(|f| riscv::from_int::<F32>(u64::MAX, 64, true, RNE, f)), (s(18446744073709551616.0), NX));
    assert_eq!(flags_of(|f| riscv::from_int::<F64>(0xffff_ffff, 32, true, RNE, f)), (d(4294967295.0), 0));
    assert_eq!(flags_of(|f| riscv::from_int::<F64>(0xffff_ffff, 32, false, RNE, f)), (d(-1.0), 0));
}
