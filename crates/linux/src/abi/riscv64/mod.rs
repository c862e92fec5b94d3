//! The riscv64 Linux ABI.
//!
//! System call convention: number in a7 (x17), arguments in a0..a5 (x10..x15), result in
//! a0 (a negative errno on failure). Numbers are the asm-generic ones
//! (`syscalls::riscv64::Sysno`), plus riscv's own `riscv_hwprobe` (258) and
//! `riscv_flush_icache` (259) in the architecture range.
//!
//! What differs from the x86_64 host and is translated, as for aarch64 (see its module
//! for the full list of what is the same by construction): `struct stat`, `struct
//! sigaction` (riscv64's has no `sa_restorer`: the kernel defines no SA_RESTORER and
//! returns from handlers through the vDSO), MINSIGSTKSZ. The open flags are asm-generic's,
//! the same bits as x86_64's, so they pass unchanged.

pub mod layout;
pub mod signal;
mod hwprobe;

use super::{Abi, FlagMap, SyscallDef};
use crate::arch::{common_fault_signal, CloneOrder, CpuInfo, CpuModel, Entry, GuestArch, GuestLibraries};
use crossrun_ir::{CpuState, Reg};
use crossrun_loader::ElfId;
use std::sync::Arc;
use syscalls::riscv64::Sysno;

/// The riscv64 guest.
pub static ARCH: GuestArch = GuestArch {
    name: "riscv64",
    elf: ElfId { machine: 243, is_64: true },
    abi: &ABI,
    signals: &signal::SIGNALS,
    frontend: |_| Arc::new(crossrun_rv64::Rv64Frontend),
    cpu_models: CPU_MODELS,
    address_bits: ADDRESS_BITS,
    fixed_pages: &[],
    cpuinfo,
    stack_pointer: Reg::X(2),
    set_thread_pointer: |cpu, tp| cpu.x[4] = tp,
    clone_order: CloneOrder::TlsBeforeChildTid,
    entry: |cpu, e: &Entry| {
        cpu.pc = e.pc;
        cpu.x[2] = e.sp;
    },
    // ECALL has no compressed form.
    syscall_insn_len: |_| 4,
    fault_signal: common_fault_signal,
    // The kernel reports its rt_sigframe size (without vector state, 1088 bytes).
    min_signal_stack: Some(signal::FRAME_SIZE as u64),
    libraries: &[GuestLibraries { cross_sysroot: "/usr/riscv64-linux-gnu", debian_arch: "riscv64", e_flags_mask: 0, e_flags_value: 0 }],
    gdb: Some(&crossrun_rv64::gdb::GDB),
};

/// `-cpu` models: the frontend implements one feature set, and every model is it.
static CPU_MODELS: &[CpuModel] = &[
    model("rv64", "RV64GC with Zba, Zbb, Zbs, Zicond and the hints crossrun implements"),
    model("max", "the same as rv64"),
];

const fn model(name: &'static str, description: &'static str) -> CpuModel {
    // The riscv kernel's ELF_PLATFORM is NULL: no AT_PLATFORM.
    CpuModel { name, description, hwcap: crossrun_rv64::HWCAP, hwcap2: 0, platform: None, uname_machine: "riscv64", cpu_id: crossrun_rv64::MVENDORID }
}

/// The address translation mode /proc/cpuinfo names and TASK_SIZE follows: Sv48, 47-bit
/// user addresses (the host's limit too).
const MMU: &str = "sv48";
const ADDRESS_BITS: u32 = 47;

/// The riscv kernel's /proc/cpuinfo (arch/riscv/kernel/cpu.c, c_show).
fn cpuinfo(c: &CpuInfo<'_>) -> String {
    let isa = crossrun_rv64::ISA_STRING;
    let mut out = String::new();
    for cpu in 0..c.cpus {
        out += &format!(
            "processor\t: {cpu}\nhart\t\t: {cpu}\nisa\t\t: {isa}\nmmu\t\t: {MMU}\nmvendorid\t: {:#x}\nmarchid\t\t: {:#x}\n\
             mimpid\t\t: {:#x}\nhart isa\t: {isa}\n\n",
            crossrun_rv64::MVENDORID,
            crossrun_rv64::MARCHID,
            crossrun_rv64::MIMPID,
        );
    }
    out
}

fn syscall_args(cpu: &CpuState) -> (u64, [u64; 6]) {
    (cpu.x[17], [cpu.x[10], cpu.x[11], cpu.x[12], cpu.x[13], cpu.x[14], cpu.x[15]])
}

fn set_syscall(cpu: &mut CpuState, nr: u64, args: &[u64; 6]) {
    cpu.x[17] = nr;
    cpu.x[10..16].copy_from_slice(args);
}

fn set_return(cpu: &mut CpuState, v: u64) {
    cpu.x[10] = v;
}

fn result(cpu: &CpuState) -> u64 {
    cpu.x[10]
}

fn syscall_name(nr: u64) -> Option<&'static str> {
    Some(Sysno::new(usize::try_from(nr).ok()?)?.name())
}

/// asm-generic errno numbers are x86_64's.
fn errno_to_guest(host: i32) -> i32 {
    host
}

/// The implemented system calls, sorted by number. Everything else is ENOSYS.
static SYSCALLS: &[SyscallDef] = asm_generic_syscalls!(Sysno;
    newfstatat: newfstatat;
    renameat {}
    arch {
        riscv_hwprobe => hwprobe::riscv_hwprobe, [Ptr, Unsigned, Unsigned, Ptr, Hex], Int;
        riscv_flush_icache => hwprobe::riscv_flush_icache, [Hex, Hex, Hex], Int;
    }
);

static OPEN_FLAG_NAMES: &[(u32, &str)] = &[
    (0o100, "O_CREAT"),
    (0o200, "O_EXCL"),
    (0o400, "O_NOCTTY"),
    (0o1000, "O_TRUNC"),
    (0o2000, "O_APPEND"),
    (0o4000, "O_NONBLOCK"),
    (0o10000, "O_DSYNC"),
    (0o20000, "O_ASYNC"),
    (0o40000, "O_DIRECT"),
    (0o100000, "O_LARGEFILE"),
    (0o200000, "O_DIRECTORY"),
    (0o400000, "O_NOFOLLOW"),
    (0o1000000, "O_NOATIME"),
    (0o2000000, "O_CLOEXEC"),
    (0o4000000, "O_SYNC"),
    (0o10000000, "O_PATH"),
    (0o20000000, "O_TMPFILE"),
];

/// The riscv64 Linux ABI.
pub static ABI: Abi = Abi {
    name: "riscv64",
    syscalls: SYSCALLS,
    syscall_name,
    syscall_args,
    set_syscall,
    set_return,
    result,
    errno_to_guest,
    layouts: &layout::LAYOUTS,
    // asm-generic/fcntl.h, like the host's: nothing moves.
    open_flags: FlagMap { pairs: &[] },
    open_flag_names: OPEN_FLAG_NAMES,
    arch_prot_bits: 0,
    // asm-generic/signal.h.
    minsigstksz: 2048,
    task_size: 1 << ADDRESS_BITS,
    // asm-generic/shmparam.h: one page.
    shmlba: 4096,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_named_after_its_numbers() {
        for w in SYSCALLS.windows(2) {
            assert!(w[0].nr < w[1].nr, "{} ({}) before {} ({})", w[0].name, w[0].nr, w[1].name, w[1].nr);
        }
        for d in SYSCALLS {
            assert_eq!(syscall_name(d.nr as u64), Some(d.name));
            assert_eq!(ABI.lookup(d.nr as u64).map(|x| x.name), Some(d.name));
        }
        let nr = |name: &str| SYSCALLS.iter().find(|d| d.name == name).map(|d| d.nr);
        // Spot checks against asm-generic/unistd.h and riscv's asm/unistd.h.
        assert_eq!(nr("newfstatat"), Some(79));
        assert_eq!(nr("rt_sigreturn"), Some(139));
        assert_eq!(nr("riscv_hwprobe"), Some(258));
        assert_eq!(nr("riscv_flush_icache"), Some(259));
        assert_eq!(nr("renameat"), None, "riscv64 has only renameat2");
        // The same calls as aarch64's, but for renameat and riscv's own two.
        let others: Vec<&str> = crate::abi::aarch64::ABI.syscalls.iter().map(|d| d.name).filter(|n| *n != "renameat").collect();
        let ours: Vec<&str> = SYSCALLS.iter().map(|d| d.name).filter(|n| !n.starts_with("riscv_")).collect();
        assert_eq!(ours, others);
    }

    #[test]
    fn cpuinfo_has_the_isa_line() {
        let c = cpuinfo(&CpuInfo { model: &CPU_MODELS[0], hwcap: crossrun_rv64::HWCAP, hwcap2: 0, cpus: 2 });
        assert!(c.starts_with("processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc"), "{c}");
        assert!(c.contains("\nmmu\t\t: sv48\nmvendorid\t: 0x0\n"), "{c}");
        assert_eq!(c.matches("processor\t:").count(), 2);
    }

    #[test]
    fn registers_of_the_calling_convention() {
        let mut cpu = CpuState::default();
        set_syscall(&mut cpu, 64, &[1, 2, 3, 4, 5, 6]);
        assert_eq!((cpu.x[17], cpu.x[10], cpu.x[15]), (64, 1, 6));
        assert_eq!(syscall_args(&cpu), (64, [1, 2, 3, 4, 5, 6]));
        set_return(&mut cpu, 9);
        assert_eq!(result(&cpu), 9);
    }
}
