//! The F and D extensions and the floating-point CSRs: NaN-boxing, rounding modes
//! (static, dynamic, reserved), fflags, conversions, comparisons, sign injection and
//! moves. The arithmetic itself is crossrun-softfp's, tested there against the host FPU;
//! these tests check that each instruction reaches it with the right operands, mode and
//! flags. Words from riscv64-linux-gnu-as.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};
use support::{boxed, f, run, run_until_exit, set_f, with_x, A0, A1};

const NX: u32 = 1;
const UF: u32 = 2;
const OF: u32 = 4;
const DZ: u32 = 8;
const NV: u32 = 16;
const CANONICAL_S: u64 = 0xffff_ffff_7fc0_0000;
const CANONICAL_D: u64 = 0x7ff8_0000_0000_0000;

/// fa1 = 11, fa2 = 12, fa3 = 13.
fn fregs(fa1: u64, fa2: u64, fa3: u64) -> CpuState {
    let mut cpu = CpuState::default();
    set_f(&mut cpu, 11, fa1);
    set_f(&mut cpu, 12, fa2);
    set_f(&mut cpu, 13, fa3);
    cpu
}

/// (fa0, a0, fflags) after `code` from `cpu`.
fn after(code: &[u32], cpu: CpuState) -> (u64, u64, u32) {
    let out = run(code, cpu);
    (f(&out, 10), out.x[A0], out.fp_status)
}

fn d(x: f64) -> u64 {
    x.to_bits()
}

#[test]
fn single_loads_are_nan_boxed_and_stores_take_the_low_word() {
    let mut data = [0u8; 16];
    data[4..8].copy_from_slice(&1.5f32.to_bits().to_le_bytes());
    data[8..16].copy_from_slice(&d(-2.25).to_le_bytes());
    let base = data.as_mut_ptr() as u64;
    let out = run(&[0x0045a507], with_x(&[(A1, base)])); // flw fa0, 4(a1)
    assert_eq!(f(&out, 10), boxed(1.5));
    let out = run(&[0x0085b507], with_x(&[(A1, base)])); // fld fa0, 8(a1)
    assert_eq!(f(&out, 10), d(-2.25));
    // fsw of a register that is not a boxed single stores its low 32 bits unchecked.
    let mut cpu = with_x(&[(A1, base)]);
    set_f(&mut cpu, 11, 0x1234_5678_9abc_def0);
    run(&[0x00b5a227, 0x00b5b427], cpu); // fsw fa1, 4(a1); fsd fa1, 8(a1)
    assert_eq!(&data[4..8], &0x9abc_def0u32.to_le_bytes());
    assert_eq!(&data[8..16], &0x1234_5678_9abc_def0u64.to_le_bytes());
}

#[test]
fn an_unboxed_single_operand_reads_as_the_canonical_nan() {
    // fadd.s fa0, fa1, fa2 with fa1 = 1.0 not boxed (upper half not all ones).
    let r = after(&[0x00c5f553], fregs(u64::from(1.0f32.to_bits()), boxed(2.0), 0));
    assert_eq!(r, (CANONICAL_S, 0, 0));
    let r = after(&[0x00c5f553], fregs(boxed(1.0), boxed(2.0), 0));
    assert_eq!(r, (boxed(3.0), 0, 0));
}

#[test]
fn arithmetic_reaches_softfp_with_the_operands_in_order() {
    let (x, y) = (d(7.0), d(2.0));
    assert_eq!(after(&[0x0ac5f553], fregs(x, y, 0)).0, d(5.0)); // fsub.d fa0, fa1, fa2
    assert_eq!(after(&[0x1ac5f553], fregs(x, y, 0)).0, d(3.5)); // fdiv.d fa0, fa1, fa2
    assert_eq!(after(&[0x10c5f553], fregs(boxed(3.0), boxed(-2.5), 0)).0, boxed(-7.5)); // fmul.s
    assert_eq!(after(&[0x5805f553], fregs(boxed(2.25), 0, 0)).0, boxed(1.5)); // fsqrt.s fa0, fa1
    assert_eq!(after(&[0x5a05f553], fregs(d(-1.0), 0, 0)), (CANONICAL_D, 0, NV)); // fsqrt.d
    assert_eq!(after(&[0x1ac5f553], fregs(x, d(0.0), 0)), (d(f64::INFINITY), 0, DZ)); // fdiv.d by 0
    // fmin.s / fmax.d: minimumNumber and maximumNumber.
    assert_eq!(after(&[0x28c58553], fregs(boxed(-0.0), boxed(0.0), 0)).0, boxed(-0.0));
    assert_eq!(after(&[0x2ac59553], fregs(CANONICAL_D, d(-3.0), 0)).0, d(-3.0));
    // Overflow and underflow flags.
    assert_eq!(after(&[0x10c5f553], fregs(boxed(f32::MAX), boxed(2.0), 0)), (boxed(f32::INFINITY), 0, OF | NX));
    let tiny = boxed(f32::from_bits(0x0080_0001));
    assert_eq!(after(&[0x10c5f553], fregs(tiny, boxed(0.5), 0)), (boxed(f32::from_bits(0x0040_0000)), 0, UF | NX));
}

#[test]
fn fused_multiply_adds() {
    let (a, b, c) = (d(3.0), d(5.0), d(2.0));
    assert_eq!(after(&[0x6ac5f543], fregs(a, b, c)).0, d(17.0)); // fmadd.d: a*b + c
    assert_eq!(after(&[0x6ac5f547], fregs(a, b, c)).0, d(13.0)); // fmsub.d: a*b - c
    assert_eq!(after(&[0x6ac5f54b], fregs(a, b, c)).0, d(-13.0)); // fnmsub.d: -(a*b) + c
    assert_eq!(after(&[0x6ac5f54f], fregs(a, b, c)).0, d(-17.0)); // fnmadd.d: -(a*b) - c
    // One rounding: (1 + 2^-52) * (1 - 2^-52) - 1 = -2^-104 exactly.
    let r = after(&[0x6ac5f547], fregs(d(1.0 + f64::EPSILON), d(1.0 - f64::EPSILON), d(1.0)));
    assert_eq!(r.0, d(-(2f64.powi(-104))));
    assert_eq!(after(&[0x68c5f543], fregs(boxed(2.0), boxed(3.0), boxed(0.5))).0, boxed(6.5)); // fmadd.s
}

/// 1 + 1.5 * 2^-24 in single precision: round to nearest gives 1 + 2^-23, towards zero
/// 1.0; up (RUP) 1 + 2^-23.
#[test]
fn static_rounding_modes() {
    let (one, small) = (boxed(1.0), boxed(1.5 * 2f32.powi(-24)));
    let up = boxed(1.0 + 2f32.powi(-23));
    assert_eq!(after(&[0x00c5f553], fregs(one, small, 0)), (up, 0, NX)); // fadd.s (dyn = RNE)
    assert_eq!(after(&[0x00c59553], fregs(one, small, 0)), (boxed(1.0), 0, NX)); // fadd.s rtz
    assert_eq!(after(&[0x00c5c553], fregs(one, boxed(2f32.powi(-24)), 0)), (up, 0, NX)); // rmm: a tie away from zero
}

#[test]
fn dynamic_rounding_uses_frm() {
    let (one, small) = (d(1.0), d(2f64.powi(-60)));
    // fsrmi a0, 3 (RUP), then fadd.d fa0, fa1, fa2 (dyn).
    let (r, old_frm, flags) = after(&[0x0021d573, 0x02c5f553], fregs(one, small, 0));
    assert_eq!((r, old_frm, flags), (d(1.0 + f64::EPSILON), 0, NX));
    // The static mode RUP agrees.
    assert_eq!(after(&[0x02c5b553], fregs(one, small, 0)).0, d(1.0 + f64::EPSILON));
}

/// With frm holding a reserved mode, an instruction using the dynamic mode is illegal
/// (before it changes anything), one with a static mode is not.
#[test]
fn a_reserved_dynamic_rounding_mode_is_an_illegal_instruction() {
    let mut cpu = fregs(d(1.0), d(2.0), 0);
    cpu.fp_status = NX;
    // csrrwi zero, frm, 5; fadd.d fa0, fa1, fa2, rup; fadd.d fa0, fa1, fa2, dyn
    let (exit, out) = run_until_exit(&[0x0022d073, 0x02c5b553, 0x02c5f553], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn: 0x02c5f553 }));
    assert_eq!(out.pc, 8);
    assert_eq!((f(&out, 10), out.fp_status, out.fp_control), (d(3.0), NX, 5));
    // Reserved static modes are illegal whatever frm holds.
    support::assert_illegal(0x02c5d553); // fadd.d fa0, fa1, fa2 with rm = 5
    support::assert_illegal(0x02c5e553); // ... rm = 6
}

#[test]
fn fcsr_is_frm_and_fflags() {
    // fsflagsi a0, 0x1f; frflags a0 -> 0x1f; fsrm a0, a1 (a1 = 0xfa: frm = 2); frcsr a0
    let cpu = with_x(&[(A1, 0xfa)]);
    let out = run(&[0x001fd573, 0x00102573], cpu.clone());
    assert_eq!((out.x[A0], out.fp_status), (0x1f, 0x1f));
    let out = run(&[0x001fd573, 0x00259573, 0x00302573], cpu.clone());
    assert_eq!((out.x[A0], out.fp_control, out.fp_status), (2 << 5 | 0x1f, 2, 0x1f));
    // fscsr a0, a1 with a1 = 0xfff: frm = 7, fflags = 0x1f, the rest dropped; frcsr reads 0xff.
    let out = run(&[0x00359573, 0x00302573], with_x(&[(A1, 0xfff)]));
    assert_eq!((out.x[A0], out.fp_control, out.fp_status), (0xff, 7, 0x1f));
    // csrrc a0, fflags, a1: clears the given flags.
    let mut cpu = with_x(&[(A1, NV as u64 | 0x100)]);
    cpu.fp_status = NV | NX;
    let out = run(&[0x0015b573], cpu);
    assert_eq!((out.x[A0], out.fp_status), (u64::from(NV | NX), NX));
    // Flags accumulate: two operations raising different flags.
    let out = run(&[0x1ac5f553, 0x5a05f553], fregs(d(1.0), d(0.0), 0)); // fdiv.d; fsqrt.d of 1
    assert_eq!(out.fp_status, DZ);
}

#[test]
fn conversions_to_integers_saturate_and_sign_extend_words() {
    let a0 = |insn: u32, fa1: u64| after(&[insn], fregs(fa1, 0, 0));
    assert_eq!(a0(0xc0059553, CANONICAL_S), (0, 0x7fff_ffff, NV)); // fcvt.w.s a0, fa1, rtz: NaN
    assert_eq!(a0(0xc2159553, d(3e9)), (0, 0xffff_ffff_b2d0_5e00, 0)); // fcvt.wu.d: sign-extended
    assert_eq!(a0(0xc2159553, d(-1.0)), (0, 0, NV)); // fcvt.wu.d of a negative
    assert_eq!(a0(0xc2259553, d(-2.75)), (0, (-2i64) as u64, NX)); // fcvt.l.d rtz
    assert_eq!(a0(0xc0359553, boxed(-0.5)), (0, 0, NX)); // fcvt.lu.s rtz: rounds to 0, in range
    assert_eq!(a0(0xc205f553, d(-2.5)), (0, (-2i64) as u64, NX)); // fcvt.w.d dyn (RNE)
    assert_eq!(a0(0xc205f553, d(1e10)), (0, 0x7fff_ffff, NV)); // out of range
}

#[test]
fn conversions_from_integers_and_between_precisions() {
    let fa0 = |insn: u32, a1: u64| after(&[insn], with_x(&[(A1, a1)])).0;
    assert_eq!(fa0(0xd005f553, 0xffff_ffff), boxed(-1.0)); // fcvt.s.w: the low word, signed
    assert_eq!(fa0(0xd2158553, 0xffff_ffff), d(4294967295.0)); // fcvt.d.wu
    assert_eq!(fa0(0xd025f553, (-3i64) as u64), boxed(-3.0)); // fcvt.s.l
    assert_eq!(fa0(0xd235f553, u64::MAX), d(18446744073709551616.0)); // fcvt.d.lu
    assert_eq!(after(&[0x4015f553], fregs(d(0.1), 0, 0)), (boxed(0.1f32), 0, NX)); // fcvt.s.d
    assert_eq!(after(&[0x42058553], fregs(boxed(0.1), 0, 0)), (d(f64::from(0.1f32)), 0, 0)); // fcvt.d.s
    assert_eq!(after(&[0x42058553], fregs(1, 0, 0)), (CANONICAL_D, 0, 0)); // an unboxed single
}

#[test]
fn comparisons_and_classification_write_integer_registers() {
    let a0 = |insn: u32, x: u64, y: u64| {
        let (_, a0, flags) = after(&[insn], fregs(x, y, 0));
        (a0, flags)
    };
    assert_eq!(a0(0xa0c5a553, boxed(1.0), boxed(1.0)), (1, 0)); // feq.s
    assert_eq!(a0(0xa0c5a553, CANONICAL_S, boxed(1.0)), (0, 0)); // feq.s: quiet
    assert_eq!(a0(0xa2c59553, d(-1.0), d(0.0)), (1, 0)); // flt.d
    assert_eq!(a0(0xa2c59553, CANONICAL_D, d(0.0)), (0, NV)); // flt.d: signalling
    assert_eq!(a0(0xa0c58553, boxed(2.0), boxed(2.0)), (1, 0)); // fle.s
    assert_eq!(a0(0xe0059553, boxed(-0.0), 0), (1 << 3, 0)); // fclass.s
    assert_eq!(a0(0xe0059553, 0x7f80_0000, 0), (1 << 9, 0)); // fclass.s of an unboxed value: qNaN
    assert_eq!(a0(0xe2059553, 0x7ff4_0000_0000_0000, 0), (1 << 8, 0)); // fclass.d: sNaN
}

#[test]
fn sign_injection_and_moves() {
    let fa0 = |insn: u32, x: u64, y: u64| after(&[insn], fregs(x, y, 0)).0;
    assert_eq!(fa0(0x20c58553, boxed(3.0), boxed(-1.0)), boxed(-3.0)); // fsgnj.s
    assert_eq!(fa0(0x22c59553, d(3.0), d(-1.0)), d(3.0)); // fsgnjn.d
    assert_eq!(fa0(0x20c5a553, boxed(-3.0), boxed(-1.0)), boxed(3.0)); // fsgnjx.s
    assert_eq!(fa0(0x20b59553, boxed(3.0), 0), boxed(-3.0)); // fsgnjn.s fa0, fa1, fa1 (fneg.s)
    assert_eq!(fa0(0x22b5a553, d(-3.0), 0), d(3.0)); // fsgnjx.d fa0, fa1, fa1 (fabs.d)
    // An unboxed operand is the canonical NaN: fsgnj.s of it with a negative sign.
    assert_eq!(fa0(0x20c58553, 0x4040_0000, boxed(-1.0)), 0xffff_ffff_ffc0_0000);
    // fmv.x.w sign-extends the low word, unchecked; fmv.w.x boxes.
    assert_eq!(after(&[0xe0058553], fregs(0x1234_5678_8000_0001, 0, 0)).1, 0xffff_ffff_8000_0001);
    assert_eq!(after(&[0xf0058553], with_x(&[(A1, 0xdead_beef_3f80_0000)])).0, boxed(1.0));
    assert_eq!(after(&[0xe2058553], fregs(d(-2.0), 0, 0)).1, d(-2.0)); // fmv.x.d
    assert_eq!(after(&[0xf2058553], with_x(&[(A1, 0x1234)])).0, 0x1234); // fmv.d.x
}

#[test]
fn counters_are_readable_and_not_writable() {
    // rdtime a0; rdtime a1 (as csrrs a1, time, zero)
    let out = run(&[0xc0102573, 0xc01025f3], CpuState::default());
    assert!(out.x[A0] > 0 && out.x[A1] >= out.x[A0], "{:#x} {:#x}", out.x[A0], out.x[A1]);
    let out = run(&[0xc0002573], CpuState::default()); // rdcycle a0
    assert!(out.x[A0] > 0);
    let out = run(&[0xc0202573], CpuState::default()); // rdinstret a0
    assert!(out.x[A0] > 0);
    support::assert_illegal(0xc0059073); // csrw cycle, a1
    support::assert_illegal(0x7c002573); // csrr a0, 0x7c0 (no such CSR)
    let out = run(&[0x00302073], CpuState { fp_status: NX, fp_control: 1, ..CpuState::default() }); // csrs fcsr, zero
    assert_eq!((out.fp_status, out.fp_control), (NX, 1));
}

/// The time CSR counts at TIME_FREQUENCY: 20 ms of sleep is about 200,000 ticks.
#[test]
fn time_counts_at_the_advertised_frequency() {
    let read = || run(&[0xc0102573], CpuState::default()).x[A0];
    let start = read();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let ticks = read() - start;
    let expected = crossrun_rv64::TIME_FREQUENCY / 50;
    assert!(ticks >= expected && ticks < expected * 10, "{ticks} ticks in 20 ms");
}
