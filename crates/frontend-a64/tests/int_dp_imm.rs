//! Data processing (immediate): PC-relative addressing, add/subtract, logical, move wide,
//! bitfield and extract. Expected values follow the Arm ARM's pseudocode.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

const N: u32 = 1 << 31;
const Z: u32 = 1 << 30;
const C: u32 = 1 << 29;
const V: u32 = 1 << 28;

/// X1 for most tests: negative as X and as W, distinct bytes.
const X1: u64 = 0x8123_4567_89ab_cdef;

fn run_with(insn: u32, x: &[(usize, u64)], nzcv: u32) -> CpuState {
    let mut cpu = CpuState { nzcv, ..CpuState::default() };
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    support::run(&[insn], cpu)
}

/// X0 after `insn` with X0 = `x0`, X1 = `X1`, X2 = `x2`.
fn x0_after(insn: u32, x0: u64, x2: u64) -> u64 {
    run_with(insn, &[(0, x0), (1, X1), (2, x2)], 0).x[0]
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, state) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    assert_eq!(state.pc, 0, "{insn:#010x}");
}

#[test]
fn adr_and_adrp() {
    let code = [
        0x10000000, // adr x0, .
        0x10ffffe1, // adr x1, .-4
        0x707fffe3, // adr x3, .+0xfffff
        0x10800004, // adr x4, .-0x100000
        0xb0000002, // adrp x2, .+0x1000
        0x90800005, // adrp x5, .-0x100000000
        0x1000001f, // adr xzr, .
    ];
    let cpu = support::run(&code, CpuState { x: [7; 32], ..CpuState::default() });
    let base = cpu.x[0];
    assert_eq!(cpu.x[1], base);
    assert_eq!(cpu.x[3], base + 8 + 0xfffff);
    assert_eq!(cpu.x[4], (base + 12).wrapping_sub(0x10_0000));
    assert_eq!(cpu.x[2], ((base + 16) & !0xfff) + 0x1000);
    assert_eq!(cpu.x[5], ((base + 20) & !0xfff).wrapping_sub(1 << 32));
    assert_eq!(cpu.x[31], 7, "ADR to register 31 writes XZR, not SP");
}

#[test]
fn add_sub_immediate() {
    // add x0, x1, #0xfff
    assert_eq!(run_with(0x913ffc20, &[(1, 1)], 0).x[0], 0x1000);
    // add x0, sp, #0x1, lsl #12
    assert_eq!(run_with(0x914007e0, &[(31, 0x10000)], 0).x[0], 0x11000);
    // add sp, x1, #0x10
    assert_eq!(run_with(0x9100403f, &[(1, 0x100)], 0).x[31], 0x110);
    // sub w0, w1, #0x1: the 32-bit result is zero-extended.
    assert_eq!(run_with(0x51000420, &[(0, 5), (1, 1 << 32)], 0).x[0], 0xffff_ffff);
}

#[test]
fn add_sub_immediate_flags() {
    // adds w0, w1, #0x1
    let cpu = run_with(0x31000420, &[(0, 9), (1, 0xffff_ffff)], 0);
    assert_eq!((cpu.x[0], cpu.nzcv), (0, Z | C));
    let cpu = run_with(0x31000420, &[(1, 0x7fff_ffff)], 0);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x8000_0000, N | V));
    // subs x0, x1, #0x1: borrow clears C.
    let cpu = run_with(0xf1000420, &[(1, 0)], C);
    assert_eq!((cpu.x[0], cpu.nzcv), (u64::MAX, N));
    // cmp x1, #0x0: Rd 31 is XZR in the flag-setting forms, so SP is untouched.
    let cpu = run_with(0xf100003f, &[(1, 5), (31, 0x1234)], 0);
    assert_eq!((cpu.x[31], cpu.nzcv), (0x1234, C));
    // cmn sp, #0x1: Rn 31 is SP.
    let cpu = run_with(0xb10007ff, &[(31, u64::MAX)], 0);
    assert_eq!((cpu.x[31], cpu.nzcv), (u64::MAX, Z | C));
    // subs w3, w1, #0xfff, lsl #12
    let cpu = run_with(0x717ffc23, &[(1, 0xff_f000), (3, 1)], N);
    assert_eq!((cpu.x[3], cpu.nzcv), (0, Z | C));
    // cmn w1, #0x1
    assert_eq!(run_with(0x3100043f, &[(1, 0x7fff_ffff)], 0).nzcv, N | V);
}

#[test]
fn logical_immediate() {
    // and x0, x1, #0xff
    assert_eq!(x0_after(0x92401c20, 0, 0), 0xef);
    // mov w0, #0x55555555 (orr w0, wzr, ...)
    assert_eq!(x0_after(0x3200f3e0, u64::MAX, 0), 0x5555_5555);
    // eor x0, x1, #0x8000000000000000
    assert_eq!(x0_after(0xd2410020, 0, 0), 0x0123_4567_89ab_cdef);
    // and w0, w1, #0xfffffffe
    assert_eq!(run_with(0x121f7820, &[(0, 3), (1, u64::MAX)], 0).x[0], 0xffff_fffe);
    // mov sp, #0xfffffffffffffffe: Rd 31 is SP for AND/ORR/EOR.
    assert_eq!(run_with(0xb27ffbff, &[], 0).x[31], 0xffff_ffff_ffff_fffe);
}

#[test]
fn logical_immediate_flags() {
    // ands w0, w1, #0x80000000: C and V are cleared.
    let cpu = run_with(0x72010020, &[(1, X1)], C | V);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x8000_0000, N));
    // tst x1, #0x3: Rd 31 is XZR here.
    let cpu = run_with(0xf240043f, &[(1, 4), (31, 0x5678)], N);
    assert_eq!((cpu.x[31], cpu.nzcv), (0x5678, Z));
}

#[test]
fn move_wide() {
    // mov x0, #0xffff000000000000 (movz, hw = 3)
    assert_eq!(x0_after(0xd2ffffe0, 5, 0), 0xffff_0000_0000_0000);
    // mov w0, #0xffffffff (movn w0, #0)
    assert_eq!(x0_after(0x12800000, u64::MAX, 0), 0xffff_ffff);
    // mov x0, #0xfffffffffffeffff (movn x0, #1, lsl #16)
    assert_eq!(x0_after(0x92a00020, 0, 0), 0xffff_ffff_fffe_ffff);
    // mov x0, #-1
    assert_eq!(x0_after(0x92800000, 0, 0), u64::MAX);
    // movk x0, #0x1234, lsl #32
    assert_eq!(x0_after(0xf2c24680, u64::MAX, 0), 0xffff_1234_ffff_ffff);
    // movk w0, #0xbeef, lsl #16: keeps the low half, clears the upper word.
    assert_eq!(x0_after(0x72b7dde0, 0xffff_ffff_0000_1111, 0), 0xbeef_1111);
    // mov wzr, #0x1
    assert_eq!(run_with(0x5280003f, &[(31, 0x99)], 0).x[31], 0x99);
}

#[test]
fn bitfield_aliases() {
    let cases: &[(u32, u64, u64)] = &[
        (0x93401c20, 0, 0xffff_ffff_ffff_ffef), // sxtb x0, w1
        (0x93407c20, 0, 0xffff_ffff_89ab_cdef), // sxtw x0, w1
        (0x93403c20, 0, 0xffff_ffff_ffff_cdef), // sxth x0, w1
        (0x53001c20, u64::MAX, 0xef),            // uxtb w0, w1
        (0x53003c20, u64::MAX, 0xcdef),          // uxth w0, w1
        (0x131f7c20, 0, 0xffff_ffff),            // asr w0, w1, #31
        (0x937ffc20, 0, u64::MAX),               // asr x0, x1, #63
        (0xd37cec20, 0, 0x1234_5678_9abc_def0),  // lsl x0, x1, #4
        (0x53047c20, 0, 0x089a_bcde),            // lsr w0, w1, #4
        (0x53010020, 0, 0x8000_0000),            // lsl w0, w1, #31
        (0x53040c20, 0, 0xf000_0000),            // lsl w0, w1, #28 (ubfiz w0, w1, #28, #4)
        (0xd3485c20, 0, 0xabcd),                 // ubfx x0, x1, #8, #16
        (0x93440c20, 0, 0xf000_0000_0000_0000),  // sbfiz x0, x1, #60, #4
        (0x131c6c20, 0, 0x9abc_def0),            // sbfiz w0, w1, #4, #28
        (0x13042c20, 0, 0xffff_ffde),            // sbfx w0, w1, #4, #8
    ];
    for &(insn, x0, want) in cases {
        assert_eq!(x0_after(insn, x0, 0), want, "{insn:#010x}");
    }
}

#[test]
fn bitfield_insert() {
    let cases: &[(u32, u64, u64)] = &[
        (0xb3783c20, 0x1111_1111_1111_1111, 0x1111_1111_11cd_ef11), // bfi x0, x1, #8, #16
        (0x331c7c20, 0xffff_ffff_1111_1111, 0x1111_1118),           // bfxil w0, w1, #28, #4
        (0xb37c1fe0, u64::MAX, 0xffff_ffff_ffff_f00f),              // bfc x0, #4, #8
        (0xb37cec20, 5, 0x1234_5678_9abc_def5),                     // bfi x0, x1, #4, #60
        (0x33010020, 0xffff_ffff_0000_0000, 0x8000_0000),           // bfi w0, w1, #31, #1
    ];
    for &(insn, x0, want) in cases {
        assert_eq!(x0_after(insn, x0, 0), want, "{insn:#010x}");
    }
}

#[test]
fn extract() {
    let x2 = 0x0011_2233_4455_6677;
    // extr x0, x1, x2, #8
    assert_eq!(x0_after(0x93c22020, 0, x2), 0xef00_1122_3344_5566);
    // extr x0, x1, x2, #0
    assert_eq!(x0_after(0x93c20020, 0, x2), x2);
    // extr w0, w1, w2, #31
    assert_eq!(x0_after(0x13827c20, 0, x2), 0x1357_9bde);
    // ror w0, w1, #4
    assert_eq!(x0_after(0x13811020, 0, 0), 0xf89a_bcde);
    // ror x0, x1, #63
    assert_eq!(x0_after(0x93c1fc20, 0, 0), 0x0246_8acf_1357_9bdf);
}

#[test]
fn reserved_immediate_encodings() {
    for insn in [
        0x125f7820, // and w0, w1 with N = 1 (a 64-bit element in a 32-bit op)
        0x9240fc20, // and x0, x1 with an all-ones element (N = 1, imms = 111111)
        0x1200fc20, // and w0, w1, N = 0, imms = 111111: no element size
        0x1200f820, // and w0, w1, N = 0, imms = 111110: all-ones 2-bit element
        0x52c00000, // movz w0 with hw = 2
        0xb2800000, // move wide with opc = 01
        0x93001c20, // sbfm x0 with N = 0
        0x13401c20, // sbfm w0 with N = 1
        0x13201c20, // sbfm w0 with immr = 32
        0x13009c20, // sbfm w0 with imms = 32
        0xf3401c20, // bitfield with opc = 11
        0x93822020, // extr x0 with N = 0
        0x1382fc20, // extr w0 with imms = 63
        0xb3c22020, // extract with op21 = 01
        0x93e22020, // extract with o0 = 1
        0x91800000, // add/subtract (immediate, with tags): MTE, not implemented
    ] {
        assert_undefined(insn);
    }
}
