//! Helpers replaced by host SSE code where the host's result is bit-identical to the
//! helper's.
//!
//! Helpers are recognised by name and signature: the frontend defines them, and the IR
//! carries no other description. A helper this file does not know (or whose arguments
//! are not in the expected form) is simply called, so a renamed helper costs speed,
//! never correctness.
//!
//! - Vector shifts by a constant (`ushl`/`sshl` with the same count in every lane, as
//!   SHL, USHR and SSHR by immediate translate) become `psll`/`psrl`/`psra`. SSE shifts
//!   by a count at least the lane width give 0 (or sign copies), as Arm's do.
//! - USHLL/SSHLL (UXTL/SXTL) become punpckl* (+ psra) and a shift; UZP1/2 and
//!   ZIP1/2 become pand/psrl + packus*, shufps or punpck*.
//! - CMEQ (register) becomes pcmpeq*; UMINP/UMAXP/SMINP/SMAXP become the UZP1/UZP2
//!   sequences and pmin*/pmax*.
//! - SMULL/UMULL become pmullw/pmulhw (8, 16 bits) and pmul(u)dq (32 bits).
//! - Lane-wise AND/ORR/EOR/BIC/ADD/SUB, which the frontend writes as integer ops on
//!   the two 64-bit halves, become one pand/por/pxor/pandn/padd*/psub* when a `VMake`
//!   joins two halves computed alike from the same two vectors.
//! - Floating-point add, sub, mul, div, sqrt and multiply-add (FMA3 hosts only) over
//!   one lane or a full vector run on the host FPU when the result cannot differ from
//!   Arm's: FPCR must select round-to-nearest with FZ, DN and the trap enables off
//!   (checked at run time, per op), and the result must not be a NaN (Arm's NaN
//!   propagation and default NaN differ from x86's; an invalid operation on non-NaN
//!   operands also gives a NaN). Cumulative flags come from MXCSR: PE→IXC, UE→UFC,
//!   OE→OFC, ZE→DZC (IE implies a NaN result, so it never reaches the fast path). Arm
//!   detects tininess before rounding and x86 after, so a result that rounded up to the
//!   smallest normal magnitude while inexact (Arm: underflow, x86: none) also takes the
//!   helper. Every other case runs the helper, from the untouched operands.

use super::{slot, x64, Emitter, RAX};
use crossrun_ir::{CpuState, Helper, Op, Ty, Value};
use dynasmrt::{DynasmApi, DynasmLabelApi};
use std::mem::offset_of;

/// The frontend's FP control word (`fp/lanes.rs` `Ctl`) for "elementwise over `n` lanes,
/// rounding as FPCR says": lane count in bits 0..4, mode 0, rounding field 7 at bit 12.
fn fpcr_elementwise(n: u32) -> u32 {
    n | 7 << 12
}

/// FPCR bits that must all be clear for host arithmetic to match: DN, FZ, RMode and the
/// exception trap enables (IDE, IXE, UFE, OFE, DZE, IOE).
const FPCR_SLOW_BITS: i32 = 1 << 25 | 1 << 24 | 3 << 22 | 0x9f00;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FpOp {
    Add,
    Sub,
    Mul,
    Div,
    Sqrt,
    /// acc + a * b, fused.
    MulAdd,
    /// acc - a * b, fused.
    MulSub,
}

#[derive(Clone, Copy)]
enum Inline {
    /// Shift every `esize`-bit lane by `count` (negative: right; `signed`: arithmetic).
    Shift { esize: u32, count: i32, signed: bool },
    /// SMULL/UMULL: the `esize`-bit lanes of two 64-bit values multiplied into
    /// double-width lanes.
    MulLong { esize: u32, signed: bool },
    /// USHLL/SSHLL (and UXTL/SXTL): the `esize`-bit lanes of a 64-bit value widened,
    /// then shifted left by `shift`.
    WidenShift { esize: u32, signed: bool, shift: u32 },
    /// UZP1/UZP2 (`zip` false) or ZIP1/ZIP2 of `esize`-bit lanes; `part` 1 is the
    /// second form; `q` false for 64-bit vectors.
    Permute { zip: bool, part: bool, esize: u32, q: bool },
    /// CMEQ (register): all-ones lanes where the `esize`-bit lanes are equal.
    CmpEq { esize: u32 },
    /// UMINP/UMAXP/SMINP/SMAXP: min (`max` false) or max of adjacent lane pairs of
    /// `a` (low half of the result) and `b` (high half).
    MinMaxPairwise { esize: u32, signed: bool, max: bool },
    /// `op` on `lanes` lanes (1 or a full vector) of `double` or single precision.
    Fp { op: FpOp, double: bool, full: bool },
}

impl Emitter<'_> {
    /// The V128 constant `v` is, if it is one.
    fn const_v128(&self, v: Value) -> Option<u128> {
        match self.block.insts[v.index()].op {
            Op::Const(c) if self.ty(v) == Ty::V128 => Some(c),
            _ => None,
        }
    }

    fn classify(&self, helper: &Helper, args: &[Value]) -> Option<Inline> {
        // Sized helpers are named "family.size"; the permute helper has no size.
        let (family, size) = helper.name.split_once('.').unwrap_or((helper.name, ""));
        match family {
            "ushl" | "sshl" => {
                if helper.args != [Ty::V128, Ty::V128] || helper.ret != Ty::V128 {
                    return None;
                }
                let esize: u32 = size.parse().ok()?;
                let counts = self.const_v128(args[1])?;
                let mask = (1u128 << esize) - 1;
                let first = counts & mask;
                if (0..128 / esize).any(|k| (counts >> (k * esize)) & mask != first) {
                    return None;
                }
                // The helper reads the count from the lane's low byte, signed.
                let count = first as u8 as i8 as i32;
                let signed = family == "sshl";
                // SSE has no byte shifts and no 64-bit arithmetic right shift.
                let ok = match esize {
                    16 | 32 => true,
                    64 => !(signed && count < 0),
                    _ => false,
                };
                ok.then_some(Inline::Shift { esize, count, signed })
            }
            "smull" | "umull" => {
                if helper.args != [Ty::I64, Ty::I64] || helper.ret != Ty::V128 {
                    return None;
                }
                let esize: u32 = size.parse().ok()?;
                let signed = family == "smull";
                // pmuldq (signed 32-bit) is SSE4.1.
                let ok = match esize {
                    8 | 16 => true,
                    32 => !signed || std::arch::is_x86_feature_detected!("sse4.1"),
                    _ => false,
                };
                ok.then_some(Inline::MulLong { esize, signed })
            }
            "ushll" | "sshll" => {
                if helper.args != [Ty::I64, Ty::I32] || helper.ret != Ty::V128 {
                    return None;
                }
                let esize: u32 = size.parse().ok()?;
                let shift = self.const_value(args[1])? as u32;
                let signed = family == "sshll";
                // Sign-extending 32-bit lanes to 64 would need SSE4.1's pmovsxdq.
                let ok = match esize {
                    8 | 16 => true,
                    32 => !signed,
                    _ => false,
                };
                (ok && shift <= esize).then_some(Inline::WidenShift { esize, signed, shift })
            }
            "cmeq" => {
                if helper.args != [Ty::V128, Ty::V128] || helper.ret != Ty::V128 {
                    return None;
                }
                let esize: u32 = size.parse().ok()?;
                // pcmpeqq is SSE4.1.
                let ok = matches!(esize, 8 | 16 | 32) || (esize == 64 && std::arch::is_x86_feature_detected!("sse4.1"));
                ok.then_some(Inline::CmpEq { esize })
            }
            "uminp" | "umaxp" | "sminp" | "smaxp" => {
                if helper.args != [Ty::V128, Ty::V128] || helper.ret != Ty::V128 {
                    return None;
                }
                let esize: u32 = size.parse().ok()?;
                // Most min/max widths and packusdw are SSE4.1.
                if !matches!(esize, 8 | 16 | 32) || !std::arch::is_x86_feature_detected!("sse4.1") {
                    return None;
                }
                Some(Inline::MinMaxPairwise { esize, signed: family.starts_with('s'), max: family.ends_with("maxp") })
            }
            "a64_permute" => {
                if helper.args != [Ty::V128, Ty::V128, Ty::I32] || helper.ret != Ty::V128 {
                    return None;
                }
                // The frontend's params: kind (0 UZP, 1 TRN, 2 ZIP) | part << 2 |
                // size << 3 | Q << 5.
                let params = self.const_value(args[2])? as u32;
                let zip = match params & 3 {
                    0 => false,
                    2 => true,
                    _ => return None,
                };
                let esize = 8 << ((params >> 3) & 3);
                let q = params & 1 << 5 != 0;
                // packusdw (16-bit UZP) is SSE4.1.
                if !zip && esize == 16 && !std::arch::is_x86_feature_detected!("sse4.1") {
                    return None;
                }
                Some(Inline::Permute { zip, part: params & 4 != 0, esize, q })
            }
            _ => {
                let double = match size {
                    "s" => false,
                    "d" => true,
                    _ => return None,
                };
                let (op, arity) = match family {
                    "fadd" => (FpOp::Add, 2),
                    "fsub" => (FpOp::Sub, 2),
                    "fmul" => (FpOp::Mul, 2),
                    "fdiv" => (FpOp::Div, 2),
                    "fsqrt" => (FpOp::Sqrt, 1),
                    "fmla" => (FpOp::MulAdd, 3),
                    "fmls" => (FpOp::MulSub, 3),
                    _ => return None,
                };
                if matches!(op, FpOp::MulAdd | FpOp::MulSub) && !std::arch::is_x86_feature_detected!("fma") {
                    return None;
                }
                let mut sig = vec![Ty::V128; arity];
                sig.push(Ty::I32);
                if helper.args != sig.as_slice() || helper.ret != Ty::V128 {
                    return None;
                }
                let ctl = self.const_value(args[arity])? as u32;
                let all = if double { 2 } else { 4 };
                let full = if ctl == fpcr_elementwise(1) {
                    false
                } else if ctl == fpcr_elementwise(all) {
                    true
                } else {
                    return None;
                };
                Some(Inline::Fp { op, double, full })
            }
        }
    }

    /// The operand of `op` that its inline code takes from the IR rather than reading it
    /// at run time (a shift's constant count vector), so it needs no slot.
    /// The `V128` operand a call reads only through `load_xmm0`, if any.
    pub(super) fn xmm_read_arg(&self, helper: &Helper, args: &[Value]) -> Option<Value> {
        match self.classify(helper, args)? {
            Inline::Shift { .. } => Some(args[0]),
            _ => None,
        }
    }

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
        match self.classify(helper, args) {
            None => false,
            Some(Inline::Shift { esize, count, signed }) => {
                self.vector_shift(i, args[0], esize, count, signed);
                true
            }
            Some(Inline::MulLong { esize, signed }) => {
                self.mul_long(i, args[0], args[1], esize, signed);
                true
            }
            Some(Inline::WidenShift { esize, signed, shift }) => {
                self.widen_shift(i, args[0], esize, signed, shift);
                true
            }
            Some(Inline::Permute { zip, part, esize, q }) => {
                self.permute(i, args[0], args[1], zip, part, esize, q);
                true
            }
            Some(Inline::CmpEq { esize }) => {
                self.cmp_eq(i, args[0], args[1], esize);
                true
            }
            Some(Inline::MinMaxPairwise { esize, signed, max }) => {
                self.min_max_pairwise(i, args[0], args[1], esize, signed, max);
                true
            }
            Some(Inline::Fp { op, double, full }) => {
                self.fp_fast(i, helper, args, op, double, full);
                true
            }
        }
    }

    fn vector_shift(&mut self, i: usize, a: Value, esize: u32, count: i32, signed: bool) {
        self.load_xmm0(a);
        // Counts of 128 do not fit an i8 immediate but do fit the unsigned byte the
        // instruction takes; any count >= esize has the same effect.
        let n = count.unsigned_abs().min(esize) as i8;
        match (esize, count >= 0, signed) {
            (_, true, _) if count == 0 => {}
            (16, true, _) => x64!(self.asm; psllw xmm0, n),
            (32, true, _) => x64!(self.asm; pslld xmm0, n),
            (64, true, _) => x64!(self.asm; psllq xmm0, n),
            (16, false, false) => x64!(self.asm; psrlw xmm0, n),
            (32, false, false) => x64!(self.asm; psrld xmm0, n),
            (64, false, false) => x64!(self.asm; psrlq xmm0, n),
            (16, false, true) => x64!(self.asm; psraw xmm0, n),
            (32, false, true) => x64!(self.asm; psrad xmm0, n),
            _ => unreachable!("classify() admitted an unsupported shift"),
        }
        self.v128_result(i);
    }

    fn mul_long(&mut self, i: usize, a: Value, b: Value, esize: u32, signed: bool) {
        self.load(RAX, a);
        x64!(self.asm; movq xmm0, rax);
        self.load(RAX, b);
        x64!(self.asm; movq xmm1, rax);
        match (esize, signed) {
            // Widen the bytes to words (sign- or zero-extended); the products fit.
            (8, true) => x64!(self.asm
                ; punpcklbw xmm0, xmm0
                ; psraw xmm0, 8
                ; punpcklbw xmm1, xmm1
                ; psraw xmm1, 8
                ; pmullw xmm0, xmm1
            ),
            (8, false) => x64!(self.asm
                ; pxor xmm2, xmm2
                ; punpcklbw xmm0, xmm2
                ; punpcklbw xmm1, xmm2
                ; pmullw xmm0, xmm1
            ),
            // Low and high halves of the 32-bit products, interleaved.
            (16, true) => x64!(self.asm
                ; movdqa xmm2, xmm0
                ; pmullw xmm0, xmm1
                ; pmulhw xmm2, xmm1
                ; punpcklwd xmm0, xmm2
            ),
            (16, false) => x64!(self.asm
                ; movdqa xmm2, xmm0
                ; pmullw xmm0, xmm1
                ; pmulhuw xmm2, xmm1
                ; punpcklwd xmm0, xmm2
            ),
            // pmul(u)dq multiplies dwords 0 and 2: spread lanes 0 and 1 there.
            (32, true) => x64!(self.asm
                ; pshufd xmm0, xmm0, 0x50
                ; pshufd xmm1, xmm1, 0x50
                ; pmuldq xmm0, xmm1
            ),
            (32, false) => x64!(self.asm
                ; pshufd xmm0, xmm0, 0x50
                ; pshufd xmm1, xmm1, 0x50
                ; pmuludq xmm0, xmm1
            ),
            _ => unreachable!("classify() admitted an unsupported long multiply"),
        }
        let d = (i * 16) as i32;
        x64!(self.asm; movdqu [r12 + d], xmm0);
        self.xmm0_value = Some(i);
    }

    fn widen_shift(&mut self, i: usize, a: Value, esize: u32, signed: bool, shift: u32) {
        self.load(RAX, a);
        x64!(self.asm; movq xmm0, rax);
        let n = shift as i8;
        match (esize, signed) {
            // Signed: each lane lands in the high half of its widened lane, then an
            // arithmetic shift brings it down.
            (8, true) => x64!(self.asm; punpcklbw xmm0, xmm0; psraw xmm0, 8),
            (16, true) => x64!(self.asm; punpcklwd xmm0, xmm0; psrad xmm0, 16),
            (8, false) => x64!(self.asm; pxor xmm1, xmm1; punpcklbw xmm0, xmm1),
            (16, false) => x64!(self.asm; pxor xmm1, xmm1; punpcklwd xmm0, xmm1),
            (32, false) => x64!(self.asm; pxor xmm1, xmm1; punpckldq xmm0, xmm1),
            _ => unreachable!("classify() admitted an unsupported widening"),
        }
        if shift != 0 {
            match esize {
                8 => x64!(self.asm; psllw xmm0, n),
                16 => x64!(self.asm; pslld xmm0, n),
                _ => x64!(self.asm; psllq xmm0, n),
            }
        }
        let d = (i * 16) as i32;
        x64!(self.asm; movdqu [r12 + d], xmm0);
        self.xmm0_value = Some(i);
    }

    #[allow(clippy::too_many_arguments)]
    fn permute(&mut self, i: usize, a: Value, b: Value, zip: bool, part: bool, esize: u32, q: bool) {
        let (sa, sb) = (slot(a), slot(b));
        x64!(self.asm
            ; movdqu xmm0, [r12 + sa]
            ; movdqu xmm1, [r12 + sb]
        );
        if zip {
            // Interleaving the low halves gives ZIP1; for 64-bit vectors ZIP2 is the
            // high half of that, and for 128-bit ones the high-half interleave.
            match (esize, part && q) {
                (8, false) => x64!(self.asm; punpcklbw xmm0, xmm1),
                (16, false) => x64!(self.asm; punpcklwd xmm0, xmm1),
                (32, false) => x64!(self.asm; punpckldq xmm0, xmm1),
                (_, false) => x64!(self.asm; punpcklqdq xmm0, xmm1),
                (8, true) => x64!(self.asm; punpckhbw xmm0, xmm1),
                (16, true) => x64!(self.asm; punpckhwd xmm0, xmm1),
                (32, true) => x64!(self.asm; punpckhdq xmm0, xmm1),
                (_, true) => x64!(self.asm; punpckhqdq xmm0, xmm1),
            }
            match (q, part) {
                (false, false) => x64!(self.asm; movq xmm0, xmm0),
                (false, true) => x64!(self.asm; psrldq xmm0, 8),
                _ => {}
            }
        } else {
            // UZP of 64-bit vectors is UZP of (op2:op1, 0), whose low half is the result.
            if !q {
                x64!(self.asm
                    ; punpcklqdq xmm0, xmm1
                    ; pxor xmm1, xmm1
                );
            }
            match (esize, part) {
                // Keep the even (UZP1) or odd (UZP2) lane of each pair in the low half
                // of the pair, zero-extended, then pack (no value saturates).
                (8, false) => x64!(self.asm
                    ; pcmpeqd xmm2, xmm2
                    ; psrlw xmm2, 8
                    ; pand xmm0, xmm2
                    ; pand xmm1, xmm2
                    ; packuswb xmm0, xmm1
                ),
                (8, true) => x64!(self.asm
                    ; psrlw xmm0, 8
                    ; psrlw xmm1, 8
                    ; packuswb xmm0, xmm1
                ),
                (16, false) => x64!(self.asm
                    ; pcmpeqd xmm2, xmm2
                    ; psrld xmm2, 16
                    ; pand xmm0, xmm2
                    ; pand xmm1, xmm2
                    ; packusdw xmm0, xmm1
                ),
                (16, true) => x64!(self.asm
                    ; psrld xmm0, 16
                    ; psrld xmm1, 16
                    ; packusdw xmm0, xmm1
                ),
                (32, false) => x64!(self.asm; shufps xmm0, xmm1, 0x88u8 as i8),
                (32, true) => x64!(self.asm; shufps xmm0, xmm1, 0xddu8 as i8),
                (_, false) => x64!(self.asm; punpcklqdq xmm0, xmm1),
                (_, true) => x64!(self.asm; punpckhqdq xmm0, xmm1),
            }
        }
        let d = (i * 16) as i32;
        x64!(self.asm; movdqu [r12 + d], xmm0);
        self.xmm0_value = Some(i);
    }

    fn cmp_eq(&mut self, i: usize, a: Value, b: Value, esize: u32) {
        let sb = slot(b);
        self.load_xmm0(a);
        x64!(self.asm; movdqu xmm1, [r12 + sb]);
        match esize {
            8 => x64!(self.asm; pcmpeqb xmm0, xmm1),
            16 => x64!(self.asm; pcmpeqw xmm0, xmm1),
            32 => x64!(self.asm; pcmpeqd xmm0, xmm1),
            _ => x64!(self.asm; pcmpeqq xmm0, xmm1),
        }
        let d = (i * 16) as i32;
        x64!(self.asm; movdqu [r12 + d], xmm0);
        self.xmm0_value = Some(i);
    }

    /// The even lanes of a:b (as UZP1) in xmm0, the odd ones (UZP2) in xmm2, then the
    /// lane-wise min or max of the two.
    fn min_max_pairwise(&mut self, i: usize, a: Value, b: Value, esize: u32, signed: bool, max: bool) {
        let (sa, sb) = (slot(a), slot(b));
        x64!(self.asm
            ; movdqu xmm0, [r12 + sa]
            ; movdqu xmm1, [r12 + sb]
            ; movdqa xmm2, xmm0
            ; movdqa xmm3, xmm1
        );
        match esize {
            8 => x64!(self.asm
                ; pcmpeqd xmm4, xmm4
                ; psrlw xmm4, 8
                ; pand xmm0, xmm4
                ; pand xmm1, xmm4
                ; packuswb xmm0, xmm1
                ; psrlw xmm2, 8
                ; psrlw xmm3, 8
                ; packuswb xmm2, xmm3
            ),
            16 => x64!(self.asm
                ; pcmpeqd xmm4, xmm4
                ; psrld xmm4, 16
                ; pand xmm0, xmm4
                ; pand xmm1, xmm4
                ; packusdw xmm0, xmm1
                ; psrld xmm2, 16
                ; psrld xmm3, 16
                ; packusdw xmm2, xmm3
            ),
            _ => x64!(self.asm
                ; shufps xmm0, xmm1, 0x88u8 as i8
                ; shufps xmm2, xmm3, 0xddu8 as i8
            ),
        }
        match (esize, signed, max) {
            (8, false, false) => x64!(self.asm; pminub xmm0, xmm2),
            (8, false, true) => x64!(self.asm; pmaxub xmm0, xmm2),
            (8, true, false) => x64!(self.asm; pminsb xmm0, xmm2),
            (8, true, true) => x64!(self.asm; pmaxsb xmm0, xmm2),
            (16, false, false) => x64!(self.asm; pminuw xmm0, xmm2),
            (16, false, true) => x64!(self.asm; pmaxuw xmm0, xmm2),
            (16, true, false) => x64!(self.asm; pminsw xmm0, xmm2),
            (16, true, true) => x64!(self.asm; pmaxsw xmm0, xmm2),
            (_, false, false) => x64!(self.asm; pminud xmm0, xmm2),
            (_, false, true) => x64!(self.asm; pmaxud xmm0, xmm2),
            (_, true, false) => x64!(self.asm; pminsd xmm0, xmm2),
            (_, true, true) => x64!(self.asm; pmaxsd xmm0, xmm2),
        }
        let d = (i * 16) as i32;
        x64!(self.asm; movdqu [r12 + d], xmm0);
        self.xmm0_value = Some(i);
    }

    /// Loads operand `v` into xmm`reg`: one lane (the rest zeroed) or the whole vector.
    fn fp_operand(&mut self, reg: u8, v: Value, double: bool, full: bool) {
        let s = slot(v);
        match (full, double) {
            (true, _) => x64!(self.asm; movdqu Rx(reg), [r12 + s]),
            (false, true) => x64!(self.asm; movq Rx(reg), QWORD [r12 + s]),
            (false, false) => x64!(self.asm; movd Rx(reg), DWORD [r12 + s]),
        }
    }

    fn fp_fast(&mut self, i: usize, helper: &'static Helper, args: &[Value], op: FpOp, double: bool, full: bool) {
        // Both paths must leave the register cache alike, and the slow one calls.
        self.before_call();
        let fpcr = offset_of!(CpuState, fpcr) as i32;
        let fpsr = offset_of!(CpuState, fpsr) as i32;
        let slow = self.asm.new_dynamic_label();
        let done = self.asm.new_dynamic_label();
        x64!(self.asm
            ; test DWORD [rbx + fpcr], FPCR_SLOW_BITS
            ; jnz =>slow
        );
        let arity = match op {
            FpOp::Sqrt => 1,
            FpOp::MulAdd | FpOp::MulSub => 3,
            _ => 2,
        };
        for (n, a) in args[..arity].iter().enumerate() {
            self.fp_operand(n as u8, *a, double, full);
        }
        // Start from clear MXCSR flags so the ones read afterwards are this op's. r13's
        // helper argument area is free scratch between calls.
        x64!(self.asm
            ; stmxcsr [r13]
            ; and DWORD [r13], !0x3f
            ; ldmxcsr [r13]
        );
        match (op, full, double) {
            (FpOp::Add, false, false) => x64!(self.asm; addss xmm0, xmm1),
            (FpOp::Add, false, true) => x64!(self.asm; addsd xmm0, xmm1),
            (FpOp::Add, true, false) => x64!(self.asm; addps xmm0, xmm1),
            (FpOp::Add, true, true) => x64!(self.asm; addpd xmm0, xmm1),
            (FpOp::Sub, false, false) => x64!(self.asm; subss xmm0, xmm1),
            (FpOp::Sub, false, true) => x64!(self.asm; subsd xmm0, xmm1),
            (FpOp::Sub, true, false) => x64!(self.asm; subps xmm0, xmm1),
            (FpOp::Sub, true, true) => x64!(self.asm; subpd xmm0, xmm1),
            (FpOp::Mul, false, false) => x64!(self.asm; mulss xmm0, xmm1),
            (FpOp::Mul, false, true) => x64!(self.asm; mulsd xmm0, xmm1),
            (FpOp::Mul, true, false) => x64!(self.asm; mulps xmm0, xmm1),
            (FpOp::Mul, true, true) => x64!(self.asm; mulpd xmm0, xmm1),
            (FpOp::Div, false, false) => x64!(self.asm; divss xmm0, xmm1),
            (FpOp::Div, false, true) => x64!(self.asm; divsd xmm0, xmm1),
            (FpOp::Div, true, false) => x64!(self.asm; divps xmm0, xmm1),
            (FpOp::Div, true, true) => x64!(self.asm; divpd xmm0, xmm1),
            // The scalar forms keep the destination's upper lanes, which the operand
            // load zeroed.
            (FpOp::Sqrt, false, false) => x64!(self.asm; sqrtss xmm0, xmm0),
            (FpOp::Sqrt, false, true) => x64!(self.asm; sqrtsd xmm0, xmm0),
            (FpOp::Sqrt, true, false) => x64!(self.asm; sqrtps xmm0, xmm0),
            (FpOp::Sqrt, true, true) => x64!(self.asm; sqrtpd xmm0, xmm0),
            (FpOp::MulAdd, false, false) => x64!(self.asm; vfmadd231ss xmm0, xmm1, xmm2),
            (FpOp::MulAdd, false, true) => x64!(self.asm; vfmadd231sd xmm0, xmm1, xmm2),
            (FpOp::MulAdd, true, false) => x64!(self.asm; vfmadd231ps xmm0, xmm1, xmm2),
            // dynasm 3.2 encodes vfmadd231pd/vfnmadd231pd without VEX.W (as the ps
            // forms), so these two are spelled out: VEX.128.66.0F38.W1 B8/BC /r with
            // vvvv = xmm1, ModRM = xmm0, xmm2.
            (FpOp::MulAdd, true, true) => x64!(self.asm; .bytes [0xc4u8, 0xe2, 0xf1, 0xb8, 0xc2]),
            (FpOp::MulSub, false, false) => x64!(self.asm; vfnmadd231ss xmm0, xmm1, xmm2),
            (FpOp::MulSub, false, true) => x64!(self.asm; vfnmadd231sd xmm0, xmm1, xmm2),
            (FpOp::MulSub, true, false) => x64!(self.asm; vfnmadd231ps xmm0, xmm1, xmm2),
            (FpOp::MulSub, true, true) => x64!(self.asm; .bytes [0xc4u8, 0xe2, 0xf1, 0xbc, 0xc2]),
        }
        x64!(self.asm
            ; stmxcsr [r13]
            ; mov eax, [r13]
        );
        // Any NaN lane: Arm's NaN rules apply.
        match (full, double) {
            (false, false) => x64!(self.asm; ucomiss xmm0, xmm0; jp =>slow),
            (false, true) => x64!(self.asm; ucomisd xmm0, xmm0; jp =>slow),
            (true, false) => x64!(self.asm
                ; movaps xmm1, xmm0
                ; cmpunordps xmm1, xmm0
                ; movmskps ecx, xmm1
                ; test ecx, ecx
                ; jnz =>slow
            ),
            (true, true) => x64!(self.asm
                ; movapd xmm1, xmm0
                ; cmpunordpd xmm1, xmm0
                ; movmskpd ecx, xmm1
                ; test ecx, ecx
                ; jnz =>slow
            ),
        }
        // Inexact results of the smallest normal magnitude may be Arm underflows.
        let exact = self.asm.new_dynamic_label();
        x64!(self.asm
            ; test eax, 0x20
            ; jz =>exact
        );
        if double {
            // Compare the magnitude (value shifted left once, dropping the sign) with
            // 2^-1022's, lane by lane: both dwords of a lane must match.
            x64!(self.asm
                ; movdqa xmm1, xmm0
                ; psllq xmm1, 1
                ; mov rcx, QWORD 0x0020_0000_0000_0000
                ; movq xmm2, rcx
                ; pshufd xmm2, xmm2, 0x44
                ; pcmpeqd xmm1, xmm2
                ; movmskps ecx, xmm1
                ; mov edx, ecx
                ; shr edx, 1
                ; and ecx, edx
                ; test ecx, 5
                ; jnz =>slow
            );
        } else {
            x64!(self.asm
                ; movdqa xmm1, xmm0
                ; pslld xmm1, 1
                ; mov ecx, 0x0100_0000
                ; movd xmm2, ecx
                ; pshufd xmm2, xmm2, 0
                ; pcmpeqd xmm1, xmm2
                ; movmskps ecx, xmm1
                ; test ecx, ecx
                ; jnz =>slow
            );
        }
        // MXCSR PE/UE/OE/ZE (bits 5..2) are FPSR IXC/UFC/OFC/DZC (bits 4..1); DE
        // (bit 1) has no Arm counterpart.
        let d = (i * 16) as i32;
        x64!(self.asm
            ; =>exact
            ; shr eax, 1
            ; and eax, 0x1e
            ; or DWORD [rbx + fpsr], eax
            ; movdqu [r12 + d], xmm0
            ; jmp =>done
            ; =>slow
        );
        // rax no longer holds what the previous op left there.
        self.rax_reuse = None;
        self.call_helper_out_of_line(i, helper, args);
        x64!(self.asm; =>done);
    }
}

/// A lane-wise operation the frontend spells out on 64-bit halves (`per_half`,
/// `add_word`, `sub_word` in `simd/vreg.rs`), which one SSE instruction does on the
/// whole vector.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LaneOp {
    And,
    Or,
    Xor,
    /// a AND NOT b.
    AndNot,
    /// Lane-wise add or subtract of `esize`-bit lanes.
    Add(u32),
    Sub(u32),
}

impl Emitter<'_> {
    fn op_of(&self, v: Value) -> &Op {
        &self.block.insts[self.resolve(v).index()].op
    }

    /// The vector `v` is the low (`hi` false) or high half of.
    /// Looks at `v`'s own op first: a `VLo` of a `VMake` is an alias of the VMake's
    /// operand, but the vector itself is just as good a source.
    fn half_of(&self, v: Value, hi: bool) -> Option<Value> {
        [&self.block.insts[v.index()].op, self.op_of(v)].into_iter().find_map(|op| match *op {
            Op::VLo(x) if !hi => Some(x),
            Op::VHi(x) if hi => Some(x),
            _ => None,
        })
    }

    /// Whether `v` is the constant `c`.
    fn is_const(&self, v: Value, c: u64) -> bool {
        self.const_value(v) == Some(c)
    }

    /// Lane width whose top bits `top` selects (`replicate(esize, 1 << (esize - 1))`).
    fn lane_of_top(top: u64) -> Option<u32> {
        [8u32, 16, 32].into_iter().find(|&e| {
            let lane = 1u64 << (e - 1);
            (0..64 / e).fold(0u64, |acc, k| acc | lane << (k * e)) == top
        })
    }

    /// `(op, a, b)` if 64-bit value `w` is `op(half(a), half(b))` lane-wise.
    fn half_op(&self, w: Value, hi: bool) -> Option<(LaneOp, Value, Value)> {
        let pair = |x: Value, y: Value| Some((self.half_of(x, hi)?, self.half_of(y, hi)?));
        let (op, x, y) = match *self.op_of(w) {
            Op::And(x, y) => (LaneOp::And, x, y),
            Op::Or(x, y) => (LaneOp::Or, x, y),
            Op::AndNot(x, y) => (LaneOp::AndNot, x, y),
            Op::Add(x, y) => (LaneOp::Add(64), x, y),
            Op::Sub(x, y) => (LaneOp::Sub(64), x, y),
            Op::Xor(s, t) => match pair(s, t) {
                Some((a, b)) => return Some((LaneOp::Xor, a, b)),
                None => return self.swar_add_sub(s, t, hi),
            },
            _ => return None,
        };
        let (a, b) = pair(x, y)?;
        Some((op, a, b))
    }

    /// `add_word`: `((x & L) + (y & L)) ^ ((x ^ y) & H)`, and `sub_word`:
    /// `((x | H) - (y & L)) ^ (H & !(x ^ y))`, with H the lanes' top bits and L = !H.
    fn swar_add_sub(&self, s: Value, t: Value, hi: bool) -> Option<(LaneOp, Value, Value)> {
        let same = |p: Value, q: Value| self.resolve(p) == self.resolve(q);
        let (add, x, y, h) = match (self.op_of(s), self.op_of(t)) {
            (&Op::Add(p, q), &Op::And(xy, h)) => match (self.op_of(p), self.op_of(q)) {
                (&Op::And(x, l1), &Op::And(y, l2)) => {
                    let top = self.const_value(h)?;
                    if !(self.is_const(l1, !top) && self.is_const(l2, !top)) {
                        return None;
                    }
                    (true, x, y, (xy, top))
                }
                _ => return None,
            },
            (&Op::Sub(p, q), &Op::AndNot(h, xy)) => match (self.op_of(p), self.op_of(q)) {
                (&Op::Or(x, h1), &Op::And(y, l)) => {
                    let top = self.const_value(h)?;
                    if !(self.is_const(h1, top) && self.is_const(l, !top)) {
                        return None;
                    }
                    (false, x, y, (xy, top))
                }
                _ => return None,
            },
            _ => return None,
        };
        let (xy, top) = h;
        match *self.op_of(xy) {
            Op::Xor(x2, y2) if same(x, x2) && same(y, y2) => {}
            _ => return None,
        }
        let esize = Self::lane_of_top(top)?;
        let (a, b) = (self.half_of(x, hi)?, self.half_of(y, hi)?);
        Some((if add { LaneOp::Add(esize) } else { LaneOp::Sub(esize) }, a, b))
    }

    /// `(op, a, b, full)` if `VMake(lo, hi)` is lane-wise `op(a, b)` on whole vectors
    /// (`full`) or on their low halves with the high half cleared.
    pub(super) fn vector_binop(&self, lo: Value, hi: Value) -> Option<(LaneOp, Value, Value, bool)> {
        let (op, a, b) = self.half_op(lo, false)?;
        if self.is_const(hi, 0) {
            return Some((op, a, b, false));
        }
        let (op2, a2, b2) = self.half_op(hi, true)?;
        (op == op2 && a == a2 && b == b2).then_some((op, a, b, true))
    }

    /// Emits a `vector_binop` into value `i`. Cleared high halves stay clear: every
    /// `LaneOp` maps 0, 0 to 0.
    pub(super) fn emit_vector_binop(&mut self, i: usize, op: LaneOp, a: Value, b: Value, full: bool) {
        if full {
            self.load_xmm0(a);
            match self.vcached(b) {
                Some(x) => x64!(self.asm; movdqa xmm1, Rx(x)),
                None => {
                    debug_assert!(self.in_slot[b.index()], "value {b:?} is neither cached nor stored");
                    let sb = slot(b);
                    x64!(self.asm; movdqu xmm1, [r12 + sb]);
                }
            }
        } else {
            // b first, while xmm0 may still hold it.
            let b_in_xmm0 = self.xmm0_reuse == Some(b.index());
            self.load_low_half(1, b, b_in_xmm0);
            let a_in_xmm0 = self.xmm0_reuse.take() == Some(a.index());
            self.load_low_half(0, a, a_in_xmm0);
        }
        match op {
            LaneOp::And => x64!(self.asm; pand xmm0, xmm1),
            LaneOp::Or => x64!(self.asm; por xmm0, xmm1),
            LaneOp::Xor => x64!(self.asm; pxor xmm0, xmm1),
            // pandn computes NOT dst AND src.
            LaneOp::AndNot => x64!(self.asm; pandn xmm1, xmm0; movdqa xmm0, xmm1),
            LaneOp::Add(8) => x64!(self.asm; paddb xmm0, xmm1),
            LaneOp::Add(16) => x64!(self.asm; paddw xmm0, xmm1),
            LaneOp::Add(32) => x64!(self.asm; paddd xmm0, xmm1),
            LaneOp::Add(_) => x64!(self.asm; paddq xmm0, xmm1),
            LaneOp::Sub(8) => x64!(self.asm; psubb xmm0, xmm1),
            LaneOp::Sub(16) => x64!(self.asm; psubw xmm0, xmm1),
            LaneOp::Sub(32) => x64!(self.asm; psubd xmm0, xmm1),
            LaneOp::Sub(_) => x64!(self.asm; psubq xmm0, xmm1),
        }
        self.v128_result(i);
    }
}
