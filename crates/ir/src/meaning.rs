//! What a helper computes, described in architecture-neutral terms, so an executor can
//! replace a call by host code without knowing which guest defined the helper.
//!
//! A frontend attaches a [`Meaning`] to each [`crate::Helper`] it defines; the helper's
//! function stays the reference (the interpreter always calls it, and a JIT calls it for
//! every case its host code does not cover). Facts that differ between guests, such as
//! which control bits select the rounding mode or which status bit records an inexact
//! result, are data the frontend supplies ([`FpEnv`]), never assumptions of the executor.
//!
//! Operands are named in the order of the helper's arguments. The verifier checks that a
//! helper's signature is the one its meaning implies ([`Meaning::signature`]).

use crate::{Reg, Ty};

/// What a helper computes.
#[derive(Clone, Copy, Debug)]
pub enum Meaning {
    /// Nothing an executor may rely on beyond the helper's function: it is called.
    Opaque,
    /// `(V128 a, V128 counts) -> V128`: each `esize`-bit lane of `a` shifted by the
    /// signed count in the low byte of the same lane of `counts`, left when positive,
    /// right when negative (arithmetic when `signed`). A count of `esize` or more shifts
    /// every bit out (leaving copies of the sign bit for a signed right shift).
    ShiftByLane { esize: u8, signed: bool },
    /// `(I64 a, I64 b) -> V128`: the `esize`-bit lanes of `a` and `b` multiplied into
    /// `2 * esize`-bit lanes (signed or unsigned).
    MulLong { esize: u8, signed: bool },
    /// `(I64 a, I32 shift) -> V128`: the `esize`-bit lanes of `a` widened to twice their
    /// size (sign- or zero-extended), then shifted left by `shift` (at most `esize`).
    WidenShift { esize: u8, signed: bool },
    /// `(V128 a, V128 b, I32 control) -> V128`: a rearrangement of the lanes of `a` and
    /// `b` that `decode` reads from the control argument (a constant at every call).
    /// `decode` returns `None` for shapes this description does not cover.
    Permute { decode: fn(u64) -> Option<Permutation> },
    /// `(V128 a, V128 b) -> V128`: all-ones `esize`-bit lanes where the lanes of `a` and
    /// `b` are equal, zeros elsewhere.
    CmpEq { esize: u8 },
    /// `(V128 a) -> I64`: the low `esize` bits of each `2 * esize`-bit lane of `a`, in
    /// lane order.
    Narrow { esize: u8 },
    /// `(V128 a, V128 b) -> V128`: the minimum (or maximum) of each adjacent pair of
    /// `esize`-bit lanes of `a` (giving the low half of the result) and then of `b`.
    MinMaxPairwise { esize: u8, signed: bool, max: bool },
    /// IEEE 754 arithmetic on floating-point lanes; see [`FpArith`].
    Fp(FpArith),
    /// `(I64 x, I32 control) -> I64`: a conversion between a floating-point value (its
    /// bits, zero-extended) and an integer (zero-extended when narrower; of a narrower
    /// signed integer operand only the low bits are read); see [`FpConvert`].
    FpConvert(FpConvert),
    /// AES (FIPS-197) on a 128-bit state whose byte `i` is bits `8i+7..8i` and whose
    /// columns are the four 32-bit words; see [`AesStep`].
    Aes(AesStep),
    /// `(I64 a, I64 b) -> V128`: the carry-less (GF(2) polynomial) product of `a` and `b`.
    ClMul64,
    /// `(V128 low, V128 high, I32 position) -> V128`: the 16 bytes of `high:low` (`low`
    /// least significant) from byte `position` (0 to 15, a constant at every call) on.
    ByteExtract,
    /// `(V128 t0, t1, t2, t3, V128 indices, V128 fallback, I32 count) -> V128`: byte `i` is
    /// byte `indices[i]` of the first `count` (1 to 4, a constant) tables concatenated,
    /// `t0` lowest, or `fallback[i]` when the index is `16 * count` or more.
    ByteLookup,
    /// SHA-1 and SHA-256 (FIPS 180-4) steps; see [`ShaStep`].
    Sha(ShaStep),
}

impl Meaning {
    /// The argument and result types the meaning implies, if it implies any.
    pub fn signature(&self) -> Option<(&'static [Ty], Ty)> {
        use Ty::*;
        let sig: (&'static [Ty], Ty) = match self {
            Meaning::Opaque => return None,
            Meaning::ShiftByLane { .. } | Meaning::CmpEq { .. } | Meaning::MinMaxPairwise { .. } => (&[V128, V128], V128),
            Meaning::MulLong { .. } | Meaning::ClMul64 => (&[I64, I64], V128),
            Meaning::Narrow { .. } => (&[V128], I64),
            Meaning::ByteLookup => (&[V128, V128, V128, V128, V128, V128, I32], V128),
            Meaning::WidenShift { .. } => (&[I64, I32], V128),
            Meaning::Permute { .. } | Meaning::ByteExtract => (&[V128, V128, I32], V128),
            Meaning::FpConvert(_) => (&[I64, I32], I64),
            Meaning::Fp(fp) => match (fp.carrier, fp.op.arity()) {
                (FpCarrier::Vector, 1) => (&[V128, I32], V128),
                (FpCarrier::Vector, 2) => (&[V128, V128, I32], V128),
                (FpCarrier::Vector, _) => (&[V128, V128, V128, I32], V128),
                (FpCarrier::Boxed64, 1) => (&[I64, I32], I64),
                (FpCarrier::Boxed64, 2) => (&[I64, I64, I32], I64),
                (FpCarrier::Boxed64, _) => (&[I64, I64, I64, I32], I64),
            },
            Meaning::Aes(AesStep::Encrypt | AesStep::Decrypt) => (&[V128, V128], V128),
            Meaning::Aes(AesStep::MixColumns | AesStep::InvMixColumns) => (&[V128], V128),
            Meaning::Sha(step) => match step {
                ShaStep::Sha1Schedule1 | ShaStep::Sha256Schedule0 => (&[V128, V128], V128),
                _ => (&[V128, V128, V128], V128),
            },
        };
        Some(sig)
    }
}

/// How [`Meaning::Permute`] rearranges lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permutation {
    pub kind: PermuteKind,
    /// The second form (odd lanes for unzip and transpose, the high halves for zip).
    pub second: bool,
    /// Lane size in bits.
    pub esize: u8,
    /// 128-bit vectors; otherwise only the low 64 bits of each operand take part and the
    /// result's high half is zero.
    pub full: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermuteKind {
    /// The even (or odd) lanes of `a` then those of `b`.
    Unzip,
    /// The lanes of `a` and `b` interleaved, from their low (or high) halves.
    Zip,
    /// Even (or odd) lanes of `a` and `b` interleaved pairwise.
    Transpose,
}

/// [`Meaning::Fp`]: `op` on `lanes` lanes of `format`, rounding as `shape` says, with the
/// guest's exception flags accumulated in its status register. The last argument is a
/// control constant that `shape` decodes.
#[derive(Clone, Copy, Debug)]
pub struct FpArith {
    pub op: FpOp,
    pub format: FpFormat,
    /// The lanes processed and the rounding used, read from the control argument; `None`
    /// for shapes an executor must leave to the helper (indexed operands, pairwise, ...).
    /// Lanes beyond those processed are zero in the result.
    pub shape: fn(u64) -> Option<FpShape>,
    /// The guest's floating-point environment.
    pub env: &'static FpEnv,
    /// What the operands and the result are.
    pub carrier: FpCarrier,
}

/// How an [`FpArith`] helper's floating-point operands and result are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpCarrier {
    /// `V128` vectors of lanes; lanes beyond those processed are zero in the result.
    Vector,
    /// One value (the shape processes one lane) in the low bits of an `I64`, NaN-boxed
    /// when narrower: an operand whose bits above the value are not all ones reads as
    /// the canonical NaN, and the result has them all ones.
    Boxed64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpOp {
    /// `a + b`
    Add,
    /// `a - b`
    Sub,
    /// `a * b`
    Mul,
    /// `a / b`
    Div,
    /// `sqrt(a)`
    Sqrt,
    /// `acc + a * b` with one rounding; arguments `acc, a, b`.
    MulAdd,
    /// `acc - a * b` with one rounding; arguments `acc, a, b`.
    MulSub,
    /// `±(a * b) ± c` with one rounding, the product and the addend negated as the
    /// fields say; arguments `a, b, c`.
    FusedMulAdd { negate_product: bool, negate_addend: bool },
}

impl FpOp {
    /// How many floating-point operands it takes.
    pub fn arity(self) -> usize {
        match self {
            FpOp::Sqrt => 1,
            FpOp::MulAdd | FpOp::MulSub | FpOp::FusedMulAdd { .. } => 3,
            _ => 2,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpFormat {
    /// binary32
    Single,
    /// binary64
    Double,
}

impl FpFormat {
    pub fn bits(self) -> u32 {
        match self {
            FpFormat::Single => 32,
            FpFormat::Double => 64,
        }
    }
}

/// What an FP helper's control argument says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FpShape {
    /// Lanes processed, from lane 0.
    pub lanes: u8,
    pub rounding: FpRounding,
}

/// The rounding an FP operation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpRounding {
    /// The mode the control register's rounding field (`FpEnv::rounding_mask`) selects.
    Dynamic,
    NearestEven,
    TowardZero,
    /// Another fixed mode (toward ±infinity, to nearest with ties away, to odd).
    Other,
}

/// [`Meaning::FpConvert`]: floating point of `format` to an integer (`to_int`) or the
/// other way, rounding as `shape` says; exceptions accumulate as for [`FpArith`]. What a
/// NaN or an out-of-range value converts to is the guest's rule, which only the helper
/// knows.
#[derive(Clone, Copy, Debug)]
pub struct FpConvert {
    pub to_int: bool,
    pub format: FpFormat,
    /// The integer side and the rounding, read from the control argument; `None` for
    /// shapes an executor must leave to the helper (fixed-point scaling, ...).
    pub shape: fn(u64) -> Option<ConvertShape>,
    pub env: &'static FpEnv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvertShape {
    /// 32 or 64.
    pub int_bits: u8,
    pub signed: bool,
    pub rounding: FpRounding,
}

/// A guest's floating-point environment: where its FP control and status live and how
/// its rules differ from IEEE 754's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FpEnv {
    /// The register holding the FP control bits.
    pub control: Reg,
    /// Bits of `control` selecting the dynamic rounding mode; all clear selects round to
    /// nearest, ties to even.
    pub rounding_mask: u32,
    /// Bits of `control` that must all be clear for IEEE 754's default behaviour:
    /// flush-to-zero, default-NaN, exception trap enables.
    pub mode_mask: u32,
    /// The register accumulating exception flags (cumulative: bits are only ever set).
    pub status: Reg,
    /// The bit of `status` each IEEE 754 exception sets.
    pub flags: FpFlags,
    pub tininess: Tininess,
    pub nan: NanRule,
}

/// Status bits of the five IEEE 754 exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FpFlags {
    pub invalid: u32,
    pub div_by_zero: u32,
    pub overflow: u32,
    pub underflow: u32,
    pub inexact: u32,
}

/// When a result counts as tiny, for the underflow exception (IEEE 754 lets each
/// architecture choose).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tininess {
    /// The exact result is below the smallest normal magnitude (Arm).
    BeforeRounding,
    /// The result rounded with unbounded exponent is below it (x86, RISC-V).
    AfterRounding,
}

/// Which NaN a result that is NaN gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NanRule {
    /// An operand NaN is propagated (made quiet) by the guest's own priority rules, and
    /// an invalid operation gives the guest's default NaN: only the helper knows which.
    Propagate,
    /// Every NaN result is the positive quiet NaN with an all-zero payload (RISC-V's
    /// canonical NaN).
    Canonical,
}

/// [`Meaning::Aes`]. FIPS-197's round is AddRoundKey last; these steps put it first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AesStep {
    /// `(state, key)`: ShiftRows(SubBytes(state ^ key)).
    Encrypt,
    /// `(state, key)`: InvShiftRows(InvSubBytes(state ^ key)).
    Decrypt,
    /// `(state)`: MixColumns(state).
    MixColumns,
    /// `(state)`: InvMixColumns(state).
    InvMixColumns,
}

/// [`Meaning::Sha`]. Vectors are four 32-bit words, word 0 least significant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShaStep {
    /// `(abcd, e, wk)`: four SHA-1 rounds with the round function Ch (`Choose`),
    /// Parity or Maj (`Majority`) on working variables a..d (word 0 = a) and e (word 0
    /// of the second operand), `wk` holding the four schedule words with their round
    /// constant already added; returns the new a..d.
    Sha1Rounds(Sha1Function),
    /// `(w0, w4, w8)`: `w0 ^ w8 ^ (w4's low half : w0's high half)`, the first half of
    /// the SHA-1 message schedule for four words.
    Sha1Schedule0,
    /// `(x, w12)`: the second half: word i is `rol1(x[i] ^ w12[i + 1])` (with
    /// `w12[4]` = 0), and word 3 additionally xors in `rol2` of word 0's pre-rotate value.
    Sha1Schedule1,
    /// `(abcd, efgh, wk)`: four SHA-256 rounds on a..d (word 0 = a) and e..h with
    /// schedule words plus round constants `wk`; returns the new a..d.
    Sha256RoundsAbcd,
    /// `(efgh, abcd, wk)`: the same four rounds; returns the new e..h.
    Sha256RoundsEfgh,
    /// `(w0, w4)`: word i is `w0[i] + sigma0(w[i + 1])` over the eight words w0:w4.
    Sha256Schedule0,
    /// `(x, w8, w12)`: word i is `x[i] + w[i + 9] + sigma1(w[i + 14])` over the words
    /// w8:w12, where w[16] and w[17] are the results' words 0 and 1.
    Sha256Schedule1,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sha1Function {
    Choose,
    Parity,
    Majority,
}
