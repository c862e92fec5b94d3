//! AdvSIMD integer arithmetic: worked cases whose expected values are derived by hand
//! from the Arm ARM pseudocode (the reasoning is in each comment). They pin down the
//! properties the lane engine must get right: no carries between lanes, saturation
//! and FPSR.QC (and no QC from the unused upper half of a 64-bit form), rounding,
//! extreme shift counts, inserts, the "2" forms, and Q=0 zeroing the upper half.

mod support;

use crossrun_ir::CpuState;

const QC: u32 = 1 << 27;

/// Runs `insn` with the given V registers and returns (Vd, FPSR.QC).
fn run(insn: u32, regs: &[(usize, u128)]) -> (u128, bool) {
    let mut cpu = CpuState::default();
    for &(r, v) in regs {
        cpu.v[r] = v;
    }
    let out = support::run(&[insn], cpu);
    (out.v[(insn & 31) as usize], out.fp_status & QC != 0)
}

#[test]
fn add_keeps_carries_inside_lanes() {
    // add v0.16b, v1.16b, v2.16b: ff+01=00, 80+80=00, 7f+01=80, 01+ff=00; in the high
    // half ff+01 in byte 8 must not carry into byte 9.
    let r = run(0x4e228420, &[(1, 0xffffffffffffffff_00000000017f80ff), (2, 0x0000000000000001_00000000ff018001)]);
    assert_eq!(r, (0xffffffffffffff00_0000000000800000, false));
}

#[test]
fn sqadd_saturates_and_sets_qc_only_from_lanes_it_uses() {
    // sqadd v0.8b, v1.8b, v2.8b: 127+1 -> 127, -128+-1 -> -128, 0x10+0x20, -1+1; QC.
    // Q=0 clears the upper half of V0.
    let r = run(0x0e220c20, &[(0, u128::MAX), (1, 0x7f7f7f7f7f7f7f7f_00000000ff10807f), (2, 0x7f7f7f7f7f7f7f7f_000000000120ff01)]);
    assert_eq!(r, (0x30807f, true));
    // The upper halves would saturate, but a 64-bit form never looks at them.
    let r = run(0x0e220c20, &[(1, 0x7f7f7f7f7f7f7f7f_0000000000000001), (2, 0x7f7f7f7f7f7f7f7f_0000000000000002)]);
    assert_eq!(r, (3, false));
}

#[test]
fn uqsub_clamps_at_zero() {
    // uqsub v0.4s, v1.4s, v2.4s: 1-2 -> 0 (QC), 0xffffffff-1, 5-5, 0x80000000-0x7fffffff.
    let r = run(0x6ea22c20, &[(1, 0x80000000_00000005_ffffffff_00000001), (2, 0x7fffffff_00000005_00000001_00000002)]);
    assert_eq!(r, (0x00000001_00000000_fffffffe_00000000, true));
}

#[test]
fn sqdmulh_doubles_and_keeps_the_high_half() {
    // sqdmulh v0.4h, v1.4h, v2.4h: 2*(-32768)^2 >> 16 = 32768 saturates to 0x7fff (QC);
    // 2*2^14*2^14 >> 16 = 0x2000; 2*32767^2 >> 16 = 32766; 2*(-1)*1 >> 16 = -1 (floor).
    let r = run(0x0e62b420, &[(1, 0xffff7fff40008000), (2, 0x00017fff40008000)]);
    assert_eq!(r, (0xffff7ffe20007fff, true));
}

#[test]
fn sqrdmulh_scalar_rounds() {
    // sqrdmulh s0, s1, s2: (2 * 2^30 * 1 + 2^31) >> 32 = 1; only element 0 is read and
    // the rest of V0 is zeroed.
    let r = run(0x7ea2b420, &[(0, u128::MAX), (1, 0x11111111_11111111_22222222_40000000), (2, 0x33333333_33333333_44444444_00000001)]);
    assert_eq!(r, (1, false));
    // (2 * 2^62 + 2^31) >> 32 = 2^31 does not fit: 0x7fffffff and QC.
    let r = run(0x7ea2b420, &[(1, 0x80000000), (2, 0x80000000)]);
    assert_eq!(r, (0x7fffffff, true));
}

#[test]
fn rounding_shifts_round_half_up() {
    // srshr v0.16b, v1.16b, #1: (x + 1) >> 1 with floor: 3 -> 2, -3 -> -1, 1 -> 1,
    // -1 -> 0, 127 -> 64, -128 -> -64.
    let r = run(0x4f0f2420, &[(1, 0x0000807fff01fd03)]);
    assert_eq!(r, (0x0000c0400001ff02, false));
    // urshr d0, d1, #64: (2^63 + 2^63) >> 64 = 1, computed without overflow.
    let r = run(0x7f402420, &[(1, 0xdead000000000000_8000000000000000)]);
    assert_eq!(r, (1, false));
}

#[test]
fn sshl_takes_signed_counts_from_the_low_byte() {
    // sshl v0.16b, v1.16b, v2.16b: -128 >> 128 = -1; 0x40 << 1 = 0x80 (wraps, no
    // saturation); 0x40 >> 1 = 0x20; -64 >> 6 = -1; 1 << 8 = 0; -127 << 7 = -16256,
    // whose low byte is 0x80.
    let r = run(0x4e224420, &[(1, 0x00008101c0404080), (2, 0x00000708faff0180)]);
    assert_eq!(r, (0x00008000ff2080ff, false));
}

#[test]
fn inserts_keep_the_bits_the_shift_vacates() {
    // sli v0.8b, v1.8b, #4: each byte is (n << 4) | (d & 0x0f); Q=0 zeroes the top.
    let r = run(0x2f0c5420, &[(0, 0xffffffffffffffff_123456789abcdef0), (1, 0x0fedcba987654321)]);
    assert_eq!(r, (0xf2d4b6987a5c3e10, false));
    // sri v0.8h, v1.8h, #4: each halfword is (n >> 4) | (d & 0xf000).
    let r = run(0x6f1c4420, &[(0, 0xffff0000ffff0000_ffff0000ffff0000), (1, 0x123456789abcdef0_0fedcba987654321)]);
    assert_eq!(r, (0xf1230567f9ab0def_f0fe0cbaf8760432, false));
}

#[test]
fn narrowing_forms_write_one_half() {
    // shrn2 v0.16b, v1.8h, #8: the high byte of each halfword of V1 goes to the upper
    // half of V0; the lower half of V0 is kept.
    let v1 = 0x123456789abcdef0_0fedcba987654321;
    let r = run(0x4f088420, &[(0, 0x0123456789abcdef_fedcba9876543210), (1, v1)]);
    assert_eq!(r, (0x12569ade0fcb8743_fedcba9876543210, false));
    // xtn v0.8b, v1.8h: the low bytes, and the upper half of V0 zeroed.
    let r = run(0x0e212820, &[(0, u128::MAX), (1, v1)]);
    assert_eq!(r, (0x3478bcf0eda96521, false));
    // sqxtun2 v0.8h, v1.4s: -1 -> 0 (QC), 0x10000 -> 0xffff (QC), 0xffff, 0x8000.
    let r = run(0x6e612820, &[(0, 0x0123456789abcdef_fedcba9876543210), (1, 0x00008000_0000ffff_00010000_ffffffff)]);
    assert_eq!(r, (0x8000ffffffff0000_fedcba9876543210, true));
}

#[test]
fn modified_immediates() {
    // movi v0.2d, #0xff00ff0000ff00ff: each bit of imm8 selects a whole byte.
    let r = run(0x6f05e4a0, &[]);
    assert_eq!(r, (0xff00ff0000ff00ff_ff00ff0000ff00ff, false));
    // mvni v0.4s, #0x12, msl #8: NOT 0x000012ff in every word.
    let r = run(0x6f00c640, &[]);
    assert_eq!(r, (0xffffed00ffffed00_ffffed00ffffed00, false));
}

#[test]
fn reductions() {
    // uaddlv h0, v1.16b: 16 * 255 = 0xff0, which needs the 16-bit result.
    assert_eq!(run(0x6e303820, &[(0, u128::MAX), (1, u128::MAX)]), (0xff0, false));
    // sminv b0, v1.8b: the minimum of the low eight bytes (3); the upper half holds
    // -128s that a 64-bit form must not see.
    assert_eq!(run(0x0e31a820, &[(1, 0x8080808080808080_0806042010037f05)]), (3, false));
}

#[test]
fn compares_abs_and_pairwise_accumulate() {
    // cmlt d0, d1, #0: the top bit of the 64-bit element is set -> all ones.
    assert_eq!(run(0x5ee0a820, &[(1, 0x1_8000000000000000)]), (u64::MAX as u128, false));
    // abs v0.16b: |-128| wraps to 0x80 without QC; sqabs saturates to 0x7f with QC.
    assert_eq!(run(0x4e20b820, &[(1, 0xff80)]), (0x0180, false));
    assert_eq!(run(0x4e207820, &[(1, 0xff80)]), (0x017f, true));
    // sadalp v0.4s, v1.8h: signed pair sums 0x7fff+0x7fff = 65534, -32768-1 = -32769,
    // 1+2 = 3, -1-1 = -2, added to 10, 20, 30, 40.
    let r = run(0x4e606820, &[(0, 0x00000028_0000001e_00000014_0000000a), (1, 0xffffffff00020001_ffff80007fff7fff)]);
    assert_eq!(r, (0x00000026_00000021_ffff8013_00010008, false));
}

#[test]
fn multiplies() {
    // mla v0.8h, v1.8h, v15.h[7]: V15.h[7] = 3; 10+3, 20+6, 30-3, 40+0xc000; the other
    // halfwords of V15 (0xffff) are not used.
    let r = run(0x6f7f0820, &[(0, 0x0028001e0014000a), (1, 0x4000ffff00020001), (15, 0x0003ffffffffffff_ffffffffffffffff)]);
    assert_eq!(r, (0xc028001b001a000d, false));
    // umull2 v0.2d, v1.4s, v2.4s: 0xffffffff^2 = 0xfffffffe00000001, 2 * 2^31 = 2^32.
    let r = run(0x6ea2c020, &[(1, 0x00000002_ffffffff_12345678_9abcdef0), (2, 0x80000000_ffffffff_0fedcba9_87654321)]);
    assert_eq!(r, (0x0000000100000000_fffffffe00000001, false));
}
