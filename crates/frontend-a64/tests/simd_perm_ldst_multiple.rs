//! AdvSIMD load/store multiple structures: LD1-LD4, ST1-ST4, no offset and post-index.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

/// A vector whose byte i is `start + i`.
fn bytes(start: u8) -> u128 {
    u128::from_le_bytes(std::array::from_fn(|i| start.wrapping_add(i as u8)))
}

fn v(b: [u8; 16]) -> u128 {
    u128::from_le_bytes(b)
}

/// A 64-bit vector: these bytes in the low half, zero above.
fn low(b: [u8; 8]) -> u128 {
    u64::from_le_bytes(b) as u128
}

/// Runs `insn` with X1 (and SP) pointing at `mem`, every V register all ones and then
/// `setup` applied.
fn run(insn: u32, mem: &mut [u8], setup: impl FnOnce(&mut CpuState)) -> CpuState {
    let mut cpu = CpuState { v: [u128::MAX; 32], ..CpuState::default() };
    cpu.x[1] = mem.as_mut_ptr() as u64;
    cpu.x[31] = mem.as_mut_ptr() as u64;
    setup(&mut cpu);
    std::hint::black_box(support::run(&[insn], cpu))
}

/// 128 bytes of memory holding 0, 1, 2, ...
fn counting() -> Vec<u8> {
    (0..128).map(|i| i as u8).collect()
}

/// Register values for stores: Vn = bytes(0x10 * n), wrapping.
fn numbered(cpu: &mut CpuState) {
    for (n, v) in cpu.v.iter_mut().enumerate() {
        *v = bytes((n as u8).wrapping_mul(0x10));
    }
}

#[test]
fn ld1_registers_are_consecutive() {
    let mut mem = counting();
    let base = mem.as_ptr() as u64;
    // ld1 {v0.16b}, [x1]
    let cpu = run(0x4c407020, &mut mem, |_| {});
    assert_eq!(cpu.v[0], bytes(0));
    assert_eq!(cpu.x[1], base, "no write-back without post-index");
    // ld1 {v0.8b-v2.8b}, [x1]: 64-bit registers get their upper halves zeroed.
    let cpu = run(0x0c406020, &mut mem, |_| {});
    assert_eq!(cpu.v[0], low([0, 1, 2, 3, 4, 5, 6, 7]));
    assert_eq!(cpu.v[1], low([8, 9, 10, 11, 12, 13, 14, 15]));
    assert_eq!(cpu.v[2], low([16, 17, 18, 19, 20, 21, 22, 23]));
    assert_eq!(cpu.v[3], u128::MAX);
    // ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x1], #64: the list wraps from V31 to V0.
    let cpu = run(0x4cdf2c3e, &mut mem, |_| {});
    assert_eq!([cpu.v[30], cpu.v[31], cpu.v[0], cpu.v[1]], [bytes(0), bytes(16), bytes(32), bytes(48)]);
    assert_eq!(cpu.v[2], u128::MAX);
    assert_eq!(cpu.x[1], base + 64);
    // ld1 {v0.1d}, [x1]: the .1D arrangement is allowed for LD1.
    let cpu = run(0x0c407c20, &mut mem, |_| {});
    assert_eq!(cpu.v[0], 0x0706050403020100);
    // ld1 {v5.4h, v6.4h}, [sp], #16: Rn = 31 is SP.
    let cpu = run(0x0cdfa7e5, &mut mem, |c| c.x[1] = 0);
    assert_eq!(cpu.v[5], 0x0706050403020100);
    assert_eq!(cpu.v[6], 0x0f0e0d0c0b0a0908);
    assert_eq!(cpu.x[31], base + 16);
}

#[test]
fn ld2_ld3_ld4_deinterleave() {
    let mut mem = counting();
    let base = mem.as_ptr() as u64;
    // ld2 {v0.8h, v1.8h}, [x1], x2
    let cpu = run(0x4cc28420, &mut mem, |c| c.x[2] = 0xffff_ffff_ffff_fff0);
    assert_eq!(cpu.v[0], v([0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29]));
    assert_eq!(cpu.v[1], v([2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31]));
    assert_eq!(cpu.x[1], base - 16, "post-index by a register adds Xm");
    // ld3 {v0.4s-v2.4s}, [x1]
    let cpu = run(0x4c404820, &mut mem, |_| {});
    assert_eq!(cpu.v[0], v([0, 1, 2, 3, 12, 13, 14, 15, 24, 25, 26, 27, 36, 37, 38, 39]));
    assert_eq!(cpu.v[1], v([4, 5, 6, 7, 16, 17, 18, 19, 28, 29, 30, 31, 40, 41, 42, 43]));
    assert_eq!(cpu.v[2], v([8, 9, 10, 11, 20, 21, 22, 23, 32, 33, 34, 35, 44, 45, 46, 47]));
    // ld4 {v0.8b-v3.8b}, [x1]
    let cpu = run(0x0c400020, &mut mem, |_| {});
    assert_eq!(cpu.v[0], low([0, 4, 8, 12, 16, 20, 24, 28]));
    assert_eq!(cpu.v[1], low([1, 5, 9, 13, 17, 21, 25, 29]));
    assert_eq!(cpu.v[2], low([2, 6, 10, 14, 18, 22, 26, 30]));
    assert_eq!(cpu.v[3], low([3, 7, 11, 15, 19, 23, 27, 31]));
    // ld3 {v0.8b-v2.8b}, [x1]: 24 bytes.
    let cpu = run(0x0c404020, &mut mem, |_| {});
    assert_eq!(cpu.v[0], low([0, 3, 6, 9, 12, 15, 18, 21]));
    assert_eq!(cpu.v[1], low([1, 4, 7, 10, 13, 16, 19, 22]));
    assert_eq!(cpu.v[2], low([2, 5, 8, 11, 14, 17, 20, 23]));
    // ld4 {v0.16b-v3.16b}, [x1]: 64 bytes.
    let cpu = run(0x4c400020, &mut mem, |_| {});
    for t in 0..4 {
        assert_eq!(cpu.v[t], v(std::array::from_fn(|e| (4 * e + t) as u8)), "v{t}");
    }
    // ld2 {v0.2s, v1.2s}, [x1]
    let cpu = run(0x0c408820, &mut mem, |_| {});
    assert_eq!(cpu.v[0], low([0, 1, 2, 3, 8, 9, 10, 11]));
    assert_eq!(cpu.v[1], low([4, 5, 6, 7, 12, 13, 14, 15]));
    // ld2 {v0.2d, v1.2d}, [x1]
    let cpu = run(0x4c408c20, &mut mem, |_| {});
    assert_eq!(cpu.v[0], 0x1716151413121110_0706050403020100);
    assert_eq!(cpu.v[1], 0x1f1e1d1c1b1a1918_0f0e0d0c0b0a0908);
}

#[test]
fn st1_registers_are_consecutive() {
    // st1 {v0.8b-v2.8b}, [sp], #24
    let mut mem = vec![0xeeu8; 32];
    let base = mem.as_ptr() as u64;
    let cpu = run(0x0c9f63e0, &mut mem, numbered);
    let mut want: Vec<u8> = [0x00, 0x10, 0x20].iter().flat_map(|&s| (s..s + 8).collect::<Vec<u8>>()).collect();
    want.extend([0xee; 8]);
    assert_eq!(mem, want);
    assert_eq!(cpu.x[31], base + 24);
    // st1 {v31.16b, v0.16b}, [x1]
    let mut mem = vec![0xeeu8; 32];
    run(0x4c00a03f, &mut mem, numbered);
    let want: Vec<u8> = (0xf0..=0xff).chain(0x00..=0x0f).collect();
    assert_eq!(mem, want);
    // st1 {v0.4s}, [x1], #16
    let mut mem = vec![0xeeu8; 32];
    let base = mem.as_ptr() as u64;
    let cpu = run(0x4c9f7820, &mut mem, numbered);
    assert_eq!(&mem[..16], &(0..16).collect::<Vec<u8>>()[..]);
    assert_eq!(&mem[16..], &[0xee; 16]);
    assert_eq!(cpu.x[1], base + 16);
}

#[test]
fn st2_st3_st4_interleave() {
    // st2 {v0.8h, v1.8h}, [x1]
    let mut mem = vec![0xeeu8; 40];
    run(0x4c008420, &mut mem, numbered);
    let want: Vec<u8> = (0..8).flat_map(|e| [2 * e, 2 * e + 1, 0x10 + 2 * e, 0x11 + 2 * e]).chain([0xee; 8]).collect();
    assert_eq!(mem, want);
    // st3 {v0.4h-v2.4h}, [x1], x3
    let mut mem = vec![0xeeu8; 32];
    let base = mem.as_ptr() as u64;
    let cpu = run(0x0c834420, &mut mem, |c| {
        numbered(c);
        c.x[3] = 100;
    });
    let want = [
        0x00, 0x01, 0x10, 0x11, 0x20, 0x21, 0x02, 0x03, 0x12, 0x13, 0x22, 0x23, //
        0x04, 0x05, 0x14, 0x15, 0x24, 0x25, 0x06, 0x07, 0x16, 0x17, 0x26, 0x27, //
        0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
    ];
    assert_eq!(mem, want);
    assert_eq!(cpu.x[1], base + 100);
    // st4 {v0.16b-v3.16b}, [x1], #64
    let mut mem = vec![0xeeu8; 64];
    let base = mem.as_ptr() as u64;
    let cpu = run(0x4c9f0020, &mut mem, numbered);
    let want: Vec<u8> = (0..16).flat_map(|e| [e, 0x10 + e, 0x20 + e, 0x30 + e]).collect();
    assert_eq!(mem, want);
    assert_eq!(cpu.x[1], base + 64);
    // st3 {v0.4s-v2.4s}, [x1]
    let mut mem = vec![0xeeu8; 48];
    run(0x4c004820, &mut mem, numbered);
    let want: Vec<u8> = (0..4).flat_map(|e| (0..3).flat_map(move |t| (0..4).map(move |b| 0x10 * t + 4 * e + b))).collect();
    assert_eq!(mem, want);
    // st4 {v0.2s-v3.2s}, [x1]
    let mut mem = vec![0xeeu8; 40];
    run(0x0c000820, &mut mem, numbered);
    let want: Vec<u8> = (0..2).flat_map(|e| (0..4).flat_map(move |t| (0..4).map(move |b| 0x10 * t + 4 * e + b))).chain([0xee; 8]).collect();
    assert_eq!(mem, want);
    // st2 {v0.2d, v1.2d}, [x1]
    let mut mem = vec![0xeeu8; 32];
    run(0x4c008c20, &mut mem, numbered);
    let want: Vec<u8> = (0..8).chain(0x10..0x18).chain(8..16).chain(0x18..0x20).collect();
    assert_eq!(mem, want);
}

#[test]
fn store_then_load_round_trip() {
    // st3 {v0.8b-v2.8b}, [x1] then ld3 {v4.8b-v6.8b}, [x1]
    let mut mem = vec![0u8; 24];
    let cpu = run(0x0c004020, &mut mem, numbered);
    let cpu = run(0x0c404024, &mut mem, |c| *c = cpu);
    for t in 0..3 {
        assert_eq!(cpu.v[4 + t], cpu.v[t] & u64::MAX as u128);
    }
}

/// An address with `before` readable bytes below it and an unmapped page at it.
fn edge_of_mapping(before: u64) -> Option<u64> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    let regions: Vec<(u64, u64, bool)> = maps
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let (range, perms) = (it.next()?, it.next()?);
            let (s, e) = range.split_once('-')?;
            Some((u64::from_str_radix(s, 16).ok()?, u64::from_str_radix(e, 16).ok()?, perms.starts_with('r')))
        })
        .collect();
    regions.windows(2).find_map(|w| {
        let ((s, e, readable), (next, _, _)) = (w[0], w[1]);
        (readable && next > e && e - s >= before && e < 0x7fff_0000_0000).then_some(e)
    })
}

#[test]
fn faulting_load_leaves_registers_unchanged() {
    let edge = edge_of_mapping(16).expect("a mapping followed by a hole");
    // ld4 {v0.16b-v3.16b}, [x1], #64 where only the first 16 bytes are readable.
    let mut cpu = CpuState { v: [0x5a; 32], ..CpuState::default() };
    cpu.x[1] = edge - 16;
    let insn = 0x4cdf0020;
    let (exit, after) = support::run_until_exit(&[insn], &mut cpu);
    assert!(matches!(exit, Exit::MemoryFault { write: false, .. }), "{exit:?}");
    assert_eq!(after.v, [0x5a; 32]);
    assert_eq!(after.x[1], edge - 16);
}

#[test]
fn reserved_encodings_are_undefined() {
    for insn in [
        0x4c401820u32, // multiple structures opcode 0001 (unallocated)
        0x4c40c020,    // opcode 1100 (unallocated)
        0x4c410820,    // no-offset form with Rm != 0
        0x0c408c20,    // ld2 .1d
        0x0c404c20,    // ld3 .1d
        0x0c400c20,    // ld4 .1d
        0x0c008c20,    // st2 .1d
        0x4ce00820,    // post-index form with bit 21 set
    ] {
        let mut cpu = CpuState::default();
        let (exit, _) = support::run_until_exit(&[insn], &mut cpu);
        assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    }
}
