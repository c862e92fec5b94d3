//! The lane loops behind the floating-point helpers.
//!
//! Every FP helper works on whole 128-bit register values and a [`Ctl`] constant saying
//! how many lanes to process and how the operands are addressed (element by element, one
//! indexed element, pairwise, or a reduction). Lanes beyond the processed ones come out
//! zero, so a scalar result (one lane) or a 64-bit vector result can be written to the
//! destination register as it is. The arithmetic itself is `crossrun_softfp`'s.

use crossrun_ir::{ConvertShape, CpuState, FpRounding, FpShape};
use crossrun_softfp::{Float, Rounding};

/// A translation-time constant describing one helper call, passed as an `I32` argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ctl(pub u32);

/// How the second operand's elements are addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `op(a[e], b[e])`.
    Elementwise,
    /// `op(a[e], b[index])` (the "by element" forms).
    Indexed(u32),
    /// `op(c[2e], c[2e+1])` over the concatenation `c = b:a`; with one lane, the scalar
    /// pairwise form `op(a[0], a[1])`.
    Pairwise,
    /// The Arm ARM's `Reduce`: a balanced tree over the lanes of `a`.
    Reduce,
}

const LANES_MASK: u32 = 0xf;
const MODE_SHIFT: u32 = 4;
const INDEX_SHIFT: u32 = 8;
const ROUND_SHIFT: u32 = 12;
/// Rounding field value meaning "the mode FPCR.RMode selects".
const ROUND_FPCR: u32 = 7;
/// Unsigned (conversions), exact (FRINTX) or signalling (FCMPE).
const FLAG: u32 = 1 << 16;
/// The general-register side of a conversion is 64 bits wide.
const WIDE: u32 = 1 << 17;
/// The floating-point environment is the Arm ARM's `StandardFPSCRValue()` rather than
/// FPCR: flush-to-zero, default NaN, round to nearest (FPCR.AHP kept), as AArch32's
/// AdvSIMD arithmetic uses.
const STANDARD: u32 = 1 << 18;
/// The integer side of a conversion is 16 bits wide (AArch32's VCVT to and from 16-bit
/// fixed point).
const HALF: u32 = 1 << 19;
/// FPCR.AHP, FPCR.DN and FPCR.FZ.
const AHP: u32 = 1 << 26;
const DN_FZ: u32 = 3 << 24;
const FBITS_SHIFT: u32 = 20;
const NZCV_SHIFT: u32 = 28;

impl Ctl {
    /// Elementwise over `lanes` lanes, rounding as FPCR says.
    pub const fn lanes(lanes: u32) -> Ctl {
        Ctl(lanes | ROUND_FPCR << ROUND_SHIFT)
    }
    pub const fn indexed(self, index: u32) -> Ctl {
        Ctl(self.0 & !(3 << MODE_SHIFT) | 1 << MODE_SHIFT | (index & 3) << INDEX_SHIFT)
    }
    pub const fn pairwise(self) -> Ctl {
        Ctl(self.0 & !(3 << MODE_SHIFT) | 2 << MODE_SHIFT)
    }
    pub const fn reduce(self) -> Ctl {
        Ctl(self.0 & !(3 << MODE_SHIFT) | 3 << MODE_SHIFT)
    }
    /// A fixed rounding mode instead of FPCR's.
    pub const fn round(self, r: Rounding) -> Ctl {
        let code = match r {
            Rounding::TieEven => 0,
            Rounding::PosInf => 1,
            Rounding::NegInf => 2,
            Rounding::Zero => 3,
            Rounding::TieAway => 4,
            Rounding::Odd => 5,
        };
        Ctl(self.0 & !(7 << ROUND_SHIFT) | code << ROUND_SHIFT)
    }
    pub const fn flag(self, on: bool) -> Ctl {
        if on {
            Ctl(self.0 | FLAG)
        } else {
            self
        }
    }
    pub const fn wide(self, on: bool) -> Ctl {
        if on {
            Ctl(self.0 | WIDE)
        } else {
            self
        }
    }
    /// Computes in the standard FP environment instead of FPCR's (see `STANDARD`).
    pub const fn standard(self) -> Ctl {
        Ctl(self.0 | STANDARD)
    }
    /// A conversion's integer side is 16 bits wide.
    pub const fn half(self, on: bool) -> Ctl {
        if on {
            Ctl(self.0 | HALF)
        } else {
            self
        }
    }
    /// Fixed-point fraction bits of a conversion (0..=64).
    pub const fn fbits(self, fbits: u32) -> Ctl {
        Ctl(self.0 & !(0x7f << FBITS_SHIFT) | (fbits & 0x7f) << FBITS_SHIFT)
    }
    /// The flags FCCMP writes when its condition fails.
    pub const fn nzcv(self, nzcv: u32) -> Ctl {
        Ctl(self.0 & !(0xf << NZCV_SHIFT) | (nzcv & 0xf) << NZCV_SHIFT)
    }

    pub fn count(self) -> u32 {
        self.0 & LANES_MASK
    }
    pub fn mode(self) -> Mode {
        match (self.0 >> MODE_SHIFT) & 3 {
            0 => Mode::Elementwise,
            1 => Mode::Indexed((self.0 >> INDEX_SHIFT) & 3),
            2 => Mode::Pairwise,
            _ => Mode::Reduce,
        }
    }
    pub fn rounding(self, fpcr: u32) -> Rounding {
        match (self.0 >> ROUND_SHIFT) & 7 {
            0 => Rounding::TieEven,
            1 => Rounding::PosInf,
            2 => Rounding::NegInf,
            3 => Rounding::Zero,
            4 => Rounding::TieAway,
            5 => Rounding::Odd,
            _ => Rounding::from_fpcr(fpcr),
        }
    }
    pub fn is_flag(self) -> bool {
        self.0 & FLAG != 0
    }
    pub fn is_wide(self) -> bool {
        self.0 & WIDE != 0
    }
    pub fn is_half(self) -> bool {
        self.0 & HALF != 0
    }
    /// The FP environment the operation uses, given the guest's FPCR.
    pub fn fpcr(self, fpcr: u32) -> u32 {
        if self.0 & STANDARD != 0 {
            fpcr & AHP | DN_FZ
        } else {
            fpcr
        }
    }
    pub fn frac_bits(self) -> u32 {
        (self.0 >> FBITS_SHIFT) & 0x7f
    }
    pub fn nzcv_bits(self) -> u32 {
        self.0 >> NZCV_SHIFT
    }

    /// The shape of an arithmetic helper's call, for its [`crossrun_ir::FpArith`]
    /// meaning: elementwise calls; `None` for the other modes and for control words with
    /// any other field set.
    pub fn fp_shape(ctl: u64) -> Option<FpShape> {
        let ctl = Ctl(u32::try_from(ctl).ok()?);
        let known = LANES_MASK | 3 << MODE_SHIFT | 7 << ROUND_SHIFT;
        if ctl.0 & !known != 0 || ctl.mode() != Mode::Elementwise {
            return None;
        }
        Some(FpShape { lanes: ctl.count() as u8, rounding: ctl.ir_rounding() })
    }

    /// The shape of a general-register conversion's call, for its
    /// [`crossrun_ir::FpConvert`] meaning: integer conversions of one lane; `None` for
    /// fixed-point ones.
    pub fn convert_shape(ctl: u64) -> Option<ConvertShape> {
        let ctl = Ctl(u32::try_from(ctl).ok()?);
        let known = LANES_MASK | 7 << ROUND_SHIFT | FLAG | WIDE;
        if ctl.0 & !known != 0 || ctl.count() != 1 {
            return None;
        }
        let int_bits = if ctl.is_wide() { 64 } else { 32 };
        Some(ConvertShape { int_bits, signed: !ctl.is_flag(), rounding: ctl.ir_rounding() })
    }

    fn ir_rounding(self) -> FpRounding {
        match (self.0 >> ROUND_SHIFT) & 7 {
            ROUND_FPCR => FpRounding::Dynamic,
            0 => FpRounding::NearestEven,
            3 => FpRounding::TowardZero,
            _ => FpRounding::Other,
        }
    }
}

/// Element `i` of a register value.
#[inline(always)]
pub fn elem<T: Float>(v: u128, i: u32) -> T::Bits {
    T::from_u64((v >> (i * T::N)) as u64)
}

/// `x` positioned as element `i`.
#[inline(always)]
pub fn place<T: Float>(x: T::Bits, i: u32) -> u128 {
    (T::to_u64(x) as u128) << (i * T::N)
}

/// An element of all ones (true) or zeros (false), as the FP compares produce.
#[inline(always)]
pub fn mask<T: Float>(b: bool) -> T::Bits {
    T::from_u64(if b { u64::MAX } else { 0 })
}

/// An operation on two elements, given FPCR and updating FPSR.
pub trait BinOp<T: Float>: Fn(T::Bits, T::Bits, u32, &mut u32) -> T::Bits {}
impl<T: Float, F: Fn(T::Bits, T::Bits, u32, &mut u32) -> T::Bits> BinOp<T> for F {}

/// `Reduce(op, v<lanes>)`: the halves are reduced first, then combined (low, high).
#[inline(always)]
fn reduce<T: Float>(
    op: &impl BinOp<T>,
    v: u128,
    first: u32,
    count: u32,
    fpcr: u32,
    fpsr: &mut u32,
) -> T::Bits {
    if count == 1 {
        return elem::<T>(v, first);
    }
    let half = count / 2;
    let hi = reduce::<T>(op, v, first + half, half, fpcr, fpsr);
    let lo = reduce::<T>(op, v, first, half, fpcr, fpsr);
    op(lo, hi, fpcr, fpsr)
}

/// Helper body for two-operand operations: args `a`, `b`, ctl.
#[inline(always)]
pub fn binary<T: Float>(cpu: &mut CpuState, args: &[u128], op: impl BinOp<T>) -> u128 {
    let (a, b, ctl) = (args[0], args[1], Ctl(args[2] as u32));
    let fpcr = ctl.fpcr(cpu.fp_control);
    let mut fpsr = cpu.fp_status;
    let lanes = ctl.count();
    let mut out = 0u128;
    match ctl.mode() {
        Mode::Elementwise => {
            for e in 0..lanes {
                out |= place::<T>(op(elem::<T>(a, e), elem::<T>(b, e), fpcr, &mut fpsr), e);
            }
        }
        Mode::Indexed(i) => {
            let m = elem::<T>(b, i);
            for e in 0..lanes {
                out |= place::<T>(op(elem::<T>(a, e), m, fpcr, &mut fpsr), e);
            }
        }
        Mode::Pairwise if lanes == 1 => {
            out = place::<T>(op(elem::<T>(a, 0), elem::<T>(a, 1), fpcr, &mut fpsr), 0);
        }
        Mode::Pairwise => {
            let half = lanes / 2;
            for e in 0..lanes {
                let (src, j) = if e < half {
                    (a, 2 * e)
                } else {
                    (b, 2 * (e - half))
                };
                out |= place::<T>(
                    op(elem::<T>(src, j), elem::<T>(src, j + 1), fpcr, &mut fpsr),
                    e,
                );
            }
        }
        Mode::Reduce => out = place::<T>(reduce::<T>(&op, a, 0, lanes, fpcr, &mut fpsr), 0),
    }
    cpu.fp_status = fpsr;
    out
}

/// Helper body for multiply-accumulate: args `acc`, `a`, `b`, ctl; computes
/// `op(acc[e], a[e], b[e or index])`.
#[inline(always)]
pub fn ternary<T: Float>(
    cpu: &mut CpuState,
    args: &[u128],
    op: impl Fn(T::Bits, T::Bits, T::Bits, u32, &mut u32) -> T::Bits,
) -> u128 {
    let (acc, a, b, ctl) = (args[0], args[1], args[2], Ctl(args[3] as u32));
    let fpcr = ctl.fpcr(cpu.fp_control);
    let mut fpsr = cpu.fp_status;
    let mut out = 0u128;
    for e in 0..ctl.count() {
        let m = match ctl.mode() {
            Mode::Indexed(i) => elem::<T>(b, i),
            _ => elem::<T>(b, e),
        };
        out |= place::<T>(
            op(elem::<T>(acc, e), elem::<T>(a, e), m, fpcr, &mut fpsr),
            e,
        );
    }
    cpu.fp_status = fpsr;
    out
}

/// Helper body for one-operand operations: args `a`, ctl; the operation also sees the
/// ctl (conversions take their parameters from it).
#[inline(always)]
pub fn unary<T: Float>(
    cpu: &mut CpuState,
    args: &[u128],
    op: impl Fn(T::Bits, Ctl, u32, &mut u32) -> T::Bits,
) -> u128 {
    let (a, ctl) = (args[0], Ctl(args[1] as u32));
    let fpcr = ctl.fpcr(cpu.fp_control);
    let mut fpsr = cpu.fp_status;
    let mut out = 0u128;
    for e in 0..ctl.count() {
        out |= place::<T>(op(elem::<T>(a, e), ctl, fpcr, &mut fpsr), e);
    }
    cpu.fp_status = fpsr;
    out
}

/// Helper body for precision conversions (FCVT, FCVTL, FCVTN, FCVTXN): lane `e` of `a`
/// in format `S` becomes lane `e` of the result in format `D`.
#[inline(always)]
pub fn convert<S: Float, D: Float>(cpu: &mut CpuState, args: &[u128]) -> u128 {
    let (a, ctl) = (args[0], Ctl(args[1] as u32));
    let fpcr = ctl.fpcr(cpu.fp_control);
    let mut fpsr = cpu.fp_status;
    let rounding = ctl.rounding(fpcr);
    let mut out = 0u128;
    for e in 0..ctl.count() {
        let r = crossrun_softfp::convert::<S, D>(elem::<S>(a, e), rounding, fpcr, &mut fpsr);
        out |= place::<D>(r, e);
    }
    cpu.fp_status = fpsr;
    out
}
