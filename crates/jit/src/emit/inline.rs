//! Helpers replaced by host code where the host's result is bit-identical to the
//! helper's.
//!
//! Helpers are recognised by their typed [`Meaning`] (which the frontend attaches; this
//! file never looks at names), and by the constant arguments that shape them. A helper
//! that is opaque, whose shape is not covered, or that needs an instruction-set extension
//! the host lacks is simply called, so a missing case costs speed, never correctness.
//!
//! - `ShiftByLane` with the same constant count in every lane (vector shifts by an
//!   immediate) becomes `psll`/`psrl`/`psra`; SSE shifts by a count at least the lane
//!   width give 0 (or sign copies), as the meaning says (`simd.rs`).
//! - `WidenShift` becomes punpckl* (+ psra) and a shift; `Permute` unzips and zips
//!   become pand/psrl + packus*, shufps or punpck*; `CmpEq` pcmpeq*; `MinMaxPairwise`
//!   the unzip sequences and pmin*/pmax*; `MulLong` pmullw/pmulhw (8, 16 bits) or
//!   pmul(u)dq (32 bits); `Narrow` pshufd (32 bits) or a shift pair and a pack
//!   (`simd.rs`).
//! - `Fp` add, sub, mul, div, sqrt and fused multiply-add (FMA3 hosts only) over one
//!   lane, two single lanes or a full vector run on the host FPU when the result cannot
//!   differ from the guest's (`fp.rs`), and `FpConvert` conversions between floating
//!   point and 32/64-bit integers on the host's (`fp_convert.rs`).
//! - `Aes` steps run on AES-NI, `ClMul64` on PCLMULQDQ and `Sha` steps on SHA-NI
//!   (`crypto.rs`).
//! - `ByteLookup` becomes one `pshufb` per table, and `ByteExtract` one `palignr`
//!   (`simd.rs`).
//!
//! Lane-wise AND/OR/XOR/AND-NOT/ADD/SUB are not helpers: see `lanewise.rs`.

use super::fp::FpInline;
use super::fp_convert::ConvertInline;
use super::host::features;
use super::{Emitter, Operands};
use crossrun_ir::{AesStep, Helper, Meaning, Op, Permutation, PermuteKind, ShaStep, Ty, Value};
use smallvec::smallvec;

#[derive(Clone, Copy)]
pub(super) enum Inline {
    /// Shift every `esize`-bit lane by `count` (negative: right; `signed`: arithmetic).
    Shift { esize: u8, count: i32, signed: bool },
    MulLong { esize: u8, signed: bool },
    Narrow { esize: u8 },
    WidenShift { esize: u8, signed: bool, shift: u32 },
    Permute(Permutation),
    /// palignr by `position` bytes.
    ByteExtract { position: u8 },
    CmpEq { esize: u8 },
    MinMaxPairwise { esize: u8, signed: bool, max: bool },
    Fp(FpInline),
    FpConvert(ConvertInline),
    Aes(AesStep),
    ClMul64,
    Sha(ShaStep),
    /// A byte-table lookup in `count` tables.
    ByteLookup { count: u8 },
}

impl Emitter<'_> {
    /// The V128 constant `v` is (or is an alias of), if it is one.
    pub(super) fn const_v128(&self, v: Value) -> Option<u128> {
        let v = self.resolve(v);
        match self.block.insts[v.index()].op {
            Op::Const(c) if self.ty(v) == Ty::V128 => Some(c),
            _ => None,
        }
    }

    pub(super) fn classify(&self, helper: &Helper, args: &[Value]) -> Option<Inline> {
        // The verifier has checked that the signature is the one the meaning implies.
        let host = features();
        match helper.meaning {
            Meaning::Opaque => None,
            Meaning::ShiftByLane { esize, signed } => {
                let counts = self.const_v128(args[1])?;
                let mask = (1u128 << esize) - 1;
                let first = counts & mask;
                if (0..128 / esize as u32).any(|k| (counts >> (k * esize as u32)) & mask != first) {
                    return None;
                }
                // The count is the lane's low byte, signed.
                let count = first as u8 as i8 as i32;
                // SSE has no byte shifts and no 64-bit arithmetic right shift.
                let ok = match esize {
                    16 | 32 => true,
                    64 => !(signed && count < 0),
                    _ => false,
                };
                ok.then_some(Inline::Shift { esize, count, signed })
            }
            Meaning::MulLong { esize, signed } => {
                // pmuldq (signed 32-bit) is SSE4.1.
                let ok = match esize {
                    8 | 16 => true,
                    32 => !signed || host.sse41,
                    _ => false,
                };
                ok.then_some(Inline::MulLong { esize, signed })
            }
            // SSE2 throughout: pshufd, or a shift pair and a pack.
            Meaning::Narrow { esize } => matches!(esize, 8 | 16 | 32).then_some(Inline::Narrow { esize }),
            Meaning::WidenShift { esize, signed } => {
                let shift = self.const_value(args[1])? as u32;
                // Sign-extending 32-bit lanes to 64 would need SSE4.1's pmovsxdq.
                let ok = match esize {
                    8 | 16 => true,
                    32 => !signed,
                    _ => false,
                };
                (ok && shift <= esize as u32).then_some(Inline::WidenShift { esize, signed, shift })
            }
            Meaning::CmpEq { esize } => {
                // pcmpeqq is SSE4.1.
                let ok = matches!(esize, 8 | 16 | 32) || (esize == 64 && host.sse41);
                ok.then_some(Inline::CmpEq { esize })
            }
            Meaning::MinMaxPairwise { esize, signed, max } => {
                // Most min/max widths and packusdw are SSE4.1.
                (matches!(esize, 8 | 16 | 32) && host.sse41).then_some(Inline::MinMaxPairwise { esize, signed, max })
            }
            Meaning::Permute { decode } => {
                let p = decode(self.const_value(args[2])?)?;
                let ok = match p.kind {
                    PermuteKind::Zip => true,
                    // packusdw (16-bit unzip) is SSE4.1.
                    PermuteKind::Unzip => p.esize != 16 || host.sse41,
                    PermuteKind::Transpose => false,
                };
                (ok && matches!(p.esize, 8 | 16 | 32 | 64) && (p.full || p.esize < 64)).then_some(Inline::Permute(p))
            }
            Meaning::Fp(fp) => {
                // One environment's flags can be pending in MXCSR (see `fpflags.rs`).
                if !self.fp_env.is_some_and(|e| std::ptr::eq(e, fp.env)) {
                    return None;
                }
                let ctl = self.const_value(*args.last()?)?;
                FpInline::new(&fp, ctl, host).map(Inline::Fp)
            }
            Meaning::FpConvert(cv) => {
                if !self.fp_env.is_some_and(|e| std::ptr::eq(e, cv.env)) {
                    return None;
                }
                let ctl = self.const_value(args[1])?;
                ConvertInline::new(&cv, ctl, host).map(Inline::FpConvert)
            }
            Meaning::Aes(step) => host.aes.then_some(Inline::Aes(step)),
            Meaning::ClMul64 => host.pclmulqdq.then_some(Inline::ClMul64),
            Meaning::ByteExtract => {
                // palignr is SSSE3.
                let position = self.const_value(args[2])?;
                (host.ssse3 && position < 16).then_some(Inline::ByteExtract { position: position as u8 })
            }
            Meaning::ByteLookup => {
                // pshufb is SSSE3.
                let count = self.const_value(args[6])?;
                (host.ssse3 && (1..=4).contains(&count)).then_some(Inline::ByteLookup { count: count as u8 })
            }
            Meaning::Sha(step) => (host.sha && host.ssse3).then_some(Inline::Sha(step)),
        }
    }

    /// The `V128` operands of a call that its inline code reads through `load_xmm0` or
    /// `load_vec` (from a cache register when one holds them), not from their slots.
    pub(super) fn xmm_read_args(&self, helper: &Helper, args: &[Value]) -> Operands {
        match self.classify(helper, args) {
            Some(Inline::Shift { .. } | Inline::Narrow { .. }) => smallvec![args[0]],
            // The FP path reads them from a cache register or the slot (`fp::Loc`); its
            // helper call writes every live vector to its slot first.
            Some(Inline::Aes(_) | Inline::Sha(_) | Inline::Fp(_) | Inline::ByteLookup { .. }) => {
                args.iter().copied().collect()
            }
            _ => Operands::new(),
        }
    }

    /// The operand of `op` that its inline code takes from the IR rather than reading it
    /// at run time (a shift's constant count vector), so it needs no slot.
    pub(super) fn unread_arg(&self, op: &Op) -> Option<Value> {
        match op {
            Op::Call(helper, args) => match self.classify(helper, args)? {
                Inline::Shift { .. } => Some(args[1]),
                _ => None,
            },
            _ => None,
        }
    }

    /// Emits `helper` as host code if it is one this file knows; false if it must be
    /// called.
    pub(super) fn inline_helper(&mut self, i: usize, helper: &'static Helper, args: &[Value]) -> bool {
        let Some(inline) = self.classify(helper, args) else { return false };
        match inline {
            Inline::Shift { esize, count, signed } => self.vector_shift(i, args[0], esize, count, signed),
            Inline::MulLong { esize, signed } => self.mul_long(i, args[0], args[1], esize, signed),
            Inline::Narrow { esize } => self.narrow(i, args[0], esize),
            Inline::WidenShift { esize, signed, shift } => self.widen_shift(i, args[0], esize, signed, shift),
            Inline::Permute(p) => self.permute(i, args[0], args[1], p),
            Inline::ByteExtract { position } => self.byte_extract(i, args[0], args[1], position),
            Inline::CmpEq { esize } => self.cmp_eq(i, args[0], args[1], esize),
            Inline::MinMaxPairwise { esize, signed, max } => {
                self.min_max_pairwise(i, args[0], args[1], esize, signed, max)
            }
            Inline::Fp(fp) => self.fp_inline(i, helper, args, fp),
            Inline::FpConvert(cv) => self.fp_convert(i, helper, args, cv),
            Inline::Aes(step) => self.aes(i, step, args),
            Inline::ClMul64 => self.clmul64(i, args[0], args[1]),
            Inline::Sha(step) => self.sha(i, step, args),
            Inline::ByteLookup { count } => self.byte_lookup(i, args, count),
        }
        true
    }
}
