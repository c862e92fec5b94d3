//! The guest-architecture layer: one descriptor per guest.
//!
//! A guest architecture is four things: its frontend crate (instructions → IR), its ABI
//! table ([`crate::abi::Abi`]: syscall numbers, argument registers, structure layouts,
//! flag translations), its signal module ([`crate::signal::SignalArch`]: the signal
//! frame and the sigreturn path) and the [`GuestArch`] descriptor below, which ties them
//! together with the remaining facts: how its programs are recognised, what the process
//! sees of the CPU (platform, HWCAP, /proc/cpuinfo, CPU models), which registers hold the
//! stack pointer and the thread pointer, where its C library lives on a Debian host, and
//! how a fault becomes a signal. Each guest's descriptor lives in its own module under
//! [`crate::abi`]; [`GUESTS`] lists them. Nothing outside those modules knows which guest
//! runs: the run loop, signal delivery, clone, exec, /proc, the loader, the JIT and the
//! CLI ask the descriptor.

use crate::abi::Abi;
use crossrun_loader::ElfId;
use crate::signal::SignalArch;
use crossrun_ir::{CpuState, Frontend, Reg};
use crossrun_memory::space::MapRequest;
use crossrun_memory::{GuestSpace, Protection};
use std::sync::Arc;

/// Every guest crossrun runs.
pub static GUESTS: &[&GuestArch] = &[&crate::abi::aarch64::ARCH, &crate::abi::riscv64::ARCH, &crate::abi::arm::ARCH];

/// The guest whose programs are ELF files for `elf`, if crossrun runs it.
pub fn for_elf(elf: ElfId) -> Option<&'static GuestArch> {
    GUESTS.iter().copied().find(|g| g.elf == elf)
}

/// The guest called `name` (as `-cpu help`, binfmt and messages name it).
pub fn by_name(name: &str) -> Option<&'static GuestArch> {
    GUESTS.iter().copied().find(|g| g.name == name)
}

/// A CPU model `-cpu` selects: the features the guest is told about and the
/// identification it reads. Models that share a frontend differ only in what they
/// report; a frontend implements every feature any of its models advertises.
#[derive(Debug)]
pub struct CpuModel {
    pub name: &'static str,
    pub description: &'static str,
    /// AT_HWCAP and AT_HWCAP2.
    pub hwcap: u64,
    pub hwcap2: u64,
    /// AT_PLATFORM, for kernels that give one (riscv64's does not; arm's names the
    /// architecture version: `v7l`).
    pub platform: Option<&'static str>,
    /// What `uname` reports as the machine (arm's kernel names the architecture
    /// version: `armv7l`).
    pub uname_machine: &'static str,
    /// The main identification register (MIDR_EL1 on aarch64, mvendorid/marchid/mimpid
    /// packed as the guest's module says on riscv64), for /proc/cpuinfo and the guest's
    /// own reads.
    pub cpu_id: u64,
}

/// Where a guest's C library may be found on a Debian host (see the CLI's sysroot
/// choice). A guest may have several, one per ABI variant its programs are built for
/// (arm: hard-float `armhf` and soft-float `armel`), told apart by `e_flags`.
#[derive(Clone, Copy, Debug)]
pub struct GuestLibraries {
    /// The cross toolchain's sysroot (e.g. `/usr/aarch64-linux-gnu`).
    pub cross_sysroot: &'static str,
    /// Debian's name for the architecture (`arm64`), for hints in messages and
    /// `rootfs create --arch`.
    pub debian_arch: &'static str,
    /// The programs this C library is for: those whose `e_flags & mask == value`.
    pub e_flags_mask: u32,
    pub e_flags_value: u32,
}

/// A page the guest's kernel maps into every process at a fixed address (arm's kuser
/// helpers at 0xffff0000), read-only and executable.
#[derive(Debug)]
pub struct FixedPage {
    pub addr: u64,
    /// Its contents from its start; the rest of the page is zero.
    pub contents: &'static [u8],
}

/// Why a guest instruction could not complete, in terms every guest shares; the guest's
/// module turns it into a signal and into whatever its signal frame records (arm64's
/// ESR, for one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultCause {
    /// An undefined or unimplemented instruction.
    Undefined { insn: u32 },
    /// A breakpoint instruction with its immediate.
    Breakpoint { imm: u16 },
    /// The pc is misaligned.
    PcAlignment,
    /// The instruction at the pc could not be fetched.
    Fetch,
    /// A data access to memory that is not mapped (`mapped` false) or not accessible.
    Data { write: bool, mapped: bool },
    /// A data access to a file mapping beyond the end of its file.
    Bus { write: bool },
    /// A misaligned exclusive or atomic access.
    Alignment { write: bool },
    /// A trap into the kernel the kernel refuses as an illegal trap (arm's ARM-private
    /// system calls for 26-bit mode on a core without it).
    IllegalTrap,
}

/// The order of clone's last three arguments, which kernels configure per architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloneOrder {
    /// `clone(flags, newsp, parent_tid, tls, child_tid)`: CONFIG_CLONE_BACKWARDS (arm,
    /// arm64, riscv).
    TlsBeforeChildTid,
    /// `clone(flags, newsp, parent_tid, child_tid, tls)`: the generic order (x86_64).
    ChildTidBeforeTls,
}

/// clone's arguments by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneCall {
    pub flags: u64,
    pub newsp: u64,
    pub parent_tid: u64,
    pub child_tid: u64,
    pub tls: u64,
}

impl CloneOrder {
    pub fn split(self, a: &[u64; 6]) -> CloneCall {
        let (child_tid, tls) = match self {
            CloneOrder::TlsBeforeChildTid => (a[4], a[3]),
            CloneOrder::ChildTidBeforeTls => (a[3], a[4]),
        };
        CloneCall { flags: a[0], newsp: a[1], parent_tid: a[2], child_tid, tls }
    }
}

/// What the guest's registers hold at its first instruction.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// The entry point (the dynamic linker's or the program's), as the ELF file gives it.
    pub pc: u64,
    /// The initial stack pointer (pointing at argc).
    pub sp: u64,
}

/// What /proc/cpuinfo shows.
#[derive(Clone, Copy, Debug)]
pub struct CpuInfo<'a> {
    pub model: &'a CpuModel,
    /// AT_HWCAP and AT_HWCAP2 as the guest was given them.
    pub hwcap: u64,
    pub hwcap2: u64,
    /// How many CPUs to list.
    pub cpus: usize,
}

/// One guest architecture.
pub struct GuestArch {
    /// The name used by `-cpu help`, binfmt and messages (`aarch64`).
    pub name: &'static str,
    /// Which ELF files are this guest's programs.
    pub elf: ElfId,
    pub abi: &'static Abi,
    pub signals: &'static SignalArch,
    /// A new frontend for this guest.
    pub frontend: fn(&CpuModel) -> Arc<dyn Frontend>,
    /// `-cpu` models; the first is the default.
    pub cpu_models: &'static [CpuModel],
    /// The guest's user addresses have this many bits; with fewer than the host's 47,
    /// all its mappings are held below `1 << address_bits` (see
    /// `crossrun_memory::GuestSpace::with_address_bits`).
    pub address_bits: u32,
    /// Pages mapped into every process at fixed addresses.
    pub fixed_pages: &'static [FixedPage],
    /// /proc/cpuinfo, in the guest kernel's format.
    pub cpuinfo: fn(&CpuInfo<'_>) -> String,
    /// The register that holds the stack pointer (signal frames, clone's new stack, the
    /// JIT's pinned register).
    pub stack_pointer: Reg,
    /// Sets the thread pointer as clone's CLONE_SETTLS does.
    pub set_thread_pointer: fn(&mut CpuState, u64),
    pub clone_order: CloneOrder,
    /// The registers at the program's first instruction (pc and stack pointer; the
    /// rest are the frontend's initial state).
    pub entry: fn(&mut CpuState, &Entry),
    /// The length of the system call instruction the guest stopped after, so a restarted
    /// call goes back to it.
    pub syscall_insn_len: fn(&CpuState) -> u64,
    /// The signal and si_code a fault raises.
    pub fault_signal: fn(&FaultCause) -> (i32, i32),
    /// AT_MINSIGSTKSZ: the smallest stack the guest's signal frame fits in, or None if
    /// the guest's kernel does not report one.
    pub min_signal_stack: Option<u64>,
    /// Its C libraries; the first is for programs no other one matches.
    pub libraries: &'static [GuestLibraries],
    /// How gdb sees the guest's registers (the `-g` stub), if described yet.
    pub gdb: Option<&'static crossrun_ir::gdb::GdbDescription>,
}

impl std::fmt::Debug for GuestArch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuestArch").field("name", &self.name).finish_non_exhaustive()
    }
}

impl GuestArch {
    /// The CPU model `-cpu` names (the part before any `,feature` suffix), or the
    /// default.
    pub fn cpu_model(&self, name: Option<&str>) -> Option<&'static CpuModel> {
        match name.map(|n| n.split(',').next().unwrap_or_default()) {
            None => self.cpu_models.first(),
            Some(n) => self.cpu_models.iter().find(|m| m.name == n),
        }
    }

    pub fn stack_pointer(&self, cpu: &CpuState) -> u64 {
        cpu.get(self.stack_pointer) as u64
    }

    pub fn set_stack_pointer(&self, cpu: &mut CpuState, sp: u64) {
        cpu.set(self.stack_pointer, sp as u128);
    }

    /// The C library a program with ELF flags `e_flags` uses.
    pub fn libraries_for(&self, e_flags: u32) -> &'static GuestLibraries {
        self.libraries.iter().find(|l| e_flags & l.e_flags_mask == l.e_flags_value).unwrap_or(&self.libraries[0])
    }

    /// The guest's address space, with its fixed pages mapped: call it before crossrun
    /// maps anything large (a guest held below 4 GiB reserves that range here).
    pub fn new_space(&self) -> Result<GuestSpace, String> {
        let mut space = GuestSpace::with_address_bits(self.address_bits)
            .map_err(|e| format!("cannot reserve the {}-bit guest address space: {e}", self.address_bits))?;
        for page in self.fixed_pages {
            let len = crossrun_memory::PAGE_SIZE;
            let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE;
            let failed = |e: crossrun_memory::MapError| format!("cannot map the guest's page at {:#x}: errno {}", page.addr, e.errno());
            space.map(MapRequest { addr: page.addr, len, prot: Protection::RW, flags, fd: -1, offset: 0 }).map_err(failed)?;
            crossrun_memory::access::write_bytes(page.addr, page.contents)
                .map_err(|f| format!("cannot fill the guest's page at {:#x}", f.addr))?;
            space.protect(page.addr, len, Protection::RX).map_err(failed)?;
        }
        Ok(space)
    }
}

/// The si_code values of asm-generic/siginfo.h that faults use.
pub mod si_code {
    pub const ILL_ILLOPC: i32 = 1;
    pub const ILL_ILLTRP: i32 = 4;
    pub const TRAP_BRKPT: i32 = 1;
    pub const BUS_ADRALN: i32 = 1;
    pub const BUS_ADRERR: i32 = 2;
    pub const SEGV_MAPERR: i32 = 1;
    pub const SEGV_ACCERR: i32 = 2;
}

/// The signal of a fault as most Linux architectures raise it (the asm-generic si_codes:
/// SIGILL/ILL_ILLOPC or ILL_ILLTRP, SIGTRAP/TRAP_BRKPT, SIGBUS/BUS_ADRALN for misalignment,
/// SIGBUS/BUS_ADRERR past a file's end, SIGSEGV/SEGV_MAPERR or SEGV_ACCERR).
pub fn common_fault_signal(cause: &FaultCause) -> (i32, i32) {
    use si_code::*;
    match *cause {
        FaultCause::Undefined { .. } => (libc::SIGILL, ILL_ILLOPC),
        FaultCause::IllegalTrap => (libc::SIGILL, ILL_ILLTRP),
        FaultCause::Breakpoint { .. } => (libc::SIGTRAP, TRAP_BRKPT),
        FaultCause::PcAlignment | FaultCause::Alignment { .. } => (libc::SIGBUS, BUS_ADRALN),
        FaultCause::Bus { .. } => (libc::SIGBUS, BUS_ADRERR),
        FaultCause::Fetch | FaultCause::Data { mapped: false, .. } => (libc::SIGSEGV, SEGV_MAPERR),
        FaultCause::Data { mapped: true, .. } => (libc::SIGSEGV, SEGV_ACCERR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guests_are_found_by_their_elf_identity_and_name() {
        for g in GUESTS {
            assert!(std::ptr::eq(for_elf(g.elf).unwrap(), *g));
            assert!(std::ptr::eq(by_name(g.name).unwrap(), *g));
            assert!(!g.cpu_models.is_empty(), "{}: a default CPU model", g.name);
            assert!(g.cpu_model(None).is_some());
            assert_eq!(g.abi.name, g.name);
        }
        assert!(for_elf(ElfId { machine: 62, is_64: true }).is_none(), "x86_64 is the host");
    }

    #[test]
    fn address_bits_agree_with_task_size() {
        for g in GUESTS {
            assert_eq!(1u64 << g.address_bits, g.abi.task_size, "{}", g.name);
            for p in g.fixed_pages {
                assert!(p.addr + crossrun_memory::PAGE_SIZE <= g.abi.task_size && p.contents.len() as u64 <= crossrun_memory::PAGE_SIZE);
            }
        }
    }

    #[test]
    fn clone_orders() {
        let a = [1, 2, 3, 4, 5, 0];
        assert_eq!(CloneOrder::TlsBeforeChildTid.split(&a), CloneCall { flags: 1, newsp: 2, parent_tid: 3, tls: 4, child_tid: 5 });
        assert_eq!(CloneOrder::ChildTidBeforeTls.split(&a), CloneCall { flags: 1, newsp: 2, parent_tid: 3, child_tid: 4, tls: 5 });
    }
}
