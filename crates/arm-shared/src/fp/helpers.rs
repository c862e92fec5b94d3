//! The helpers FP translations call. Each operation has one helper per element size,
//! `[single, double]`, indexed by [`super::Fsz::index`]; all of them read FPCR and update
//! FPSR, so none is pure (except the unsigned estimates, which touch neither).

use super::lanes::{binary, convert, mask, ternary, unary, Ctl};
use crossrun_ir::{
    CpuState, FpArith, FpCarrier, FpConvert, FpEnv, FpFlags, FpFormat, FpOp, Helper, Meaning, NanRule, Reg, Tininess, Ty,
};
use crossrun_softfp::{self as sf, Float, F16, F32, F64};

const VVC: &[Ty] = &[Ty::V128, Ty::V128, Ty::I32];
const VVVC: &[Ty] = &[Ty::V128, Ty::V128, Ty::V128, Ty::I32];
const VC: &[Ty] = &[Ty::V128, Ty::I32];
const XC: &[Ty] = &[Ty::I64, Ty::I32];

/// Defines `static NAME: [Helper; 2]` for single and double precision from a generic
/// element operation `op::<T>` run by the lane loop `kernel::<T>`. A trailing `=> Op`
/// describes them as the IEEE operation `FpOp::Op` (see [`fp_meaning`]); without it they
/// are opaque.
macro_rules! sized {
    ($name:ident, $label:literal, $kernel:ident, $args:expr, $ret:expr, $($op:ident)::+ $(=> $fp:ident)?) => {
        pub static $name: [Helper; 2] = [
            Helper {
                name: concat!($label, ".s"),
                func: |cpu, a| $kernel::<F32>(cpu, a, $($op)::+::<F32>),
                args: $args,
                ret: $ret,
                pure: false,
                meaning: sized!(@meaning Single $(, $fp)?),
            },
            Helper {
                name: concat!($label, ".d"),
                func: |cpu, a| $kernel::<F64>(cpu, a, $($op)::+::<F64>),
                args: $args,
                ret: $ret,
                pure: false,
                meaning: sized!(@meaning Double $(, $fp)?),
            },
        ];
    };
    (@meaning $format:ident) => { Meaning::Opaque };
    (@meaning $format:ident, ToInt) => { convert_meaning(true, FpFormat::$format) };
    (@meaning $format:ident, FromInt) => { convert_meaning(false, FpFormat::$format) };
    (@meaning $format:ident, $fp:ident) => { fp_meaning(FpOp::$fp, FpFormat::$format) };
}

/// Arm's floating-point environment, as the JIT's host-FPU path needs it: FPCR.RMode
/// (bits 23:22) selects the dynamic rounding; DN (25), FZ (24) and the trap enables
/// (IDE 15, IXE 12, UFE 11, OFE 10, DZE 9, IOE 8) must be clear for IEEE 754's defaults;
/// FPSR's cumulative flags are IOC 0, DZC 1, OFC 2, UFC 3, IXC 4. Arm detects tininess
/// before rounding and propagates operand NaNs by its own priority rules.
pub static A64_FP_ENV: FpEnv = FpEnv {
    control: Reg::FpControl,
    rounding_mask: 3 << 22,
    mode_mask: 1 << 25 | 1 << 24 | 0x9f00,
    status: Reg::FpStatus,
    flags: FpFlags { invalid: 1 << 0, div_by_zero: 1 << 1, overflow: 1 << 2, underflow: 1 << 3, inexact: 1 << 4 },
    tininess: Tininess::BeforeRounding,
    nan: NanRule::Propagate,
};

const fn fp_meaning(op: FpOp, format: FpFormat) -> Meaning {
    Meaning::Fp(FpArith { op, format, shape: Ctl::fp_shape, env: &A64_FP_ENV, carrier: FpCarrier::Vector })
}

const fn convert_meaning(to_int: bool, format: FpFormat) -> Meaning {
    Meaning::FpConvert(FpConvert { to_int, format, shape: Ctl::convert_shape, env: &A64_FP_ENV })
}

macro_rules! binaries {
    ($($name:ident $label:literal $($op:ident)::+ $(=> $fp:ident)?;)*) => {
        $( sized!($name, $label, binary, VVC, Ty::V128, $($op)::+ $(=> $fp)?); )*
    };
}

binaries! {
    FADD "fadd" sf::add => Add;
    FSUB "fsub" sf::sub => Sub;
    FMUL "fmul" sf::mul => Mul;
    FDIV "fdiv" sf::div => Div;
    FMAX "fmax" sf::max;
    FMIN "fmin" sf::min;
    FMAXNM "fmaxnm" sf::maxnum;
    FMINNM "fminnm" sf::minnum;
    FNMUL "fnmul" sf::nmul;
    FMULX "fmulx" sf::mulx;
    FABD "fabd" sf::abd;
    FRECPS "frecps" sf::recip_step;
    FRSQRTS "frsqrts" sf::rsqrt_step;
    VRECPS "vrecps" sf::recip_step_unfused;
    VRSQRTS "vrsqrts" sf::rsqrt_step_unfused;
    FCMEQ "fcmeq" ops::cmeq;
    FCMGE "fcmge" ops::cmge;
    FCMGT "fcmgt" ops::cmgt;
    FACGE "facge" ops::acge;
    FACGT "facgt" ops::acgt;
}

sized!(FMLA, "fmla", ternary, VVVC, Ty::V128, sf::mul_add => MulAdd);
sized!(FMLS, "fmls", ternary, VVVC, Ty::V128, sf::mul_sub => MulSub);
sized!(FNMADD, "fnmadd", ternary, VVVC, Ty::V128, sf::neg_mul_add);
sized!(FNMSUB, "fnmsub", ternary, VVVC, Ty::V128, sf::neg_mul_sub);

sized!(FSQRT, "fsqrt", unary, VC, Ty::V128, ops::sqrt => Sqrt);
sized!(FRINT, "frint", unary, VC, Ty::V128, ops::frint);
sized!(FCVT_INT, "fcvt_int", unary, VC, Ty::V128, ops::to_int);
sized!(CVTF_INT, "cvtf_int", unary, VC, Ty::V128, ops::from_int);
sized!(FRECPE, "frecpe", unary, VC, Ty::V128, ops::recpe);
sized!(FRSQRTE, "frsqrte", unary, VC, Ty::V128, ops::rsqrte);
sized!(FRECPX, "frecpx", unary, VC, Ty::V128, ops::recpx);

sized!(FCVT_GPR, "fcvt_gpr", scalar, XC, Ty::I64, ops::to_gpr => ToInt);
sized!(CVTF_GPR, "cvtf_gpr", scalar, XC, Ty::I64, ops::from_gpr => FromInt);
sized!(
    FCCMP,
    "fccmp",
    scalar,
    &[Ty::I64, Ty::I64, Ty::I32, Ty::I32],
    Ty::I32,
    ops::ccmp
);

/// Helper body for operations on scalar general-register-sized values (conversions
/// to and from general registers, the flag-setting compares). `T` is unused but keeps
/// the shape of the lane kernels, so `sized!` instantiates all of them alike.
#[allow(clippy::extra_unused_type_parameters)]
#[inline(always)]
fn scalar<T: Float>(
    cpu: &mut CpuState,
    args: &[u128],
    op: impl Fn(&[u128], u32, &mut u32) -> u64,
) -> u128 {
    let mut fpsr = cpu.fp_status;
    let r = op(args, cpu.fp_control, &mut fpsr);
    cpu.fp_status = fpsr;
    r as u128
}

/// `CVT_<to>_<from>`.
macro_rules! conversion {
    ($name:ident, $label:literal, $to:ty, $from:ty) => {
        pub static $name: Helper = Helper {
            name: $label,
            func: convert::<$from, $to>,
            args: VC,
            ret: Ty::V128,
            pure: false,
            meaning: Meaning::Opaque,
        };
    };
}

conversion!(CVT_H_S, "fcvt.h.s", F16, F32);
conversion!(CVT_H_D, "fcvt.h.d", F16, F64);
conversion!(CVT_S_H, "fcvt.s.h", F32, F16);
conversion!(CVT_S_D, "fcvt.s.d", F32, F64);
conversion!(CVT_D_H, "fcvt.d.h", F64, F16);
conversion!(CVT_D_S, "fcvt.d.s", F64, F32);

/// URECPE / URSQRTE on the 32-bit lanes of `a`; args `a`, ctl. They are integer
/// estimates and touch no FP state.
fn unsigned_estimate(args: &[u128], op: fn(u32) -> u32) -> u128 {
    let (a, ctl) = (args[0], Ctl(args[1] as u32));
    (0..ctl.count()).fold(0, |out, e| {
        out | (op((a >> (32 * e)) as u32) as u128) << (32 * e)
    })
}

pub static URECPE: Helper = Helper {
    name: "urecpe",
    func: |_, a| unsigned_estimate(a, sf::unsigned_recip_estimate),
    args: VC,
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Opaque,
};

pub static URSQRTE: Helper = Helper {
    name: "ursqrte",
    func: |_, a| unsigned_estimate(a, sf::unsigned_rsqrt_estimate),
    args: VC,
    ret: Ty::V128,
    pure: true,
    meaning: Meaning::Opaque,
};

/// Element operations in the shapes the lane loops want.
mod ops {
    use super::*;

    pub fn cmeq<T: Float>(a: T::Bits, b: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        mask::<T>(sf::compare_eq::<T>(a, b, fpcr, fpsr))
    }
    pub fn cmge<T: Float>(a: T::Bits, b: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        mask::<T>(sf::compare_ge::<T>(a, b, fpcr, fpsr))
    }
    pub fn cmgt<T: Float>(a: T::Bits, b: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        mask::<T>(sf::compare_gt::<T>(a, b, fpcr, fpsr))
    }
    pub fn acge<T: Float>(a: T::Bits, b: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        mask::<T>(sf::abs_compare_ge::<T>(a, b, fpcr, fpsr))
    }
    pub fn acgt<T: Float>(a: T::Bits, b: T::Bits, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        mask::<T>(sf::abs_compare_gt::<T>(a, b, fpcr, fpsr))
    }

    pub fn sqrt<T: Float>(a: T::Bits, _: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        sf::sqrt::<T>(a, fpcr, fpsr)
    }
    /// The flag is FRINTX's "exact" (signal Inexact).
    pub fn frint<T: Float>(a: T::Bits, ctl: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        sf::round_to_integral::<T>(a, ctl.rounding(fpcr), ctl.is_flag(), fpcr, fpsr)
    }
    /// FPToFixed into a lane of the same width; the flag means unsigned.
    pub fn to_int<T: Float>(a: T::Bits, ctl: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        let r = sf::to_int::<T>(
            a,
            T::N,
            ctl.frac_bits(),
            ctl.is_flag(),
            ctl.rounding(fpcr),
            fpcr,
            fpsr,
        );
        T::from_u64(r)
    }
    /// FixedToFP from a lane of the same width; the flag means unsigned.
    pub fn from_int<T: Float>(a: T::Bits, ctl: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        sf::from_int::<T>(
            T::to_u64(a),
            T::N,
            ctl.frac_bits(),
            ctl.is_flag(),
            ctl.rounding(fpcr),
            fpcr,
            fpsr,
        )
    }
    pub fn recpe<T: Float>(a: T::Bits, _: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        sf::recip_estimate::<T>(a, fpcr, fpsr)
    }
    pub fn rsqrte<T: Float>(a: T::Bits, _: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        sf::rsqrt_estimate::<T>(a, fpcr, fpsr)
    }
    pub fn recpx<T: Float>(a: T::Bits, _: Ctl, fpcr: u32, fpsr: &mut u32) -> T::Bits {
        sf::recpx::<T>(a, fpcr, fpsr)
    }

    fn int_bits(ctl: Ctl) -> u32 {
        if ctl.is_wide() {
            64
        } else if ctl.is_half() {
            16
        } else {
            32
        }
    }
    /// FCVT*{S,U} to a general register; args: FP bits, ctl.
    pub fn to_gpr<T: Float>(args: &[u128], fpcr: u32, fpsr: &mut u32) -> u64 {
        let ctl = Ctl(args[1] as u32);
        let op = T::from_u64(args[0] as u64);
        sf::to_int::<T>(
            op,
            int_bits(ctl),
            ctl.frac_bits(),
            ctl.is_flag(),
            ctl.rounding(fpcr),
            fpcr,
            fpsr,
        )
    }
    /// {S,U}CVTF from a general register; args: integer, ctl.
    pub fn from_gpr<T: Float>(args: &[u128], fpcr: u32, fpsr: &mut u32) -> u64 {
        let ctl = Ctl(args[1] as u32);
        let r = sf::from_int::<T>(
            args[0] as u64,
            int_bits(ctl),
            ctl.frac_bits(),
            ctl.is_flag(),
            ctl.rounding(fpcr),
            fpcr,
            fpsr,
        );
        T::to_u64(r)
    }
    /// FCMP/FCMPE/FCCMP/FCCMPE; args: op1, op2, ctl (flag = signalling, nzcv = the flags
    /// when the condition fails), whether the condition holds. The comparison, and so its
    /// exceptions, happens only when the condition holds.
    pub fn ccmp<T: Float>(args: &[u128], fpcr: u32, fpsr: &mut u32) -> u64 {
        let ctl = Ctl(args[2] as u32);
        if args[3] == 0 {
            return (ctl.nzcv_bits() as u64) << 28;
        }
        let (a, b) = (T::from_u64(args[0] as u64), T::from_u64(args[1] as u64));
        sf::compare::<T>(a, b, ctl.is_flag(), fpcr, fpsr) as u64
    }
}
