//! Focused tests: flags on edge values, faults, W^X, block linking, invalidation.

mod common;

use common::{code_rewritten, executors, install, map, Fixed};
use crossrun_exec::{Executor, Exit};
use crossrun_ir::{Block, BranchKind, CpuState, Inst, Op, Reg, Terminator, Ty, Value, Width};
use crossrun_memory::{Fault, FaultKind};
use std::sync::Arc;

fn inst(op: Op, ty: Ty) -> Inst {
    Inst { op, ty }
}

fn block(pc: u64, insts: Vec<Inst>, term: Terminator) -> Block {
    Block { start_pc: pc, end_pc: pc + 4, guest_insns: 1, insts, term }
}

const EDGES: [u64; 12] = [
    0,
    1,
    2,
    0x7f,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    0x1_0000_0000,
    0x7fff_ffff_ffff_ffff,
    0x8000_0000_0000_0000,
    0xffff_ffff_ffff_fffe,
    0xffff_ffff_ffff_ffff,
];

/// Every flag-producing op, at both widths, on every pair of edge values and both carry
/// inputs: the JIT's NZCV must equal the interpreter's.
#[test]
fn flags_match_the_interpreter_on_edge_values() {
    install();
    let ops: [fn(Value, Value, Value) -> Op; 7] = [
        |a, b, _| Op::FlagsAdd(a, b),
        |a, b, _| Op::FlagsSub(a, b),
        |a, b, f| Op::FlagsAdc(a, b, f),
        |a, b, f| Op::FlagsSbc(a, b, f),
        |a, _, _| Op::FlagsLogic(a),
        |a, b, f| Op::Adc(a, b, f),
        |a, b, f| Op::Sbc(a, b, f),
    ];
    let frontend = Arc::new(Fixed::default());
    let mut pc = 0x1000;
    let mut blocks = Vec::new();
    for (k, make) in ops.iter().enumerate() {
        for ty in [Ty::I32, Ty::I64] {
            let mut insts = vec![
                inst(Op::GuestPc(pc), Ty::Void),
                inst(Op::GetReg(Reg::X(0)), Ty::I64),
                inst(Op::GetReg(Reg::X(1)), Ty::I64),
                inst(Op::GetReg(Reg::Nzcv), Ty::I32),
            ];
            let (a, b) = if ty == Ty::I32 {
                insts.push(inst(Op::Zext(Width::W32, Value(1)), Ty::I32));
                insts.push(inst(Op::Zext(Width::W32, Value(2)), Ty::I32));
                (Value(4), Value(5))
            } else {
                (Value(1), Value(2))
            };
            let value_op = k >= 5;
            insts.push(inst(make(a, b, Value(3)), if value_op { ty } else { Ty::I32 }));
            let r = Value(insts.len() as u32 - 1);
            if value_op {
                if ty == Ty::I32 {
                    insts.push(inst(Op::Zext(Width::W32, r), Ty::I64));
                    insts.push(inst(Op::SetReg(Reg::X(2), Value(insts.len() as u32 - 1)), Ty::Void));
                } else {
                    insts.push(inst(Op::SetReg(Reg::X(2), r), Ty::Void));
                }
            } else {
                // Through X2 as well, so bits outside NZCV would show too.
                insts.push(inst(Op::Zext(Width::W32, r), Ty::I64));
                insts.push(inst(Op::SetReg(Reg::X(2), Value(insts.len() as u32 - 1)), Ty::Void));
                insts.push(inst(Op::SetReg(Reg::Nzcv, r), Ty::Void));
            }
            let b = block(pc, insts, Terminator::Jump { target: 0, kind: BranchKind::Plain });
            crossrun_ir::verify(&b).unwrap();
            frontend.0.lock().unwrap().insert(pc, b);
            blocks.push(pc);
            pc += 0x100;
        }
    }
    let (_cache, mut interp, mut jit) = executors(frontend, false);
    let mut checked = 0;
    for &pc in &blocks {
        for &a in &EDGES {
            for &b in &EDGES {
                for nzcv in [0, 0x2000_0000, 0xf000_0000, 0xd000_0000] {
                    let mut cpu = CpuState::default();
                    (cpu.x[0], cpu.x[1], cpu.nzcv, cpu.pc) = (a, b, nzcv, pc);
                    let mut want = cpu.clone();
                    let mut got = cpu.clone();
                    assert_eq!(interp.step(&mut want), None);
                    assert_eq!(jit.step(&mut got), None);
                    assert_eq!(got, want, "block {pc:#x}, a={a:#x} b={b:#x} nzcv={nzcv:#x}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(jit.stats().blocks_compiled as usize, blocks.len());
    assert!(checked > 2000);
}

/// A load from unmapped memory in compiled code is a MemoryFault at that instruction's
/// guest PC, with the registers as they were before it.
#[test]
fn faulting_access_reports_the_guest_pc_and_keeps_registers() {
    install();
    for write in [false, true] {
        let frontend = Arc::new(Fixed::default());
        let mut insts = vec![
            inst(Op::GuestPc(0x2000), Ty::Void),
            inst(Op::Const(7), Ty::I64),
            inst(Op::SetReg(Reg::X(3), Value(1)), Ty::Void),
            inst(Op::GuestPc(0x2004), Ty::Void),
            inst(Op::GetReg(Reg::X(0)), Ty::I64),
        ];
        if write {
            insts.push(inst(Op::Store { addr: Value(4), val: Value(4), width: Width::W32, order: crossrun_ir::MemOrder::Plain }, Ty::Void));
        } else {
            insts.push(inst(Op::Load { addr: Value(4), width: Width::W64, signed: false, order: crossrun_ir::MemOrder::Plain }, Ty::I64));
        }
        insts.push(inst(Op::SetReg(Reg::X(1), Value(4)), Ty::Void));
        frontend.0.lock().unwrap().insert(0x2000, block(0x2000, insts, Terminator::Syscall { next_pc: 0x2008 }));
        let (_cache, _interp, mut jit) = executors(frontend, true);
        let mut cpu = CpuState { pc: 0x2000, ..CpuState::default() };
        cpu.x[0] = 0x18;
        cpu.x[1] = 0x1111;
        let exit = jit.run(&mut cpu);
        assert_eq!(exit, Exit::MemoryFault { fault: Fault { addr: 0x18, kind: FaultKind::Segv }, write });
        assert_eq!(cpu.pc, 0x2004);
        assert_eq!((cpu.x[1], cpu.x[3]), (0x1111, 7), "the first instruction completed, the faulting one did not");
        assert_eq!(jit.stats().blocks_compiled, 1);
        // The JIT still works after a fault.
        cpu.x[0] = map(0, 4096).as_ptr() as u64;
        cpu.pc = 0x2000;
        assert_eq!(jit.run(&mut cpu), Exit::Syscall);
        assert_eq!(cpu.pc, 0x2008);
    }
}

/// `TrapIf` stops at its own instruction when its condition holds, with the earlier
/// instruction's register write made (even though a later write in the block would
/// overwrite it), and does nothing otherwise: in compiled code as in the interpreter.
#[test]
fn trap_if_stops_at_its_instruction_only_when_the_condition_holds() {
    install();
    let frontend = Arc::new(Fixed::default());
    let kind = crossrun_ir::TrapKind::Undefined { insn: 0x0000_7053 };
    let insts = vec![
        inst(Op::GuestPc(0x3000), Ty::Void),
        inst(Op::Const(7), Ty::I64),
        inst(Op::SetReg(Reg::X(3), Value(1)), Ty::Void),
        inst(Op::GuestPc(0x3004), Ty::Void),
        inst(Op::GetReg(Reg::X(0)), Ty::I64),
        inst(Op::Const(1), Ty::I64),
        inst(Op::Icmp(crossrun_ir::IntCC::Eq, Value(4), Value(5)), Ty::I1),
        inst(Op::TrapIf(Value(6), kind), Ty::Void),
        inst(Op::SetReg(Reg::X(3), Value(4)), Ty::Void),
    ];
    frontend.0.lock().unwrap().insert(0x3000, block(0x3000, insts, Terminator::Syscall { next_pc: 0x3008 }));
    let (_cache, mut interp, mut jit) = executors(frontend, true);
    for (x0, want_exit, want_pc, want_x3) in [(1, Exit::Trap(kind), 0x3004, 7), (2, Exit::Syscall, 0x3008, 2)] {
        let mut cpu = CpuState { pc: 0x3000, ..CpuState::default() };
        cpu.x[0] = x0;
        let mut want = cpu.clone();
        assert_eq!(interp.run(&mut want), want_exit);
        assert_eq!((want.pc, want.x[3]), (want_pc, want_x3));
        assert_eq!(jit.run(&mut cpu), want_exit);
        assert_eq!(cpu, want, "the JIT and the interpreter disagree");
    }
    assert_eq!(jit.stats().blocks_compiled, 1);
}

/// `ExitIf` leaves the block for its target only when its condition holds, with every
/// earlier register write made (the pinned stack pointer included, and one a later
/// write in the block would overwrite) and nothing after it done; the exit links to its
/// target like a jump. Checked for a condition the JIT fuses with its flags (`CondHolds`
/// of a `FlagsSub`) and one it tests as a value, against the interpreter.
#[test]
fn exit_if_leaves_for_its_target_only_when_the_condition_holds() {
    install();
    use crossrun_ir::{Cond, IntCC};
    let frontend = Arc::new(Fixed::default());
    let sp = common::A64_SP;
    let insts = vec![
        inst(Op::GuestPc(0x4000), Ty::Void),
        inst(Op::Const(7), Ty::I64),
        inst(Op::SetReg(Reg::X(3), Value(1)), Ty::Void),
        inst(Op::Const(0x1234), Ty::I64),
        inst(Op::SetReg(sp, Value(3)), Ty::Void),
        inst(Op::GuestPc(0x4004), Ty::Void),
        inst(Op::GetReg(Reg::X(0)), Ty::I64),
        inst(Op::Const(5), Ty::I64),
        inst(Op::FlagsSub(Value(6), Value(7)), Ty::I32),
        inst(Op::CondHolds(Cond(0), Value(8)), Ty::I1),
        inst(Op::ExitIf { cond: Value(9), target: 0x5000 }, Ty::Void),
        inst(Op::SetReg(Reg::X(3), Value(6)), Ty::Void),
        inst(Op::GuestPc(0x4008), Ty::Void),
        inst(Op::Const(2), Ty::I64),
        inst(Op::Icmp(IntCC::Eq, Value(6), Value(13)), Ty::I1),
        inst(Op::ExitIf { cond: Value(14), target: 0x6000 }, Ty::Void),
        inst(Op::SetReg(Reg::X(4), Value(13)), Ty::Void),
        inst(Op::SetReg(Reg::Nzcv, Value(8)), Ty::Void),
    ];
    // Each target adds one to the stack pointer into X5 and stops with its own pc.
    let target = |pc: u64| {
        let insts = vec![
            inst(Op::GuestPc(pc), Ty::Void),
            inst(Op::GetReg(sp), Ty::I64),
            inst(Op::Const(1), Ty::I64),
            inst(Op::Add(Value(1), Value(2)), Ty::I64),
            inst(Op::SetReg(Reg::X(5), Value(3)), Ty::Void),
        ];
        block(pc, insts, Terminator::Syscall { next_pc: pc + 4 })
    };
    {
        let mut blocks = frontend.0.lock().unwrap();
        blocks.insert(0x4000, block(0x4000, insts, Terminator::Syscall { next_pc: 0x400c }));
        blocks.insert(0x5000, target(0x5000));
        blocks.insert(0x6000, target(0x6000));
    }
    for b in frontend.0.lock().unwrap().values() {
        crossrun_ir::verify(b).unwrap();
    }
    let (_cache, mut interp, mut jit) = executors(frontend, true);
    // x0 -> (pc after the syscall, X3, X4, X5, NZCV)
    let cases = [
        (5, 0x5004, 7, 0, 0x1235, 0),
        (2, 0x6004, 2, 0, 0x1235, 0),
        (1, 0x400c, 1, 2, 0, 0x8000_0000),
    ];
    // Twice, so the second round runs linked code.
    for round in 0..2 {
        for (x0, pc, x3, x4, x5, nzcv) in cases {
            let mut cpu = CpuState { pc: 0x4000, ..CpuState::default() };
            cpu.x[0] = x0;
            let mut want = cpu.clone();
            assert_eq!(interp.run(&mut want), Exit::Syscall);
            assert_eq!((want.pc, want.x[3], want.x[4], want.x[5], want.nzcv), (pc, x3, x4, x5, nzcv), "x0={x0}");
            assert_eq!(want.x[31], 0x1234);
            assert_eq!(jit.run(&mut cpu), Exit::Syscall);
            assert_eq!(cpu, want, "round {round}, x0={x0}: the JIT and the interpreter disagree");
        }
    }
    let stats = jit.stats();
    assert_eq!(stats.blocks_compiled, 3);
    assert!(stats.links_patched >= 2, "both side exits are linked: {stats:?}");
}

/// `CheckAlignment` faults at its instruction, as an alignment fault of the access kind
/// it names, exactly when the address is not a multiple of its size; the instruction
/// before it has completed.
#[test]
fn check_alignment_faults_only_on_misaligned_addresses() {
    install();
    let frontend = Arc::new(Fixed::default());
    let insts = vec![
        inst(Op::GuestPc(0x7000), Ty::Void),
        inst(Op::Const(7), Ty::I64),
        inst(Op::SetReg(Reg::X(3), Value(1)), Ty::Void),
        inst(Op::GuestPc(0x7004), Ty::Void),
        inst(Op::GetReg(Reg::X(0)), Ty::I64),
        inst(Op::CheckAlignment { addr: Value(4), bytes: 8, write: true }, Ty::Void),
        inst(Op::SetReg(Reg::X(3), Value(4)), Ty::Void),
    ];
    frontend.0.lock().unwrap().insert(0x7000, block(0x7000, insts, Terminator::Syscall { next_pc: 0x7008 }));
    let (_cache, mut interp, mut jit) = executors(frontend, true);
    let fault = |addr| Exit::MemoryFault { fault: Fault { addr, kind: FaultKind::Alignment }, write: true };
    for (x0, want_exit, want_pc, want_x3) in
        [(0x1000, Exit::Syscall, 0x7008, 0x1000), (0x1004, fault(0x1004), 0x7004, 7), (0x1007, fault(0x1007), 0x7004, 7)]
    {
        let mut cpu = CpuState { pc: 0x7000, ..CpuState::default() };
        cpu.x[0] = x0;
        let mut want = cpu.clone();
        assert_eq!(interp.run(&mut want), want_exit);
        assert_eq!((want.pc, want.x[3]), (want_pc, want_x3));
        assert_eq!(jit.run(&mut cpu), want_exit);
        assert_eq!(cpu, want, "the JIT and the interpreter disagree for {x0:#x}");
    }
}

/// No mapping of a code cache is writable and executable at once.
#[test]
fn code_cache_is_never_writable_and_executable() {
    install();
    let (_cache, _interp, jit) = executors(Arc::new(Fixed::default()), true);
    let (start, _) = jit.code_range().expect("native code");
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let fields = |line: &str| line.split_whitespace().map(str::to_owned).collect::<Vec<String>>();
    for line in maps.lines() {
        let perms = &fields(line)[1];
        assert!(!(perms.contains('w') && perms.contains('x')), "W+X mapping: {line}");
    }
    let exec = maps.lines().find(|l| usize::from_str_radix(l.split('-').next().unwrap(), 16).unwrap() == start);
    let exec = fields(exec.expect("the code cache's executable view is missing"));
    assert!(exec[1].contains('x'));
    // Shared anonymous memory, which perf counts as anonymous (so it reads the perf map).
    assert_eq!(exec[5..].join(" "), "/dev/zero (deleted)");
    let views: Vec<Vec<String>> = maps.lines().map(fields).filter(|f| f[3] == exec[3] && f[4] == exec[4]).collect();
    assert!(views.iter().any(|f| f[1].starts_with("rw")), "a writable view of the same memory: {views:?}");
}

/// `movz x0,#0; L: add x0,x0,#1; cmp x0,#N; b.ne L; svc #0`
fn counting_loop(code: &mut [u8], limit: u32) {
    let words = [0xd280_0000u32, 0x9100_0400, 0xf100_001f | limit << 10, 0x54ff_ffc1, 0xd400_0001];
    for (chunk, w) in code.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
}

#[test]
fn jumps_are_linked_and_loops_run_in_compiled_code() {
    install();
    let code = map(0, 4096);
    counting_loop(code, 1000);
    let (_cache, _interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let mut cpu = CpuState { pc: code.as_ptr() as u64, ..CpuState::default() };
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    assert_eq!(cpu.x[0], 1000);
    assert_eq!(cpu.pc, code.as_ptr() as u64 + 20);
    let stats = jit.stats();
    assert!(stats.links_patched >= 2, "{stats:?}");
    assert_eq!(stats.blocks_interpreted, 0);
}

#[test]
fn invalidated_code_is_recompiled() {
    install();
    let code = map(0, 4096);
    counting_loop(code, 1000);
    let (cache, _interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let start = code.as_ptr() as u64;
    let mut cpu = CpuState { pc: start, ..CpuState::default() };
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    assert_eq!(cpu.x[0], 1000);
    // The guest rewrites its loop bound, then (as the Linux layer does for mprotect,
    // munmap or IC IVAU) both caches are told.
    counting_loop(code, 500);
    code_rewritten(&cache, &jit, start, start + 4096);
    cpu.pc = start;
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    assert_eq!(cpu.x[0], 500, "stale compiled code ran");
    let stats = jit.stats();
    assert_eq!((stats.flushes, stats.blocks_dropped), (0, 3), "{stats:?}");
}

/// Rewriting one block's code drops that block alone: the blocks around it stay
/// compiled, and the jump linked to it is linked again to its new translation.
#[test]
fn rewritten_code_drops_only_its_own_block() {
    install();
    let code = map(0, 4096);
    counting_loop(code, 1000);
    let (cache, _interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let start = code.as_ptr() as u64;
    let mut cpu = CpuState { pc: start, ..CpuState::default() };
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    let before = jit.stats();
    // The block after the loop (`svc #0` at +16) becomes `movz x1, #7; svc #0`.
    code[16..24].copy_from_slice(&[0xd280_00e1u32.to_le_bytes(), 0xd400_0001u32.to_le_bytes()].concat());
    code_rewritten(&cache, &jit, start + 16, start + 24);
    cpu.pc = start;
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    assert_eq!((cpu.x[0], cpu.x[1], cpu.pc), (1000, 7, start + 24), "stale compiled code ran");
    let after = jit.stats();
    assert_eq!((after.flushes, after.blocks_dropped), (0, 1), "{after:?}");
    assert_eq!(after.blocks_compiled, before.blocks_compiled + 1, "only the rewritten block is translated again");
    assert!(after.links_patched > before.links_patched, "the loop's exit is linked to the new block: {after:?}");
}

#[test]
fn interrupt_stops_a_linked_loop() {
    install();
    let code = map(0, 4096);
    // b . (an endless loop of one linked block)
    code[..4].copy_from_slice(&0x1400_0000u32.to_le_bytes());
    let (exit, cpu, _) = run_interrupted_after_50ms(code.as_ptr() as u64);
    assert_eq!(exit, Exit::Interrupted);
    assert_eq!(cpu.pc, code.as_ptr() as u64);
}

/// Runs the A64 code at `pc` in a JIT whose interrupt flag another thread raises after
/// 50 ms; returns how the run ended, the final state and the JIT.
fn run_interrupted_after_50ms(pc: u64) -> (Exit, CpuState, crossrun_jit::Jit) {
    let cache = Arc::new(crossrun_exec::BlockCache::new(Arc::new(crossrun_a64::A64Frontend), Default::default()));
    let interrupt = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut jit = crossrun_jit::Jit::new(cache, interrupt.clone(), Default::default());
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        interrupt.store(true, std::sync::atomic::Ordering::Release);
    });
    let mut cpu = CpuState { pc, ..CpuState::default() };
    let exit = jit.run(&mut cpu);
    t.join().unwrap();
    (exit, cpu, jit)
}

/// `movz x0,#0; adr x1,L; L: add x0,x0,#1; cmp x0,#1000; b.eq out; br x1; out: svc #0`:
/// the `br` goes through the indirect lookup table without leaving compiled code.
#[test]
fn indirect_branches_stay_in_compiled_code() {
    install();
    let code = map(0, 4096);
    let words = [0xd280_0000u32, 0x1000_0021, 0x9100_0400, 0xf10f_a01f, 0x5400_0040, 0xd61f_0020, 0xd400_0001];
    for (chunk, w) in code.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    let (_cache, _interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let mut cpu = CpuState { pc: code.as_ptr() as u64, ..CpuState::default() };
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    assert_eq!(cpu.x[0], 1000);
    assert_eq!(cpu.pc, code.as_ptr() as u64 + 28);
    let stats = jit.stats();
    assert_eq!(stats.blocks_interpreted, 0);
    assert!(stats.entries < 10, "the loop went back to the dispatcher: {stats:?}");
}

/// One hub invalidation reaches every JIT registered with it (one per guest thread).
#[test]
fn invalidation_hub_reaches_every_thread_jit() {
    install();
    let code = map(0, 4096);
    counting_loop(code, 1000);
    let start = code.as_ptr() as u64;
    let hub = crossrun_jit::InvalidationHub::default();
    let (cache, _interp, mut jit_a) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let mut jit_b = crossrun_jit::Jit::new(cache.clone(), Default::default(), Default::default());
    hub.register(&jit_a.invalidations());
    hub.register(&jit_b.invalidations());
    for jit in [&mut jit_a, &mut jit_b] {
        let mut cpu = CpuState { pc: start, ..CpuState::default() };
        assert_eq!(jit.run(&mut cpu), Exit::Syscall);
        assert_eq!(cpu.x[0], 1000);
    }
    counting_loop(code, 700);
    cache.invalidate(start, start + 4096);
    hub.invalidate(start, start + 4096);
    for jit in [&mut jit_a, &mut jit_b] {
        let mut cpu = CpuState { pc: start, ..CpuState::default() };
        assert_eq!(jit.run(&mut cpu), Exit::Syscall);
        assert_eq!(cpu.x[0], 700);
    }
    drop(jit_b);
    hub.invalidate(0, 1); // a dropped JIT is skipped, not a use-after-free
}

#[test]
fn perf_map_names_each_compiled_block() {
    install();
    let code = map(0, 4096);
    counting_loop(code, 10);
    let cache = Arc::new(crossrun_exec::BlockCache::new(Arc::new(crossrun_a64::A64Frontend), Default::default()));
    let opts = crossrun_jit::JitOptions { perf_map: true, ..Default::default() };
    let mut jit = crossrun_jit::Jit::with_options(cache, Default::default(), Default::default(), opts);
    let mut cpu = CpuState { pc: code.as_ptr() as u64, ..CpuState::default() };
    assert_eq!(jit.run(&mut cpu), Exit::Syscall);
    let map = std::fs::read_to_string(format!("/tmp/perf-{}.map", std::process::id())).unwrap();
    let want = format!("guest_{:x}", code.as_ptr() as u64);
    let line = map.lines().find(|l| l.ends_with(&want)).expect("block in perf map");
    let fields: Vec<_> = line.split(' ').collect();
    assert_eq!(fields.len(), 3);
    let (lo, hi) = jit.code_range().unwrap();
    let addr = usize::from_str_radix(fields[0], 16).unwrap();
    assert!(addr >= lo && addr < hi);
}

/// A compiled exclusive store succeeds only while the monitor holds its address and the
/// memory still holds the value the exclusive load saw (a store of the same value in
/// between does not break it, as in the interpreter), and always clears the monitor.
#[test]
fn exclusive_store_compares_against_the_loaded_value() {
    use crossrun_ir::MemOrder;
    install();
    let frontend = Arc::new(Fixed::default());
    let load = vec![
        inst(Op::GuestPc(0x3000), Ty::Void),
        inst(Op::GetReg(Reg::X(0)), Ty::I64),
        inst(Op::LoadExclusive { addr: Value(1), width: Width::W64, order: MemOrder::Acquire }, Ty::I64),
        inst(Op::SetReg(Reg::X(1), Value(2)), Ty::Void),
    ];
    let store = vec![
        inst(Op::GuestPc(0x3004), Ty::Void),
        inst(Op::GetReg(Reg::X(0)), Ty::I64),
        inst(Op::GetReg(Reg::X(2)), Ty::I64),
        inst(Op::StoreExclusive { addr: Value(1), val: Value(2), width: Width::W64, order: MemOrder::Release }, Ty::I32),
        inst(Op::Zext(Width::W32, Value(3)), Ty::I64),
        inst(Op::SetReg(Reg::X(3), Value(4)), Ty::Void),
    ];
    frontend.0.lock().unwrap().insert(0x3000, block(0x3000, load, Terminator::Syscall { next_pc: 0x3004 }));
    frontend.0.lock().unwrap().insert(0x3004, block(0x3004, store, Terminator::Syscall { next_pc: 0x3008 }));
    let (_cache, _interp, mut jit) = executors(frontend, true);
    let mem = map(0, 4096);
    let word = mem.as_mut_ptr() as *mut u64;
    // SAFETY: `word` points into `mem`, mapped for the rest of the process.
    let set = |v: u64| unsafe { word.write_volatile(v) };
    // SAFETY: as for `set`.
    let get = || unsafe { word.read_volatile() };
    let mut cpu = CpuState::default();
    cpu.x[2] = 0x77;
    // `between` runs after the exclusive load, as another thread's store would.
    let mut attempt = |cpu: &mut CpuState, addr_offset: u64, between: &dyn Fn()| {
        set(5);
        cpu.x[0] = word as u64;
        cpu.pc = 0x3000;
        assert_eq!(jit.run(cpu), Exit::Syscall);
        assert_eq!(cpu.x[1], 5);
        assert!(cpu.monitor.valid);
        between();
        cpu.x[0] = word as u64 + addr_offset;
        assert_eq!(jit.run(cpu), Exit::Syscall);
        assert_eq!(cpu.monitor, crossrun_ir::ExclusiveMonitor::default());
        (cpu.x[3], get())
    };
    assert_eq!(attempt(&mut cpu, 0, &|| {}), (0, 0x77), "undisturbed: succeeds");
    assert_eq!(attempt(&mut cpu, 0, &|| set(6)), (1, 6), "changed: fails");
    let aba = || {
        set(9);
        set(5);
    };
    assert_eq!(attempt(&mut cpu, 0, &aba), (0, 0x77), "changed back: the value compare succeeds");
    assert_eq!(attempt(&mut cpu, 8, &|| {}), (1, 5), "another address: fails");
    assert_eq!(jit.stats().blocks_compiled, 2);
}

/// A64 encodings for the call/return tests; branch offsets count instructions.
mod a64 {
    pub fn bl(offset: i32) -> u32 {
        0x9400_0000 | (offset as u32 & 0x03ff_ffff)
    }
    pub fn b(offset: i32) -> u32 {
        0x1400_0000 | (offset as u32 & 0x03ff_ffff)
    }
    pub fn b_ne(offset: i32) -> u32 {
        0x5400_0001 | (offset as u32 & 0x7_ffff) << 5
    }
    /// ADR xd, . + offset * 4
    pub fn adr(rd: u32, offset: i32) -> u32 {
        0x1000_0000 | (offset as u32 & 0x7_ffff) << 5 | rd
    }
    pub fn blr(rn: u32) -> u32 {
        0xd63f_0000 | rn << 5
    }
    pub fn cbz(rt: u32, offset: i32) -> u32 {
        0xb400_0000 | (offset as u32 & 0x7_ffff) << 5 | rt
    }
    pub fn movz(rd: u32, imm: u32) -> u32 {
        0xd280_0000 | imm << 5 | rd
    }
    pub fn mov(rd: u32, rm: u32) -> u32 {
        0xaa00_03e0 | rm << 16 | rd
    }
    pub fn add(rd: u32, rn: u32, imm: u32) -> u32 {
        0x9100_0000 | imm << 10 | rn << 5 | rd
    }
    pub fn sub(rd: u32, rn: u32, imm: u32) -> u32 {
        0xd100_0000 | imm << 10 | rn << 5 | rd
    }
    pub fn cmp(rn: u32, imm: u32) -> u32 {
        0xf100_001f | imm << 10 | rn << 5
    }
    pub fn ret(rn: u32) -> u32 {
        0xd65f_0000 | rn << 5
    }
    pub fn br(rn: u32) -> u32 {
        0xd61f_0000 | rn << 5
    }
    /// STR xt, [xn, #imm * 8]
    pub fn str(rt: u32, rn: u32, imm: u32) -> u32 {
        0xf900_0000 | imm << 10 | rn << 5 | rt
    }
    /// LDR xt, [xn, #imm * 8]
    pub fn ldr(rt: u32, rn: u32, imm: u32) -> u32 {
        0xf940_0000 | imm << 10 | rn << 5 | rt
    }
    pub const RET: u32 = 0xd65f_03c0;
    pub const MOVN_X1_0: u32 = 0x9280_0001;
    pub const PUSH_X30: u32 = 0xf81f_0ffe;
    pub const POP_X30: u32 = 0xf841_07fe;
    pub const SVC: u32 = 0xd400_0001;
    pub const NOP: u32 = 0xd503_201f;
}

/// Copies `words` to the start of `code`.
fn put(code: &mut [u8], words: &[u32]) {
    for (chunk, w) in code.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
}

/// Runs the guest code at `code` (with a stack) in the interpreter and the JIT until
/// they leave it, checks that both end in the same state, and returns the JIT's.
fn run_both(code: &[u8], jit: &mut crossrun_jit::Jit, interp: &mut crossrun_exec::Interpreter) -> (Exit, CpuState) {
    let stack = map(0, 64 << 10);
    let mut cpu = CpuState { pc: code.as_ptr() as u64, ..CpuState::default() };
    cpu.x[31] = stack.as_ptr() as u64 + stack.len() as u64; // SP
    let mut want = cpu.clone();
    let want_exit = interp.run(&mut want);
    let exit = jit.run(&mut cpu);
    assert_eq!((exit, &cpu), (want_exit, &want), "the JIT and the interpreter disagree");
    (exit, cpu)
}

/// A loop calling `f` (BL), which calls `g` (BLR): every return goes where its call
/// predicted.
#[test]
fn nested_call_returns_are_predicted() {
    use a64::*;
    install();
    let code = map(0, 4096);
    put(
        code,
        &[
            adr(9, 14), // g
            movz(0, 0),
            movz(1, 0),
            movz(2, 0),
            bl(5), // loop: f
            add(2, 2, 1),
            cmp(2, 500),
            b_ne(-3),
            SVC,
            mov(19, 30), // f
            blr(9),
            mov(30, 19),
            add(0, 0, 1),
            RET,
            add(1, 1, 1), // g
            RET,
        ],
    );
    let (_cache, mut interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let (exit, cpu) = run_both(code, &mut jit, &mut interp);
    assert_eq!(exit, Exit::Syscall);
    assert_eq!((cpu.x[0], cpu.x[1], cpu.x[2]), (500, 500, 500));
    let stats = jit.stats();
    assert!(stats.returns_predicted >= 990, "returns are not predicted: {stats:?}");
    assert!(stats.entries < 20, "returns went back to the dispatcher: {stats:?}");
}

/// An endless loop of calls and predicted returns (whose landing pads skip the
/// interrupt check) still stops when interrupted.
#[test]
fn interrupt_stops_a_loop_of_calls() {
    use a64::*;
    install();
    let code = map(0, 4096);
    put(code, &[bl(2), b(-1), RET]);
    let start = code.as_ptr() as u64;
    let (exit, cpu, jit) = run_interrupted_after_50ms(start);
    assert_eq!(exit, Exit::Interrupted);
    assert!((start..start + 12).contains(&cpu.pc));
    assert!(jit.stats().returns_predicted > 0, "{:?}", jit.stats());
}

/// `c` returns straight to `main` past `a` and `b` (as longjmp does), so the predicted
/// return address is wrong; the guest must still continue where X30 points.
#[test]
fn a_return_elsewhere_than_predicted_goes_to_the_real_target() {
    use a64::*;
    install();
    let code = map(0, 4096);
    put(
        code,
        &[
            movz(2, 0),
            bl(6), // loop: a
            add(2, 2, 1),
            cmp(2, 100),
            b_ne(-3),
            SVC,
            NOP,
            mov(20, 30), // a
            bl(3),       // b
            movz(3, 1),  // never reached
            RET,
            bl(2),      // b: c
            movz(4, 1), // never reached
            mov(30, 20), // c
            RET,
        ],
    );
    let (_cache, mut interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let (exit, cpu) = run_both(code, &mut jit, &mut interp);
    assert_eq!(exit, Exit::Syscall);
    assert_eq!((cpu.x[2], cpu.x[3], cpu.x[4]), (100, 0, 0));
    assert!(jit.stats().returns_mispredicted > 0, "{:?}", jit.stats());
}

/// Three functions calling each other 300 deep (twice: the first time, blocks compiled
/// on the way leave compiled code, which drops predictions), each adding its own amount
/// after its call returns: deeper than the prediction frames go, so the outer returns find none
/// (or, were the oldest frames kept, frames of another function: 64 is not a multiple
/// of 3) and must take the lookup path.
#[test]
fn recursion_deeper_than_the_prediction_frames_returns_correctly() {
    use a64::*;
    install();
    let code = map(0, 4096);
    let mut words = vec![movz(0, 300), movz(1, 0), bl(4), movz(0, 300), bl(2), SVC];
    for (k, amount) in [1, 10, 100].into_iter().enumerate() {
        // Each function is 7 instructions, its call the fourth; the last calls the first.
        let next = if k == 2 { -17 } else { 4 };
        words.extend([cbz(0, 6), PUSH_X30, sub(0, 0, 1), bl(next), POP_X30, add(1, 1, amount), RET]);
    }
    put(code, &words);
    let (_cache, mut interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let (exit, cpu) = run_both(code, &mut jit, &mut interp);
    assert_eq!(exit, Exit::Syscall);
    assert_eq!(cpu.x[1], 2 * 100 * 111);
    let stats = jit.stats();
    assert!(stats.returns_predicted > 0 && stats.returns_mispredicted > 0, "{stats:?}");
}

/// Compiled code keeps the guest's stack pointer in a host register across linked
/// blocks and writes it back whenever it leaves: after a fault two blocks later, and
/// after a system call, the state holds the value the guest gave it.
#[test]
fn the_stack_pointer_kept_in_a_register_is_exact_at_faults_and_exits() {
    use a64::*;
    install();
    let code = map(0, 4096);
    put(
        code,
        &[
            sub(31, 31, 48),
            str(0, 31, 2),
            b(2),
            NOP,
            add(31, 31, 16), // a second block
            ldr(3, 31, 0),
            cbz(4, 3),
            ldr(5, 4, 0), // x4 = an unmapped address: faults
            SVC,
            SVC,
        ],
    );
    let (_cache, mut interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let stack = map(0, 64 << 10);
    let top = stack.as_ptr() as u64 + stack.len() as u64;
    for (x4, want_exit) in [
        (8u64, Exit::MemoryFault { fault: Fault { addr: 8, kind: FaultKind::Segv }, write: false }),
        (0, Exit::Syscall),
    ] {
        let mut cpu = CpuState { pc: code.as_ptr() as u64, ..CpuState::default() };
        cpu.x[31] = top;
        cpu.x[0] = 0x1234;
        cpu.x[4] = x4;
        let mut want = cpu.clone();
        assert_eq!(interp.run(&mut want), want_exit);
        assert_eq!(jit.run(&mut cpu), want_exit);
        assert_eq!(cpu, want, "the JIT and the interpreter disagree");
        assert_eq!((cpu.x[31], cpu.x[3]), (top - 32, 0x1234));
    }
    assert!(jit.stats().links_patched > 0, "the two blocks were not linked");
}

/// `main` calls `f` twice; the first return links the caller's landing pad to the
/// translation of the code after the call. The second time `f` stops (a system call)
/// inside the predicted call, and the code after the call is rewritten and invalidated.
/// The return must run the new code: a prediction surviving the drop would return
/// through the old landing pad (to the old translation) or into whatever now occupies
/// its bytes.
#[test]
fn a_return_after_invalidation_uses_no_stale_prediction() {
    use a64::*;
    install();
    let code = map(0, 4096);
    put(
        code,
        &[
            movz(2, 0),
            movz(6, 0),
            bl(5), // loop: f
            movz(2, 1),
            cmp(6, 2),
            b_ne(-3),
            SVC,
            add(6, 6, 1), // f
            cmp(6, 2),
            b_ne(2),
            SVC, // on the second call
            RET,
        ],
    );
    let (cache, _interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
    let start = code.as_ptr() as u64;
    for round in 2..5 {
        let mut cpu = CpuState { pc: start, ..CpuState::default() };
        assert_eq!(jit.run(&mut cpu), Exit::Syscall);
        assert_eq!(cpu.pc, start + 44, "stopped in the callee");
        put(&mut code[12..], &[movz(2, round)]);
        // Only the rewritten instruction: the caller's block, with its landing pad,
        // stays compiled, and the pad's linked jump must not reach the old translation.
        code_rewritten(&cache, &jit, start + 12, start + 16);
        assert_eq!(jit.run(&mut cpu), Exit::Syscall);
        assert_eq!((cpu.pc, cpu.x[2]), (start + 28, round as u64), "stale code ran");
    }
    let stats = jit.stats();
    assert_eq!(stats.flushes, 0, "{stats:?}");
    assert!(stats.blocks_dropped >= 3, "{stats:?}");
}

/// Vacant lookup-table entries hold guest address u64::MAX; a branch (or a return with
/// no predicted call outstanding) to exactly that address must still reach the
/// dispatcher (and its PC alignment trap).
#[test]
fn a_branch_to_the_vacant_entries_guest_address_is_not_a_hit() {
    use a64::*;
    install();
    for branch in [ret(1), br(1)] {
        let code = map(0, 4096);
        put(code, &[a64::MOVN_X1_0, branch]);
        let (_cache, mut interp, mut jit) = executors(Arc::new(crossrun_a64::A64Frontend), true);
        let (exit, cpu) = run_both(code, &mut jit, &mut interp);
        assert_eq!(exit, Exit::Trap(crossrun_ir::TrapKind::PcAlignment));
        assert_eq!(cpu.pc, u64::MAX);
    }
}

/// Lanes of vector registers: a read gives the lane zero-extended, a write changes that
/// lane alone, and a write that a read of the whole register (or of the lane) sees is
/// not dropped as overwritten.
#[test]
fn vector_lanes_match_the_interpreter() {
    install();
    let frontend = Arc::new(Fixed::default());
    let insts = vec![
        inst(Op::GuestPc(0x3000), Ty::Void),
        inst(Op::GetReg(Reg::VLane(1, 3, Width::W32)), Ty::V128),
        inst(Op::GetReg(Reg::VLane(2, 1, Width::W32)), Ty::V128),
        // v3: V(3) = V(1)'s lane 3 (zero-extended).
        inst(Op::SetReg(Reg::V(3), Value(1)), Ty::Void),
        // A lane write that a whole-register read sees, then the lane rewritten.
        inst(Op::SetReg(Reg::VLane(5, 0, Width::W32), Value(2)), Ty::Void),
        inst(Op::GetReg(Reg::V(5)), Ty::V128),
        inst(Op::SetReg(Reg::V(6), Value(5)), Ty::Void),
        inst(Op::SetReg(Reg::VLane(5, 0, Width::W32), Value(1)), Ty::Void),
        // A whole-register write, then a lane of it.
        inst(Op::SetReg(Reg::V(7), Value(2)), Ty::Void),
        inst(Op::SetReg(Reg::VLane(7, 2, Width::W32), Value(1)), Ty::Void),
        // A lane write, then the register's other lane read.
        inst(Op::SetReg(Reg::VLane(8, 1, Width::W32), Value(2)), Ty::Void),
        inst(Op::GetReg(Reg::VLane(8, 1, Width::W32)), Ty::V128),
        inst(Op::SetReg(Reg::V(9), Value(11)), Ty::Void),
    ];
    let b = block(0x3000, insts, Terminator::Jump { target: 0, kind: BranchKind::Plain });
    crossrun_ir::verify(&b).unwrap();
    frontend.0.lock().unwrap().insert(0x3000, b);
    let (_cache, mut interp, mut jit) = executors(frontend, false);
    let mut cpu = CpuState { pc: 0x3000, ..CpuState::default() };
    for (n, v) in cpu.v.iter_mut().enumerate() {
        *v = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210u128.rotate_left(8 * n as u32) ^ n as u128;
    }
    let mut want = cpu.clone();
    let mut got = cpu.clone();
    assert_eq!(interp.step(&mut want), None);
    assert_eq!(jit.step(&mut got), None);
    assert_eq!(got, want);
    assert_eq!(want.v[3], cpu.v[1] >> 96);
    assert_eq!(want.v[6], cpu.v[5] & !0xffff_ffff | (cpu.v[2] >> 32 & 0xffff_ffff));
    assert_eq!(jit.stats().blocks_compiled, 1);
}
