//! Floating-point compare, conditional compare and conditional select: FCMP, FCMPE,
//! FCCMP, FCCMPE, FCSEL.
//!
//! Expected values were obtained by running each instruction in the Unicorn engine
//! (2.1.4, Cortex-A72 model, i.e. Armv8.0) and are embedded as literals; the notes next
//! to the cases give the Arm ARM reasoning they were checked against.

mod fp_harness;
mod support;

#[allow(unused_imports)]
use fp_harness::*;

/// FCMP/FCMPE set NZCV: equal 0110, less 1000, greater 0010, unordered 0011; FCMPE signals on quiet NaNs.
#[test]
fn fcmp_fcmpe() {
    // equal
    fp(0x1e222020, "fcmp s1, s2").nzcv(0x90000000).v(1, 0x3f800000).v(2, 0x3f800000)
       .want_nzcv(0x60000000).check();
    // less
    fp(0x1e222020, "fcmp s1, s2").v(1, 0x3f800000).v(2, 0x40000000)
       .want_nzcv(0x80000000).check();
    // greater
    fp(0x1e622020, "fcmp d1, d2").v(1, 0x40000000_00000000).v(2, 0x3ff00000_00000000)
       .want_nzcv(0x20000000).check();
    // +0 == -0
    fp(0x1e622020, "fcmp d1, d2").v(1, 0x00000000).v(2, 0x80000000_00000000)
       .want_nzcv(0x60000000).check();
    // unordered, no exception for a quiet NaN
    fp(0x1e222020, "fcmp s1, s2").v(1, 0x7fc00001).v(2, 0x3f800000)
       .want_nzcv(0x30000000).check();
    // FCMPE: Invalid for a quiet NaN
    fp(0x1e222030, "fcmpe s1, s2").v(1, 0x7fc00001).v(2, 0x3f800000)
       .want_fpsr(IOC).want_nzcv(0x30000000).check();
    // FCMP: Invalid for a signalling NaN
    fp(0x1e622020, "fcmp d1, d2").v(1, 0x3ff00000_00000000).v(2, 0x7ff00000_00000002)
       .want_fpsr(IOC).want_nzcv(0x30000000).check();
    // compare with zero: -0 == 0
    fp(0x1e202028, "fcmp s1, #0.0").v(1, 0x80000000)
       .want_nzcv(0x60000000).check();
    fp(0x1e602028, "fcmp d1, #0.0").v(1, 0xc0140000_00000000)
       .want_nzcv(0x80000000).check();
    fp(0x1e602038, "fcmpe d1, #0.0").v(1, 0x7ff80000_00000001)
       .want_fpsr(IOC).want_nzcv(0x30000000).check();
    // FZ: the denormal compares as zero, IDC
    fp(0x1e202028, "fcmp s1, #0.0").fpcr(FZ).v(1, 0x00000001)
       .want_fpsr(IDC).want_nzcv(0x60000000).check();
    // without FZ it is greater
    fp(0x1e202028, "fcmp s1, #0.0").v(1, 0x00000001)
       .want_nzcv(0x20000000).check();
    // -inf < -max
    fp(0x1e222020, "fcmp s1, s2").v(1, 0xff800000).v(2, 0xff7fffff)
       .want_nzcv(0x80000000).check();
    // one ulp apart
    fp(0x1e622020, "fcmp d1, d2").v(1, 0x3ff00000_00000001).v(2, 0x3ff00000_00000000)
       .want_nzcv(0x20000000).check();
    // Rm is ignored by the #0.0 forms: compares with zero, not s5
    fp(0x1e252028, "fcmp s1, #0.0 (Rm=5)").v(1, 0x3f800000).v(5, 0x3f800000)
       .want_nzcv(0x20000000).check();
}

/// FCCMP/FCCMPE compare only when the condition holds; otherwise NZCV = #nzcv and no exception.
#[test]
fn fccmp_fccmpe() {
    // Z set: eq holds, compare (less)
    fp(0x1e22042f, "fccmp s1, s2, #0xf, eq").nzcv(0x40000000).v(1, 0x3f800000).v(2, 0x40000000)
       .want_nzcv(0x80000000).check();
    // eq fails: flags = 1111
    fp(0x1e22042f, "fccmp s1, s2, #0xf, eq").v(1, 0x3f800000).v(2, 0x40000000)
       .want_nzcv(0xf0000000).check();
    // ne fails: no Invalid even for an sNaN
    fp(0x1e621422, "fccmp d1, d2, #0x2, ne").nzcv(0x40000000).v(1, 0x7ff00000_00000002).v(2, 0x3ff00000_00000000)
       .want_nzcv(0x20000000).check();
    // ne holds: unordered, Invalid
    fp(0x1e621422, "fccmp d1, d2, #0x2, ne").v(1, 0x7ff00000_00000002).v(2, 0x3ff00000_00000000)
       .want_fpsr(IOC).want_nzcv(0x30000000).check();
    // al: quiet NaN, unordered without exception
    fp(0x1e22e420, "fccmp s1, s2, #0x0, al").v(1, 0x7fc00001).v(2, 0x3f800000)
       .want_nzcv(0x30000000).check();
    // FCCMPE: Invalid
    fp(0x1e22e430, "fccmpe s1, s2, #0x0, al").v(1, 0x7fc00001).v(2, 0x3f800000)
       .want_fpsr(IOC).want_nzcv(0x30000000).check();
    // lt holds (N != V)
    fp(0x1e22b434, "fccmpe s1, s2, #0x4, lt").nzcv(0x80000000).v(1, 0x7fc00001).v(2, 0x3f800000)
       .want_fpsr(IOC).want_nzcv(0x30000000).check();
    // lt fails (N == V): #0x4
    fp(0x1e22b434, "fccmpe s1, s2, #0x4, lt").nzcv(0x90000000).v(1, 0x7fc00001).v(2, 0x3f800000)
       .want_nzcv(0x40000000).check();
    // nv behaves as always
    fp(0x1e62f428, "fccmp d1, d2, #0x8, nv").v(1, 0x40000000_00000000).v(2, 0x40000000_00000000)
       .want_nzcv(0x60000000).check();
}

/// FCSEL: Vd = cond ? Vn : Vm, no exceptions, upper bits zeroed.
#[test]
fn fcsel() {
    // taken: even an sNaN moves untouched
    fp(0x1e220c20, "fcsel s0, s1, s2, eq").nzcv(0x40000000).v(0, GARBAGE).v(1, 0x00000007_00000006_00000005_7f800002).v(2, 0x3f800000)
        .want_v(0, 0x7f800002).check();
    fp(0x1e220c20, "fcsel s0, s1, s2, eq").v(0, GARBAGE).v(1, 0x7f800002).v(2, 0x00000007_00000006_00000005_3f800000)
        .want_v(0, 0x3f800000).check();
    // hi: C and not Z
    fp(0x1e628c20, "fcsel d0, d1, d2, hi").nzcv(0x20000000).v(0, GARBAGE).v(1, 0x00000000_00000009_3ff00000_00000000).v(2, 0x40000000_00000000)
        .want_v(0, 0x3ff00000_00000000).check();
    fp(0x1e628c20, "fcsel d0, d1, d2, hi").nzcv(0x60000000).v(0, GARBAGE).v(1, 0x3ff00000_00000000).v(2, 0x00000000_00000009_40000000_00000000)
        .want_v(0, 0x40000000_00000000).check();
    fp(0x1e60ffff, "fcsel d31, d31, d0, nv").v(0, 0x40000000_00000000).v(31, 0x00000000_00000003_3ff00000_00000000)
        .want_v(31, 0x3ff00000_00000000).check();
}
