//! Floating-point helpers (`Meaning::Fp`) on the host FPU, keeping the guest's exact
//! results and exception flags.
//!
//! Three paths, the first inline and the others out of line at the end of the block:
//!
//! 1. **Sticky** (the common case). The guest's control register selects IEEE 754's
//!    defaults (round to nearest even, or a fixed nearest-even rounding; no flush to zero,
//!    default NaN or traps), and its status register already has the inexact flag. Flags
//!    are cumulative, so an op whose only exception could be inexact has nothing to add:
//!    the host op runs and its result is checked instead of MXCSR. The result's exponent
//!    must be that of a finite number; for mul, div and multiply-add also not zero nor
//!    subnormal (where an underflow could have been signalled), and under tininess
//!    before rounding not the smallest normal binade either (a result may have rounded up
//!    into it). Add and sub need no such bound: a sum that small is exact. Anything
//!    else goes to path 2. This is qemu's "hardfloat" observation; no MXCSR access.
//! 2. **Exact flags** (inexact not yet set, or path 1 refused). MXCSR's flags are
//!    cleared, the op runs, and its flags are mapped to the guest's bits through a table
//!    built from the environment's `FpFlags`. A NaN result takes path 3 (the guest's NaN
//!    propagation rules), unless the environment's rule is the canonical NaN, which is
//!    written here. Under tininess before rounding, an inexact result of the smallest
//!    normal magnitude may be a guest underflow that x86 (after rounding) did not see:
//!    path 3.
//! 3. **The helper**, called with every live cache register saved around it and reloaded
//!    after, so paths 1 and 2 never pay for its calling convention.

use super::host::HostFeatures;
use super::regs::field;
use super::{slot, x64, Emitter, CACHE_REGS, CALL_CLOBBERED, VCACHE_LEN};
use crossrun_ir::{FpArith, FpEnv, FpFormat, FpOp, Helper, NanRule, Tininess, Ty, Value};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi};
use std::sync::Mutex;

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
    status: i32,
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
        if !shape.dynamic_rounding && !shape.nearest_even {
            return None;
        }
        if matches!(fp.op, FpOp::MulAdd | FpOp::MulSub) && !host.fma {
            return None;
        }
        let double = fp.format == FpFormat::Double;
        let all = if double { 2 } else { 4 };
        // Two single lanes compute on zeros above them, which for a division is 0/0: an
        // invalid operation that only a canonical-NaN guest would see in the flags.
        let zero_by_zero_seen = fp.op == FpOp::Div && fp.env.nan == NanRule::Canonical;
        let two = !double && !zero_by_zero_seen;
        if !(shape.lanes == 1 || shape.lanes == all || (shape.lanes == 2 && two)) {
            return None;
        }
        let (control, cbytes) = field(fp.env.control);
        let (status, sbytes) = field(fp.env.status);
        // 32-bit fields the code can test and update in memory.
        if cbytes != 4 || sbytes != 4 {
            return None;
        }
        Some(FpInline { op: fp.op, double, lanes: shape.lanes, dynamic: shape.dynamic_rounding, env: fp.env, control, status })
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

    /// movmskps bits of the dwords that hold the lanes' exponents.
    fn exponent_mask(&self) -> i32 {
        match (self.double, self.lanes) {
            (true, 1) => 0b10,
            (true, _) => 0b1010,
            (false, n) => (1 << n) - 1,
        }
    }

    /// The exponent field values `[lo, hi]` a result may have on the sticky path.
    fn exponent_range(&self) -> (u32, u32) {
        let max = if self.double { 0x7ff } else { 0xff };
        let lo = match self.op {
            FpOp::Add | FpOp::Sub | FpOp::Sqrt => 0,
            _ => match self.env.tininess {
                Tininess::BeforeRounding => 2,
                Tininess::AfterRounding => 1,
            },
        };
        (lo, max - 1)
    }
}

/// Guest status bits for each value of MXCSR's flag bits (IE, DE, ZE, OE, UE, PE), one
/// table per environment for the life of the process (compiled code refers to it).
fn flag_table(env: &'static FpEnv) -> &'static [u32; 64] {
    static TABLES: Mutex<Vec<(usize, &'static [u32; 64])>> = Mutex::new(Vec::new());
    let key = env as *const FpEnv as usize;
    let mut tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&(_, t)) = tables.iter().find(|(k, _)| *k == key) {
        return t;
    }
    let f = &env.flags;
    let table: [u32; 64] = std::array::from_fn(|m| {
        let bit = |b: usize, flag: u32| if m & b != 0 { flag } else { 0 };
        // Under `Propagate` a NaN result goes to the helper, so IE never gets here alone.
        let invalid = if env.nan == NanRule::Canonical { f.invalid } else { 0 };
        bit(0x01, invalid) | bit(0x04, f.div_by_zero) | bit(0x08, f.overflow) | bit(0x10, f.underflow) | bit(0x20, f.inexact)
    });
    let table: &'static [u32; 64] = Box::leak(Box::new(table));
    tables.push((key, table));
    table
}

/// Broadcasts a 32-bit value to the four lanes of a 128-bit constant.
fn splat32(x: u32) -> u128 {
    let x = x as u128;
    x | x << 32 | x << 64 | x << 96
}

impl Emitter<'_> {
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
        let arity = fp.op.arity();
        let in_xmm0 = self.xmm0_reuse.take() == Some(self.resolve(args[0]).index());
        let locs: Vec<Loc> = args[..arity].iter().map(|&a| self.loc(a)).collect();
        let exact = self.asm.new_dynamic_label();
        let call = self.asm.new_dynamic_label();
        let resume = self.asm.new_dynamic_label();

        let mut control_mask = fp.env.mode_mask;
        if fp.dynamic {
            control_mask |= fp.env.rounding_mask;
        }
        let (control, status, inexact) = (fp.control, fp.status, fp.env.flags.inexact as i32);
        if control_mask != 0 {
            x64!(self.asm
                ; test DWORD [rbx + control], control_mask as i32
                ; jnz =>call
            );
        }
        x64!(self.asm
            ; test DWORD [rbx + status], inexact
            ; jz =>exact
        );
        // Operand 0 is the destination (zero above the lanes processed); the others are
        // read in place: scalar and packed ops read no lanes but those they compute.
        let zext = !fp.full();
        if in_xmm0 {
            self.fp_zero_extend_xmm0(&fp);
        } else {
            self.fp_load(0, locs[0], &fp, zext);
        }
        let src: Vec<u8> = locs[1..]
            .iter()
            .enumerate()
            .map(|(k, &l)| match l {
                Loc::Reg(x) => x,
                Loc::Slot(_) => {
                    let r = (k + 1) as u8;
                    self.fp_load(r, l, &fp, false);
                    r
                }
            })
            .collect();
        self.fp_op(&fp, &src);
        if fp.half_vector() {
            // The upper lanes computed on whatever was above the operands.
            x64!(self.asm; movq xmm0, xmm0);
        }
        // The result's exponent field must lie in `exponent_range`. With the magnitude
        // shifted to the top of its dword (for doubles, the high dword of each lane), an
        // offset turns that range into an unsigned one and a bias of 2^31 into a signed
        // compare, which SSE has.
        let (lo, hi) = fp.exponent_range();
        let shift = if fp.double { 21 } else { 24 };
        let offset = 0x8000_0000u32.wrapping_sub(lo << shift);
        let bound = (((hi + 1 - lo) << shift) ^ 0x8000_0000).wrapping_sub(1);
        let offset = self.const_label(splat32(offset));
        let bound = self.const_label(splat32(bound));
        let mask = fp.exponent_mask();
        x64!(self.asm; movdqa xmm3, xmm0);
        if fp.double {
            x64!(self.asm; psllq xmm3, 1);
        } else {
            x64!(self.asm; pslld xmm3, 1);
        }
        x64!(self.asm
            ; paddd xmm3, [=>offset]
            ; pcmpgtd xmm3, [=>bound]
            ; movmskps ecx, xmm3
            ; test ecx, mask
            ; jnz =>exact
            ; =>resume
        );
        self.rax_reuse = None;
        self.v128_result(i);

        let cold_call = self.call_preserving(i, helper, args);
        self.cold.push(Box::new(move |e: &mut Emitter<'_>| {
            e.asm.dynamic_label(exact);
            e.fp_exact_flags(&fp, &locs, call, resume);
            e.asm.dynamic_label(call);
            cold_call(e);
            x64!(e.asm; jmp =>resume);
        }));
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
            (FpOp::MulAdd | FpOp::MulSub, _, _) => {
                let opcode = match (fp.op == FpOp::MulSub, packed) {
                    (false, true) => 0xb8,
                    (false, false) => 0xb9,
                    (true, true) => 0xbc,
                    (true, false) => 0xbd,
                };
                self.vex_fma231(opcode, double, s1, src[1]);
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

    /// Path 2 (see the module documentation): ends by jumping to `resume`, or to `call`
    /// for a result only the helper gets right.
    fn fp_exact_flags(&mut self, fp: &FpInline, locs: &[Loc], call: DynamicLabel, resume: DynamicLabel) {
        let zext = !fp.full();
        let mut src = Vec::new();
        for (k, &l) in locs.iter().enumerate() {
            // Everything zero-extended: lanes above those processed must not raise flags.
            self.fp_load(k as u8, l, fp, zext);
            src.push(k as u8);
        }
        // Start from clear MXCSR flags so the ones read afterwards are this op's (r13's
        // helper argument area is free scratch between calls). Loading MXCSR is slow, and
        // while the guest's ops are all exact (the only way to stay on this path) none
        // sets a flag, so it is only done when some flag is set.
        let clear = self.asm.new_dynamic_label();
        x64!(self.asm
            ; stmxcsr [r13]
            ; test DWORD [r13], 0x3f
            ; jz =>clear
            ; and DWORD [r13], !0x3f
            ; ldmxcsr [r13]
            ; =>clear
        );
        self.fp_op(fp, &src[1..]);
        x64!(self.asm
            ; stmxcsr [r13]
            ; mov eax, [r13]
        );
        // NaN lanes among those processed (the lanes above computed 0 op 0).
        let mask = (1 << fp.lanes) - 1;
        if fp.double {
            x64!(self.asm; movapd xmm1, xmm0; cmpunordpd xmm1, xmm0; movmskpd ecx, xmm1);
        } else {
            x64!(self.asm; movaps xmm1, xmm0; cmpunordps xmm1, xmm0; movmskps ecx, xmm1);
        }
        if fp.half_vector() {
            x64!(self.asm; movq xmm0, xmm0; movq xmm1, xmm1);
        }
        match fp.env.nan {
            NanRule::Propagate => x64!(self.asm
                ; test ecx, mask
                ; jnz =>call
            ),
            NanRule::Canonical => {
                // xmm0 = (xmm0 & !nan_lanes) | (canonical & nan_lanes).
                let canonical =
                    if fp.double { 0x7ff8_0000_0000_0000u128 * (1 + (1 << 64)) } else { splat32(0x7fc0_0000) };
                let canonical = self.const_label(canonical);
                x64!(self.asm
                    ; movaps xmm2, xmm1
                    ; andnps xmm2, xmm0
                    ; andps xmm1, [=>canonical]
                    ; orps xmm1, xmm2
                    ; movaps xmm0, xmm1
                );
            }
        }
        if fp.env.tininess == Tininess::BeforeRounding {
            // An inexact result of the smallest normal magnitude may have been tiny
            // before rounding: compare each lane's magnitude (shifted left once, dropping
            // the sign) with 2^-126's or 2^-1022's.
            let skip = self.asm.new_dynamic_label();
            x64!(self.asm
                ; test eax, 0x20
                ; jz =>skip
                ; movdqa xmm1, xmm0
            );
            if fp.double {
                let min = self.const_label(0x0020_0000_0000_0000u128 * (1 + (1 << 64)));
                x64!(self.asm
                    ; psllq xmm1, 1
                    ; pcmpeqd xmm1, [=>min]
                    // Both dwords of a lane must match.
                    ; movmskps ecx, xmm1
                    ; mov edx, ecx
                    ; shr edx, 1
                    ; and ecx, edx
                    ; test ecx, fp.exponent_mask() >> 1
                    ; jnz =>call
                );
            } else {
                let min = self.const_label(splat32(0x0100_0000));
                x64!(self.asm
                    ; pslld xmm1, 1
                    ; pcmpeqd xmm1, [=>min]
                    ; movmskps ecx, xmm1
                    ; test ecx, fp.exponent_mask()
                    ; jnz =>call
                );
            }
            x64!(self.asm; =>skip);
        }
        let table = flag_table(fp.env).as_ptr() as i64;
        let status = fp.status;
        x64!(self.asm
            ; and eax, 0x3f
            ; mov rcx, QWORD table
            ; mov eax, [rcx + rax * 4]
            ; or DWORD [rbx + status], eax
            ; jmp =>resume
        );
    }

    /// Code, to be placed out of line, that calls `helper` for op `i` as
    /// `call_helper_out_of_line` does, but keeps every cache register: the live values
    /// only a caller-saved register holds are written to their slots first (so are the
    /// operands, which the call reads from there), and all live cached values are
    /// reloaded after. Leaves the `V128` result in xmm0 (and its slot). Captures the
    /// register state of this point in the op.
    pub(super) fn call_preserving(
        &mut self,
        i: usize,
        helper: &'static Helper,
        args: &[Value],
    ) -> impl FnOnce(&mut Emitter<'_>) + 'static {
        let (mut saves, mut restores) = (Vec::new(), Vec::new());
        for k in CALL_CLOBBERED {
            if let Some(v) = self.cache[k] {
                let (r, d) = (CACHE_REGS[k], (v * 16) as i32);
                if self.last_use[v] >= i && !self.in_slot[v] {
                    saves.push((false, r, d));
                }
                if self.last_use[v] > i {
                    restores.push((false, r, d));
                }
            }
        }
        for k in 0..VCACHE_LEN {
            if let Some(v) = self.vcache[k] {
                let (x, d) = ((8 + k) as u8, (v * 16) as i32);
                if self.last_use[v] >= i && !self.in_slot[v] {
                    saves.push((true, x, d));
                }
                if self.last_use[v] > i {
                    restores.push((true, x, d));
                }
            }
        }
        // Integer arguments: constants, or read now from where they are (the register
        // keeps them until the call, which the saves above do not disturb).
        let ints: Vec<(usize, Result<u64, i32>)> = args
            .iter()
            .enumerate()
            .filter(|(_, a)| self.ty(**a) != Ty::V128)
            .map(|(n, &a)| {
                let src = match self.const_value(a) {
                    Some(c) => Ok(c),
                    None => Err(slot(self.resolve(a))),
                };
                (n, src)
            })
            .collect();
        debug_assert!(
            args.iter().all(|&a| self.ty(a) == Ty::V128 || self.const_value(a).is_some() || self.in_slot[self.resolve(a).index()]),
            "an integer argument of an out-of-line call must be a constant or in its slot"
        );
        let vecs: Vec<(usize, i32)> =
            args.iter().enumerate().filter(|(_, a)| self.ty(**a) == Ty::V128).map(|(n, &a)| (n, slot(self.resolve(a)))).collect();
        let nargs = args.len() as i32;
        let helper = helper as *const Helper as usize as i64;
        let trampoline = super::call::trampoline_address();
        move |e: &mut Emitter<'_>| {
            for &(vec, r, d) in &saves {
                if vec {
                    x64!(e.asm; movdqu [r12 + d], Rx(r));
                } else {
                    x64!(e.asm; mov QWORD [r12 + d], Rq(r));
                }
            }
            for &(n, s) in &vecs {
                let d = (n * 16) as i32;
                x64!(e.asm; movdqu xmm0, [r12 + s]; movdqu [r13 + d], xmm0);
            }
            for &(n, src) in &ints {
                let d = (n * 16) as i32;
                match src {
                    Ok(c) => x64!(e.asm; mov rax, QWORD c as i64),
                    Err(s) => x64!(e.asm; mov rax, QWORD [r12 + s]),
                }
                x64!(e.asm
                    ; mov QWORD [r13 + d], rax
                    ; mov QWORD [r13 + d + 8], 0
                );
            }
            let d = (i * 16) as i32;
            x64!(e.asm
                ; mov rdi, rbx
                ; mov rsi, QWORD helper
                ; mov rdx, r13
                ; mov ecx, nargs
                ; lea r8, [r12 + d]
                ; mov rax, QWORD trampoline
                ; call rax
            );
            for &(vec, r, s) in &restores {
                if vec {
                    x64!(e.asm; movdqu Rx(r), [r12 + s]);
                } else {
                    x64!(e.asm; mov Rq(r), QWORD [r12 + s]);
                }
            }
            x64!(e.asm; movdqu xmm0, [r12 + d]);
        }
    }
}
