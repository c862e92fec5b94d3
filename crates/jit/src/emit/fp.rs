//! Floating-point helpers (`Meaning::Fp`) on the host FPU, keeping the guest's exact
//! results and exception flags.
//!
//! When the guest's control register (as its `FpEnv` describes it) selects IEEE 754's
//! defaults (round to nearest even, or a fixed nearest-even rounding; no flush to zero,
//! default NaN or traps), the host op runs inline and its exception flags are left in
//! MXCSR, where they accumulate as the guest's would; `fpflags.rs` folds them into the
//! guest's status register whenever anything may look at it. The result is then checked
//! for the two cases where x86 differs from the guest: a NaN (the guest's propagation
//! rules pick which NaN; for a guest whose rule is the canonical NaN it is written here
//! instead, except after a fused multiply-add, whose `0 * inf + qNaN` raises no invalid
//! on x86), and, for guests that detect tininess before rounding, a result of exactly
//! the smallest normal magnitude, which may have been tiny before rounding (a guest
//! underflow) when x86 saw none. Those, and every op under other control settings, call
//! the helper, out of line, with every live cache register saved around the call and
//! reloaded after, so the inline path never pays for the calling convention. The flags
//! the discarded host op left in MXCSR are a subset of the helper's (a NaN result raises
//! at most invalid, which only a canonical-NaN guest maps; an inexact smallest normal
//! raises inexact, which the helper raises too).

use super::host::HostFeatures;
use super::regs::field;
use super::{slot, x64, Emitter, CACHE_REGS};
use crossrun_ir::{FpArith, FpCarrier, FpEnv, FpFormat, FpOp, FpRounding, Helper, Meaning, NanRule, Op, Reg, Tininess, Value};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi};

/// A `Meaning::Fp` call in a shape the host can compute.
#[derive(Clone, Copy)]
pub(super) struct FpInline {
    op: FpOp,
    double: bool,
    /// Lanes processed: 1, 2 (single precision) or a full vector.
    lanes: u8,
    /// Whether the control register's rounding field applies (else nearest even is fixed).
    dynamic: bool,
    env: &'static FpEnv,
    control: i32,
    /// One value in an I64, NaN-boxed if single (`FpCarrier::Boxed64`).
    boxed: bool,
}

/// Where an operand is read from: a cache register (xmm8-15) or its slot.
#[derive(Clone, Copy)]
enum Loc {
    Reg(u8),
    Slot(i32),
}

impl FpInline {
    pub(super) fn new(fp: &FpArith, ctl: u64, host: &HostFeatures) -> Option<FpInline> {
        let shape = (fp.shape)(ctl)?;
        if !matches!(shape.rounding, FpRounding::Dynamic | FpRounding::NearestEven) {
            return None;
        }
        if fp.op.arity() == 3 && !host.fma {
            return None;
        }
        let double = fp.format == FpFormat::Double;
        let boxed = fp.carrier == FpCarrier::Boxed64;
        if boxed && shape.lanes != 1 {
            return None;
        }
        let all = if double { 2 } else { 4 };
        // Two single lanes compute on zeros above them, which for a division is 0/0: an
        // invalid operation that only a canonical-NaN guest would see in the flags.
        let zero_by_zero_seen = fp.op == FpOp::Div && fp.env.nan == NanRule::Canonical;
        let two = !double && !zero_by_zero_seen;
        if !(shape.lanes == 1 || shape.lanes == all || (shape.lanes == 2 && two)) {
            return None;
        }
        let (control, cbytes) = field(fp.env.control);
        // 32-bit fields the code can test and update in memory.
        if cbytes != 4 || field(fp.env.status).1 != 4 {
            return None;
        }
        let dynamic = shape.rounding == FpRounding::Dynamic;
        Some(FpInline { op: fp.op, double, lanes: shape.lanes, dynamic, env: fp.env, control, boxed })
    }

    fn full(&self) -> bool {
        self.lanes == if self.double { 2 } else { 4 }
    }

    /// Two single-precision lanes: computed as a full vector, upper half cleared after.
    fn half_vector(&self) -> bool {
        !self.double && self.lanes == 2
    }

    /// Packed (ps/pd) rather than scalar (ss/sd) instructions.
    fn packed(&self) -> bool {
        self.lanes > 1
    }

    /// The arguments in the order the host op takes them: the addend of a fused
    /// multiply-add first (the destination of the x86 231 forms), then the factors.
    fn host_order(&self, args: &[Value]) -> Vec<Value> {
        match self.op {
            FpOp::FusedMulAdd { .. } => vec![args[2], args[0], args[1]],
            op => args[..op.arity()].to_vec(),
        }
    }

    /// movmskps/movmskpd bits of the lanes processed.
    fn lane_mask(&self) -> i32 {
        (1 << self.lanes) - 1
    }
}

/// Broadcasts a 32-bit value to the four lanes of a 128-bit constant.
fn splat32(x: u32) -> u128 {
    let x = x as u128;
    x | x << 32 | x << 64 | x << 96
}

impl Emitter<'_> {
    /// Whether `V128` value `v` is known to be zero above its low `bits` bits: a lane
    /// register that narrow, or a vector FP helper's result with no more lanes (the
    /// lanes beyond those processed are zero, as `Meaning::Fp` says), which the inline
    /// code keeps so by computing on zero-extended operands.
    fn zero_above(&self, v: Value, bits: u32) -> bool {
        match &self.block.insts[self.resolve(v).index()].op {
            Op::GetReg(Reg::VLane(_, _, width)) => width.bits() <= bits,
            Op::Call(helper, args) => match helper.meaning {
                Meaning::Fp(fp) if fp.carrier == FpCarrier::Vector => args
                    .last()
                    .and_then(|&c| self.const_value(c))
                    .and_then(|c| (fp.shape)(c))
                    .is_some_and(|shape| u32::from(shape.lanes) * fp.format.bits() <= bits),
                _ => false,
            },
            _ => false,
        }
    }

    fn loc(&self, v: Value) -> Loc {
        match self.vcached(v) {
            Some(x) => Loc::Reg(x),
            None => {
                debug_assert!(self.in_slot[self.resolve(v).index()], "value {v:?} is neither cached nor stored");
                Loc::Slot(slot(self.resolve(v)))
            }
        }
    }

    pub(super) fn fp_inline(&mut self, i: usize, helper: &'static Helper, args: &[Value], fp: FpInline) {
        if fp.boxed {
            return self.fp_inline_boxed(i, helper, args, fp);
        }
        let operands = fp.host_order(args);
        let in_xmm0 = self.xmm0_reuse.take() == Some(self.resolve(operands[0]).index());
        let locs: Vec<Loc> = operands.iter().map(|&a| self.loc(a)).collect();
        let call = self.asm.new_dynamic_label();
        let resume = self.asm.new_dynamic_label();
        self.fp_control_check(&fp, call);
        // Operand 0 is the destination. Scalar ops read and compute lane 0 alone, so the
        // other operands are used in place; a two-lane op computes four lanes, whose
        // upper two must not raise flags, so all its operands are zero-extended.
        let bits = u32::from(fp.lanes) * if fp.double { 64 } else { 32 };
        let zext = !fp.full() && !self.zero_above(operands[0], bits);
        if !zext {
            if !in_xmm0 {
                self.fp_load(0, locs[0], &fp, false);
            }
        } else if in_xmm0 {
            self.fp_zero_extend_xmm0(&fp);
        } else {
            self.fp_load(0, locs[0], &fp, zext);
        }
        let src: Vec<u8> = locs[1..]
            .iter()
            .enumerate()
            .map(|(k, &l)| match l {
                Loc::Reg(x) if !fp.half_vector() => x,
                _ => {
                    let r = (k + 1) as u8;
                    self.fp_load(r, l, &fp, fp.half_vector());
                    r
                }
            })
            .collect();
        self.fp_op(&fp, &src);
        self.fp_check(&fp, call);
        x64!(self.asm; =>resume);
        self.rax_reuse = None;
        self.v128_result(i);

        let cold_call = self.call_preserving(i, helper, args);
        self.cold.push(Box::new(move |e: &mut Emitter<'_>| {
            e.asm.dynamic_label(call);
            cold_call(e);
            x64!(e.asm; jmp =>resume);
        }));
    }

    /// Jumps to `call` unless the control register selects IEEE 754's defaults (and,
    /// for a dynamic rounding, nearest even).
    fn fp_control_check(&mut self, fp: &FpInline, call: DynamicLabel) {
        let mut control_mask = fp.env.mode_mask;
        if fp.dynamic {
            control_mask |= fp.env.rounding_mask;
        }
        if control_mask != 0 {
            let control = fp.control;
            x64!(self.asm
                ; test DWORD [rbx + control], control_mask as i32
                ; jnz =>call
            );
        }
    }

    /// `fp_inline` for `FpCarrier::Boxed64`: operands from general registers, one lane,
    /// a single whose upper half is not all ones (which reads as the canonical NaN) left
    /// to the helper, the result NaN-boxed.
    fn fp_inline_boxed(&mut self, i: usize, helper: &'static Helper, args: &[Value], fp: FpInline) {
        let operands = fp.host_order(args);
        self.xmm0_reuse = None;
        let call = self.asm.new_dynamic_label();
        let resume = self.asm.new_dynamic_label();
        // The result register is chosen (and whatever it held spilled) before any jump to
        // the helper, so the helper path finds every live value where it expects it.
        let keep: Vec<usize> = operands.iter().map(|&a| self.resolve(a).index()).collect();
        let k = self.result_reg_except(&keep);
        let r = CACHE_REGS[k];
        self.fp_control_check(&fp, call);
        for (n, &a) in operands.iter().enumerate() {
            let x = self.value_reg(a);
            if !fp.double {
                x64!(self.asm
                    ; mov rcx, Rq(x)
                    ; shr rcx, 32
                    ; cmp ecx, -1
                    ; jne =>call
                );
            }
            x64!(self.asm; movq Rx(n as u8), Rq(x));
        }
        let src: Vec<u8> = (1..operands.len() as u8).collect();
        self.fp_op(&fp, &src);
        self.fp_check(&fp, call);
        if fp.double {
            x64!(self.asm; movq Rq(r), xmm0);
        } else {
            // The canonical-NaN write may have touched the box (lane 1 was all ones).
            x64!(self.asm
                ; movd Rd(r), xmm0
                ; mov rcx, QWORD -0x1_0000_0000
                ; or Rq(r), rcx
            );
        }
        x64!(self.asm; =>resume);
        self.cold_helper_into(i, helper, args, r, call, resume);
        self.define(k, i);
        self.rax_reuse = None;
    }

    /// After the op: jumps to `call` for a result only the helper gets right (see the
    /// module documentation), or writes the canonical NaN.
    fn fp_check(&mut self, fp: &FpInline, call: DynamicLabel) {
        // A NaN result goes to the helper under the propagate rule, and from a fused
        // multiply-add, where x86 raises no invalid for `0 * inf + qNaN` but IEEE 754
        // lets a guest (and RISC-V and Arm do) raise it.
        let propagate = fp.env.nan == NanRule::Propagate || fp.op.arity() == 3;
        let before = fp.env.tininess == Tininess::BeforeRounding;
        // xmm3 = all ones in the lanes the helper must compute.
        if propagate {
            if fp.double {
                x64!(self.asm; movapd xmm3, xmm0; cmpunordpd xmm3, xmm0);
            } else {
                x64!(self.asm; movaps xmm3, xmm0; cmpunordps xmm3, xmm0);
            }
        }
        if before {
            // Lanes whose magnitude is the smallest normal's.
            let (abs, min) = if fp.double {
                (0x7fff_ffff_ffff_ffffu128 * (1 + (1 << 64)), 0x0010_0000_0000_0000u128 * (1 + (1 << 64)))
            } else {
                (splat32(0x7fff_ffff), splat32(0x0080_0000))
            };
            let (abs, min) = (self.const_label(abs), self.const_label(min));
            x64!(self.asm
                ; movaps xmm4, xmm0
                ; andps xmm4, [=>abs]
            );
            if fp.double {
                x64!(self.asm; cmpeqpd xmm4, [=>min]);
            } else {
                x64!(self.asm; cmpeqps xmm4, [=>min]);
            }
            if propagate {
                x64!(self.asm; orps xmm3, xmm4);
            } else {
                x64!(self.asm; movaps xmm3, xmm4);
            }
        }
        if propagate || before {
            let mask = fp.lane_mask();
            if fp.double {
                x64!(self.asm; movmskpd ecx, xmm3);
            } else {
                x64!(self.asm; movmskps ecx, xmm3);
            }
            x64!(self.asm
                ; test ecx, mask
                ; jnz =>call
            );
        }
        if !propagate {
            // xmm0 = (xmm0 & !nan_lanes) | (canonical & nan_lanes); MXCSR's invalid flag
            // (for a signalling operand or an invalid operation) is the guest's.
            let canonical =
                if fp.double { 0x7ff8_0000_0000_0000u128 * (1 + (1 << 64)) } else { splat32(0x7fc0_0000) };
            let canonical = self.const_label(canonical);
            if fp.double {
                x64!(self.asm; movapd xmm3, xmm0; cmpunordpd xmm3, xmm0);
            } else {
                x64!(self.asm; movaps xmm3, xmm0; cmpunordps xmm3, xmm0);
            }
            x64!(self.asm
                ; movaps xmm4, xmm3
                ; andnps xmm4, xmm0
                ; andps xmm3, [=>canonical]
                ; orps xmm3, xmm4
                ; movaps xmm0, xmm3
            );
        }
        if fp.half_vector() {
            // The upper lanes computed 0 op 0 (NaN for a division).
            x64!(self.asm; movq xmm0, xmm0);
        }
    }

    /// xmm`reg` = the operand at `loc`, zero above the lanes processed when `zext`.
    fn fp_load(&mut self, reg: u8, loc: Loc, fp: &FpInline, zext: bool) {
        match (loc, zext, fp.lanes, fp.double) {
            (Loc::Reg(x), false, _, _) => x64!(self.asm; movdqa Rx(reg), Rx(x)),
            (Loc::Slot(s), false, _, _) => x64!(self.asm; movdqu Rx(reg), [r12 + s]),
            // One double or two singles: the low 64 bits.
            (Loc::Reg(x), true, _, true) | (Loc::Reg(x), true, 2, false) => x64!(self.asm; movq Rx(reg), Rx(x)),
            (Loc::Slot(s), true, _, true) | (Loc::Slot(s), true, 2, false) => {
                x64!(self.asm; movq Rx(reg), QWORD [r12 + s])
            }
            (Loc::Reg(x), true, _, false) => x64!(self.asm
                ; xorps Rx(reg), Rx(reg)
                ; movss Rx(reg), Rx(x)
            ),
            (Loc::Slot(s), true, _, false) => x64!(self.asm; movd Rx(reg), DWORD [r12 + s]),
        }
    }

    /// Clears xmm0 above the lanes processed, when it already holds operand 0.
    fn fp_zero_extend_xmm0(&mut self, fp: &FpInline) {
        if fp.full() {
            return;
        }
        if fp.double || fp.half_vector() {
            x64!(self.asm; movq xmm0, xmm0);
        } else {
            x64!(self.asm
                ; movd ecx, xmm0
                ; movd xmm0, ecx
            );
        }
    }

    /// xmm0 = op(xmm0, src...).
    fn fp_op(&mut self, fp: &FpInline, src: &[u8]) {
        let (packed, double) = (fp.packed(), fp.double);
        let s1 = src.first().copied().unwrap_or(0);
        match (fp.op, packed, double) {
            (FpOp::Add, false, false) => x64!(self.asm; addss xmm0, Rx(s1)),
            (FpOp::Add, false, true) => x64!(self.asm; addsd xmm0, Rx(s1)),
            (FpOp::Add, true, false) => x64!(self.asm; addps xmm0, Rx(s1)),
            (FpOp::Add, true, true) => x64!(self.asm; addpd xmm0, Rx(s1)),
            (FpOp::Sub, false, false) => x64!(self.asm; subss xmm0, Rx(s1)),
            (FpOp::Sub, false, true) => x64!(self.asm; subsd xmm0, Rx(s1)),
            (FpOp::Sub, true, false) => x64!(self.asm; subps xmm0, Rx(s1)),
            (FpOp::Sub, true, true) => x64!(self.asm; subpd xmm0, Rx(s1)),
            (FpOp::Mul, false, false) => x64!(self.asm; mulss xmm0, Rx(s1)),
            (FpOp::Mul, false, true) => x64!(self.asm; mulsd xmm0, Rx(s1)),
            (FpOp::Mul, true, false) => x64!(self.asm; mulps xmm0, Rx(s1)),
            (FpOp::Mul, true, true) => x64!(self.asm; mulpd xmm0, Rx(s1)),
            (FpOp::Div, false, false) => x64!(self.asm; divss xmm0, Rx(s1)),
            (FpOp::Div, false, true) => x64!(self.asm; divsd xmm0, Rx(s1)),
            (FpOp::Div, true, false) => x64!(self.asm; divps xmm0, Rx(s1)),
            (FpOp::Div, true, true) => x64!(self.asm; divpd xmm0, Rx(s1)),
            // The scalar forms keep the destination's upper lanes, which are zero.
            (FpOp::Sqrt, false, false) => x64!(self.asm; sqrtss xmm0, xmm0),
            (FpOp::Sqrt, false, true) => x64!(self.asm; sqrtsd xmm0, xmm0),
            (FpOp::Sqrt, true, false) => x64!(self.asm; sqrtps xmm0, xmm0),
            (FpOp::Sqrt, true, true) => x64!(self.asm; sqrtpd xmm0, xmm0),
            // xmm0 = ±(src1 * src2) + xmm0 with one rounding (VFMADD231 / VFNMADD231).
            // VFMADD231 (b8/b9: src1 * src2 + xmm0), VFMSUB231 (ba/bb: ... - xmm0),
            // VFNMADD231 (bc/bd: -(src1 * src2) + xmm0), VFNMSUB231 (be/bf), packed / scalar.
            (FpOp::MulAdd | FpOp::MulSub | FpOp::FusedMulAdd { .. }, _, _) => {
                let (negate_product, negate_addend) = match fp.op {
                    FpOp::FusedMulAdd { negate_product, negate_addend } => (negate_product, negate_addend),
                    op => (op == FpOp::MulSub, false),
                };
                let form = 0xb8 + 4 * negate_product as u8 + 2 * negate_addend as u8;
                self.vex_fma231(form + !packed as u8, double, s1, src[1]);
            }
        }
    }

    /// VEX.128.66.0F38.W `opcode` /r with xmm0 as destination, `v` in VEX.vvvv and `rm`
    /// in ModRM.rm: the 231 forms of the FMA3 instructions, for any source registers
    /// (spelled out because dynasm 3.2 drops VEX.W for some of them).
    fn vex_fma231(&mut self, opcode: u8, w: bool, v: u8, rm: u8) {
        // Byte 1: inverted R (xmm0 needs no extension), X, B; then map 0F38.
        let b1 = 0x80 | 0x40 | if rm < 8 { 0x20 } else { 0 } | 0x02;
        // Byte 2: W, inverted vvvv, L = 0 (128 bits), pp = 01 (66).
        let b2 = (w as u8) << 7 | (!v & 0xf) << 3 | 0x01;
        let modrm = 0xc0 | (rm & 7);
        x64!(self.asm; .bytes [0xc4u8, b1, b2, opcode, modrm]);
    }
}
