//! A debugger's breakpoints in the block cache: blocks end before them, a block at one is
//! a `TrapKind::Debugger` trap, a single step is one instruction whatever is set, and
//! setting or removing one drops the translations containing it. Checked by running
//! the blocks in the interpreter.

use crossrun_exec::{BlockCache, BlockLog, Executor, Exit, Interpreter};
use crossrun_ir::{Block, BranchKind, Builder, CpuState, Frontend, Op, Reg, Terminator, TrapKind, Ty};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Guest code at 0x1000: four 4-byte instructions, instruction i adds 1 << i to X(0);
/// then a syscall.
struct Adds;

impl Frontend for Adds {
    fn translate(&self, pc: u64) -> Block {
        let mut b = Builder::new(pc);
        let mut at = pc;
        while at < 0x1010 {
            b.guest_pc(at);
            let x = b.push(Op::GetReg(Reg::X(0)), Ty::I64);
            let k = b.c64(1 << ((at - 0x1000) / 4));
            let sum = b.add(x, k);
            b.push(Op::SetReg(Reg::X(0), sum), Ty::Void);
            at += 4;
        }
        b.finish(at, ((at - pc) / 4) as u32, Terminator::Syscall { next_pc: at })
    }

    fn disassemble(&self, _pc: u64) -> Option<(String, u64)> {
        None
    }
}

fn setup() -> (Arc<BlockCache>, Interpreter) {
    let cache = Arc::new(BlockCache::new(Arc::new(Adds), BlockLog::default()));
    let interp = Interpreter::new(cache.clone(), Arc::new(AtomicBool::new(false)), Default::default());
    (cache, interp)
}

#[test]
fn blocks_stop_before_a_breakpoint_and_trap_at_it() {
    let (cache, mut interp) = setup();
    let mut cpu = CpuState { pc: 0x1000, ..Default::default() };
    cache.insert_breakpoint(0x1008);
    let b = cache.translate(0x1000);
    assert_eq!((b.end_pc, b.term.clone()), (0x1008, Terminator::Jump { target: 0x1008, kind: BranchKind::Plain }));
    assert_eq!(interp.run(&mut cpu), Exit::Trap(TrapKind::Debugger));
    assert_eq!((cpu.pc, cpu.x[0]), (0x1008, 0b0011), "the instruction at the breakpoint has not run");
    // Stepping over it runs exactly that instruction.
    assert_eq!(interp.run_one_instruction(&mut cpu), None);
    assert_eq!((cpu.pc, cpu.x[0]), (0x100c, 0b0111));
    assert_eq!(interp.run(&mut cpu), Exit::Syscall);
    assert_eq!(cpu.x[0], 0b1111);
}

#[test]
fn removing_or_adding_a_breakpoint_drops_translations_already_made() {
    let (cache, mut interp) = setup();
    let mut cpu = CpuState { pc: 0x1000, ..Default::default() };
    assert_eq!(interp.run(&mut cpu), Exit::Syscall, "translated and cached without breakpoints");
    cache.insert_breakpoint(0x1004);
    let mut cpu = CpuState { pc: 0x1000, ..Default::default() };
    assert_eq!(interp.run(&mut cpu), Exit::Trap(TrapKind::Debugger));
    assert_eq!((cpu.pc, cpu.x[0]), (0x1004, 1));
    assert!(cache.remove_breakpoint(0x1004));
    assert!(!cache.remove_breakpoint(0x1004));
    assert_eq!(interp.run(&mut cpu), Exit::Syscall);
    assert_eq!(cpu.x[0], 0b1111);
    cache.insert_breakpoint(0x100c);
    cache.clear_breakpoints();
    assert!(!cache.has_breakpoint(0x100c));
    let b = cache.translate(0x1000);
    assert_eq!(b.end_pc, 0x1010);
}
