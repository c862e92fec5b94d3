//! What single-instruction differential tests cannot show: IT blocks (Unicorn runs IT
//! together with the next instruction), conditional instructions in their exit form,
//! interworking branches into the other instruction set, and exclusive pairs. Each case
//! runs under the interpreter and the JIT, which must agree (see `support`).

mod support;

use crossrun_a32::location;
use crossrun_exec::Exit;
use crossrun_ir::TrapKind;
use support::*;

/// ITTE EQ; ADD r0, #1; ADD r1, #1; ADD r2, #1 (the 16-bit ADDS encoding, which inside
/// an IT block does not set flags); then ADDS r2, #0 outside the block, which does.
const ITTE_EQ_ADDS: [u16; 5] = [0xbf06, 0x3001, 0x3101, 0x3201, 0x3200];

#[test]
fn an_it_block_runs_its_then_and_else_slots_by_the_condition() {
    let cpu = run_t32(&ITTE_EQ_ADDS[..4], regs(&[(0, 10), (1, 20), (2, 30)], Z | C));
    assert_eq!((cpu.x[0], cpu.x[1], cpu.x[2]), (11, 21, 30));
    assert_eq!(cpu.nzcv, Z | C, "16-bit ADDS inside an IT block leaves the flags alone");
    let cpu = run_t32(&ITTE_EQ_ADDS[..4], regs(&[(0, 10), (1, 20), (2, 30)], N));
    assert_eq!((cpu.x[0], cpu.x[1], cpu.x[2]), (10, 20, 31));
    assert_eq!(cpu.nzcv, N);
    // After the block the same encoding sets them: 30 + 0 is positive, no carry.
    let cpu = run_t32(&ITTE_EQ_ADDS, regs(&[(2, 30)], Z | C));
    assert_eq!((cpu.x[2], cpu.nzcv), (30, 0));
}

/// CMP r3, #0; IT NE; LDR r0, [r1]; ADDS r2, #0.
const IT_NE_LOAD: [u16; 4] = [0x2b00, 0xbf18, 0x6808, 0x3200];

#[test]
fn a_conditional_load_whose_condition_fails_does_not_touch_memory() {
    // r1 points nowhere mapped: only a load that runs would fault.
    let cpu = run_t32(&IT_NE_LOAD, regs(&[(0, 7), (1, 0x10), (2, 5), (3, 0)], 0));
    assert_eq!((cpu.x[0], cpu.nzcv), (7, 0));

    let mut data = Scratch::new(4096);
    data.set_word(0, 0xcafe_f00d);
    let cpu = run_t32(&IT_NE_LOAD, regs(&[(1, data.addr() as u32), (2, 5), (3, 1)], 0));
    assert_eq!(cpu.x[0], 0xcafe_f00d);
}

#[test]
fn a_fault_inside_an_it_block_reports_the_instruction_with_its_it_state() {
    let stop = exec_t32(&IT_NE_LOAD, regs(&[(1, 0x10), (3, 1)], 0));
    assert!(matches!(stop.exit, Exit::MemoryFault { write: false, .. }), "{:?}", stop.exit);
    assert_eq!(stop.offset, 4, "the LDR");
    // IT NE: firstcond 0001, mask 1000 (one instruction).
    assert_eq!((location::thumb(stop.cpu.pc), location::itstate(stop.cpu.pc)), (true, 0x18));
    // The CPSR a signal frame would record carries it (IT[1:0] in 26:25, IT[7:2] in 15:10).
    assert_eq!(crossrun_a32::cpsr(&stop.cpu) & 0x0600_fc20, (0x18 >> 2) << 10 | 1 << 5);
}

/// CMP r0, r1; ADDEQ r2, r2, #1; ADDNE r3, r3, #1; LDRNE r4, [r5]; STREQ r6, [r5].
const A32_CONDITIONAL: [u32; 5] = [0xe150_0001, 0x0282_2001, 0x1283_3001, 0x1595_4000, 0x0585_6000];

#[test]
fn a32_conditional_instructions_select_or_skip() {
    let mut data = Scratch::new(4096);
    data.set_word(0, 0x1111_1111);
    let base = regs(&[(2, 100), (3, 200), (4, 300), (5, data.addr() as u32), (6, 0xdead_beef)], 0);

    let mut equal = base.clone();
    equal.x[0] = 7;
    equal.x[1] = 7;
    let cpu = run_a32(&A32_CONDITIONAL, equal);
    assert_eq!((cpu.x[2], cpu.x[3], cpu.x[4]), (101, 200, 300));
    assert_eq!(data.word(0), 0xdead_beef, "STREQ stored");
    assert_eq!(cpu.nzcv, Z | C);

    data.set_word(0, 0x1111_1111);
    let mut differ = base;
    differ.x[0] = 1;
    differ.x[1] = 2;
    let cpu = run_a32(&A32_CONDITIONAL, differ);
    assert_eq!((cpu.x[2], cpu.x[3], cpu.x[4]), (100, 201, 0x1111_1111));
    assert_eq!(data.word(0), 0x1111_1111, "STREQ skipped");
    assert_eq!(cpu.nzcv, N);
}

#[test]
fn blx_enters_thumb_and_bx_lr_returns_to_arm() {
    // BLX to word 3 (Thumb: ADDS r0, #2; BX lr); ADD r1, r1, #1; UDF.
    let code = [0xfa00_0001, 0xe281_1001, 0xe7f0_00f0, 0x4770_3002];
    let stop = exec_a32(&code, regs(&[(0, 40), (1, 50)], 0));
    assert_eq!(stop.exit, Exit::Trap(TrapKind::Undefined { insn: 0xe7f0_00f0 }));
    assert_eq!((stop.offset, location::thumb(stop.cpu.pc)), (8, false));
    assert_eq!((stop.cpu.x[0], stop.cpu.x[1]), (42, 51));
    // LR holds the A32 return address (bit 0 clear).
    assert_eq!(stop.cpu.x[14] & 3, 0);
}

#[test]
fn a_load_to_the_pc_interworks() {
    // ADD r2, pc, #8 (word 4); ORR r2, r2, #1; STR r2, [r0]; LDR pc, [r0]; then Thumb
    // UDF #0 twice at word 4.
    let code = [0xe28f_2008, 0xe382_2001, 0xe580_2000, 0xe590_f000, 0xde00_de00];
    let data = Scratch::new(4096);
    let stop = exec_a32(&code, regs(&[(0, data.addr() as u32)], 0));
    assert_eq!(stop.exit, Exit::Trap(TrapKind::Undefined { insn: 0xde00 }));
    assert_eq!((stop.offset, location::thumb(stop.cpu.pc)), (16, true));

    // Thumb: ADR r1, word 2; STR r1, [sp, #4]; POP {r0, pc}; NOP; then A32 UDF at
    // offset 8: an even address popped into the PC continues in Arm state.
    let code = [0xa101, 0x9101, 0xbd01, 0xbf00, 0x00f0, 0xe7f0];
    let mut stack = Scratch::new(4096);
    stack.set_word(0, 0x1234);
    let stop = exec_t32(&code, regs(&[(13, stack.addr() as u32)], 0));
    assert_eq!(stop.exit, Exit::Trap(TrapKind::Undefined { insn: 0xe7f0_00f0 }));
    assert_eq!((stop.offset, location::thumb(stop.cpu.pc)), (8, false));
    assert_eq!((stop.cpu.x[0], stop.cpu.x[13]), (0x1234, stack.addr() + 8));
}

#[test]
fn exclusive_pairs_of_every_size_succeed_once() {
    // STR r11, [r0]; STR r12, [r0, #4] (both executors run the code: each starts from
    // the same memory); LDREX r1, [r0]; ADD r1, r1, #5; STREX r2, r1, [r0]; STREX r3,
    // r1, [r0] (no reservation left: fails); LDREXD r4, r5, [r0]; STREXD r6, r4, r5,
    // [r0]; LDREXH r7, [r0]; STREXH r8, r7, [r0]; LDREXB r9, [r0]; STREXB r10, r9, [r0].
    let code = [
        0xe580_b000, 0xe580_c004, 0xe190_1f9f, 0xe281_1005, 0xe180_2f91, 0xe180_3f91, 0xe1b0_4f9f, 0xe1a0_6f94,
        0xe1f0_7f9f, 0xe1e0_8f97, 0xe1d0_9f9f, 0xe1c0_af99,
    ];
    let data = Scratch::new(4096);
    let start = [(0, data.addr() as u32), (2, 9), (3, 9), (6, 9), (8, 9), (10, 9), (11, 10), (12, 20)];
    let cpu = run_a32(&code, regs(&start, 0));
    assert_eq!((cpu.x[1], cpu.x[2], cpu.x[3]), (15, 0, 1));
    assert_eq!((cpu.x[4], cpu.x[5], cpu.x[6]), (15, 20, 0));
    assert_eq!((cpu.x[7], cpu.x[8], cpu.x[9], cpu.x[10]), (15, 0, 15, 0));
    assert_eq!((data.word(0), data.word(4)), (15, 20));
}

/// VMSR FPSCR, r0; VMOV s1, r1; VMOV s2, r2; VADD.F32 s0, s1, s2; VMOV r3, s0;
/// VMRS r4, FPSCR.
const FPSCR_THEN_VADD: [u32; 6] = [0xeee1_0a10, 0xee00_1a90, 0xee01_2a10, 0xee30_0a81, 0xee10_3a10, 0xeef1_4a10];

#[test]
fn fpscr_flush_to_zero_and_default_nan_apply_to_the_next_instructions() {
    // FZ: the denormal operand is flushed to zero first (IDC), so the smallest normal
    // plus the smallest negative denormal stays the smallest normal; without FZ the sum
    // is the denormal below it.
    let fz = 1 << 24;
    let cpu = run_a32(&FPSCR_THEN_VADD, regs(&[(0, fz), (1, 0x0080_0000), (2, 0x8000_0001)], 0));
    assert_eq!(cpu.x[3], 0x0080_0000, "the denormal operand is flushed to zero");
    assert_eq!(cpu.x[4] & 0x80, 0x80, "IDC");
    let cpu = run_a32(&FPSCR_THEN_VADD, regs(&[(0, 0), (1, 0x0080_0000), (2, 0x8000_0001)], 0));
    assert_eq!((cpu.x[3], cpu.x[4] & 0x80), (0x007f_ffff, 0));
    // DN: a quiet NaN operand gives the default NaN rather than itself.
    let dn = 1 << 25;
    let cpu = run_a32(&FPSCR_THEN_VADD, regs(&[(0, dn), (1, 0x7fc1_2345), (2, 0x3f80_0000)], 0));
    assert_eq!(cpu.x[3], 0x7fc0_0000);
    let cpu = run_a32(&FPSCR_THEN_VADD, regs(&[(0, 0), (1, 0x7fc1_2345), (2, 0x3f80_0000)], 0));
    assert_eq!(cpu.x[3], 0x7fc1_2345);
}

#[test]
fn vfp_data_processing_is_undefined_while_fpscr_has_a_vector_length() {
    // Len = 1: the VADD (not the VMOVs, which are transfers) is refused; so is it with
    // Stride set alone.
    for fpscr in [1 << 16, 3 << 20] {
        let stop = exec_a32(&FPSCR_THEN_VADD, regs(&[(0, fpscr)], 0));
        assert_eq!(stop.exit, Exit::Trap(TrapKind::Undefined { insn: 0xee30_0a81 }), "FPSCR {fpscr:#x}");
        assert_eq!(stop.offset, 12);
        assert!(location::fp_vector(stop.cpu.pc));
    }
}
