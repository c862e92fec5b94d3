//! The C extension: each compressed instruction must do what the 32-bit instruction it
//! expands to does (both run from the same random states and must leave the same
//! state), control transfers link and branch by their own length, reserved encodings
//! are illegal, and 32-bit instructions may straddle a page boundary.

mod support;

use crossrun_exec::Exit;
use crossrun_ir::{CpuState, Frontend, Terminator, TrapKind};
use crossrun_memory::PAGE_SIZE;
use crossrun_rv64::Rv64Frontend;
use support::{run, run_placed, set_f, with_x, A0, A1, RA};

/// (compressed, expansion), words from riscv64-linux-gnu-as.
const PAIRS: [(u32, u32, &str); 33] = [
    (0x1fe0, 0x3fc10413, "c.addi4spn s0, sp, 1020"),
    (0x3ce8, 0x0f84b507, "c.fld fa0, 248(s1)"),
    (0x5ce8, 0x07c4a503, "c.lw a0, 124(s1)"),
    (0x7f7c, 0x0f873783, "c.ld a5, 248(a4)"),
    (0xa794, 0x00d7b427, "c.fsd fa3, 8(a5)"),
    (0xc0a8, 0x04a4a023, "c.sw a0, 64(s1)"),
    (0xe050, 0x08c43023, "c.sd a2, 128(s0)"),
    (0x1501, 0xfe050513, "c.addi a0, -32"),
    (0x237d, 0x01f3031b, "c.addiw t1, 31"),
    (0x58fd, 0xfff00893, "c.li a7, -1"),
    (0x7101, 0xe0010113, "c.addi16sp sp, -512"),
    (0x7385, 0xfffe13b7, "c.lui t2, 0xfffe1"),
    (0x92fd, 0x03f6d693, "c.srli a3, 63"),
    (0x8485, 0x4014d493, "c.srai s1, 1"),
    (0x9b6d, 0xffb77713, "c.andi a4, -5"),
    (0x8d0d, 0x40b50533, "c.sub a0, a1"),
    (0x8c3d, 0x00f44433, "c.xor s0, a5"),
    (0x8e55, 0x00d66633, "c.or a2, a3"),
    (0x8f65, 0x00977733, "c.and a4, s1"),
    (0x9d0d, 0x40b5053b, "c.subw a0, a1"),
    (0x9fa1, 0x008787bb, "c.addw a5, s0"),
    (0x1e06, 0x021e1e13, "c.slli t3, 33"),
    (0x347e, 0x1f813407, "c.fldsp fs0, 504(sp)"),
    (0x50fe, 0x0fc12083, "c.lwsp ra, 252(sp)"),
    (0x6fa2, 0x00813f83, "c.ldsp t6, 8(sp)"),
    (0x857a, 0x01e00533, "c.mv a0, t5"),
    (0x994e, 0x01390933, "c.add s2, s3"),
    (0xbffe, 0x1ff13c27, "c.fsdsp ft11, 504(sp)"),
    (0xdfd6, 0x0f512e23, "c.swsp s5, 252(sp)"),
    (0xe006, 0x00113023, "c.sdsp ra, 0(sp)"),
    (0x0001, 0x00000013, "c.nop"),
    (0x802e, 0x00b00033, "c.mv zero, a1 (a HINT)"),
    (0x0505, 0x00150513, "c.addi a0, 1"),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A random state whose possible base registers (sp and x8..x15) point into `memory`.
fn random_state(rng: &mut Rng, memory: u64) -> CpuState {
    let mut cpu = CpuState::default();
    for r in 1..32 {
        cpu.x[r] = rng.next();
    }
    for (k, r) in [2usize, 8, 9, 10, 11, 12, 13, 14, 15].into_iter().enumerate() {
        cpu.x[r] = memory + 512 + 64 * k as u64;
    }
    for r in 0..32 {
        set_f(&mut cpu, r, rng.next());
    }
    cpu.fp_status = rng.next() as u32 & 0x1f;
    cpu
}

#[test]
fn compressed_instructions_do_what_their_expansions_do() {
    let mut rng = Rng(0x0c0f_fee0_dead_beef);
    let mut mem = vec![0u8; 2048];
    for (c, full, asm) in PAIRS {
        for _ in 0..50 {
            let fill: Vec<u8> = (0..mem.len()).map(|_| rng.next() as u8).collect();
            let start = random_state(&mut rng, mem.as_ptr() as u64);
            // Both forms from the same state and the same memory (restored in between).
            mem.copy_from_slice(&fill);
            let mut via_c = start.clone();
            let (exit_c, base_c) = run_placed(&[c], &mut via_c, |_, _| {});
            let mem_c = mem.clone();
            mem.copy_from_slice(&fill);
            let mut via_full = start.clone();
            let (exit_full, base_full) = run_placed(&[full], &mut via_full, |_, _| {});
            assert_eq!(exit_c, Exit::Trap(TrapKind::Undefined { insn: 0 }), "{asm}");
            assert_eq!(exit_full, exit_c, "{asm}");
            // Both stop at the illegal parcel after the instruction: 2 or 4 bytes on.
            assert_eq!((via_c.pc - base_c, via_full.pc - base_full), (2, 4), "{asm}");
            via_c.pc = 0;
            via_full.pc = 0;
            assert_eq!(via_c, via_full, "{asm}");
            assert!(mem_c == mem, "{asm}: memory differs");
        }
    }
}

#[test]
fn compressed_control_transfers() {
    let inc = 0x0505; // c.addi a0, 1
    // c.j .+10 skips four parcels.
    let out = run(&[0xa029, inc, inc, inc, inc, inc], CpuState::default());
    assert_eq!(out.x[A0], 1);
    // c.beqz a0, .+6 / c.bnez a0, .+6 (skip two parcels).
    for (insn, a0, taken) in [(0xc119, 0, true), (0xc119, 7, false), (0xe119, 7, true), (0xe119, 0, false)] {
        let out = run(&[insn, inc, inc, inc], with_x(&[(A0, a0)]));
        assert_eq!(out.x[A0], a0 + if taken { 1 } else { 3 }, "{insn:#x} a0 = {a0}");
    }
    // c.jalr a1 links the address after its two bytes; c.jr a1 does not link.
    let mut cpu = CpuState::default();
    let (exit, base) = run_placed(&[0x9582, inc, inc], &mut cpu, |cpu, base| cpu.x[A1] = base + 4);
    assert_eq!(exit, Exit::Trap(TrapKind::Undefined { insn: 0 }));
    assert_eq!((cpu.x[A0], cpu.x[RA]), (1, base + 2));
    let mut cpu = CpuState::default();
    run_placed(&[0x8582, inc, inc], &mut cpu, |cpu, base| cpu.x[A1] = base + 4);
    assert_eq!((cpu.x[A0], cpu.x[RA]), (1, 0));
}

#[test]
fn reserved_compressed_encodings_are_illegal() {
    for insn in [
        0x0000, // all zeros (C.ADDI4SPN with a zero immediate)
        0x0010, // C.ADDI4SPN a2, sp, 0 with rd' set
        0x2001, // C.ADDIW x0
        0x4002, // C.LWSP x0
        0x6002, // C.LDSP x0
        0x8002, // C.JR x0
        0x6081, // C.LUI ra, 0
        0x6101, // C.ADDI16SP sp, 0
        0x8000, // quadrant 0, funct3 = 100
        0x9c41, // 100 1 11 .. 10 .. 01 (Zcb)
        0x9c61, // 100 1 11 .. 11 .. 01
    ] {
        support::assert_illegal(insn);
    }
}

/// Mixed lengths: a 32-bit instruction after a compressed one sits at a 2-byte boundary.
#[test]
fn mixed_lengths_run_in_sequence() {
    // c.li a0, 5; addi a0, a0, 1 (32-bit, at offset 2); c.addi a0, 1
    let out = run(&[0x4515, 0x00150513, 0x0505], CpuState::default());
    assert_eq!((out.x[A0], out.pc), (7, 8));
}

/// Two pages: the first ends with two c.nop and the first half of a 32-bit instruction,
/// the second begins with its second half and is readable or not.
struct Straddle {
    mem: *mut u8,
}

impl Straddle {
    /// Two pages, the instruction's first half at the end of the first; the second page
    /// holds its second half then the illegal parcel, or is inaccessible.
    fn new(insn: u32, second_readable: bool) -> Straddle {
        // SAFETY: a fresh private anonymous mapping of two pages, written only through
        // the pointer it returns and unmapped in Drop.
        let mem = unsafe {
            let p = libc::mmap(std::ptr::null_mut(), 2 * PAGE_SIZE as usize, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0);
            assert_ne!(p, libc::MAP_FAILED);
            p as *mut u8
        };
        let at = PAGE_SIZE as usize - 2;
        // Two c.nop before the instruction, so a block can start there.
        let mut bytes = vec![0x01, 0x00, 0x01, 0x00];
        bytes.extend_from_slice(&insn.to_le_bytes());
        // SAFETY: offsets at - 4..at + 4 lie within the two mapped pages.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), mem.add(at - 4), bytes.len());
            if !second_readable {
                assert_eq!(libc::mprotect(mem.add(PAGE_SIZE as usize) as *mut libc::c_void, PAGE_SIZE as usize, libc::PROT_NONE), 0);
            }
        }
        Straddle { mem }
    }

    fn pc(&self) -> u64 {
        self.mem as u64 + PAGE_SIZE - 2
    }
}

impl Drop for Straddle {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, not used after this.
        unsafe { libc::munmap(self.mem as *mut libc::c_void, 2 * PAGE_SIZE as usize) };
    }
}

#[test]
fn a_32_bit_instruction_may_straddle_a_page_boundary() {
    crossrun_memory::install_fault_handler(None);
    let code = Straddle::new(0x00150513, true); // addi a0, a0, 1
    let block = Rv64Frontend.translate(code.pc());
    assert_eq!((block.guest_insns, block.end_pc), (1, code.pc() + 4), "the straddling instruction ends its block");
    let mut cpu = CpuState { pc: code.pc(), ..CpuState::default() };
    let cache = std::sync::Arc::new(crossrun_exec::BlockCache::new(std::sync::Arc::new(Rv64Frontend), Default::default()));
    let mut interp = crossrun_exec::Interpreter::new(cache, Default::default(), Default::default());
    let exit = crossrun_exec::Executor::run(&mut interp, &mut cpu);
    assert_eq!((exit, cpu.x[A0], cpu.pc), (Exit::Trap(TrapKind::Undefined { insn: 0 }), 1, code.pc() + 4));
}

/// When the second half cannot be read, the instruction takes a fetch fault at the
/// second half's address, with the PC at the instruction; a block reaching it from
/// before ends just before it.
#[test]
fn a_fetch_fault_on_the_second_half_is_reported_at_its_address() {
    crossrun_memory::install_fault_handler(None);
    let code = Straddle::new(0x00150513, false);
    let block = Rv64Frontend.translate(code.pc());
    let second_page = code.pc() + 2;
    assert_eq!(block.term, Terminator::Trap { kind: TrapKind::FetchFault { addr: second_page }, pc: code.pc() });
    let block = Rv64Frontend.translate(code.pc() - 4);
    assert_eq!((block.guest_insns, block.term), (2, Terminator::Jump { target: code.pc(), kind: crossrun_ir::BranchKind::Plain }));
}
