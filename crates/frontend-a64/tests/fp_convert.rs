//! Floating-point conversions and moves: FCVT, FRINT*, FCVT*S/U, SCVTF/UCVTF (integer
//! and fixed-point), FMOV (general), FMOV (scalar, immediate).
//!
//! Expected values were obtained by running each instruction in the Unicorn engine
//! (2.1.4, Cortex-A72 model, i.e. Armv8.0) and are embedded as literals; the notes next
//! to the cases give the Arm ARM reasoning they were checked against.

mod fp_harness;
mod support;

#[allow(unused_imports)]
use fp_harness::*;

/// FCVT between half, single and double: rounding, overflow, underflow, NaN conversion, AHP.
#[test]
fn fcvt_precision() {
    // widening is exact
    fp(0x1e22c020, "fcvt d0, s1").v(0, GARBAGE).v(1, 0x3dcccccd)
        .want_v(0, 0x3fb99999_a0000000).check();
    // single denormals are normal doubles
    fp(0x1e22c020, "fcvt d0, s1").v(0, GARBAGE).v(1, 0x00000001)
        .want_v(0, 0x36a00000_00000000).check();
    // ...unless FZ flushes the input (IDC)
    fp(0x1e22c020, "fcvt d0, s1").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001)
        .want_v(0, 0x00000000).want_fpsr(IDC).check();
    // narrowing rounds (nearest)
    fp(0x1e624020, "fcvt s0, d1").v(0, GARBAGE).v(1, 0x3fb99999_9999999a)
        .want_v(0, 0x3dcccccd).want_fpsr(IXC).check();
    // ... or toward zero
    fp(0x1e624020, "fcvt s0, d1").fpcr(RZ).v(0, GARBAGE).v(1, 0x3fb99999_9999999a)
        .want_v(0, 0x3dcccccc).want_fpsr(IXC).check();
    // overflow: inf, OFC and IXC
    fp(0x1e624020, "fcvt s0, d1").v(0, GARBAGE).v(1, 0x7e37e43c_8800759c)
        .want_v(0, 0x7f800000).want_fpsr(OFC | IXC).check();
    // overflow in RZ: -max
    fp(0x1e624020, "fcvt s0, d1").fpcr(RZ).v(0, GARBAGE).v(1, 0xfe37e43c_8800759c)
        .want_v(0, 0xff7fffff).want_fpsr(OFC | IXC).check();
    // denormal single, inexact: UFC
    fp(0x1e624020, "fcvt s0, d1").v(0, GARBAGE).v(1, 0x37a16c26_2777579c)
        .want_v(0, 0x000116c2).want_fpsr(UFC | IXC).check();
    // FZ: flushed to zero, UFC
    fp(0x1e624020, "fcvt s0, d1").fpcr(FZ).v(0, GARBAGE).v(1, 0x37a16c26_2777579c)
        .want_v(0, 0x00000000).want_fpsr(UFC).check();
    // sNaN: quietened, payload's top bits kept, IOC
    fp(0x1e624020, "fcvt s0, d1").v(0, GARBAGE).v(1, 0x7ff01234_56789001)
        .want_v(0, 0x7fc091a2).want_fpsr(IOC).check();
    // qNaN: payload moved to the top of the fraction, no flags
    fp(0x1e22c020, "fcvt d0, s1").v(0, GARBAGE).v(1, 0xffc12345)
        .want_v(0, 0xfff82468_a0000000).check();
    // DN: default NaN
    fp(0x1e22c020, "fcvt d0, s1").fpcr(DN).v(0, GARBAGE).v(1, 0xffc12345)
        .want_v(0, 0x7ff80000_00000000).check();
    // tie: to even
    fp(0x1e23c020, "fcvt h0, s1").v(0, GARBAGE).v(1, 0x3f801000)
        .want_v(0, 0x00003c00).want_fpsr(IXC).check();
    // rounds up past the largest half: inf
    fp(0x1e23c020, "fcvt h0, s1").v(0, GARBAGE).v(1, 0x477ff000)
        .want_v(0, 0x00007c00).want_fpsr(OFC | IXC).check();
    // AHP: rounds to 65536, which is a number (0x7c00) in this format
    fp(0x1e23c020, "fcvt h0, s1").fpcr(AHP).v(0, GARBAGE).v(1, 0x477ff000)
        .want_v(0, 0x00007c00).want_fpsr(IXC).check();
    // AHP: inf converts to the largest value, Invalid
    fp(0x1e23c020, "fcvt h0, s1").fpcr(AHP).v(0, GARBAGE).v(1, 0x7f800000)
        .want_v(0, 0x00007fff).want_fpsr(IOC).check();
    // AHP: a NaN converts to zero, Invalid
    fp(0x1e63c020, "fcvt h0, d1").fpcr(AHP).v(0, GARBAGE).v(1, 0x7ff80000_00000001)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    // smallest half denormal
    fp(0x1e63c020, "fcvt h0, d1").v(0, GARBAGE).v(1, 0x3e700000_00000000)
        .want_v(0, 0x00000001).check();
    // below half of it: zero, UFC and IXC
    fp(0x1e63c020, "fcvt h0, d1").v(0, GARBAGE).v(1, 0x3e500000_00000000)
        .want_v(0, 0x00000000).want_fpsr(UFC | IXC).check();
    // FZ does not flush half-precision inputs
    fp(0x1ee24020, "fcvt s0, h1").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001)
        .want_v(0, 0x33800000).check();
    // half qNaN to double
    fp(0x1ee2c020, "fcvt d0, h1").v(0, GARBAGE).v(1, 0x0000fe01)
        .want_v(0, 0xfff80400_00000000).check();
    // half sNaN: quietened, IOC
    fp(0x1ee24020, "fcvt s0, h1").v(0, GARBAGE).v(1, 0x00007c01)
        .want_v(0, 0x7fc02000).want_fpsr(IOC).check();
    // AHP: 0x7c00 is a number (65536)
    fp(0x1ee2c020, "fcvt d0, h1").fpcr(AHP).v(0, GARBAGE).v(1, 0x00007c00)
        .want_v(0, 0x40f00000_00000000).check();
}

/// FRINTN/P/M/Z/A use their own rounding; FRINTI uses FPCR; FRINTX also signals Inexact.
#[test]
fn frint_scalar() {
    fp(0x1e244020, "frintn s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40000000).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e644020, "frintn d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0x80000000_00000000).check();
    fp(0x1e244020, "frintn s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0800000).check();
    fp(0x1e24c020, "frintp s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40400000).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e64c020, "frintp d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0x80000000_00000000).check();
    fp(0x1e24c020, "frintp s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0400000).check();
    fp(0x1e254020, "frintm s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40000000).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e654020, "frintm d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0xbff00000_00000000).check();
    fp(0x1e254020, "frintm s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0800000).check();
    fp(0x1e25c020, "frintz s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40000000).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e65c020, "frintz d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0x80000000_00000000).check();
    fp(0x1e25c020, "frintz s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0400000).check();
    fp(0x1e264020, "frinta s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40400000).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e664020, "frinta d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0xbff00000_00000000).check();
    fp(0x1e264020, "frinta s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0800000).check();
    fp(0x1e27c020, "frinti s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40000000).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e67c020, "frinti d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0x80000000_00000000).check();
    fp(0x1e27c020, "frinti s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0400000).check();
    fp(0x1e274020, "frintx s0, s1").v(0, GARBAGE).v(1, 0x40200000)
        .want_v(0, 0x40000000).want_fpsr(IXC).check();
    // -0.5: where the result is zero it keeps the sign
    fp(0x1e674020, "frintx d0, d1").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0x80000000_00000000).want_fpsr(IXC).check();
    fp(0x1e274020, "frintx s0, s1").fpcr(RP).v(0, GARBAGE).v(1, 0xc0600000)
        .want_v(0, 0xc0400000).want_fpsr(IXC).check();
    fp(0x1e67c020, "frinti d0, d1").fpcr(RM).v(0, GARBAGE).v(1, 0x3ff40000_00000000)
        .want_v(0, 0x3ff00000_00000000).check();
    fp(0x1e674020, "frintx d0, d1").fpcr(RP).v(0, GARBAGE).v(1, 0x3ff40000_00000000)
        .want_v(0, 0x40000000_00000000).want_fpsr(IXC).check();
    // already integral: no Inexact
    fp(0x1e274020, "frintx s0, s1").v(0, GARBAGE).v(1, 0x40e00000)
        .want_v(0, 0x40e00000).check();
    // beyond 2^52 every double is integral
    fp(0x1e664020, "frinta d0, d1").v(0, GARBAGE).v(1, 0x43300000_00000001)
        .want_v(0, 0x43300000_00000001).check();
    // sNaN: quietened, IOC
    fp(0x1e244020, "frintn s0, s1").v(0, GARBAGE).v(1, 0x7f800002)
        .want_v(0, 0x7fc00002).want_fpsr(IOC).check();
    fp(0x1e254020, "frintm s0, s1").v(0, GARBAGE).v(1, 0xff800000)
        .want_v(0, 0xff800000).check();
    // FZ: flushed, IDC
    fp(0x1e25c020, "frintz s0, s1").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001)
        .want_v(0, 0x00000000).want_fpsr(IDC).check();
    // tiny positive rounds up to 1
    fp(0x1e24c020, "frintp s0, s1").v(0, GARBAGE).v(1, 0x00000001)
        .want_v(0, 0x3f800000).check();
}

/// FCVT{N,P,M,Z,A}{S,U} to W/X registers: rounding, saturation, NaN, W results zero-extended.
#[test]
fn fcvt_to_int() {
    fp(0x1e200020, "fcvtns w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x2).want_fpsr(IXC).check();
    fp(0x9e600020, "fcvtns x0, d1").v(1, 0xc0040000_00000000)
        .want_x(0, 0xffffffff_fffffffe).want_fpsr(IXC).check();
    fp(0x1e600020, "fcvtns w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IXC).check();
    fp(0x1e210020, "fcvtnu w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x2).want_fpsr(IXC).check();
    fp(0x9e610020, "fcvtnu x0, d1").v(1, 0xc0040000_00000000)
       .want_fpsr(IOC).check();
    fp(0x1e610020, "fcvtnu w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IXC).check();
    fp(0x1e280020, "fcvtps w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x3).want_fpsr(IXC).check();
    fp(0x9e680020, "fcvtps x0, d1").v(1, 0xc0040000_00000000)
        .want_x(0, 0xffffffff_fffffffe).want_fpsr(IXC).check();
    fp(0x1e680020, "fcvtps w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IXC).check();
    fp(0x1e290020, "fcvtpu w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x3).want_fpsr(IXC).check();
    fp(0x9e690020, "fcvtpu x0, d1").v(1, 0xc0040000_00000000)
       .want_fpsr(IOC).check();
    fp(0x1e690020, "fcvtpu w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IXC).check();
    fp(0x1e300020, "fcvtms w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x2).want_fpsr(IXC).check();
    fp(0x9e700020, "fcvtms x0, d1").v(1, 0xc0040000_00000000)
        .want_x(0, 0xffffffff_fffffffd).want_fpsr(IXC).check();
    fp(0x1e700020, "fcvtms w0, d1").v(1, 0xbfe00000_00000000)
        .want_x(0, 0xffffffff).want_fpsr(IXC).check();
    fp(0x1e310020, "fcvtmu w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x2).want_fpsr(IXC).check();
    fp(0x9e710020, "fcvtmu x0, d1").v(1, 0xc0040000_00000000)
       .want_fpsr(IOC).check();
    fp(0x1e710020, "fcvtmu w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IOC).check();
    fp(0x1e380020, "fcvtzs w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x2).want_fpsr(IXC).check();
    fp(0x9e780020, "fcvtzs x0, d1").v(1, 0xc0040000_00000000)
        .want_x(0, 0xffffffff_fffffffe).want_fpsr(IXC).check();
    fp(0x1e780020, "fcvtzs w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IXC).check();
    fp(0x1e390020, "fcvtzu w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x2).want_fpsr(IXC).check();
    fp(0x9e790020, "fcvtzu x0, d1").v(1, 0xc0040000_00000000)
       .want_fpsr(IOC).check();
    fp(0x1e790020, "fcvtzu w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IXC).check();
    fp(0x1e240020, "fcvtas w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x3).want_fpsr(IXC).check();
    fp(0x9e640020, "fcvtas x0, d1").v(1, 0xc0040000_00000000)
        .want_x(0, 0xffffffff_fffffffd).want_fpsr(IXC).check();
    fp(0x1e640020, "fcvtas w0, d1").v(1, 0xbfe00000_00000000)
        .want_x(0, 0xffffffff).want_fpsr(IXC).check();
    fp(0x1e250020, "fcvtau w0, s1").v(1, 0x40200000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x3).want_fpsr(IXC).check();
    fp(0x9e650020, "fcvtau x0, d1").v(1, 0xc0040000_00000000)
       .want_fpsr(IOC).check();
    fp(0x1e650020, "fcvtau w0, d1").v(1, 0xbfe00000_00000000)
       .want_fpsr(IOC).check();
    // saturates to INT32_MAX, IOC
    fp(0x1e380020, "fcvtzs w0, s1").v(1, 0x4f32d05e)
        .want_x(0, 0x7fffffff).want_fpsr(IOC).check();
    // INT32_MIN after truncation: in range, IXC
    fp(0x1e780020, "fcvtzs w0, d1").v(1, 0xc1e00000_001ccccd)
        .want_x(0, 0x80000000).want_fpsr(IXC).check();
    // below INT32_MIN: saturates, IOC
    fp(0x1e780020, "fcvtzs w0, d1").v(1, 0xc1e00000_00200000)
        .want_x(0, 0x80000000).want_fpsr(IOC).check();
    // UINT32_MAX after truncation
    fp(0x1e790020, "fcvtzu w0, d1").v(1, 0x41efffff_fff00000)
        .want_x(0, 0xffffffff).want_fpsr(IXC).check();
    // negative to unsigned: 0, IOC
    fp(0x9e790020, "fcvtzu x0, d1").v(1, 0xbff00000_00000000)
       .want_fpsr(IOC).check();
    // -2^63 exactly: INT64_MIN, no flags
    fp(0x9e380020, "fcvtzs x0, s1").v(1, 0xdf000000)
        .want_x(0, 0x80000000_00000000).check();
    // 2^63: saturates, IOC
    fp(0x9e780020, "fcvtzs x0, d1").v(1, 0x43e00000_00000000)
        .want_x(0, 0x7fffffff_ffffffff).want_fpsr(IOC).check();
    // 2^64: saturates to UINT64_MAX, IOC
    fp(0x9e790020, "fcvtzu x0, d1").v(1, 0x43f00000_00000000)
        .want_x(0, 0xffffffff_ffffffff).want_fpsr(IOC).check();
    // NaN: 0, IOC
    fp(0x9e780020, "fcvtzs x0, d1").v(1, 0x7ff80000_00000001).x(0, 0x5)
        .want_x(0, 0x0).want_fpsr(IOC).check();
    // -inf: INT64_MIN, IOC
    fp(0x9e200020, "fcvtns x0, s1").v(1, 0xff800000)
        .want_x(0, 0x80000000_00000000).want_fpsr(IOC).check();
    // XZR destination: discarded
    fp(0x9e78003f, "fcvtzs xzr, d1").v(1, 0x401c0000_00000000)
       .check();
    // FZ flushes before rounding (IDC, not IXC); RMode is ignored
    fp(0x1e380020, "fcvtzs w0, s1").fpcr(FZ | RP).v(1, 0x00000001)
       .want_fpsr(IDC).check();
    // tiny negative rounds down to -1, zero-extended into x5
    fp(0x1e300025, "fcvtms w5, s1").v(1, 0xaedbe6ff)
        .want_x(5, 0xffffffff).want_fpsr(IXC).check();
}

/// SCVTF/UCVTF from W/X registers: rounding by FPCR, the zero register, upper bits.
#[test]
fn int_to_fp() {
    // -1
    fp(0x1e220020, "scvtf s0, w1").v(0, GARBAGE).x(1, 0xffffffff_ffffffff)
        .want_v(0, 0xbf800000).check();
    // 2^32 - 1 rounds to 2^32, IXC
    fp(0x1e230020, "ucvtf s0, w1").v(0, GARBAGE).x(1, 0xffffffff)
        .want_v(0, 0x4f800000).want_fpsr(IXC).check();
    // RZ: 2^32 - 256
    fp(0x1e230020, "ucvtf s0, w1").fpcr(RZ).v(0, GARBAGE).x(1, 0xffffffff)
        .want_v(0, 0x4f7fffff).want_fpsr(IXC).check();
    // INT64_MIN is exact
    fp(0x9e620020, "scvtf d0, x1").v(0, GARBAGE).x(1, 0x80000000_00000000)
        .want_v(0, 0xc3e00000_00000000).check();
    // rounds to 2^64
    fp(0x9e630020, "ucvtf d0, x1").v(0, GARBAGE).x(1, 0xffffffff_ffffffff)
        .want_v(0, 0x43f00000_00000000).want_fpsr(IXC).check();
    // 2^53 + 1 in RM
    fp(0x9e620020, "scvtf d0, x1").fpcr(RM).v(0, GARBAGE).x(1, 0x00200000_00000001)
        .want_v(0, 0x43400000_00000000).want_fpsr(IXC).check();
    // only the W register is read
    fp(0x1e220020, "scvtf s0, w1").v(0, GARBAGE).x(1, 0x00000001_00000001)
        .want_v(0, 0x3f800000).check();
    // zero register: +0
    fp(0x1e6303e0, "ucvtf d0, wzr").v(0, GARBAGE)
        .want_v(0, 0x00000000).check();
    // 2^56 - 1 -> 2^56 in single
    fp(0x9e220020, "scvtf s0, x1").v(0, GARBAGE).x(1, 0x00ffffff_ffffffff)
        .want_v(0, 0x5b800000).want_fpsr(IXC).check();
    fp(0x1e620020, "scvtf d0, w1").fpcr(RP).v(0, GARBAGE).x(1, 0x80000000)
        .want_v(0, 0xc1e00000_00000000).check();
}

/// FCVTZS/FCVTZU/SCVTF/UCVTF with #fbits (scalar, general registers).
#[test]
fn fixed_point() {
    // 2.75 * 2 = 5.5 -> 5, IXC
    fp(0x1e18fc20, "fcvtzs w0, s1, #1").v(1, 0x40300000)
        .want_x(0, 0x5).want_fpsr(IXC).check();
    // fbits 32: 0.5 * 2^32 = 2^31 overflows INT32, IOC
    fp(0x1e188020, "fcvtzs w0, s1, #32").v(1, 0x3f000000)
        .want_x(0, 0x7fffffff).want_fpsr(IOC).check();
    // 0.25 * 2^32 = 2^30
    fp(0x1e598020, "fcvtzu w0, d1, #32").v(1, 0x3fd00000_00000000)
        .want_x(0, 0x40000000).check();
    // fbits 64: -0.5 * 2^64 = -2^63
    fp(0x9e580020, "fcvtzs x0, d1, #64").v(1, 0xbfe00000_00000000)
        .want_x(0, 0x80000000_00000000).check();
    fp(0x9e590020, "fcvtzu x0, d1, #64").v(1, 0x3fe00000_00000000)
        .want_x(0, 0x80000000_00000000).check();
    // truncation toward zero
    fp(0x9e18d820, "fcvtzs x0, s1, #10").v(1, 0xbf802800)
        .want_x(0, 0xffffffff_fffffbff).want_fpsr(IXC).check();
    // -65536 / 2^16 = -1
    fp(0x1e02c020, "scvtf s0, w1, #16").v(0, GARBAGE).x(1, 0xffff0000)
        .want_v(0, 0xbf800000).check();
    // 2^63 / 2^64 = 0.5
    fp(0x9e430020, "ucvtf d0, x1, #64").v(0, GARBAGE).x(1, 0x80000000_00000000)
        .want_v(0, 0x3fe00000_00000000).check();
    fp(0x9e42fc20, "scvtf d0, x1, #1").v(0, GARBAGE).x(1, 0x3)
        .want_v(0, 0x3ff80000_00000000).check();
    // 2^-32
    fp(0x1e038020, "ucvtf s0, w1, #32").v(0, GARBAGE).x(1, 0x1)
        .want_v(0, 0x2f800000).check();
    fp(0x9e02f420, "scvtf s0, x1, #3").fpcr(RZ).v(0, GARBAGE).x(1, 0x7fffffff_ffffffff)
        .want_v(0, 0x5d7fffff).want_fpsr(IXC).check();
}

/// FMOV between general and FP registers, including the top half of a V register.
#[test]
fn fmov_general() {
    // W write zero-extends
    fp(0x1e260020, "fmov w0, s1").v(1, 0x00000003_00000002_00000001_3f800000).x(0, 0xffffffff_ffffffff)
        .want_x(0, 0x3f800000).check();
    // only Wn, the rest of v0 zeroed
    fp(0x1e270020, "fmov s0, w1").v(0, GARBAGE).x(1, 0x12345678_9abcdef0)
        .want_v(0, 0x9abcdef0).check();
    fp(0x9e660020, "fmov x0, d1").v(1, 0x00000000_00000005_01234567_89abcdef)
        .want_x(0, 0x01234567_89abcdef).check();
    fp(0x9e670020, "fmov d0, x1").v(0, GARBAGE).x(1, 0xfedcba98_76543210)
        .want_v(0, 0xfedcba98_76543210).check();
    fp(0x9eae0020, "fmov x0, v1.d[1]").v(1, 0xaaaabbbb_ccccdddd_00000000_00000001)
        .want_x(0, 0xaaaabbbb_ccccdddd).check();
    // the low half of v0 is kept
    fp(0x9eaf0020, "fmov v0.d[1], x1").v(0, 0x55556666_77778888_11112222_33334444).x(1, 0x99)
        .want_v(0, 0x00000000_00000099_11112222_33334444).check();
    fp(0x1e2703e0, "fmov s0, wzr").v(0, GARBAGE)
        .want_v(0, 0x00000000).check();
    fp(0x9e6703e0, "fmov d0, xzr").v(0, GARBAGE)
        .want_v(0, 0x00000000).check();
    fp(0x9eaf03e0, "fmov v0.d[1], xzr").v(0, 0x00000000_00000008_00000000_00000007)
        .want_v(0, 0x00000007).check();
    // XZR destination: discarded
    fp(0x9e66003f, "fmov xzr, d1").v(1, 0x00000005)
       .check();
}

/// FMOV (scalar, immediate): VFPExpandImm.
#[test]
fn fmov_immediate() {
    fp(0x1e2e1000, "fmov s0, #1.0").v(0, GARBAGE)
        .want_v(0, 0x3f800000).check();
    fp(0x1e6e1007, "fmov d7, #1.0").v(7, GARBAGE)
        .want_v(7, 0x3ff00000_00000000).check();
    fp(0x1e381000, "fmov s0, #-0.125").v(0, GARBAGE)
        .want_v(0, 0xbe000000).check();
    fp(0x1e781007, "fmov d7, #-0.125").v(7, GARBAGE)
        .want_v(7, 0xbfc00000_00000000).check();
    fp(0x1e27f000, "fmov s0, #31.0").v(0, GARBAGE)
        .want_v(0, 0x41f80000).check();
    fp(0x1e67f007, "fmov d7, #31.0").v(7, GARBAGE)
        .want_v(7, 0x403f0000_00000000).check();
    fp(0x1e283000, "fmov s0, #0.1328125").v(0, GARBAGE)
        .want_v(0, 0x3e080000).check();
    fp(0x1e683007, "fmov d7, #0.1328125").v(7, GARBAGE)
        .want_v(7, 0x3fc10000_00000000).check();
    fp(0x1e3ff000, "fmov s0, #-1.9375").v(0, GARBAGE)
        .want_v(0, 0xbff80000).check();
    fp(0x1e7ff007, "fmov d7, #-1.9375").v(7, GARBAGE)
        .want_v(7, 0xbfff0000_00000000).check();
    fp(0x1e209000, "fmov s0, #2.5").v(0, GARBAGE)
        .want_v(0, 0x40200000).check();
    fp(0x1e609007, "fmov d7, #2.5").v(7, GARBAGE)
        .want_v(7, 0x40040000_00000000).check();
}
