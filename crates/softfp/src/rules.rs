//! The choices IEEE 754 leaves to an architecture, as a type parameter of the one
//! shared implementation.
//!
//! Every operation is written once, generic over a [`Rules`] type, and takes a
//! control word (`ctl`) whose meaning the rules define: Arm's is FPCR, RISC-V's
//! is the instruction's resolved rounding mode (`rm`, 0..=4).  Exception flags
//! are OR-ed into a status word at the bit positions the rules name (Arm's
//! FPSR, RISC-V's fflags).  All the queries are `#[inline(always)]`, so each
//! instantiation compiles to the code a hand-specialised copy would be.

use crate::{
    Rounding, FPCR_AHP, FPCR_DN, FPCR_FZ, FPCR_FZ16, FPSR_DZC, FPSR_IDC, FPSR_IOC, FPSR_IXC,
    FPSR_OFC, FPSR_UFC,
};

/// An architecture's floating-point conventions.
pub trait Rules: 'static {
    /// Status bit of the invalid-operation exception.
    const INVALID: u32;
    /// Status bit of the division-by-zero exception.
    const DIV_BY_ZERO: u32;
    /// Status bit of the overflow exception.
    const OVERFLOW: u32;
    /// Status bit of the underflow exception.
    const UNDERFLOW: u32;
    /// Status bit of the inexact exception.
    const INEXACT: u32;
    /// Status bit raised when a single or double input denormal is flushed to
    /// zero (Arm's IDC); 0 where inputs are never flushed.
    const INPUT_DENORMAL: u32;
    /// Whether an underflow's tininess is detected after rounding (RISC-V,
    /// x86) rather than before it (Arm).
    const TININESS_AFTER_ROUNDING: bool;
    /// What a conversion of a NaN to an integer gives: the largest positive
    /// value (RISC-V) instead of zero (Arm).
    const NAN_TO_INT_IS_MAX: bool;

    /// The rounding mode of operations that use the control word's.
    fn rounding(ctl: u32) -> Rounding;
    /// Whether every NaN result is the default NaN instead of a propagated
    /// operand.
    fn default_nan(ctl: u32) -> bool;
    /// Whether denormal operands and results of the `n`-bit format are
    /// flushed to zero.
    fn flush_to_zero(ctl: u32, n: u32) -> bool;
    /// Whether half precision is Arm's alternative format (no infinities or
    /// NaNs).
    fn alt_half(ctl: u32) -> bool;
}

/// AArch64: the control word is FPCR, the status word FPSR.
#[derive(Clone, Copy, Debug)]
pub struct Arm;

impl Rules for Arm {
    const INVALID: u32 = FPSR_IOC;
    const DIV_BY_ZERO: u32 = FPSR_DZC;
    const OVERFLOW: u32 = FPSR_OFC;
    const UNDERFLOW: u32 = FPSR_UFC;
    const INEXACT: u32 = FPSR_IXC;
    const INPUT_DENORMAL: u32 = FPSR_IDC;
    const TININESS_AFTER_ROUNDING: bool = false;
    const NAN_TO_INT_IS_MAX: bool = false;

    #[inline(always)]
    fn rounding(fpcr: u32) -> Rounding {
        Rounding::from_fpcr(fpcr)
    }
    #[inline(always)]
    fn default_nan(fpcr: u32) -> bool {
        fpcr & FPCR_DN != 0
    }
    #[inline(always)]
    fn flush_to_zero(fpcr: u32, n: u32) -> bool {
        fpcr & if n == 16 { FPCR_FZ16 } else { FPCR_FZ } != 0
    }
    #[inline(always)]
    fn alt_half(fpcr: u32) -> bool {
        fpcr & FPCR_AHP != 0
    }
}

/// RISC-V F and D: the control word is the rounding mode (`rm`, 0..=4; the
/// caller resolves the dynamic mode from `frm` and rejects the reserved
/// ones), the status word `fflags`. NaN results are always the canonical
/// NaN, nothing is flushed, tininess is detected after rounding.
#[derive(Clone, Copy, Debug)]
pub struct RiscV;

impl Rules for RiscV {
    const INVALID: u32 = crate::riscv::NV;
    const DIV_BY_ZERO: u32 = crate::riscv::DZ;
    const OVERFLOW: u32 = crate::riscv::OF;
    const UNDERFLOW: u32 = crate::riscv::UF;
    const INEXACT: u32 = crate::riscv::NX;
    const INPUT_DENORMAL: u32 = 0;
    const TININESS_AFTER_ROUNDING: bool = true;
    const NAN_TO_INT_IS_MAX: bool = true;

    #[inline(always)]
    fn rounding(rm: u32) -> Rounding {
        crate::riscv::rounding(rm)
    }
    #[inline(always)]
    fn default_nan(_rm: u32) -> bool {
        true
    }
    #[inline(always)]
    fn flush_to_zero(_rm: u32, _n: u32) -> bool {
        false
    }
    #[inline(always)]
    fn alt_half(_rm: u32) -> bool {
        false
    }
}
