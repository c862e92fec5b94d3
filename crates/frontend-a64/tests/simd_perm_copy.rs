//! AdvSIMD copy and scalar copy: DUP, INS, UMOV, SMOV, MOV (scalar).

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

/// A vector whose byte i is `start + i`.
fn bytes(start: u8) -> u128 {
    u128::from_le_bytes(std::array::from_fn(|i| start.wrapping_add(i as u8)))
}

/// Runs `insn` from a state with V0..V31 = bytes(0x00), bytes(0x10), ... (wrapping) and
/// then `setup` applied.
fn run(insn: u32, setup: impl FnOnce(&mut CpuState)) -> CpuState {
    let mut cpu = CpuState::default();
    for (n, v) in cpu.v.iter_mut().enumerate() {
        *v = bytes((n as u8).wrapping_mul(0x10));
    }
    setup(&mut cpu);
    support::run(&[insn], cpu)
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, _) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
}

#[test]
fn dup_element() {
    // dup v1.16b, v2.b[15]
    assert_eq!(run(0x4e1f0441, |_| {}).v[1], u128::from_le_bytes([0x2f; 16]));
    // dup v1.4h, v2.h[5]: the 64-bit form zeroes the upper half.
    assert_eq!(run(0x0e160441, |c| c.v[1] = u128::MAX).v[1], 0x2b2a_2b2a_2b2a_2b2a);
    // dup v1.2s, v2.s[3]
    assert_eq!(run(0x0e1c0441, |_| {}).v[1], 0x2f2e2d2c_2f2e2d2c);
    // dup v1.2d, v2.d[1]
    assert_eq!(run(0x4e180441, |_| {}).v[1], 0x2f2e2d2c2b2a2928_2f2e2d2c2b2a2928);
}

#[test]
fn dup_general() {
    // dup v1.2d, x2
    let cpu = run(0x4e080c41, |c| c.x[2] = 0x1122334455667788);
    assert_eq!(cpu.v[1], 0x1122334455667788_1122334455667788);
    // dup v1.8b, w2: only the low byte of the register counts; upper half zeroed.
    let cpu = run(0x0e010c41, |c| {
        c.x[2] = 0xffff_ffff_ffff_ff9a;
        c.v[1] = u128::MAX;
    });
    assert_eq!(cpu.v[1], 0x9a9a9a9a_9a9a9a9a);
    // dup v1.8h, w2
    let cpu = run(0x4e020c41, |c| c.x[2] = 0x1234_5678_9abc_def0);
    assert_eq!(cpu.v[1], 0xdef0def0_def0def0_def0def0_def0def0);
    // dup v1.4s, wzr: register 31 is the zero register, not SP.
    let cpu = run(0x4e040fe1, |c| c.x[31] = 0x5555_5555);
    assert_eq!(cpu.v[1], 0);
}

#[test]
fn smov() {
    // smov x1, v2.s[3]
    let cpu = run(0x4e1c2c41, |c| c.v[2] = bytes(0x80));
    assert_eq!(cpu.x[1], 0xffff_ffff_8f8e_8d8c);
    // smov w1, v2.b[1]: sign-extended to 32 bits, then zero-extended into X1.
    let cpu = run(0x0e032c41, |c| {
        c.v[2] = bytes(0x80);
        c.x[1] = u64::MAX;
    });
    assert_eq!(cpu.x[1], 0xffff_ff81);
    // smov w1, v2.h[6]
    let cpu = run(0x0e1a2c41, |c| c.v[2] = bytes(0x80));
    assert_eq!(cpu.x[1], 0xffff_8d8c);
    // smov x1, v2.h[1], positive element
    let cpu = run(0x4e062c41, |_| {});
    assert_eq!(cpu.x[1], 0x2322);
}

#[test]
fn umov() {
    // umov w1, v2.h[7]
    let cpu = run(0x0e1e3c41, |c| {
        c.v[2] = bytes(0x80);
        c.x[1] = u64::MAX;
    });
    assert_eq!(cpu.x[1], 0x8f8e);
    // mov x1, v2.d[1]
    assert_eq!(run(0x4e183c41, |c| c.v[2] = bytes(0x80)).x[1], 0x8f8e8d8c8b8a8988);
    // mov w1, v2.s[1]
    assert_eq!(run(0x0e0c3c41, |c| c.v[2] = bytes(0x80)).x[1], 0x87868584);
    // umov w1, v2.b[0]
    assert_eq!(run(0x0e013c41, |c| c.v[2] = bytes(0x80)).x[1], 0x80);
    // umov wzr, v2.b[0]: the result is discarded, SP untouched.
    let cpu = run(0x0e013c5f, |c| c.x[31] = 0x1234);
    assert_eq!(cpu.x[31], 0x1234);
}

#[test]
fn ins_general() {
    // mov v1.s[2], w3: only that lane changes, even the upper half survives.
    let cpu = run(0x4e141c61, |c| c.x[3] = 0xdeadbeef_cafebabe);
    assert_eq!(cpu.v[1], 0x1f1e1d1c_cafebabe_17161514_13121110);
    // mov v1.d[1], x3
    let cpu = run(0x4e181c61, |c| c.x[3] = 0xdeadbeef_cafebabe);
    assert_eq!(cpu.v[1], 0xdeadbeefcafebabe_1716151413121110);
    // mov v1.b[15], wzr
    let cpu = run(0x4e1f1fe1, |c| c.x[31] = 0xff);
    assert_eq!(cpu.v[1], 0x001e1d1c1b1a1918_1716151413121110);
}

#[test]
fn ins_element() {
    // mov v1.h[7], v2.h[1]
    assert_eq!(run(0x6e1e1441, |_| {}).v[1], 0x23221d1c1b1a1918_1716151413121110);
    // mov v1.b[0], v2.b[15]
    assert_eq!(run(0x6e017c41, |_| {}).v[1], 0x1f1e1d1c1b1a1918_171615141312112f);
    // mov v31.d[0], v0.d[1]
    assert_eq!(run(0x6e08441f, |_| {}).v[31], 0xfffefdfcfbfaf9f8_0f0e0d0c0b0a0908);
    // mov v1.s[0], v1.s[3]: source and destination the same register.
    assert_eq!(run(0x6e046421, |_| {}).v[1], 0x1f1e1d1c1b1a1918_171615141f1e1d1c);
}

#[test]
fn scalar_dup_element() {
    // mov b1, v2.b[3]: everything above the element is zeroed.
    assert_eq!(run(0x5e070441, |c| c.v[1] = u128::MAX).v[1], 0x23);
    // mov h1, v2.h[7]
    assert_eq!(run(0x5e1e0441, |_| {}).v[1], 0x2f2e);
    // mov s1, v2.s[2]
    assert_eq!(run(0x5e140441, |_| {}).v[1], 0x2b2a2928);
    // mov d1, v2.d[1]
    assert_eq!(run(0x5e180441, |_| {}).v[1], 0x2f2e2d2c2b2a2928);
}

#[test]
fn reserved_encodings_are_undefined() {
    for insn in [
        0x4e100441, // DUP (element) with imm5 = 10000
        0x0e080441, // DUP (element) .1D (Q=0, size 3)
        0x0e080c41, // DUP (general) .1D
        0x4e000c41, // DUP (general) imm5 = 00000
        0x0e042c41, // SMOV Wd from an S lane
        0x4e082c41, // SMOV from a D lane
        0x0e102c41, // SMOV imm5 = 10000
        0x4e043c41, // UMOV Xd from an S lane
        0x0e083c41, // UMOV Wd from a D lane
        0x4e013c41, // UMOV Xd from a B lane
        0x0e141c61, // INS (general) with Q=0
        0x2e1e1441, // INS (element) with Q=0
        0x6e101441, // INS (element) imm5 = 10000
        0x4e011441, // copy op=0 imm4 = 0010 (unallocated)
        0x4e012441, // copy op=0 imm4 = 0100 (unallocated)
        0x4e014441, // copy op=0 imm4 = 1000 (unallocated)
        0x5e000441, // scalar DUP imm5 = 00000
        0x7e010441, // scalar copy op=1 (unallocated)
        0x5e010c41, // scalar copy imm4 = 0001 (unallocated)
    ] {
        assert_undefined(insn);
    }
}
