//! The helpers FP translations call, one per operation and format (`[single, double]`,
//! indexed by [`super::Fmt::index`]). They take f register contents as I64 (a single
//! unboxed here: the canonical NaN if not properly NaN-boxed) and a rounding mode that
//! the translation already checked (a static mode, or DYN for `frm`, which the
//! translation has checked is not reserved), return an f register's new contents (a
//! single NaN-boxed) or an integer, and OR the exceptions they raise into `fflags`
//! (`CpuState::fpsr`). Named `rv.<op>.<fmt>`.
//!
//! The arithmetic helpers say what they compute (`Meaning::Fp` under [`RV_FP_ENV`]), so
//! a JIT may run them on its host's FPU.

use crossrun_ir::{
    ConvertShape, CpuState, FpArith, FpCarrier, FpConvert, FpEnv, FpFlags, FpFormat, FpOp, FpRounding, FpShape, Helper, Meaning, NanRule, Reg,
    Tininess, Ty,
};
use crossrun_softfp::riscv::{self as rv, CANONICAL_NAN_S};
use crossrun_softfp::{Float, F32, F64};

/// RISC-V's floating-point environment: `frm` (bits 2:0 of `Reg::FpControl`) selects the
/// dynamic rounding, 0 being nearest even; nothing else changes IEEE 754's defaults (no
/// flush to zero, no traps); `fflags` (bits 4:0 of `Reg::FpStatus`) are NX 0, UF 1, OF 2,
/// DZ 3, NV 4; tininess is detected after rounding, and every NaN result is the
/// canonical NaN.
pub(crate) static RV_FP_ENV: FpEnv = FpEnv {
    control: Reg::FpControl,
    rounding_mask: 0b111,
    mode_mask: 0,
    status: Reg::FpStatus,
    flags: FpFlags { invalid: rv::NV, div_by_zero: rv::DZ, overflow: rv::OF, underflow: rv::UF, inexact: rv::NX },
    tininess: Tininess::AfterRounding,
    nan: NanRule::Canonical,
};

/// The shape of an arithmetic helper's control argument: one value, rounded as the
/// mode in bits 2:0 says.
fn shape(ctl: u64) -> Option<FpShape> {
    Some(FpShape { lanes: 1, rounding: rounding(ctl) })
}

const fn arith(op: FpOp, format: FpFormat) -> Meaning {
    Meaning::Fp(FpArith { op, format, shape, env: &RV_FP_ENV, carrier: FpCarrier::Boxed64 })
}

/// The rounding mode in bits 2:0 of a control argument, DYN resolved to `frm`.
fn mode(cpu: &CpuState, ctl: u128) -> u32 {
    match ctl as u32 & 7 {
        rv::DYN => cpu.fp_control & 7,
        m => m,
    }
}

/// A format as held in a 64-bit f register.
pub(crate) trait Held: Float {
    fn unbox(raw: u64) -> Self::Bits;
    fn boxed(v: Self::Bits) -> u64;
}

impl Held for F32 {
    fn unbox(raw: u64) -> u32 {
        if raw >> 32 == 0xffff_ffff {
            raw as u32
        } else {
            CANONICAL_NAN_S
        }
    }
    fn boxed(v: u32) -> u64 {
        0xffff_ffff_0000_0000 | u64::from(v)
    }
}

impl Held for F64 {
    fn unbox(raw: u64) -> u64 {
        raw
    }
    fn boxed(v: u64) -> u64 {
        v
    }
}

const FFC: &[Ty] = &[Ty::I64, Ty::I64, Ty::I32];
const FFFC: &[Ty] = &[Ty::I64, Ty::I64, Ty::I64, Ty::I32];
const FC: &[Ty] = &[Ty::I64, Ty::I32];
const FF: &[Ty] = &[Ty::I64, Ty::I64];

/// Runs `op` on the helper's `fflags`.
fn with_flags<R>(cpu: &mut CpuState, op: impl FnOnce(&mut u32) -> R) -> R {
    let mut flags = 0;
    let r = op(&mut flags);
    cpu.fp_status |= flags;
    r
}

fn arg<T: Held>(args: &[u128], i: usize) -> T::Bits {
    T::unbox(args[i] as u64)
}

/// Defines `static NAME: [Helper; 2]` for single and double precision from a function
/// generic over the format.
macro_rules! sized {
    ($name:ident, $label:literal, $args:expr, $ret:expr, $pure:expr, $func:ident) => {
        pub(crate) static $name: [Helper; 2] = [
            Helper { name: concat!("rv.", $label, ".s"), func: $func::<F32>, args: $args, ret: $ret, pure: $pure, meaning: Meaning::Opaque },
            Helper { name: concat!("rv.", $label, ".d"), func: $func::<F64>, args: $args, ret: $ret, pure: $pure, meaning: Meaning::Opaque },
        ];
    };
    ($name:ident, $label:literal, $args:expr, $func:ident, $op:ident) => {
        pub(crate) static $name: [Helper; 2] = [
            Helper { name: concat!("rv.", $label, ".s"), func: $func::<F32>, args: $args, ret: Ty::I64, pure: false, meaning: arith(FpOp::$op, FpFormat::Single) },
            Helper { name: concat!("rv.", $label, ".d"), func: $func::<F64>, args: $args, ret: Ty::I64, pure: false, meaning: arith(FpOp::$op, FpFormat::Double) },
        ];
    };
}

fn add<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[2]);
    T::boxed(with_flags(cpu, |f| rv::add::<T>(arg::<T>(a, 0), arg::<T>(a, 1), rm, f))).into()
}
fn sub<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[2]);
    T::boxed(with_flags(cpu, |f| rv::sub::<T>(arg::<T>(a, 0), arg::<T>(a, 1), rm, f))).into()
}
fn mul<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[2]);
    T::boxed(with_flags(cpu, |f| rv::mul::<T>(arg::<T>(a, 0), arg::<T>(a, 1), rm, f))).into()
}
fn div<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[2]);
    T::boxed(with_flags(cpu, |f| rv::div::<T>(arg::<T>(a, 0), arg::<T>(a, 1), rm, f))).into()
}
fn sqrt<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[1]);
    T::boxed(with_flags(cpu, |f| rv::sqrt::<T>(arg::<T>(a, 0), rm, f))).into()
}
fn min<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::min_max::<T>(arg::<T>(a, 0), arg::<T>(a, 1), false, f))).into()
}
fn max<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::min_max::<T>(arg::<T>(a, 0), arg::<T>(a, 1), true, f))).into()
}

sized!(FADD, "fadd", FFC, add, Add);
sized!(FSUB, "fsub", FFC, sub, Sub);
sized!(FMUL, "fmul", FFC, mul, Mul);
sized!(FDIV, "fdiv", FFC, div, Div);
sized!(FSQRT, "fsqrt", FC, sqrt, Sqrt);
sized!(FMIN, "fmin", FF, Ty::I64, false, min);
sized!(FMAX, "fmax", FF, Ty::I64, false, max);

/// `±(a * b) ± c`, negated as `NP` (the product) and `NA` (the addend) say.
fn fma<T: Held, const NP: bool, const NA: bool>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[3]);
    let (x, y, z) = (arg::<T>(a, 0), arg::<T>(a, 1), arg::<T>(a, 2));
    T::boxed(with_flags(cpu, |f| rv::fused_mul_add::<T>(x, y, z, NP, NA, rm, f))).into()
}

macro_rules! fused {
    ($name:ident, $label:literal, $np:literal, $na:literal) => {
        pub(crate) static $name: [Helper; 2] = [
            Helper {
                name: concat!("rv.", $label, ".s"),
                func: fma::<F32, $np, $na>,
                args: FFFC,
                ret: Ty::I64,
                pure: false,
                meaning: arith(FpOp::FusedMulAdd { negate_product: $np, negate_addend: $na }, FpFormat::Single),
            },
            Helper {
                name: concat!("rv.", $label, ".d"),
                func: fma::<F64, $np, $na>,
                args: FFFC,
                ret: Ty::I64,
                pure: false,
                meaning: arith(FpOp::FusedMulAdd { negate_product: $np, negate_addend: $na }, FpFormat::Double),
            },
        ];
    };
}

fused!(FMADD, "fmadd", false, false);
fused!(FMSUB, "fmsub", false, true);
fused!(FNMSUB, "fnmsub", true, false);
fused!(FNMADD, "fnmadd", true, true);

fn feq<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    with_flags(cpu, |f| rv::eq::<T>(arg::<T>(a, 0), arg::<T>(a, 1), f)).into()
}
fn flt<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    with_flags(cpu, |f| rv::lt::<T>(arg::<T>(a, 0), arg::<T>(a, 1), f)).into()
}
fn fle<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    with_flags(cpu, |f| rv::le::<T>(arg::<T>(a, 0), arg::<T>(a, 1), f)).into()
}
fn fclass<T: Held>(_cpu: &mut CpuState, a: &[u128]) -> u128 {
    rv::classify::<T>(arg::<T>(a, 0)).into()
}

sized!(FEQ, "feq", FF, Ty::I64, false, feq);
sized!(FLT, "flt", FF, Ty::I64, false, flt);
sized!(FLE, "fle", FF, Ty::I64, false, fle);
sized!(FCLASS, "fclass", &[Ty::I64], Ty::I64, true, fclass);

/// The integer of a conversion, in bits 4:3 of the control argument of [`FCVT_TO_INT`]
/// and [`FCVT_FROM_INT`] (the rounding mode is in bits 2:0): the `rs2` field of FCVT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntKind {
    W,
    Wu,
    L,
    Lu,
}

impl IntKind {
    pub(crate) fn from_field(k: u32) -> IntKind {
        [IntKind::W, IntKind::Wu, IntKind::L, IntKind::Lu][k as usize & 3]
    }

    fn bits(self) -> u32 {
        match self {
            IntKind::W | IntKind::Wu => 32,
            IntKind::L | IntKind::Lu => 64,
        }
    }

    fn unsigned(self) -> bool {
        matches!(self, IntKind::Wu | IntKind::Lu)
    }
}

/// FCVT.{W,WU,L,LU}.fmt: a 32-bit result, signed or not, is sign-extended to 64 bits.
fn to_int<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let ctl = a[1] as u32;
    let kind = IntKind::from_field(ctl >> 3);
    let rm = mode(cpu, a[1]);
    let r = with_flags(cpu, |f| rv::to_int::<T>(arg::<T>(a, 0), kind.bits(), kind.unsigned(), rm, f));
    let r = if kind.bits() == 32 { r as u32 as i32 as u64 } else { r };
    r.into()
}

fn from_int<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let ctl = a[1] as u32;
    let kind = IntKind::from_field(ctl >> 3);
    let rm = mode(cpu, a[1]);
    T::boxed(with_flags(cpu, |f| rv::from_int::<T>(a[0] as u64, kind.bits(), kind.unsigned(), rm, f))).into()
}

/// The rounding a control argument's bits 2:0 select.
fn rounding(ctl: u64) -> FpRounding {
    match ctl as u32 & 7 {
        rv::RNE => FpRounding::NearestEven,
        rv::RTZ => FpRounding::TowardZero,
        rv::DYN => FpRounding::Dynamic,
        _ => FpRounding::Other,
    }
}

/// FCVT.L.D as `FpConvert` describes it; the 32-bit forms sign-extend their result and
/// FCVT.LU.D is unsigned 64-bit, so they are left to the helper.
fn to_int_shape(ctl: u64) -> Option<ConvertShape> {
    (IntKind::from_field(ctl as u32 >> 3) == IntKind::L).then(|| ConvertShape { int_bits: 64, signed: true, rounding: rounding(ctl) })
}

/// FCVT.D.W (which reads the low 32 bits of its register) and FCVT.D.L; the unsigned
/// forms are left to the helper (FCVT.D.WU's register is not zero-extended).
fn from_int_shape(ctl: u64) -> Option<ConvertShape> {
    let int_bits = match IntKind::from_field(ctl as u32 >> 3) {
        IntKind::W => 32,
        IntKind::L => 64,
        IntKind::Wu | IntKind::Lu => return None,
    };
    Some(ConvertShape { int_bits, signed: true, rounding: rounding(ctl) })
}

/// Conversions of doubles only: a single's register is NaN-boxed, which `FpConvert`
/// does not describe.
const fn convert(to_int: bool) -> Meaning {
    let shape = if to_int { to_int_shape } else { from_int_shape };
    Meaning::FpConvert(FpConvert { to_int, format: FpFormat::Double, shape, env: &RV_FP_ENV })
}

pub(crate) static FCVT_TO_INT: [Helper; 2] = [
    Helper { name: "rv.fcvt.int.s", func: to_int::<F32>, args: FC, ret: Ty::I64, pure: false, meaning: Meaning::Opaque },
    Helper { name: "rv.fcvt.int.d", func: to_int::<F64>, args: FC, ret: Ty::I64, pure: false, meaning: convert(true) },
];
pub(crate) static FCVT_FROM_INT: [Helper; 2] = [
    Helper { name: "rv.fcvt.from_int.s", func: from_int::<F32>, args: FC, ret: Ty::I64, pure: false, meaning: Meaning::Opaque },
    Helper { name: "rv.fcvt.from_int.d", func: from_int::<F64>, args: FC, ret: Ty::I64, pure: false, meaning: convert(false) },
];

fn s_from_d(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[1]);
    F32::boxed(with_flags(cpu, |f| rv::convert::<F64, F32>(a[0] as u64, rm, f))).into()
}

fn d_from_s(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let rm = mode(cpu, a[1]);
    with_flags(cpu, |f| rv::convert::<F32, F64>(F32::unbox(a[0] as u64), rm, f)).into()
}

pub(crate) static FCVT_S_D: Helper = Helper { name: "rv.fcvt.s.d", func: s_from_d, args: FC, ret: Ty::I64, pure: false, meaning: Meaning::Opaque };
pub(crate) static FCVT_D_S: Helper = Helper { name: "rv.fcvt.d.s", func: d_from_s, args: FC, ret: Ty::I64, pure: false, meaning: Meaning::Opaque };
