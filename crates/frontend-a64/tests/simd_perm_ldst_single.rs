//! AdvSIMD load/store single structure: LD1-LD4 and ST1-ST4 to and from one lane, and
//! LD1R-LD4R, no offset and post-index.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

/// A vector whose byte i is `start + i`.
fn bytes(start: u8) -> u128 {
    u128::from_le_bytes(std::array::from_fn(|i| start.wrapping_add(i as u8)))
}

/// `vec` with `new` written over its bytes from `at` on.
fn with(vec: u128, at: usize, new: &[u8]) -> u128 {
    let mut b = vec.to_le_bytes();
    b[at..at + new.len()].copy_from_slice(new);
    u128::from_le_bytes(b)
}

/// Runs `insn` with X1 and SP pointing at `mem`, Vn = bytes(0x10 * n) and then `setup`
/// applied.
fn run(insn: u32, mem: &mut [u8], setup: impl FnOnce(&mut CpuState)) -> CpuState {
    let mut cpu = CpuState::default();
    for (n, v) in cpu.v.iter_mut().enumerate() {
        *v = bytes((n as u8).wrapping_mul(0x10));
    }
    cpu.x[1] = mem.as_mut_ptr() as u64;
    cpu.x[31] = mem.as_mut_ptr() as u64;
    setup(&mut cpu);
    std::hint::black_box(support::run(&[insn], cpu))
}

/// Memory holding 0xa0, 0xa1, ...
fn source() -> Vec<u8> {
    (0..64).map(|i| 0xa0 + i as u8).collect()
}

#[test]
fn load_one_lane() {
    let mut mem = source();
    let base = mem.as_ptr() as u64;
    // ld1 {v0.s}[3], [x1]
    let cpu = run(0x4d409020, &mut mem, |_| {});
    assert_eq!(cpu.v[0], with(bytes(0), 12, &[0xa0, 0xa1, 0xa2, 0xa3]));
    assert_eq!(cpu.v[1], bytes(0x10));
    assert_eq!(cpu.x[1], base);
    // ld1 {v0.b}[9], [x1], #1
    let cpu = run(0x4ddf0420, &mut mem, |_| {});
    assert_eq!(cpu.v[0], with(bytes(0), 9, &[0xa0]));
    assert_eq!(cpu.x[1], base + 1);
    // ld2 {v1.h, v2.h}[5], [x1], #4
    let cpu = run(0x4dff4821, &mut mem, |_| {});
    assert_eq!(cpu.v[1], with(bytes(0x10), 10, &[0xa0, 0xa1]));
    assert_eq!(cpu.v[2], with(bytes(0x20), 10, &[0xa2, 0xa3]));
    assert_eq!(cpu.x[1], base + 4);
    // ld3 {v30.d, v31.d, v0.d}[1], [x1], x2: the list wraps to V0.
    let cpu = run(0x4dc2a43e, &mut mem, |c| c.x[2] = 7);
    assert_eq!(cpu.v[30], with(bytes(0xe0), 8, &[0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7]));
    assert_eq!(cpu.v[31], with(bytes(0xf0), 8, &[0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf]));
    assert_eq!(cpu.v[0], with(bytes(0x00), 8, &[0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7]));
    assert_eq!(cpu.x[1], base + 7);
    // ld4 {v0.b-v3.b}[15], [x1]
    let cpu = run(0x4d603c20, &mut mem, |_| {});
    for t in 0..4 {
        assert_eq!(cpu.v[t], with(bytes(0x10 * t as u8), 15, &[0xa0 + t as u8]), "v{t}");
    }
    // ld1 {v0.d}[0], [sp]: a lane load keeps the rest of the register, even for Q=0.
    let cpu = run(0x0d4087e0, &mut mem, |c| c.x[1] = 0);
    assert_eq!(cpu.v[0], with(bytes(0), 0, &[0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7]));
    // ld3 {v4.s-v6.s}[1], [x1]
    let cpu = run(0x0d40b024, &mut mem, |_| {});
    assert_eq!(cpu.v[4], with(bytes(0x40), 4, &[0xa0, 0xa1, 0xa2, 0xa3]));
    assert_eq!(cpu.v[5], with(bytes(0x50), 4, &[0xa4, 0xa5, 0xa6, 0xa7]));
    assert_eq!(cpu.v[6], with(bytes(0x60), 4, &[0xa8, 0xa9, 0xaa, 0xab]));
}

/// Runs a store into 32 bytes of 0xee; returns the memory and the final state.
fn store(insn: u32, setup: impl FnOnce(&mut CpuState)) -> (Vec<u8>, CpuState, u64) {
    let mut mem = vec![0xeeu8; 32];
    let base = mem.as_ptr() as u64;
    let cpu = run(insn, &mut mem, setup);
    (mem, cpu, base)
}

fn padded(prefix: &[u8]) -> Vec<u8> {
    let mut v = prefix.to_vec();
    v.resize(32, 0xee);
    v
}

#[test]
fn store_one_lane() {
    // st3 {v0.d-v2.d}[1], [x1], x5
    let (mem, cpu, base) = store(0x4d85a420, |c| c.x[5] = 0x30);
    let want: Vec<u8> = (0x08..0x10).chain(0x18..0x20).chain(0x28..0x30).collect();
    assert_eq!(mem, padded(&want));
    assert_eq!(cpu.x[1], base + 0x30);
    // st1 {v0.b}[0], [x1]
    let (mem, _, _) = store(0x0d000020, |_| {});
    assert_eq!(mem, padded(&[0x00]));
    // st4 {v0.s-v3.s}[2], [sp], #16
    let (mem, cpu, base) = store(0x4dbfa3e0, |c| c.x[1] = 0);
    let want = [8, 9, 10, 11, 0x18, 0x19, 0x1a, 0x1b, 0x28, 0x29, 0x2a, 0x2b, 0x38, 0x39, 0x3a, 0x3b];
    assert_eq!(mem, padded(&want));
    assert_eq!(cpu.x[31], base + 16);
    // st2 {v0.h, v1.h}[7], [x1]
    let (mem, _, _) = store(0x4d205820, |_| {});
    assert_eq!(mem, padded(&[0x0e, 0x0f, 0x1e, 0x1f]));
    // st3 {v0.b-v2.b}[10], [x1], #3
    let (mem, cpu, base) = store(0x4d9f2820, |_| {});
    assert_eq!(mem, padded(&[0x0a, 0x1a, 0x2a]));
    assert_eq!(cpu.x[1], base + 3);
    // st1 {v0.h}[3], [x1]
    let (mem, _, _) = store(0x0d005820, |_| {});
    assert_eq!(mem, padded(&[0x06, 0x07]));
    // st4 {v0.h-v3.h}[1], [x1]
    let (mem, _, _) = store(0x0d206820, |_| {});
    assert_eq!(mem, padded(&[0x02, 0x03, 0x12, 0x13, 0x22, 0x23, 0x32, 0x33]));
}

#[test]
fn load_and_replicate() {
    let mut mem = source();
    let base = mem.as_ptr() as u64;
    let d0 = u64::from_le_bytes([0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7]) as u128;
    // ld1r {v0.8b}, [x1]
    let cpu = run(0x0d40c020, &mut mem, |_| {});
    assert_eq!(cpu.v[0], 0xa0a0a0a0_a0a0a0a0);
    // ld4r {v0.2d-v3.2d}, [x1], #32
    let cpu = run(0x4dffec20, &mut mem, |_| {});
    for t in 0..4 {
        let d = u64::from_le_bytes(std::array::from_fn(|i| 0xa0 + (8 * t + i) as u8)) as u128;
        assert_eq!(cpu.v[t], d << 64 | d, "v{t}");
    }
    assert_eq!(cpu.x[1], base + 32);
    // ld2r {v0.4h, v1.4h}, [x1]
    let cpu = run(0x0d60c420, &mut mem, |_| {});
    assert_eq!(cpu.v[0], 0xa1a0_a1a0_a1a0_a1a0);
    assert_eq!(cpu.v[1], 0xa3a2_a3a2_a3a2_a3a2);
    // ld3r {v0.16b-v2.16b}, [x1], x3
    let cpu = run(0x4dc3e020, &mut mem, |c| c.x[3] = u64::MAX);
    assert_eq!([cpu.v[0], cpu.v[1], cpu.v[2]], [0xa0, 0xa1, 0xa2].map(|b| u128::from_le_bytes([b; 16])));
    assert_eq!(cpu.x[1], base - 1);
    // ld1r {v0.1d}, [x1]
    let cpu = run(0x0d40cc20, &mut mem, |_| {});
    assert_eq!(cpu.v[0], d0);
    // ld1r {v7.4s}, [sp], #4
    let cpu = run(0x4ddfcbe7, &mut mem, |_| {});
    assert_eq!(cpu.v[7], 0xa3a2a1a0_a3a2a1a0_a3a2a1a0_a3a2a1a0);
    assert_eq!(cpu.x[31], base + 4);
}

#[test]
fn faulting_access_leaves_registers_unchanged() {
    // ld4r {v0.2d-v3.2d}, [x1], #32 from an unmapped address.
    let mut cpu = CpuState::default();
    cpu.x[1] = 0x10;
    let insn = 0x4dffec20;
    let (exit, after) = support::run_until_exit(&[insn], &mut cpu);
    assert!(matches!(exit, Exit::MemoryFault { write: false, .. }), "{exit:?}");
    assert_eq!(after.x[1], 0x10);
    // st3 {v0.d-v2.d}[1], [x1], x5 to an unmapped address: no write-back.
    let mut cpu = CpuState::default();
    cpu.x[1] = 0x10;
    cpu.x[5] = 8;
    let insn = 0x4d85a420;
    let (exit, after) = support::run_until_exit(&[insn], &mut cpu);
    assert!(matches!(exit, Exit::MemoryFault { write: true, .. }), "{exit:?}");
    assert_eq!(after.x[1], 0x10);
}

#[test]
fn reserved_encodings_are_undefined() {
    for insn in [
        0x0d404420u32, // ld1 {v0.h}[i] with size<0> set
        0x0d408820,    // S lane with size = 10
        0x0d408c20,    // S/D lane with size = 11
        0x0d409420,    // D lane with S set
        0x0d00c020,    // replicate with L = 0 (no ST1R)
        0x0d80c020,    // replicate with L = 0, post-index
        0x0d40d020,    // replicate with S set
        0x0d418020,    // no-offset form with Rm != 0
    ] {
        let mut cpu = CpuState::default();
        let (exit, _) = support::run_until_exit(&[insn], &mut cpu);
        assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    }
}
