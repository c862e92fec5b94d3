//! The helpers FP translations call, one per operation and format (`[single, double]`,
//! indexed by [`super::Fmt::index`]). They take f register contents as I64 (a single
//! unboxed here: the canonical NaN if not properly NaN-boxed) and a rounding mode that
//! the translation already resolved to a valid one, return an f register's new
//! contents (a single NaN-boxed) or an integer, and OR the exceptions they raise into
//! `fflags` (`CpuState::fpsr`). Named `rv.<op>.<fmt>`.

use crossrun_ir::{CpuState, Helper, Meaning, Ty};
use crossrun_softfp::riscv::{self as rv, CANONICAL_NAN_S};
use crossrun_softfp::{Float, F32, F64};

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
    cpu.fpsr |= flags;
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
}

fn add<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::add::<T>(arg::<T>(a, 0), arg::<T>(a, 1), a[2] as u32, f))).into()
}
fn sub<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::sub::<T>(arg::<T>(a, 0), arg::<T>(a, 1), a[2] as u32, f))).into()
}
fn mul<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::mul::<T>(arg::<T>(a, 0), arg::<T>(a, 1), a[2] as u32, f))).into()
}
fn div<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::div::<T>(arg::<T>(a, 0), arg::<T>(a, 1), a[2] as u32, f))).into()
}
fn sqrt<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::sqrt::<T>(arg::<T>(a, 0), a[1] as u32, f))).into()
}
fn min<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::min_max::<T>(arg::<T>(a, 0), arg::<T>(a, 1), false, f))).into()
}
fn max<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    T::boxed(with_flags(cpu, |f| rv::min_max::<T>(arg::<T>(a, 0), arg::<T>(a, 1), true, f))).into()
}

sized!(FADD, "fadd", FFC, Ty::I64, false, add);
sized!(FSUB, "fsub", FFC, Ty::I64, false, sub);
sized!(FMUL, "fmul", FFC, Ty::I64, false, mul);
sized!(FDIV, "fdiv", FFC, Ty::I64, false, div);
sized!(FSQRT, "fsqrt", FC, Ty::I64, false, sqrt);
sized!(FMIN, "fmin", FF, Ty::I64, false, min);
sized!(FMAX, "fmax", FF, Ty::I64, false, max);

/// The control argument of [`FMA`]: the rounding mode in bits 2:0, bit 3 negates the
/// product, bit 4 the addend.
pub(crate) const FMA_NEGATE_PRODUCT: u32 = 1 << 3;
pub(crate) const FMA_NEGATE_ADDEND: u32 = 1 << 4;

fn fma<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let ctl = a[3] as u32;
    let (np, na) = (ctl & FMA_NEGATE_PRODUCT != 0, ctl & FMA_NEGATE_ADDEND != 0);
    let (x, y, z) = (arg::<T>(a, 0), arg::<T>(a, 1), arg::<T>(a, 2));
    T::boxed(with_flags(cpu, |f| rv::fused_mul_add::<T>(x, y, z, np, na, ctl & 7, f))).into()
}

sized!(FMA, "fma", FFFC, Ty::I64, false, fma);

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
    let r = with_flags(cpu, |f| rv::to_int::<T>(arg::<T>(a, 0), kind.bits(), kind.unsigned(), ctl & 7, f));
    let r = if kind.bits() == 32 { r as u32 as i32 as u64 } else { r };
    r.into()
}

fn from_int<T: Held>(cpu: &mut CpuState, a: &[u128]) -> u128 {
    let ctl = a[1] as u32;
    let kind = IntKind::from_field(ctl >> 3);
    T::boxed(with_flags(cpu, |f| rv::from_int::<T>(a[0] as u64, kind.bits(), kind.unsigned(), ctl & 7, f))).into()
}

sized!(FCVT_TO_INT, "fcvt.int", FC, Ty::I64, false, to_int);
sized!(FCVT_FROM_INT, "fcvt.from_int", FC, Ty::I64, false, from_int);

fn s_from_d(cpu: &mut CpuState, a: &[u128]) -> u128 {
    F32::boxed(with_flags(cpu, |f| rv::convert::<F64, F32>(a[0] as u64, a[1] as u32, f))).into()
}

fn d_from_s(cpu: &mut CpuState, a: &[u128]) -> u128 {
    with_flags(cpu, |f| rv::convert::<F32, F64>(F32::unbox(a[0] as u64), a[1] as u32, f)).into()
}

pub(crate) static FCVT_S_D: Helper = Helper { name: "rv.fcvt.s.d", func: s_from_d, args: FC, ret: Ty::I64, pure: false, meaning: Meaning::Opaque };
pub(crate) static FCVT_D_S: Helper = Helper { name: "rv.fcvt.d.s", func: d_from_s, args: FC, ret: Ty::I64, pure: false, meaning: Meaning::Opaque };
