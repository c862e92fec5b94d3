//! AdvSIMD permute (ZIP, UZP, TRN), extract (EXT) and table lookup (TBL, TBX).

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

/// A vector whose byte i is `start + i`.
fn bytes(start: u8) -> u128 {
    u128::from_le_bytes(std::array::from_fn(|i| start.wrapping_add(i as u8)))
}

/// A 64-bit vector result: these bytes in the low half, zero above.
fn low(b: [u8; 8]) -> u128 {
    u64::from_le_bytes(b) as u128
}

fn v(b: [u8; 16]) -> u128 {
    u128::from_le_bytes(b)
}

/// Runs `insn` from a state with Vn = bytes(0x10 * n) and then `setup` applied.
fn run(insn: u32, setup: impl FnOnce(&mut CpuState)) -> CpuState {
    let mut cpu = CpuState::default();
    for (n, v) in cpu.v.iter_mut().enumerate() {
        *v = bytes((n as u8).wrapping_mul(0x10));
    }
    setup(&mut cpu);
    support::run(&[insn], cpu)
}

fn v1(insn: u32) -> u128 {
    run(insn, |c| c.v[1] = u128::MAX).v[1]
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, _) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
}

#[test]
fn zip() {
    // zip1 v1.4s, v2.4s, v3.4s
    assert_eq!(v1(0x4e833841), v([0x20, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33, 0x24, 0x25, 0x26, 0x27, 0x34, 0x35, 0x36, 0x37]));
    // zip2 v1.16b, v2.16b, v3.16b
    assert_eq!(v1(0x4e037841), v([0x28, 0x38, 0x29, 0x39, 0x2a, 0x3a, 0x2b, 0x3b, 0x2c, 0x3c, 0x2d, 0x3d, 0x2e, 0x3e, 0x2f, 0x3f]));
    // zip1 v1.8b, v2.8b, v3.8b
    assert_eq!(v1(0x0e033841), low([0x20, 0x30, 0x21, 0x31, 0x22, 0x32, 0x23, 0x33]));
    // zip2 v1.2d, v2.2d, v3.2d
    assert_eq!(v1(0x4ec37841), 0x3f3e3d3c3b3a3938_2f2e2d2c2b2a2928);
    // zip2 v2.8h, v2.8h, v2.8h: all operands the same register.
    let cpu = run(0x4e427842, |_| {});
    assert_eq!(cpu.v[2], v([0x28, 0x29, 0x28, 0x29, 0x2a, 0x2b, 0x2a, 0x2b, 0x2c, 0x2d, 0x2c, 0x2d, 0x2e, 0x2f, 0x2e, 0x2f]));
}

#[test]
fn uzp() {
    // uzp1 v1.8h, v2.8h, v3.8h
    assert_eq!(v1(0x4e431841), v([0x20, 0x21, 0x24, 0x25, 0x28, 0x29, 0x2c, 0x2d, 0x30, 0x31, 0x34, 0x35, 0x38, 0x39, 0x3c, 0x3d]));
    // uzp2 v1.8b, v2.8b, v3.8b
    assert_eq!(v1(0x0e035841), low([0x21, 0x23, 0x25, 0x27, 0x31, 0x33, 0x35, 0x37]));
    // uzp1 v1.2s, v2.2s, v3.2s
    assert_eq!(v1(0x0e831841), low([0x20, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33]));
}

#[test]
fn trn() {
    // trn1 v1.2d, v2.2d, v3.2d
    assert_eq!(v1(0x4ec32841), 0x3736353433323130_2726252423222120);
    // trn2 v1.4h, v2.4h, v3.4h
    assert_eq!(v1(0x0e436841), low([0x22, 0x23, 0x32, 0x33, 0x26, 0x27, 0x36, 0x37]));
    // trn1 v1.16b, v2.16b, v3.16b
    assert_eq!(v1(0x4e032841), v([0x20, 0x30, 0x22, 0x32, 0x24, 0x34, 0x26, 0x36, 0x28, 0x38, 0x2a, 0x3a, 0x2c, 0x3c, 0x2e, 0x3e]));
    // trn2 v1.4s, v2.4s, v3.4s
    assert_eq!(v1(0x4e836841), v([0x24, 0x25, 0x26, 0x27, 0x34, 0x35, 0x36, 0x37, 0x2c, 0x2d, 0x2e, 0x2f, 0x3c, 0x3d, 0x3e, 0x3f]));
}

#[test]
fn ext() {
    // ext v1.16b, v2.16b, v3.16b, #15
    assert_eq!(v1(0x6e037841), v([0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e]));
    // ext v1.8b, v2.8b, v3.8b, #3
    assert_eq!(v1(0x2e031841), low([0x23, 0x24, 0x25, 0x26, 0x27, 0x30, 0x31, 0x32]));
    // ext v1.16b, v2.16b, v3.16b, #0
    assert_eq!(v1(0x6e030041), bytes(0x20));
    // ext v1.16b, v2.16b, v3.16b, #8
    assert_eq!(v1(0x6e034041), 0x3736353433323130_2f2e2d2c2b2a2928);
    // ext v1.16b, v2.16b, v3.16b, #5
    assert_eq!(v1(0x6e032841), v([0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34]));
}

#[test]
fn tbl() {
    // tbl v1.16b, {v30.16b, v31.16b, v0.16b}, v3.16b: the register list wraps to V0.
    let idx = v([0, 15, 16, 31, 32, 47, 48, 255, 5, 20, 40, 47, 46, 100, 1, 17]);
    let cpu = run(0x4e0343c1, |c| c.v[3] = idx);
    assert_eq!(cpu.v[1], v([0xe0, 0xef, 0xf0, 0xff, 0x00, 0x0f, 0, 0, 0xe5, 0xf4, 0x08, 0x0f, 0x0e, 0, 0xe1, 0xf1]));
    // tbl v1.8b, {v2.16b, v3.16b}, v4.8b: upper index bytes are ignored, upper half zeroed.
    let idx = v([31, 16, 32, 0, 255, 8, 24, 33, 1, 1, 1, 1, 1, 1, 1, 1]);
    let cpu = run(0x0e042041, |c| c.v[4] = idx);
    assert_eq!(cpu.v[1], low([0x3f, 0x30, 0, 0x20, 0, 0x28, 0x38, 0]));
    // tbl v1.16b, {v2.16b}, v1.16b: the index register is also the destination.
    let idx = v([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    let cpu = run(0x4e010041, |c| c.v[1] = idx);
    assert_eq!(cpu.v[1], v([0x2f, 0x2e, 0x2d, 0x2c, 0x2b, 0x2a, 0x29, 0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21, 0x20]));
}

#[test]
fn tbx() {
    // tbx v1.8b, {v2.16b}, v3.8b: out-of-range indices keep the destination byte.
    let idx = v([0, 16, 15, 200, 7, 3, 17, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    let cpu = run(0x0e031041, |c| c.v[3] = idx);
    assert_eq!(cpu.v[1], low([0x20, 0x11, 0x2f, 0x13, 0x27, 0x23, 0x16, 0x21]));
    // tbx v1.16b, {v28.16b-v31.16b}, v4.16b
    let idx = v([0, 63, 64, 32, 255, 16, 48, 1, 2, 3, 128, 62, 10, 20, 30, 40]);
    let cpu = run(0x4e047381, |c| c.v[4] = idx);
    assert_eq!(cpu.v[1], v([0xc0, 0xff, 0x12, 0xe0, 0x14, 0xd0, 0xf0, 0xc1, 0xc2, 0xc3, 0x1a, 0xfe, 0xca, 0xd4, 0xde, 0xe8]));
}

#[test]
fn reserved_encodings_are_undefined() {
    for insn in [
        0x0ec33841, // zip1 with size 11 and Q=0 (.1d)
        0x0ec35841, // uzp2 .1d
        0x0ec32841, // trn1 .1d
        0x4e030841, // permute opcode 000 (unallocated)
        0x4e034841, // permute opcode 100 (unallocated)
        0x2e034041, // ext .8b with imm4<3> set
        0x6e430041, // ext with op2 = 01 (unallocated)
        0x4e4343c1, // tbl with op2 = 01 (unallocated)
    ] {
        assert_undefined(insn);
    }
}
