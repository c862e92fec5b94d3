//! The A extension: LR/SC pairs and the AMOs, on words and doublewords; alignment faults.

mod support;

use crossrun_exec::Exit;
use crossrun_memory::FaultKind;
use support::{run, run_until_exit, with_x, A0, A1, A2, A3};

/// Word-sized memory operand: a negative word, so sign extension shows.
const MEM_W: u32 = 0x8000_0005;
const MEM_D: u64 = 0x8123_4567_89ab_cdef;

/// (a0, memory doubleword) after `insn` with a1 = the address of a doubleword holding
/// `mem`, a3 = `a3`.
fn amo(insn: u32, mem: u64, a3: u64) -> (u64, u64) {
    let mut cell = [mem];
    let out = run(&[insn], with_x(&[(A1, cell.as_mut_ptr() as u64), (A3, a3)]));
    (out.x[A0], cell[0])
}

#[test]
fn amos_return_the_old_value_and_store_the_operation() {
    let w = u64::from(MEM_W) | 0xaaaa_aaaa_0000_0000; // upper word untouched by .w forms
    let sext = |v: u32| v as i32 as i64 as u64;
    let keep_high = |v: u32| (w & !0xffff_ffff) | u64::from(v);
    let a3 = 0xffff_ffff_0000_0007u64;
    let cases: [(u32, u64, u64, u64); 9] = [
        (0x08d5a52f, w, sext(MEM_W), keep_high(7)),                           // amoswap.w
        (0x00d5b52f, MEM_D, MEM_D, MEM_D.wrapping_add(a3)),                   // amoadd.d
        (0x26d5a52f, w, sext(MEM_W), keep_high(MEM_W ^ 7)),                   // amoxor.w.aqrl
        (0x60d5b52f, MEM_D, MEM_D, MEM_D & a3),                               // amoand.d
        (0x40d5a52f, w, sext(MEM_W), keep_high(MEM_W | 7)),                   // amoor.w
        (0x80d5a52f, w, sext(MEM_W), keep_high(MEM_W)),                       // amomin.w: signed, MEM_W < 7
        (0xa0d5b52f, MEM_D, MEM_D, (MEM_D as i64).max(a3 as i64) as u64),    // amomax.d: signed
        (0xc0d5a52f, w, sext(MEM_W), keep_high(7)),                           // amominu.w
        (0xe0d5b52f, MEM_D, MEM_D, a3.max(MEM_D)),                            // amomaxu.d
    ];
    for (insn, mem, old, new) in cases {
        assert_eq!(amo(insn, mem, a3), (old, new), "{insn:#010x}");
    }
    // rd = x0 still performs the operation: amoadd.w zero, a3, (a1).
    assert_eq!(amo(0x00d5a02f, 5, 7).1, 12);
}

#[test]
fn lr_sc_succeeds_once_after_a_reservation() {
    let mut cell = [MEM_D];
    let addr = cell.as_mut_ptr() as u64;
    // lr.d a0, (a1); sc.d a2, a3, (a1); sc.d a2, a3, (a1) again (no reservation left)
    let out = run(&[0x1005b52f, 0x18d5b62f], with_x(&[(A1, addr), (A3, 42)]));
    assert_eq!((out.x[A0], out.x[A2], cell[0]), (MEM_D, 0, 42));
    let out = run(&[0x18d5b62f], with_x(&[(A1, addr), (A3, 43), (A2, 9)]));
    assert_eq!((out.x[A2], cell[0]), (1, 42), "SC without a reservation fails and stores nothing");
    // lr.w sign-extends; sc.w stores the low word only.
    let mut cell = [u64::from(MEM_W) | 0xaaaa_aaaa_0000_0000];
    let addr = cell.as_mut_ptr() as u64;
    let out = run(&[0x1005a52f, 0x18d5a62f], with_x(&[(A1, addr), (A3, 0x1111_1111_2222_2222)]));
    assert_eq!((out.x[A0], out.x[A2], cell[0]), (MEM_W as i32 as i64 as u64, 0, 0xaaaa_aaaa_2222_2222));
}

/// An LR/SC pair fails if memory changed in between (here, by a store of this hart).
#[test]
fn sc_fails_when_memory_changed_since_lr() {
    let mut cell = [1u64];
    let addr = cell.as_mut_ptr() as u64;
    // lr.d a0, (a1); sd a3, 0(a1); sc.d a2, a3, (a1)
    let out = run(&[0x1005b52f, 0x00d5b023, 0x18d5b62f], with_x(&[(A1, addr), (A3, 2)]));
    assert_eq!((out.x[A2], cell[0]), (1, 2));
}

#[test]
fn misaligned_atomics_fault() {
    let mut cell = [0u64; 2];
    let addr = cell.as_mut_ptr() as u64 + 4;
    for insn in [0x1005b52f, 0x00d5b52f, 0x18d5b62f] {
        // lr.d, amoadd.d, sc.d at an address that is 4 mod 8
        let mut cpu = with_x(&[(A1, addr)]);
        let (exit, state) = run_until_exit(&[insn], &mut cpu);
        match exit {
            Exit::MemoryFault { fault, .. } => assert_eq!((fault.kind, fault.addr), (FaultKind::Alignment, addr), "{insn:#x}"),
            other => panic!("{insn:#x}: {other:?}"),
        }
        assert_eq!(state.pc, 0);
    }
    // A word access at that address is aligned: amoadd.w.
    let out = run(&[0x00d5a52f], with_x(&[(A1, addr), (A3, 3)]));
    assert_eq!(out.x[A0], 0);
    assert_eq!(cell[0] >> 32, 3);
}
