//! AdvSIMD floating point: three same, two-register miscellaneous (arithmetic,
//! compares against zero, estimates, conversions, FCVTL/FCVTN/FCVTXN), vector and scalar.
//!
//! Expected values were obtained by running each instruction in the Unicorn engine
//! (2.1.4, Cortex-A72 model, i.e. Armv8.0) and are embedded as literals; the notes next
//! to the cases give the Arm ARM reasoning they were checked against.

mod fp_harness;
mod support;

#[allow(unused_imports)]
use fp_harness::*;

/// AdvSIMD FADD/FSUB/FMUL/FDIV/FMAX/FMIN/FMAXNM/FMINNM/FABD/FMULX per lane; Q=0 zeroes the upper half.
#[test]
fn three_same_arith_vector() {
    fp(0x4e22d420, "fadd v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x3f800000_40466666_bfc00000_40600000).want_fpsr(IXC).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0e22d420, "fadd v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x4e62d420, "fadd v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0x7fe1ccf3_85ebc89f_bff80000_00000000).want_fpsr(IXC).check();
    fp(0x4ea2d420, "fsub v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0xbf800000_c039999a_c0200000_bf000000).want_fpsr(IXC).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0ea2d420, "fsub v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x4ee2d420, "fsub v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0xffe1ccf3_85ebc8a0_40120000_00000000).want_fpsr(IXC).check();
    fp(0x6e22dc20, "fmul v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x00000001_3e99999a_bf800000_40400000).want_fpsr(IXC).check();
    // NaN lanes; the upper half is zeroed
    fp(0x2e22dc20, "fmul v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x6e62dc20, "fmul v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0xffac7b1f_3cac7433_c0120000_00000000).want_fpsr(IXC).check();
    fp(0x6e22fc20, "fdiv v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x00000001_3d088889_c0800000_3f400000).want_fpsr(IXC).check();
    // NaN lanes; the upper half is zeroed
    fp(0x2e22fc20, "fdiv v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x6e62fc20, "fdiv v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0x8000b815_7268fdae_bfe00000_00000000).want_fpsr(UFC | IXC).check();
    fp(0x4e22f420, "fmax v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x3f800000_40400000_3f000000_40000000).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0e22f420, "fmax v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x4e62f420, "fmax v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0x7fe1ccf3_85ebc8a0_3ff80000_00000000).check();
    fp(0x4ea2f420, "fmin v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x00000001_3dcccccd_c0000000_3fc00000).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0ea2f420, "fmin v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x4ee2f420, "fmin v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0xbfb99999_9999999a_c0080000_00000000).check();
    fp(0x4e22c420, "fmaxnm v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x3f800000_40400000_3f000000_40000000).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0e22c420, "fmaxnm v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_40000000).want_fpsr(IOC).check();
    fp(0x4e62c420, "fmaxnm v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0x7fe1ccf3_85ebc8a0_3ff80000_00000000).check();
    fp(0x4ea2c420, "fminnm v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x00000001_3dcccccd_c0000000_3fc00000).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0ea2c420, "fminnm v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_40000000).want_fpsr(IOC).check();
    fp(0x4ee2c420, "fminnm v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0xbfb99999_9999999a_c0080000_00000000).check();
    fp(0x6ea2d420, "fabd v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x3f800000_4039999a_40200000_3f000000).want_fpsr(IXC).check();
    // NaN lanes; the upper half is zeroed
    fp(0x2ea2d420, "fabd v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x6ee2d420, "fabd v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0x7fe1ccf3_85ebc8a0_40120000_00000000).want_fpsr(IXC).check();
    fp(0x4e22dc20, "fmulx v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x00000001_3e99999a_bf800000_40400000).want_fpsr(IXC).check();
    // NaN lanes; the upper half is zeroed
    fp(0x0e22dc20, "fmulx v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0xffc00005_3f800000_7f800002_7fc00001).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x7fc00002_7fc00001).want_fpsr(IOC).check();
    fp(0x4e62dc20, "fmulx v0.2d, v1.2d, v2.2d").fpcr(RZ).v(0, GARBAGE).v(1, 0xbfb99999_9999999a_3ff80000_00000000).v(2, 0x7fe1ccf3_85ebc8a0_c0080000_00000000)
        .want_v(0, 0xffac7b1f_3cac7433_c0120000_00000000).want_fpsr(IXC).check();
    // FMULX: 0 * inf = +-2.0 without Invalid
    fp(0x4e22dc20, "fmulx v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40000000_7f800000_80000000_00000000).v(2, 0x40400000_80000000_7f800000_7f800000)
        .want_v(0, 0x40c00000_c0000000_c0000000_40000000).check();
    // FMUL: 0 * inf is Invalid
    fp(0x6e22dc20, "fmul v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40000000_7f800000_80000000_00000000).v(2, 0x40400000_80000000_7f800000_7f800000)
        .want_v(0, 0x40c00000_7fc00000_7fc00000_7fc00000).want_fpsr(IOC).check();
    // FZ flushes lane 3's denormal (IDC)
    fp(0x4e22d420, "fadd v0.4s, v1.4s, v2.4s").fpcr(DN | FZ).v(0, GARBAGE).v(1, 0x00000001_3dcccccd_c0000000_3fc00000).v(2, 0x3f800000_40400000_3f000000_40000000)
        .want_v(0, 0x3f800000_40466666_bfc00000_40600000).want_fpsr(IXC | IDC).check();
    // FABD clears the sign of a NaN result too
    fp(0x6ee2d420, "fabd v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x3ff00000_00000000_fff80000_00000001).v(2, 0x40080000_00000000_3ff00000_00000000)
        .want_v(0, 0x40000000_00000000_7ff80000_00000001).check();
    // flags from both lanes: DZC | IOC
    fp(0x6e62fc20, "fdiv v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x00000000)
        .want_v(0, 0x7ff80000_00000000_7ff00000_00000000).want_fpsr(IOC | DZC).check();
}

/// FMLA/FMLS (vector) accumulate into Vd with one rounding; FRECPS/FRSQRTS.
#[test]
fn three_same_fused_and_steps() {
    // lane 0: fused (-2^-46), lane 2: sNaN beats the qNaN accumulator, lane 3: 0*inf + 0 Invalid
    fp(0x4e22cc20, "fmla v0.4s, v1.4s, v2.4s").v(0, 0x00000000_7fc00001_3f800000_bf800000).v(1, 0x00000000_3f800000_40000000_3f800001).v(2, 0x7f800000_7f800002_40400000_3f7ffffe)
        .want_v(0, 0x7fc00000_7fc00002_40e00000_a8800000).want_fpsr(IOC).check();
    // lane 1: two qNaNs, the accumulator wins
    fp(0x4ee2cc20, "fmls v0.2d, v1.2d, v2.2d").v(0, 0x7ff80000_00000001_40240000_00000000).v(1, 0xfff80000_00000001_40000000_00000000).v(2, 0x3ff00000_00000000_40080000_00000000)
        .want_v(0, 0x7ff80000_00000001_40100000_00000000).check();
    // Q=0: upper half zeroed
    fp(0x0e22cc20, "fmla v0.2s, v1.2s, v2.2s").v(0, 0x00000006_00000005_40000000_3f800000).v(1, 0x00000008_00000007_40000000_40000000).v(2, 0x0000000a_00000009_bf800000_40400000)
        .want_v(0, 0x40e00000).check();
    // 2 - a*b; 0*inf gives 2.0
    fp(0x4e22fc20, "frecps v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x7fc00001_7f800000_00000000_3fc00000).v(2, 0x3f800000_80000000_7f800000_3f000000)
        .want_v(0, 0xffc00001_40000000_40000000_3fa00000).check();
    // (3 - a*b) / 2; 0*inf gives 1.5
    fp(0x4ee2fc20, "frsqrts v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x3ff80000_00000000).v(2, 0x7ff00000_00000000_3fe00000_00000000)
        .want_v(0, 0x3ff80000_00000000_3ff20000_00000000).check();
    // op1 is negated before NaN processing
    fp(0x4e22fc20, "frecps v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0xffc00001).v(2, 0x3f800000)
        .want_v(0, 0x40000000_40000000_40000000_7fc00001).check();
}

/// FCMEQ/FCMGE/FCMGT/FACGE/FACGT (vector): all-ones lanes; Invalid rules differ for EQ.
#[test]
fn three_same_compare_vector() {
    fp(0x4e22e420, "fcmeq v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x80000000_7fc00001_c0000000_3f800000).v(2, 0x00000000_3f800000_40000000_3f800000)
        .want_v(0, 0xffffffff_00000000_00000000_ffffffff).check();
    fp(0x4e62e420, "fcmeq v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0080000_00000000).v(2, 0x3ff00000_00000000_40080000_00000000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6e22e420, "fcmge v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x80000000_7fc00001_c0000000_3f800000).v(2, 0x00000000_3f800000_40000000_3f800000)
        .want_v(0, 0xffffffff_00000000_00000000_ffffffff).want_fpsr(IOC).check();
    fp(0x6e62e420, "fcmge v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0080000_00000000).v(2, 0x3ff00000_00000000_40080000_00000000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6ea2e420, "fcmgt v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x80000000_7fc00001_c0000000_3f800000).v(2, 0x00000000_3f800000_40000000_3f800000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6ee2e420, "fcmgt v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0080000_00000000).v(2, 0x3ff00000_00000000_40080000_00000000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6e22ec20, "facge v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x80000000_7fc00001_c0000000_3f800000).v(2, 0x00000000_3f800000_40000000_3f800000)
        .want_v(0, 0xffffffff_00000000_ffffffff_ffffffff).want_fpsr(IOC).check();
    fp(0x6e62ec20, "facge v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0080000_00000000).v(2, 0x3ff00000_00000000_40080000_00000000)
        .want_v(0, 0xffffffff_ffffffff).want_fpsr(IOC).check();
    fp(0x6ea2ec20, "facgt v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x80000000_7fc00001_c0000000_3f800000).v(2, 0x00000000_3f800000_40000000_3f800000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6ee2ec20, "facgt v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x7ff00000_00000002_c0080000_00000000).v(2, 0x3ff00000_00000000_40080000_00000000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    // FZ: denormals equal zero, IDC
    fp(0x0e22e420, "fcmeq v0.2s, v1.2s, v2.2s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001_00000001_80000001_00000001).v(2, 0x00000001_00000001_00000000_00000000)
        .want_v(0, 0xffffffff_ffffffff).want_fpsr(IDC).check();
}

/// FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (vector): pairs of Vn then pairs of Vm.
#[test]
fn pairwise_vector() {
    fp(0x6e22d420, "faddp v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0xc0c00000_7fc00001_40e00000_40400000).check();
    fp(0x2e22d420, "faddp v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0x7fc00001_40400000).check();
    fp(0x6e62d420, "faddp v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x40020000_00000000_3ff80000_00000000).v(2, 0x40200000_00000000_7ff00000_00000002)
        .want_v(0, 0x7ff80000_00000002_400e0000_00000000).want_fpsr(IOC).check();
    fp(0x6e22f420, "fmaxp v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0xbf800000_7fc00001_40800000_40000000).check();
    fp(0x2e22f420, "fmaxp v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0x7fc00001_40000000).check();
    fp(0x6e62f420, "fmaxp v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x40020000_00000000_3ff80000_00000000).v(2, 0x40200000_00000000_7ff00000_00000002)
        .want_v(0, 0x7ff80000_00000002_40020000_00000000).want_fpsr(IOC).check();
    fp(0x6ea2f420, "fminp v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0xc0a00000_7fc00001_40400000_3f800000).check();
    fp(0x2ea2f420, "fminp v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0x7fc00001_3f800000).check();
    fp(0x6ee2f420, "fminp v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x40020000_00000000_3ff80000_00000000).v(2, 0x40200000_00000000_7ff00000_00000002)
        .want_v(0, 0x7ff80000_00000002_3ff80000_00000000).want_fpsr(IOC).check();
    fp(0x6e22c420, "fmaxnmp v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0xbf800000_41200000_40800000_40000000).check();
    fp(0x2e22c420, "fmaxnmp v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0x41200000_40000000).check();
    fp(0x6e62c420, "fmaxnmp v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x40020000_00000000_3ff80000_00000000).v(2, 0x40200000_00000000_7ff00000_00000002)
        .want_v(0, 0x7ff80000_00000002_40020000_00000000).want_fpsr(IOC).check();
    fp(0x6ea2c420, "fminnmp v0.4s, v1.4s, v2.4s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0xc0a00000_41200000_40400000_3f800000).check();
    fp(0x2ea2c420, "fminnmp v0.2s, v1.2s, v2.2s").v(0, GARBAGE).v(1, 0x40800000_40400000_40000000_3f800000).v(2, 0xc0a00000_bf800000_7fc00001_41200000)
        .want_v(0, 0x41200000_3f800000).check();
    fp(0x6ee2c420, "fminnmp v0.2d, v1.2d, v2.2d").v(0, GARBAGE).v(1, 0x40020000_00000000_3ff80000_00000000).v(2, 0x40200000_00000000_7ff00000_00000002)
        .want_v(0, 0x7ff80000_00000002_3ff80000_00000000).want_fpsr(IOC).check();
    // Vd = Vn = Vm
    fp(0x6e21d421, "faddp v1.4s, v1.4s, v1.4s").v(1, 0x40800000_40400000_40000000_3f800000)
        .want_v(1, 0x40e00000_40400000_40e00000_40400000).check();
}

/// FABS/FNEG/FSQRT/FRINT* (vector).
#[test]
fn two_misc_arith_vector() {
    fp(0x4ea0f820, "fabs v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x00000001_3f000000_7fc00001_40200000).check();
    fp(0x0ea0f820, "fabs v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x7fc00001_40200000).check();
    fp(0x4ee0f820, "fabs v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0x3ff80000_00000000_40040000_00000000).check();
    fp(0x6ea0f820, "fneg v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x00000001_bf000000_7fc00001_40200000).check();
    fp(0x2ea0f820, "fneg v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x7fc00001_40200000).check();
    fp(0x6ee0f820, "fneg v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0x3ff80000_00000000_c0040000_00000000).check();
    fp(0x6ea1f820, "fsqrt v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x7fc00000_3f3504f3_ffc00001_7fc00000).want_fpsr(IOC | IXC).check();
    fp(0x2ea1f820, "fsqrt v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_7fc00000).want_fpsr(IOC).check();
    fp(0x6ee1f820, "fsqrt v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0x7ff80000_00000000_3ff94c58_3ada5b53).want_fpsr(IOC | IXC).check();
    fp(0x4e218820, "frintn v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x80000000_00000000_ffc00001_c0000000).check();
    fp(0x0e218820, "frintn v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0000000).check();
    fp(0x4e618820, "frintn v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xc0000000_00000000_40000000_00000000).check();
    fp(0x6e218820, "frinta v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x80000000_3f800000_ffc00001_c0400000).check();
    fp(0x2e218820, "frinta v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0400000).check();
    fp(0x6e618820, "frinta v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xc0000000_00000000_40080000_00000000).check();
    fp(0x4ea18820, "frintp v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x80000000_3f800000_ffc00001_c0000000).check();
    fp(0x0ea18820, "frintp v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0000000).check();
    fp(0x4ee18820, "frintp v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xbff00000_00000000_40080000_00000000).check();
    fp(0x4e219820, "frintm v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xbf800000_00000000_ffc00001_c0400000).check();
    fp(0x0e219820, "frintm v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0400000).check();
    fp(0x4e619820, "frintm v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xc0000000_00000000_40000000_00000000).check();
    fp(0x4ea19820, "frintz v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0x80000000_00000000_ffc00001_c0000000).check();
    fp(0x0ea19820, "frintz v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0000000).check();
    fp(0x4ee19820, "frintz v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xbff00000_00000000_40000000_00000000).check();
    fp(0x6e219820, "frintx v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xbf800000_00000000_ffc00001_c0400000).want_fpsr(IXC).check();
    fp(0x2e219820, "frintx v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0000000).want_fpsr(IXC).check();
    fp(0x6e619820, "frintx v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xc0000000_00000000_40000000_00000000).want_fpsr(IXC).check();
    fp(0x6ea19820, "frinti v0.4s, v1.4s").fpcr(RM).v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xbf800000_00000000_ffc00001_c0400000).check();
    fp(0x2ea19820, "frinti v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x80000001_3f000000_ffc00001_c0200000)
        .want_v(0, 0xffc00001_c0000000).check();
    fp(0x6ee19820, "frinti v0.2d, v1.2d").v(0, GARBAGE).v(1, 0xbff80000_00000000_40040000_00000000)
        .want_v(0, 0xc0000000_00000000_40000000_00000000).check();
    fp(0x6ea1f820, "fsqrt v0.4s, v1.4s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001_7f800002_c0800000_40800000)
        .want_v(0, 0x00000000_7fc00002_7fc00000_40000000).want_fpsr(IOC | IDC).check();
}

/// FCMEQ/FCMGE/FCMGT/FCMLE/FCMLT against zero (vector and scalar).
#[test]
fn two_misc_compare_zero() {
    fp(0x4ea0d820, "fcmeq v0.4s, v1.4s, #0.0").v(0, GARBAGE).v(1, 0x7fc00001_bf800000_80000000_3f800000)
        .want_v(0, 0xffffffff_00000000).check();
    fp(0x4ee0d820, "fcmeq v0.2d, v1.2d, #0.0").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0xffffffff_ffffffff_00000000_00000000).check();
    fp(0x5ea0d820, "fcmeq s0, s1, #0.0").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bf800000)
        .want_v(0, 0x00000000).check();
    fp(0x5ee0d820, "fcmeq d0, d1, #0.0").v(0, GARBAGE).v(1, 0x00000000_00000005_7ff00000_00000002)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6ea0c820, "fcmge v0.4s, v1.4s, #0.0").v(0, GARBAGE).v(1, 0x7fc00001_bf800000_80000000_3f800000)
        .want_v(0, 0xffffffff_ffffffff).want_fpsr(IOC).check();
    fp(0x6ee0c820, "fcmge v0.2d, v1.2d, #0.0").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0xffffffff_ffffffff_00000000_00000000).check();
    fp(0x7ea0c820, "fcmge s0, s1, #0.0").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bf800000)
        .want_v(0, 0x00000000).check();
    fp(0x7ee0c820, "fcmge d0, d1, #0.0").v(0, GARBAGE).v(1, 0x00000000_00000005_7ff00000_00000002)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x4ea0c820, "fcmgt v0.4s, v1.4s, #0.0").v(0, GARBAGE).v(1, 0x7fc00001_bf800000_80000000_3f800000)
        .want_v(0, 0xffffffff).want_fpsr(IOC).check();
    fp(0x4ee0c820, "fcmgt v0.2d, v1.2d, #0.0").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0x00000000).check();
    fp(0x5ea0c820, "fcmgt s0, s1, #0.0").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bf800000)
        .want_v(0, 0x00000000).check();
    fp(0x5ee0c820, "fcmgt d0, d1, #0.0").v(0, GARBAGE).v(1, 0x00000000_00000005_7ff00000_00000002)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x6ea0d820, "fcmle v0.4s, v1.4s, #0.0").v(0, GARBAGE).v(1, 0x7fc00001_bf800000_80000000_3f800000)
        .want_v(0, 0x00000000_ffffffff_ffffffff_00000000).want_fpsr(IOC).check();
    fp(0x6ee0d820, "fcmle v0.2d, v1.2d, #0.0").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0xffffffff_ffffffff_ffffffff_ffffffff).check();
    fp(0x7ea0d820, "fcmle s0, s1, #0.0").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bf800000)
        .want_v(0, 0xffffffff).check();
    fp(0x7ee0d820, "fcmle d0, d1, #0.0").v(0, GARBAGE).v(1, 0x00000000_00000005_7ff00000_00000002)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x4ea0e820, "fcmlt v0.4s, v1.4s, #0.0").v(0, GARBAGE).v(1, 0x7fc00001_bf800000_80000000_3f800000)
        .want_v(0, 0x00000000_ffffffff_00000000_00000000).want_fpsr(IOC).check();
    fp(0x4ee0e820, "fcmlt v0.2d, v1.2d, #0.0").v(0, GARBAGE).v(1, 0xbfe00000_00000000)
        .want_v(0, 0xffffffff_ffffffff).check();
    fp(0x5ea0e820, "fcmlt s0, s1, #0.0").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bf800000)
        .want_v(0, 0xffffffff).check();
    fp(0x5ee0e820, "fcmlt d0, d1, #0.0").v(0, GARBAGE).v(1, 0x00000000_00000005_7ff00000_00000002)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
}

/// FRECPE/FRSQRTE/FRECPX and URECPE/URSQRTE.
#[test]
fn estimates() {
    fp(0x4ea1d820, "frecpe v0.4s, v1.4s").v(0, GARBAGE).v(1, 0xbe800000_00000000_40400000_40000000)
        .want_v(0, 0xc07f8000_7f800000_3eaa8000_3eff8000).want_fpsr(DZC).check();
    // 1/denormal overflows: inf, OFC | IXC
    fp(0x4ee1d820, "frecpe v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x00000000_00000001_40080000_00000000)
        .want_v(0, 0x7ff00000_00000000_3fd55000_00000000).want_fpsr(OFC | IXC).check();
    fp(0x5ea1d820, "frecpe s0, s1").fpcr(FZ).v(0, GARBAGE).v(1, 0x000ae398)
        .want_v(0, 0x7f800000).want_fpsr(DZC | IDC).check();
    // huge operand: the estimate underflows to a denormal
    fp(0x5ee1d820, "frecpe d0, d1").v(0, GARBAGE).v(1, 0x7fe1ccf3_85ebc8a0)
        .want_v(0, 0x00073400_00000000).check();
    // FZ: a result below the normal range becomes zero, UFC
    fp(0x5ea1d820, "frecpe s0, s1").fpcr(FZ).v(0, GARBAGE).v(1, 0x7f000000)
        .want_v(0, 0x00000000).want_fpsr(UFC).check();
    fp(0x6ea1d820, "frsqrte v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x80000000_bf800000_40000000_40800000)
        .want_v(0, 0xff800000_7fc00000_3f348000_3eff8000).want_fpsr(IOC | DZC).check();
    // even and odd exponents
    fp(0x6ee1d820, "frsqrte v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x3ff00000_00000000_40000000_00000000)
        .want_v(0, 0x3feff000_00000000_3fe69000_00000000).check();
    fp(0x7ea1d820, "frsqrte s0, s1").v(0, GARBAGE).v(1, 0x00000010)
        .want_v(0, 0x63b48000).check();
    fp(0x7ee1d820, "frsqrte d0, d1").v(0, GARBAGE).v(1, 0x7ff00000_00000000)
        .want_v(0, 0x00000000).check();
    fp(0x5ea1f820, "frecpx s0, s1").v(0, GARBAGE).v(1, 0x40400000)
        .want_v(0, 0x3f800000).check();
    // denormal: the largest finite exponent
    fp(0x5ee1f820, "frecpx d0, d1").v(0, GARBAGE).v(1, 0x80000000_00000001)
        .want_v(0, 0xffe00000_00000000).check();
    fp(0x5ea1f820, "frecpx s0, s1").v(0, GARBAGE).v(1, 0x7f800002)
        .want_v(0, 0x7fc00002).want_fpsr(IOC).check();
    fp(0x4ea1c820, "urecpe v0.4s, v1.4s").v(0, GARBAGE).v(1, 0xc0000000_ffffffff_7fffffff_80000000)
        .want_v(0, 0xaa800000_80000000_ffffffff_ff800000).check();
    fp(0x0ea1c820, "urecpe v0.2s, v1.2s").v(0, GARBAGE).v(1, 0x00000002_00000001_00000000_90000000)
        .want_v(0, 0xffffffff_e3000000).check();
    fp(0x6ea1c820, "ursqrte v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x80000000_ffffffff_3fffffff_40000000)
        .want_v(0, 0xb4800000_80000000_ffffffff_ff800000).check();
}

/// FCVT*S/U, SCVTF/UCVTF (vector and scalar forms, same-width integer lanes).
#[test]
fn conversions_vector() {
    fp(0x4e21a820, "fcvtns v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_7fffffff_fffffffe_00000002).want_fpsr(IOC | IXC).check();
    fp(0x4e61a820, "fcvtns v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x7fffffff_ffffffff_00000000_00000000).want_fpsr(IOC | IXC).check();
    fp(0x5e21a820, "fcvtns s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0xfffffffe).want_fpsr(IXC).check();
    fp(0x5e61a820, "fcvtns d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000008).want_fpsr(IXC).check();
    fp(0x6e21a820, "fcvtnu v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_b2d05e00_00000000_00000002).want_fpsr(IOC | IXC).check();
    fp(0x6e61a820, "fcvtnu v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x8ac72304_89e80000_00000000_00000000).want_fpsr(IXC).check();
    fp(0x7e21a820, "fcvtnu s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7e61a820, "fcvtnu d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000008).want_fpsr(IXC).check();
    fp(0x4e21b820, "fcvtms v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_7fffffff_fffffffd_00000002).want_fpsr(IOC | IXC).check();
    fp(0x4e61b820, "fcvtms v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x7fffffff_ffffffff_ffffffff_ffffffff).want_fpsr(IOC | IXC).check();
    fp(0x5e21b820, "fcvtms s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0xfffffffe).want_fpsr(IXC).check();
    fp(0x5e61b820, "fcvtms d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000007).want_fpsr(IXC).check();
    fp(0x6e21b820, "fcvtmu v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_b2d05e00_00000000_00000002).want_fpsr(IOC | IXC).check();
    fp(0x6e61b820, "fcvtmu v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x8ac72304_89e80000_00000000_00000000).want_fpsr(IOC).check();
    fp(0x7e21b820, "fcvtmu s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7e61b820, "fcvtmu d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000007).want_fpsr(IXC).check();
    fp(0x4e21c820, "fcvtas v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_7fffffff_fffffffd_00000003).want_fpsr(IOC | IXC).check();
    fp(0x4e61c820, "fcvtas v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x7fffffff_ffffffff_ffffffff_ffffffff).want_fpsr(IOC | IXC).check();
    fp(0x5e21c820, "fcvtas s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0xfffffffe).want_fpsr(IXC).check();
    fp(0x5e61c820, "fcvtas d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000008).want_fpsr(IXC).check();
    fp(0x6e21c820, "fcvtau v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_b2d05e00_00000000_00000003).want_fpsr(IOC | IXC).check();
    fp(0x6e61c820, "fcvtau v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x8ac72304_89e80000_00000000_00000000).want_fpsr(IOC).check();
    fp(0x7e21c820, "fcvtau s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7e61c820, "fcvtau d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000008).want_fpsr(IXC).check();
    fp(0x4ea1a820, "fcvtps v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_7fffffff_fffffffe_00000003).want_fpsr(IOC | IXC).check();
    fp(0x4ee1a820, "fcvtps v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x7fffffff_ffffffff_00000000_00000000).want_fpsr(IOC | IXC).check();
    fp(0x5ea1a820, "fcvtps s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0xffffffff).want_fpsr(IXC).check();
    fp(0x5ee1a820, "fcvtps d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000008).want_fpsr(IXC).check();
    fp(0x6ea1a820, "fcvtpu v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_b2d05e00_00000000_00000003).want_fpsr(IOC | IXC).check();
    fp(0x6ee1a820, "fcvtpu v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x8ac72304_89e80000_00000000_00000000).want_fpsr(IXC).check();
    fp(0x7ea1a820, "fcvtpu s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7ee1a820, "fcvtpu d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000008).want_fpsr(IXC).check();
    fp(0x4ea1b820, "fcvtzs v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_7fffffff_fffffffe_00000002).want_fpsr(IOC | IXC).check();
    fp(0x4ee1b820, "fcvtzs v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x7fffffff_ffffffff_00000000_00000000).want_fpsr(IOC | IXC).check();
    fp(0x5ea1b820, "fcvtzs s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0xffffffff).want_fpsr(IXC).check();
    fp(0x5ee1b820, "fcvtzs d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000007).want_fpsr(IXC).check();
    fp(0x6ea1b820, "fcvtzu v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fc00001_4f32d05e_c0200000_40200000)
        .want_v(0, 0x00000000_b2d05e00_00000000_00000002).want_fpsr(IOC | IXC).check();
    fp(0x6ee1b820, "fcvtzu v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x43e158e4_60913d00_bfe00000_00000000)
        .want_v(0, 0x8ac72304_89e80000_00000000_00000000).want_fpsr(IXC).check();
    fp(0x7ea1b820, "fcvtzu s0, s1").v(0, GARBAGE).v(1, 0x00000003_00000002_00000001_bfc00000)
        .want_v(0, 0x00000000).want_fpsr(IOC).check();
    fp(0x7ee1b820, "fcvtzu d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000001_401e0000_00000000)
        .want_v(0, 0x00000007).want_fpsr(IXC).check();
    fp(0x4e21d820, "scvtf v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fffffff_80000000_ffffffff_00000001)
        .want_v(0, 0x4f000000_cf000000_bf800000_3f800000).want_fpsr(IXC).check();
    fp(0x0e21d820, "scvtf v0.2s, v1.2s").fpcr(RP).v(0, GARBAGE).v(1, 0x00000007_00000005_00000003_01000001)
        .want_v(0, 0x40400000_4b800001).want_fpsr(IXC).check();
    fp(0x4e61d820, "scvtf v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x00200000_00000001_ffffffff_ffffffff)
        .want_v(0, 0x43400000_00000000_bff00000_00000000).want_fpsr(IXC).check();
    fp(0x5e21d820, "scvtf s0, s1").v(0, GARBAGE).v(1, 0x00000007_00000006_00000005_fffffffe)
        .want_v(0, 0xc0000000).check();
    fp(0x5e61d820, "scvtf d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000009_80000000_00000000)
        .want_v(0, 0xc3e00000_00000000).check();
    fp(0x6e21d820, "ucvtf v0.4s, v1.4s").v(0, GARBAGE).v(1, 0x7fffffff_80000000_ffffffff_00000001)
        .want_v(0, 0x4f000000_4f000000_4f800000_3f800000).want_fpsr(IXC).check();
    fp(0x2e21d820, "ucvtf v0.2s, v1.2s").fpcr(RP).v(0, GARBAGE).v(1, 0x00000007_00000005_00000003_01000001)
        .want_v(0, 0x40400000_4b800001).want_fpsr(IXC).check();
    fp(0x6e61d820, "ucvtf v0.2d, v1.2d").v(0, GARBAGE).v(1, 0x00200000_00000001_ffffffff_ffffffff)
        .want_v(0, 0x43400000_00000000_43f00000_00000000).want_fpsr(IXC).check();
    fp(0x7e21d820, "ucvtf s0, s1").v(0, GARBAGE).v(1, 0x00000007_00000006_00000005_fffffffe)
        .want_v(0, 0x4f800000).want_fpsr(IXC).check();
    fp(0x7e61d820, "ucvtf d0, d1").v(0, GARBAGE).v(1, 0x00000000_00000009_80000000_00000000)
        .want_v(0, 0x43e00000_00000000).check();
}

/// FCVTL/FCVTL2, FCVTN/FCVTN2, FCVTXN/FCVTXN2 (vector) and FCVTXN (scalar).
#[test]
fn fcvtl_fcvtn_fcvtxn() {
    fp(0x0e617820, "fcvtl v0.2d, v1.2s").v(0, GARBAGE).v(1, 0x41000000_40e00000_7f800002_3dcccccd)
        .want_v(0, 0x7ff80000_40000000_3fb99999_a0000000).want_fpsr(IOC).check();
    fp(0x4e617820, "fcvtl2 v0.2d, v1.4s").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000001_40e00000_7f800002_3dcccccd)
        .want_v(0, 0x401c0000_00000000).want_fpsr(IDC).check();
    fp(0x0e217820, "fcvtl v0.4s, v1.4h").v(0, GARBAGE).v(1, 0x00000000_00004000_7c00fe01_00013c00)
        .want_v(0, 0x7f800000_ffc02000_33800000_3f800000).check();
    fp(0x4e217820, "fcvtl2 v0.4s, v1.8h").fpcr(AHP).v(0, GARBAGE).v(1, 0x7c00fe01_00013c00_00000000_00004000)
        .want_v(0, 0x47800000_c7c02000_33800000_3f800000).check();
    fp(0x0e616820, "fcvtn v0.2s, v1.2d").v(0, GARBAGE).v(1, 0x7e37e43c_8800759c_3fb99999_9999999a)
        .want_v(0, 0x7f800000_3dcccccd).want_fpsr(OFC | IXC).check();
    // the low half of v0 is kept
    fp(0x4e616820, "fcvtn2 v0.4s, v1.2d").v(0, 0x00000004_00000003_00000002_00000001).v(1, 0x7ff80000_00000001_3fb99999_9999999a)
        .want_v(0, 0x7fc00000_3dcccccd_00000002_00000001).want_fpsr(IXC).check();
    fp(0x0e216820, "fcvtn v0.4h, v1.4s").v(0, GARBAGE).v(1, 0x322bcc77_7fc00001_477ff000_3f801000)
        .want_v(0, 0x00007e00_7c003c00).want_fpsr(OFC | UFC | IXC).check();
    fp(0x4e216820, "fcvtn2 v0.8h, v1.4s").v(0, 0x00000004_00000003_00000002_00000001).v(1, 0x7f800000_80000000_40000000_3f800000)
        .want_v(0, 0x7c008000_40003c00_00000002_00000001).check();
    fp(0x0e216820, "fcvtn v0.4h, v1.4s").fpcr(AHP).v(0, GARBAGE).v(1, 0x7fc00001_7f800000_477ff000_3f800000)
        .want_v(0, 0x00007fff_7c003c00).want_fpsr(IOC | IXC).check();
    // round to odd: inexact results get the low bit set
    fp(0x2e616820, "fcvtxn v0.2s, v1.2d").v(0, GARBAGE).v(1, 0x3ff00000_00000001_3ff00000_10000000)
        .want_v(0, 0x3f800001_3f800001).want_fpsr(IXC).check();
    // overflow rounds to the largest finite (odd)
    fp(0x6e616820, "fcvtxn2 v0.4s, v1.2d").v(0, 0x00000004_00000003_00000002_00000001).v(1, 0x3ff00000_20000000_7e37e43c_8800759c)
        .want_v(0, 0x3f800001_7f7fffff_00000002_00000001).want_fpsr(OFC | IXC).check();
    fp(0x7e616820, "fcvtxn s0, d1").v(0, GARBAGE).v(1, 0x00000000_00000005_3ff00000_30000000)
        .want_v(0, 0x3f800001).want_fpsr(IXC).check();
    fp(0x7e616820, "fcvtxn s0, d1").fpcr(FZ).v(0, GARBAGE).v(1, 0x00000000_00000005_358dee7a_4ad4b81f)
        .want_v(0, 0x00000000).want_fpsr(UFC).check();
}
