//! Translation of one IR block into x86_64 code.
//!
//! Register conventions inside compiled code (set up by the entry trampoline in
//! `trampoline.rs`, the same in every block so blocks can jump straight to each other):
//! - `rbx` = `&mut CpuState`,
//! - `r12` = the value array: IR value `i` lives in the 16 bytes at `r12 + 16 * i`
//!   (integers zero-extended to 64 bits in the low 8 bytes, `V128` in all 16),
//! - `r13` = a 16-byte-per-argument scratch area for helper calls,
//! - `rsp` is 16-byte aligned and never moves inside block code, so the fault path can
//!   resume at the exit trampoline from any guest access.
//!
//! Everything else is scratch. Values are not kept in host registers across ops: the
//! straightforward form comes first; register allocation is a later step.

mod alu;
mod call;
mod flags;
mod mem;
mod regs;
pub mod term;
mod vector;

use crossrun_ir::{Block, Inst, Op, TrapKind, Ty, Value};
use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynasmApi, VecAssembler};

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
        // Exclusives, atomics and code invalidation are left to the interpreter for now:
        // they are rare in hot loops and their exact monitor semantics live there.
        Op::LoadExclusive { .. }
        | Op::StoreExclusive { .. }
        | Op::ClearExclusive
        | Op::AtomicRmw { .. }
        | Op::Cas { .. }
        | Op::InvalidateCode(_) => false,
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
    rax_reuse: Option<usize>,
}

/// Displacement of value `v` in the value array.
pub fn slot(v: Value) -> i32 {
    (v.index() * 16) as i32
}

impl Emitter<'_> {
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
        let cached = self.rax_reuse.take() == Some(v.index());
        if cached && reg == RAX {
            return;
        }
        if cached {
            x64!(self.asm; mov Rq(reg), rax);
            return;
        }
        let d = slot(v);
        x64!(self.asm; mov Rq(reg), QWORD [r12 + d]);
    }

    /// `value = reg` (the low 64 bits). Must be the op's last instruction when `reg` is
    /// rax (it records that rax holds the value).
    pub fn store(&mut self, reg: u8, v: usize) {
        let d = (v * 16) as i32;
        x64!(self.asm; mov QWORD [r12 + d], Rq(reg));
        if reg == RAX {
            self.rax_value = Some(v);
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
    };
    for (i, inst) in block.insts.iter().enumerate() {
        e.rax_reuse = e.rax_value.take();
        e.op(i, inst)?;
    }
    e.rax_reuse = None;
    e.terminator();
    let code = e.asm.finalize().map_err(|err| format!("dynasm: {err:?}"))?;
    Ok(Compiled { code, access_sites: e.access_sites, link_sites: e.link_sites, traps: e.traps })
}

impl Emitter<'_> {
    fn op(&mut self, i: usize, inst: &Inst) -> Result<(), String> {
        let ty = inst.ty;
        match &inst.op {
            Op::GuestPc(pc) => self.guest_pc = *pc,
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
                self.bit_op_call(i, ty, &inst.op, *a)
            }
            Op::Zext(w, a) => self.zext(i, ty, *w, *a),
            Op::Sext(w, a) => self.sext(i, ty, *w, *a),
            Op::Icmp(cc, a, b) => self.icmp(i, *cc, *a, *b),
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
            Op::Fence(kind) => self.fence(*kind),
            Op::Call(helper, args) => self.helper_call(i, helper, args),
            other => return Err(format!("unsupported op {other:?}")),
        }
        Ok(())
    }
}
