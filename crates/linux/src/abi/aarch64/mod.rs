//! The aarch64 (arm64) Linux ABI.
//!
//! System call convention: number in x8, arguments in x0..x5, result in x0 (a negative
//! errno on failure). Numbers are the asm-generic ones (`syscalls::aarch64::Sysno`).
//!
//! # Which constants equal the x86_64 host's, and why passing them through is safe
//!
//! arm64 takes nearly all of its uapi from asm-generic, and so does x86_64 for the sets
//! below, so the numbers are the same by construction. Each was also checked by printing
//! it from both architectures' headers:
//! - errno values: both use asm-generic/errno-base.h and errno.h ([`errno_to_guest`] is
//!   the identity).
//! - signal numbers 1..=64 (asm-generic/signal.h; x86_64 has the same numbering), the
//!   `sigset_t` bit layout (bit n-1 for signal n, one 64-bit word), SA_* flags including
//!   SA_RESTORER (0x04000000 on both), SIG_BLOCK/UNBLOCK/SETMASK, SS_ONSTACK/SS_DISABLE/
//!   SS_AUTODISARM.
//! - fcntl commands (F_DUPFD .. F_GETSIG, F_SETOWN_EX/F_GETOWN_EX, F_OFD_*, and the
//!   1024+ Linux ones), F_RDLCK/F_WRLCK/F_UNLCK, FD_CLOEXEC; `struct flock` has the same
//!   shape (still converted field by field).
//! - mmap: PROT_READ/WRITE/EXEC/SEM/GROWSDOWN/GROWSUP and every MAP_* flag of
//!   asm-generic/mman-common.h (x86_64 adds MAP_32BIT 0x40 and MAP_ABOVE4G 0x80, which
//!   aarch64 does not define: the mmap handler strips them); MREMAP_*, MS_*, MADV_*,
//!   MCL_*. arm64 adds PROT_BTI (0x10) and PROT_MTE (0x20), handled in [`ABI`].
//! - AT_* flags, AT_FDCWD, RENAME_*, clock ids (linux/time.h), TIMER_ABSTIME, UTIME_NOW/
//!   UTIME_OMIT, RLIMIT_* resource numbers (both asm-generic/resource.h) and
//!   RLIM_INFINITY, RUSAGE_*, PRIO_*, GRND_*, futex ops and flags (linux/futex.h), PR_*
//!   prctl options common to both, personality values, XATTR_*, SEEK_*, LOCK_*.
//! - tty ioctls: both use asm-generic/ioctls.h and asm-generic/ioctl.h, so TCGETS 0x5401,
//!   TCSETS/W/F 0x5402..4, TIOCGWINSZ 0x5413, TIOCSWINSZ 0x5414, FIONREAD 0x541B, FIONBIO
//!   0x5421, FIONCLEX 0x5450, FIOCLEX 0x5451, TIOCGPGRP 0x540F, TIOCSPGRP 0x5410, ... are
//!   equal; the termios flag bits and c_cc indices (asm-generic/termbits.h) are equal and
//!   the kernel `struct termios` (36 bytes) has the same layout (still converted).
//!
//! What differs, and is translated:
//! - open flags O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE ([`OPEN_FLAGS`]): the same
//!   four bit positions, permuted, so translation is a bit permutation both ways.
//! - structures: every one that crosses the guest/host line has a layout
//!   ([`layout::LAYOUTS`], asm-generic's LP64 set); those that differ from x86_64's
//!   (`struct stat`, `struct epoll_event`, `struct semid64_ds`) are converted, the others
//!   go to the host as they are because the layouts compare equal, and the probe test
//!   checks every field against aarch64-linux-gnu-gcc.
//! - MINSIGSTKSZ 5120 (x86_64: 2048), enforced by `sigaltstack`.

pub mod layout;
pub mod signal;

use super::{Abi, FlagMap, SyscallDef};
use crate::arch::{common_fault_signal, CloneOrder, CpuInfo, CpuModel, Entry, GuestArch, GuestLibraries};
use crate::host::open_flags as host;
use crossrun_loader::ElfId;
use crossrun_ir::{CpuState, Reg};
use std::sync::Arc;
use syscalls::aarch64::Sysno;

/// The aarch64 guest.
pub static ARCH: GuestArch = GuestArch {
    name: "aarch64",
    elf: ElfId { machine: 183, is_64: true },
    abi: &ABI,
    signals: &signal::SIGNALS,
    frontend: |_| Arc::new(crossrun_a64::A64Frontend),
    cpu_models: CPU_MODELS,
    address_bits: ADDRESS_BITS,
    fixed_pages: &[],
    cpuinfo,
    // crossrun-a64 keeps SP in X(31) (the zero register is never stored).
    stack_pointer: Reg::X(31),
    set_thread_pointer: |cpu, tp| cpu.thread_pointer = tp,
    clone_order: CloneOrder::TlsBeforeChildTid,
    entry: |cpu, e: &Entry| {
        cpu.pc = e.pc;
        cpu.x[31] = e.sp;
    },
    // SVC is always 4 bytes.
    syscall_insn_len: |_| 4,
    fault_signal: common_fault_signal,
    // The size of an rt_sigframe without SVE state, rounded up: what the kernel reports
    // for such a CPU.
    min_signal_stack: Some(5120),
    libraries: &[GuestLibraries { cross_sysroot: "/usr/aarch64-linux-gnu", debian_arch: "arm64", e_flags_mask: 0, e_flags_value: 0 }],
    gdb: Some(&crossrun_a64::gdb::GDB),
};

/// `-cpu` models. Each runs the same implemented feature set and reports the same
/// identification (a Cortex-A72 r0p3); the names are accepted so qemu command lines keep
/// working.
static CPU_MODELS: &[CpuModel] = &[
    model("max", "every feature crossrun implements"),
    model("cortex-a53", "accepted for qemu compatibility; same as max"),
    model("cortex-a57", "accepted for qemu compatibility; same as max"),
    model("cortex-a72", "accepted for qemu compatibility; same as max"),
    model("neoverse-n1", "accepted for qemu compatibility; same as max"),
];

const fn model(name: &'static str, description: &'static str) -> CpuModel {
    CpuModel {
        name,
        description,
        hwcap: crossrun_a64::HWCAP,
        hwcap2: crossrun_a64::HWCAP2,
        platform: Some("aarch64"),
        uname_machine: "aarch64",
        cpu_id: crossrun_a64::MIDR,
    }
}

/// 48-bit virtual addresses (TASK_SIZE); the host offers 47, which programs accept.
const ADDRESS_BITS: u32 = 48;

/// The names the arm64 kernel prints in /proc/cpuinfo for AT_HWCAP bits 0, 1, 2...
/// (arch/arm64/kernel/cpuinfo.c, in HWCAP bit order).
const HWCAP_NAMES: &[&str] = &[
    "fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics", "fphp", "asimdhp", "cpuid",
    "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4", "asimddp", "sha512", "sve", "asimdfhm",
    "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca", "pacg",
];

/// The arm64 kernel's /proc/cpuinfo format, one block per CPU. The identification fields
/// are MIDR_EL1's, decoded as the kernel does.
fn cpuinfo(c: &CpuInfo<'_>) -> String {
    let features: Vec<&str> =
        HWCAP_NAMES.iter().enumerate().filter(|&(bit, _)| c.hwcap & (1 << bit) != 0).map(|(_, n)| *n).collect();
    let midr = c.model.cpu_id;
    let mut out = String::new();
    for cpu in 0..c.cpus {
        out += &format!(
            "processor\t: {cpu}\nBogoMIPS\t: 50.00\nFeatures\t: {}\nCPU implementer\t: {:#04x}\nCPU architecture: 8\n\
             CPU variant\t: {:#x}\nCPU part\t: {:#05x}\nCPU revision\t: {}\n\n",
            features.join(" "),
            (midr >> 24) & 0xff,
            (midr >> 20) & 0xf,
            (midr >> 4) & 0xfff,
            midr & 0xf,
        );
    }
    out
}

/// Guest (aarch64) and host (x86_64) bits of the open flags that differ.
pub const OPEN_FLAGS: FlagMap = FlagMap {
    pairs: &[
        (O_DIRECTORY, host::O_DIRECTORY),
        (O_NOFOLLOW, host::O_NOFOLLOW),
        (O_DIRECT, host::O_DIRECT),
        (O_LARGEFILE, host::O_LARGEFILE),
    ],
};

pub const O_DIRECTORY: u32 = 0o40000;
pub const O_NOFOLLOW: u32 = 0o100000;
pub const O_DIRECT: u32 = 0o200000;
pub const O_LARGEFILE: u32 = 0o400000;

pub const PROT_BTI: u32 = 0x10;
pub const PROT_MTE: u32 = 0x20;

pub static OPEN_FLAG_NAMES: &[(u32, &str)] = &[
    (0o100, "O_CREAT"),
    (0o200, "O_EXCL"),
    (0o400, "O_NOCTTY"),
    (0o1000, "O_TRUNC"),
    (0o2000, "O_APPEND"),
    (0o4000, "O_NONBLOCK"),
    (0o10000, "O_DSYNC"),
    (0o20000, "O_ASYNC"),
    (O_DIRECTORY, "O_DIRECTORY"),
    (O_NOFOLLOW, "O_NOFOLLOW"),
    (O_DIRECT, "O_DIRECT"),
    (O_LARGEFILE, "O_LARGEFILE"),
    (0o1000000, "O_NOATIME"),
    (0o2000000, "O_CLOEXEC"),
    (0o4000000, "O_SYNC"),
    (0o10000000, "O_PATH"),
    (0o20000000, "O_TMPFILE"),
];

fn syscall_args(cpu: &CpuState) -> (u64, [u64; 6]) {
    (cpu.x[8], [cpu.x[0], cpu.x[1], cpu.x[2], cpu.x[3], cpu.x[4], cpu.x[5]])
}

fn set_syscall(cpu: &mut CpuState, nr: u64, args: &[u64; 6]) {
    cpu.x[8] = nr;
    cpu.x[..6].copy_from_slice(args);
}

fn set_return(cpu: &mut CpuState, v: u64) {
    cpu.x[0] = v;
}

fn result(cpu: &CpuState) -> u64 {
    cpu.x[0]
}

fn syscall_name(nr: u64) -> Option<&'static str> {
    match Sysno::new(usize::try_from(nr).ok()?)? {
        // The kernel's name (sys_newfstatat); the crate calls it fstatat.
        Sysno::fstatat => Some("newfstatat"),
        s => Some(s.name()),
    }
}

/// asm-generic errno numbers are x86_64's.
fn errno_to_guest(host: i32) -> i32 {
    host
}

/// The implemented system calls, sorted by number. Everything else is ENOSYS.
static SYSCALLS: &[SyscallDef] = asm_generic_syscalls!(Sysno;
    newfstatat: fstatat;
    renameat {
        renameat => crate::sys::fs::renameat, [Dirfd, Str, Dirfd, Str], Int;
    }
    arch {}
);

/// The aarch64 Linux ABI.
pub static ABI: Abi = Abi {
    name: "aarch64",
    syscalls: SYSCALLS,
    syscall_name,
    syscall_args,
    set_syscall,
    set_return,
    result,
    errno_to_guest,
    layouts: &layout::LAYOUTS,
    open_flags: OPEN_FLAGS,
    open_flag_names: OPEN_FLAG_NAMES,
    arch_prot_bits: PROT_BTI | PROT_MTE,
    minsigstksz: 5120,
    task_size: 1 << ADDRESS_BITS,
    // arm64's SHMLBA is 4 pages (for 32-bit compatibility with VIPT caches).
    shmlba: 4 * 4096,
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
            assert!(d.args.len() <= 6);
            assert_eq!(ABI.lookup(d.nr as u64).map(|x| x.name), Some(d.name));
        }
    }

    #[test]
    fn numbers_are_the_asm_generic_ones() {
        // Spot checks against arm64's asm/unistd.h (asm-generic/unistd.h).
        let nr = |name: &str| SYSCALLS.iter().find(|d| d.name == name).map(|d| d.nr);
        assert_eq!(nr("openat"), Some(56));
        assert_eq!(nr("read"), Some(63));
        assert_eq!(nr("write"), Some(64));
        assert_eq!(nr("newfstatat"), Some(79));
        assert_eq!(nr("fstat"), Some(80));
        assert_eq!(nr("exit_group"), Some(94));
        assert_eq!(nr("rt_sigreturn"), Some(139));
        assert_eq!(nr("getrlimit"), Some(163));
        assert_eq!(nr("brk"), Some(214));
        assert_eq!(nr("mmap"), Some(222));
        assert_eq!(nr("rseq"), Some(293));
        assert_eq!(syscall_name(220), Some("clone"));
        assert_eq!(syscall_name(100_000), None);
    }

    #[test]
    fn cpuinfo_features_follow_hwcap() {
        let c = cpuinfo(&CpuInfo { model: &CPU_MODELS[0], hwcap: 0b1_1000_0011, hwcap2: 0, cpus: 1 });
        assert!(c.contains("Features\t: fp asimd crc32 atomics\n"), "{c}");
        assert!(c.contains("CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n"), "{c}");
    }

    #[test]
    fn open_flags_translate_both_ways() {
        let m = OPEN_FLAGS;
        // The four bits that differ, with their x86_64 values written out (and checked
        // against the libc crate where it has the kernel's value).
        assert_eq!(host::O_DIRECTORY, libc::O_DIRECTORY as u32);
        assert_eq!(host::O_NOFOLLOW, libc::O_NOFOLLOW as u32);
        assert_eq!(host::O_DIRECT, libc::O_DIRECT as u32);
        assert_eq!(m.to_host(O_DIRECTORY), 0o200000);
        assert_eq!(m.to_host(O_NOFOLLOW), 0o400000);
        assert_eq!(m.to_host(O_DIRECT), 0o40000);
        assert_eq!(m.to_host(O_LARGEFILE), 0o100000);
        assert_eq!(m.to_guest(0o200000), O_DIRECTORY);
        assert_eq!(m.to_guest(0o100000), O_LARGEFILE);
        // Everything else is the same bit on both sides.
        let common = libc::O_WRONLY | libc::O_RDWR | libc::O_CREAT | libc::O_EXCL | libc::O_NOCTTY | libc::O_TRUNC
            | libc::O_APPEND | libc::O_NONBLOCK | libc::O_DSYNC | libc::O_ASYNC | libc::O_NOATIME | libc::O_CLOEXEC
            | libc::O_SYNC | libc::O_PATH;
        assert_eq!(m.to_host(common as u32), common as u32);
        // O_TMPFILE is __O_TMPFILE | O_DIRECTORY: its directory bit moves too.
        assert_eq!(m.to_host(0o20000000 | O_DIRECTORY), libc::O_TMPFILE as u32);
        // The moved bits are the same positions on both sides: a permutation.
        let guest: u32 = m.pairs.iter().map(|p| p.0).sum();
        let host: u32 = m.pairs.iter().map(|p| p.1).sum();
        assert_eq!(guest, host);
        for v in [0u32, 0o777777, 0xffff_ffff, O_DIRECTORY | O_NOFOLLOW | 0o2000000] {
            assert_eq!(m.to_guest(m.to_host(v)), v);
        }
    }
}
