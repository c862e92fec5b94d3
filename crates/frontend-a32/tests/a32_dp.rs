//! A32 data processing: the operations in each operand form, their flags, conditional
//! execution (both the select form and the early exit), and writes to the PC.

mod support;

use support::*;

#[test]
fn immediate_and_register_forms() {
    // mov r0, #0x3f000000 (0xfc ror 6... imm8 0x3f, rot 4); add r1, r0, #1
    let cpu = run_a32(&[0xe3a0043f, 0xe2801001], regs(&[], 0));
    assert_eq!((cpu.x[0], cpu.x[1]), (0x3f00_0000, 0x3f00_0001));
    // adds r2, r0, r1, lsl #2; subs r3, r0, r1; rsb r4, r0, #0
    let cpu = run_a32(&[0xe0902101, 0xe0503001, 0xe2604000], regs(&[(0, 5), (1, 7)], 0));
    assert_eq!((cpu.x[2], cpu.x[3], cpu.x[4]), (33, 0xffff_fffe, 0xffff_fffb));
    assert_eq!(cpu.nzcv, N, "5 - 7: negative, borrow");
}
