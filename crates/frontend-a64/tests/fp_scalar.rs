//! Scalar floating-point data processing: FMOV (register), FABS, FNEG, FSQRT, FADD,
//! FSUB, FMUL, FDIV, FNMUL, FMAX, FMIN, FMAXNM, FMINNM, FMADD, FMSUB, FNMADD, FNMSUB.
//!
//! Expected values were obtained by running each instruction in the Unicorn engine
//! (2.1.4, Cortex-A72 model, i.e. Armv8.0) and are embedded as literals; the notes next
//! to the cases give the Arm ARM reasoning they were checked against.

mod fp_harness;
mod support;

#[allow(unused_imports)]
use fp_harness::*;

/// FMOV/FABS/FNEG (scalar) are bit operations: no flags, no flushing, NaNs kept, upper bits zeroed.
#[test]
fn fmov_fabs_fneg_register() {
    // only the low 32 bits move; the rest of v0 is zeroed
    fp(0x1e204020, "fmov s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_3fc00000)
        .want_v(0, 0x3fc00000).check();
    fp(0x1e60401f, "fmov d31, d0").v(0, 0x00000000_00001234_3ff00000_00000000).v(31, GARBAGE)
        .want_v(31, 0x3ff00000_00000000).check();
    // sNaN: sign cleared, still signalling, no IOC
    fp(0x1e20c062, "fabs s2, s3").fpcr(FZ).v(2, GARBAGE).v(3, 0xff800002)
        .want_v(2, 0x7f800002).check();
    // denormal under FZ: not flushed, no IDC
    fp(0x1e60c062, "fabs d2, d3").fpcr(FZ).v(2, GARBAGE).v(3, 0x80000000_00000001)
        .want_v(2, 0x00000001).check();
    fp(0x1e2140a4, "fneg s4, s5").v(4, GARBAGE).v(5, 0x7fc00001)
        .want_v(4, 0xffc00001).check();
    fp(0x1e6140a4, "fneg d4, d5").v(4, GARBAGE).v(5, 0x00000000)
        .want_v(4, 0x80000000_00000000).check();
}

/// FSQRT: exact and inexact roots, negative operands, NaNs, default NaN.
#[test]
fn fsqrt_scalar() {
    // exact: no flags
    fp(0x1e21c020, "fsqrt s0, s1").v(0, GARBAGE).v(1, 0x40800000)
        .want_v(0, 0x40000000).check();
    // sqrt(2) is inexact
    fp(0x1e21c020, "fsqrt s0, s1").v(0, GARBAGE).v(1, 0x40000000)
        .want_v(0, 0x3fb504f3).want_fpsr(IXC).check();
    fp(0x1e61c020, "fsqrt d0, d1").v(0, GARBAGE).v(1, 0x40000000_00000000)
        .want_v(0, 0x3ff6a09e_667f3bcd).want_fpsr(IXC).check();
    // negative: default NaN, Invalid
    fp(0x1e61c020, "fsqrt d0, d1").v(0, GARBAGE).v(1, 0xbff00000_00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // sqrt(-0) = -0
    fp(0x1e21c020, "fsqrt s0, s1").v(0, GARBAGE).v(1, 0x80000000)
        .want_v(0, 0x80000000).check();
    // sNaN is quietened, Invalid
    fp(0x1e21c020, "fsqrt s0, s1").v(0, GARBAGE).v(1, 0x7f800002)
        .want_v(0, 0x7fc00002).want_fpsr(IOC).check();
    // DN: default NaN instead
    fp(0x1e21c020, "fsqrt s0, s1").fpcr(DN).v(0, GARBAGE).v(1, 0x7f800002)
        .want_v(0, 0x7fc00000).want_fpsr(IOC).check();
    // FZ: denormal input flushed to +0 (IDC)
    fp(0x1e61c020, "fsqrt d0, d1").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001)
        .want_v(0, 0x00000000).want_fpsr(IDC).check();
}

/// FADD/FSUB round as FPCR.RMode says; a tie goes to even in RN.
#[test]
fn fadd_fsub_rounding_modes() {
    // 1 + 2^-24 is half an ulp of 1.0 (a tie)
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x33800000)
        .want_v(0, 0x3f800000).want_fpsr(IXC).check();
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0xbf800000).v(2, 0xb3c00000)
        .want_v(0, 0xbf800001).want_fpsr(IXC).check();
    fp(0x1e623820, "fsub d0, d1, d2").v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x3c900000_00000000)
        .want_v(0, 0x3ff00000_00000000).want_fpsr(IXC).check();
    // 1 + 2^-24 is half an ulp of 1.0 (a tie)
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RP).v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x33800000)
        .want_v(0, 0x3f800001).want_fpsr(IXC).check();
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RP).v(0, GARBAGE).v(1, 0xbf800000).v(2, 0xb3c00000)
        .want_v(0, 0xbf800000).want_fpsr(IXC).check();
    fp(0x1e623820, "fsub d0, d1, d2").fpcr(RP).v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x3c900000_00000000)
        .want_v(0, 0x3ff00000_00000000).want_fpsr(IXC).check();
    // 1 + 2^-24 is half an ulp of 1.0 (a tie)
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RM).v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x33800000)
        .want_v(0, 0x3f800000).want_fpsr(IXC).check();
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RM).v(0, GARBAGE).v(1, 0xbf800000).v(2, 0xb3c00000)
        .want_v(0, 0xbf800001).want_fpsr(IXC).check();
    fp(0x1e623820, "fsub d0, d1, d2").fpcr(RM).v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x3c900000_00000000)
        .want_v(0, 0x3fefffff_ffffffff).want_fpsr(IXC).check();
    // 1 + 2^-24 is half an ulp of 1.0 (a tie)
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RZ).v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x33800000)
        .want_v(0, 0x3f800000).want_fpsr(IXC).check();
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RZ).v(0, GARBAGE).v(1, 0xbf800000).v(2, 0xb3c00000)
        .want_v(0, 0xbf800000).want_fpsr(IXC).check();
    fp(0x1e623820, "fsub d0, d1, d2").fpcr(RZ).v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x3c900000_00000000)
        .want_v(0, 0x3fefffff_ffffffff).want_fpsr(IXC).check();
    // exact zero: +0 except in RM
    fp(0x1e223820, "fsub s0, s1, s2").v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x3f800000)
        .want_v(0, 0x00000000).check();
    // RM: -0
    fp(0x1e223820, "fsub s0, s1, s2").fpcr(RM).v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x3f800000)
        .want_v(0, 0x80000000).check();
    // -0 + -0 = -0
    fp(0x1e622820, "fadd d0, d1, d2").v(0, GARBAGE).v(1, 0x80000000_00000000).v(2, 0x80000000_00000000)
        .want_v(0, 0x80000000_00000000).check();
}

/// FADD overflow, underflow, FZ, Invalid and NaN propagation.
#[test]
fn fadd_exceptions() {
    // overflow: +inf, OFC and IXC
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x7f7fffff).v(2, 0x7f7fffff)
        .want_v(0, 0x7f800000).want_fpsr(OFC | IXC).check();
    // overflow in RZ: largest finite
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(RZ).v(0, GARBAGE).v(1, 0x7f7fffff).v(2, 0x7f7fffff)
        .want_v(0, 0x7f7fffff).want_fpsr(OFC | IXC).check();
    // negative overflow in RP: -max
    fp(0x1e622820, "fadd d0, d1, d2").fpcr(RP).v(0, GARBAGE).v(1, 0xffefffff_ffffffff).v(2, 0xffefffff_ffffffff)
        .want_v(0, 0xffefffff_ffffffff).want_fpsr(OFC | IXC).check();
    // inf - inf: default NaN, Invalid
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x7f800000).v(2, 0xff800000)
        .want_v(0, 0x7fc00000).want_fpsr(IOC).check();
    // two qNaNs: the first operand's
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x7fc00002)
        .want_v(0, 0x7fc00001).check();
    // sNaN beats qNaN even as second operand; quietened, Invalid
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0xff800002)
        .want_v(0, 0xffc00002).want_fpsr(IOC).check();
    // a qNaN operand propagates, no flags
    fp(0x1e622820, "fadd d0, d1, d2").v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x7ff80000_00000001)
        .want_v(0, 0x7ff80000_00000001).check();
    // DN: default NaN, still no flags
    fp(0x1e622820, "fadd d0, d1, d2").fpcr(DN).v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x7ff80000_00000001)
        .want_v(0, 0x7ff80000_00000000).check();
    // denormal result, exact: no Underflow
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x00000001).v(2, 0x00000001)
        .want_v(0, 0x00000002).check();
    // FZ: inputs flushed (IDC), result +0
    fp(0x1e222820, "fadd s0, s1, s2").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001).v(2, 0x00000001)
        .want_v(0, 0x00000000).want_fpsr(IDC).check();
    // FZ: tiny result flushed to zero, UFC
    fp(0x1e623820, "fsub d0, d1, d2").fpcr(FZ).v(0, GARBAGE).v(1, 0x00100000_00000001).v(2, 0x00100000_00000000)
        .want_v(0, 0x00000000).want_fpsr(UFC).check();
    // no FZ: exact denormal result, no flags
    fp(0x1e623820, "fsub d0, d1, d2").v(0, GARBAGE).v(1, 0x00100000_00000001).v(2, 0x00100000_00000000)
        .want_v(0, 0x00000001).check();
    // denormal result
    fp(0x1e222820, "fadd s0, s1, s2").v(0, GARBAGE).v(1, 0x00800001).v(2, 0x80000003)
        .want_v(0, 0x007ffffe).check();
    // flags are cumulative: nothing is cleared
    fp(0x1e222820, "fadd s0, s1, s2").fpsr(IOC | DZC | OFC | UFC | IXC | IDC).v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x3f800000)
        .want_v(0, 0x40000000).check();
}

/// FMUL, FDIV and FNMUL: values, division by zero, Invalid, NaN sign of FNMUL.
#[test]
fn fmul_fdiv_fnmul() {
    fp(0x1e220820, "fmul s0, s1, s2").v(0, GARBAGE).v(1, 0x3fc00000).v(2, 0xc0800000)
        .want_v(0, 0xc0c00000).check();
    // inexact
    fp(0x1e620820, "fmul d0, d1, d2").v(0, GARBAGE).v(1, 0x3fb99999_9999999a).v(2, 0x40080000_00000000)
        .want_v(0, 0x3fd33333_33333334).want_fpsr(IXC).check();
    // 0 * -inf: default NaN, Invalid
    fp(0x1e220820, "fmul s0, s1, s2").v(0, GARBAGE).v(1, 0x00000000).v(2, 0xff800000)
        .want_v(0, 0x7fc00000).want_fpsr(IOC).check();
    // denormal * 0.5: exact
    fp(0x1e620820, "fmul d0, d1, d2").v(0, GARBAGE).v(1, 0x00080000_00000000).v(2, 0x3fe00000_00000000)
        .want_v(0, 0x00040000_00000000).check();
    // inexact denormal: UFC and IXC
    fp(0x1e620820, "fmul d0, d1, d2").v(0, GARBAGE).v(1, 0x00080000_00000001).v(2, 0x3fe00000_00000000)
        .want_v(0, 0x00040000_00000000).want_fpsr(UFC | IXC).check();
    // FZ: a result below the normal range is flushed, UFC
    fp(0x1e220820, "fmul s0, s1, s2").fpcr(FZ).v(0, GARBAGE).v(1, 0x00c00000).v(2, 0x3f000000)
        .want_v(0, 0x00000000).want_fpsr(UFC).check();
    fp(0x1e221820, "fdiv s0, s1, s2").v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x40400000)
        .want_v(0, 0x3eaaaaab).want_fpsr(IXC).check();
    // -1 / +0 = -inf, DZC
    fp(0x1e621820, "fdiv d0, d1, d2").v(0, GARBAGE).v(1, 0xbff00000_00000000).v(2, 0x00000000)
        .want_v(0, 0xfff00000_00000000).want_fpsr(DZC).check();
    // 0 / 0: default NaN, Invalid
    fp(0x1e621820, "fdiv d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000).v(2, 0x00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // inf / 0 = inf, no flags
    fp(0x1e221820, "fdiv s0, s1, s2").v(0, GARBAGE).v(1, 0x7f800000).v(2, 0x00000000)
        .want_v(0, 0x7f800000).check();
    fp(0x1e221820, "fdiv s0, s1, s2").fpcr(RM).v(0, GARBAGE).v(1, 0x40c00000).v(2, 0xc0000000)
        .want_v(0, 0xc0400000).check();
    // -(1.5 * 2)
    fp(0x1e228820, "fnmul s0, s1, s2").v(0, GARBAGE).v(1, 0x3fc00000).v(2, 0x40000000)
        .want_v(0, 0xc0400000).check();
    // the propagated NaN is negated too
    fp(0x1e628820, "fnmul d0, d1, d2").v(0, GARBAGE).v(1, 0x7ff80000_00000001).v(2, 0x40000000_00000000)
        .want_v(0, 0xfff80000_00000001).check();
    // 1 + 2^-22 + 2^-46 rounds up (RP) before the negation: -(1 + 3*2^-23)
    fp(0x1e228820, "fnmul s0, s1, s2").fpcr(RP).v(0, GARBAGE).v(1, 0x3f800001).v(2, 0x3f800001)
        .want_v(0, 0xbf800003).want_fpsr(IXC).check();
}

/// FMAX/FMIN propagate NaNs; FMAXNM/FMINNM prefer a number to a quiet NaN; zeros by sign.
#[test]
fn fmax_fmin_fmaxnm_fminnm() {
    // max(-0, +0) = +0
    fp(0x1e224820, "fmax s0, s1, s2").v(0, GARBAGE).v(1, 0x80000000).v(2, 0x00000000)
        .want_v(0, 0x00000000).check();
    // min(+0, -0) = -0
    fp(0x1e225820, "fmin s0, s1, s2").v(0, GARBAGE).v(1, 0x00000000).v(2, 0x80000000)
        .want_v(0, 0x80000000).check();
    fp(0x1e624820, "fmax d0, d1, d2").v(0, GARBAGE).v(1, 0xc0080000_00000000).v(2, 0xc0000000_00000000)
        .want_v(0, 0xc0000000_00000000).check();
    fp(0x1e625820, "fmin d0, d1, d2").v(0, GARBAGE).v(1, 0xc0080000_00000000).v(2, 0xc0000000_00000000)
        .want_v(0, 0xc0080000_00000000).check();
    // qNaN propagates
    fp(0x1e224820, "fmax s0, s1, s2").v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x7fc00001)
        .want_v(0, 0x7fc00001).check();
    // a number beats a quiet NaN
    fp(0x1e226820, "fmaxnm s0, s1, s2").v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x7fc00001)
        .want_v(0, 0x3f800000).check();
    fp(0x1e627820, "fminnm d0, d1, d2").v(0, GARBAGE).v(1, 0x7ff80000_00000001).v(2, 0xc01c0000_00000000)
        .want_v(0, 0xc01c0000_00000000).check();
    // a signalling NaN still propagates, Invalid
    fp(0x1e226820, "fmaxnm s0, s1, s2").v(0, GARBAGE).v(1, 0x7f800002).v(2, 0x3f800000)
        .want_v(0, 0x7fc00002).want_fpsr(IOC).check();
    // two qNaNs: the first
    fp(0x1e227820, "fminnm s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x7fc00005)
        .want_v(0, 0x7fc00001).check();
    // FZ: both flush to zero; min(+0, -0) = -0, IDC
    fp(0x1e225820, "fmin s0, s1, s2").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001).v(2, 0x80000001)
        .want_v(0, 0x80000000).want_fpsr(IDC).check();
    // -inf beats a qNaN
    fp(0x1e626820, "fmaxnm d0, d1, d2").v(0, GARBAGE).v(1, 0xfff00000_00000000).v(2, 0x7ff80000_00000001)
        .want_v(0, 0xfff00000_00000000).check();
}

/// FMADD/FMSUB/FNMADD/FNMSUB: one rounding, NaN priority addend-first, inf*0 with a qNaN addend.
#[test]
fn fmadd_family() {
    // (1+2^-23)(1-2^-23) - 1 = -2^-46 exactly: fused, not 0
    fp(0x1f020c20, "fmadd s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x3f800001).v(2, 0x3f7ffffe).v(3, 0xbf800000)
        .want_v(0, 0xa8800000).check();
    // 1 - (1+2^-23)(1-2^-23) = 2^-46
    fp(0x1f028c20, "fmsub s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x3f800001).v(2, 0x3f7ffffe).v(3, 0x3f800000)
        .want_v(0, 0x28800000).check();
    // -(-1) - n*m = -2^-46... negated: 2^-46
    fp(0x1f220c20, "fnmadd s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x3f800001).v(2, 0x3f7ffffe).v(3, 0xbf800000)
        .want_v(0, 0x28800000).check();
    // -1 + n*m = -2^-46
    fp(0x1f228c20, "fnmsub s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x3f800001).v(2, 0x3f7ffffe).v(3, 0x3f800000)
        .want_v(0, 0xa8800000).check();
    // 0.1*10 - 1 is 2^-54 exactly in a fused op
    fp(0x1f420c20, "fmadd d0, d1, d2, d3").v(0, GARBAGE).v(1, 0x3fb99999_9999999a).v(2, 0x40240000_00000000).v(3, 0xbff00000_00000000)
        .want_v(0, 0x3c900000_00000000).check();
    fp(0x1f420c20, "fmadd d0, d1, d2, d3").v(0, GARBAGE).v(1, 0x40080000_00000000).v(2, 0x40140000_00000000).v(3, 0x401c0000_00000000)
        .want_v(0, 0x40360000_00000000).check();
    // addend qNaN wins over op1 qNaN
    fp(0x1f020c20, "fmadd s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000).v(3, 0x7fc00009)
        .want_v(0, 0x7fc00009).check();
    // an sNaN beats a qNaN addend; quietened, Invalid
    fp(0x1f020c20, "fmadd s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x3f800000).v(2, 0x7f800002).v(3, 0x7fc00009)
        .want_v(0, 0x7fc00002).want_fpsr(IOC).check();
    // 0 * inf with a qNaN addend: default NaN, Invalid
    fp(0x1f420c20, "fmadd d0, d1, d2, d3").v(0, GARBAGE).v(1, 0x00000000).v(2, 0x7ff00000_00000000).v(3, 0x7ff80000_00000001)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // inf + -inf: default NaN, Invalid
    fp(0x1f020c20, "fmadd s0, s1, s2, s3").v(0, GARBAGE).v(1, 0x7f800000).v(2, 0x3f800000).v(3, 0xff800000)
        .want_v(0, 0x7fc00000).want_fpsr(IOC).check();
    // FMSUB negates op1 before NaN processing
    fp(0x1f028c20, "fmsub s0, s1, s2, s3").v(0, GARBAGE).v(1, 0xffc00001).v(2, 0x3f800000).v(3, 0x3f800000)
        .want_v(0, 0x7fc00001).check();
    // FNMADD negates the addend NaN too
    fp(0x1f620c20, "fnmadd d0, d1, d2, d3").v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x3ff00000_00000000).v(3, 0x7ff80000_00000001)
        .want_v(0, 0xfff80000_00000001).check();
    // exact zero in RM: -0
    fp(0x1f020c20, "fmadd s0, s1, s2, s3").fpcr(RM).v(0, GARBAGE).v(1, 0x3f800000).v(2, 0xbf800000).v(3, 0x3f800000)
        .want_v(0, 0x80000000).check();
    // no intermediate overflow: max*2 - max = max
    fp(0x1f420c20, "fmadd d0, d1, d2, d3").v(0, GARBAGE).v(1, 0x7fefffff_ffffffff).v(2, 0x40000000_00000000).v(3, 0xffefffff_ffffffff)
        .want_v(0, 0x7fefffff_ffffffff).check();
}

/// Several FP instructions in one block: values flow through V registers, NZCV and X0.
#[test]
fn fp_sequence_in_one_block() {
    let code = [
        0x1e6e1000, // fmov d0, #1.0
        0x1e601001, // fmov d1, #2.0
        0x1e612802, // fadd d2, d0, d1
        0x1e611003, // fmov d3, #3.0
        0x1e630844, // fmul d4, d2, d3
        0x1e61c085, // fsqrt d5, d4
        0x9e7800a0, // fcvtzs x0, d5
        0x9e220006, // scvtf s6, x0
        0x1e2020c8, // fcmp s6, #0.0
    ];
    let out = support::run(&code, crossrun_ir::CpuState::default());
    assert_eq!(out.v[4], 0x40220000_00000000, "(1 + 2) * 3 = 9");
    assert_eq!(out.v[5], 0x40080000_00000000, "sqrt(9) = 3");
    assert_eq!(out.x[0], 3);
    assert_eq!(out.v[6], 0x40400000, "3.0f");
    assert_eq!(out.nzcv, 0x2000_0000, "3 > 0");
    assert_eq!(out.fp_status, 0, "everything exact");
}
