//! Translation of one IR block into x86_64 code.
//!
//! Register conventions inside compiled code (set up by the entry trampoline in
//! `trampoline.rs`, the same in every block so blocks can jump straight to each other):
//! - `rbx` = `&mut CpuState`,
//! - `r12` = the value array: IR value `i` lives in the 16 bytes at `r12 + 16 * i`
//!   (integers zero-extended to 64 bits in the low 8 bytes, `V128` in all 16),
//! - `r13` = a 16-byte-per-argument scratch area for helper calls,
//! - `rsp` is 16-byte aligned; it moves only by the 16-byte frames of predicted calls
//!   (see `ras.rs`), and the exit trampoline restores it, so the fault path can resume
//!   there from any guest access.
//! - `r15` = the guest's stack pointer (`Env::pinned`), from entry to exit.
//!
//! - r14, rbp, r10, r11, r8, r9, rsi, rdi are a small cache of recently computed
//!   values (`store` copies a result there, `load` reads it back; the caller-saved ones
//!   are spilled before calls).
//!   A value whose every user reads it through `load` never touches its slot unless
//!   it is evicted from the cache while still live; integer constants become
//!   immediates and need no slot at all.
//!
//! Before emitting, `analyse` drops guest register writes that a later write in the
//! block overwrites with nothing in between that could observe them (memory accesses
//! and helper calls end such a window, so faults stay precise), drops pure ops nobody
//! uses, and fuses `CondHolds` of `FlagsSub`/`FlagsAdd`/`FlagsLogic` into a host
//! `cmp`/`add`/`test` + `setcc` (or `jcc` for the block's branch).
//!
//! Everything else is scratch.

mod alu;
mod atomic;
mod call;
mod crypto;
mod flags;
mod fp;
mod fp_convert;
mod host;
mod inline;
mod lanewise;
mod mem;
mod regs;
mod simd;
pub use regs::{packed_to_host_table, reg_offset, register_offset};
pub mod term;
mod vector;

use crossrun_ir::{Block, FpEnv, Inst, IntCC, Meaning, Op, Reg, Terminator, TrapKind, Ty, Value, Width};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, VecAssembler};
use smallvec::{smallvec, SmallVec};

/// Emits x64 code into `$ops` (an `Emitter`'s assembler).
macro_rules! x64 {
    ($ops:expr; $($t:tt)*) => {
        dynasmrt::dynasm!($ops ; .arch x64 ; $($t)*)
    };
}
pub(crate) use x64;

pub const RAX: u8 = 0;
pub const RCX: u8 = 1;
pub const RDX: u8 = 2;
pub const RDI: u8 = 7;

/// How many IR values a compiled block may define (the value array's size).
pub const MAX_VALUES: usize = 4096;
/// How many arguments a helper call may pass (the argument area's size).
pub const MAX_HELPER_ARGS: usize = 8;

/// Addresses compiled code needs to know.
#[derive(Clone, Copy, Debug)]
pub struct Env {
    /// Where blocks go to return to the dispatcher (RAX = exit kind, RDX = value).
    pub exit: usize,
    /// The interrupt flag (an `AtomicBool`), checked before following a linked jump.
    pub interrupt: usize,
    /// Whether jumps may later be linked straight to their targets.
    pub link: bool,
    /// The indirect-branch lookup table (see `link::LookupTable`), 0 for none.
    pub lookup: usize,
    /// The return-prediction state (see `ras.rs`), 0 for no prediction.
    pub ras: usize,
    /// The guest register kept in r15 (see `regs`), if any.
    pub pinned: Option<Reg>,
    /// The `fpflags::PendingFlags` compiled code folds MXCSR's flags with.
    pub pending_flags: usize,
    /// The FP environment whose ops this JIT inlines, once it has adopted one.
    pub fp_env: Option<&'static FpEnv>,
}

/// A compiled block before it is copied into the code cache.
#[derive(Debug)]
pub struct Compiled {
    pub code: Vec<u8>,
    /// (offset in `code` of a guest memory access instruction, guest pc of its
    /// instruction, whether it writes): how a fault at that host address is reported.
    pub access_sites: Vec<(usize, u64, bool)>,
    /// (offset in `code` of a jump's rel32, guest target) for jumps that can be linked.
    pub link_sites: Vec<(usize, u64)>,
    /// Trap kinds the block's `EXIT_TRAP` exits refer to by index.
    pub traps: Vec<TrapKind>,
    /// The FP environment the block's inlined FP ops use (see `Env::fp_env`).
    pub fp_env: Option<&'static FpEnv>,
}

/// Whether the JIT can compile this block; otherwise the interpreter runs it.
pub fn supported(block: &Block) -> bool {
    if block.insts.len() > MAX_VALUES {
        return false;
    }
    block.insts.iter().all(op_supported)
}

fn op_supported(inst: &Inst) -> bool {
    match &inst.op {
        // Code invalidation must flush the code cache, which only the dispatcher can do
        // (it interprets such blocks and flushes after them).
        Op::InvalidateCode(_) => false,
        Op::Call(_, args) => args.len() <= MAX_HELPER_ARGS,
        _ => true,
    }
}

pub(crate) struct Emitter<'a> {
    pub asm: VecAssembler<X64Relocation>,
    pub block: &'a Block,
    pub env: Env,
    pub trap_base: usize,
    /// Guest pc of the instruction being compiled.
    pub guest_pc: u64,
    pub access_sites: Vec<(usize, u64, bool)>,
    pub link_sites: Vec<(usize, u64)>,
    pub traps: Vec<TrapKind>,
    /// The value rax holds at the end of the op just emitted, if its last instruction
    /// left one there (see `load`).
    pub rax_value: Option<usize>,
    /// The same, valid only until the current op's first `load`.
    pub(crate) rax_reuse: Option<usize>,
    /// The `V128` value xmm0 holds at the end of the op just emitted, if its last
    /// instruction stored it from there (see `load_xmm0`).
    pub(crate) xmm0_value: Option<usize>,
    /// The same, valid only until the current op first writes xmm0.
    pub(crate) xmm0_reuse: Option<usize>,
    /// Index of the op being compiled (`insts.len()` for the terminator).
    cur: usize,
    /// Per value: the index of its last user (0 when unused; the terminator counts as
    /// `insts.len()`).
    last_use: Vec<usize>,
    /// Per value: whether it has users at all.
    used: Vec<bool>,
    /// Per value: whether every use reads it through `load` (so its slot need not be
    /// written while a cache register holds it).
    via_load_only: Vec<bool>,
    /// Per value: whether its slot holds it.
    in_slot: Vec<bool>,
    /// Per value: (offset in `CpuState`, op index) of each guest register field that
    /// holds it after that op until after its last use, if it may be reloaded from there
    /// (see `find_homes`).
    homes: Vec<SmallVec<[(i32, usize); 1]>>,
    /// Per value: the field it was evicted to rather than to its slot, if any.
    in_home: Vec<Option<i32>>,
    /// Per flags value (flags op or read of NZCV): whether it is kept in host form (see
    /// `flags.rs`), because every use is a write of NZCV, a condition or a carry input.
    pub(crate) nzcv_host: Vec<bool>,
    /// Per value: whether it is a 64-bit `GetReg` whose every user zero-extends it from
    /// 32 bits or fewer, so a 32-bit load (which zero-extends) can fetch it and those
    /// zero-extensions become aliases (see `find_narrow_gets`).
    pub(crate) narrow_get: Vec<bool>,
    /// Per `V128` value: whether some op reads it from its slot rather than through
    /// `load_xmm0`/`load_low_half`/`vcached` (see `find_slot_readers`).
    read_from_slot: Vec<bool>,
    /// The value each cache register (`CACHE_REGS`) holds, if any.
    cache: [Option<usize>; CACHE_REGS.len()],
    /// The `V128` value each of xmm8-xmm15 holds a copy of, if any (see `cache_vector`).
    vcache: [Option<usize>; VCACHE_LEN],
    /// Ops not to emit: guest register writes overwritten before anyone can see them,
    /// pure ops whose results nobody uses, and ops that are aliases.
    pub skip: Vec<bool>,
    /// Per value: the earlier value it always equals, when it is an op that cannot
    /// change its operand (a zero-extension of an already narrower value, `x | 0`,
    /// `x + 0`, ...) and every user reads it through `load`, which reads the earlier
    /// value instead. Such ops cost neither code nor a cache register.
    alias: Vec<Option<Value>>,
    /// `CondHolds` ops computed from the flags op's own operands with a host compare,
    /// and every `Icmp` (a `cmp` of its operands): a branch or `ExitIf` that alone reads
    /// one compares and jumps, with no 0/1 value in between.
    pub fused: Vec<Option<Fused>>,
    /// The branch terminator's condition as a host compare-and-jump.
    pub branch_fused: Option<Fused>,
    /// Per `ExitIf` op: its condition as a host compare-and-jump, when that condition is
    /// a fusable `CondHolds` only it reads (the `CondHolds` is then not emitted).
    pub exit_fused: Vec<Option<Fused>>,
    /// The branch terminator's condition as (condition, packed NZCV value) when it is a
    /// `CondHolds` on flags the block did not compute, tested without materialising it.
    pub branch_on_nzcv: Option<(u8, Value)>,
    /// Out-of-line code (slow paths), emitted after the terminator.
    cold: Vec<ColdCode>,
    /// 16-byte constants the block's code reads, emitted (aligned) after the cold code.
    consts: Vec<(u128, DynamicLabel)>,
    /// The FP environment whose ops are inlined: the JIT's, or the first the block uses.
    pub(crate) fp_env: Option<&'static FpEnv>,
}

/// Emits a piece of out-of-line code; it carries everything it needs, since the emitter's
/// register state has moved on by the time it runs.
type ColdCode = Box<dyn for<'x> FnOnce(&mut Emitter<'x>)>;

/// A condition on a flags op recomputed by the host: `cmp a, b` (`Sub`), `add a, b`
/// (`Add`) or `test a, a` (`Logic`, b = a), then x86 condition code `cc`.
#[derive(Clone, Copy, Debug)]
pub struct Fused {
    pub kind: FusedKind,
    pub a: Value,
    pub b: Value,
    pub cc: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FusedKind {
    Sub,
    Add,
    Logic,
}

/// x86 condition code for the IR's condition `cond` after the host op of `kind`, if one
/// exists.
fn x86_cc(kind: FusedKind, cond: u8) -> Option<u8> {
    // x86: o=0 no=1 b=2 ae=3 e=4 ne=5 be=6 a=7 s=8 ns=9 l=12 ge=13 le=14 g=15.
    let cc = match (cond, kind) {
        (0, _) => 4,
        (1, _) => 5,
        (2, FusedKind::Sub) => 3,
        (2, FusedKind::Add) => 2,
        (3, FusedKind::Sub) => 2,
        (3, FusedKind::Add) => 3,
        (4, _) => 8,
        (5, _) => 9,
        (6, FusedKind::Sub | FusedKind::Add) => 0,
        (7, FusedKind::Sub | FusedKind::Add) => 1,
        (8, FusedKind::Sub) => 7,
        (9, FusedKind::Sub) => 6,
        (10, _) => 13,
        (11, _) => 12,
        (12, _) => 15,
        (13, _) => 14,
        _ => return None,
    };
    Some(cc)
}

/// x86 condition code for `Icmp(cc, a, b)` after `cmp a, b`.
fn icmp_x86_cc(cc: IntCC) -> u8 {
    match cc {
        IntCC::Eq => 4,
        IntCC::Ne => 5,
        IntCC::Ult => 2,
        IntCC::Uge => 3,
        IntCC::Ule => 6,
        IntCC::Ugt => 7,
        IntCC::Slt => 12,
        IntCC::Sge => 13,
        IntCC::Sle => 14,
        IntCC::Sgt => 15,
    }
}

/// Whether `op` lets anyone observe guest registers in `CpuState` mid-block (a fault
/// reports the state). Helpers, by the IR's contract, read FPCR and FPSR alone.
fn observes_state(op: &Op) -> bool {
    matches!(
        op,
        Op::Load { .. }
            | Op::Store { .. }
            | Op::LoadExclusive { .. }
            | Op::StoreExclusive { .. }
            | Op::ClearExclusive
            | Op::AtomicRmw { .. }
            | Op::Cas { .. }
            | Op::InvalidateCode(_)
            | Op::TrapIf(..)
            | Op::ExitIf { .. }
            | Op::CheckAlignment { .. }
    )
}

/// Host registers that hold copies of recently computed values (see `load`/`store`).
/// No emitter uses them as scratch (the atomics free rsi and rdi first, see
/// `free_rsi_rdi`); r8-r11, rsi and rdi are caller-saved (and carry
/// call arguments), so calls drop them.
const CACHE_REGS: [u8; 8] = [14, 5, 10, 11, 8, 9, 6, 7];
/// How many xmm registers, from xmm8 up, cache `V128` values. No emitter uses them as
/// scratch; all xmm registers are caller-saved, so calls drop them.
const VCACHE_LEN: usize = 8;
/// Indices in `CACHE_REGS` of the caller-saved registers.
const CALL_CLOBBERED: [usize; 6] = [2, 3, 4, 5, 6, 7];

/// A few operands, stored inline: the analyses build such lists for every op.
pub(super) type Operands = SmallVec<[Value; 3]>;

/// The operands `op` reads only through `Emitter::load` (all others are read from their
/// slots directly).
fn load_args(block: &Block, op: &Op) -> Operands {
    use Op::*;
    let int = |v: &Value| block.ty(*v) != Ty::V128;
    match op {
        Add(a, b) | Sub(a, b) | Mul(a, b) | And(a, b) | Or(a, b) | Xor(a, b) | AndNot(a, b)
        | Shl(a, b) | Lshr(a, b) | Ashr(a, b) | Ror(a, b) | UDiv(a, b) | SDiv(a, b)
        | Icmp(_, a, b) | FlagsAdd(a, b) | FlagsSub(a, b) | UMulHi(a, b) | SMulHi(a, b) => {
            smallvec![*a, *b]
        }
        FlagsAdc(a, b, f) | FlagsSbc(a, b, f) | Adc(a, b, f) | Sbc(a, b, f) => smallvec![*a, *b, *f],
        Not(a) | Neg(a) | Rev(a) | Zext(_, a) | Sext(_, a) | FlagsLogic(a) | CondHolds(_, a) => {
            smallvec![*a]
        }
        Clz(a) | Cls(a) | Rbit(a) | Rev16(a) | Rev32(a) | TrapIf(a, _) | ExitIf { cond: a, .. } => smallvec![*a],
        CheckAlignment { addr, .. } => smallvec![*addr],
        SetReg(Reg::V(_) | Reg::VLane(..), _) => smallvec![],
        SetReg(_, a) => smallvec![*a],
        Select(c, a, b) if int(a) => smallvec![*c, *a, *b],
        VMake(a, b) => smallvec![*a, *b],
        Call(_, args) => args.iter().filter(|v| int(v)).copied().collect(),
        Load { addr, .. } | LoadExclusive { addr, .. } => smallvec![*addr],
        Store { addr, val, width, .. } | StoreExclusive { addr, val, width, .. } => {
            if *width == Width::W128 {
                smallvec![*addr]
            } else {
                smallvec![*addr, *val]
            }
        }
        AtomicRmw { addr, val, .. } => smallvec![*addr, *val],
        Cas { addr, expected, new, width, .. } => {
            if *width == Width::W128 {
                smallvec![*addr]
            } else {
                smallvec![*addr, *expected, *new]
            }
        }
        _ => smallvec![],
    }
}

/// Displacement of value `v` in the value array.
pub fn slot(v: Value) -> i32 {
    (v.index() * 16) as i32
}

impl Emitter<'_> {
    /// The host compare that can stand in for `CondHolds(cond, f)`, if any.
    fn fusable(&self, cond: u8, f: Value) -> Option<Fused> {
        let (kind, a, b) = match self.block.insts[f.index()].op {
            Op::FlagsSub(a, b) => (FusedKind::Sub, a, b),
            Op::FlagsAdd(a, b) => (FusedKind::Add, a, b),
            Op::FlagsLogic(a) => (FusedKind::Logic, a, a),
            _ => return None,
        };
        Some(Fused { kind, a, b, cc: x86_cc(kind, cond)? })
    }

    /// How many low bits of integer value `v` may be non-zero (I32 values are kept
    /// zero-extended to 64 bits).
    fn significant_bits(&self, v: Value) -> u32 {
        let inst = &self.block.insts[v.index()];
        match (&inst.op, inst.ty) {
            (_, Ty::I1) => 1,
            (Op::Zext(w, _), _) => w.bits(),
            (Op::GetReg(_), _) if self.narrow_get[v.index()] => 32,
            (Op::Load { width, signed: false, .. }, _) => width.bits(),
            (_, Ty::I32) => 32,
            _ => 64,
        }
    }

    /// The value `op` always equals, if it is one that leaves its operand unchanged.
    fn identity_of(&self, op: &Op, ty: Ty) -> Option<Value> {
        if ty == Ty::V128 {
            return None;
        }
        let zero = |v: &Value| self.const_value(*v) == Some(0);
        match op {
            Op::Zext(w, a) if self.significant_bits(*a) <= w.bits() => Some(*a),
            Op::Or(a, b) | Op::Add(a, b) | Op::Xor(a, b) if zero(a) => Some(*b),
            // Not when the VMake is done with SSE from whole vectors: the halves would
            // then be computed in general registers for the alias's sake alone.
            Op::VLo(x) | Op::VHi(x) => match self.block.insts[x.index()].op {
                Op::VMake(lo, hi) if self.vector_binop(lo, hi).is_none() => {
                    Some(if matches!(op, Op::VLo(_)) { lo } else { hi })
                }
                _ => None,
            },
            Op::Or(a, b) | Op::Add(a, b) | Op::Xor(a, b) | Op::Sub(a, b) if zero(b) => Some(*a),
            _ => None,
        }
    }

    /// `(base, disp)` when guest address `addr` is `base + disp` with a displacement an
    /// x86 addressing mode can carry, so the access needs no add of its own (and the add
    /// disappears when nothing else uses it); else `(addr, 0)`.
    pub(crate) fn split_addr(&self, addr: Value) -> (Value, i32) {
        let a = self.resolve(addr);
        if let Op::Add(base, c) = self.block.insts[a.index()].op {
            if let Some(disp) = self.const_imm(c, false).filter(|_| self.ty(a) == Ty::I64) {
                return (base, disp);
            }
        }
        (a, 0)
    }

    /// Fills `narrow_get`. W-register reads are zero-extensions of a `GetReg`: loading
    /// the low half directly makes them free.
    fn find_narrow_gets(&mut self) {
        let block = self.block;
        for (i, inst) in block.insts.iter().enumerate() {
            self.narrow_get[i] = inst.ty == Ty::I64 && matches!(inst.op, Op::GetReg(Reg::X(_)));
        }
        for inst in &block.insts {
            if !matches!(inst.op, Op::Zext(w, _) if w.bits() <= 32) {
                inst.op.each_arg(|a| self.narrow_get[a.index()] = false);
            }
        }
        match block.term {
            Terminator::Branch { cond: v, .. } | Terminator::Indirect { target: v, .. } => {
                self.narrow_get[v.index()] = false;
            }
            _ => {}
        }
    }

    /// Fills `alias` (and `skip` for the aliases).
    fn find_aliases(&mut self) {
        let block = self.block;
        // Values some op reads from their slot rather than through `load`.
        let mut direct = vec![false; block.insts.len()];
        for inst in &block.insts {
            let mut via = load_args(block, &inst.op);
            inst.op.each_arg(|a| match via.iter().position(|&x| x == a) {
                Some(p) => {
                    via.swap_remove(p);
                }
                None => direct[a.index()] = true,
            });
        }
        for (i, inst) in block.insts.iter().enumerate() {
            if direct[i] {
                continue;
            }
            if let Some(a) = self.identity_of(&inst.op, inst.ty) {
                self.alias[i] = Some(self.resolve(a));
                self.skip[i] = true;
            }
        }
        self.find_low_half_aliases(&direct);
    }

    /// The I32 truncations `Zext(W32, x)` of I64 values that every reader reads only the
    /// low 32 bits of (32-bit ALU ops and compares, sign extensions, narrow stores) become
    /// aliases of `x`: those readers take `x`'s register as it is, so the truncation
    /// costs neither a copy nor a register. The alias does not hold a zero-extended value,
    /// so no reader may be an alias itself (it would pass it on to other readers).
    fn find_low_half_aliases(&mut self, direct: &[bool]) {
        let block = self.block;
        let mut low = vec![false; block.insts.len()];
        for (i, inst) in block.insts.iter().enumerate() {
            low[i] = matches!(inst.op, Op::Zext(Width::W32, x) if inst.ty == Ty::I32 && block.ty(x) == Ty::I64)
                && !direct[i]
                && self.alias[i].is_none();
        }
        for (j, inst) in block.insts.iter().enumerate() {
            let fresh = self.alias[j].is_none();
            let reads_low = |v: Value| match inst.op {
                Op::Add(..) | Op::Sub(..) | Op::Mul(..) | Op::And(..) | Op::Or(..) | Op::Xor(..)
                | Op::AndNot(..) | Op::Shl(..) | Op::Lshr(..) | Op::Ashr(..) | Op::Ror(..) => {
                    fresh && inst.ty == Ty::I32
                }
                Op::Icmp(..) => true,
                Op::Sext(w, _) => w.bits() <= 32,
                Op::Store { addr, val, width, .. } => val == v && addr != v && width.bits() <= 32,
                _ => false,
            };
            inst.op.each_arg(|v| {
                if !reads_low(v) {
                    low[v.index()] = false;
                }
            });
        }
        match block.term {
            Terminator::Branch { cond: v, .. } | Terminator::Indirect { target: v, .. } => low[v.index()] = false,
            _ => {}
        }
        for (i, inst) in block.insts.iter().enumerate() {
            if let (true, Op::Zext(_, x)) = (low[i], &inst.op) {
                self.alias[i] = Some(self.resolve(*x));
                self.skip[i] = true;
            }
        }
    }

    /// `x` when `VMake(lo, hi)` is `VMake(VLo(x), 0)`: the low half of a vector with
    /// the high half cleared (every 64-bit vector op ends so), copied without going
    /// through a general register.
    pub(crate) fn low_half_of(&self, lo: Value, hi: Value) -> Option<Value> {
        if self.const_value(hi) != Some(0) {
            return None;
        }
        match self.block.insts[self.resolve(lo).index()].op {
            Op::VLo(x) => Some(x),
            _ => None,
        }
    }

    /// xmm0 = `V128` value `v`, unless the previous op left it there. Only valid as the
    /// op's first write of xmm0.
    pub(crate) fn load_xmm0(&mut self, v: Value) {
        if self.xmm0_reuse.take() == Some(v.index()) {
            return;
        }
        match (self.vcached(v), self.const_v128(v)) {
            (Some(x), _) => x64!(self.asm; movdqa xmm0, Rx(x)),
            // From the constant pool: the slot was written in two 8-byte halves, which a
            // 16-byte load cannot be forwarded from.
            (None, Some(c)) => {
                let l = self.const_label(c);
                x64!(self.asm; movdqa xmm0, [=>l]);
            }
            (None, None) => {
                debug_assert!(self.in_slot[self.resolve(v).index()], "value {v:?} is neither cached nor stored");
                let s = slot(v);
                x64!(self.asm; movdqu xmm0, [r12 + s]);
            }
        }
    }

    /// xmm`reg` (not xmm0) = `V128` value `v`: copied from xmm0 if the previous op left it
    /// there (so it must come before the op's first write of xmm0, typically its
    /// `load_xmm0`), from the cache register holding it, or from its slot.
    pub(crate) fn load_vec(&mut self, reg: u8, v: Value) {
        debug_assert_ne!(reg, 0, "load_xmm0 loads xmm0");
        if self.xmm0_reuse == Some(self.resolve(v).index()) {
            x64!(self.asm; movdqa Rx(reg), xmm0);
            return;
        }
        match (self.vcached(v), self.const_v128(v)) {
            (Some(x), _) => x64!(self.asm; movdqa Rx(reg), Rx(x)),
            (None, Some(c)) => {
                let l = self.const_label(c);
                x64!(self.asm; movdqa Rx(reg), [=>l]);
            }
            (None, None) => {
                debug_assert!(self.in_slot[self.resolve(v).index()], "value {v:?} is neither cached nor stored");
                let s = slot(v);
                x64!(self.asm; movdqu Rx(reg), [r12 + s]);
            }
        }
    }

    /// A label on the 16-byte constant `c` in the block's constant pool.
    pub(crate) fn const_label(&mut self, c: u128) -> DynamicLabel {
        if let Some(&(_, l)) = self.consts.iter().find(|(k, _)| *k == c) {
            return l;
        }
        let l = self.asm.new_dynamic_label();
        self.consts.push((c, l));
        l
    }

    /// `xmm{dst}` = the low half of `V128` value `v`, high half cleared. `from_xmm0`
    /// says xmm0 still holds `v` (the caller's `xmm0_reuse`).
    pub(crate) fn load_low_half(&mut self, dst: u8, v: Value, from_xmm0: bool) {
        if from_xmm0 {
            x64!(self.asm; movq Rx(dst), xmm0);
        } else if let Some(c) = self.const_v128(v) {
            let l = self.const_label(c);
            x64!(self.asm; movq Rx(dst), QWORD [=>l]);
        } else if let Some(x) = self.vcached(v) {
            x64!(self.asm; movq Rx(dst), Rx(x));
        } else {
            debug_assert!(self.in_slot[self.resolve(v).index()], "value {v:?} is neither cached nor stored");
            let s = slot(v);
            x64!(self.asm; movq Rx(dst), QWORD [r12 + s]);
        }
    }

    /// The xmm register holding a copy of `V128` value `v`, if one does.
    pub(crate) fn vcached(&self, v: Value) -> Option<u8> {
        let v = self.resolve(v).index();
        self.vcache.iter().position(|&c| c == Some(v)).map(|k| (8 + k) as u8)
    }

    /// The `V128` values op `inst` reads from their slots: all its `V128` operands but
    /// those read through `load_xmm0`/`load_low_half`/`vcached`, which take a cache xmm
    /// register when one holds the value.
    fn slot_reads(&self, inst: &Inst) -> Operands {
        let v128 = |v: &Value| self.ty(*v) == Ty::V128;
        match &inst.op {
            Op::SetReg(Reg::V(_) | Reg::VLane(..), _) => smallvec![],
            // `v_half` reads a cache register when one holds the vector.
            Op::VLo(_) | Op::VHi(_) => smallvec![],
            Op::VMake(lo, hi) if self.low_half_of(*lo, *hi).is_some() => smallvec![],
            Op::VMake(lo, hi) if self.vector_binop(*lo, *hi).is_some() => smallvec![],
            Op::VMake(lo, hi) if self.vector_halves(*lo, *hi).is_some() => smallvec![],
            Op::Call(helper, args) => {
                let mut skip = self.xmm_read_args(helper, args);
                skip.extend(self.unread_arg(&inst.op));
                args.iter().filter(|a| v128(a) && !skip.contains(a)).copied().collect()
            }
            op => {
                let mut reads = Operands::new();
                op.each_arg(|a| {
                    if v128(&a) {
                        reads.push(a);
                    }
                });
                reads
            }
        }
    }

    /// Fills `read_from_slot`.
    fn find_slot_readers(&mut self) {
        for (i, inst) in self.block.insts.iter().enumerate() {
            if self.skip[i] {
                continue;
            }
            for v in self.slot_reads(inst) {
                let k = self.resolve(v).index();
                self.read_from_slot[k] = true;
            }
        }
    }

    /// Ends op `i`, whose `V128` result is in xmm0: writes its slot only if some op
    /// reads it from there; otherwise `cache_vector` keeps it in a cache xmm register
    /// (which writes the slot if it has to evict it while it is still live).
    pub(crate) fn v128_result(&mut self, i: usize) {
        if self.read_from_slot[i] {
            let d = (i * 16) as i32;
            x64!(self.asm; movdqu [r12 + d], xmm0);
        } else {
            self.in_slot[i] = false;
        }
        self.xmm0_value = Some(i);
    }

    /// Writes the value cache xmm register `k` holds to its slot if only the register
    /// holds it and an op from `first` on reads it, and forgets it.
    fn spill_vector(&mut self, k: usize, first: usize) {
        if let Some(v) = self.vcache[k].take() {
            if !self.in_slot[v] && self.last_use[v] >= first {
                let d = (v * 16) as i32;
                let x = (8 + k) as u8;
                x64!(self.asm; movdqu [r12 + d], Rx(x));
                self.in_slot[v] = true;
            }
        }
    }

    /// After op `i`: if it left its `V128` result in xmm0 and later ops read it, keeps a
    /// copy in a cache xmm register, so they read a register instead of reloading the
    /// slot (a store-forwarding round trip on the dependency chain).
    fn cache_vector(&mut self, i: usize) {
        if self.xmm0_value != Some(i) || self.last_use[i] <= i {
            return;
        }
        let cur = self.cur;
        let mut k = None;
        let mut best_use = 0;
        for (n, c) in self.vcache.iter().enumerate() {
            match *c {
                None => {
                    k = Some(n);
                    break;
                }
                Some(v) if self.last_use[v] <= cur => {
                    k = Some(n);
                    break;
                }
                // Otherwise the copy needed last goes: its slot still holds it.
                Some(v) if self.last_use[v] > best_use => {
                    best_use = self.last_use[v];
                    k = Some(n);
                }
                Some(_) => {}
            }
        }
        let k = k.expect("the cache is never empty");
        // Op i has read its operands already.
        self.spill_vector(k, i + 1);
        self.vcache[k] = Some(i);
        let x = (8 + k) as u8;
        x64!(self.asm; movdqa Rx(x), xmm0);
    }

    /// The value `v` stands for (itself unless it is an alias).
    pub(crate) fn resolve(&self, v: Value) -> Value {
        self.alias[v.index()].unwrap_or(v)
    }

    /// Fills `nzcv_host`.
    fn find_host_flags(&mut self) {
        let block = self.block;
        for (i, inst) in block.insts.iter().enumerate() {
            self.nzcv_host[i] = matches!(
                inst.op,
                Op::FlagsAdd(..) | Op::FlagsSub(..) | Op::FlagsAdc(..) | Op::FlagsSbc(..) | Op::FlagsLogic(_) | Op::GetReg(Reg::Nzcv)
            );
        }
        for inst in &block.insts {
            let op = &inst.op;
            op.each_arg(|v| {
                let ok = match *op {
                    Op::SetReg(Reg::Nzcv, x) | Op::CondHolds(_, x) => x == v,
                    Op::Adc(a, b, f) | Op::Sbc(a, b, f) | Op::FlagsAdc(a, b, f) | Op::FlagsSbc(a, b, f) => {
                        f == v && a != v && b != v
                    }
                    _ => false,
                };
                if !ok {
                    self.nzcv_host[v.index()] = false;
                }
            });
        }
        // The terminator reads no flags value directly (a branch reads an I1).
    }

    /// Fills `skip`, `fused`, `branch_fused`, `last_use`, `used` and `via_load_only`.
    fn analyse(&mut self) {
        self.find_narrow_gets();
        self.find_aliases();
        self.find_host_flags();
        let block = self.block;
        let n = block.insts.len();
        // Guest register writes overwritten later in the block with nothing in between
        // that could observe them.
        let mut overwritten: Vec<crossrun_ir::Reg> = Vec::new();
        for (i, inst) in block.insts.iter().enumerate().rev() {
            match &inst.op {
                Op::SetReg(r, _) => {
                    if overwritten.iter().any(|x| x.covers(*r)) {
                        self.skip[i] = true;
                    } else {
                        overwritten.push(*r);
                    }
                }
                Op::GetReg(r) => overwritten.retain(|x| !x.overlaps(*r)),
                Op::Call(helper, _) if !helper.pure => {
                    overwritten.retain(|x| !matches!(x, crossrun_ir::Reg::FpControl | crossrun_ir::Reg::FpStatus))
                }
                op if observes_state(op) => overwritten.clear(),
                _ => {}
            }
        }
        for (i, inst) in block.insts.iter().enumerate() {
            match inst.op {
                Op::CondHolds(c, f) => self.fused[i] = self.fusable(c.0, f),
                Op::Icmp(cc, a, b) => self.fused[i] = Some(Fused { kind: FusedKind::Sub, a, b, cc: icmp_x86_cc(cc) }),
                _ => {}
            }
        }
        self.fuse_exits();
        // Uses, walking backwards so chains of unused pure ops all disappear.
        let note = |e: &mut Self, v: Value, at: usize, via: bool| {
            let k = e.resolve(v).index();
            if !e.used[k] {
                e.last_use[k] = at;
            }
            e.used[k] = true;
            if !via {
                e.via_load_only[k] = false;
            }
        };
        match block.term {
            Terminator::Branch { cond, .. } => {
                let mut reads = 0;
                block.insts.iter().for_each(|inst| inst.op.each_arg(|a| reads += usize::from(a == cond)));
                let single_use = reads == 0;
                match (self.fused[cond.index()], single_use, &block.insts[cond.index()].op) {
                    (Some(f), true, _) => {
                        self.branch_fused = Some(f);
                        note(self, f.a, n, true);
                        note(self, f.b, n, true);
                    }
                    (None, true, &Op::CondHolds(c, f)) => {
                        self.branch_on_nzcv = Some((c.0, f));
                        note(self, f, n, true);
                    }
                    _ => note(self, cond, n, true),
                }
            }
            Terminator::Indirect { target, .. } => note(self, target, n, true),
            _ => {}
        }
        for (i, inst) in block.insts.iter().enumerate().rev() {
            if self.skip[i] {
                continue;
            }
            let pure = !inst.op.has_side_effects() && !matches!(inst.op, Op::Call(..));
            if pure && !self.used[i] {
                self.skip[i] = true;
                continue;
            }
            if let Some(f) = self.fused[i].or(self.exit_fused[i]) {
                note(self, f.a, i, true);
                note(self, f.b, i, true);
                continue;
            }
            if let Op::Load { addr, .. } = inst.op {
                note(self, self.split_addr(addr).0, i, true);
                continue;
            }
            if let Op::Store { addr, val, width, .. } = inst.op {
                note(self, self.split_addr(addr).0, i, true);
                // A vector is stored from its slot.
                note(self, val, i, width != Width::W128);
                continue;
            }
            if let Op::VMake(lo, hi) = inst.op {
                if let Some(x) = self.low_half_of(lo, hi) {
                    note(self, x, i, false);
                    continue;
                }
                if let Some((_, a, b, _)) = self.vector_binop(lo, hi) {
                    note(self, a, i, false);
                    note(self, b, i, false);
                    continue;
                }
                if let Some(halves) = self.vector_halves(lo, hi) {
                    Self::half_sources(halves).for_each(|x| note(self, x, i, false));
                    continue;
                }
            }
            // Operand by operand: `UMulHi(a, a)` reads `a` once through `load` and once
            // from its slot.
            let mut via = load_args(block, &inst.op);
            let unread = self.unread_arg(&inst.op);
            inst.op.each_arg(|a| {
                if Some(a) == unread {
                    return;
                }
                if let Some(p) = via.iter().position(|&x| x == a) {
                    via.swap_remove(p);
                    note(self, a, i, true);
                } else {
                    note(self, a, i, false);
                }
            });
        }
        self.find_homes();
    }

    /// Fills `homes`: for a 64-bit value, the guest registers whose `CpuState` fields
    /// hold it (read by the register's `GetReg`, or written by an emitted `SetReg`) from
    /// that op until after the value's last use, when every reader takes it through
    /// `load` and the cache registers. Evicting such a value from the cache then needs no
    /// slot: `load` reads it back from the field, as qemu's TCG reloads a guest register
    /// from `env`.
    fn find_homes(&mut self) {
        let block = self.block;
        let n = block.insts.len();
        let mut plain_readers = vec![true; n];
        for (i, inst) in block.insts.iter().enumerate() {
            let plain = match inst.op {
                Op::Add(..) | Op::Sub(..) | Op::Mul(..) | Op::And(..) | Op::Or(..) | Op::Xor(..)
                | Op::AndNot(..) | Op::Shl(..) | Op::Lshr(..) | Op::Ashr(..) | Op::Ror(..)
                | Op::UDiv(..) | Op::SDiv(..) | Op::Icmp(..) | Op::Zext(..) | Op::Sext(..)
                | Op::Not(_) | Op::Neg(_) | Op::SetReg(Reg::X(_), _) | Op::Load { .. } => true,
                Op::Select(..) => inst.ty != Ty::V128,
                Op::Store { width, .. } => width != Width::W128,
                _ => false,
            };
            if !plain && !self.skip[i] {
                inst.op.each_arg(|a| plain_readers[self.resolve(a).index()] = false);
            }
        }
        // The value each register's field holds, with the index of its entry in `homes`.
        let mut holder: [Option<(usize, usize)>; 32] = [None; 32];
        let mut until: Vec<SmallVec<[usize; 1]>> = vec![SmallVec::new(); n];
        for (i, inst) in block.insts.iter().enumerate() {
            if self.skip[i] {
                continue;
            }
            let (x, v) = match inst.op {
                Op::GetReg(r @ Reg::X(x)) if Some(r) != self.env.pinned && !self.narrow_get[i] => (x as usize & 31, i),
                Op::SetReg(r @ Reg::X(x), v) if Some(r) != self.env.pinned => {
                    let x = x as usize & 31;
                    if let Some((h, e)) = holder[x].take() {
                        until[h][e] = i;
                    }
                    (x, self.resolve(v).index())
                }
                _ => continue,
            };
            if holder[x].is_none() && block.insts[v].ty == Ty::I64 && !self.narrow_get[v] {
                holder[x] = Some((v, self.homes[v].len()));
                self.homes[v].push((regs::register_offset(Reg::X(x as u8)), i));
                until[v].push(usize::MAX);
            }
        }
        for v in 0..n {
            if !plain_readers[v] {
                self.homes[v].clear();
                continue;
            }
            let last = self.last_use[v];
            let mut e = 0;
            self.homes[v].retain(|_| {
                e += 1;
                last < until[v][e - 1]
            });
        }
    }

    /// Fills `exit_fused` (and `skip` for the `CondHolds` it absorbs).
    fn fuse_exits(&mut self) {
        let block = self.block;
        let mut reads = vec![0u32; block.insts.len()];
        for inst in &block.insts {
            inst.op.each_arg(|a| reads[a.index()] += 1);
        }
        match block.term {
            Terminator::Branch { cond: v, .. } | Terminator::Indirect { target: v, .. } => reads[v.index()] += 1,
            _ => {}
        }
        for (i, inst) in block.insts.iter().enumerate() {
            if let Op::ExitIf { cond, .. } = inst.op {
                if let (Some(f), 1) = (self.fused[cond.index()], reads[cond.index()]) {
                    self.exit_fused[i] = Some(f);
                    self.skip[cond.index()] = true;
                }
            }
        }
    }

    pub fn ty(&self, v: Value) -> Ty {
        self.block.ty(v)
    }

    /// `reg = value` (the low 64 bits).
    ///
    /// The previous op often ends by storing its result from rax, and the next op loads
    /// it straight back: when this is the op's first load and rax still holds `v`, the
    /// memory round trip is skipped. Ops only ever clobber rax after their first load,
    /// or do not call `load` at all, which is what makes this sound.
    pub fn load(&mut self, reg: u8, v: Value) {
        let v = self.resolve(v);
        let cached = self.rax_reuse.take() == Some(v.index());
        if cached && reg == RAX {
            return;
        }
        if cached {
            x64!(self.asm; mov Rq(reg), rax);
            return;
        }
        if let Some(c) = self.const_value(v) {
            if c == 0 {
                x64!(self.asm; xor Rd(reg), Rd(reg));
            } else if c <= u32::MAX as u64 {
                x64!(self.asm; mov Rd(reg), c as i32);
            } else {
                x64!(self.asm; mov Rq(reg), QWORD c as i64);
            }
            return;
        }
        if let Some(k) = self.cache.iter().position(|&c| c == Some(v.index())) {
            let cr = CACHE_REGS[k];
            x64!(self.asm; mov Rq(reg), Rq(cr));
            return;
        }
        if let Some(off) = self.in_home[v.index()] {
            x64!(self.asm; mov Rq(reg), QWORD [rbx + off]);
            return;
        }
        debug_assert!(self.in_slot[v.index()], "value {} is neither cached nor stored", v.index());
        let d = slot(v);
        x64!(self.asm; mov Rq(reg), QWORD [r12 + d]);
    }

    /// A register holding integer value `v`, to be read before anything clobbers it:
    /// rax if the previous op left `v` there, the cache register holding it, else rax
    /// loaded with it. Counts as the op's first `load`.
    pub(crate) fn value_reg(&mut self, v: Value) -> u8 {
        let k = self.resolve(v).index();
        if self.rax_reuse == Some(k) {
            self.rax_reuse = None;
            return RAX;
        }
        if let Some(r) = self.cached_reg(v) {
            self.rax_reuse = None;
            return r;
        }
        self.load(RAX, v);
        RAX
    }

    /// `v` as a sign-extended 32-bit immediate for an op of that width, if it is a
    /// constant that fits.
    pub(crate) fn const_imm(&self, v: Value, w32: bool) -> Option<i32> {
        let c = self.const_value(v)?;
        if w32 {
            Some(c as u32 as i32)
        } else if c as i64 == c as i32 as i64 {
            Some(c as i32)
        } else {
            None
        }
    }

    /// `(base register, displacement)` of the memory holding integer value `v` when no
    /// register does and it is no constant: its home field (rbx) or its slot (r12), for
    /// an op to read as a memory operand instead of loading it first.
    pub(crate) fn memory_operand(&self, v: Value) -> Option<(u8, i32)> {
        let k = self.resolve(v).index();
        if self.rax_reuse == Some(k) || self.cached_reg(v).is_some() || self.const_value(v).is_some() {
            return None;
        }
        match self.in_home[k] {
            Some(off) => Some((3, off)),
            None if self.in_slot[k] => Some((12, slot(Value(k as u32)))),
            None => None,
        }
    }

    /// The cache register holding `v`, if one does (no code emitted).
    pub(crate) fn cached_reg(&self, v: Value) -> Option<u8> {
        let v = self.resolve(v);
        self.cache.iter().position(|&c| c == Some(v.index())).map(|k| CACHE_REGS[k])
    }

    /// The (zero-extended) value of `v` if it is an integer constant.
    pub(crate) fn const_value(&self, v: Value) -> Option<u64> {
        let inst = &self.block.insts[self.resolve(v).index()];
        match (&inst.op, inst.ty) {
            (Op::Const(c), Ty::I1) => Some((c & 1) as u64),
            (Op::Const(c), Ty::I32) => Some(*c as u32 as u64),
            (Op::Const(c), Ty::I64) => Some(*c as u64),
            _ => None,
        }
    }

    /// `value = reg` (the low 64 bits). Must be the op's last instruction when `reg` is
    /// rax (it records that rax holds the value).
    ///
    /// The value is also copied into a cache register when it has later users, and its
    /// slot is only written when some user reads the slot directly (or on eviction).
    pub fn store(&mut self, reg: u8, v: usize) {
        if !self.used[v] {
            // Nobody reads it: neither slot nor cache needed.
            self.in_slot[v] = false;
        } else {
            let needs_slot = !self.via_load_only[v] || self.block.insts[v].ty == Ty::V128;
            if needs_slot {
                let d = (v * 16) as i32;
                x64!(self.asm; mov QWORD [r12 + d], Rq(reg));
            }
            self.in_slot[v] = needs_slot;
            let k = self.cache_victim();
            let cr = CACHE_REGS[k];
            x64!(self.asm; mov Rq(cr), Rq(reg));
            self.cache[k] = Some(v);
        }
        if reg == RAX {
            self.rax_value = Some(v);
        }
    }

    /// A cache register to overwrite: a free one, else one whose value is dead, else the
    /// one whose value is needed last (written to its slot first if only cached).
    fn cache_victim(&mut self) -> usize {
        self.cache_victim_except(&[])
    }

    /// `cache_victim`, never choosing a register that holds one of `keep` (indices of
    /// values the op still reads).
    fn cache_victim_except(&mut self, keep: &[usize]) -> usize {
        let cur = self.cur;
        let mut best = usize::MAX;
        let mut best_use = 0;
        for (k, c) in self.cache.iter().enumerate() {
            match *c {
                Some(v) if keep.contains(&v) => {}
                None => return k,
                Some(v) if self.last_use[v] <= cur => return k,
                Some(v) => {
                    if best == usize::MAX || self.last_use[v] > best_use {
                        best_use = self.last_use[v];
                        best = k;
                    }
                }
            }
        }
        self.spill(best);
        best
    }

    /// The cache register (an index into `CACHE_REGS`) op `i` computes its result in,
    /// holding `a` on return: `a`'s own register when this op is its last use (no copy
    /// at all), otherwise another one (never one holding `a` or `b`) with `a` copied in.
    /// Counts as the op's first `load`. The op must read `b` before it writes the
    /// register, and finish with `define`.
    pub(crate) fn compute_in(&mut self, i: usize, a: Value, b: Option<Value>) -> usize {
        let ra = self.resolve(a).index();
        let rb = b.map(|b| self.resolve(b).index());
        if let Some(k) = self.cache.iter().position(|&c| c == Some(ra)) {
            if self.last_use[ra] <= i {
                // The register still counts as holding `a` until `define`, so `b` (if it
                // is `a` too) can be read from it before the op writes it.
                self.rax_reuse = None;
                return k;
            }
        }
        let keep: SmallVec<[usize; 2]> = [Some(ra), rb].into_iter().flatten().collect();
        let k = self.cache_victim_except(&keep);
        self.load(CACHE_REGS[k], a);
        k
    }

    /// `compute_in` for ops with a three-operand form (`lea`, `rorx`, `andn`): when `a`
    /// stays live and a register holds it, no copy is made and that register is returned
    /// as well, to read `a` from.
    pub(crate) fn compute_from(&mut self, i: usize, a: Value, b: Option<Value>) -> (usize, Option<u8>) {
        let ra = self.resolve(a).index();
        let in_place = self.cache.iter().position(|&c| c == Some(ra)).filter(|_| self.last_use[ra] <= i);
        let src = if self.rax_reuse == Some(ra) { Some(RAX) } else { self.cached_reg(a) };
        match (in_place, src) {
            (None, Some(r)) => {
                let rb = b.map(|b| self.resolve(b).index());
                let keep: SmallVec<[usize; 2]> = [Some(ra), rb].into_iter().flatten().collect();
                // The victim's spill, if any, writes memory only: `r` (rax included) keeps
                // `a` until the op reads it.
                let k = self.cache_victim_except(&keep);
                self.rax_reuse = None;
                (k, Some(r))
            }
            _ => (self.compute_in(i, a, b), None),
        }
    }

    /// A cache register (an index into `CACHE_REGS`) for an op to write its result into
    /// directly, after reading its operands. Finish with `define`.
    pub(crate) fn result_reg(&mut self) -> usize {
        self.result_reg_except(&[])
    }

    /// `result_reg`, never one holding a value of `keep` (indices of values still read).
    pub(crate) fn result_reg_except(&mut self, keep: &[usize]) -> usize {
        self.rax_reuse = None;
        self.cache_victim_except(keep)
    }

    /// Ends op `i`, whose result is in cache register `k` (see `compute_in`).
    pub(crate) fn define(&mut self, k: usize, i: usize) {
        let r = CACHE_REGS[k];
        if !self.used[i] {
            self.in_slot[i] = false;
            self.cache[k] = None;
            return;
        }
        let needs_slot = !self.via_load_only[i];
        if needs_slot {
            let d = (i * 16) as i32;
            x64!(self.asm; mov QWORD [r12 + d], Rq(r));
        }
        self.in_slot[i] = needs_slot;
        self.cache[k] = Some(i);
    }

    /// Makes sure the value in cache register `k` (if live) is in its slot or its home,
    /// and forgets it.
    fn spill(&mut self, k: usize) {
        if let Some(v) = self.cache[k].take() {
            if !self.in_slot[v] && self.last_use[v] >= self.cur {
                if let Some(&(off, _)) = self.homes[v].iter().find(|&&(_, from)| from < self.cur) {
                    self.in_home[v] = Some(off);
                    return;
                }
                let d = (v * 16) as i32;
                let cr = CACHE_REGS[k];
                x64!(self.asm; mov QWORD [r12 + d], Rq(cr));
                self.in_slot[v] = true;
            }
        }
    }

    /// Before an op that uses rsi and rdi as scratch (`atomic.rs`): the values cached
    /// there are written to their slots if still needed, and forgotten.
    pub(crate) fn free_rsi_rdi(&mut self) {
        for (k, &r) in CACHE_REGS.iter().enumerate() {
            if r == 6 || r == 7 {
                self.spill(k);
            }
        }
    }

    /// Before a call: the caller-saved cache registers will not survive it.
    pub fn before_call(&mut self) {
        for k in CALL_CLOBBERED {
            self.spill(k);
        }
        // The call may be the current op's, reading its operands from their slots.
        for k in 0..VCACHE_LEN {
            self.spill_vector(k, self.cur);
        }
    }

    pub fn offset(&self) -> usize {
        self.asm.offset().0
    }

    /// Records that the next instruction emitted accesses guest memory.
    pub fn mark_access(&mut self, write: bool) {
        let here = self.offset();
        self.access_sites.push((here, self.guest_pc, write));
    }
}

/// Compiles `block` (which must be `supported`) for execution at `base` (the
/// block's future address in the code cache).
/// `trap_base` is the dispatcher's index of this block's first trap kind.
pub fn compile(block: &Block, base: usize, trap_base: usize, env: Env) -> Result<Compiled, String> {
    let mut e = Emitter {
        asm: VecAssembler::new(base),
        block,
        env,
        guest_pc: block.start_pc,
        trap_base,
        access_sites: Vec::new(),
        link_sites: Vec::new(),
        traps: Vec::new(),
        rax_value: None,
        rax_reuse: None,
        xmm0_value: None,
        xmm0_reuse: None,
        cur: 0,
        last_use: vec![0; block.insts.len()],
        used: vec![false; block.insts.len()],
        via_load_only: vec![true; block.insts.len()],
        in_slot: vec![true; block.insts.len()],
        homes: vec![SmallVec::new(); block.insts.len()],
        in_home: vec![None; block.insts.len()],
        nzcv_host: vec![false; block.insts.len()],
        read_from_slot: vec![false; block.insts.len()],
        narrow_get: vec![false; block.insts.len()],
        cache: [None; CACHE_REGS.len()],
        vcache: [None; VCACHE_LEN],
        skip: vec![false; block.insts.len()],
        alias: vec![None; block.insts.len()],
        fused: vec![None; block.insts.len()],
        branch_fused: None,
        exit_fused: vec![None; block.insts.len()],
        branch_on_nzcv: None,
        cold: Vec::new(),
        consts: Vec::new(),
        fp_env: env.fp_env.or_else(|| {
            block.insts.iter().find_map(|inst| match &inst.op {
                Op::Call(h, _) => match h.meaning {
                    Meaning::Fp(fp) => Some(fp.env),
                    Meaning::FpConvert(cv) => Some(cv.env),
                    _ => None,
                },
                _ => None,
            })
        }),
    };
    e.analyse();
    e.find_slot_readers();
    let n = block.insts.len();
    for (i, inst) in block.insts.iter().enumerate() {
        if e.skip[i] {
            continue;
        }
        e.cur = i;
        e.rax_reuse = e.rax_value.take();
        e.xmm0_reuse = e.xmm0_value.take();
        e.op(i, inst)?;
        e.cache_vector(i);
    }
    e.cur = n;
    e.rax_reuse = None;
    e.terminator();
    for cold in std::mem::take(&mut e.cold) {
        cold(&mut e);
    }
    if !e.consts.is_empty() {
        // Blocks start at multiples of 16 bytes (`codecache::CODE_ALIGN`).
        x64!(e.asm; .align 16);
        for (c, label) in std::mem::take(&mut e.consts) {
            e.asm.dynamic_label(label);
            x64!(e.asm; .bytes c.to_le_bytes());
        }
    }
    let code = e.asm.finalize().map_err(|err| format!("dynasm: {err:?}"))?;
    Ok(Compiled { code, access_sites: e.access_sites, link_sites: e.link_sites, traps: e.traps, fp_env: e.fp_env })
}

impl Emitter<'_> {
    fn op(&mut self, i: usize, inst: &Inst) -> Result<(), String> {
        let ty = inst.ty;
        match &inst.op {
            Op::GuestPc(pc) => {
                self.guest_pc = *pc;
                self.rax_value = self.rax_reuse.take();
                self.xmm0_value = self.xmm0_reuse.take();
            }
            Op::Const(c) => self.constant(i, ty, *c),
            Op::GetReg(r) => self.get_reg(i, *r),
            Op::SetReg(r, v) => self.set_reg(*r, *v),
            Op::Add(a, b)
            | Op::Sub(a, b)
            | Op::Mul(a, b)
            | Op::And(a, b)
            | Op::Or(a, b)
            | Op::Xor(a, b)
            | Op::AndNot(a, b)
            | Op::Shl(a, b)
            | Op::Lshr(a, b)
            | Op::Ashr(a, b)
            | Op::Ror(a, b) => self.binary(i, ty, &inst.op, *a, *b),
            Op::UDiv(a, b) => self.udiv(i, ty, *a, *b),
            Op::SDiv(a, b) => self.sdiv(i, ty, *a, *b),
            Op::UMulHi(a, b) | Op::SMulHi(a, b) => {
                self.mul_hi(i, matches!(inst.op, Op::SMulHi(..)), *a, *b)
            }
            Op::Not(a) | Op::Neg(a) | Op::Rev(a) => self.unary(i, ty, &inst.op, *a),
            Op::Clz(a) | Op::Cls(a) | Op::Rbit(a) | Op::Rev16(a) | Op::Rev32(a) => {
                self.bit_op(i, ty, &inst.op, *a)
            }
            Op::Zext(w, a) => self.zext(i, ty, *w, *a),
            Op::Sext(w, a) => self.sext(i, ty, *w, *a),
            Op::Icmp(..) => self.icmp(i),
            Op::Select(c, a, b) => self.select(i, ty, *c, *a, *b),
            Op::FlagsAdd(a, b) => self.flags_arith(i, flags::Arith::Add, *a, *b, None),
            Op::FlagsSub(a, b) => self.flags_arith(i, flags::Arith::Sub, *a, *b, None),
            Op::FlagsAdc(a, b, f) => self.flags_arith(i, flags::Arith::Adc, *a, *b, Some(*f)),
            Op::FlagsSbc(a, b, f) => self.flags_arith(i, flags::Arith::Sbc, *a, *b, Some(*f)),
            Op::FlagsLogic(a) => self.flags_logic(i, *a),
            Op::Adc(a, b, f) => self.add_with_carry(i, ty, false, *a, *b, *f),
            Op::Sbc(a, b, f) => self.add_with_carry(i, ty, true, *a, *b, *f),
            Op::CondHolds(c, f) => self.cond_holds(i, *c, *f),
            Op::VLo(a) => self.v_half(i, *a, false),
            Op::VHi(a) => self.v_half(i, *a, true),
            Op::VMake(lo, hi) => self.v_make(i, *lo, *hi),
            Op::Load { addr, width, signed, .. } => self.guest_load(i, ty, *addr, *width, *signed),
            Op::Store { addr, val, width, order } => self.guest_store(*addr, *val, *width, *order),
            Op::LoadExclusive { addr, width, .. } => self.load_exclusive(i, ty, *addr, *width),
            Op::StoreExclusive { addr, val, width, .. } => self.store_exclusive(i, *addr, *val, *width),
            Op::ClearExclusive => self.clear_exclusive(),
            Op::AtomicRmw { op, addr, val, width, .. } => self.atomic_rmw(i, *op, *addr, *val, *width),
            Op::Cas { addr, expected, new, width, .. } => self.cas(i, *addr, *expected, *new, *width),
            Op::Fence(kind) => self.fence(*kind),
            Op::Call(helper, args) => self.helper_call(i, helper, args),
            Op::TrapIf(c, kind) => self.trap_if(*c, *kind),
            Op::ExitIf { cond, target } => self.exit_if(i, *cond, *target),
            Op::CheckAlignment { addr, bytes, write } => self.check_alignment(*addr, *bytes, *write),
            other => return Err(format!("unsupported op {other:?}")),
        }
        Ok(())
    }
}
