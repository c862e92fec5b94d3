//! RV64I and M: computation, control transfer, loads and stores, ECALL/EBREAK, fences.
//! Expected values follow the unprivileged specification; words from
//! riscv64-linux-gnu-as, with the assembly in the comment.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{BranchKind, CpuState, Frontend, Terminator, TrapKind};
use crossrun_rv64::Rv64Frontend;
use support::{run, run_one, run_until_exit, with_x, A0, A1, A2, RA, T0};

/// a1 for most tests: negative as a doubleword and as a word, distinct bytes.
const X1: u64 = 0x8123_4567_89ab_cdef;

/// a0 after `insn` with a1 = `a1`, a2 = `a2`.
fn a0_after(insn: u32, a1: u64, a2: u64) -> u64 {
    run_one(insn, &[(A1, a1), (A2, a2)]).x[A0]
}

fn sext32(v: u32) -> u64 {
    v as i32 as i64 as u64
}

#[test]
fn register_register() {
    let y = 0x0000_0000_0000_0044u64; // shift amounts use the low 6 (words: 5) bits: 4
    let cases: [(u32, u64, u64); 15] = [
        (0x00c58533, y, X1.wrapping_add(y)),               // add a0, a1, a2
        (0x40c58533, y, X1.wrapping_sub(y)),               // sub a0, a1, a2
        (0x00c59533, y, X1 << 4),                          // sll a0, a1, a2
        (0x00c5a533, y, 1),                                // slt a0, a1, a2
        (0x00c5b533, y, 0),                                // sltu a0, a1, a2
        (0x00c5c533, y, X1 ^ y),                           // xor a0, a1, a2
        (0x00c5d533, y, X1 >> 4),                          // srl a0, a1, a2
        (0x40c5d533, y, ((X1 as i64) >> 4) as u64),        // sra a0, a1, a2
        (0x00c5e533, y, X1 | y),                           // or a0, a1, a2
        (0x00c5f533, y, X1 & y),                           // and a0, a1, a2
        (0x00c5853b, y, sext32((X1 as u32).wrapping_add(0x44))), // addw a0, a1, a2
        (0x40c5853b, y, sext32((X1 as u32).wrapping_sub(0x44))), // subw a0, a1, a2
        (0x00c5953b, y, sext32((X1 as u32) << 4)),         // sllw a0, a1, a2
        (0x00c5d53b, y, sext32((X1 as u32) >> 4)),         // srlw a0, a1, a2
        (0x40c5d53b, y, sext32(((X1 as i32) >> 4) as u32)), // sraw a0, a1, a2
    ];
    for (insn, a2, want) in cases {
        assert_eq!(a0_after(insn, X1, a2), want, "{insn:#010x}");
    }
    // A shift by 64 + 3 shifts by 3; a word shift by 32 + 3 by 3.
    assert_eq!(a0_after(0x00c59533, 1, 67), 8); // sll a0, a1, a2
    assert_eq!(a0_after(0x00c5953b, 1, 35), 8); // sllw a0, a1, a2
    // SLTU against x0's complement: unsigned.
    assert_eq!(a0_after(0x00c5b533, 1, u64::MAX), 1); // sltu a0, a1, a2
}

#[test]
fn register_immediate() {
    let cases: [(u32, u64); 13] = [
        (0xfff58513, X1.wrapping_sub(1)),          // addi a0, a1, -1
        (0xfff5a513, 1),                           // slti a0, a1, -1
        (0xfff5b513, 1),                           // sltiu a0, a1, -1 (-1 is u64::MAX)
        (0xfff5c513, !X1),                         // xori a0, a1, -1
        (0x7ff5e513, X1 | 0x7ff),                  // ori a0, a1, 0x7ff
        (0xff05f513, X1 & !15),                    // andi a0, a1, -16
        (0x03f59513, X1 << 63),                    // slli a0, a1, 63
        (0x0215d513, X1 >> 33),                    // srli a0, a1, 33
        (0x4215d513, ((X1 as i64) >> 33) as u64),  // srai a0, a1, 33
        (0x0015851b, sext32((X1 as u32) + 1)),     // addiw a0, a1, 1
        (0x01f5951b, sext32((X1 as u32) << 31)),   // slliw a0, a1, 31
        (0x0045d51b, sext32((X1 as u32) >> 4)),    // srliw a0, a1, 4
        (0x4045d51b, sext32(((X1 as i32) >> 4) as u32)), // sraiw a0, a1, 4
    ];
    for (insn, want) in cases {
        assert_eq!(a0_after(insn, X1, 0), want, "{insn:#010x}");
    }
    assert_eq!(a0_after(0xfff5b513, 0, 0), 1); // sltiu a0, a1, -1: 0 < u64::MAX
    assert_eq!(a0_after(0x0015851b, 0x7fff_ffff, 0), 0xffff_ffff_8000_0000); // addiw wraps
}

#[test]
fn upper_immediates() {
    assert_eq!(a0_after(0x80000537, 0, 0), 0xffff_ffff_8000_0000); // lui a0, 0x80000
    assert_eq!(a0_after(0x7ffff537, 0, 0), 0x7fff_f000); // lui a0, 0x7ffff
    let cpu = run(&[0x00000013, 0x80000517, 0x00001597], CpuState::default()); // nop; auipc a0, 0x80000; auipc a1, 1
    assert_eq!(cpu.x[A1].wrapping_sub(cpu.x[A0]), 4 + 0x1000 + 0x8000_0000);
}

#[test]
fn x0_is_zero_and_never_written() {
    let mut cpu = with_x(&[(A1, 5), (A2, 6)]);
    cpu.x[0] = 0;
    let out = run(&[0x00c58033, 0x00500013, 0x00058533], cpu); // add zero, a1, a2; addi zero, zero, 5; add a0, a1, zero
    assert_eq!(out.x[0], 0);
    assert_eq!(out.x[A0], 5);
}

#[test]
fn multiply_and_divide() {
    let (a, b) = (X1, 0x7654_3210_fedc_ba98u64);
    let cases: [(u32, u64, u64, u64); 9] = [
        (0x02c58533, a, b, a.wrapping_mul(b)),                                     // mul
        (0x02c59533, a, b, ((a as i64 as i128 * b as i64 as i128) >> 64) as u64),  // mulh
        (0x02c5a533, a, b, ((a as i64 as i128 * b as i128) >> 64) as u64),         // mulhsu
        (0x02c5a533, 5, u64::MAX, 4),                                              // mulhsu: 5 * (2^64 - 1)
        (0x02c5a533, u64::MAX, u64::MAX, u64::MAX),                                // mulhsu: -1 * (2^64 - 1)
        (0x02c5b533, a, b, ((a as u128 * b as u128) >> 64) as u64),                // mulhu
        (0x02c5c533, a, b, ((a as i64) / (b as i64)) as u64),                      // div
        (0x02c5e533, a, b, ((a as i64) % (b as i64)) as u64),                      // rem
        (0x02c5853b, a, b, sext32((a as u32).wrapping_mul(b as u32))),             // mulw
    ];
    for (insn, x, y, want) in cases {
        assert_eq!(a0_after(insn, x, y), want, "{insn:#010x} {x:#x} {y:#x}");
    }
}

/// Division never traps: by zero the quotient is all ones and the remainder the
/// dividend; the signed overflow MIN / -1 gives MIN remainder 0.
#[test]
fn division_edge_cases_follow_the_specification() {
    let min = i64::MIN as u64;
    let cases: [(u32, u64, u64, u64); 16] = [
        (0x02c5c533, 7, 0, u64::MAX),              // div by zero
        (0x02c5d533, 7, 0, u64::MAX),              // divu by zero
        (0x02c5e533, 7, 0, 7),                     // rem by zero
        (0x02c5f533, 7, 0, 7),                     // remu by zero
        (0x02c5c533, min, u64::MAX, min),          // div MIN / -1
        (0x02c5e533, min, u64::MAX, 0),            // rem MIN % -1
        (0x02c5d533, min, u64::MAX, 0),            // divu
        (0x02c5f533, 9, 4, 1),                     // remu
        (0x02c5c53b, 0x1_0000_0007, 0x1_0000_0000, u64::MAX), // divw by a zero word
        (0x02c5d53b, 7, 0, u64::MAX),              // divuw by zero: 2^32 - 1 sign-extended
        (0x02c5e53b, 0xffff_ffff_8000_0007, 0, 0xffff_ffff_8000_0007), // remw by zero
        (0x02c5f53b, 0x8000_0007, 0, 0xffff_ffff_8000_0007), // remuw by zero, sign-extended
        (0x02c5c53b, 0x8000_0000, 0xffff_ffff, 0xffff_ffff_8000_0000), // divw MIN / -1
        (0x02c5e53b, 0x8000_0000, 0xffff_ffff, 0), // remw MIN % -1
        (0x02c5d53b, 0xffff_fffe, 2, 0x7fff_ffff), // divuw
        (0x02c5c533, (-7i64) as u64, 2, (-3i64) as u64), // div rounds towards zero
    ];
    for (insn, x, y, want) in cases {
        assert_eq!(a0_after(insn, x, y), want, "{insn:#010x} {x:#x} {y:#x}");
    }
}

#[test]
fn loads_and_stores() {
    let mut data: Vec<u8> = (0..32u8).map(|i| 0x80 | i).collect();
    let base = data.as_mut_ptr() as u64;
    let x = |insn: u32| run_one(insn, &[(A1, base + 1), (A2, 0x1122_3344_5566_7788)]).x[A0];
    assert_eq!(x(0xfff58503), 0xffff_ffff_ffff_ff80); // lb a0, -1(a1)
    assert_eq!(x(0x00259503), 0xffff_ffff_ffff_8483); // lh a0, 2(a1) (misaligned)
    assert_eq!(x(0x0045a503), 0xffff_ffff_8887_8685); // lw a0, 4(a1)
    assert_eq!(x(0x0085b503), 0x908f_8e8d_8c8b_8a89); // ld a0, 8(a1)
    assert_eq!(x(0x0005c503), 0x81); // lbu a0, 0(a1)
    assert_eq!(x(0x0025d503), 0x8483); // lhu a0, 2(a1)
    assert_eq!(x(0x0045e503), 0x8887_8685); // lwu a0, 4(a1)
    for insn in [0x00c580a3, 0x00c591a3, 0x00c5a2a3, 0x00c5b4a3] {
        // sb a2, 1(a1); sh a2, 3(a1); sw a2, 5(a1); sd a2, 9(a1)
        run_one(insn, &[(A1, base + 1), (A2, 0x1122_3344_5566_7788)]);
    }
    assert_eq!(&data[2..4], &[0x88, 0x83]);
    assert_eq!(&data[4..6], &[0x88, 0x77]);
    assert_eq!(&data[6..10], &[0x88, 0x77, 0x66, 0x55]);
    assert_eq!(&data[10..18], &0x1122_3344_5566_7788u64.to_le_bytes());
    assert_eq!(data[18], 0x92);
}

/// A load into x0 still reads memory: from an unmapped address it faults.
#[test]
fn a_load_into_x0_still_faults() {
    let mut cpu = with_x(&[(A1, 8)]);
    let (exit, state) = run_until_exit(&[0x0005a003], &mut cpu); // lw zero, 0(a1)
    assert!(matches!(exit, Exit::MemoryFault { write: false, .. }), "{exit:?}");
    assert_eq!(state.pc, 0);
}

#[test]
fn branches_go_where_the_condition_says() {
    // B a1, a2, .+12; addi a0, a0, 1 (twice); addi a0, a0, 1 (the target)
    let inc = 0x00150513;
    let taken = |insn: u32, a1: u64, a2: u64| {
        let out = run(&[insn, inc, inc, inc], with_x(&[(A1, a1), (A2, a2)]));
        match out.x[A0] {
            1 => true,
            3 => false,
            n => panic!("{insn:#x}: a0 = {n}"),
        }
    };
    let neg = (-5i64) as u64;
    assert!(taken(0x00c58663, 3, 3)); // beq
    assert!(!taken(0x00c58663, 3, 4));
    assert!(taken(0x00c59663, 3, 4)); // bne
    assert!(taken(0x00c5c663, neg, 3)); // blt: signed
    assert!(!taken(0x00c5c663, 3, neg));
    assert!(taken(0x00c5d663, 3, 3)); // bge
    assert!(taken(0x00c5d663, 3, neg));
    assert!(!taken(0x00c5e663, neg, 3)); // bltu: unsigned
    assert!(taken(0x00c5e663, 3, neg));
    assert!(taken(0x00c5f663, neg, 3)); // bgeu
}

#[test]
fn jumps_link_the_next_instruction() {
    // jal ra, .+8; addi a0, a0, 1; (target) addi a0, a0, 1
    let mut cpu = CpuState::default();
    let (exit, base) = support::run_placed(&[0x008000ef, 0x00150513, 0x00150513], &mut cpu, |_, _| {});
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn: 0 }));
    assert_eq!((cpu.x[A0], cpu.x[RA]), (1, base + 4));
}

/// jalr t0, 0(t0) with t0 = the third instruction's address plus one: bit 0 of the
/// target is cleared, and t0 gets the link after the jump read it.
#[test]
fn jalr_clears_bit_0_and_reads_rs1_before_writing_rd() {
    let inc = 0x00150513;
    let mut cpu = CpuState::default();
    let (exit, base) = support::run_placed(&[0x000282e7, inc, inc], &mut cpu, |cpu, base| cpu.x[T0] = base + 9);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn: 0 }));
    assert_eq!(cpu.x[A0], 1, "jumped to the third instruction");
    assert_eq!(cpu.x[T0], base + 4);
    // jalr ra, 3(a1): a1 + 3 = the third instruction.
    let mut cpu = CpuState::default();
    let (_, base) = support::run_placed(&[0x003580e7, inc, inc], &mut cpu, |cpu, base| cpu.x[A1] = base + 5);
    assert_eq!((cpu.x[A0], cpu.x[RA]), (1, base + 4));
}

/// The return-address-stack hints: a jump linking into ra or t0 is a call, a JALR
/// from ra or t0 that does not link is a return.
#[test]
fn calls_and_returns_are_marked_for_prediction() {
    crossrun_memory::install_fault_handler(None);
    let kind = |insn: u32| {
        let mem = support::bytes(&[insn]);
        let pc = mem.as_ptr() as u64;
        match Rv64Frontend.translate(pc).term {
            Terminator::Jump { kind, .. } | Terminator::Indirect { kind, .. } => (kind, pc),
            other => panic!("{other:?}"),
        }
    };
    let (k, pc) = kind(0x008000ef); // jal ra, .+8
    assert_eq!(k, BranchKind::Call { return_pc: pc + 4 });
    assert_eq!(kind(0xffdff06f).0, BranchKind::Plain); // jal zero, .-4
    assert_eq!(kind(0x00008067).0, BranchKind::Return); // jalr zero, 0(ra)
    let (k, pc) = kind(0x000282e7); // jalr t0, 0(t0)
    assert_eq!(k, BranchKind::Call { return_pc: pc + 4 });
    assert_eq!(kind(0x003580e7).0, BranchKind::Call { return_pc: kind(0x003580e7).1 + 4 }); // jalr ra, 3(a1)
    let (k, pc) = kind(0x9582); // c.jalr a1
    assert_eq!(k, BranchKind::Call { return_pc: pc + 2 });
    assert_eq!(kind(0x8082).0, BranchKind::Return); // c.jr ra
}

#[test]
fn ecall_is_a_system_call_after_which_execution_resumes() {
    let mut cpu = CpuState::default();
    let (exit, state) = run_until_exit(&[0x00000013, 0x00000073], &mut cpu); // nop; ecall
    assert_eq!(exit, Exit::Syscall);
    assert_eq!(state.pc, 8);
}

#[test]
fn ebreak_traps_at_itself() {
    for code in [[0x00000013, 0x00100073], [0x00000013, 0x9002]] {
        // nop; ebreak / c.ebreak
        let mut cpu = CpuState::default();
        let (exit, state) = run_until_exit(&code, &mut cpu);
        assert_eq!(exit, Exit::Trap(TrapKind::Breakpoint { imm: 0 }));
        assert_eq!(state.pc, 4);
    }
}

/// Fences change no register; FENCE.I ends the block so the code after it is
/// translated again.
#[test]
fn fences() {
    let inc = 0x00150513;
    let out = run(&[0x0330000f, inc, 0x8330000f, inc, 0x0100000f, inc, 0x0000100f, inc], CpuState::default());
    assert_eq!(out.x[A0], 4); // fence rw,rw; fence.tso; pause; fence.i
    crossrun_memory::install_fault_handler(None);
    let mem = support::bytes(&[inc, 0x0000100f, inc]);
    let pc = mem.as_ptr() as u64;
    let block = Rv64Frontend.translate(pc);
    assert_eq!((block.guest_insns, block.term), (2, Terminator::Jump { target: pc + 8, kind: BranchKind::Plain }));
}
