//! Bit-exact software model of AArch64 floating point (Armv8.0 semantics)
//! and of RISC-V's F and D extensions ([`riscv`]).
//!
//! Everything here is pure integer arithmetic on raw encodings: half
//! precision is `u16`, single `u32`, double `u64`.  Results never depend
//! on the host FPU (MXCSR rounding mode, DAZ/FTZ, ...), nothing allocates.
//!
//! # Calling convention
//!
//! Every operation is a free generic function parameterised by a format
//! marker type ([`F16`], [`F32`], [`F64`], all implementing [`Float`]):
//!
//! ```
//! use crossrun_softfp::{add, F32};
//! let mut fpsr = 0u32;
//! let r = add::<F32>(1.0f32.to_bits(), 2.0f32.to_bits(), 0, &mut fpsr);
//! assert_eq!(f32::from_bits(r), 3.0);
//! ```
//!
//! Operations take the guest FPCR *by value* (`fpcr: u32`) and OR exception
//! flags into the guest FPSR (`fpsr: &mut u32`).  There is deliberately no
//! `FpEnv` struct: the interpreter keeps FPCR and FPSR as two plain `u32`
//! registers, and passing them directly means there is nothing to construct
//! or write back around each instruction.  Flags are only ever set, never
//! cleared (they are cumulative, as in hardware).  Trapped exceptions are
//! not modelled (Linux user mode runs with all traps disabled), so the
//! FPCR trap-enable bits are ignored, as are the FEAT_AFP bits (AH, FIZ,
//! NEP).  FPCR fields used: AHP, DN, FZ, RMode, FZ16.
//!
//! Instructions that take an explicit rounding mode ([`round_to_integral`],
//! [`to_int`], [`from_int`], [`convert`]) get it as a [`Rounding`]; pass
//! [`Rounding::from_fpcr`] where the instruction uses the FPCR mode.
//!
//! | Instruction(s)                  | Function |
//! |---------------------------------|----------|
//! | FADD, FSUB, FMUL, FDIV, FSQRT   | [`add`], [`sub`], [`mul`], [`div`], [`sqrt`] |
//! | FMULX, FNMUL, FABD, FABS, FNEG  | [`mulx`], [`nmul`], [`abd`], [`abs`], [`neg`] |
//! | FMADD/FMLA, FMSUB/FMLS          | [`mul_add`], [`mul_sub`] |
//! | FNMADD, FNMSUB                  | [`neg_mul_add`], [`neg_mul_sub`] |
//! | FMAX, FMIN, FMAXNM, FMINNM      | [`max`], [`min`], [`maxnum`], [`minnum`] |
//! | FCMP(E), FCCMP(E)               | [`compare`] (NZCV in bits 31:28) |
//! | FCMEQ/GE/GT (LE/LT swapped)     | [`compare_eq`], [`compare_ge`], [`compare_gt`] |
//! | FACGE, FACGT                    | [`abs_compare_ge`], [`abs_compare_gt`] |
//! | FRINTN/A/P/M/Z/I/X              | [`round_to_integral`] |
//! | FCVT{N,A,P,M,Z}{S,U}            | [`to_int`] (with fixed-point `fbits`) |
//! | SCVTF, UCVTF                    | [`from_int`] (with fixed-point `fbits`) |
//! | FCVT, FCVTL/N, FCVTXN           | [`convert`] (`Rounding::Odd` for FCVTXN) |
//! | FRECPE, FRSQRTE, FRECPX         | [`recip_estimate`], [`rsqrt_estimate`], [`recpx`] |
//! | FRECPS, FRSQRTS                 | [`recip_step`], [`rsqrt_step`] |
//! | AArch32 VRECPS, VRSQRTS (unfused) | [`recip_step_unfused`], [`rsqrt_step_unfused`] |
//! | URECPE, URSQRTE                 | [`unsigned_recip_estimate`], [`unsigned_rsqrt_estimate`] |
//!
//! Half-precision arithmetic (FEAT_FP16) comes for free from the generic
//! code and honours FPCR.FZ16.
//!
//! # Architectures
//!
//! IEEE 754 leaves some choices to an architecture: how NaNs propagate or
//! whether every NaN result is the default NaN, whether tininess is detected
//! before or after rounding, flush-to-zero modes, where the exception flags
//! live, what a NaN converts to as an integer.  One shared core makes every
//! such choice through a `Rules` type parameter (`rules.rs`): `Arm` (the
//! functions at the top level of this crate) and `RiscV` (the [`riscv`]
//! module, which adds RISC-V's own minimumNumber/maximumNumber, FCLASS and
//! comparisons).  Each instantiation inlines its rules, so neither pays for
//! the other.
//!
//! # Structure
//!
//! The code follows the Arm ARM shared pseudocode closely; function names
//! in comments refer to it:
//!
//! * `unpack`: `FPUnpack`/`FPUnpackCV`, `FPProcessNaN(s)(3)`, `FPZero`,
//!   `FPInfinity`, `FPDefaultNaN`, ...
//! * `round`: `FPRound`/`FPRoundCV` — the single rounding routine every
//!   floating-point result goes through — and the shared round-up decision
//!   used by `FPRoundInt` and `FPToFixed`.
//! * `arith`, `fma`, `minmax`, `compare`, `convert`, `estimate`: the
//!   operations.
//!
//! Values are carried unpacked as `(sign, exp, sig)` meaning
//! `(-1)^sign * sig * 2^(exp - 63)` with bit 63 of `sig` set (so `exp` is the
//! unbiased exponent of the leading bit); lost low-order bits are "jammed"
//! into bit 0 of `sig`, which keeps rounding exact.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod arith;
mod compare;
mod convert;
mod estimate;
mod float;
mod fma;
mod minmax;
pub mod riscv;
mod round;
mod rules;
mod step;
mod unpack;

pub use arith::{abd, abs, add, div, mul, mulx, neg, nmul, sqrt, sub};
pub use compare::{abs_compare_ge, abs_compare_gt, compare, compare_eq, compare_ge, compare_gt};
pub use convert::{convert, from_int, round_to_integral, to_int};
pub use estimate::{
    recip_estimate, recpx, rsqrt_estimate, unsigned_recip_estimate, unsigned_rsqrt_estimate,
};
pub use float::{Float, F16, F32, F64};
pub use fma::{mul_add, mul_sub, neg_mul_add, neg_mul_sub, recip_step, rsqrt_step};
pub use minmax::{max, maxnum, min, minnum};
pub use step::{recip_step_unfused, rsqrt_step_unfused};

/// FPCR.AHP: alternative half-precision format (affects conversions only).
pub const FPCR_AHP: u32 = 1 << 26;
/// FPCR.DN: default NaN mode.
pub const FPCR_DN: u32 = 1 << 25;
/// FPCR.FZ: flush-to-zero for single and double precision.
pub const FPCR_FZ: u32 = 1 << 24;
/// FPCR.RMode field shift (bits 23:22).
pub const FPCR_RMODE_SHIFT: u32 = 22;
/// FPCR.RMode field mask (bits 23:22).
pub const FPCR_RMODE_MASK: u32 = 3 << FPCR_RMODE_SHIFT;
/// FPCR.FZ16: flush-to-zero for half-precision arithmetic (FEAT_FP16).
pub const FPCR_FZ16: u32 = 1 << 19;

/// FPSR.IOC: invalid operation (cumulative).
pub const FPSR_IOC: u32 = 1 << 0;
/// FPSR.DZC: division by zero (cumulative).
pub const FPSR_DZC: u32 = 1 << 1;
/// FPSR.OFC: overflow (cumulative).
pub const FPSR_OFC: u32 = 1 << 2;
/// FPSR.UFC: underflow (cumulative).
pub const FPSR_UFC: u32 = 1 << 3;
/// FPSR.IXC: inexact (cumulative).
pub const FPSR_IXC: u32 = 1 << 4;
/// FPSR.IDC: input denormal (cumulative).
pub const FPSR_IDC: u32 = 1 << 7;

/// Rounding modes (`FPRounding` in the Arm ARM).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// Round to nearest, ties to even (RN; FPCR.RMode = 0).
    TieEven,
    /// Round towards plus infinity (RP; FPCR.RMode = 1).
    PosInf,
    /// Round towards minus infinity (RM; FPCR.RMode = 2).
    NegInf,
    /// Round towards zero (RZ; FPCR.RMode = 3).
    Zero,
    /// Round to nearest, ties away from zero (FCVTA*, FRINTA only).
    TieAway,
    /// Round to odd (FCVTXN only).
    Odd,
}

impl Rounding {
    /// `FPRoundingMode(fpcr)`: the mode selected by FPCR.RMode.
    #[inline]
    pub const fn from_fpcr(fpcr: u32) -> Rounding {
        match (fpcr & FPCR_RMODE_MASK) >> FPCR_RMODE_SHIFT {
            0 => Rounding::TieEven,
            1 => Rounding::PosInf,
            2 => Rounding::NegInf,
            _ => Rounding::Zero,
        }
    }
}
