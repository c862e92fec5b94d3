//! Loads and stores of single registers (immediate, unscaled, pre/post-index,
//! unprivileged, register offset, literal) and of register pairs, for general and
//! SIMD&FP registers.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, TrapKind};

const X2: u64 = 0x1122_3344_5566_7788;
const V1: u128 = 0xf0e0_d0c0_b0a0_9080_7060_5040_3020_1000;

/// Guest memory for the tests: byte i holds i mod 256.
fn memory() -> Vec<u8> {
    (0..0x10000).map(|i| i as u8).collect()
}

/// The little-endian value of `n` bytes of `memory()` at `off`.
fn le(off: usize, n: usize) -> u64 {
    (0..n).map(|i| ((off + i) as u8 as u64) << (8 * i)).sum()
}

fn le128(off: usize) -> u128 {
    le(off, 8) as u128 | (le(off + 8, 8) as u128) << 64
}

/// Runs `code` on `mem`: registers in `based` hold the buffer's address plus the given
/// offset, those in `x` the given values; V0 and V2 are all ones, V1 is `V1`.
fn run_on(code: &[u32], mem: &mut [u8], based: &[(usize, u64)], x: &[(usize, u64)]) -> CpuState {
    let base = mem.as_mut_ptr() as u64;
    let mut cpu = CpuState::default();
    cpu.x[2] = X2;
    cpu.v[0] = u128::MAX;
    cpu.v[1] = V1;
    cpu.v[2] = u128::MAX;
    for &(r, off) in based {
        cpu.x[r] = base.wrapping_add(off);
    }
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    support::run(code, cpu)
}

/// X0 after a load with X1 = buffer + `off`.
fn load_x0(insn: u32, off: u64) -> u64 {
    run_on(&[insn], &mut memory(), &[(1, off)], &[]).x[0]
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, state) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    assert_eq!(state.pc, 0, "{insn:#010x}");
}

#[test]
fn loads_unsigned_offset() {
    assert_eq!(load_x0(0xf9400420, 0x100), le(0x108, 8)); // ldr x0, [x1, #8]
    assert_eq!(load_x0(0xb97ffc20, 0x100), 0xfffe_fdfc); // ldr w0, [x1, #16380]
    assert_eq!(load_x0(0x397ffc20, 0x100), 0xff); // ldrb w0, [x1, #4095]
    assert_eq!(load_x0(0x39800020, 0x80), 0xffff_ffff_ffff_ff80); // ldrsb x0, [x1]
    assert_eq!(load_x0(0x39c00020, 0x80), 0xffff_ff80); // ldrsb w0, [x1]
    assert_eq!(load_x0(0x79400420, 0x7e), 0x8180); // ldrh w0, [x1, #2]
    assert_eq!(load_x0(0x79800420, 0x7e), 0xffff_ffff_ffff_8180); // ldrsh x0, [x1, #2]
    assert_eq!(load_x0(0x79c00420, 0x7e), 0xffff_8180); // ldrsh w0, [x1, #2]
    assert_eq!(load_x0(0xb9800420, 0x7c), 0xffff_ffff_8382_8180); // ldrsw x0, [x1, #4]
    // ldr x0, [sp, #32760]: Rn 31 is SP.
    let cpu = run_on(&[0xf97fffe0], &mut memory(), &[(31, 0)], &[]);
    assert_eq!(cpu.x[0], le(0x7ff8, 8));
}

#[test]
fn stores_unsigned_offset() {
    let mut mem = memory();
    let code = [
        0xf9000422, // str x2, [x1, #8]
        0xb9000022, // str w2, [x1]
        0x39000c22, // strb w2, [x1, #3]
        0x79000c22, // strh w2, [x1, #6]
        0xf90003ff, // str xzr, [sp]
    ];
    run_on(&code, &mut mem, &[(1, 0x100), (31, 0x200)], &[]);
    assert_eq!(mem[0x100..0x108], [0x88, 0x77, 0x66, 0x88, 0x04, 0x05, 0x88, 0x77]);
    assert_eq!(mem[0x108..0x110], X2.to_le_bytes());
    assert_eq!(mem[0x200..0x209], [0, 0, 0, 0, 0, 0, 0, 0, 0x08]);
}

#[test]
fn prefetches_do_not_access_memory() {
    let code = [
        0xf9800420, // prfm pldl1keep, [x1, #8]
        0xf89ff020, // prfum pldl1keep, [x1, #-1]
        0xf8a26820, // prfm pldl1keep, [x1, x2]
        0xd8000040, // prfm pldl1keep, .+8
    ];
    let mut cpu = CpuState::default();
    cpu.x[1] = 8; // unmapped
    let after = support::run(&code, cpu.clone());
    assert_eq!(after.x, cpu.x);
}

#[test]
fn unscaled_and_unprivileged() {
    assert_eq!(load_x0(0xf85ff020, 0x101), le(0x100, 8)); // ldur x0, [x1, #-1]
    assert_eq!(load_x0(0xb8900020, 0x180), 0xffff_ffff_8382_8180); // ldursw x0, [x1, #-256]
    assert_eq!(load_x0(0xf8408820, 0x101), le(0x109, 8)); // ldtr x0, [x1, #8]
    assert_eq!(load_x0(0xb8800820, 0x80), 0xffff_ffff_8382_8180); // ldtrsw x0, [x1]
    assert_eq!(load_x0(0x78c00820, 0x80), 0xffff_8180); // ldtrsh w0, [x1]
    let mut mem = memory();
    // stur w2, [x1, #255]
    run_on(&[0xb80ff022], &mut mem, &[(1, 0)], &[]);
    // sttrb w2, [x1, #-1]
    run_on(&[0x381ff822], &mut mem, &[(1, 0xfe)], &[]);
    assert_eq!(mem[0xfc..0x104], [0xfc, 0x88, 0xfe, 0x88, 0x77, 0x66, 0x55, 0x03]);
}

#[test]
fn pre_and_post_index() {
    let mut mem = memory();
    // ldr x0, [x1, #8]!
    let cpu = run_on(&[0xf8408c20], &mut mem, &[(1, 0x100)], &[]);
    assert_eq!((cpu.x[0], cpu.x[1]), (le(0x108, 8), mem.as_ptr() as u64 + 0x108));
    // ldr x0, [x1], #-8
    let cpu = run_on(&[0xf85f8420], &mut mem, &[(1, 0x100)], &[]);
    assert_eq!((cpu.x[0], cpu.x[1]), (le(0x100, 8), mem.as_ptr() as u64 + 0xf8));
    // ldrb w0, [x1], #1
    let cpu = run_on(&[0x38401420], &mut mem, &[(1, 0x1ab)], &[]);
    assert_eq!((cpu.x[0], cpu.x[1]), (0xab, mem.as_ptr() as u64 + 0x1ac));
    // str x2, [sp, #-16]!
    let cpu = run_on(&[0xf81f0fe2], &mut mem, &[(31, 0x100)], &[]);
    assert_eq!(cpu.x[31], mem.as_ptr() as u64 + 0xf0);
    assert_eq!(mem[0xf0..0xf8], X2.to_le_bytes());
}

#[test]
fn writeback_overlapping_the_transfer_register() {
    let mut mem = memory();
    let base = mem.as_mut_ptr() as u64;
    // ldr x1, [x1], #8: the base register ends up with the written-back address.
    let cpu = run_on(&[0xf8408421], &mut mem, &[(1, 0x100)], &[]);
    assert_eq!(cpu.x[1], base + 0x108);
    // str x1, [x1], #8: stores the original base.
    let cpu = run_on(&[0xf8008421], &mut mem, &[(1, 0x100)], &[]);
    assert_eq!((cpu.x[1], &mem[0x100..0x108]), (base + 0x108, &base.wrapping_add(0x100).to_le_bytes()[..]));
    // ldp x1, x0, [x1, #16]!
    let cpu = run_on(&[0xa9c10021], &mut mem, &[(1, 0x100)], &[]);
    assert_eq!((cpu.x[0], cpu.x[1]), (le(0x118, 8), base + 0x110));
    // ldp x0, x0, [x2]: the value from the lower address.
    let cpu = run_on(&[0xa9400040], &mut memory(), &[(2, 0x100)], &[]);
    assert_eq!(cpu.x[0], le(0x100, 8));
    // ldp d0, d0, [x2]: for SIMD&FP registers, the value from the higher address.
    let cpu = run_on(&[0x6d400040], &mut memory(), &[(2, 0x100)], &[]);
    assert_eq!(cpu.v[0], le(0x108, 8) as u128);
}

#[test]
fn simd_fp_registers() {
    let mut mem = memory();
    let load_v0 = |insn: u32, off: u64| run_on(&[insn], &mut memory(), &[(1, off)], &[]).v[0];
    // Narrow loads zero the rest of the register.
    assert_eq!(load_v0(0x3d400420, 0x100), 0x01); // ldr b0, [x1, #1]
    assert_eq!(load_v0(0x7d400420, 0x100), 0x0302); // ldr h0, [x1, #2]
    assert_eq!(load_v0(0xbd400420, 0x100), 0x0706_0504); // ldr s0, [x1, #4]
    assert_eq!(load_v0(0xfd400420, 0x100), le(0x108, 8) as u128); // ldr d0, [x1, #8]
    assert_eq!(load_v0(0x3dc00420, 0x100), le128(0x110)); // ldr q0, [x1, #16]
    assert_eq!(load_v0(0x3cc01020, 0x100), le128(0x101)); // ldur q0, [x1, #1]
    let code = [
        0x3d800421, // str q1, [x1, #16]
        0xfd000021, // str d1, [x1]
        0x3d002021, // str b1, [x1, #8]
    ];
    run_on(&code, &mut mem, &[(1, 0x100)], &[]);
    assert_eq!(mem[0x100..0x108], [0, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70]);
    assert_eq!(mem[0x108..0x110], [0, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]);
    assert_eq!(mem[0x110..0x120], V1.to_le_bytes());
    // ldr q0, [x1], #16; str s1, [x3, #-4]!
    let cpu = run_on(&[0x3cc10420, 0xbc1fcc61], &mut mem, &[(1, 0x200), (3, 0x300)], &[]);
    let base = mem.as_ptr() as u64;
    assert_eq!((cpu.v[0], cpu.x[1], cpu.x[3]), (le128(0x200), base + 0x210, base + 0x2fc));
    assert_eq!(mem[0x2fc..0x300], [0x00, 0x10, 0x20, 0x30]);
}

#[test]
fn register_offset() {
    let load = |insn: u32, x2: u64| run_on(&[insn], &mut memory(), &[(1, 0x100)], &[(2, x2)]);
    assert_eq!(load(0xf8626820, 8).x[0], le(0x108, 8)); // ldr x0, [x1, x2]
    assert_eq!(load(0xf8627820, 2).x[0], le(0x110, 8)); // ldr x0, [x1, x2, lsl #3]
    assert_eq!(load(0xb8624820, 0xffff_ffff_0000_0010).x[0], le(0x110, 4)); // ldr w0, [x1, w2, uxtw]
    assert_eq!(load(0xb862d820, 0xffff_fffc).x[0], le(0xf0, 4)); // ldr w0, [x1, w2, sxtw #2]
    assert_eq!(load(0x38627820, 5).x[0], 5); // ldrb w0, [x1, x2, lsl #0]
    assert_eq!(load(0x78a2f820, (-0x40i64) as u64).x[0], 0xffff_ffff_ffff_8180); // ldrsh x0, [x1, x2, sxtx #1]
    assert_eq!(load(0x3ce27820, 1).v[0], le128(0x110)); // ldr q0, [x1, x2, lsl #4]
    assert_eq!(load(0xfc62d820, 0xffff_ffff).v[0], le(0xf8, 8) as u128); // ldr d0, [x1, w2, sxtw #3]
    // ldr x0, [x1, xzr]: Rm 31 is XZR.
    assert_eq!(load(0xf87f6820, 8).x[0], le(0x100, 8));
    let mut mem = memory();
    // strb w2, [x1, w3, sxtw]
    run_on(&[0x3823c822], &mut mem, &[(1, 0x100)], &[(3, 0xffff_ffff)]);
    assert_eq!(mem[0xfe..0x101], [0xfe, 0x88, 0x00]);
    // str x2, [sp, x3]
    run_on(&[0xf8236be2], &mut mem, &[(31, 0x200)], &[(3, 0x20)]);
    assert_eq!(mem[0x220..0x228], X2.to_le_bytes());
}

#[test]
fn literal() {
    let data = [0x8765_4321u32, 0xfedc_ba98];
    let ones = CpuState { v: [u128::MAX; 32], ..CpuState::default() };
    // insn; b .+12; the two data words
    let with_data = |insn: u32| support::run(&[insn, 0x14000003, data[0], data[1]], ones.clone());
    assert_eq!(with_data(0x18000040).x[0], 0x8765_4321); // ldr w0, .+8
    assert_eq!(with_data(0x58000040).x[0], 0xfedc_ba98_8765_4321); // ldr x0, .+8
    assert_eq!(with_data(0x98000040).x[0], 0xffff_ffff_8765_4321); // ldrsw x0, .+8
    assert_eq!(with_data(0x1c000040).v[0], 0x8765_4321); // ldr s0, .+8
    assert_eq!(with_data(0x5c000040).v[0], 0xfedc_ba98_8765_4321); // ldr d0, .+8
    // ldr x0, .-4 reads the word before it and itself.
    let cpu = support::run(&[0xd503201f, 0x58ffffe0], CpuState::default());
    assert_eq!(cpu.x[0], 0x58ff_ffe0_d503_201f);
    // ldr q0, .+8 over the branch's target words.
    let cpu = support::run(&[0x9c000040, 0x14000005, 1, 2, 3, 4], CpuState::default());
    assert_eq!(cpu.v[0], 0x0000_0004_0000_0003_0000_0002_0000_0001);
}

#[test]
fn pairs_of_general_registers() {
    let mut mem = memory();
    let base = mem.as_mut_ptr() as u64;
    let regs = [(3, 0x3333_3333_3333_3333), (4, 0x4444_4444_4444_4444)];
    let run = |code: &[u32], mem: &mut [u8], based: &[(usize, u64)]| run_on(code, mem, based, &regs);
    let cpu = run(&[0xa9410440], &mut mem, &[(2, 0x100)]); // ldp x0, x1, [x2, #16]
    assert_eq!((cpu.x[0], cpu.x[1]), (le(0x110, 8), le(0x118, 8)));
    let cpu = run(&[0x29600440], &mut mem, &[(2, 0x200)]); // ldp w0, w1, [x2, #-256]
    assert_eq!((cpu.x[0], cpu.x[1]), (le(0x100, 4), le(0x104, 4)));
    let cpu = run(&[0x69410440], &mut mem, &[(2, 0x78)]); // ldpsw x0, x1, [x2, #8]
    assert_eq!((cpu.x[0], cpu.x[1]), (0xffff_ffff_8382_8180, 0xffff_ffff_8786_8584));
    let cpu = run(&[0x68c10440], &mut mem, &[(2, 0x80)]); // ldpsw x0, x1, [x2], #8
    assert_eq!((cpu.x[0], cpu.x[2]), (0xffff_ffff_8382_8180, base + 0x88));
    let cpu = run(&[0x69c10440], &mut mem, &[(2, 0x78)]); // ldpsw x0, x1, [x2, #8]!
    assert_eq!((cpu.x[1], cpu.x[2]), (0xffff_ffff_8786_8584, base + 0x80));
    let cpu = run(&[0xa95ffbfd], &mut mem, &[(31, 0x100)]); // ldp x29, x30, [sp, #504]
    assert_eq!((cpu.x[29], cpu.x[30]), (le(0x2f8, 8), le(0x300, 8)));
    let cpu = run(&[0xa8400440], &mut mem, &[(2, 0x100)]); // ldnp x0, x1, [x2]
    assert_eq!((cpu.x[0], cpu.x[1]), (le(0x100, 8), le(0x108, 8)));
    // stp x3, x4, [sp, #-16]!; ldp x0, x1, [sp], #16
    let cpu = run(&[0xa9bf13e3, 0xa8c107e0], &mut mem, &[(31, 0x400)]);
    assert_eq!((cpu.x[0], cpu.x[1], cpu.x[31]), (0x3333_3333_3333_3333, 0x4444_4444_4444_4444, base + 0x400));
    // stp w3, w4, [x2], #8; stnp w3, w4, [x2, #4] (at the written-back x2)
    let cpu = run(&[0x28811043, 0x28009043], &mut mem, &[(2, 0x500)]);
    assert_eq!(cpu.x[2], base + 0x508);
    let pair = [0x33, 0x33, 0x33, 0x33, 0x44, 0x44, 0x44, 0x44];
    assert_eq!(mem[0x500..0x508], pair);
    assert_eq!(mem[0x508..0x50c], [0x08, 0x09, 0x0a, 0x0b]);
    assert_eq!(mem[0x50c..0x514], pair);
    // stp xzr, xzr, [x2]
    run(&[0xa9007c5f], &mut mem, &[(2, 0x600)]);
    assert_eq!((&mem[0x600..0x610], mem[0x610]), (&[0; 16][..], 0x10));
}

#[test]
fn pairs_of_simd_fp_registers() {
    let mut mem = memory();
    let base = mem.as_mut_ptr() as u64;
    let cpu = run_on(&[0x2d410440], &mut mem, &[(2, 0x100)], &[]); // ldp s0, s1, [x2, #8]
    assert_eq!((cpu.v[0], cpu.v[1]), (le(0x108, 4) as u128, le(0x10c, 4) as u128));
    let cpu = run_on(&[0x6d600440], &mut mem, &[(2, 0x300)], &[]); // ldp d0, d1, [x2, #-512]
    assert_eq!((cpu.v[0], cpu.v[1]), (le(0x100, 8) as u128, le(0x108, 8) as u128));
    let cpu = run_on(&[0xadc10440], &mut mem, &[(2, 0x100)], &[]); // ldp q0, q1, [x2, #32]!
    assert_eq!((cpu.v[0], cpu.v[1], cpu.x[2]), (le128(0x120), le128(0x130), base + 0x120));
    let cpu = run_on(&[0xac400440], &mut mem, &[(2, 0x100)], &[]); // ldnp q0, q1, [x2]
    assert_eq!((cpu.v[0], cpu.v[1]), (le128(0x100), le128(0x110)));
    // stp q2, q3, [x2], #-32 with V2 all ones and V3 zero.
    let cpu = run_on(&[0xacbf0c42], &mut mem, &[(2, 0x200)], &[]);
    assert_eq!(cpu.x[2], base + 0x1e0);
    assert_eq!((&mem[0x200..0x210], &mem[0x210..0x220]), (&[0xff; 16][..], &[0; 16][..]));
    // stnp d2, d3, [x2]
    run_on(&[0x6c000c42], &mut mem, &[(2, 0x300)], &[]);
    assert_eq!(mem[0x300..0x311], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]);
}

#[test]
fn unallocated_load_store_encodings() {
    for insn in [
        0xb9c00420, // ldrsw-like with size = 10, opc = 11
        0xf9c00420, // size = 11, opc = 11
        0xf8808c20, // prfm with pre-index
        0xf8808420, // prfm with post-index
        0xf8800820, // prfm as unprivileged
        0x3c400820, // unprivileged load of a SIMD&FP register
        0x7dc00420, // ldr h with opc = 11
        0xfd800420, // str d with opc = 10
        0xf8620820, // register offset with option = 000
        0xf8628820, // register offset with option = 100
        0xdc000040, // literal SIMD&FP with opc = 11
        0xe9410440, // ldp with opc = 11
        0x68400440, // ldnp with opc = 01 (no LDNPSW)
        0x69010440, // stp with opc = 01 (STGP, MTE)
        0xed410440, // ldp SIMD&FP with opc = 11
        0xf8200420, // ldraa (PAuth)
        0xfc200020, // atomic memory operation on a SIMD&FP register
    ] {
        assert_undefined(insn);
    }
}
