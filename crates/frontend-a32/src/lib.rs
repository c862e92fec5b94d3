//! The 32-bit Arm frontend: A32 and T32 (Thumb-2) instructions of ARMv5TE, ARMv6K,
//! ARMv7-A and ARMv8-A AArch32 as a Linux user process sees them.
//!
//! [`decoder`] matches instructions against tables of encodings written as bit patterns
//! (one row per encoding, after the Arm ARM's encoding index); each row names a
//! translation function that emits IR through a [`Tr`] context. The groups follow the
//! Arm ARM's encoding groups: [`a32`] for the A32 instruction set, `t32` for T32 (16-bit
//! and 32-bit), and the `vfp` and `neon` groups, which A32 and T32 share (a T32
//! coprocessor, VFP or AdvSIMD instruction is decoded as the A32 instruction it
//! corresponds to, see [`t32_as_a32`]). What the two instruction sets compute alike is
//! in `ops`.
//!
//! Locations (the IR's pcs) carry the instruction set state and the IT state, see
//! [`location`]; the Linux layer uses its functions for signal frames, sigreturn and
//! the length of the system call instruction.
//!
//! Register mapping onto [`crossrun_ir::Reg`]:
//! - `X(0..=14)` are R0..R14, each zero-extended from 32 bits (the PC is never stored:
//!   reads of R15 are constants, writes are branches);
//! - `Nzcv` is APSR.NZCV; `X(16)` is APSR.Q as 0 or 1; `X(18)` is APSR.GE as a byte mask
//!   (byte i all ones when GE[i] is set, what SEL selects with); [`cpsr`] and
//!   [`set_cpsr`] convert;
//! - `ThreadPointer` is TPIDRURO (what Linux's set_tls sets), `X(17)` TPIDRURW;
//! - `V(n)` holds D<n> (n < 32) in its low 64 bits, its high 64 bits zero: S<2n> and
//!   S<2n+1> are the low and high words of D<n>, and Q<n> is D<2n+1>:D<2n>;
//! - `Fpcr` holds FPSCR's control bits (AHP, DN, FZ, RMode, Stride, Len and the
//!   exception trap enables, which read as zero), `Fpsr` its status bits: N, Z, C, V
//!   (bits 31:28, written by VCMP and read by VMRS APSR_nzcv), QC and the cumulative
//!   exception flags. FPSCR is `Fpcr | Fpsr`.

mod a32;
pub mod decoder;
pub mod gdb;
pub mod location;
mod neon;
mod ops;
mod system;
mod t16;
mod t32;
mod translate;
mod vfp;

pub use translate::{Tr, Undefined, GE_MASK, Q_FLAG, TPIDRURW};

use crossrun_ir::{Block, CpuState, Frontend};

/// The 32-bit Arm frontend, for the executor.
#[derive(Debug)]
pub struct A32Frontend {
    max_insns: u32,
}

impl Default for A32Frontend {
    fn default() -> Self {
        A32Frontend { max_insns: translate::MAX_BLOCK_INSNS }
    }
}

impl A32Frontend {
    /// A frontend whose blocks hold one instruction each, so an executor's step runs
    /// exactly one (the differential tests compare single instructions).
    pub fn single_step() -> Self {
        A32Frontend { max_insns: 1 }
    }
}

impl Frontend for A32Frontend {
    fn translate(&self, pc: u64) -> Block {
        translate::translate_block(pc, self.max_insns)
    }

    fn code_address(&self, pc: u64) -> u64 {
        u64::from(location::address_of(pc))
    }

    fn disassemble(&self, pc: u64) -> Option<(String, u64)> {
        translate::describe(pc)
    }
}

/// The decoder row of the instruction at location `pc`, if it can be read and a row
/// matches it (its handler may still find it UNDEFINED or UNPREDICTABLE).
pub fn row_at(pc: u64) -> Option<&'static decoder::Row> {
    translate::row_at(pc)
}

/// Whether a row matches the instruction at location `pc` but refuses it as
/// UNPREDICTABLE for its operands (crossrun's choice is UNDEFINED: SIGILL).
pub fn unpredictable_at(pc: u64) -> bool {
    translate::unpredictable_at(pc)
}

/// The CPSR value a signal frame records for `cpu`: NZCV, Q, GE, the IT state and the
/// T bit (user mode, 0x10; A, I, F and E clear).
pub fn cpsr(cpu: &CpuState) -> u32 {
    let pc = cpu.pc;
    let it = u32::from(location::itstate(pc));
    let ge_bits = (0..4).filter(|i| cpu.x[GE_MASK_INDEX] >> (8 * i) & 0x80 != 0).fold(0, |g, i| g | 1 << i);
    (cpu.nzcv & 0xf000_0000)
        | ((cpu.x[Q_INDEX] as u32 & 1) << 27)
        | ((it & 3) << 25)
        | (ge_bits << 16)
        | ((it >> 2) << 10)
        | (u32::from(location::thumb(pc)) << 5)
        | 0x10
}

/// Restores the flags, Q, GE, T and the IT state from a CPSR value (sigreturn); the PC's
/// address is kept.
pub fn set_cpsr(cpu: &mut CpuState, cpsr: u32) {
    cpu.nzcv = cpsr & 0xf000_0000;
    cpu.x[Q_INDEX] = u64::from(cpsr >> 27 & 1);
    let ge = cpsr >> 16 & 0xf;
    cpu.x[GE_MASK_INDEX] = (0..4).filter(|i| ge >> i & 1 != 0).fold(0, |m, i| m | 0xff << (8 * i));
    let it = ((cpsr >> 25) & 3) | ((cpsr >> 10 & 0x3f) << 2);
    let thumb = cpsr & (1 << 5) != 0;
    cpu.pc = location::with(cpu.pc, thumb, if thumb { it as u8 } else { 0 }) | (cpu.pc & location::FP_VECTOR);
}

/// Where D<n> lives: the low (even `n`) or high half of `V(n / 2)`, which is Q<n / 2>
/// (see `vfp`); so `CpuState`'s vector registers hold D0..D31 in order.
pub const fn d_register(n: u8) -> crossrun_ir::Reg {
    crossrun_ir::Reg::VLane(n >> 1, n & 1, crossrun_ir::Width::W64)
}

/// FPSCR's control bits, kept in `Reg::FpControl`: AHP, DN, FZ, RMode, Stride and Len. The
/// exception trap enables read as zero (a Linux CPU without trapping support, as every
/// Cortex-A core is), and FZ16 is reserved without half-precision arithmetic.
pub const FPSCR_CONTROL: u32 = 0x07f7_0000;
/// FPSCR's status bits, kept in `Reg::FpStatus`: N, Z, C, V, QC and the cumulative exception
/// flags IDC, IXC, UFC, OFC, DZC, IOC.
pub const FPSCR_STATUS: u32 = 0xf800_009f;

const Q_INDEX: usize = 16;
const GE_MASK_INDEX: usize = 18;

/// The A32 tables with a condition field (with the VFP ones T32 shares).
pub(crate) fn a32_tables() -> Vec<&'static [decoder::Row]> {
    a32::TABLES.iter().chain(vfp::TABLES).copied().collect()
}

/// The A32 tables of the unconditional space (with the VFP and AdvSIMD ones T32
/// shares).
pub(crate) fn a32_unconditional_tables() -> Vec<&'static [decoder::Row]> {
    a32::UNCONDITIONAL_TABLES.iter().chain(vfp::UNCONDITIONAL_TABLES).chain(neon::TABLES).copied().collect()
}

/// The T32 32-bit tables.
pub(crate) fn t32_tables() -> Vec<&'static [decoder::Row]> {
    t32::TABLES.to_vec()
}

/// The T32 16-bit tables.
pub(crate) fn t16_tables() -> Vec<&'static [decoder::Row]> {
    t16::TABLES.to_vec()
}

/// The A32 instruction a T32 coprocessor, VFP or AdvSIMD instruction corresponds to, if
/// `insn` is one: T32 `111x 11xx` (coprocessor and VFP, the same low 28 bits as A32 with
/// condition AL), `111U 1111` (AdvSIMD data processing, A32 `1111 001U`) and `1111 1001
/// xxx0` (AdvSIMD element and structure loads and stores, A32 `1111 0100 xxx0`).
pub fn t32_as_a32(insn: u32) -> Option<u32> {
    let top = insn >> 24;
    if top & 0xef == 0xef {
        // 111U 1111 -> 1111 001U
        let u = (insn >> 28) & 1;
        return Some((insn & 0x00ff_ffff) | 0xf200_0000 | u << 24);
    }
    if top == 0xf9 && (insn >> 20) & 1 == 0 {
        return Some((insn & 0x00ff_ffff) | 0xf400_0000);
    }
    if top & 0xec == 0xec {
        // 111T 11xx: T = 0 is the conditional form (AL), T = 1 the unconditional one.
        return Some(insn);
    }
    None
}
