//! Data processing (register): logical and add/subtract (shifted and extended register),
//! add/subtract with carry, conditional compare and select, one-, two- and three-source
//! operations and CRC32. Expected values follow the Arm ARM's pseudocode.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

const N: u32 = 1 << 31;
const Z: u32 = 1 << 30;
const C: u32 = 1 << 29;
const V: u32 = 1 << 28;

const X1: u64 = 0x8123_4567_89ab_cdef;
const X2: u64 = 0x0f0f_0000_ffff_00f1;
const X3: u64 = 0x0123_4567_89ab_cdef;
const SP: u64 = 0x7fff_0000;

/// The state after `insn` with X0 = 0x5a5a..., X1..X3 and SP as above, and `nzcv`.
fn run(insn: u32, nzcv: u32) -> CpuState {
    run_regs(insn, &[], nzcv)
}

fn run_regs(insn: u32, x: &[(usize, u64)], nzcv: u32) -> CpuState {
    let mut cpu = CpuState { nzcv, ..CpuState::default() };
    cpu.x[0] = 0x5a5a_5a5a_5a5a_5a5a;
    cpu.x[1] = X1;
    cpu.x[2] = X2;
    cpu.x[3] = X3;
    cpu.x[31] = SP;
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    support::run(&[insn], cpu)
}

fn assert_x0(cases: &[(u32, u64)]) {
    for &(insn, want) in cases {
        assert_eq!(run(insn, 0).x[0], want, "{insn:#010x}");
    }
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, state) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    assert_eq!(state.pc, 0, "{insn:#010x}");
}

#[test]
fn logical_shifted_register() {
    assert_x0(&[
        (0x8a021020, 0x8020_0007_89a0_0d00), // and x0, x1, x2, lsl #4
        (0x0ae22020, 0x0800_00ef),           // bic w0, w1, w2, ror #8
        (0xaa82fc20, X1),                    // orr x0, x1, x2, asr #63
        (0x2a627fe0, 0xffff_fffe),           // mvn w0, w2, lsr #31 (orn w0, wzr, ...)
        (0xcac20420, 0x06a4_c567_f654_4d97), // eor x0, x1, x2, ror #1
        (0xca220020, 0x71d3_ba98_89ab_32e1), // eon x0, x1, x2
        (0xaa0203e0, X2),                    // mov x0, x2
        (0x2a2203e0, 0x0000_ff0e),           // mvn w0, w2
    ]);
}

#[test]
fn logical_shifted_register_flags() {
    // ands w0, w1, w2: C and V are cleared.
    let cpu = run(0x6a020020, C | V);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x89ab_00e1, N));
    // bics x0, x1, x2, lsl #63
    let cpu = run(0xea22fc20, N);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x0123_4567_89ab_cdef, 0));
    // tst w1, w2, lsl #31: W2 is odd, W1 bit 31 set. Rd 31 is XZR, not SP.
    let cpu = run(0x6a027c3f, 0);
    assert_eq!((cpu.x[31], cpu.nzcv), (SP, N));
}

#[test]
fn add_sub_shifted_register() {
    assert_x0(&[
        (0x8b02fc20, 0x0123_4567_89ab_cdef), // add x0, x1, x2, lsl #63
        (0x4b827c20, 0x89ab_cdf0),           // sub w0, w1, w2, asr #31
        (0xcb0203e0, 0xf0f0_ffff_0000_ff0f), // neg x0, x2
    ]);
    // adds x0, x1, x2, lsr #1
    let cpu = run(0xab420420, 0);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x88aa_c568_09ab_4e67, N));
    // subs w0, w1, w2
    let cpu = run(0x6b020020, 0);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x89ac_ccfe, N));
    // cmp x1, x2
    let cpu = run(0xeb02003f, 0);
    assert_eq!((cpu.x[31], cpu.nzcv), (SP, C | V));
    // subs x0, x1, x2 with INT64_MIN - 1: overflow, no borrow.
    let cpu = run_regs(0xeb020020, &[(1, 1 << 63), (2, 1)], 0);
    assert_eq!((cpu.x[0], cpu.nzcv), (i64::MAX as u64, C | V));
}

#[test]
fn add_sub_extended_register() {
    assert_x0(&[
        (0x8b2213e0, 0x7fff_0f10),           // add x0, sp, w2, uxtb #4
        (0x0b22a420, 0x89ab_cfd1),           // add w0, w1, w2, sxth #1
        (0xcb22c820, 0x8123_4567_89af_ca2b), // sub x0, x1, w2, sxtw #2
        (0x8b222020, 0x8123_4567_89ab_cee0), // add x0, x1, w2, uxth
        (0x0b226820, 0x89a7_d1b3),           // add w0, w1, w2, uxtx #2
    ]);
    // add sp, x1, x2, sxtx: Rd 31 is SP in the non-flag-setting form.
    assert_eq!(run(0x8b22e03f, 0).x[31], 0x9032_4568_89aa_cee0);
    // adds x0, sp, x2, lsl #3
    let cpu = run(0xab226fe0, N);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x7878_0008_7ff7_0788, 0));
    // cmp sp, w2, uxtw: Rn 31 is SP, Rd 31 is XZR.
    let cpu = run(0xeb2243ff, 0);
    assert_eq!((cpu.x[31], cpu.nzcv), (SP, N));
    // subs w0, wsp, w2, sxtb #4
    let cpu = run(0x6b2293e0, N);
    assert_eq!((cpu.x[0], cpu.nzcv), (0x7fff_00f0, 0));
}

#[test]
fn add_sub_with_carry() {
    for (carry, flags) in [(0, 0), (1, C)] {
        let c = carry as u64;
        assert_eq!(run(0x9a020020, flags).x[0], 0x9032_4568_89aa_cee0 + c, "adc x0, x1, x2");
        assert_eq!(run(0xda020020, flags).x[0], 0x7214_4566_89ac_ccfd + c, "sbc x0, x1, x2");
        assert_eq!(run(0xda0203e0, flags).x[0], 0xf0f0_ffff_0000_ff0e + c, "ngc x0, x2");
        // adcs w0, w1, w2
        let cpu = run(0x3a020020, flags);
        assert_eq!((cpu.x[0], cpu.nzcv), (0x89aa_cee0 + c, N | C));
        // sbcs w0, w1, w2
        let cpu = run(0x7a020020, flags);
        assert_eq!((cpu.x[0], cpu.nzcv), (0x89ac_ccfd + c, N));
        // ngcs w0, w2
        let cpu = run(0x7a0203e0, flags);
        assert_eq!((cpu.x[0], cpu.nzcv), (0xff0e + c, 0));
    }
    // adcs x0, x1, x2 with all ones + 0 + carry: zero, carry out.
    let cpu = run_regs(0xba020020, &[(1, u64::MAX), (2, 0)], C);
    assert_eq!((cpu.x[0], cpu.nzcv), (0, Z | C));
}

#[test]
fn conditional_compare() {
    // ccmp x1, x2, #0x5, eq
    assert_eq!(run(0xfa420025, Z).nzcv, C | V);
    assert_eq!(run(0xfa420025, 0).nzcv, 0x5000_0000);
    // ccmn w1, #0x1f, #0xf, ne
    assert_eq!(run_regs(0x3a5f182f, &[(1, 0xffff_ffe1)], 0).nzcv, Z | C);
    assert_eq!(run_regs(0x3a5f182f, &[(1, 0xffff_ffe1)], Z).nzcv, 0xf000_0000);
    // ccmp x1, #0x0, #0x2, al
    assert_eq!(run(0xfa40e822, Z | V).nzcv, N | C);
    // ccmp xzr, x2, #0x0, nv: NV holds too, and Rn 31 is XZR.
    assert_eq!(run(0xfa42f3e0, 0).nzcv, N);
}

#[test]
fn conditional_select() {
    let cases: &[(u32, u32, u64)] = &[
        (0x9a820020, Z, X1),                    // csel x0, x1, x2, eq
        (0x9a820020, 0, X2),                    // csel x0, x1, x2, eq
        (0x1a821420, 0, 0x89ab_cdef),           // csinc w0, w1, w2, ne
        (0x1a821420, Z, 0xffff_00f2),           // csinc w0, w1, w2, ne
        (0xda82b020, N, X1),                    // csinv x0, x1, x2, lt
        (0xda82b020, N | V, 0xf0f0_ffff_0000_ff0e), // csinv x0, x1, x2, lt
        (0x5a82a420, 0, 0x89ab_cdef),           // csneg w0, w1, w2, ge
        (0x5a82a420, V, 0x0000_ff0f),           // csneg w0, w1, w2, ge
        (0x1a9f17e0, Z, 1),                     // cset w0, eq
        (0x1a9f17e0, 0, 0),                     // cset w0, eq
        (0xda9f03e0, 0, u64::MAX),              // csetm x0, ne
        (0xda9f03e0, Z, 0),                     // csetm x0, ne
        (0x9a819420, C, X1 + 1),                // cinc x0, x1, hi
        (0x9a819420, C | Z, X1),                // cinc x0, x1, hi
        (0x5a815420, N, 0x7654_3211),           // cneg w0, w1, mi
        (0x5a815420, 0, 0x89ab_cdef),           // cneg w0, w1, mi
        (0x9a82e020, 0, X1),                    // csel x0, x1, x2, al
    ];
    for &(insn, nzcv, want) in cases {
        assert_eq!(run(insn, nzcv).x[0], want, "{insn:#010x} nzcv {nzcv:#x}");
    }
}

#[test]
fn one_source() {
    assert_x0(&[
        (0xdac00020, 0xf7b3_d591_e6a2_c481), // rbit x0, x1
        (0x5ac00020, 0xf7b3_d591),           // rbit w0, w1
        (0xdac00420, 0x2381_6745_ab89_efcd), // rev16 x0, x1
        (0x5ac00420, 0xab89_efcd),           // rev16 w0, w1
        (0x5ac00820, 0xefcd_ab89),           // rev w0, w1
        (0xdac00820, 0x6745_2381_efcd_ab89), // rev32 x0, x1
        (0xdac00c20, 0xefcd_ab89_6745_2381), // rev x0, x1
        (0xdac01020, 0),                     // clz x0, x1
        (0x5ac013e0, 32),                    // clz w0, wzr
        (0xdac01420, 0),                     // cls x0, x1
        (0x5ac01420, 0),                     // cls w0, w1
    ]);
    // cls x0, x1 with 12 leading ones, and cls w0, w1 with zero.
    assert_eq!(run_regs(0xdac01420, &[(1, 0xfff0_0000_0000_0000)], 0).x[0], 11);
    assert_eq!(run_regs(0x5ac01420, &[(1, 0xffff_ffff_0000_0000)], 0).x[0], 31);
    // clz x0, x2
    assert_eq!(run(0xdac01040, 0).x[0], 4);
}

#[test]
fn two_source() {
    assert_x0(&[
        (0x9ac20820, 8),           // udiv x0, x1, x2
        (0x1ac20c20, 0x76c4),      // sdiv w0, w1, w2
    ]);
    let with = |insn, x1, x2| run_regs(insn, &[(1, x1), (2, x2)], 0).x[0];
    assert_eq!(with(0x9ac20820, X1, 0), 0, "udiv by zero");
    assert_eq!(with(0x1ac20c20, X1, 0), 0, "sdiv by zero");
    assert_eq!(with(0x1ac20c20, X1, 7), 0xef18_8b23, "sdiv rounds towards zero");
    assert_eq!(with(0x1ac20c20, 0x8000_0000, 0xffff_ffff), 0x8000_0000, "INT32_MIN / -1");
    assert_eq!(with(0x9ac22020, X1, 68), 0x1234_5678_9abc_def0, "lsl x0, x1, x2 takes the amount mod 64");
    assert_eq!(with(0x1ac22420, X1, 36), 0x089a_bcde, "lsr w0, w1, w2 takes the amount mod 32");
    assert_eq!(with(0x9ac22820, X1, 127), u64::MAX, "asr x0, x1, x2");
    assert_eq!(with(0x1ac22c20, X1, 0x24), 0xf89a_bcde, "ror w0, w1, w2");
}

#[test]
fn three_source() {
    assert_x0(&[
        (0x9b020c20, 0xe99c_e023_5679_abee), // madd x0, x1, x2, x3
        (0x1b028c20, 0xbcdd_eff0),           // msub w0, w1, w2, w3
        (0x9b027c20, 0xe879_9abb_cccd_ddff), // mul x0, x1, x2
        (0x9b220c20, 0x0123_bb4c_5679_abee), // smaddl x0, w1, w2, x3
        (0x9b228c20, 0x0122_cf82_bcdd_eff0), // smsubl x0, w1, w2, x3
        (0x9ba20c20, 0x8ace_8a2c_5679_abee), // umaddl x0, w1, w2, x3
        (0x9ba28c20, 0x7778_00a2_bcdd_eff0), // umsubl x0, w1, w2, x3
        (0x9b427c20, 0xf889_a221_a345_e5ee), // smulh x0, x1, x2
        (0x9bc27c20, 0x0798_a222_a344_e6df), // umulh x0, x1, x2
    ]);
    let with = |insn, x1, x2| run_regs(insn, &[(1, x1), (2, x2)], 0).x[0];
    assert_eq!(with(0x9b427c20, u64::MAX, u64::MAX), 0, "smulh -1 * -1");
    assert_eq!(with(0x9bc27c20, u64::MAX, u64::MAX), u64::MAX - 1, "umulh");
    // smulh x0, x1, x2 with Ra = 0 (should be ones): Ra is ignored.
    assert_eq!(run(0x9b420020, 0).x[0], 0xf889_a221_a345_e5ee);
}

#[test]
fn crc32() {
    // Values from the Arm ARM's Poly32Mod2 definition, with W1 = 0x89abcdef as the
    // accumulator and X2 as the data.
    assert_x0(&[
        (0x1ac24020, 0xfa86_96ae), // crc32b w0, w1, w2
        (0x1ac24420, 0x3194_0879), // crc32h w0, w1, w2
        (0x1ac24820, 0x4e00_69e6), // crc32w w0, w1, w2
        (0x9ac24c20, 0x3251_8382), // crc32x w0, w1, x2
        (0x1ac25020, 0xbcaf_d385), // crc32cb w0, w1, w2
        (0x1ac25420, 0xb7bb_80b7), // crc32ch w0, w1, w2
        (0x1ac25820, 0x4d88_da2e), // crc32cw w0, w1, w2
        (0x9ac25c20, 0x8f14_dd30), // crc32cx w0, w1, x2
    ]);
}

#[test]
fn reserved_register_encodings() {
    for insn in [
        0x0a02fc20, // and w0, w1, w2, lsl #63: shift beyond 32 bits
        0x0b02fc20, // add w0, w1, w2, lsl #63
        0x8bc20420, // add x0, x1, x2, ror #1
        0x8b223420, // add x0, x1, w2, uxth #5
        0x8b622020, // add/sub extended with opt = 01
        0x9a020420, // adc x0, x1, x2 with bit 10 set
        0xda420025, // ccmp with S = 0
        0xfa420425, // ccmp with o2 = 1
        0xfa420035, // ccmp with o3 = 1
        0x9a820820, // csel with op2 = 10
        0xba820020, // conditional select with S = 1
        0x5ac00c20, // rev w0, w1 with opc = 11 (64-bit only)
        0xdac01820, // one source opcode 000110 (CTZ, FEAT_CSSC)
        0xdac10020, // one source opcode2 = 00001 (PAuth)
        0x7ac00020, // one source with S = 1
        0x3ac00020, // two source with S = 1
        0x9ac20020, // two source opcode 000000 (SUBP, MTE)
        0x9ac23020, // two source opcode 001100 (PACGA)
        0x1ac24c20, // crc32x with sf = 0
        0x9ac24820, // crc32w with sf = 1
        0x1b220c20, // smaddl with sf = 0
        0x9b620c20, // three source op31 = 011
        0x9b428c20, // smulh with o0 = 1
        0xbb020c20, // three source op54 = 01
    ] {
        assert_undefined(insn);
    }
}
