//! The JIT's host-FPU path under a second floating-point environment, described only by
//! its `FpEnv` data: RISC-V's rules (flags NX, UF, OF, DZ, NV in bits 0..4 of the status
//! register, the dynamic rounding mode in bits 2..0 of the control register, tininess
//! after rounding, every NaN result the canonical NaN), with helpers computing them
//! with `crossrun_softfp::riscv`. Random hand-written blocks run by the JIT and by the
//! interpreter (which calls the helpers) must end in the same state, so the JIT's NaN
//! writing, flag mapping and rounding-mode check follow the data, not Arm's rules.

mod common;

use common::{executors, install, Fixed, Rng};
use crossrun_ir::{
    Block, BranchKind, CpuState, FpArith, FpCarrier, FpEnv, FpFlags, FpFormat, FpOp, FpRounding, FpShape, Helper, Inst, Meaning, NanRule,
    Op, Reg, Terminator, Tininess, Ty, Value,
};
use crossrun_softfp::riscv as rv;
use crossrun_softfp::{Float, F32, F64};
use std::sync::Arc;

static RV_ENV: FpEnv = FpEnv {
    control: Reg::FpControl,
    rounding_mask: 0b111,
    mode_mask: 0,
    status: Reg::FpStatus,
    flags: FpFlags { invalid: rv::NV, div_by_zero: rv::DZ, overflow: rv::OF, underflow: rv::UF, inexact: rv::NX },
    tininess: Tininess::AfterRounding,
    nan: NanRule::Canonical,
};

/// The control argument is the lane count; rounding is the control register's.
fn shape(ctl: u64) -> Option<FpShape> {
    Some(FpShape { lanes: ctl as u8, rounding: FpRounding::Dynamic })
}

/// `op` lane by lane over `ctl` lanes, the other lanes zero.
fn lanes<T: Float>(cpu: &mut CpuState, args: &[u128], op: FpOp) -> u128 {
    let rm = cpu.fp_control & 7;
    let lanes = *args.last().unwrap() as u32;
    let mut flags = 0;
    let lane = |v: u128, e: u32| T::from_u64((v >> (e * T::N)) as u64 & (u64::MAX >> (64 - T::N)));
    let mut out = 0u128;
    for e in 0..lanes {
        let (a, b) = (lane(args[0], e), lane(args[1], e));
        let r = match op {
            FpOp::Add => rv::add::<T>(a, b, rm, &mut flags),
            FpOp::Sub => rv::sub::<T>(a, b, rm, &mut flags),
            FpOp::Mul => rv::mul::<T>(a, b, rm, &mut flags),
            FpOp::Div => rv::div::<T>(a, b, rm, &mut flags),
            FpOp::Sqrt => rv::sqrt::<T>(a, rm, &mut flags),
            // acc, a, b: acc ± a * b.
            FpOp::MulAdd | FpOp::MulSub => {
                let m = lane(args[2], e);
                rv::fused_mul_add::<T>(b, m, a, op == FpOp::MulSub, false, rm, &mut flags)
            }
            // a, b, c: ±(a * b) ± c.
            FpOp::FusedMulAdd { negate_product, negate_addend } => {
                let c = lane(args[2], e);
                rv::fused_mul_add::<T>(a, b, c, negate_product, negate_addend, rm, &mut flags)
            }
        };
        out |= (T::to_u64(r) as u128) << (e * T::N);
    }
    cpu.fp_status |= flags;
    out
}

macro_rules! helper {
    ($name:ident, $op:expr, $t:ident, $format:ident, $args:expr) => {
        static $name: Helper = Helper {
            name: stringify!($name),
            func: |cpu, a| lanes::<$t>(cpu, a, $op),
            args: $args,
            ret: Ty::V128,
            pure: false,
            meaning: Meaning::Fp(FpArith { op: $op, format: FpFormat::$format, shape, env: &RV_ENV, carrier: FpCarrier::Vector }),
        };
    };
}

const VC: &[Ty] = &[Ty::V128, Ty::I32];
const VVC: &[Ty] = &[Ty::V128, Ty::V128, Ty::I32];
const VVVC: &[Ty] = &[Ty::V128, Ty::V128, Ty::V128, Ty::I32];

helper!(ADD_D, FpOp::Add, F64, Double, VVC);
helper!(SUB_S, FpOp::Sub, F32, Single, VVC);
helper!(MUL_D, FpOp::Mul, F64, Double, VVC);
helper!(MUL_S, FpOp::Mul, F32, Single, VVC);
helper!(DIV_D, FpOp::Div, F64, Double, VVC);
helper!(SQRT_S, FpOp::Sqrt, F32, Single, VC);
helper!(FMA_D, FpOp::MulAdd, F64, Double, VVVC);
helper!(FMS_S, FpOp::MulSub, F32, Single, VVVC);
helper!(FNMADD_D, FpOp::FusedMulAdd { negate_product: true, negate_addend: true }, F64, Double, VVVC);
helper!(FMSUB_S, FpOp::FusedMulAdd { negate_product: false, negate_addend: true }, F32, Single, VVVC);

const HELPERS: [&Helper; 10] = [&ADD_D, &SUB_S, &MUL_D, &MUL_S, &DIV_D, &SQRT_S, &FMA_D, &FMS_S, &FNMADD_D, &FMSUB_S];

/// Special and ordinary bit patterns of width `bits`.
fn value(rng: &mut Rng, bits: u32) -> u64 {
    let (exp, frac, min) = if bits == 64 { (0x7ffu64 << 52, (1u64 << 52) - 1, 1u64 << 52) } else { (0xffu64 << 23, (1u64 << 23) - 1, 1u64 << 23) };
    let f = rng.next() & frac;
    let v = match rng.below(10) {
        0 => 0,
        1 => exp,
        2 => exp | f | 1,
        3 => f,
        4 => min | (f & 3),
        5 => min - 1 - (f & 3),
        6 => (exp - min) | f,
        _ => (exp >> 1 & exp) | f,
    };
    v | if rng.below(2) == 0 { 0 } else { 1 << (bits - 1) }
}

fn inst(op: Op, ty: Ty) -> Inst {
    Inst { op, ty }
}

/// A block of FP ops on V0..V3 (each result into the next), with reads of the status
/// register into X`k` after some op `k`, so flags pending in the host are folded
/// mid-block too.
fn block(pc: u64, rng: &mut Rng) -> Block {
    let mut insts = vec![inst(Op::GuestPc(pc), Ty::Void)];
    let push = |insts: &mut Vec<Inst>, op: Op, ty: Ty| {
        insts.push(inst(op, ty));
        Value(insts.len() as u32 - 1)
    };
    for k in 0..6 {
        let h = HELPERS[rng.below(HELPERS.len() as u64) as usize];
        let double = matches!(h.meaning, Meaning::Fp(FpArith { format: FpFormat::Double, .. }));
        let full = if double { 2 } else { 4 };
        let lanes = if rng.below(2) == 0 { 1 } else { full };
        let mut args: Vec<Value> = (0..h.args.len() - 1).map(|n| push(&mut insts, Op::GetReg(Reg::V(((k + n) % 4) as u8)), Ty::V128)).collect();
        args.push(push(&mut insts, Op::Const(lanes), Ty::I32));
        let r = push(&mut insts, Op::Call(h, args), Ty::V128);
        push(&mut insts, Op::SetReg(Reg::V(((k + 2) % 4) as u8), r), Ty::Void);
        if rng.below(2) == 0 {
            let s = push(&mut insts, Op::GetReg(Reg::FpStatus), Ty::I32);
            let x = push(&mut insts, Op::Zext(crossrun_ir::Width::W32, s), Ty::I64);
            push(&mut insts, Op::SetReg(Reg::X(k as u8), x), Ty::Void);
        }
    }
    let b = Block { start_pc: pc, end_pc: pc + 4, guest_insns: 1, insts, term: Terminator::Jump { target: 0, kind: BranchKind::Plain } };
    crossrun_ir::verify(&b).unwrap();
    b
}

#[test]
fn a_second_fp_environment_is_followed_by_its_data() {
    install();
    let mut rng = Rng(0x5eed);
    let frontend = Arc::new(Fixed::default());
    let pcs: Vec<u64> = (0..300).map(|k| 0x1000 + 0x100 * k).collect();
    for &pc in &pcs {
        frontend.0.lock().unwrap().insert(pc, block(pc, &mut rng));
    }
    let (_cache, mut interp, mut jit) = executors(frontend, false);
    for &pc in &pcs {
        for _ in 0..20 {
            let mut cpu = CpuState::default();
            for v in cpu.v.iter_mut().take(4) {
                let double = rng.below(2) == 0;
                *v = if double {
                    value(&mut rng, 64) as u128 | (value(&mut rng, 64) as u128) << 64
                } else {
                    (0..4).fold(0, |acc, k| acc | (value(&mut rng, 32) as u128) << (32 * k))
                };
            }
            // Round to nearest even mostly, the host path; sometimes another mode.
            cpu.fp_control = if rng.below(4) == 0 { rng.below(5) as u32 } else { 0 };
            cpu.fp_status = if rng.below(2) == 0 { 0 } else { rng.below(32) as u32 };
            cpu.pc = pc;
            let (mut want, mut got) = (cpu.clone(), cpu.clone());
            assert_eq!(interp.step(&mut want), None);
            assert_eq!(jit.step(&mut got), None);
            assert_eq!(got, want, "block {pc:#x} from {cpu:x?}\n{}", _cache.get(pc));
        }
    }
    assert_eq!(jit.stats().blocks_compiled as usize, pcs.len());
}
