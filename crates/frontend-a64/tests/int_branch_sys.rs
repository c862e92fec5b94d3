//! Branches, exception generation, hints, barriers, system instructions and system
//! register moves.

mod support;

use crossrun_a64::A64Frontend;
use crossrun_exec::Exit;
use crossrun_ir::{Block, BranchKind, CpuState, FenceKind, Frontend, Op, Terminator, TrapKind};

/// mov x9, #0x1: marks that a branch fell through.
const MARK: u32 = 0xd2800029;
const NOP: u32 = 0xd503201f;

fn cpu_with(x: &[(usize, u64)], nzcv: u32) -> CpuState {
    let mut cpu = CpuState { nzcv, ..CpuState::default() };
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    cpu
}

/// Whether `branch` (at index 0, targeting .+8) is taken in state `cpu`.
fn taken(branch: u32, cpu: CpuState) -> bool {
    support::run(&[branch, MARK, NOP], cpu).x[9] == 0
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, state) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    assert_eq!(state.pc, 0, "{insn:#010x}");
}

/// The block translated from the start of `code`.
fn block_of(code: &[u32]) -> Block {
    crossrun_memory::install_fault_handler(None);
    let mut words = code.to_vec();
    words.push(0);
    A64Frontend.translate(words.as_ptr() as u64)
}

#[test]
fn unconditional_immediate() {
    assert!(taken(0x14000002, CpuState::default())); // b .+8
    let code = [
        0x10000000, // adr x0, .
        0x94000002, // bl .+8
        MARK,
        NOP,
    ];
    let cpu = support::run(&code, CpuState::default());
    assert_eq!((cpu.x[9], cpu.x[30]), (0, cpu.x[0] + 8));
    // Backwards: b .+12; mov x9, #1; b .+8; b .-8.
    let cpu = support::run(&[0x14000003, MARK, 0x14000002, 0x17fffffe], CpuState::default());
    assert_eq!((cpu.x[9], cpu.pc), (1, 16));
}

#[test]
fn bl_is_a_call() {
    let block = block_of(&[0x94000002]); // bl .+8
    let pc = block.start_pc;
    assert_eq!(block.term, Terminator::Jump { target: pc + 8, kind: BranchKind::Call { return_pc: pc + 4 } });
}

/// ConditionHolds() of the Arm ARM, for the packed NZCV.
fn condition_holds(cond: u32, nzcv: u32) -> bool {
    let (n, z, c, v) = (nzcv >> 31 & 1 == 1, nzcv >> 30 & 1 == 1, nzcv >> 29 & 1 == 1, nzcv >> 28 & 1 == 1);
    let result = match cond >> 1 {
        0 => z,
        1 => c,
        2 => n,
        3 => v,
        4 => c && !z,
        5 => n == v,
        6 => n == v && !z,
        _ => true,
    };
    if cond & 1 == 1 && cond != 0b1111 {
        !result
    } else {
        result
    }
}

#[test]
fn conditional_branch_every_condition_and_flags() {
    for cond in 0..16 {
        for flags in 0..16u32 {
            let nzcv = flags << 28;
            // b.<cond> .+8
            let insn = 0x54000040 | cond;
            assert_eq!(taken(insn, cpu_with(&[], nzcv)), condition_holds(cond, nzcv), "cond {cond:#x} nzcv {nzcv:#x}");
        }
    }
    // b.gt .-0x100000: the most negative offset.
    let block = block_of(&[0x5480000c]);
    match block.term {
        Terminator::Branch { taken, fallthrough, .. } => {
            assert_eq!((taken, fallthrough), (block.start_pc - 0x10_0000, block.start_pc + 4));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn compare_and_test_branches() {
    let w_zero = cpu_with(&[(1, 1 << 32)], 0);
    assert!(taken(0x34000041, w_zero.clone())); // cbz w1, .+8: only W1 counts
    assert!(taken(0xb5000041, w_zero)); // cbnz x1, .+8
    assert!(!taken(0x34000041, cpu_with(&[(1, 1)], 0)));
    assert!(!taken(0xb5000041, cpu_with(&[(1, 0)], 0)));
    assert!(taken(0xb6f80041, cpu_with(&[(1, 1 << 62)], 0))); // tbz x1, #63, .+8
    assert!(!taken(0xb6f80041, cpu_with(&[(1, 1 << 63)], 0)));
    assert!(taken(0x37000041, cpu_with(&[(1, 1)], 0))); // tbnz w1, #0, .+8
    assert!(!taken(0x37000041, cpu_with(&[(1, 2)], 0)));
    // tbz wzr, #0, .+8 and cbz xzr, .+8: register 31 is zero, not SP.
    assert!(taken(0x3600005f, cpu_with(&[(31, 1)], 0)));
    assert!(taken(0xb400005f, cpu_with(&[(31, 1)], 0)));
    // tbz w2, #5, .-0x8000: the most negative offset.
    let block = block_of(&[0x362c0002]);
    assert!(matches!(block.term, Terminator::Branch { taken, .. } if taken == block.start_pc - 0x8000));
}

#[test]
fn register_branches() {
    let code = [
        0x10000061, // adr x1, .+12
        0xd61f0020, // br x1
        MARK,
        NOP,
    ];
    assert_eq!(support::run(&code, CpuState::default()).x[9], 0);
    let code = [
        0x1000000a, // adr x10, .
        0x1000007e, // adr x30, .+12
        0xd63f03c0, // blr x30: the target is read before X30 is written
        MARK,
        NOP,
    ];
    let cpu = support::run(&code, CpuState::default());
    assert_eq!((cpu.x[9], cpu.x[30]), (0, cpu.x[10] + 12));
    let code = [
        0x1000007e, // adr x30, .+12
        0xd65f03c0, // ret
        MARK,
        NOP,
    ];
    assert_eq!(support::run(&code, CpuState::default()).x[9], 0);
    let code = [
        0x10000061, // adr x1, .+12
        0xd65f0020, // ret x1
        MARK,
        NOP,
    ];
    assert_eq!(support::run(&code, CpuState::default()).x[9], 0);
    // br xzr: register 31 is XZR, so the target is address 0.
    let block = block_of(&[0xd61f03e0]);
    match block.term {
        Terminator::Indirect { target, .. } => assert_eq!(block.insts[target.index()].op, Op::Const(0)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn register_branch_kinds() {
    let kind = |insn| match block_of(&[insn]).term {
        Terminator::Indirect { kind, .. } => kind,
        other => panic!("{other:?}"),
    };
    assert_eq!(kind(0xd61f0020), BranchKind::Plain); // br x1
    assert_eq!(kind(0xd65f03c0), BranchKind::Return); // ret
    let block = block_of(&[0xd63f0020]); // blr x1
    let call = BranchKind::Call { return_pc: block.start_pc + 4 };
    assert!(matches!(block.term, Terminator::Indirect { kind, .. } if kind == call));
}

#[test]
fn svc_and_brk() {
    let mut cpu = CpuState::default();
    // mov x9, #1; svc #0
    let (exit, state) = support::run_until_exit(&[MARK, 0xd4000001], &mut cpu);
    assert_eq!((exit, state.pc, state.x[9]), (Exit::Syscall, 8, 1));
    let (exit, state) = support::run_until_exit(&[0xd41fffe1], &mut CpuState::default()); // svc #0xffff
    assert_eq!((exit, state.pc), (Exit::Syscall, 4));
    let (exit, state) = support::run_until_exit(&[MARK, 0xd4207d00], &mut CpuState::default()); // brk #0x3e8
    assert_eq!((exit, state.pc, state.x[9]), (Exit::Trap(TrapKind::Breakpoint { imm: 0x3e8 }), 4, 1));
}

#[test]
fn hints_and_barriers_change_nothing() {
    let code = [
        NOP, 0xd503203f, // yield
        0xd503205f, // wfe
        0xd503207f, // wfi
        0xd503209f, // sev
        0xd50320bf, // sevl
        0xd503233f, // paciasp
        0xd50323bf, // autiasp
        0xd503245f, // bti c
        0xd5032fff, // hint #0x7f
        0xd5033bbf, // dmb ish
        0xd50339bf, // dmb ishld
        0xd5033abf, // dmb ishst
        0xd5033f9f, // dsb sy
        0xd503309f, // ssbb
        0xd503349f, // pssbb
        0xd5033fdf, // isb
        0xd5033f5f, // clrex
    ];
    let mut before = CpuState { nzcv: 0x6000_0000, ..CpuState::default() };
    for (i, x) in before.x.iter_mut().enumerate() {
        *x = 0x1111 * i as u64;
    }
    let after = support::run(&code, before.clone());
    assert_eq!(after.x, before.x);
    assert_eq!(after.nzcv, before.nzcv);
    assert_eq!(after.pc, 4 * code.len() as u64);
}

#[test]
fn barrier_kinds_and_isb_ends_the_block() {
    let block = block_of(&[0xd5033bbf, 0xd50339bf, 0xd5033abf, 0xd5033f9f, 0xd5033fdf, NOP]);
    let fences: Vec<_> = block
        .insts
        .iter()
        .filter_map(|i| if let Op::Fence(k) = i.op { Some(k) } else { None })
        .collect();
    assert_eq!(fences, [FenceKind::Full, FenceKind::Load, FenceKind::Store, FenceKind::Full]);
    assert_eq!(block.guest_insns, 5);
    assert_eq!(block.term, Terminator::Jump { target: block.start_pc + 20, kind: BranchKind::Plain });
}

#[test]
fn unallocated_branch_and_system_encodings() {
    for insn in [
        0xd4000002, // hvc #0
        0xd4000003, // smc #0
        0xd4400000, // hlt #0
        0xd4a00001, // dcps1
        0xd69f03e0, // eret
        0xd6bf03e0, // drps
        0xd65f0bff, // retaa
        0xd71f0822, // braa x1, x2
        0xd61f0021, // br x1 with op4 = 1
        0x54000050, // b.cond with o0 = 1 (BC.cond)
        0x55000040, // b.cond with o1 = 1
        0xd503201e, // hint with Rt = 30
        0xd5033bbe, // dmb with Rt = 30
        0xd50330ff, // sb
        0xd500401f, // cfinv
        0xd50342df, // msr daifset, #2
        0xd500407f, // msr uao, #0
        0xd508751f, // ic iallu
        0xd5087641, // dc isw, x1
        0xd50b7d21, // dc cvadp, x1
        0xd52b7420, // sysl x0, #3, c7, c4, #1
    ] {
        assert_undefined(insn);
    }
}

#[test]
fn special_purpose_registers() {
    let code = [
        0xd51b4200, // msr nzcv, x0
        0xd53b4203, // mrs x3, nzcv
        0xd51b4400, // msr fpcr, x0
        0xd53b4401, // mrs x1, fpcr
        0xd51b4420, // msr fpsr, x0
        0xd53b4422, // mrs x2, fpsr
        0xd51bd040, // msr tpidr_el0, x0
        0xd53bd044, // mrs x4, tpidr_el0
    ];
    let cpu = support::run(&code, cpu_with(&[(0, u64::MAX)], 0));
    assert_eq!((cpu.nzcv, cpu.x[3]), (0xf000_0000, 0xf000_0000));
    assert_eq!((cpu.fp_control, cpu.x[1]), (0x07ff_0000, 0x07ff_0000));
    assert_eq!((cpu.fp_status, cpu.x[2]), (0xf800_009f, 0xf800_009f));
    assert_eq!((cpu.thread_pointer, cpu.x[4]), (u64::MAX, u64::MAX));
    // msr fpcr, xzr; mrs xzr, fpcr; msr nzcv, xzr
    let mut start = cpu_with(&[(31, 0x40)], 0xf000_0000);
    start.fp_control = 0x0040_0000;
    let cpu = support::run(&[0xd51b441f, 0xd53b441f, 0xd51b421f], start);
    assert_eq!((cpu.fp_control, cpu.nzcv, cpu.x[31]), (0, 0, 0x40));
}

#[test]
fn identification_registers() {
    let code = [
        0xd53b0024, // mrs x4, ctr_el0
        0xd53b00e5, // mrs x5, dczid_el0
        0xd5380006, // mrs x6, midr_el1
        0xd53bd067, // mrs x7, tpidrro_el0
        0xd53be008, // mrs x8, cntfrq_el0
        0xd53800a9, // mrs x9, mpidr_el1
        0xd53800ca, // mrs x10, revidr_el1
    ];
    let cpu = support::run(&code, CpuState { x: [0x5a; 32], ..CpuState::default() });
    assert_eq!(cpu.x[4..=10], [0x8444_c004, 4, 0x410f_d083, 0, 1_000_000_000, 0x8000_0000, 0]);
}

#[test]
fn virtual_counter_counts_nanoseconds() {
    // mrs x2, cntvct_el0; mrs x7, cntvctss_el0
    let read = || support::run(&[0xd53be042, 0xd53be0c7], CpuState::default());
    let first = read();
    assert!(first.x[7] >= first.x[2]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = read();
    let elapsed = second.x[2] - first.x[7];
    assert!((20_000_000..2_000_000_000).contains(&elapsed), "{elapsed}");
}

#[test]
fn undefined_system_registers() {
    for insn in [
        0xd51bd060, // msr tpidrro_el0, x0
        0xd51b0020, // msr ctr_el0, x0
        0xd53be023, // mrs x3, cntpct_el0
        0xd53b4225, // mrs x5, daif
        0xd5380606, // mrs x6, id_aa64isar0_el1
        0xd51be040, // msr cntvct_el0, x0
    ] {
        assert_undefined(insn);
    }
}

#[test]
fn dc_zva_zeroes_one_aligned_block() {
    let mut buf = vec![0xffu8; 256];
    let at = buf.as_mut_ptr() as u64;
    let start = (at + 63) & !63;
    let off = (start - at) as usize;
    // dc zva, x1
    support::run_one(0xd50b7421, &[(1, start + 64 + 17)]);
    for (i, &b) in buf[off..off + 192].iter().enumerate() {
        assert_eq!(b, if (64..128).contains(&i) { 0 } else { 0xff }, "byte {i}");
    }
}

#[test]
fn cache_maintenance_is_harmless() {
    let mut word = 0x1234_5678u32;
    let addr = &mut word as *mut u32 as u64;
    let code = [
        0xd50b7a21, // dc cvac, x1
        0xd50b7b21, // dc cvau, x1
        0xd50b7c21, // dc cvap, x1
        0xd50b7e21, // dc civac, x1
        0xd50b7521, // ic ivau, x1
    ];
    let cpu = support::run(&code, cpu_with(&[(1, addr)], 0));
    assert_eq!((cpu.x[1], word), (addr, 0x1234_5678));
}

#[test]
fn self_modifying_code_after_ic_ivau() {
    let code = [
        0x10000121, // adr x1, .+36 (the patched instruction)
        0x94000008, // bl .+32
        0xb9000022, // str w2, [x1]
        0xd50b7b21, // dc cvau, x1
        0xd50b7521, // ic ivau, x1
        0xd5033b9f, // dsb ish
        0xd5033fdf, // isb
        0x94000002, // bl .+8
        0x14000004, // b .+16 (the end)
        MARK,       // mov x9, #0x1, patched to mov x9, #0x2
        0x8b09014a, // add x10, x10, x9
        0xd65f03c0, // ret
    ];
    // The first call adds 1, the second must see the patched code and add 2.
    let cpu = support::run(&code, cpu_with(&[(2, 0xd2800049)], 0));
    assert_eq!(cpu.x[10], 3);
}
