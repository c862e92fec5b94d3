//! The RISC-V frontend: RV64GC user-mode instructions, decoded into crossrun IR.
//!
//! Implemented: RV64I, M, A, F, D, C (Zca, Zcd), Zicsr, Zifencei, Zicntr, Zihintpause,
//! Zihintntl, Zicbop, Zba, Zbb, Zbs and Zicond, as ratified. Everything else is an
//! illegal instruction (the guest gets SIGILL): in particular V, Zfh, Zfa, Q, Zcb,
//! Zacas, Zabha, Zicboz/Zicbom, Zimop and privileged instructions. What is advertised
//! to the guest ([`HWCAP`], [`ISA_STRING`], [`hwprobe`]) is exactly what is
//! implemented.
//!
//! [`decoder`] matches instructions against tables of encodings written as bit patterns
//! (one row per encoding, named as in the specifications); each row names a translation
//! function that emits IR through a [`Tr`] context. The files follow the unprivileged
//! specification's chapters: `int` (RV64I, with FENCE.I and the hints in its
//! encodings), `m`, `a`, `fp` (F and D), `zicsr` (with the Zicntr counters),
//! `bitmanip` (Zba, Zbb, Zbs), `zicond`, and `c` (compressed instructions, which
//! call the translations of the instructions they expand to).
//!
//! # Register mapping onto [`crossrun_ir::CpuState`]
//!
//! - `x0..x31` are `Reg::X(0..=31)`. x0 is never written and reads as the constant 0
//!   (its slot in the register file stays 0). The Linux ABI's stack pointer is x2, the
//!   thread pointer x4 (`tp`), the system call number a7 (x17) and its arguments
//!   a0..a5 (x10..x15).
//! - `f0..f31` are the low 64 bits of `Reg::V(0..=31)`; the upper 64 bits stay zero.
//!   Single-precision values are NaN-boxed in the 64 bits (upper half all ones); an
//!   operation reading a single that is not properly boxed reads the canonical NaN.
//! - `fcsr` is split: `frm` (the dynamic rounding mode) is bits 2:0 of `Reg::FpControl`,
//!   `fflags` (NX, UF, OF, DZ, NV from bit 0 up) bits 4:0 of `Reg::FpStatus`; both are zero
//!   above those bits. Helpers update `fflags` only.
//! - `Reg::Nzcv` and `Reg::ThreadPointer` are unused (RISC-V has no flags, and its
//!   thread pointer is the ordinary register x4).
//!
//! # Traps and system calls
//!
//! ECALL ends its block with `Terminator::Syscall` (resuming after it); EBREAK and
//! C.EBREAK with a `TrapKind::Breakpoint` at their address; an illegal or unimplemented
//! encoding (the all-zero 16-bit parcel included) with `TrapKind::Undefined`, whose
//! `insn` is the 32-bit instruction or the 16-bit parcel. An FP instruction using the
//! dynamic rounding mode while `frm` holds a reserved value traps the same way at run
//! time (`Op::TrapIf`). An instruction whose second half lies on an unreadable page is
//! a fetch fault at that half's address, with the PC at the instruction. Blocks end at
//! the end of their first page; an instruction straddling into the next page is the
//! last of its block (the block cache watches both pages for code writes).
//!
//! # Deviations
//!
//! - `cycle` and `instret` count nanoseconds of the host's monotonic clock: there is no
//!   cycle or retired-instruction count to report (Linux refuses user-mode reads of
//!   them by default since 6.6; crossrun allows them).
//! - An LR/SC pair succeeds if memory still holds the value LR read, even if another
//!   hart wrote that same value in between (the ABA case), where hardware would fail
//!   the SC. Software using LR/SC for compare-and-swap cannot tell.
//! - Unicorn's disagreements with the specifications, and the rules that exclude them
//!   from the differential test, are listed in tests/difftest/riscv64.py.

pub mod decoder;
pub mod gdb;
mod imm;
mod translate;

mod a;
mod bitmanip;
pub(crate) mod c;
mod fp;
pub(crate) mod int;
mod m;
mod zicond;
mod zicsr;

pub use translate::{Rv64Frontend, Tr, Undefined};

use decoder::Row;

/// The decode tables of the 32-bit instructions, by group.
pub(crate) const TABLES: &[&[&[Row]]] =
    &[int::TABLES, &[m::ROWS, a::ROWS], fp::TABLES, &[zicsr::ROWS], bitmanip::TABLES, &[zicond::ROWS]];

/// The frequency of the `time` CSR, in Hz: the timebase the Linux layer reports
/// (`/proc/cpuinfo`, `RISCV_HWPROBE_KEY_TIME_CSR_FREQ`). 10 MHz, as on QEMU's virt
/// machine.
pub const TIME_FREQUENCY: u64 = 10_000_000;

/// AT_HWCAP: one bit per single-letter extension implemented, bit `letter - 'a'` (as
/// the kernel's `COMPAT_HWCAP_ISA_*`): I, M, A, F, D, C.
pub const HWCAP: u64 = letters(b"imafdc");

const fn letters(list: &[u8]) -> u64 {
    let mut bits = 0;
    let mut i = 0;
    while i < list.len() {
        bits |= 1 << (list[i] - b'a');
        i += 1;
    }
    bits
}

/// The `isa` line of /proc/cpuinfo: the single-letter extensions, then the
/// multi-letter ones grouped by the letter they extend (I, A, C, B) as the kernel
/// prints them.
pub const ISA_STRING: &str =
    "rv64imafdc_zicbop_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zaamo_zalrsc_zca_zcd_zba_zbb_zbs";

/// `mvendorid`, `marchid`, `mimpid` (/proc/cpuinfo and hwprobe): 0, "not implemented",
/// as for a CPU that is no vendor's.
pub const MVENDORID: u64 = 0;
pub const MARCHID: u64 = 0;
pub const MIMPID: u64 = 0;

/// The `-cpu` models: every name gives the same, complete set of what is implemented.
pub const CPU_MODELS: &[&str] = &["rv64", "max"];

/// The `riscv_hwprobe` keys and values for what this frontend implements
/// (arch/riscv/include/uapi/asm/hwprobe.h).
pub mod hwprobe {
    pub const KEY_MVENDORID: i64 = 0;
    pub const KEY_MARCHID: i64 = 1;
    pub const KEY_MIMPID: i64 = 2;
    pub const KEY_BASE_BEHAVIOR: i64 = 3;
    pub const KEY_IMA_EXT_0: i64 = 4;
    pub const KEY_CPUPERF_0: i64 = 5;
    pub const KEY_TIME_CSR_FREQ: i64 = 8;
    pub const KEY_MISALIGNED_SCALAR_PERF: i64 = 9;

    /// RISCV_HWPROBE_BASE_BEHAVIOR_IMA: the IMA base behaviour of the Linux ABI.
    pub const BASE_BEHAVIOR_IMA: u64 = 1 << 0;

    pub const IMA_FD: u64 = 1 << 0;
    pub const IMA_C: u64 = 1 << 1;
    pub const EXT_ZBA: u64 = 1 << 3;
    pub const EXT_ZBB: u64 = 1 << 4;
    pub const EXT_ZBS: u64 = 1 << 5;
    pub const EXT_ZIHINTNTL: u64 = 1 << 29;
    pub const EXT_ZICOND: u64 = 1 << 35;
    pub const EXT_ZIHINTPAUSE: u64 = 1 << 36;
    pub const EXT_ZCA: u64 = 1 << 43;
    pub const EXT_ZCD: u64 = 1 << 45;
    pub const EXT_ZICNTR: u64 = 1 << 50;
    pub const EXT_ZAAMO: u64 = 1 << 56;
    pub const EXT_ZALRSC: u64 = 1 << 57;
    pub const EXT_ZICBOP: u64 = 1 << 60;

    /// RISCV_HWPROBE_KEY_IMA_EXT_0: every extension bit of what is implemented.
    pub const IMA_EXT_0: u64 = IMA_FD
        | IMA_C
        | EXT_ZBA
        | EXT_ZBB
        | EXT_ZBS
        | EXT_ZIHINTNTL
        | EXT_ZICOND
        | EXT_ZIHINTPAUSE
        | EXT_ZCA
        | EXT_ZCD
        | EXT_ZICNTR
        | EXT_ZAAMO
        | EXT_ZALRSC
        | EXT_ZICBOP;

    /// RISCV_HWPROBE_MISALIGNED_FAST (KEY_CPUPERF_0) and
    /// RISCV_HWPROBE_MISALIGNED_SCALAR_FAST (KEY_MISALIGNED_SCALAR_PERF): misaligned
    /// loads and stores are single host accesses, as fast as aligned ones.
    pub const MISALIGNED_FAST: u64 = 3;

    /// The value of `key`, or `None` for a key the kernel would answer with key = -1.
    pub fn value(key: i64) -> Option<u64> {
        Some(match key {
            KEY_MVENDORID => super::MVENDORID,
            KEY_MARCHID => super::MARCHID,
            KEY_MIMPID => super::MIMPID,
            KEY_BASE_BEHAVIOR => BASE_BEHAVIOR_IMA,
            KEY_IMA_EXT_0 => IMA_EXT_0,
            KEY_CPUPERF_0 | KEY_MISALIGNED_SCALAR_PERF => MISALIGNED_FAST,
            KEY_TIME_CSR_FREQ => super::TIME_FREQUENCY,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel's COMPAT_HWCAP_ISA_* bits: 'a' is bit 0.
    #[test]
    fn hwcap_has_the_letters_of_rv64gc() {
        assert_eq!(HWCAP, 1 << 8 | 1 << 12 | 1 << 0 | 1 << 5 | 1 << 3 | 1 << 2);
        assert!(ISA_STRING.starts_with("rv64imafdc_"));
    }

    /// Every multi-letter extension in the ISA string has its hwprobe bit and the other
    /// way round (Zicsr and Zifencei have none).
    #[test]
    fn isa_string_and_hwprobe_agree() {
        let bits = [
            ("zba", hwprobe::EXT_ZBA),
            ("zbb", hwprobe::EXT_ZBB),
            ("zbs", hwprobe::EXT_ZBS),
            ("zicond", hwprobe::EXT_ZICOND),
            ("zihintntl", hwprobe::EXT_ZIHINTNTL),
            ("zihintpause", hwprobe::EXT_ZIHINTPAUSE),
            ("zca", hwprobe::EXT_ZCA),
            ("zcd", hwprobe::EXT_ZCD),
            ("zicntr", hwprobe::EXT_ZICNTR),
            ("zaamo", hwprobe::EXT_ZAAMO),
            ("zalrsc", hwprobe::EXT_ZALRSC),
            ("zicbop", hwprobe::EXT_ZICBOP),
        ];
        let named: Vec<&str> = ISA_STRING.split('_').skip(1).filter(|e| !matches!(*e, "zicsr" | "zifencei")).collect();
        assert_eq!(named.len(), bits.len());
        for (ext, bit) in bits {
            assert!(named.contains(&ext), "{ext}");
            assert_ne!(hwprobe::IMA_EXT_0 & bit, 0, "{ext}");
        }
        let all = bits.iter().fold(hwprobe::IMA_FD | hwprobe::IMA_C, |a, (_, b)| a | b);
        assert_eq!(hwprobe::IMA_EXT_0, all);
    }

    #[test]
    fn hwprobe_answers_known_keys_only() {
        assert_eq!(hwprobe::value(hwprobe::KEY_BASE_BEHAVIOR), Some(hwprobe::BASE_BEHAVIOR_IMA));
        assert_eq!(hwprobe::value(hwprobe::KEY_TIME_CSR_FREQ), Some(TIME_FREQUENCY));
        assert_eq!(hwprobe::value(hwprobe::KEY_CPUPERF_0), Some(hwprobe::MISALIGNED_FAST));
        assert_eq!(hwprobe::value(6), None, "no Zicboz block size without Zicboz");
        assert_eq!(hwprobe::value(-1), None);
    }
}
