//! AdvSIMD integer arithmetic: reserved and unallocated encodings in the integer
//! groups must raise Undefined (SIGILL), not execute. Each word is a valid instruction
//! with the fields that make it reserved changed, per the Arm ARM's encoding tables
//! (unicorn also rejects each of them).

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

#[test]
fn reserved_encodings_are_undefined() {
    #[rustfmt::skip]
    let words: &[(u32, &str)] = &[
        (0x0ee28420, "ADD with the 1D arrangement (size 11, Q=0)"),
        (0x4ee20420, "SHADD with 64-bit elements"),
        (0x4ee29c20, "MUL with 64-bit elements"),
        (0x6e629c20, "PMUL with 16-bit elements"),
        (0x4e22b420, "SQDMULH with 8-bit elements"),
        (0x0ee2bc20, "ADDP with the 1D arrangement"),
        (0x6ea2bc20, "three same U=1 opcode 10111"),
        (0x0ee20c20, "SQADD 1D"),
        (0x0ee20020, "SADDL with 64-bit source elements"),
        (0x0e22d020, "SQDMULL with 8-bit elements"),
        (0x2e629020, "UQDMLAL does not exist (U=1 opcode 1001)"),
        (0x0e62e020, "PMULL with 16-bit elements"),
        (0x0ee24020, "ADDHN with 128-bit source elements"),
        (0x0e22f020, "three different opcode 1111"),
        (0x4ee00820, "REV64 with 64-bit elements"),
        (0x6ea00820, "REV32 with 32-bit elements"),
        (0x4e601820, "REV16 with 16-bit elements"),
        (0x4e605820, "CNT with 16-bit elements"),
        (0x6ea05820, "NOT/RBIT with size 10"),
        (0x0ee12820, "XTN from 128-bit elements"),
        (0x2ee13820, "SHLL with 64-bit source elements"),
        (0x0ee0b820, "ABS 1D"),
        (0x0ee09820, "CMEQ (zero) 1D"),
        (0x6e201820, "REV16 U=1 (unallocated)"),
        (0x6ee04820, "CLZ with 64-bit elements"),
        (0x4ee02820, "SADDLP with 64-bit source elements"),
        (0x0eb1b820, "ADDV over 2S"),
        (0x4ef0a820, "SMAXV over 64-bit elements"),
        (0x2eb03820, "UADDLV over 2S"),
        (0x0f7d0420, "SSHR 1D (immh=1xxx, Q=0)"),
        (0x0f7d8420, "SHRN from 128-bit elements (immh=1xxx)"),
        (0x0f63a420, "SSHLL of 64-bit elements (immh=1xxx)"),
        (0x4f3d4420, "shift by immediate U=0 opcode 01000 (unallocated)"),
        (0x4f000c20, "immh=0000 with o2=1 (unallocated modified immediate)"),
        (0x4f128020, "MUL (by element) with 8-bit elements"),
        (0x4fe28020, "MUL (by element) with 64-bit elements"),
        (0x4fa20020, "MLA (by element) U=0 (unallocated)"),
        (0x5ea28420, "scalar ADD on S registers"),
        (0x5e223420, "scalar CMGT on B registers"),
        (0x5f3d0420, "scalar SSHR with 32-bit elements (immh=01xx)"),
        (0x5f7d9420, "scalar SQSHRN from 128 bits (immh=1xxx)"),
        (0x5f017420, "scalar shift by immediate with immh=0000"),
        (0x5e22b420, "scalar SQDMULH on B registers"),
        (0x5ee2d020, "scalar SQDMULL from D registers"),
        (0x5eb1b820, "scalar ADDP of S elements"),
        (0x5ea0b820, "scalar ABS on S registers"),
        (0x7e60b820, "scalar NEG on H registers"),
        (0x5ee14820, "scalar SQXTN from 128 bits"),
        (0x5f12c020, "scalar SQDMULH (by element) on B"),
        (0x5f7d4420, "scalar SHL U=1 opcode 01000 is SRI, U=0 is unallocated"),
    ];
    for &(insn, what) in words {
        let mut cpu = CpuState::default();
        cpu.v[1] = 0x1234;
        let (exit, out) = support::run_until_exit(&[insn], &mut cpu);
        assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x} ({what})");
        assert_eq!(out.pc, 0, "{what}");
        assert_eq!(out.v, cpu.v, "{what}: registers changed");
    }
}
