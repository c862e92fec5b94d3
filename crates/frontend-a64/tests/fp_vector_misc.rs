//! AdvSIMD floating point: by element, scalar three same, scalar pairwise, across lanes,
//! fixed-point conversions by immediate, FMOV (vector, immediate).
//!
//! Expected values were obtained by running each instruction in the Unicorn engine
//! (2.1.4, Cortex-A72 model, i.e. Armv8.0) and are embedded as literals; the notes next
//! to the cases give the Arm ARM reasoning they were checked against.

mod fp_harness;
mod support;

#[allow(unused_imports)]
use fp_harness::*;

/// FMUL/FMLA/FMLS/FMULX by element (vector and scalar): every lane uses Vm[index].
#[test]
fn by_element() {
    fp(0x4f829020, "fmul v0.4s, v1.4s, v2.s[0]").v(0, GARBAGE).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x41800000_c1000000_00000000_40400000).check();
    fp(0x4fa29020, "fmul v0.4s, v1.4s, v2.s[1]").v(0, GARBAGE).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0xc1c00000_41400000_80000000_c0900000).check();
    fp(0x4f829820, "fmul v0.4s, v1.4s, v2.s[2]").v(0, GARBAGE).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x40800000_c0000000_00000000_3f400000).check();
    fp(0x4fa29820, "fmul v0.4s, v1.4s, v2.s[3]").v(0, GARBAGE).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x7f800000_ff800000_7fc00000_7f800000).want_fpsr(IOC).check();
    // M:Rm reaches v31; Q=0 zeroes the upper half
    fp(0x0fbf9820, "fmul v0.2s, v1.2s, v31.s[3]").v(0, GARBAGE).v(1, 0x41000000_c0800000_00000000_3fc00000).v(31, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x7fc00000_7f800000).want_fpsr(IOC).check();
    // 0 * inf = 2.0
    fp(0x6fa29820, "fmulx v0.4s, v1.4s, v2.s[3]").v(0, GARBAGE).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x7f800000_ff800000_40000000_7f800000).check();
    fp(0x4fa21020, "fmla v0.4s, v1.4s, v2.s[1]").v(0, 0x00000000_c1400000_7fc00001_3f800000).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0xc1c00000_00000000_7fc00001_c0600000).check();
    fp(0x4f825820, "fmls v0.4s, v1.4s, v2.s[2]").v(0, 0x40800000_40400000_40000000_3f800000).v(1, 0x41000000_c0800000_00000000_3fc00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x00000000_40a00000_40000000_3e800000).check();
    fp(0x4fc21820, "fmla v0.2d, v1.2d, v2.d[1]").v(0, 0x40000000_00000000_3ff00000_00000000).v(1, 0x7ff00000_00000002_40080000_00000000).v(2, 0x3fe00000_00000000_40220000_00000000)
        .want_v(0, 0x7ff80000_00000002_40040000_00000000).want_fpsr(IOC).check();
    fp(0x4fc29020, "fmul v0.2d, v1.2d, v2.d[0]").fpcr(RP).v(0, GARBAGE).v(1, 0xbff00000_00000000_40080000_00000000).v(2, 0x40220000_00000000_3fd00000_00000000)
        .want_v(0, 0xbfd00000_00000000_3fe80000_00000000).check();
    fp(0x5f829820, "fmul s0, s1, v2.s[2]").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_40c00000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x40400000).check();
    // qNaN addend with 0 * inf: default NaN, IOC
    fp(0x5fa21820, "fmla s0, s1, v2.s[3]").v(0, 0x00000007_00000007_00000007_7fc00001).v(1, 0x00000009_00000009_00000009_00000000).v(2, 0x7f800000_3f000000_c0400000_40000000)
        .want_v(0, 0x7fc00000).want_fpsr(IOC).check();
    fp(0x5fc25820, "fmls d0, d1, v2.d[1]").v(0, 0x00000000_00000007_3ff00000_00000000).v(1, 0x00000000_00000009_40000000_00000000).v(2, 0x3fd00000_00000000_00000000_00000000)
        .want_v(0, 0x3fe00000_00000000).check();
    // -0 * inf = -2.0
    fp(0x7fc29020, "fmulx d0, d1, v2.d[0]").v(0, GARBAGE).v(1, 0x00000000_00000009_80000000_00000000).v(2, 0x7ff00000_00000000)
        .want_v(0, 0xc0000000_00000000).check();
    fp(0x7f9f9020, "fmulx s0, s1, v31.s[0]").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_40400000).v(31, 0x3eaaaaab)
        .want_v(0, 0x3f800000).want_fpsr(IXC).check();
}

/// AdvSIMD scalar three same FP: FABD, FMULX, FRECPS, FRSQRTS, FCMEQ/GE/GT, FACGE/GT.
#[test]
fn scalar_three_same() {
    fp(0x7ea2d420, "fabd s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x40400000).check();
    fp(0x7ee2d420, "fabd d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0x7ff00000_00000000).check();
    fp(0x7ea2d420, "fabd s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x7fc00001).check();
    fp(0x5e22dc20, "fmulx s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0xc0100000).check();
    fp(0x5e62dc20, "fmulx d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0xc0000000_00000000).check();
    fp(0x5e22dc20, "fmulx s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x7fc00001).check();
    fp(0x5e22fc20, "frecps s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x40880000).check();
    fp(0x5e62fc20, "frecps d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0x40000000_00000000).check();
    fp(0x5e22fc20, "frecps s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0xffc00001).check();
    fp(0x5ea2fc20, "frsqrts s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x40280000).check();
    fp(0x5ee2fc20, "frsqrts d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0x3ff80000_00000000).check();
    fp(0x5ea2fc20, "frsqrts s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0xffc00001).check();
    fp(0x5e22e420, "fcmeq s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x00000000).check();
    fp(0x5e62e420, "fcmeq d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0x00000000).check();
    fp(0x5e22e420, "fcmeq s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x00000000).check();
    fp(0x7e22e420, "fcmge s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x00000000).check();
    fp(0x7e62e420, "fcmge d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0xffffffff_ffffffff).check();
    fp(0x7e22e420, "fcmge s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7ea2e420, "fcmgt s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x00000000).check();
    fp(0x7ee2e420, "fcmgt d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0xffffffff_ffffffff).check();
    fp(0x7ea2e420, "fcmgt s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7e22ec20, "facge s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0xffffffff).check();
    fp(0x7e62ec20, "facge d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0x00000000).check();
    fp(0x7e22ec20, "facge s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7ea2ec20, "facgt s0, s1, s2").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000).v(2, 0x00000006_00000005_00000004_3fc00000)
        .want_v(0, 0x00000000).check();
    fp(0x7ee2ec20, "facgt d0, d1, d2").v(0, GARBAGE).v(1, 0x00000000_00000001_00000000_00000000).v(2, 0x00000000_00000002_fff00000_00000000)
        .want_v(0, 0x00000000).check();
    fp(0x7ea2ec20, "facgt s0, s1, s2").v(0, GARBAGE).v(1, 0x7fc00001).v(2, 0x3f800000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
}

/// FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (scalar): op(Vn[0], Vn[1]).
#[test]
fn scalar_pairwise() {
    // only the low two lanes
    fp(0x7e30d820, "faddp s0, v1.2s").v(0, GARBAGE).v(1, 0x43480000_42c80000_7fc00001_3f800000)
        .want_v(0, 0x7fc00001).check();
    fp(0x7e70d820, "faddp d0, v1.2d").v(0, GARBAGE).v(1, 0x3fe00000_00000000_c0000000_00000000)
        .want_v(0, 0xbff80000_00000000).check();
    fp(0x7e70d820, "faddp d0, v1.2d").fpcr(DN).v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0000000_00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // only the low two lanes
    fp(0x7e30f820, "fmaxp s0, v1.2s").v(0, GARBAGE).v(1, 0x43480000_42c80000_7fc00001_3f800000)
        .want_v(0, 0x7fc00001).check();
    fp(0x7e70f820, "fmaxp d0, v1.2d").v(0, GARBAGE).v(1, 0x3fe00000_00000000_c0000000_00000000)
        .want_v(0, 0x3fe00000_00000000).check();
    fp(0x7e70f820, "fmaxp d0, v1.2d").fpcr(DN).v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0000000_00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // only the low two lanes
    fp(0x7eb0f820, "fminp s0, v1.2s").v(0, GARBAGE).v(1, 0x43480000_42c80000_7fc00001_3f800000)
        .want_v(0, 0x7fc00001).check();
    fp(0x7ef0f820, "fminp d0, v1.2d").v(0, GARBAGE).v(1, 0x3fe00000_00000000_c0000000_00000000)
        .want_v(0, 0xc0000000_00000000).check();
    fp(0x7ef0f820, "fminp d0, v1.2d").fpcr(DN).v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0000000_00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // only the low two lanes
    fp(0x7e30c820, "fmaxnmp s0, v1.2s").v(0, GARBAGE).v(1, 0x43480000_42c80000_7fc00001_3f800000)
        .want_v(0, 0x3f800000).check();
    fp(0x7e70c820, "fmaxnmp d0, v1.2d").v(0, GARBAGE).v(1, 0x3fe00000_00000000_c0000000_00000000)
        .want_v(0, 0x3fe00000_00000000).check();
    fp(0x7e70c820, "fmaxnmp d0, v1.2d").fpcr(DN).v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0000000_00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    // only the low two lanes
    fp(0x7eb0c820, "fminnmp s0, v1.2s").v(0, GARBAGE).v(1, 0x43480000_42c80000_7fc00001_3f800000)
        .want_v(0, 0x3f800000).check();
    fp(0x7ef0c820, "fminnmp d0, v1.2d").v(0, GARBAGE).v(1, 0x3fe00000_00000000_c0000000_00000000)
        .want_v(0, 0xc0000000_00000000).check();
    fp(0x7ef0c820, "fminnmp d0, v1.2d").fpcr(DN).v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0000000_00000000)
        .want_v(0, 0x7ff80000_00000000).want_fpsr(IOC).check();
    fp(0x7e30d820, "faddp s0, v1.2s").fpcr(RP).v(0, GARBAGE).v(1, 0x33800000_3f800000)
        .want_v(0, 0x3f800001).want_fpsr(IXC).check();
}

/// FMAXV/FMINV/FMAXNMV/FMINNMV (4S): Reduce combines (lane0 op lane1) with (lane2 op lane3).
#[test]
fn across_lanes() {
    fp(0x6e30f820, "fmaxv s0, v1.4s").v(0, GARBAGE).v(1, 0x40200000_40400000_c0e00000_3f800000)
        .want_v(0, 0x40400000).check();
    // NaN order follows the tree
    fp(0x6e30f820, "fmaxv s0, v1.4s").v(0, GARBAGE).v(1, 0x7fc00002_40000000_3f800000_7fc00001)
        .want_v(0, 0x7fc00001).check();
    fp(0x6e30f820, "fmaxv s0, v1.4s").v(0, GARBAGE).v(1, 0xbf800000_7f800002_7fc00001_40a00000)
        .want_v(0, 0x7fc00001).want_fpsr(IOC).check();
    fp(0x6e30f820, "fmaxv s0, v1.4s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000000_80000001_80000000_00000001)
        .want_v(0, 0x00000000).want_fpsr(IDC).check();
    fp(0x6eb0f820, "fminv s0, v1.4s").v(0, GARBAGE).v(1, 0x40200000_40400000_c0e00000_3f800000)
        .want_v(0, 0xc0e00000).check();
    // NaN order follows the tree
    fp(0x6eb0f820, "fminv s0, v1.4s").v(0, GARBAGE).v(1, 0x7fc00002_40000000_3f800000_7fc00001)
        .want_v(0, 0x7fc00001).check();
    fp(0x6eb0f820, "fminv s0, v1.4s").v(0, GARBAGE).v(1, 0xbf800000_7f800002_7fc00001_40a00000)
        .want_v(0, 0x7fc00001).want_fpsr(IOC).check();
    fp(0x6eb0f820, "fminv s0, v1.4s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000000_80000001_80000000_00000001)
        .want_v(0, 0x80000000).want_fpsr(IDC).check();
    fp(0x6e30c820, "fmaxnmv s0, v1.4s").v(0, GARBAGE).v(1, 0x40200000_40400000_c0e00000_3f800000)
        .want_v(0, 0x40400000).check();
    // NaN order follows the tree
    fp(0x6e30c820, "fmaxnmv s0, v1.4s").v(0, GARBAGE).v(1, 0x7fc00002_40000000_3f800000_7fc00001)
        .want_v(0, 0x40000000).check();
    fp(0x6e30c820, "fmaxnmv s0, v1.4s").v(0, GARBAGE).v(1, 0xbf800000_7f800002_7fc00001_40a00000)
        .want_v(0, 0x40a00000).want_fpsr(IOC).check();
    fp(0x6e30c820, "fmaxnmv s0, v1.4s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000000_80000001_80000000_00000001)
        .want_v(0, 0x00000000).want_fpsr(IDC).check();
    fp(0x6eb0c820, "fminnmv s0, v1.4s").v(0, GARBAGE).v(1, 0x40200000_40400000_c0e00000_3f800000)
        .want_v(0, 0xc0e00000).check();
    // NaN order follows the tree
    fp(0x6eb0c820, "fminnmv s0, v1.4s").v(0, GARBAGE).v(1, 0x7fc00002_40000000_3f800000_7fc00001)
        .want_v(0, 0x3f800000).check();
    fp(0x6eb0c820, "fminnmv s0, v1.4s").v(0, GARBAGE).v(1, 0xbf800000_7f800002_7fc00001_40a00000)
        .want_v(0, 0x40a00000).want_fpsr(IOC).check();
    fp(0x6eb0c820, "fminnmv s0, v1.4s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000000_80000001_80000000_00000001)
        .want_v(0, 0x80000000).want_fpsr(IDC).check();
}

/// SCVTF/UCVTF/FCVTZS/FCVTZU with #fbits (vector and scalar shift-by-immediate forms).
#[test]
fn fixed_point_simd() {
    fp(0x4f3fe420, "scvtf v0.4s, v1.4s, #1").v(0, GARBAGE).v(1, 0x7fffffff_80000000_ffffffff_00000003)
        .want_v(0, 0x4e800000_ce800000_bf000000_3fc00000).want_fpsr(IXC).check();
    fp(0x6f20e420, "ucvtf v0.4s, v1.4s, #32").v(0, GARBAGE).v(1, 0x7fffffff_80000000_ffffffff_00000003)
        .want_v(0, 0x3f000000_3f000000_3f800000_30400000).want_fpsr(IXC).check();
    fp(0x0f30e420, "scvtf v0.2s, v1.2s, #16").v(0, GARBAGE).v(1, 0x00000009_00000009_ffff8000_00010000)
        .want_v(0, 0xbf000000_3f800000).check();
    fp(0x6f40e420, "ucvtf v0.2d, v1.2d, #64").v(0, GARBAGE).v(1, 0xffffffff_ffffffff_80000000_00000000)
        .want_v(0, 0x3ff00000_00000000_3fe00000_00000000).want_fpsr(IXC).check();
    fp(0x4f7de420, "scvtf v0.2d, v1.2d, #3").fpcr(RM).v(0, GARBAGE).v(1, 0x00000000_00000007_ffffffff_fffffff8)
        .want_v(0, 0x3fec0000_00000000_bff00000_00000000).check();
    fp(0x4f3ffc20, "fcvtzs v0.4s, v1.4s, #1").v(0, GARBAGE).v(1, 0x7fc00001_4eee6b28_c0300000_40300000)
        .want_v(0, 0x00000000_7fffffff_fffffffb_00000005).want_fpsr(IOC | IXC).check();
    fp(0x6f20fc20, "fcvtzu v0.4s, v1.4s, #32").v(0, GARBAGE).v(1, 0x3f800000_bdcccccd_3f7fbe77_3f000000)
        .want_v(0, 0xffffffff_00000000_ffbe7700_80000000).want_fpsr(IOC).check();
    fp(0x4f40fc20, "fcvtzs v0.2d, v1.2d, #64").v(0, GARBAGE).v(1, 0x3fe00000_00000000_bfe00000_00000000)
        .want_v(0, 0x7fffffff_ffffffff_80000000_00000000).want_fpsr(IOC).check();
    fp(0x2f38fc20, "fcvtzu v0.2s, v1.2s, #8").v(0, GARBAGE).v(1, 0x00000001_00000001_437fffbe_3eaaaaab)
        .want_v(0, 0x0000ffff_00000055).want_fpsr(IXC).check();
    fp(0x5f20e420, "scvtf s0, s1, #32").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_80000000)
        .want_v(0, 0xbf000000).check();
    fp(0x7f7fe420, "ucvtf d0, d1, #1").v(0, GARBAGE).v(1, 0x00000000_00000006_00000000_00000005)
        .want_v(0, 0x40040000_00000000).check();
    fp(0x5f3bfc20, "fcvtzs s0, s1, #5").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bf842000)
        .want_v(0, 0xffffffdf).want_fpsr(IXC).check();
    // 16 * 2^60 = 2^64 saturates
    fp(0x7f44fc20, "fcvtzu d0, d1, #60").v(0, GARBAGE).v(1, 0x00000000_00000006_40300000_00000000)
        .want_v(0, 0xffffffff_ffffffff).want_fpsr(IOC).check();
}

/// FMOV (vector, immediate): replicated VFPExpandImm.
#[test]
fn fmov_vector_immediate() {
    fp(0x4f03f600, "fmov v0.4s, #1.0").v(0, GARBAGE)
        .want_v(0, 0x3f800000_3f800000_3f800000_3f800000).check();
    // Q=0: upper half zeroed
    fp(0x0f06f400, "fmov v0.2s, #-0.125").v(0, GARBAGE)
        .want_v(0, 0xbe000000_be000000).check();
    fp(0x6f01f7ff, "fmov v31.2d, #31.0").v(31, GARBAGE)
        .want_v(31, 0x403f0000_00000000_403f0000_00000000).check();
    fp(0x6f07f7e5, "fmov v5.2d, #-1.9375").v(5, GARBAGE)
        .want_v(5, 0xbfff0000_00000000_bfff0000_00000000).check();
}
