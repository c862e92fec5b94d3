//! Exclusives, load-acquire/store-release (RCsc, LOR and RCpc) and the LSE atomics:
//! atomic memory operations, SWP, CAS and CASP.

mod support;

use crossrun_a64::A64Frontend;
use crossrun_exec::Exit;
use crossrun_ir::{CpuState, Frontend, MemOrder, Op, TrapKind};

/// The 16 bytes tests operate on, 16-byte aligned as pairs need.
#[repr(C, align(16))]
struct Cell([u8; 16]);

const INIT: [u8; 16] = [0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8, 0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70];

/// Runs `code` with X1 (and SP) pointing at a cell holding `INIT` and the given
/// registers; returns the state and the cell's final contents.
fn run_cell(code: &[u32], x: &[(usize, u64)]) -> (CpuState, [u8; 16]) {
    let mut cell = Box::new(Cell(INIT));
    let addr = cell.0.as_mut_ptr() as u64;
    let mut cpu = CpuState::default();
    cpu.x[1] = addr;
    cpu.x[31] = addr;
    for &(r, v) in x {
        cpu.x[r] = v;
    }
    let cpu = support::run(code, cpu);
    (cpu, cell.0)
}

fn le(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |acc, &b| acc << 8 | b as u64)
}

/// INIT with `bytes` stored at offset 0.
fn init_with(bytes: &[u8]) -> [u8; 16] {
    let mut m = INIT;
    m[..bytes.len()].copy_from_slice(bytes);
    m
}

fn assert_undefined(insn: u32) {
    let mut cpu = CpuState::default();
    let (exit, state) = support::run_until_exit(&[insn], &mut cpu);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn }), "{insn:#010x}");
    assert_eq!(state.pc, 0, "{insn:#010x}");
}

/// The memory orderings of the accesses `insn` translates to.
fn orders(insn: u32) -> Vec<MemOrder> {
    crossrun_memory::install_fault_handler(None);
    let words = [insn, 0];
    A64Frontend
        .translate(words.as_ptr() as u64)
        .insts
        .iter()
        .filter_map(|i| match i.op {
            Op::Load { order, .. }
            | Op::Store { order, .. }
            | Op::LoadExclusive { order, .. }
            | Op::StoreExclusive { order, .. }
            | Op::AtomicRmw { order, .. }
            | Op::Cas { order, .. } => Some(order),
            _ => None,
        })
        .collect()
}

const X3: u64 = 0x1111_2222_3333_4444;

#[test]
fn exclusive_load_store_succeeds() {
    let cases: &[(u32, u32, u64, usize)] = &[
        (0xc85f7c20, 0xc8027c23, le(&INIT[..8]), 8), // ldxr x0, [x1]; stxr w2, x3, [x1]
        (0x885ffc20, 0x8802fc23, le(&INIT[..4]), 4), // ldaxr w0, [x1]; stlxr w2, w3, [x1]
        (0x085f7c20, 0x08027c23, 0x81, 1),           // ldxrb w0, [x1]; stxrb w2, w3, [x1]
        (0x485ffc20, 0x4802fc23, 0x9281, 2),         // ldaxrh w0, [x1]; stlxrh w2, w3, [x1]
    ];
    for &(load, store, loaded, bytes) in cases {
        let (cpu, mem) = run_cell(&[load, store], &[(0, u64::MAX), (2, 7), (3, X3)]);
        assert_eq!((cpu.x[0], cpu.x[2]), (loaded, 0), "{load:#010x}");
        assert_eq!(mem, init_with(&X3.to_le_bytes()[..bytes]), "{store:#010x}");
    }
}

#[test]
fn exclusive_store_fails_without_a_matching_load() {
    // stxr w2, x3, [x1] alone.
    let (cpu, mem) = run_cell(&[0xc8027c23], &[(2, 7), (3, X3)]);
    assert_eq!((cpu.x[2], mem), (1, INIT));
    // ldxr x0, [x1]; clrex; stxr w2, x3, [x1]
    let (cpu, mem) = run_cell(&[0xc85f7c20, 0xd5033f5f, 0xc8027c23], &[(3, X3)]);
    assert_eq!((cpu.x[2], mem), (1, INIT));
    // ldxrb w0, [x1]; stxr w2, w3, [x1]: a different size does not match.
    let (cpu, mem) = run_cell(&[0x085f7c20, 0x88027c23], &[(3, X3)]);
    assert_eq!((cpu.x[2], mem), (1, INIT));
    // ldxr x0, [sp]; stxr w2, xzr, [sp]: Rn 31 is SP, Rt 31 is XZR.
    let (cpu, mem) = run_cell(&[0xc85f7fe0, 0xc8027fff], &[]);
    assert_eq!((cpu.x[2], mem), (0, init_with(&[0; 8])));
}

#[test]
fn exclusive_pairs() {
    // ldxp x4, x5, [x1]; stxp w2, x6, x7, [x1]
    let (cpu, mem) = run_cell(&[0xc87f1424, 0xc8221c26], &[(6, X3), (7, !X3)]);
    assert_eq!((cpu.x[4], cpu.x[5], cpu.x[2]), (le(&INIT[..8]), le(&INIT[8..]), 0));
    let mut want = [0u8; 16];
    want[..8].copy_from_slice(&X3.to_le_bytes());
    want[8..].copy_from_slice(&(!X3).to_le_bytes());
    assert_eq!(mem, want);
    // ldaxp w4, w5, [x1]; stlxp w2, w5, w4, [x1]: the words swap places.
    let (cpu, mem) = run_cell(&[0x887f9424, 0x88229025], &[]);
    assert_eq!((cpu.x[4], cpu.x[5], cpu.x[2]), (le(&INIT[..4]), le(&INIT[4..8]), 0));
    assert_eq!(mem[..8], [INIT[4], INIT[5], INIT[6], INIT[7], INIT[0], INIT[1], INIT[2], INIT[3]]);
    // ldxp x4, x4, [x1]: the value from the higher address.
    let (cpu, _) = run_cell(&[0xc87f1024], &[]);
    assert_eq!(cpu.x[4], le(&INIT[8..]));
}

#[test]
fn acquire_release() {
    let loads: &[(u32, u64)] = &[
        (0xc8dffc20, le(&INIT[..8])), // ldar x0, [x1]
        (0x88dffc20, le(&INIT[..4])), // ldar w0, [x1]
        (0x48dffc20, 0x9281),         // ldarh w0, [x1]
        (0x08dffc20, 0x81),           // ldarb w0, [x1]
        (0xc8df7c20, le(&INIT[..8])), // ldlar x0, [x1]
        (0xf8bfc020, le(&INIT[..8])), // ldapr x0, [x1]
        (0xb8bfc020, le(&INIT[..4])), // ldapr w0, [x1]
        (0x78bfc020, 0x9281),         // ldaprh w0, [x1]
        (0x38bfc020, 0x81),           // ldaprb w0, [x1]
        (0xc8dfffe0, le(&INIT[..8])), // ldar x0, [sp]
    ];
    for &(insn, want) in loads {
        assert_eq!(run_cell(&[insn], &[(0, u64::MAX)]).0.x[0], want, "{insn:#010x}");
    }
    let stores: &[(u32, usize)] = &[
        (0xc89ffc23, 8), // stlr x3, [x1]
        (0x889ffc23, 4), // stlr w3, [x1]
        (0x489ffc23, 2), // stlrh w3, [x1]
        (0x089ffc23, 1), // stlrb w3, [x1]
        (0x889f7c23, 4), // stllr w3, [x1]
    ];
    for &(insn, bytes) in stores {
        assert_eq!(run_cell(&[insn], &[(3, X3)]).1, init_with(&X3.to_le_bytes()[..bytes]), "{insn:#010x}");
    }
    assert_eq!(orders(0xc8dffc20), [MemOrder::Acquire]);
    assert_eq!(orders(0xf8bfc020), [MemOrder::AcquirePc]);
    assert_eq!(orders(0xc89ffc23), [MemOrder::Release]);
    assert_eq!(orders(0xc85f7c20), [MemOrder::Plain]); // ldxr
    assert_eq!(orders(0x885ffc20), [MemOrder::Acquire]); // ldaxr
    assert_eq!(orders(0x8802fc23), [MemOrder::Release]); // stlxr
}

#[test]
fn atomic_memory_operations() {
    let x = le(&INIT[..8]); // 0xf8e7d6c5b4a39281
    let w = x as u32 as u64;
    let v = 0x0123_4567_9abc_def0u64;
    let cases: &[(u32, u64, usize)] = &[
        (0xf8230020, x.wrapping_add(v), 8),          // ldadd x3, x0, [x1]
        (0xf8231020, x & !v, 8),                     // ldclr x3, x0, [x1]
        (0xf8232020, x ^ v, 8),                      // ldeor x3, x0, [x1]
        (0xf8233020, x | v, 8),                      // ldset x3, x0, [x1]
        (0xf8234020, v, 8),                          // ldsmax x3, x0, [x1]: x is negative
        (0xf8235020, x, 8),                          // ldsmin x3, x0, [x1]
        (0xf8236020, x, 8),                          // ldumax x3, x0, [x1]
        (0xf8237020, v, 8),                          // ldumin x3, x0, [x1]
        (0xf8238020, v, 8),                          // swp x3, x0, [x1]
        (0xb8a30020, (w + (v & 0xffff_ffff)) & 0xffff_ffff, 4), // ldadda w3, w0, [x1]
        (0xb8234020, w, 4),                          // ldsmax w3, w0, [x1]: both negative as W
        (0x38630020, (0x81 + 0xf0) & 0xff, 1),       // ldaddlb w3, w0, [x1]
        (0x78e30020, (0x9281 + 0xdef0) & 0xffff, 2), // ldaddalh w3, w0, [x1]
        (0x38234020, 0xf0, 1),                       // ldsmaxb: -16 > -127
        (0x78235020, 0x9281, 2),                     // ldsminh: -0x6d7f < -0x2110
        (0x38236020, 0xf0, 1),                       // ldumaxb
        (0x78237020, 0x9281, 2),                     // lduminh
        (0xb8e38020, v & 0xffff_ffff, 4),            // swpal w3, w0, [x1]
        (0x38238020, 0xf0, 1),                       // swpb w3, w0, [x1]
    ];
    for &(insn, new, bytes) in cases {
        let (cpu, mem) = run_cell(&[insn], &[(0, 0x5555), (3, v)]);
        let old = le(&INIT[..bytes]);
        assert_eq!(cpu.x[0], old, "{insn:#010x}: Rt gets the old value, zero-extended");
        assert_eq!(mem, init_with(&new.to_le_bytes()[..bytes]), "{insn:#010x}");
    }
}

#[test]
fn atomic_aliases_and_orderings() {
    // stadd x3, [x1]: Rt = XZR, so nothing but memory changes; SP is untouched.
    let (cpu, mem) = run_cell(&[0xf823003f], &[(3, 1)]);
    assert_eq!(mem, init_with(&(le(&INIT[..8]) + 1).to_le_bytes()));
    assert_eq!(cpu.x[31], cpu.x[1]);
    // ldadd x3, x0, [sp]
    let (cpu, mem) = run_cell(&[0xf82303e0], &[(3, 1)]);
    assert_eq!((cpu.x[0], mem), (le(&INIT[..8]), init_with(&(le(&INIT[..8]) + 1).to_le_bytes())));
    assert_eq!(orders(0xf8230020), [MemOrder::Plain]); // ldadd
    assert_eq!(orders(0xb8a30020), [MemOrder::Acquire]); // ldadda
    assert_eq!(orders(0x38630020), [MemOrder::Release]); // ldaddlb
    assert_eq!(orders(0x78e30020), [MemOrder::AcqRel]); // ldaddalh
    assert_eq!(orders(0xb863103f), [MemOrder::Release]); // stclrl
}

#[test]
fn compare_and_swap() {
    let x = le(&INIT[..8]);
    let new = 0x0123_4567_89ab_cdefu64;
    // cas x3, x4, [x1]: equal, so memory takes X4; X3 gets the old value either way.
    let (cpu, mem) = run_cell(&[0xc8a37c24], &[(3, x), (4, new)]);
    assert_eq!((cpu.x[3], mem), (x, init_with(&new.to_le_bytes())));
    // casl x3, x4, [x1]: different, memory unchanged.
    let (cpu, mem) = run_cell(&[0xc8a3fc24], &[(3, x ^ 1), (4, new)]);
    assert_eq!((cpu.x[3], mem), (x, INIT));
    // casa w3, w4, [x1]: only the low word of X3 is compared; X3 gets it zero-extended.
    let (cpu, mem) = run_cell(&[0x88e37c24], &[(3, 0xffff_ffff_0000_0000 | (x & 0xffff_ffff)), (4, new)]);
    assert_eq!((cpu.x[3], mem), (x & 0xffff_ffff, init_with(&new.to_le_bytes()[..4])));
    // casb w3, w4, [x1] with high garbage in W3.
    let (cpu, mem) = run_cell(&[0x08a37c24], &[(3, 0xab00 | 0x81), (4, new)]);
    assert_eq!((cpu.x[3], mem), (0x81, init_with(&[0xef])));
    // casah w3, w4, [x1], not equal.
    let (cpu, mem) = run_cell(&[0x48e37c24], &[(3, 0x9282), (4, new)]);
    assert_eq!((cpu.x[3], mem), (0x9281, INIT));
    // cas xzr, x4, [x1]: compares with zero, discards the old value.
    let (cpu, mem) = run_cell(&[0xc8bf7c24], &[(4, new), (31, 0x10)]);
    assert_eq!((cpu.x[31], mem), (0x10, INIT));
    assert_eq!(orders(0xc8a37c24), [MemOrder::Plain]);
    assert_eq!(orders(0x88e37c24), [MemOrder::Acquire]);
    assert_eq!(orders(0xc8a3fc24), [MemOrder::Release]);
    assert_eq!(orders(0x88e3fc24), [MemOrder::AcqRel]);
}

#[test]
fn compare_and_swap_pairs() {
    let (lo, hi) = (le(&INIT[..8]), le(&INIT[8..]));
    // casp x4, x5, x6, x7, [x1]
    let (cpu, mem) = run_cell(&[0x48247c26], &[(4, lo), (5, hi), (6, 1), (7, 2)]);
    assert_eq!((cpu.x[4], cpu.x[5]), (lo, hi));
    assert_eq!(mem, [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    // Not equal in the high half only: unchanged, X4:X5 get the memory.
    let (cpu, mem) = run_cell(&[0x48247c26], &[(4, lo), (5, 0), (6, 1), (7, 2)]);
    assert_eq!((cpu.x[4], cpu.x[5], mem), (lo, hi, INIT));
    // caspal w4, w5, w6, w7, [x1]
    let regs = [(4, lo & 0xffff_ffff), (5, lo >> 32 | 0xdead << 32), (6, 0x11), (7, 0x22)];
    let (cpu, mem) = run_cell(&[0x0864fc26], &regs);
    assert_eq!((cpu.x[4], cpu.x[5]), (lo & 0xffff_ffff, lo >> 32));
    assert_eq!(mem, init_with(&[0x11, 0, 0, 0, 0x22, 0, 0, 0]));
    // casp x30, xzr, x6, x7, [x1]: the odd register of the pair is XZR.
    let (cpu, mem) = run_cell(&[0x483e7c26], &[(30, lo), (6, 1), (7, 2), (31, 0x40)]);
    assert_eq!((cpu.x[30], cpu.x[31], mem), (lo, 0x40, INIT));
    assert_eq!(orders(0x0864fc26), [MemOrder::AcqRel]);
}

#[test]
fn unallocated_exclusive_and_atomic_encodings() {
    for insn in [
        0x48257c26, // casp with odd Rs
        0x48247c27, // casp with odd Rt
        0xc8a30024, // cas with Rt2 != 11111
        0x48240026, // casp with Rt2 != 11111
        0xf8a0c020, // ldapr with Rs != 11111
        0xf8bfc420, // atomic space with bits 11:10 = 01 (LDRAA)
        0xf8a3c020, // o3 = 1, opc = 100 without A = 1, Rs = 11111
        0xf8239020, // o3 = 1, opc = 001 (ST64BV0 space)
        0xf822a020, // o3 = 1, opc = 010
        0xf823f020, // o3 = 1, opc = 111
    ] {
        assert_undefined(insn);
    }
}

/// Exclusives and atomics need natural alignment; a misaligned one faults (SIGBUS,
/// BUS_ADRALN for the guest) before touching memory or registers.
#[test]
fn misaligned_exclusives_and_atomics_take_an_alignment_fault() {
    use crossrun_memory::FaultKind;
    let mut buf = [0u64; 4];
    let base = buf.as_mut_ptr() as u64;
    // ldxr x0, [x1] / ldxp x0, x2, [x1] / ldadd x3, x0, [x1] / cas w3, w0, [x1]
    for (insn, misalign) in [(0xc85f7c20u32, 4u64), (0xc87f0820, 8), (0xf8230020, 1), (0x88a37c20, 2)] {
        let mut cpu = crossrun_ir::CpuState::default();
        cpu.x[1] = base + misalign;
        cpu.x[0] = 0x5555;
        let (exit, after) = support::run_until_exit(&[insn], &mut cpu);
        match exit {
            Exit::MemoryFault { fault, .. } => {
                assert_eq!(fault.kind, FaultKind::Alignment, "{insn:#010x}");
                assert_eq!(fault.addr, base + misalign);
            }
            other => panic!("{insn:#010x}: expected an alignment fault, got {other:?}"),
        }
        assert_eq!(after.pc, 0, "the fault is reported at the instruction");
        assert_eq!(after.x[0], 0x5555, "no register written");
    }
    assert_eq!(buf, [0; 4], "no memory written");
}
