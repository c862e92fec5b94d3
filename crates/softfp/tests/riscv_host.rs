//! Cross-check of the RISC-V rules against the x86-64 host FPU where IEEE 754
//! fixes the answer.  x86 (SSE, FMA3) detects tininess after rounding, as
//! RISC-V does, so every flag is compared directly: IE -> NV, ZE -> DZ,
//! OE -> OF, UE -> UF, PE -> NX (DE has no RISC-V counterpart).  Results that
//! are not NaN are compared bit for bit; where the host's result is a NaN,
//! crossrun's must be the canonical NaN (x86 propagates an operand or makes
//! a negative default NaN instead).  RMM (ties to max magnitude) has no x86
//! rounding control; `riscv_targeted.rs` tests it.
#![cfg(target_arch = "x86_64")]

mod common;

use std::arch::asm;

use common::{iters, Fmt, Rng, D, S};
use crossrun_softfp::riscv::{self, DZ, NV, NX, OF, RDN, RNE, RTZ, RUP, UF};
use crossrun_softfp::{Float, F32, F64};

/// MXCSR with exceptions masked, flags clear and the x86 rounding control
/// of RISC-V mode `rm` (x86 RC: 0 nearest, 1 down, 2 up, 3 toward zero).
fn mxcsr_for(rm: u32) -> u32 {
    let rc = match rm {
        RNE => 0,
        RDN => 1,
        RUP => 2,
        RTZ => 3,
        _ => unreachable!("no x86 rounding control for rm {rm}"),
    };
    0x1F80 | (rc << 13)
}

fn riscv_flags(mxcsr: u32) -> u32 {
    [(1, NV), (4, DZ), (8, OF), (16, UF), (32, NX)]
        .iter()
        .filter(|(bit, _)| mxcsr & bit != 0)
        .fold(0, |f, (_, flag)| f | flag)
}

/// Runs `$insn` with MXCSR set to `csr` and returns its output register and
/// the MXCSR it left.
macro_rules! host {
    ($csr:expr, $insn:literal, $($operands:tt)*) => {{
        let mut saved = 0u32;
        let mut out = 0u32;
        // SAFETY: the asm touches only the named registers and the three u32
        // locals through valid pointers, and restores MXCSR before it ends.
        unsafe {
            asm!(
                "stmxcsr dword ptr [{saved}]",
                "ldmxcsr dword ptr [{cin}]",
                $insn,
                "stmxcsr dword ptr [{out}]",
                "ldmxcsr dword ptr [{saved}]",
                saved = in(reg) &mut saved as *mut u32,
                cin = in(reg) &$csr as *const u32,
                out = in(reg) &mut out as *mut u32,
                $($operands)*
                options(nostack),
            );
        }
        out
    }};
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Sqrt,
}

fn host_op_d(op: Op, a: f64, b: f64, csr: u32) -> (u64, u32) {
    let mut x = a;
    let m = match op {
        Op::Add => host!(csr, "addsd {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Sub => host!(csr, "subsd {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Mul => host!(csr, "mulsd {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Div => host!(csr, "divsd {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Sqrt => host!(csr, "sqrtsd {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) a,),
    };
    (x.to_bits(), riscv_flags(m))
}

fn host_op_s(op: Op, a: f32, b: f32, csr: u32) -> (u64, u32) {
    let mut x = a;
    let m = match op {
        Op::Add => host!(csr, "addss {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Sub => host!(csr, "subss {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Mul => host!(csr, "mulss {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Div => host!(csr, "divss {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) b,),
        Op::Sqrt => host!(csr, "sqrtss {x}, {y}", x = inout(xmm_reg) x, y = in(xmm_reg) a,),
    };
    (x.to_bits() as u64, riscv_flags(m))
}

fn ours<T: Float>(op: Op, a: u64, b: u64, rm: u32) -> (u64, u32) {
    let mut f = 0;
    let (a, b) = (T::from_u64(a), T::from_u64(b));
    let r = match op {
        Op::Add => riscv::add::<T>(a, b, rm, &mut f),
        Op::Sub => riscv::sub::<T>(a, b, rm, &mut f),
        Op::Mul => riscv::mul::<T>(a, b, rm, &mut f),
        Op::Div => riscv::div::<T>(a, b, rm, &mut f),
        Op::Sqrt => riscv::sqrt::<T>(a, rm, &mut f),
    };
    (T::to_u64(r), f)
}

/// Compares one result: bit for bit, or canonical NaN where the host made a NaN.
fn check(fmt: Fmt, what: &str, got: (u64, u32), host: (u64, u32)) {
    let canonical = if fmt.n() == 32 { riscv::CANONICAL_NAN_S as u64 } else { riscv::CANONICAL_NAN_D };
    let want = if fmt.is_nan(host.0) { canonical } else { host.0 };
    assert_eq!(got, (want, host.1), "{what}: got (result, fflags), want");
}

const MODES: [u32; 4] = [RNE, RTZ, RDN, RUP];

#[test]
fn arithmetic_matches_host() {
    let mut rng = Rng::new(0x5256_4641);
    for i in 0..iters(400_000) {
        let op = [Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sqrt][i % 5];
        let rm = MODES[rng.below(4) as usize];
        let csr = mxcsr_for(rm);
        let double = rng.bit();
        let fmt = if double { D } else { S };
        let a = fmt.gen(&mut rng, true);
        let b = fmt.gen_related(&mut rng, a, true);
        let (got, host) = if double {
            (ours::<F64>(op, a, b, rm), host_op_d(op, f64::from_bits(a), f64::from_bits(b), csr))
        } else {
            let (x, y) = (f32::from_bits(a as u32), f32::from_bits(b as u32));
            (ours::<F32>(op, a, b, rm), host_op_s(op, x, y, csr))
        };
        check(fmt, &format!("{op:?} {a:#x} {b:#x} rm {rm}"), got, host);
    }
}

#[test]
fn fused_multiply_add_matches_host() {
    if !std::arch::is_x86_feature_detected!("fma") {
        eprintln!("skipped: the host has no FMA3 to compare with");
        return;
    }
    let mut rng = Rng::new(0x464d_4144);
    for _ in 0..iters(300_000) {
        let rm = MODES[rng.below(4) as usize];
        let csr = mxcsr_for(rm);
        let double = rng.bit();
        let fmt = if double { D } else { S };
        let a = fmt.gen(&mut rng, true);
        let b = fmt.gen_related(&mut rng, a, true);
        let c = fmt.gen_related(&mut rng, a, true);
        let (np, na) = (rng.bit(), rng.bit());
        let flip = |x: u64, neg: bool| x ^ if neg { fmt.sign_mask() } else { 0 };
        // x86 computes a*b + c; RISC-V's negations are the same operation on
        // negated operands.
        let (ha, hc) = (flip(a, np), flip(c, na));
        let mut f = 0;
        let (got, host) = if double {
            let r = riscv::fused_mul_add::<F64>(a, b, c, np, na, rm, &mut f);
            let mut acc = f64::from_bits(hc);
            let m = host!(csr, "vfmadd231sd {acc}, {a}, {b}",
                acc = inout(xmm_reg) acc, a = in(xmm_reg) f64::from_bits(ha), b = in(xmm_reg) f64::from_bits(b),);
            ((r, f), (acc.to_bits(), riscv_flags(m)))
        } else {
            let r = riscv::fused_mul_add::<F32>(a as u32, b as u32, c as u32, np, na, rm, &mut f);
            let mut acc = f32::from_bits(hc as u32);
            let m = host!(csr, "vfmadd231ss {acc}, {a}, {b}",
                acc = inout(xmm_reg) acc, a = in(xmm_reg) f32::from_bits(ha as u32), b = in(xmm_reg) f32::from_bits(b as u32),);
            ((r as u64, f), (acc.to_bits() as u64, riscv_flags(m)))
        };
        check(fmt, &format!("fma {a:#x} {b:#x} {c:#x} neg {np}/{na} rm {rm}"), got, host);
    }
}

#[test]
fn precision_conversions_match_host() {
    let mut rng = Rng::new(0x4356_5444);
    for _ in 0..iters(200_000) {
        let rm = MODES[rng.below(4) as usize];
        let csr = mxcsr_for(rm);
        let mut f = 0;
        let d = D.gen(&mut rng, true);
        let r = riscv::convert::<F64, F32>(d, rm, &mut f);
        let x: f32;
        let m = host!(csr, "xorps {x}, {x}\ncvtsd2ss {x}, {y}", x = out(xmm_reg) x, y = in(xmm_reg) f64::from_bits(d),);
        check(S, &format!("fcvt.s.d {d:#x} rm {rm}"), (r as u64, f), (x.to_bits() as u64, riscv_flags(m)));

        let mut f = 0;
        let s = S.gen(&mut rng, true) as u32;
        let r = riscv::convert::<F32, F64>(s, rm, &mut f);
        let x: f64;
        let m = host!(csr, "xorps {x}, {x}\ncvtss2sd {x}, {y}", x = out(xmm_reg) x, y = in(xmm_reg) f32::from_bits(s),);
        check(D, &format!("fcvt.d.s {s:#x}"), (r, f), (x.to_bits(), riscv_flags(m)));
    }
}

/// Integer to floating point (signed, as x86 has only signed conversions).
#[test]
fn integer_conversions_match_host() {
    let mut rng = Rng::new(0x4356_5449);
    for _ in 0..iters(200_000) {
        let rm = MODES[rng.below(4) as usize];
        let csr = mxcsr_for(rm);
        let v = rng.next() >> rng.below(64);
        let v = if rng.bit() { v.wrapping_neg() } else { v };
        let mut f = 0;
        let r = riscv::from_int::<F64>(v, 64, false, rm, &mut f);
        let x: f64;
        let m = host!(csr, "xorps {x}, {x}\ncvtsi2sd {x}, {y}", x = out(xmm_reg) x, y = in(reg) v,);
        check(D, &format!("fcvt.d.l {v:#x} rm {rm}"), (r, f), (x.to_bits(), riscv_flags(m)));
        let mut f = 0;
        let r = riscv::from_int::<F32>(v, 32, false, rm, &mut f);
        let x: f32;
        let m = host!(csr, "xorps {x}, {x}\ncvtsi2ss {x}, {y:e}", x = out(xmm_reg) x, y = in(reg) v,);
        check(S, &format!("fcvt.s.w {v:#x} rm {rm}"), (r as u64, f), (x.to_bits() as u64, riscv_flags(m)));
    }
}

/// Floating point to signed integers, where the value is in range (x86's
/// out-of-range answer is the "integer indefinite", RISC-V saturates; the
/// saturation rules are in `riscv_targeted.rs`).
#[test]
fn in_range_float_to_integer_matches_host() {
    let mut rng = Rng::new(0x4643_5654);
    for _ in 0..iters(200_000) {
        let rm = MODES[rng.below(4) as usize];
        let csr = mxcsr_for(rm);
        let d = D.gen(&mut rng, false);
        let mut f = 0;
        let r = riscv::to_int::<F64>(d, 64, false, rm, &mut f);
        let x: i64;
        let m = host!(csr, "cvtsd2si {x}, {y}", x = out(reg) x, y = in(xmm_reg) f64::from_bits(d),);
        if m & 1 == 0 {
            assert_eq!((r, f), (x as u64, riscv_flags(m)), "fcvt.l.d {d:#x} rm {rm}");
        } else {
            assert_eq!(f, NV, "fcvt.l.d {d:#x} rm {rm} is out of range");
        }
        let s = S.gen(&mut rng, false) as u32;
        let mut f = 0;
        let r = riscv::to_int::<F32>(s, 32, false, rm, &mut f);
        let x: i32;
        let m = host!(csr, "cvtss2si {x:e}, {y}", x = out(reg) x, y = in(xmm_reg) f32::from_bits(s),);
        if m & 1 == 0 {
            assert_eq!((r, f), (x as u32 as u64, riscv_flags(m)), "fcvt.w.s {s:#x} rm {rm}");
        } else {
            assert_eq!(f, NV, "fcvt.w.s {s:#x} rm {rm} is out of range");
        }
    }
}

/// FEQ (quiet), FLT and FLE (signalling) against CMPSD/CMPSS predicates
/// EQ_OQ, LT_OS and LE_OS, which have the same NaN rules.
#[test]
fn comparisons_match_host() {
    let mut rng = Rng::new(0x434d_5031);
    let csr = mxcsr_for(RNE);
    for _ in 0..iters(200_000) {
        let a = D.gen(&mut rng, true);
        let b = if rng.below(4) == 0 { a } else { D.gen_related(&mut rng, a, true) };
        let (x, y) = (f64::from_bits(a), f64::from_bits(b));
        for (pred, name) in [(0, "feq"), (1, "flt"), (2, "fle")] {
            let mut f = 0;
            let got = match pred {
                0 => riscv::eq::<F64>(a, b, &mut f),
                1 => riscv::lt::<F64>(a, b, &mut f),
                _ => riscv::le::<F64>(a, b, &mut f),
            };
            let mut r = x;
            let m = match pred {
                0 => host!(csr, "cmpsd {r}, {y}, 0", r = inout(xmm_reg) r, y = in(xmm_reg) y,),
                1 => host!(csr, "cmpsd {r}, {y}, 1", r = inout(xmm_reg) r, y = in(xmm_reg) y,),
                _ => host!(csr, "cmpsd {r}, {y}, 2", r = inout(xmm_reg) r, y = in(xmm_reg) y,),
            };
            // DE (denormal operand) is not an exception RISC-V has.
            let want = (r.to_bits() != 0, riscv_flags(m) & NV);
            assert_eq!((got, f), want, "{name}.d {a:#x} {b:#x}");
        }
        let (a, b) = (a as u32 | (0x7f80_0000 * rng.below(2) as u32), b as u32);
        let mut f = 0;
        let got = riscv::lt::<F32>(a, b, &mut f);
        let mut r = f32::from_bits(a);
        let m = host!(csr, "cmpss {r}, {y}, 1", r = inout(xmm_reg) r, y = in(xmm_reg) f32::from_bits(b),);
        assert_eq!((got, f), (r.to_bits() != 0, riscv_flags(m) & NV), "flt.s {a:#x} {b:#x}");
    }
}
