//! The translation loop and the context translation functions emit IR through.
//!
//! Conditional execution (an A32 condition field other than AL, or a T32 instruction in
//! an IT block) is handled here, not by the handlers: a handler is first run with
//! register writes going through `Select(cond, new, old)`; if what it emitted does
//! anything but write registers (a memory access, an impure helper, a branch, a system
//! call), it is emitted again after `ExitIf(!cond, next instruction)`, so it only runs
//! when its condition holds and the block ends early when it fails. A conditional
//! branch uses the condition itself (a `Branch` terminator the JIT fuses with its
//! flags).

use crate::decoder::{self, Fields, Row, Set};
use crate::location::{self, it};
use crossrun_ir::{Block, Builder, BranchKind, Op, Reg, Terminator, TrapKind, Ty, Value, Width};

/// Returned by a translation function for an encoding that is UNDEFINED, unpredictable
/// in a way crossrun treats as undefined, or not implemented; the guest gets SIGILL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undefined;

/// The condition that always holds.
pub const AL: u8 = 14;

/// The most guest instructions one block holds.
pub(crate) const MAX_BLOCK_INSNS: u32 = 64;

/// Where A32 and T32 keep what the IR's register file does not name (see the crate
/// documentation): APSR.Q as 0 or 1.
pub const Q_FLAG: Reg = Reg::X(16);
/// TPIDRURW, the user read/write thread ID register.
pub const TPIDRURW: Reg = Reg::X(17);
/// APSR.GE[3:0] as a byte mask: byte i is all ones when GE[i] is set.
pub const GE_MASK: Reg = Reg::X(18);

/// The translation context of one instruction.
#[derive(Debug)]
pub struct Tr {
    /// The block being built. Translation functions may use it directly for ops that
    /// have no helper method here.
    pub b: Builder,
    /// Location of the instruction being translated.
    pub loc: u64,
    /// Its address.
    pub addr: u32,
    /// Whether it is a T32 instruction.
    pub thumb: bool,
    /// Its length in bytes.
    pub len: u32,
    /// The instruction (a 32-bit T32 one with its first halfword high).
    pub insn: u32,
    /// The condition it executes under (`AL` if unconditional).
    pub cond: u8,
    /// Its IT state (0 outside IT blocks).
    pub it: u8,
    /// Location of the next instruction (an IT instruction changes its IT state).
    pub next: u64,
    /// Whether FPSCR's vector fields are non-zero here (see `location`).
    pub fp_vector: bool,
    /// While a conditional instruction is translated in select form: its condition.
    select: Option<Value>,
    /// Set by a handler that applied the condition itself (conditional branches).
    cond_used: bool,
    /// Set when the instruction was refused as UNPREDICTABLE (see [`Tr::unpredictable`]).
    refused_unpredictable: bool,
    term: Option<Terminator>,
}

impl Tr {
    fn new(start: u64) -> Self {
        Tr {
            b: Builder::new(start),
            loc: start,
            addr: location::address_of(start),
            thumb: location::thumb(start),
            len: 4,
            insn: 0,
            cond: AL,
            it: 0,
            next: start,
            fp_vector: location::fp_vector(start),
            select: None,
            cond_used: false,
            refused_unpredictable: false,
            term: None,
        }
    }

    /// Refuses an instruction the Arm ARM makes UNPREDICTABLE for these operands (the
    /// PC or SP where it may not be, write-back to a transferred register...): crossrun
    /// takes the UNDEFINED choice, so the guest gets SIGILL. Recorded so the
    /// differential tests can tell such words from undefined ones.
    pub fn unpredictable(&mut self) -> Result<(), Undefined> {
        self.refused_unpredictable = true;
        Err(Undefined)
    }

    /// The location of address `addr` in state `thumb`, outside any IT block, with this
    /// instruction's FP vector mode.
    pub fn location(&self, addr: u32, thumb: bool) -> u64 {
        let loc = location::location(addr, thumb, 0);
        if self.fp_vector {
            loc | location::FP_VECTOR
        } else {
            loc
        }
    }

    /// The address of the next instruction.
    pub fn next_addr(&self) -> u32 {
        self.addr.wrapping_add(self.len)
    }

    /// The value a read of the PC gives: the instruction's address plus 8 (A32) or 4 (T32).
    pub fn pc_value(&self) -> u32 {
        self.addr.wrapping_add(if self.thumb { 4 } else { 8 })
    }

    /// Ends the block after this instruction with `term`.
    pub fn end(&mut self, term: Terminator) {
        self.term = Some(term);
    }

    // ---- General registers ----

    /// Register `n` as an I32; R15 reads as the PC value.
    pub fn r(&mut self, n: u8) -> Value {
        if n == 15 {
            let pc = self.pc_value();
            return self.b.c32(pc);
        }
        let x = self.b.get(Reg::X(n));
        self.b.zext(Ty::I32, Width::W32, x)
    }

    /// Register `n`, with R15 reading as the word-aligned PC value (T32's literal
    /// addressing and ADR).
    pub fn r_aligned(&mut self, n: u8) -> Value {
        if n == 15 {
            let pc = self.pc_value() & !3;
            return self.b.c32(pc);
        }
        self.r(n)
    }

    /// Writes I32 `v` to register `n` (0..=14), as a select when the instruction is
    /// conditional.
    pub fn set_r(&mut self, n: u8, v: Value) {
        debug_assert!(n < 15, "the PC is written through a branch");
        let v = self.selected(v, |t| t.r(n));
        let x = self.b.zext(Ty::I64, Width::W32, v);
        self.b.set(Reg::X(n), x);
    }

    /// `v`, or in select form `Select(cond, v, old)`.
    fn selected(&mut self, v: Value, old: impl FnOnce(&mut Self) -> Value) -> Value {
        match self.select {
            Some(c) => {
                let o = old(self);
                self.b.select(c, v, o)
            }
            None => v,
        }
    }

    /// Writes guest register `reg` (any type), as a select when conditional.
    pub fn set_reg(&mut self, reg: Reg, v: Value) {
        let v = self.selected(v, |t| t.b.get(reg));
        self.b.set(reg, v);
    }

    /// The flags, packed (N Z C V in bits 31:28).
    pub fn nzcv(&mut self) -> Value {
        self.b.get(Reg::Nzcv)
    }

    pub fn set_nzcv(&mut self, v: Value) {
        self.set_reg(Reg::Nzcv, v);
    }

    /// APSR.C as an I32 0 or 1.
    pub fn carry(&mut self) -> Value {
        let f = self.nzcv();
        let sh = self.b.c32(29);
        let c = self.b.lshr(f, sh);
        let one = self.b.c32(1);
        self.b.and(c, one)
    }

    /// Sets APSR.Q if the I32 `saturated` (0 or 1) is 1.
    pub fn set_q_if(&mut self, saturated: Value) {
        let x = self.b.get(Q_FLAG);
        let old = self.b.zext(Ty::I32, Width::W32, x);
        let v = self.b.or(old, saturated);
        let v = self.b.zext(Ty::I64, Width::W32, v);
        self.set_reg(Q_FLAG, v);
    }

    /// APSR.GE as a byte mask (see `GE_MASK`), an I32.
    pub fn ge_mask(&mut self) -> Value {
        let x = self.b.get(GE_MASK);
        self.b.zext(Ty::I32, Width::W32, x)
    }

    pub fn set_ge_mask(&mut self, mask: Value) {
        let x = self.b.zext(Ty::I64, Width::W32, mask);
        self.set_reg(GE_MASK, x);
    }

    /// An I32 constant.
    pub fn c(&mut self, v: u32) -> Value {
        self.b.c32(v)
    }

    /// An I32 zero-extended to the I64 the memory ops take as an address.
    pub fn address(&mut self, a: Value) -> Value {
        self.b.zext(Ty::I64, Width::W32, a)
    }

    // ---- The condition ----

    /// The condition as an I1 (only for a conditional instruction).
    pub fn cond_value(&mut self) -> Value {
        let f = self.nzcv();
        self.b.cond_holds(self.cond, f)
    }

    fn conditional(&self) -> bool {
        self.cond < AL
    }

    // ---- Branches ----

    /// Ends the block with a branch to the constant `addr` in state `thumb` (B, BL,
    /// BLX immediate, CBZ), taken only when the instruction's condition holds.
    pub fn branch(&mut self, addr: u32, thumb: bool, kind: BranchKind) {
        let target = self.location(addr, thumb);
        self.branch_to(target, kind);
    }

    fn branch_to(&mut self, target: u64, kind: BranchKind) {
        match self.select {
            // The condition is a Branch terminator's; writes so far (BL's link
            // register) were already made conditional.
            Some(c) => {
                self.cond_used = true;
                self.end(Terminator::Branch { cond: c, taken: target, fallthrough: self.next });
            }
            None => self.end(Terminator::Jump { target, kind }),
        }
    }

    /// Ends the block with a branch to the T32 address `addr` if condition `cond` holds
    /// (B<c> encodings, which carry their own condition and are not in IT blocks).
    pub fn cond_branch(&mut self, cond: u8, addr: u32) {
        let f = self.nzcv();
        let c = self.b.cond_holds(cond, f);
        let target = self.location(addr, true);
        self.end(Terminator::Branch { cond: c, taken: target, fallthrough: self.next });
    }

    /// Ends the block with a branch to `target` if the I1 `taken` holds (CBZ, CBNZ),
    /// else to the next instruction. Only for unconditional instructions.
    pub fn branch_if(&mut self, taken: Value, addr: u32) {
        debug_assert!(!self.conditional());
        let target = self.location(addr, true);
        self.end(Terminator::Branch { cond: taken, taken: target, fallthrough: self.next });
    }

    /// BXWritePC: continues at the I32 address `target`, in Thumb state if its bit 0 is
    /// set (which is then cleared), else in Arm state.
    pub fn bx_write_pc(&mut self, target: Value, kind: BranchKind) {
        let one = self.b.c32(1);
        let t = self.b.and(target, one);
        let a = self.b.and_not(target, t);
        let a = self.b.zext(Ty::I64, Width::W32, a);
        let t = self.b.zext(Ty::I64, Width::W32, t);
        let sh = self.b.c64(32);
        let t = self.b.shl(t, sh);
        let mut loc = self.b.or(a, t);
        if self.fp_vector {
            let v = self.b.c64(location::FP_VECTOR);
            loc = self.b.or(loc, v);
        }
        self.end(Terminator::Indirect { target: loc, kind });
    }

    /// BranchWritePC in the current state: the low bit (T32) or two bits (A32) of the
    /// I32 `target` are ignored... in A32 they must be zero, so a misaligned target
    /// reaches the PC-alignment trap of the next block, as Arm state would.
    pub fn branch_write_pc(&mut self, target: Value, kind: BranchKind) {
        let a = if self.thumb {
            let m = self.b.c32(!1);
            self.b.and(target, m)
        } else {
            target
        };
        let mut loc = self.b.zext(Ty::I64, Width::W32, a);
        let state = self.location(0, self.thumb);
        if state != 0 {
            let s = self.b.c64(state);
            loc = self.b.or(loc, s);
        }
        self.end(Terminator::Indirect { target: loc, kind });
    }

    /// ALUWritePC: an A32 data-processing result written to the PC interworks (ARMv7);
    /// a T32 one does not.
    pub fn alu_write_pc(&mut self, target: Value, kind: BranchKind) {
        if self.thumb {
            self.branch_write_pc(target, kind);
        } else {
            self.bx_write_pc(target, kind);
        }
    }

    /// Ends the block with a trap of `kind` at this instruction.
    pub fn trap(&mut self, kind: TrapKind) {
        self.end(Terminator::Trap { kind, pc: self.loc });
    }

    /// Whether a 16-bit T32 instruction that sets flags outside an IT block sets them
    /// here (it does not inside one).
    pub fn t16_sets_flags(&self) -> bool {
        !it::active(self.it)
    }

    /// Whether this instruction is inside an IT block.
    pub fn in_it_block(&self) -> bool {
        it::active(self.it)
    }

    /// Whether this instruction is inside an IT block but not its last instruction
    /// (where a branch is UNPREDICTABLE).
    pub fn in_it_block_not_last(&self) -> bool {
        it::active(self.it) && !it::last(self.it)
    }
}

/// Whether `insts` only compute values and write registers, so a conditional
/// instruction can be made conditional by selecting its writes.
fn only_register_writes(insts: &[crossrun_ir::Inst]) -> bool {
    insts.iter().all(|i| matches!(i.op, Op::SetReg(..)) || !i.op.has_side_effects())
}

/// The condition code that holds exactly when `cond` does not.
fn invert(cond: u8) -> u8 {
    cond ^ 1
}

/// The instruction at one location, fetched and decoded.
struct Fetched {
    insn: u32,
    len: u32,
    decoded: Option<(&'static Row, Fields)>,
    /// The condition field of an A32 instruction.
    cond: u8,
}

/// Reads and decodes the instruction at `addr` in the given state. `Err` is the
/// address that could not be read.
fn fetch(addr: u32, thumb: bool) -> Result<Fetched, u64> {
    let load = |a: u32, n: u32| crossrun_memory::access::load(a as u64, n).map(|w| w as u32).map_err(|f| f.addr);
    if !thumb {
        let insn = load(addr, 4)?;
        let cond = (insn >> 28) as u8;
        let set = if cond == 0xf { Set::A32Unconditional } else { Set::A32 };
        return Ok(Fetched { insn, len: 4, decoded: decoder::decode(set, insn), cond });
    }
    let hw1 = load(addr, 2)?;
    if hw1 >> 11 < 0b11101 {
        return Ok(Fetched { insn: hw1, len: 2, decoded: decoder::decode(Set::T16, hw1), cond: AL });
    }
    let hw2 = load(addr.wrapping_add(2), 2)?;
    let insn = hw1 << 16 | hw2;
    let decoded = match crate::t32_as_a32(insn) {
        Some(a32) => {
            let set = if a32 >> 28 == 0xf { Set::A32Unconditional } else { Set::A32 };
            decoder::decode(set, a32)
        }
        None => decoder::decode(Set::T32, insn),
    };
    Ok(Fetched { insn, len: 4, decoded, cond: AL })
}

/// The row that decodes the instruction at location `pc`.
pub(crate) fn row_at(pc: u64) -> Option<&'static Row> {
    fetch(location::address_of(pc), location::thumb(pc)).ok()?.decoded.map(|(row, _)| row)
}

/// The name of the row that decodes the instruction at location `pc` (for `-d in_asm`).
pub(crate) fn describe(pc: u64) -> Option<(String, u64)> {
    let f = fetch(location::address_of(pc), location::thumb(pc)).ok()?;
    let what = f.decoded.map_or("(undefined)", |(row, _)| row.name);
    let text = match f.len {
        2 => format!("{:04x}      {what}", f.insn),
        _ if location::thumb(pc) => format!("{:04x} {:04x} {what}", f.insn >> 16, f.insn & 0xffff),
        _ => format!("{:08x}  {what}", f.insn),
    };
    Some((text, u64::from(f.len)))
}

/// Translates guest code at location `start` until a branch, a trap, a page boundary or
/// `max_insns` instructions.
pub fn translate_block(start: u64, max_insns: u32) -> Block {
    translate(start, max_insns).0
}

/// Whether the instruction at `pc` is one a row matches but refuses as UNPREDICTABLE.
pub(crate) fn unpredictable_at(pc: u64) -> bool {
    translate(pc, 1).1
}

/// The block at `start`, and whether its last instruction was refused as UNPREDICTABLE.
fn translate(start: u64, max_insns: u32) -> (Block, bool) {
    let mut tr = Tr::new(start);
    let mut it_state = location::itstate(start);
    let align = if tr.thumb { 2 } else { 4 };
    if !tr.addr.is_multiple_of(align) {
        let b = tr.b;
        return (b.finish(u64::from(tr.addr), 0, Terminator::Trap { kind: TrapKind::PcAlignment, pc: start }), false);
    }
    let mut count = 0u32;
    let mut addr = tr.addr;
    loop {
        let loc = tr.location(addr, tr.thumb) | u64::from(it_state) << 33;
        let fetched = match fetch(addr, tr.thumb) {
            Ok(f) => f,
            Err(fault) if count == 0 => {
                return (tr.b.finish(u64::from(addr), 0, Terminator::Trap { kind: TrapKind::FetchFault { addr: fault }, pc: loc }), false);
            }
            // The fault belongs to the next block, which will report it precisely.
            Err(_) => return (tr.b.finish(u64::from(addr), count, Terminator::Jump { target: loc, kind: BranchKind::Plain }), false),
        };
        let next_it = it::advance(it_state);
        tr.loc = loc;
        tr.addr = addr;
        tr.insn = fetched.insn;
        tr.len = fetched.len;
        tr.it = it_state;
        tr.cond = if tr.thumb {
            if it::active(it_state) { it::cond(it_state).min(AL) } else { AL }
        } else {
            fetched.cond.min(AL)
        };
        tr.next = tr.location(addr.wrapping_add(fetched.len), tr.thumb) | u64::from(next_it) << 33;
        tr.b.guest_pc(loc);
        tr.refused_unpredictable = false;
        let end = u64::from(addr) + u64::from(fetched.len);
        if let Err(Undefined) = translate_one(&mut tr, fetched.decoded) {
            // The block covers the undefined instruction too, so rewriting it
            // invalidates the block like any other code.
            let kind = TrapKind::Undefined { insn: fetched.insn };
            let refused = tr.refused_unpredictable;
            return (tr.b.finish(end, count, Terminator::Trap { kind, pc: loc }), refused);
        }
        count += 1;
        if let Some(term) = tr.term.take() {
            return (tr.b.finish(end, count, term), false);
        }
        // An IT instruction sets the IT state of the instructions after it.
        it_state = location::itstate(tr.next);
        addr = location::address_of(tr.next);
        if count >= max_insns || u64::from(addr).is_multiple_of(crossrun_memory::PAGE_SIZE) {
            return (tr.b.finish(end, count, Terminator::Jump { target: tr.next, kind: BranchKind::Plain }), false);
        }
    }
}

/// Emits one instruction, conditional as `tr.cond` says. On `Err` the instruction's ops
/// are gone and, if it is conditional, an exit for a failed condition is in their place
/// (an UNDEFINED instruction whose condition fails does nothing, as in qemu).
fn translate_one(tr: &mut Tr, decoded: Option<(&'static Row, Fields)>) -> Result<(), Undefined> {
    let mark = tr.b.len();
    let undefined = |tr: &mut Tr| {
        tr.b.truncate(mark);
        tr.term = None;
        tr.select = None;
        tr.cond_used = false;
        if tr.conditional() {
            let f = tr.nzcv();
            let fail = tr.b.cond_holds(invert(tr.cond), f);
            tr.b.exit_if(fail, tr.next);
        }
        Err(Undefined)
    };
    let Some((row, fields)) = decoded else { return undefined(tr) };
    if !tr.conditional() {
        return match (row.handler)(tr, fields) {
            Ok(()) => Ok(()),
            Err(Undefined) => undefined(tr),
        };
    }
    // Select form first.
    let c = tr.cond_value();
    tr.select = Some(c);
    tr.cond_used = false;
    let result = (row.handler)(tr, fields);
    tr.select = None;
    if result.is_err() {
        return undefined(tr);
    }
    if tr.cond_used || (tr.term.is_none() && only_register_writes(&tr.b.insts()[mark..])) {
        tr.cond_used = false;
        return Ok(());
    }
    // Exit form.
    tr.b.truncate(mark);
    tr.term = None;
    let f = tr.nzcv();
    let fail = tr.b.cond_holds(invert(tr.cond), f);
    tr.b.exit_if(fail, tr.next);
    match (row.handler)(tr, fields) {
        Ok(()) => Ok(()),
        Err(Undefined) => undefined(tr),
    }
}
