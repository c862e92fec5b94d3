//! Targeted tests of Arm-specific rules (from the Arm ARM pseudocode):
//! NaN propagation, default-NaN mode, flush-to-zero, fused-op special
//! cases, min/max, comparisons, saturating conversions, AHP, estimates.

use crossrun_softfp::*;

const RN: u32 = 0;
const RP: u32 = 1 << 22;
const RM: u32 = 2 << 22;
const RZ: u32 = 3 << 22;
const DN: u32 = FPCR_DN;
const FZ: u32 = FPCR_FZ;

fn s(x: f32) -> u32 {
    x.to_bits()
}
fn d(x: f64) -> u64 {
    x.to_bits()
}

/// Runs `f` with a fresh FPSR and returns (result, flags).
fn run<R>(f: impl FnOnce(&mut u32) -> R) -> (R, u32) {
    let mut fpsr = 0;
    let r = f(&mut fpsr);
    (r, fpsr)
}

const QNAN1: u32 = 0x7FC0_0001;
const QNAN2: u32 = 0xFFC0_0002;
const SNAN1: u32 = 0x7F80_0011;
const SNAN2: u32 = 0xFF80_0022;
const DEFAULT_NAN32: u32 = 0x7FC0_0000;
const DEFAULT_NAN64: u64 = 0x7FF8_0000_0000_0000;
const DENORM32: u32 = 0x0000_1234;
const MIN_NORMAL32: u32 = 0x0080_0000;

#[test]
fn nan_propagation_order() {
    // Signalling NaNs beat quiet ones; first operand beats the second.
    assert_eq!(
        run(|f| add::<F32>(QNAN1, SNAN2, RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| add::<F32>(SNAN1, SNAN2, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(run(|f| add::<F32>(QNAN1, QNAN2, RN, f)), (QNAN1, 0));
    assert_eq!(run(|f| add::<F32>(s(1.0), QNAN2, RN, f)), (QNAN2, 0));
    assert_eq!(
        run(|f| sub::<F32>(s(1.0), QNAN2, RN, f)),
        (QNAN2, 0),
        "FSUB does not negate a NaN"
    );
    assert_eq!(
        run(|f| mul::<F32>(SNAN1, QNAN2, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| div::<F32>(QNAN2, SNAN1, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| sqrt::<F32>(SNAN2, RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    // NaN with an infinity/zero that would otherwise be Invalid: NaN wins.
    assert_eq!(run(|f| mul::<F32>(QNAN1, s(0.0), RN, f)), (QNAN1, 0));
    // Doubles and halves.
    let q = 0x7FF8_0000_0000_1234;
    let sn = 0xFFF0_0000_0000_0001;
    assert_eq!(run(|f| add::<F64>(q, sn, RN, f)), (sn | 1 << 51, FPSR_IOC));
    assert_eq!(
        run(|f| add::<F16>(0x7E01, 0xFC01, RN, f)),
        (0xFE01, FPSR_IOC)
    );
}

#[test]
fn default_nan_mode() {
    assert_eq!(
        run(|f| add::<F32>(QNAN2, s(1.0), DN, f)),
        (DEFAULT_NAN32, 0)
    );
    assert_eq!(
        run(|f| add::<F32>(s(1.0), SNAN2, DN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| add::<F64>(d(f64::INFINITY), d(f64::NEG_INFINITY), RN, f)),
        (DEFAULT_NAN64, FPSR_IOC)
    );
    assert_eq!(
        run(|f| sqrt::<F64>(d(-1.0), RN, f)),
        (DEFAULT_NAN64, FPSR_IOC)
    );
    assert_eq!(run(|f| sqrt::<F16>(0xBC00, RN, f)), (0x7E00, FPSR_IOC));
    assert_eq!(
        run(|f| div::<F32>(s(0.0), s(-0.0), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| max::<F32>(SNAN2, s(1.0), DN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| round_to_integral::<F32>(QNAN2, Rounding::TieEven, true, DN, f)),
        (DEFAULT_NAN32, 0)
    );
    assert_eq!(
        run(|f| convert::<F32, F64>(QNAN2, Rounding::TieEven, DN, f)),
        (DEFAULT_NAN64, 0)
    );
}

#[test]
fn special_values() {
    assert_eq!(
        run(|f| div::<F32>(s(-1.0), s(0.0), RN, f)),
        (s(f32::NEG_INFINITY), FPSR_DZC)
    );
    assert_eq!(
        run(|f| div::<F32>(s(f32::INFINITY), s(0.0), RN, f)),
        (s(f32::INFINITY), 0)
    );
    assert_eq!(
        run(|f| div::<F32>(s(1.0), s(f32::NEG_INFINITY), RN, f)),
        (s(-0.0), 0)
    );
    assert_eq!(
        run(|f| mul::<F32>(s(-0.0), s(f32::INFINITY), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(run(|f| sqrt::<F32>(s(-0.0), RN, f)), (s(-0.0), 0));
    assert_eq!(
        run(|f| sqrt::<F32>(s(f32::INFINITY), RN, f)),
        (s(f32::INFINITY), 0)
    );
    // Exact zero sums: +0 except when rounding towards minus infinity.
    assert_eq!(run(|f| add::<F32>(s(1.5), s(-1.5), RN, f)), (s(0.0), 0));
    assert_eq!(run(|f| add::<F32>(s(1.5), s(-1.5), RM, f)), (s(-0.0), 0));
    assert_eq!(run(|f| add::<F32>(s(-0.0), s(-0.0), RN, f)), (s(-0.0), 0));
    assert_eq!(run(|f| add::<F32>(s(0.0), s(-0.0), RN, f)), (s(0.0), 0));
    assert_eq!(run(|f| add::<F32>(s(0.0), s(-0.0), RM, f)), (s(-0.0), 0));
    assert_eq!(run(|f| sub::<F32>(s(-0.0), s(0.0), RN, f)), (s(-0.0), 0));
    // Overflow: infinity or the largest normal depending on the mode.
    assert_eq!(
        run(|f| mul::<F32>(s(f32::MAX), s(2.0), RN, f)),
        (s(f32::INFINITY), FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(s(f32::MAX), s(2.0), RZ, f)),
        (s(f32::MAX), FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(s(f32::MAX), s(-2.0), RP, f)),
        (s(f32::MIN), FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(s(f32::MAX), s(-2.0), RM, f)),
        (s(f32::NEG_INFINITY), FPSR_OFC | FPSR_IXC)
    );
    // abs/neg: sign bit only, never flags, NaNs untouched otherwise.
    assert_eq!(abs::<F32>(SNAN2), SNAN2 & 0x7FFF_FFFF);
    assert_eq!(neg::<F32>(SNAN1), SNAN1 | 0x8000_0000);
    assert_eq!(neg::<F64>(d(0.0)), d(-0.0));
    // FABD = FPAbs(FPSub()): also clears a propagated NaN's sign.
    assert_eq!(
        run(|f| abd::<F32>(QNAN2, s(1.0), RN, f)),
        (QNAN2 & 0x7FFF_FFFF, 0)
    );
    assert_eq!(run(|f| abd::<F32>(s(1.0), s(3.5), RN, f)), (s(2.5), 0));
    // FNMUL = FPNeg(FPMul()).
    assert_eq!(run(|f| nmul::<F32>(s(2.0), s(3.0), RN, f)), (s(-6.0), 0));
    assert_eq!(
        run(|f| nmul::<F32>(QNAN1, s(3.0), RN, f)),
        (QNAN1 | 0x8000_0000, 0)
    );
    // FMULX.
    assert_eq!(
        run(|f| mulx::<F32>(s(0.0), s(f32::INFINITY), RN, f)),
        (s(2.0), 0)
    );
    assert_eq!(
        run(|f| mulx::<F32>(s(f32::NEG_INFINITY), s(0.0), RN, f)),
        (s(-2.0), 0)
    );
    assert_eq!(run(|f| mulx::<F64>(d(-0.0), d(-0.0), RN, f)), (d(0.0), 0));
    assert_eq!(run(|f| mulx::<F64>(d(3.0), d(-0.5), RN, f)), (d(-1.5), 0));
    assert_eq!(
        run(|f| mulx::<F32>(SNAN1, s(0.0), RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
}

#[test]
fn underflow_before_rounding() {
    // 2^-126 * (1 - 2^-24) is tiny and rounds (RN) up to the smallest
    // normal: Underflow (and Inexact) are still raised.
    let one_minus = 0x3F7F_FFFF;
    assert_eq!(
        run(|f| mul::<F32>(MIN_NORMAL32, one_minus, RN, f)),
        (MIN_NORMAL32, FPSR_UFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(MIN_NORMAL32, one_minus, RZ, f)),
        (0x007F_FFFF, FPSR_UFC | FPSR_IXC)
    );
    // 2^-126 * (1 - 2^-46): tiny before rounding (Arm's rule: Underflow),
    // though not tiny after rounding to 24 bits (x86's rule would say no).
    assert_eq!(
        run(|f| mul::<F32>(0x0080_0001, 0x3F7F_FFFE, RN, f)),
        (MIN_NORMAL32, FPSR_UFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(0x0080_0001, 0x3F7F_FFFE, RP, f)),
        (MIN_NORMAL32, FPSR_UFC | FPSR_IXC)
    );
    // Exact denormal results raise nothing.
    assert_eq!(
        run(|f| mul::<F32>(MIN_NORMAL32, s(0.5), RN, f)),
        (0x0040_0000, 0)
    );
    assert_eq!(
        run(|f| add::<F32>(DENORM32, DENORM32, RN, f)),
        (2 * DENORM32, 0)
    );
    // Total underflow.
    assert_eq!(
        run(|f| mul::<F32>(1, s(0.25), RN, f)),
        (0, FPSR_UFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(1, s(0.25), RP, f)),
        (1, FPSR_UFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| mul::<F32>(1, s(-0.5), RN, f)),
        (0x8000_0000, FPSR_UFC | FPSR_IXC)
    );
}

#[test]
fn flush_to_zero() {
    // Input flushing raises IDC; a flushed denormal behaves as a zero of its sign.
    assert_eq!(run(|f| add::<F32>(DENORM32, s(0.0), FZ, f)), (0, FPSR_IDC));
    assert_eq!(
        run(|f| add::<F32>(DENORM32 | 0x8000_0000, s(-0.0), FZ, f)),
        (0x8000_0000, FPSR_IDC)
    );
    assert_eq!(
        run(|f| add::<F32>(DENORM32 | 0x8000_0000, s(0.0), FZ, f)),
        (0, FPSR_IDC)
    );
    assert_eq!(
        run(|f| add::<F32>(DENORM32, s(1.0), FZ, f)),
        (s(1.0), FPSR_IDC)
    );
    assert_eq!(
        run(|f| mul::<F32>(DENORM32, s(f32::INFINITY), FZ, f)),
        (DEFAULT_NAN32, FPSR_IDC | FPSR_IOC)
    );
    assert_eq!(
        run(|f| div::<F32>(s(1.0), DENORM32, FZ, f)),
        (s(f32::INFINITY), FPSR_IDC | FPSR_DZC)
    );
    assert_eq!(
        run(|f| sqrt::<F32>(DENORM32 | 0x8000_0000, FZ, f)),
        (0x8000_0000, FPSR_IDC)
    );
    // Output flushing: tiny before rounding -> zero, UFC only (no IXC), even
    // if rounding would have produced the smallest normal.
    assert_eq!(
        run(|f| mul::<F32>(MIN_NORMAL32, 0x3F7F_FFFF, FZ, f)),
        (0, FPSR_UFC)
    );
    assert_eq!(
        run(|f| mul::<F32>(MIN_NORMAL32, s(-0.5), FZ, f)),
        (0x8000_0000, FPSR_UFC)
    );
    assert_eq!(
        run(|f| sub::<F64>(0x0010_0000_0000_0001, 0x0010_0000_0000_0000, FZ, f)),
        (0, FPSR_UFC)
    );
    // Exact cancellation to zero is not an underflow.
    assert_eq!(
        run(|f| sub::<F32>(MIN_NORMAL32, MIN_NORMAL32, FZ, f)),
        (0, 0)
    );
    // FZ does not affect half precision; FZ16 flushes half without IDC.
    assert_eq!(run(|f| add::<F16>(0x0001, 0x0001, FZ, f)), (0x0002, 0));
    assert_eq!(
        run(|f| add::<F16>(0x0001, 0x3C00, FPCR_FZ16, f)),
        (0x3C00, 0)
    );
    assert_eq!(
        run(|f| mul::<F16>(0x0400, 0x3800, FPCR_FZ16, f)),
        (0x0000, FPSR_UFC)
    );
    // Conversions: FZ applies to single/double operands and results, FZ16 never.
    assert_eq!(
        run(|f| convert::<F32, F64>(DENORM32, Rounding::TieEven, FZ, f)),
        (0, FPSR_IDC)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1e-40), Rounding::TieEven, FZ, f)),
        (0, FPSR_UFC)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1e-40), Rounding::TieEven, 0, f)).0,
        s(1e-40)
    );
    assert_eq!(
        run(|f| convert::<F16, F32>(0x0001, Rounding::TieEven, FPCR_FZ16, f)),
        (s(2f32.powi(-24)), 0)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(2f32.powi(-24)), Rounding::TieEven, FPCR_FZ16 | FZ, f)),
        (0x0001, 0)
    );
    // Other operations flush their inputs too.
    assert_eq!(
        run(|f| to_int::<F32>(DENORM32, 32, 0, false, Rounding::PosInf, FZ, f)),
        (0, FPSR_IDC)
    );
    assert_eq!(
        run(|f| to_int::<F32>(DENORM32, 32, 0, false, Rounding::PosInf, 0, f)),
        (1, FPSR_IXC)
    );
    assert_eq!(
        run(|f| round_to_integral::<F32>(DENORM32, Rounding::PosInf, true, FZ, f)),
        (0, FPSR_IDC)
    );
    assert_eq!(
        run(|f| round_to_integral::<F32>(DENORM32, Rounding::PosInf, true, 0, f)),
        (s(1.0), FPSR_IXC)
    );
    assert_eq!(
        run(|f| compare::<F32>(DENORM32, 0x8000_0000, false, FZ, f)),
        (0x6000_0000, FPSR_IDC)
    );
    assert_eq!(
        run(|f| compare::<F32>(DENORM32, 0x8000_0000, false, 0, f)),
        (0x2000_0000, 0)
    );
    assert_eq!(
        run(|f| max::<F32>(DENORM32 | 0x8000_0000, s(0.0), FZ, f)),
        (0, FPSR_IDC)
    );
    assert_eq!(
        run(|f| min::<F32>(DENORM32, s(-0.0), FZ, f)),
        (0x8000_0000, FPSR_IDC)
    );
    assert_eq!(run(|f| min::<F32>(DENORM32, s(0.0), 0, f)), (0, 0));
    assert_eq!(run(|f| max::<F32>(DENORM32, s(0.0), 0, f)), (DENORM32, 0));
}

#[test]
fn fused_multiply_add() {
    // Single rounding: (1 + 2^-12)^2 - 1 keeps the 2^-24 term (exactly).
    let a = 0x3F80_0800;
    let (r, fl) = run(|f| mul_add::<F32>(s(-1.0), a, a, RN, f));
    assert_eq!(
        (f32::from_bits(r), fl),
        (2f32.powi(-11) + 2f32.powi(-24), 0)
    );
    // NaN priority: sNaN (any position) > qNaN; addend first, then op1, op2.
    assert_eq!(
        run(|f| mul_add::<F32>(QNAN1, SNAN2, s(1.0), RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(QNAN1, QNAN2, s(1.0), RN, f)),
        (QNAN1, 0)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(1.0), QNAN2, SNAN1, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    // 0 * inf + qNaN: default NaN and Invalid, even though the addend is a NaN.
    assert_eq!(
        run(|f| mul_add::<F32>(QNAN2, s(0.0), s(f32::INFINITY), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(QNAN2, s(f32::NEG_INFINITY), s(-0.0), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    // ... but an sNaN addend is processed normally.
    assert_eq!(
        run(|f| mul_add::<F32>(SNAN2, s(0.0), s(f32::INFINITY), RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(1.0), s(0.0), s(f32::INFINITY), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(f32::NEG_INFINITY), s(2.0), s(f32::INFINITY), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(f32::INFINITY), s(2.0), s(f32::INFINITY), RN, f)),
        (s(f32::INFINITY), 0)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(f32::NEG_INFINITY), s(2.0), s(3.0), RN, f)),
        (s(f32::NEG_INFINITY), 0)
    );
    // Zero results.
    assert_eq!(
        run(|f| mul_add::<F32>(s(-0.0), s(0.0), s(-5.0), RN, f)),
        (s(-0.0), 0)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(0.0), s(0.0), s(-5.0), RN, f)),
        (s(0.0), 0)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(0.0), s(0.0), s(-5.0), RM, f)),
        (s(-0.0), 0)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(-6.0), s(2.0), s(3.0), RN, f)),
        (s(0.0), 0)
    );
    assert_eq!(
        run(|f| mul_add::<F32>(s(-6.0), s(2.0), s(3.0), RM, f)),
        (s(-0.0), 0)
    );
    // FMSUB / FNMADD / FNMSUB: negation is applied to the operands first.
    assert_eq!(
        run(|f| mul_sub::<F32>(s(10.0), s(2.0), s(3.0), RN, f)),
        (s(4.0), 0)
    );
    assert_eq!(
        run(|f| neg_mul_add::<F32>(s(10.0), s(2.0), s(3.0), RN, f)),
        (s(-16.0), 0)
    );
    assert_eq!(
        run(|f| neg_mul_sub::<F32>(s(10.0), s(2.0), s(3.0), RN, f)),
        (s(-4.0), 0)
    );
    assert_eq!(
        run(|f| neg_mul_sub::<F64>(d(6.0), d(2.0), d(3.0), RN, f)),
        (d(0.0), 0)
    );
    assert_eq!(
        run(|f| neg_mul_sub::<F64>(d(6.0), d(2.0), d(3.0), RM, f)),
        (d(-0.0), 0)
    );
    // ... so NaNs coming from a negated operand have their sign flipped.
    assert_eq!(
        run(|f| mul_sub::<F32>(s(1.0), QNAN1, s(1.0), RN, f)),
        (QNAN1 | 0x8000_0000, 0)
    );
    assert_eq!(
        run(|f| neg_mul_add::<F32>(QNAN1, s(1.0), s(1.0), RN, f)),
        (QNAN1 | 0x8000_0000, 0)
    );
    assert_eq!(
        run(|f| neg_mul_sub::<F32>(QNAN2, s(1.0), s(1.0), RN, f)),
        (QNAN2 & 0x7FFF_FFFF, 0)
    );
    assert_eq!(
        run(|f| neg_mul_add::<F32>(s(1.0), s(1.0), QNAN1, RN, f)),
        (QNAN1, 0)
    );
    // Half precision works through the same code.
    assert_eq!(
        run(|f| mul_add::<F16>(0x3C00, 0x4000, 0x4200, RN, f)),
        (0x4700, 0)
    ); // 1 + 2*3 = 7
}

#[test]
fn recip_and_rsqrt_steps() {
    assert_eq!(
        run(|f| recip_step::<F32>(s(2.0), s(0.5), RN, f)),
        (s(1.0), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F32>(s(0.0), s(f32::INFINITY), RN, f)),
        (s(2.0), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F32>(s(f32::NEG_INFINITY), s(-0.0), RN, f)),
        (s(2.0), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F32>(s(f32::INFINITY), s(2.0), RN, f)),
        (s(f32::NEG_INFINITY), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F32>(s(f32::INFINITY), s(-2.0), RN, f)),
        (s(f32::INFINITY), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F32>(s(1.0), s(2.0), RN, f)),
        (s(0.0), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F32>(s(1.0), s(2.0), RM, f)),
        (s(-0.0), 0)
    );
    assert_eq!(
        run(|f| recip_step::<F64>(d(3.0), d(0.25), RN, f)),
        (d(1.25), 0)
    );
    // op1 is negated before NaN processing.
    assert_eq!(
        run(|f| recip_step::<F32>(QNAN1, s(1.0), RN, f)),
        (QNAN1 | 0x8000_0000, 0)
    );
    assert_eq!(run(|f| recip_step::<F32>(s(1.0), QNAN1, RN, f)), (QNAN1, 0));
    assert_eq!(
        run(|f| recip_step::<F32>(SNAN1, QNAN2, RN, f)),
        (SNAN1 | 0x8040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| rsqrt_step::<F32>(s(1.0), s(1.0), RN, f)),
        (s(1.0), 0)
    );
    assert_eq!(
        run(|f| rsqrt_step::<F32>(s(0.0), s(f32::NEG_INFINITY), RN, f)),
        (s(1.5), 0)
    );
    assert_eq!(
        run(|f| rsqrt_step::<F32>(s(3.0), s(1.0), RN, f)),
        (s(0.0), 0)
    );
    assert_eq!(
        run(|f| rsqrt_step::<F32>(s(3.0), s(1.0), RM, f)),
        (s(-0.0), 0)
    );
    assert_eq!(
        run(|f| rsqrt_step::<F64>(d(0.5), d(2.0), RN, f)),
        (d(1.0), 0)
    );
    assert_eq!(
        run(|f| rsqrt_step::<F32>(s(f32::INFINITY), s(1.0), RN, f)),
        (s(f32::NEG_INFINITY), 0)
    );
    // Fused: (3 - x*y)/2 with x*y not representable is rounded once.
    let x = 0x3F80_0001; // 1 + 2^-23
    let (r, fl) = run(|f| rsqrt_step::<F32>(x, x, RN, f));
    // (3 - (1 + 2^-22 + 2^-46)) / 2 = 1 - 2^-23 - 2^-47 -> rounds to 1 - 2^-23.
    assert_eq!((r, fl), (s(1.0 - 2f32.powi(-23)), FPSR_IXC));
    // Overflow in the step follows FPRound.
    assert_eq!(
        run(|f| recip_step::<F32>(s(f32::MAX), s(-4.0), RN, f)),
        (s(f32::INFINITY), FPSR_OFC | FPSR_IXC)
    );
}

#[test]
fn min_max() {
    for (a, b) in [(s(0.0), s(-0.0)), (s(-0.0), s(0.0))] {
        assert_eq!(run(|f| max::<F32>(a, b, RN, f)), (s(0.0), 0));
        assert_eq!(run(|f| min::<F32>(a, b, RN, f)), (s(-0.0), 0));
        assert_eq!(run(|f| maxnum::<F32>(a, b, RN, f)), (s(0.0), 0));
        assert_eq!(run(|f| minnum::<F32>(a, b, RN, f)), (s(-0.0), 0));
    }
    assert_eq!(run(|f| max::<F32>(s(-0.0), s(-0.0), RN, f)), (s(-0.0), 0));
    assert_eq!(run(|f| max::<F32>(s(1.0), s(2.0), RN, f)), (s(2.0), 0));
    assert_eq!(
        run(|f| min::<F32>(s(f32::NEG_INFINITY), s(5.0), RN, f)),
        (s(f32::NEG_INFINITY), 0)
    );
    assert_eq!(run(|f| max::<F64>(d(-3.0), d(-7.5), RN, f)), (d(-3.0), 0));
    assert_eq!(run(|f| min::<F64>(d(-3.0), d(-7.5), RN, f)), (d(-7.5), 0));
    assert_eq!(run(|f| max::<F16>(0x3C00, 0xBC00, RN, f)), (0x3C00, 0));
    // FMAX/FMIN: any NaN gives the processed NaN.
    assert_eq!(run(|f| max::<F32>(QNAN2, s(1.0), RN, f)), (QNAN2, 0));
    assert_eq!(
        run(|f| min::<F32>(s(1.0), SNAN1, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    // FMAXNM/FMINNM: a quiet NaN loses against a number.
    assert_eq!(run(|f| maxnum::<F32>(QNAN2, s(1.0), RN, f)), (s(1.0), 0));
    assert_eq!(run(|f| minnum::<F32>(s(1.0), QNAN2, RN, f)), (s(1.0), 0));
    assert_eq!(
        run(|f| maxnum::<F32>(s(f32::NEG_INFINITY), QNAN1, RN, f)),
        (s(f32::NEG_INFINITY), 0)
    );
    assert_eq!(
        run(|f| minnum::<F32>(QNAN1, s(f32::INFINITY), RN, f)),
        (s(f32::INFINITY), 0)
    );
    assert_eq!(run(|f| minnum::<F32>(QNAN1, s(-0.0), RN, f)), (s(-0.0), 0));
    assert_eq!(run(|f| maxnum::<F32>(QNAN1, s(-0.0), RN, f)), (s(-0.0), 0));
    // Both quiet NaNs: the first; signalling NaNs still propagate (IOC).
    assert_eq!(run(|f| maxnum::<F32>(QNAN1, QNAN2, RN, f)), (QNAN1, 0));
    assert_eq!(
        run(|f| maxnum::<F32>(SNAN2, s(1.0), RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| minnum::<F32>(s(1.0), SNAN2, RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| maxnum::<F32>(QNAN1, SNAN2, RN, f)),
        (SNAN2 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| minnum::<F32>(SNAN1, QNAN2, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(run(|f| maxnum::<F32>(QNAN1, s(1.0), DN, f)), (s(1.0), 0));
    assert_eq!(
        run(|f| maxnum::<F32>(QNAN1, QNAN2, DN, f)),
        (DEFAULT_NAN32, 0)
    );
}

#[test]
fn comparisons() {
    let cmp = |a: f32, b: f32, e: bool| run(|f| compare::<F32>(s(a), s(b), e, RN, f));
    assert_eq!(cmp(1.0, 2.0, false), (0x8000_0000, 0));
    assert_eq!(cmp(2.0, 2.0, false), (0x6000_0000, 0));
    assert_eq!(cmp(3.0, 2.0, false), (0x2000_0000, 0));
    assert_eq!(cmp(0.0, -0.0, false), (0x6000_0000, 0));
    assert_eq!(cmp(f32::NEG_INFINITY, f32::MIN, true), (0x8000_0000, 0));
    assert_eq!(
        run(|f| compare::<F32>(QNAN1, s(1.0), false, RN, f)),
        (0x3000_0000, 0)
    );
    assert_eq!(
        run(|f| compare::<F32>(QNAN1, s(1.0), true, RN, f)),
        (0x3000_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| compare::<F32>(s(1.0), SNAN1, false, RN, f)),
        (0x3000_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| compare::<F16>(0x7E00, 0x7E00, false, RN, f)),
        (0x3000_0000, 0)
    );
    // SIMD predicates.
    assert_eq!(
        run(|f| compare_eq::<F32>(s(-0.0), s(0.0), RN, f)),
        (true, 0)
    );
    assert_eq!(run(|f| compare_eq::<F32>(QNAN1, QNAN1, RN, f)), (false, 0));
    assert_eq!(
        run(|f| compare_eq::<F32>(SNAN1, s(1.0), RN, f)),
        (false, FPSR_IOC)
    );
    assert_eq!(
        run(|f| compare_ge::<F32>(QNAN1, s(1.0), RN, f)),
        (false, FPSR_IOC)
    );
    assert_eq!(
        run(|f| compare_gt::<F32>(s(1.0), QNAN1, RN, f)),
        (false, FPSR_IOC)
    );
    assert_eq!(run(|f| compare_ge::<F32>(s(1.0), s(1.0), RN, f)), (true, 0));
    assert_eq!(
        run(|f| compare_gt::<F32>(s(1.0), s(1.0), RN, f)),
        (false, 0)
    );
    assert_eq!(
        run(|f| compare_gt::<F64>(d(f64::INFINITY), d(f64::MAX), RN, f)),
        (true, 0)
    );
    assert_eq!(
        run(|f| abs_compare_ge::<F32>(s(-3.0), s(2.0), RN, f)),
        (true, 0)
    );
    assert_eq!(
        run(|f| abs_compare_gt::<F32>(s(-2.0), s(2.0), RN, f)),
        (false, 0)
    );
    assert_eq!(
        run(|f| abs_compare_ge::<F32>(s(-2.0), s(2.0), RN, f)),
        (true, 0)
    );
    assert_eq!(
        run(|f| abs_compare_gt::<F32>(QNAN2, s(2.0), RN, f)),
        (false, FPSR_IOC)
    );
}

#[test]
fn float_to_int() {
    use Rounding::*;
    let cvt64 = |x: f64, bits: u32, fbits: u32, u: bool, r: Rounding| {
        run(|f| to_int::<F64>(d(x), bits, fbits, u, r, RN, f))
    };
    // Saturation.
    assert_eq!(cvt64(1e20, 64, 0, false, Zero), (i64::MAX as u64, FPSR_IOC));
    assert_eq!(
        cvt64(-1e20, 64, 0, false, Zero),
        (i64::MIN as u64, FPSR_IOC)
    );
    assert_eq!(
        cvt64(f64::INFINITY, 32, 0, false, Zero),
        (0x7FFF_FFFF, FPSR_IOC)
    );
    assert_eq!(cvt64(f64::NEG_INFINITY, 64, 0, true, Zero), (0, FPSR_IOC));
    assert_eq!(cvt64(1e20, 64, 0, true, Zero), (u64::MAX, FPSR_IOC));
    assert_eq!(
        cvt64(1.8e19, 64, 0, true, Zero),
        (18_000_000_000_000_000_000, 0)
    );
    assert_eq!(
        cvt64(2f64.powi(32), 32, 0, true, Zero),
        (0xFFFF_FFFF, FPSR_IOC)
    );
    assert_eq!(
        cvt64(-2147483648.9, 32, 0, false, Zero),
        (0x8000_0000, FPSR_IXC)
    );
    assert_eq!(
        cvt64(-2147483649.0, 32, 0, false, Zero),
        (0x8000_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| to_int::<F64>(DEFAULT_NAN64, 64, 0, false, Zero, RN, f)),
        (0, FPSR_IOC)
    );
    assert_eq!(
        run(|f| to_int::<F32>(SNAN2, 32, 0, true, Zero, RN, f)),
        (0, FPSR_IOC)
    );
    // Negative values and unsigned results: rounding first, then saturation.
    assert_eq!(cvt64(-1.5, 64, 0, true, Zero), (0, FPSR_IOC)); // -1.5 -> -1 -> out of range
    assert_eq!(cvt64(-0.5, 64, 0, true, Zero), (0, FPSR_IXC)); // -0.5 -> 0 (inexact only)
    assert_eq!(cvt64(-0.5, 32, 0, true, NegInf), (0, FPSR_IOC));
    assert_eq!(cvt64(-0.0, 32, 0, true, NegInf), (0, 0));
    // Rounding modes (FCVTNS/AS/PS/MS/ZS).
    assert_eq!(cvt64(2.5, 64, 0, false, TieEven), (2, FPSR_IXC));
    assert_eq!(cvt64(3.5, 64, 0, false, TieEven), (4, FPSR_IXC));
    assert_eq!(cvt64(2.5, 64, 0, false, TieAway), (3, FPSR_IXC));
    assert_eq!(cvt64(-2.5, 64, 0, false, TieAway), (-3i64 as u64, FPSR_IXC));
    assert_eq!(cvt64(-2.5, 64, 0, false, TieEven), (-2i64 as u64, FPSR_IXC));
    assert_eq!(cvt64(-1.5, 64, 0, false, PosInf), (-1i64 as u64, FPSR_IXC));
    assert_eq!(cvt64(-1.5, 64, 0, false, NegInf), (-2i64 as u64, FPSR_IXC));
    assert_eq!(cvt64(-1.0, 32, 0, false, Zero), (0xFFFF_FFFF, 0)); // W register, zero-extended
    assert_eq!(cvt64(7.0, 32, 0, false, Zero), (7, 0));
    // Fixed point.
    assert_eq!(cvt64(1.5, 32, 4, false, Zero), (24, 0));
    assert_eq!(
        cvt64(-1.53125, 32, 4, false, Zero),
        (-24i32 as u32 as u64, FPSR_IXC)
    );
    assert_eq!(cvt64(0.75, 64, 64, true, Zero), (0xC000_0000_0000_0000, 0));
    assert_eq!(cvt64(-0.5, 64, 64, false, Zero), (i64::MIN as u64, 0));
    assert_eq!(
        cvt64(-1.0, 64, 64, false, Zero),
        (i64::MIN as u64, FPSR_IOC)
    );
    assert_eq!(cvt64(2f64.powi(-70), 64, 64, false, PosInf), (1, FPSR_IXC));
    // Half precision sources, 16-bit destinations (FP16 variants).
    assert_eq!(
        run(|f| to_int::<F16>(0x7BFF, 16, 0, false, Zero, RN, f)),
        (0x7FFF, FPSR_IOC)
    ); // 65504
    assert_eq!(
        run(|f| to_int::<F16>(0x7BFF, 16, 0, true, Zero, RN, f)),
        (65504, 0)
    );
    assert_eq!(
        run(|f| to_int::<F16>(0xC500, 16, 0, false, Zero, RN, f)),
        (0xFFFB, 0)
    ); // -5
    assert_eq!(
        run(|f| to_int::<F16>(0x3E00, 64, 0, false, TieAway, RN, f)),
        (2, FPSR_IXC)
    ); // 1.5
}

#[test]
fn int_to_float() {
    let cvt = |op: u64, bits: u32, fbits: u32, u: bool, fpcr: u32| {
        run(|f| from_int::<F64>(op, bits, fbits, u, Rounding::from_fpcr(fpcr), fpcr, f))
    };
    assert_eq!(cvt(u64::MAX, 64, 0, true, RN), (d(2f64.powi(64)), FPSR_IXC));
    assert_eq!(
        cvt(u64::MAX, 64, 0, true, RZ),
        (0x43EF_FFFF_FFFF_FFFF, FPSR_IXC)
    );
    assert_eq!(cvt(u64::MAX, 64, 0, false, RN), (d(-1.0), 0));
    assert_eq!(cvt(1 << 63, 64, 0, false, RN), (d(-(2f64.powi(63))), 0));
    assert_eq!(cvt(1 << 63, 64, 0, true, RN), (d(2f64.powi(63)), 0));
    assert_eq!(cvt(1, 64, 64, false, RN), (d(2f64.powi(-64)), 0));
    assert_eq!(cvt(0, 64, 10, false, RM), (d(0.0), 0));
    assert_eq!(cvt(0xFFFF_FFFF, 32, 0, false, RN), (d(-1.0), 0));
    assert_eq!(cvt(0xFFFF_FFFF, 32, 1, true, RN), (d(2147483647.5), 0));
    assert_eq!(
        cvt(0xDEAD_0000_0000_0003, 32, 0, false, RN),
        (d(3.0), 0),
        "upper bits ignored"
    );
    assert_eq!(
        run(|f| from_int::<F32>(0x0100_0001, 32, 0, false, Rounding::TieEven, RN, f)),
        (s(16777216.0), FPSR_IXC)
    );
    assert_eq!(
        run(|f| from_int::<F32>(0x0100_0001, 32, 0, false, Rounding::PosInf, RP, f)),
        (s(16777218.0), FPSR_IXC)
    );
    assert_eq!(
        run(|f| from_int::<F32>(0x0100_0003, 32, 0, false, Rounding::TieEven, RN, f)),
        (s(16777220.0), FPSR_IXC)
    );
    // Half precision destinations (16-bit sources for the FP16 variants).
    assert_eq!(
        run(|f| from_int::<F16>(0xFFFF, 16, 0, false, Rounding::TieEven, RN, f)),
        (0xBC00, 0)
    );
    assert_eq!(
        run(|f| from_int::<F16>(65520, 32, 0, true, Rounding::TieEven, RN, f)),
        (0x7C00, FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| from_int::<F16>(65520, 32, 0, true, Rounding::Zero, RZ, f)),
        (0x7BFF, FPSR_IXC)
    );
    assert_eq!(
        run(|f| from_int::<F16>(1, 32, 24, true, Rounding::TieEven, RN, f)),
        (0x0001, 0)
    );
    assert_eq!(
        run(|f| from_int::<F16>(1, 32, 25, true, Rounding::TieEven, RN, f)),
        (0x0000, FPSR_UFC | FPSR_IXC)
    );
    // FZ applies to the result.
    assert_eq!(
        run(|f| from_int::<F32>(1, 64, 64, false, Rounding::TieEven, FZ, f)),
        (s(2f32.powi(-64)), 0)
    );
    assert_eq!(
        run(|f| from_int::<F16>(1, 32, 24, true, Rounding::TieEven, FPCR_FZ16, f)),
        (0, FPSR_UFC)
    );
}

#[test]
fn precision_conversions() {
    use Rounding::*;
    // NaN conversion: quiet, keep sign and top payload bits.
    assert_eq!(
        run(|f| convert::<F64, F32>(0x7FF0_0000_0000_0001, TieEven, RN, f)),
        (0x7FC0_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(0xFFFC_0000_0000_0000, TieEven, RN, f)),
        (0xFFE0_0000, 0)
    );
    assert_eq!(
        run(|f| convert::<F32, F64>(0x7F80_0001, TieEven, RN, f)),
        (0x7FF8_0000_2000_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(0xFFA0_1000, TieEven, RN, f)),
        (0xFF00, FPSR_IOC)
    );
    assert_eq!(
        run(|f| convert::<F16, F64>(0x7D01, TieEven, RN, f)),
        (0x7FFC_0400_0000_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| convert::<F64, F16>(0x7FF0_0000_0000_0001, TieEven, DN, f)),
        (0x7E00, FPSR_IOC)
    );
    // Rounding to half.
    assert_eq!(
        run(|f| convert::<F32, F16>(s(1.0 + 2f32.powi(-11)), TieEven, RN, f)),
        (0x3C00, FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(1.0 + 3.0 * 2f32.powi(-11)), TieEven, RN, f)),
        (0x3C02, FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(65520.0), TieEven, RN, f)),
        (0x7C00, FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(65519.0), TieEven, RN, f)),
        (0x7BFF, FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F64, F16>(d(-1e-10), TieEven, RN, f)),
        (0x8000, FPSR_UFC | FPSR_IXC)
    );
    // Round to odd (FCVTXN).
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1.0 + 2f64.powi(-30)), Odd, RN, f)),
        (0x3F80_0001, FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1.0 + 2f64.powi(-23)), Odd, RN, f)),
        (0x3F80_0001, 0)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1.0 + 2f64.powi(-22) + 2f64.powi(-40)), Odd, RN, f)),
        (0x3F80_0003, FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1.0), Odd, RN, f)),
        (0x3F80_0000, 0)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(-1e300), Odd, RN, f)),
        (s(f32::MIN), FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| convert::<F64, F32>(d(1e-50), Odd, RN, f)),
        (1, FPSR_UFC | FPSR_IXC)
    );
}

#[test]
fn alternative_half_precision() {
    use Rounding::TieEven;
    let ahp = FPCR_AHP;
    // No infinities or NaNs: exponent 31 is an ordinary binade.
    assert_eq!(
        run(|f| convert::<F32, F16>(s(65536.0), TieEven, ahp, f)),
        (0x7C00, 0)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(131008.0), TieEven, ahp, f)),
        (0x7FFF, 0)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(-100000.0), TieEven, ahp, f)),
        (0xFE1A, FPSR_IXC)
    );
    // Overflow saturates with Invalid (not Overflow/Inexact).
    assert_eq!(
        run(|f| convert::<F32, F16>(s(200000.0), TieEven, ahp, f)),
        (0x7FFF, FPSR_IOC)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(s(131056.0), TieEven, ahp, f)),
        (0x7FFF, FPSR_IOC)
    ); // rounds up past max
    assert_eq!(
        run(|f| convert::<F64, F16>(d(f64::NEG_INFINITY), TieEven, ahp, f)),
        (0xFFFF, FPSR_IOC)
    );
    // NaN -> zero of the NaN's sign, Invalid even for quiet NaNs.
    assert_eq!(
        run(|f| convert::<F32, F16>(QNAN1, TieEven, ahp, f)),
        (0x0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| convert::<F32, F16>(QNAN2, TieEven, ahp | DN, f)),
        (0x8000, FPSR_IOC)
    );
    // Half -> wider with AHP.
    assert_eq!(
        run(|f| convert::<F16, F32>(0x7C00, TieEven, ahp, f)),
        (s(65536.0), 0)
    );
    assert_eq!(
        run(|f| convert::<F16, F32>(0x7FFF, TieEven, ahp, f)),
        (s(131008.0), 0)
    );
    assert_eq!(
        run(|f| convert::<F16, F64>(0xFC00, TieEven, ahp, f)),
        (d(-65536.0), 0)
    );
    assert_eq!(
        run(|f| convert::<F16, F32>(0x7C00, TieEven, 0, f)),
        (s(f32::INFINITY), 0)
    );
    // AHP does not change half-precision arithmetic (FPUnpack/FPRound clear it).
    assert_eq!(run(|f| add::<F16>(0x7C00, 0x0000, ahp, f)), (0x7C00, 0));
    assert_eq!(
        run(|f| add::<F16>(0x7BFF, 0x7BFF, ahp, f)),
        (0x7C00, FPSR_OFC | FPSR_IXC)
    );
    // Subnormals unaffected.
    assert_eq!(
        run(|f| convert::<F32, F16>(s(2f32.powi(-24)), TieEven, ahp, f)),
        (0x0001, 0)
    );
}

#[test]
fn round_to_integral_cases() {
    use Rounding::*;
    let r = |x: f64, m: Rounding, exact: bool| {
        let (v, fl) = run(|f| round_to_integral::<F64>(d(x), m, exact, RN, f));
        (f64::from_bits(v), fl)
    };
    let bits = |x: f64, m: Rounding| run(|f| round_to_integral::<F64>(d(x), m, false, RN, f)).0;
    assert_eq!(r(2.5, TieEven, false), (2.0, 0));
    assert_eq!(r(3.5, TieEven, false), (4.0, 0));
    assert_eq!(r(-2.5, TieEven, false), (-2.0, 0));
    assert_eq!(r(2.5, TieAway, false), (3.0, 0));
    assert_eq!(r(-2.5, TieAway, false), (-3.0, 0));
    assert_eq!(r(0.5, TieAway, false), (1.0, 0));
    assert_eq!(r(2.4999999999999996, TieAway, false), (2.0, 0));
    assert_eq!(bits(0.5, TieEven), d(0.0));
    assert_eq!(bits(-0.5, TieEven), d(-0.0));
    assert_eq!(bits(-0.5, PosInf), d(-0.0));
    assert_eq!(bits(-0.7, Zero), d(-0.0));
    assert_eq!(bits(-0.2, TieAway), d(-0.0));
    assert_eq!(r(-0.5, NegInf, false), (-1.0, 0));
    assert_eq!(r(0.1, PosInf, false), (1.0, 0));
    assert_eq!(r(1.5, TieEven, true), (2.0, FPSR_IXC)); // FRINTX
    assert_eq!(r(2.0, TieEven, true), (2.0, 0));
    assert_eq!(
        r(4503599627370497.0, TieEven, true),
        (4503599627370497.0, 0)
    );
    assert_eq!(r(f64::NEG_INFINITY, TieEven, true), (f64::NEG_INFINITY, 0));
    assert_eq!(
        run(|f| round_to_integral::<F32>(SNAN1, Zero, false, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    assert_eq!(
        run(|f| round_to_integral::<F16>(0x3E00, TieEven, true, RN, f)),
        (0x4000, FPSR_IXC)
    ); // 1.5 -> 2
    assert_eq!(
        run(|f| round_to_integral::<F16>(0x3A00, TieAway, false, RN, f)),
        (0x3C00, 0)
    ); // 0.75 -> 1
}

#[test]
fn reciprocal_estimates() {
    // Hand-derived from RecipEstimate: 1.0 -> scaled 256 -> a = 513,
    // b = 2^19 / 513 = 1022, r = 511 -> 0x3F7F8000 (0.998046875).
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(1.0), RN, f)),
        (0x3F7F_8000, 0)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(-2.0), RN, f)),
        (0xBEFF_8000, 0)
    );
    // 1.5 -> scaled 384 -> a = 769, b = 681, r = 341 = 0x155 -> 0x3F2A8000.
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(1.5), RN, f)),
        (0x3F2A_8000, 0)
    );
    assert_eq!(
        run(|f| recip_estimate::<F64>(d(1.0), RN, f)),
        (0x3FEF_F000_0000_0000, 0)
    );
    assert_eq!(run(|f| recip_estimate::<F16>(0x3C00, RN, f)), (0x3BFC, 0));
    // Specials.
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(-0.0), RN, f)),
        (s(f32::NEG_INFINITY), FPSR_DZC)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(f32::INFINITY), RN, f)),
        (0, 0)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(SNAN1, RN, f)),
        (SNAN1 | 0x0040_0000, FPSR_IOC)
    );
    // Tiny operand: reciprocal overflows.
    assert_eq!(
        run(|f| recip_estimate::<F32>(0x0010_0000, RN, f)),
        (s(f32::INFINITY), FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(0x8010_0000, RZ, f)),
        (s(f32::MIN), FPSR_OFC | FPSR_IXC)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(0x8010_0000, RP, f)),
        (s(f32::MIN), FPSR_OFC | FPSR_IXC)
    );
    // Denormal operand at 2^-128: scaled 256, result_exp 254.
    assert_eq!(
        run(|f| recip_estimate::<F32>(0x0020_0000, RN, f)),
        (0x7F7F_8000, 0)
    );
    // Large operand: denormal result, or zero with UFC under FZ.
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(2f32.powi(127)), RN, f)),
        (0x003F_E000, 0)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(2f32.powi(126)), RN, f)),
        (0x007F_C000, 0)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(2f32.powi(126)), FZ, f)),
        (0, FPSR_UFC)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(s(2f32.powi(125)), FZ, f)),
        (0x00FF_8000, 0)
    );
    assert_eq!(
        run(|f| recip_estimate::<F32>(DENORM32, FZ, f)),
        (s(f32::INFINITY), FPSR_IDC | FPSR_DZC)
    );

    // RecipSqrtEstimate: 1.0 (odd biased exponent) -> scaled 128 -> a = 257,
    // b = 1022, r = 511 -> 0x3F7F8000.
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(1.0), RN, f)),
        (0x3F7F_8000, 0)
    );
    // 2.0 (even exponent) -> scaled 256 -> a = 514, b = 722, r = 361 = 0x169
    // -> 0.5 * (1 + 0x69/256) = 0x3F348000.
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(2.0), RN, f)),
        (0x3F34_8000, 0)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(4.0), RN, f)),
        (0x3EFF_8000, 0)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F64>(d(4.0), RN, f)),
        (0x3FDF_F000_0000_0000, 0)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(-1.0), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(-0.0), RN, f)),
        (s(f32::NEG_INFINITY), FPSR_DZC)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(f32::INFINITY), RN, f)),
        (0, 0)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(s(f32::NEG_INFINITY), RN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );
    assert_eq!(run(|f| rsqrt_estimate::<F32>(QNAN2, RN, f)), (QNAN2, 0));
    // Denormal 2^-128: normalised to exponent -1 (odd) -> scaled 128,
    // result_exp = (380 + 1) / 2 = 190 -> 0x5F7F8000 (~2^64).
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(0x0020_0000, RN, f)),
        (0x5F7F_8000, 0)
    );
    assert_eq!(
        run(|f| rsqrt_estimate::<F32>(0x0020_0000, FZ, f)),
        (s(f32::INFINITY), FPSR_IDC | FPSR_DZC)
    );

    // FRECPX.
    assert_eq!(run(|f| recpx::<F32>(s(1.0), RN, f)), (s(2.0), 0));
    assert_eq!(run(|f| recpx::<F32>(s(-3.0), RN, f)), (s(-1.0), 0));
    assert_eq!(run(|f| recpx::<F32>(s(0.0), RN, f)), (0x7F00_0000, 0));
    assert_eq!(
        run(|f| recpx::<F32>(DENORM32 | 0x8000_0000, RN, f)),
        (0xFF00_0000, 0)
    );
    assert_eq!(
        run(|f| recpx::<F32>(DENORM32, FZ, f)),
        (0x7F00_0000, FPSR_IDC)
    );
    assert_eq!(
        run(|f| recpx::<F32>(s(f32::NEG_INFINITY), RN, f)),
        (0x8000_0000, 0)
    );
    assert_eq!(
        run(|f| recpx::<F64>(d(0.1), RN, f)),
        (0x4040_0000_0000_0000, 0)
    );
    assert_eq!(
        run(|f| recpx::<F32>(SNAN2, DN, f)),
        (DEFAULT_NAN32, FPSR_IOC)
    );

    // URECPE / URSQRTE.
    assert_eq!(unsigned_recip_estimate(0x7FFF_FFFF), 0xFFFF_FFFF);
    assert_eq!(unsigned_recip_estimate(0x8000_0000), 0xFF80_0000);
    assert_eq!(unsigned_recip_estimate(0xC000_0000), 0xAA80_0000);
    assert_eq!(unsigned_rsqrt_estimate(0x3FFF_FFFF), 0xFFFF_FFFF);
    assert_eq!(unsigned_rsqrt_estimate(0x4000_0000), 0xFF80_0000);
    assert_eq!(unsigned_rsqrt_estimate(0xFFFF_FFFF), 0x8000_0000);
    assert_eq!(unsigned_rsqrt_estimate(0x8000_0000), 0xB480_0000);
}
