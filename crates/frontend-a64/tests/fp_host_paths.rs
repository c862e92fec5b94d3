//! The FP instructions the JIT runs on the host FPU (arithmetic, fused multiply-add,
//! square root, integer conversions), on operand pairs from the edges where x86 and Arm
//! differ or that the JIT treats specially: zeros, subnormals, the smallest normal and
//! products that round up to it (an underflow for Arm, which detects tininess before
//! rounding, and none for x86), the largest finite values, infinities, quiet and
//! signalling NaNs, integer-conversion limits. Each runs with FPSR's flags clear, with
//! only IXC set and with all set, and under FPCR settings that must take the exact
//! path (FZ, DN, round toward zero); the interpreter (the reference, whose arithmetic is
//! tested against the Arm ARM elsewhere) and the JIT must end in the same state,
//! including FPSR as read back by MRS in the same block.

mod support;

use crossrun_ir::CpuState;

const MRS_X9_FPSR: u32 = 0xd53b_4429;
const IXC: u32 = 1 << 4;
const ALL_FLAGS: u32 = 0x9f;
const FZ: u32 = 1 << 24;
const DN: u32 = 1 << 25;
const RMODE_ZERO: u32 = 3 << 22;

/// Edge values of binary64.
const DOUBLES: [u64; 22] = [
    0,
    1 << 63,                 // -0
    1,                       // smallest subnormal
    0x000f_ffff_ffff_ffff,   // largest subnormal
    0x0010_0000_0000_0000,   // smallest normal
    0x0010_0000_0000_0001,   // just above it
    0x3ff0_0000_0000_0001,   // 1 + 2^-52: times the largest subnormal rounds up to the smallest normal
    0x3fef_ffff_ffff_ffff,   // 1 - 2^-53
    0x3ff0_0000_0000_0000,   // 1
    0x3ff8_0000_0000_0000,   // 1.5
    0xbff8_0000_0000_0000,   // -1.5
    0x3fd5_5555_5555_5555,   // 1/3
    0x41e0_0000_0000_0000,   // 2^31
    0xc1e0_0000_0020_0000,   // -(2^31 + 1/2)
    0x43e0_0000_0000_0000,   // 2^63
    0xc3e0_0000_0000_0000,   // -2^63
    0x7fef_ffff_ffff_ffff,   // largest finite
    0x7ff0_0000_0000_0000,   // +inf
    0xfff0_0000_0000_0000,   // -inf
    0x7ff8_0000_0000_0001,   // quiet NaN
    0x7ff0_0000_0000_0001,   // signalling NaN
    0x4330_0000_0000_0001,   // 2^52 + 1
];

/// Edge values of binary32.
const SINGLES: [u32; 20] = [
    0,
    1 << 31,
    1,
    0x007f_ffff,
    0x0080_0000,
    0x0080_0001,
    0x3f80_0001, // 1 + 2^-23
    0x3f7f_ffff,
    0x3f80_0000,
    0x3fc0_0000,
    0xbfc0_0000,
    0x3eaa_aaab,
    0x4f00_0000, // 2^31
    0xcf00_0000, // -2^31
    0x7f7f_ffff,
    0x7f80_0000,
    0xff80_0000,
    0x7fc0_0001,
    0x7f80_0001,
    0x4b80_0001, // 2^24 + 2
];

/// Integers for the conversions from general registers.
const INTEGERS: [u64; 10] = [
    0,
    1,
    u64::MAX,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    (1 << 53) + 1,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    0x0123_4567_89ab_cdef,
];

/// A 128-bit register of `lanes` copies of edge values, starting at `k`.
fn lanes_of(double: bool, k: usize) -> u128 {
    if double {
        DOUBLES[k % DOUBLES.len()] as u128 | (DOUBLES[(k + 7) % DOUBLES.len()] as u128) << 64
    } else {
        (0..4).fold(0, |acc, l| acc | (SINGLES[(k + 5 * l) % SINGLES.len()] as u128) << (32 * l))
    }
}

fn run(insn: u32, v: [u128; 4], x1: u64, fpsr: u32, fpcr: u32) {
    let mut cpu = CpuState::default();
    cpu.v[..4].copy_from_slice(&v);
    cpu.x[1] = x1;
    cpu.fp_status = fpsr;
    cpu.fp_control = fpcr;
    support::run_both(&[insn, MRS_X9_FPSR], cpu);
}

/// Every pair (or triple, with a fixed third) of edge values, FPSR clear and with IXC,
/// FPCR 0; a sample of them under the other FPSR and FPCR settings.
fn each_pair(insn: u32, double: bool) {
    let n = if double { DOUBLES.len() } else { SINGLES.len() };
    for a in 0..n {
        for b in 0..n {
            let v = [0, lanes_of(double, a), lanes_of(double, b), lanes_of(double, a + b)];
            for fpsr in [0, IXC] {
                run(insn, v, 0, fpsr, 0);
            }
            if (a + b) % 5 == 0 {
                for (fpsr, fpcr) in [(ALL_FLAGS, 0), (0, FZ), (0, DN), (IXC, RMODE_ZERO)] {
                    run(insn, v, 0, fpsr, fpcr);
                }
            }
        }
    }
}

#[test]
fn scalar_arithmetic() {
    // fadd s0, s1, s2 / d0, d1, d2; fsub, fmul, fdiv; fsqrt d0, d1; fmadd, fmsub d0, d1, d2, d3.
    for (insn, double) in [
        (0x1e22_2820, false),
        (0x1e62_2820, true),
        (0x1e62_3820, true),
        (0x1e62_0820, true),
        (0x1e22_0820, false),
        (0x1e62_1820, true),
        (0x1e22_1820, false),
        (0x1e61_c020, true),
        (0x1e21_c020, false),
        (0x1f42_0c20, true),
        (0x1f02_0c20, false),
        (0x1f42_8c20, true),
    ] {
        each_pair(insn, double);
    }
}

#[test]
fn vector_arithmetic() {
    // fadd v0.4s / .2s / .2d, fsub .2d, fmul .4s, fdiv .2d, fsqrt .4s, fmla .2d, fmls .4s.
    for (insn, double) in [
        (0x4e22_d420, false),
        (0x0e22_d420, false),
        (0x4e62_d420, true),
        (0x4ee2_d420, true),
        (0x6e22_dc20, false),
        (0x6e62_fc20, true),
        (0x2e22_fc20, false),
        (0x6ea1_f820, false),
        (0x4e62_cc20, true),
        (0x4ea2_cc20, false),
    ] {
        each_pair(insn, double);
    }
}

#[test]
fn integer_conversions() {
    // fcvtzs x0, d1; fcvtzs w0, s1; fcvtzu w0, d1; fcvtns x0, d1.
    for (insn, double) in [(0x9e78_0020, true), (0x1e38_0020, false), (0x1e79_0020, true), (0x9e60_0020, true)] {
        let n = if double { DOUBLES.len() } else { SINGLES.len() };
        for a in 0..n {
            for (fpsr, fpcr) in [(0, 0), (IXC, 0), (0, FZ), (0, RMODE_ZERO)] {
                run(insn, [0, lanes_of(double, a), 0, 0], 0, fpsr, fpcr);
            }
        }
    }
    // scvtf d0, x1; scvtf s0, w1; ucvtf d0, w1.
    for insn in [0x9e62_0020, 0x1e22_0020, 0x1e63_0020] {
        for &x in &INTEGERS {
            for (fpsr, fpcr) in [(0, 0), (IXC, 0), (0, RMODE_ZERO)] {
                run(insn, [0; 4], x, fpsr, fpcr);
            }
        }
    }
}
