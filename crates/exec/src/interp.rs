//! The IR interpreter: the reference semantics of the IR.

use crate::eval::{self, mask};
use crate::cache::LocalBlocks;
use crate::{BlockCache, DebugFlags, Executor, Exit};
use crossrun_ir::{Block, CpuState, FenceKind, MemOrder, Op, Terminator, Ty, Width};
use crossrun_memory::access;
use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::Arc;

/// Runs blocks from a shared cache, one guest thread per interpreter.
pub struct Interpreter {
    cache: Arc<BlockCache>,
    local: LocalBlocks,
    /// Values of the block being run, reused across blocks to avoid allocation.
    values: Vec<u128>,
    /// Set by another thread or a signal handler to make `run` return at the next block
    /// boundary.
    interrupt: Arc<AtomicBool>,
    debug: DebugFlags,
    /// The code range the last block that invalidated code (IC IVAU) invalidated, until
    /// taken: an embedding JIT drops its own translations of it.
    invalidated: Option<(u64, u64)>,
}

/// How one block ended.
enum BlockEnd {
    Next(u64),
    Exit(Exit),
}

impl Interpreter {
    pub fn new(cache: Arc<BlockCache>, interrupt: Arc<AtomicBool>, debug: DebugFlags) -> Self {
        Interpreter { cache, local: LocalBlocks::default(), values: Vec::new(), interrupt, debug, invalidated: None }
    }

    pub fn cache(&self) -> &Arc<BlockCache> {
        &self.cache
    }

    /// The code range blocks run since the last call invalidated (IC IVAU), if any.
    pub fn take_invalidated(&mut self) -> Option<(u64, u64)> {
        self.invalidated.take()
    }

    /// Runs `block`; the code range it invalidated (IC IVAU), if any, goes to `invalidated`.
    fn run_block(values: &mut Vec<u128>, cache: &BlockCache, block: &Block, cpu: &mut CpuState, invalidated_out: &mut Option<(u64, u64)>) -> BlockEnd {
        let vals = &mut *values;
        // No need to clear: in SSA form every value is written before it is read.
        if vals.len() < block.insts.len() {
            vals.resize(block.insts.len(), 0);
        }
        let mut pc = block.start_pc;
        let mut invalidated: Option<(u64, u64)> = None;
        let mut exit = None;
        for (i, inst) in block.insts.iter().enumerate() {
            let ty = inst.ty;
            let m = mask(ty) as u128;
            let v = |x: crossrun_ir::Value| vals[x.index()];
            let u = |x: crossrun_ir::Value| vals[x.index()] as u64;
            let ity = |x: crossrun_ir::Value| block.insts[x.index()].ty;
            let fault = |fault, write| {
                BlockEnd::Exit(Exit::MemoryFault { fault, write })
            };
            let result: u128 = match &inst.op {
                Op::GuestPc(p) => {
                    pc = *p;
                    0
                }
                Op::Const(c) => *c & if ty == Ty::V128 { u128::MAX } else { m },
                Op::GetReg(r) => cpu.get(*r),
                Op::SetReg(r, x) => {
                    cpu.set(*r, v(*x));
                    0
                }
                Op::Add(a, b) => (u(*a).wrapping_add(u(*b))) as u128 & m,
                Op::Sub(a, b) => (u(*a).wrapping_sub(u(*b))) as u128 & m,
                Op::Mul(a, b) => (u(*a).wrapping_mul(u(*b))) as u128 & m,
                Op::UDiv(a, b) => eval::udiv(ty, u(*a), u(*b)) as u128,
                Op::SDiv(a, b) => eval::sdiv(ty, u(*a), u(*b)) as u128,
                Op::UMulHi(a, b) => (u(*a) as u128 * u(*b) as u128) >> 64,
                Op::SMulHi(a, b) => {
                    ((u(*a) as i64 as i128 * u(*b) as i64 as i128) >> 64) as u64 as u128
                }
                Op::And(a, b) => v(*a) & v(*b),
                Op::Or(a, b) => v(*a) | v(*b),
                Op::Xor(a, b) => v(*a) ^ v(*b),
                Op::AndNot(a, b) => v(*a) & !v(*b) & m,
                Op::Shl(a, b) => (u(*a) << eval::shift_amount(ty, u(*b))) as u128 & m,
                Op::Lshr(a, b) => (u(*a) >> eval::shift_amount(ty, u(*b))) as u128,
                Op::Ashr(a, b) => {
                    (eval::to_signed(ty, u(*a)) >> eval::shift_amount(ty, u(*b))) as u64 as u128 & m
                }
                Op::Ror(a, b) => eval::ror(ty, u(*a), u(*b)) as u128,
                Op::Not(a) => !v(*a) & m,
                Op::Neg(a) => (u(*a).wrapping_neg()) as u128 & m,
                Op::Clz(a) => eval::clz(ty, u(*a)) as u128,
                Op::Cls(a) => eval::cls(ty, u(*a)) as u128,
                Op::Rbit(a) => eval::rbit(ty, u(*a)) as u128,
                Op::Rev(a) => eval::rev(ty, u(*a)) as u128,
                Op::Rev16(a) => eval::rev16(ty, u(*a)) as u128,
                Op::Rev32(a) => eval::rev32(u(*a)) as u128,
                Op::Zext(w, a) => eval::zext(w.bits(), v(*a)) & m,
                Op::Sext(w, a) => eval::sext(ty, w.bits(), u(*a)) as u128,
                Op::Icmp(cc, a, b) => eval::icmp(*cc, ity(*a), u(*a), u(*b)) as u128,
                Op::Select(c, a, b) => {
                    if v(*c) != 0 {
                        v(*a)
                    } else {
                        v(*b)
                    }
                }
                Op::FlagsAdd(a, b) => eval::flags_add_carry(ity(*a), u(*a), u(*b), 0) as u128,
                Op::FlagsSub(a, b) => eval::flags_add_carry(ity(*a), u(*a), !u(*b), 1) as u128,
                Op::FlagsAdc(a, b, f) => {
                    eval::flags_add_carry(ity(*a), u(*a), u(*b), eval::carry_of(u(*f))) as u128
                }
                Op::FlagsSbc(a, b, f) => {
                    eval::flags_add_carry(ity(*a), u(*a), !u(*b), eval::carry_of(u(*f))) as u128
                }
                Op::FlagsLogic(a) => eval::flags_logic(ity(*a), u(*a)) as u128,
                Op::Adc(a, b, f) => {
                    (u(*a).wrapping_add(u(*b)).wrapping_add(eval::carry_of(u(*f)))) as u128 & m
                }
                Op::Sbc(a, b, f) => {
                    (u(*a).wrapping_add(!u(*b)).wrapping_add(eval::carry_of(u(*f)))) as u128 & m
                }
                Op::CondHolds(c, f) => eval::cond_holds(*c, u(*f) as u32) as u128,
                Op::VLo(a) => v(*a) as u64 as u128,
                Op::VHi(a) => v(*a) >> 64,
                Op::VMake(lo, hi) => (v(*lo) as u64 as u128) | ((v(*hi) as u64 as u128) << 64),
                Op::Load { addr, width, signed, order } => {
                    let r = load(u(*addr), *width, *signed, ty);
                    if matches!(order, MemOrder::Acquire | MemOrder::AcquirePc | MemOrder::AcqRel) {
                        fence(Ordering::Acquire);
                    }
                    match r {
                        Ok(x) => x,
                        Err(f) => return Self::fault_exit(cpu, pc, fault(f, false)),
                    }
                }
                Op::Store { addr, val, width, order } => {
                    if let Err(f) = store(u(*addr), v(*val), *width, *order) {
                        return Self::fault_exit(cpu, pc, fault(f, true));
                    }
                    0
                }
                Op::LoadExclusive { addr, width, .. } => {
                    let a = u(*addr);
                    if let Err(f) = aligned(a, *width) {
                        return Self::fault_exit(cpu, pc, fault(f, false));
                    }
                    match load(a, *width, false, ty) {
                        Ok(x) => {
                            cpu.monitor = crossrun_ir::ExclusiveMonitor { valid: true, addr: a, bytes: width.bytes(), value: x };
                            x
                        }
                        Err(f) => return Self::fault_exit(cpu, pc, fault(f, false)),
                    }
                }
                Op::StoreExclusive { addr, val, width, .. } => {
                    let a = u(*addr);
                    if let Err(f) = aligned(a, *width) {
                        return Self::fault_exit(cpu, pc, fault(f, true));
                    }
                    let mon = std::mem::take(&mut cpu.monitor);
                    if !mon.valid || mon.addr != a || mon.bytes != width.bytes() {
                        1
                    } else {
                        match cas(a, mon.value, v(*val), *width) {
                            Ok(old) => (old != mon.value) as u128,
                            Err(f) => return Self::fault_exit(cpu, pc, fault(f, true)),
                        }
                    }
                }
                Op::ClearExclusive => {
                    cpu.monitor.valid = false;
                    0
                }
                Op::AtomicRmw { op, addr, val, width, .. } => {
                    let a = u(*addr);
                    if let Err(f) = aligned(a, *width) {
                        return Self::fault_exit(cpu, pc, fault(f, true));
                    }
                    let bytes = width.bytes();
                    let mut old = match access::load(a, bytes) {
                        Ok(x) => x,
                        Err(f) => return Self::fault_exit(cpu, pc, fault(f, false)),
                    };
                    loop {
                        let new = eval::rmw(*op, bytes, old, u(*val));
                        match access::compare_and_swap(a, old, new, bytes) {
                            Ok(seen) if seen == old => break old as u128,
                            Ok(seen) => old = seen,
                            Err(f) => return Self::fault_exit(cpu, pc, fault(f, true)),
                        }
                    }
                }
                Op::Cas { addr, expected, new, width, .. } => {
                    match aligned(u(*addr), *width).and_then(|()| cas(u(*addr), v(*expected), v(*new), *width)) {
                        Ok(old) => old,
                        Err(f) => return Self::fault_exit(cpu, pc, fault(f, true)),
                    }
                }
                Op::Fence(kind) => {
                    fence(match kind {
                        FenceKind::Full => Ordering::SeqCst,
                        FenceKind::Load => Ordering::Acquire,
                        FenceKind::Store => Ordering::Release,
                    });
                    0
                }
                Op::InvalidateCode(a) => {
                    // Cache-line granularity, as IC IVAU works on a line (CTR_EL0 says 64).
                    let line = u(*a) & !63;
                    let end = line.saturating_add(64);
                    invalidated = Some(match invalidated {
                        Some((s, e)) => (s.min(line), e.max(end)),
                        None => (line, end),
                    });
                    0
                }
                Op::TrapIf(c, kind) => {
                    if v(*c) != 0 {
                        return Self::fault_exit(cpu, pc, BlockEnd::Exit(Exit::Trap(*kind)));
                    }
                    0
                }
                Op::CheckAlignment { addr, bytes, write } => {
                    let a = u(*addr);
                    if !a.is_multiple_of(u64::from(*bytes)) {
                        let f = crossrun_memory::Fault { addr: a, kind: crossrun_memory::FaultKind::Alignment };
                        return Self::fault_exit(cpu, pc, fault(f, *write));
                    }
                    0
                }
                Op::ExitIf { cond, target } => {
                    if v(*cond) != 0 {
                        exit = Some(*target);
                        break;
                    }
                    0
                }
                Op::Call(helper, args) => {
                    let args: smallargs::Args = args.iter().map(|a| vals[a.index()]).collect();
                    (helper.func)(cpu, args.as_slice())
                }
            };
            vals[i] = result;
        }
        if let Some((s, e)) = invalidated {
            cache.invalidate(s, e);
            *invalidated_out = Some((s, e));
        }
        if let Some(target) = exit {
            return BlockEnd::Next(target);
        }
        let vals = &*values;
        match &block.term {
            Terminator::Jump { target, .. } => BlockEnd::Next(*target),
            Terminator::Branch { cond, taken, fallthrough } => {
                BlockEnd::Next(if vals[cond.index()] != 0 { *taken } else { *fallthrough })
            }
            Terminator::Indirect { target, .. } => BlockEnd::Next(vals[target.index()] as u64),
            Terminator::Syscall { next_pc } => {
                cpu.pc = *next_pc;
                BlockEnd::Exit(Exit::Syscall)
            }
            Terminator::Trap { kind, pc } => {
                cpu.pc = *pc;
                BlockEnd::Exit(Exit::Trap(*kind))
            }
        }
    }

    fn fault_exit(cpu: &mut CpuState, pc: u64, end: BlockEnd) -> BlockEnd {
        cpu.pc = pc;
        end
    }
}

fn load(addr: u64, width: Width, signed: bool, ty: Ty) -> Result<u128, crossrun_memory::Fault> {
    if width == Width::W128 {
        return access::load128(addr);
    }
    let raw = access::load(addr, width.bytes())?;
    Ok(if signed { eval::sext(ty, width.bits(), raw) as u128 } else { raw as u128 })
}

fn store(addr: u64, val: u128, width: Width, order: MemOrder) -> Result<(), crossrun_memory::Fault> {
    if matches!(order, MemOrder::Release | MemOrder::AcqRel) {
        fence(Ordering::Release);
    }
    if width == Width::W128 {
        access::store128(addr, val)?;
    } else {
        access::store(addr, val as u64, width.bytes())?;
    }
    if matches!(order, MemOrder::Release | MemOrder::AcqRel) {
        // Store-release followed by load-acquire must not be reordered (RCsc); x86 only
        // keeps that order with a full fence.
        fence(Ordering::SeqCst);
    }
    Ok(())
}

/// The natural-alignment rule of exclusive and atomic ops.
fn aligned(addr: u64, width: Width) -> Result<(), crossrun_memory::Fault> {
    if addr.is_multiple_of(width.bytes() as u64) {
        Ok(())
    } else {
        Err(crossrun_memory::Fault { addr, kind: crossrun_memory::FaultKind::Alignment })
    }
}

fn cas(addr: u64, expected: u128, new: u128, width: Width) -> Result<u128, crossrun_memory::Fault> {
    if width == Width::W128 {
        access::compare_and_swap128(addr, expected, new)
    } else {
        access::compare_and_swap(addr, expected as u64, new as u64, width.bytes()).map(|x| x as u128)
    }
}

/// Helper arguments without a heap allocation per call.
mod smallargs {
    pub struct Args {
        len: usize,
        items: [u128; 8],
    }

    impl Args {
        pub fn as_slice(&self) -> &[u128] {
            &self.items[..self.len]
        }
    }

    impl FromIterator<u128> for Args {
        fn from_iter<I: IntoIterator<Item = u128>>(iter: I) -> Self {
            let mut a = Args { len: 0, items: [0; 8] };
            for x in iter {
                a.items[a.len] = x;
                a.len += 1;
            }
            a
        }
    }
}

impl Interpreter {
    /// Runs exactly one block from `cpu.pc`. Returns `None` if the block ended in a
    /// branch (the PC is then the branch target), or how execution stopped.
    pub fn step(&mut self, cpu: &mut CpuState) -> Option<Exit> {
        let block = self.local.get(&self.cache, cpu.pc);
        match Self::run_block(&mut self.values, &self.cache, block, cpu, &mut self.invalidated) {
            BlockEnd::Next(pc) => {
                cpu.pc = pc;
                None
            }
            BlockEnd::Exit(e) => Some(e),
        }
    }
}

impl Interpreter {
    /// Runs the one guest instruction at `cpu.pc`, ignoring breakpoints (a debugger's
    /// single step). `None` when it completed without needing the embedder.
    pub fn run_one_instruction(&mut self, cpu: &mut CpuState) -> Option<Exit> {
        self.cache.apply_code_writes();
        let block = self.cache.translate_one(cpu.pc);
        match Self::run_block(&mut self.values, &self.cache, &block, cpu, &mut self.invalidated) {
            BlockEnd::Next(pc) => {
                cpu.pc = pc;
                None
            }
            BlockEnd::Exit(e) => Some(e),
        }
    }
}

impl Executor for Interpreter {
    fn interrupt_flag(&self) -> Option<Arc<AtomicBool>> {
        Some(self.interrupt.clone())
    }

    fn run(&mut self, cpu: &mut CpuState) -> Exit {
        loop {
            // A plain load first: the flag is almost always clear, and a locked swap on
            // every block would cost far more than the check.
            if self.interrupt.load(Ordering::Relaxed) && self.interrupt.swap(false, Ordering::Acquire) {
                return Exit::Interrupted;
            }
            self.cache.apply_code_writes();
            let block = self.local.get(&self.cache, cpu.pc);
            if self.debug.exec {
                crate::logfile::line(format_args!("crossrun: exec {:#x}", cpu.pc));
            }
            if self.debug.cpu {
                crate::logfile::line(format_args!("crossrun: {cpu:x?}"));
            }
            match Self::run_block(&mut self.values, &self.cache, block, cpu, &mut self.invalidated) {
                BlockEnd::Next(pc) => cpu.pc = pc,
                BlockEnd::Exit(e) => return e,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrun_ir::{Builder, BranchKind, Frontend, IntCC, Reg};

    /// One block: X1 = 1; exit to 0x2000 if X0 == 0; X1 = 2; jump to 0x3000.
    struct OneExit;

    impl Frontend for OneExit {
        fn translate(&self, pc: u64) -> Block {
            let mut b = Builder::new(pc);
            b.guest_pc(pc);
            let one = b.c64(1);
            b.set(Reg::X(1), one);
            b.guest_pc(pc + 4);
            let x0 = b.get(Reg::X(0));
            let zero = b.c64(0);
            let c = b.icmp(IntCC::Eq, x0, zero);
            b.exit_if(c, 0x2000);
            let two = b.c64(2);
            b.set(Reg::X(1), two);
            b.finish(pc + 8, 2, Terminator::Jump { target: 0x3000, kind: BranchKind::Plain })
        }

        fn disassemble(&self, _pc: u64) -> Option<(String, u64)> {
            None
        }
    }

    #[test]
    fn exit_if_continues_at_its_target_with_earlier_writes_made() {
        let cache = Arc::new(BlockCache::new(Arc::new(OneExit), Default::default()));
        let mut interp = Interpreter::new(cache, Arc::new(AtomicBool::new(false)), DebugFlags::default());
        for (x0, pc, x1) in [(0, 0x2000, 1), (5, 0x3000, 2)] {
            let mut cpu = CpuState { pc: 0x1000, ..CpuState::default() };
            cpu.x[0] = x0;
            assert_eq!(interp.step(&mut cpu), None);
            assert_eq!((cpu.pc, cpu.x[1]), (pc, x1), "x0 = {x0}");
        }
    }
}
