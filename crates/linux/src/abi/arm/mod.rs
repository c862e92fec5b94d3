//! The 32-bit Arm (EABI) Linux ABI, for armhf and armel programs.
//!
//! System call convention: number in r7, arguments in r0..r5, result in r0 (a negative
//! errno on failure); `svc #0` is 4 bytes in Arm state and 2 in Thumb state. Numbers are
//! arm's own (`syscalls::arm::Sysno`, arch/arm/tools/syscall.tbl), plus the ARM-private
//! calls from 0x0f0000 ([`private`]).
//!
//! The guest is the one an arm64 kernel runs in AArch32 (compat) mode, with qemu-user's
//! 4 GiB address space: user addresses below 4 GiB (the stack ends at 0xffff0000, under
//! the kuser helpers page [`kuser`]), `long` and pointers 4 bytes. What the kernel
//! reports of the CPU follows the `-cpu` model: a 32-bit arm kernel's `armv7l`,
//! `armv6l`, `armv5tejl` and its /proc/cpuinfo for v5 to v7 models, and the arm64
//! kernel's `armv8l` (as it reports it to 32-bit processes under `linux32`) with its
//! compat /proc/cpuinfo for the ARMv8 models (qemu-arm says `armv7l` for every v7 and
//! v8 model; crossrun follows the kernels).
//!
//! What differs from the host besides the numbers, and where it is handled:
//! - 64-bit arguments come in aligned register pairs, `time_t` has 32-bit (time32
//!   calls) and 64-bit (`*_time64` calls, 403..423) forms, files have the `stat64`,
//!   `statfs64`, `flock64` and `_llseek` forms, and old calls (`open`, `pipe`, 16-bit
//!   ids...) survive: [`calls`], [`time`] and [`legacy`] marshal them onto the generic
//!   handlers;
//! - structures have 32-bit `long`s and pointers: [`layout`];
//! - the signal frames (`sigframe`, `rt_sigframe` with the VFP save area): [`signal`];
//! - open flags: arm64's are arm's, the same four bits permuted from x86_64's.
//!
//! The same as the host's (asm-generic or equal by construction): errno values, signal
//! numbers and `sigset_t` bits, SA_* flags (SA_RESTORER 0x04000000), mmap/mprotect
//! flags, fcntl commands but F_GETLK64/F_SETLK64/F_SETLKW64 (12..14), AT_* flags, clock
//! ids, futex operations, tty ioctl numbers.

mod calls;
pub mod kuser;
pub mod layout;
mod legacy;
pub mod private;
pub mod signal;
mod table;
mod time;

use super::Abi;
use crate::arch::{CloneOrder, CpuInfo, CpuModel, Entry, FaultCause, FixedPage, GuestArch, GuestLibraries};
use crossrun_a32::location;
use crossrun_ir::{CpuState, Reg};
use crossrun_loader::ElfId;
use std::sync::Arc;
use syscalls::arm::Sysno;

/// The arm guest.
pub static ARCH: GuestArch = GuestArch {
    name: "arm",
    elf: ElfId { machine: 40, is_64: false },
    abi: &ABI,
    signals: &signal::SIGNALS,
    frontend: |_| Arc::new(crossrun_a32::A32Frontend::default()),
    cpu_models: CPU_MODELS,
    address_bits: ADDRESS_BITS,
    fixed_pages: &[FixedPage { addr: kuser::PAGE, contents: &kuser::CONTENTS }],
    cpuinfo,
    // crossrun-a32 keeps R0..R14 in X(0..=14).
    stack_pointer: Reg::X(13),
    // TPIDRURO, what set_tls sets and `mrc p15, 0, rN, c13, c0, 3` reads.
    set_thread_pointer: |cpu, tp| cpu.thread_pointer = tp & 0xffff_ffff,
    // CONFIG_CLONE_BACKWARDS: clone(flags, newsp, parent_tid, tls, child_tid).
    clone_order: CloneOrder::TlsBeforeChildTid,
    entry,
    syscall_insn_len: |cpu| location::svc_len(cpu.pc) as u64,
    fault_signal,
    // arm has no AT_MINSIGSTKSZ.
    min_signal_stack: None,
    libraries: &[
        // Debian armhf: EF_ARM_ABI_FLOAT_HARD; also what a program without either float
        // ABI flag (static, or older EABI versions) gets.
        GuestLibraries { cross_sysroot: "/usr/arm-linux-gnueabihf", debian_arch: "armhf", e_flags_mask: EF_ARM_ABI_FLOAT_HARD, e_flags_value: EF_ARM_ABI_FLOAT_HARD },
        // Debian armel: EF_ARM_ABI_FLOAT_SOFT.
        GuestLibraries { cross_sysroot: "/usr/arm-linux-gnueabi", debian_arch: "armel", e_flags_mask: EF_ARM_ABI_FLOAT_SOFT, e_flags_value: EF_ARM_ABI_FLOAT_SOFT },
    ],
    // gdb's arm register description is the A32 frontend's to give; it has none yet.
    gdb: Some(&crossrun_a32::gdb::GDB),
};

/// e_flags bits of the EABI float ABI (elf.h).
pub const EF_ARM_ABI_FLOAT_SOFT: u32 = 0x200;
pub const EF_ARM_ABI_FLOAT_HARD: u32 = 0x400;

/// User addresses are 32 bits; TASK_SIZE is 4 GiB as under qemu-arm (the kuser page is
/// the top 64 KiB's first page).
const ADDRESS_BITS: u32 = 32;

/// The first instruction: the entry address's bit 0 selects Thumb state, as the
/// kernel's start_thread does; every other register but sp is zero (r0 = 0 tells a
/// static program's _start there is no dynamic linker's fini to register).
fn entry(cpu: &mut CpuState, e: &Entry) {
    cpu.pc = location::location(e.pc as u32 & !1, e.pc & 1 != 0, 0);
    cpu.x[13] = e.sp & 0xffff_ffff;
}

/// arm's fault signals are the common ones (arch/arm/mm/fault.c: SEGV_MAPERR or
/// SEGV_ACCERR, SIGBUS/BUS_ADRALN for alignment faults; traps.c: SIGILL/ILL_ILLOPC for
/// undefined instructions; SIGTRAP/TRAP_BRKPT for BKPT).
fn fault_signal(cause: &FaultCause) -> (i32, i32) {
    crate::arch::common_fault_signal(cause)
}

// AT_HWCAP bits (arch/arm/include/uapi/asm/hwcap.h).
pub const HWCAP_SWP: u64 = 1 << 0;
pub const HWCAP_HALF: u64 = 1 << 1;
pub const HWCAP_THUMB: u64 = 1 << 2;
pub const HWCAP_FAST_MULT: u64 = 1 << 4;
pub const HWCAP_VFP: u64 = 1 << 6;
pub const HWCAP_EDSP: u64 = 1 << 7;
pub const HWCAP_JAVA: u64 = 1 << 8;
pub const HWCAP_NEON: u64 = 1 << 12;
pub const HWCAP_VFPV3: u64 = 1 << 13;
pub const HWCAP_TLS: u64 = 1 << 15;
pub const HWCAP_VFPV4: u64 = 1 << 16;
pub const HWCAP_IDIVA: u64 = 1 << 17;
pub const HWCAP_IDIVT: u64 = 1 << 18;
pub const HWCAP_VFPD32: u64 = 1 << 19;
pub const HWCAP_LPAE: u64 = 1 << 20;
// AT_HWCAP2 bits.
pub const HWCAP2_AES: u64 = 1 << 0;
pub const HWCAP2_PMULL: u64 = 1 << 1;
pub const HWCAP2_SHA1: u64 = 1 << 2;
pub const HWCAP2_SHA2: u64 = 1 << 3;
pub const HWCAP2_CRC32: u64 = 1 << 4;

/// What an ARMv7-A core with VFPv4-D32, NEON and the division instructions reports (a
/// 32-bit kernel drops SWP for cores with LDREXB/STREXB: elf_hwcap_fixup).
const V7_HWCAP: u64 = HWCAP_HALF
    | HWCAP_THUMB
    | HWCAP_FAST_MULT
    | HWCAP_VFP
    | HWCAP_EDSP
    | HWCAP_NEON
    | HWCAP_VFPV3
    | HWCAP_TLS
    | HWCAP_VFPV4
    | HWCAP_IDIVA
    | HWCAP_IDIVT
    | HWCAP_VFPD32
    | HWCAP_LPAE;

/// What an arm64 kernel reports to 32-bit processes on an ARMv8-A core with the
/// cryptographic extension (COMPAT_ELF_HWCAP_DEFAULT and the MVFR/ID_ISAR5 features).
const V8_HWCAP2: u64 = HWCAP2_AES | HWCAP2_PMULL | HWCAP2_SHA1 | HWCAP2_SHA2 | HWCAP2_CRC32;

/// An ARM1176JZF-S (Raspberry Pi 1, Zero): ARMv6K with VFPv2 (16 double registers),
/// Jazelle, no Thumb-2, NEON or division.
const V6_HWCAP: u64 = HWCAP_HALF | HWCAP_THUMB | HWCAP_FAST_MULT | HWCAP_VFP | HWCAP_EDSP | HWCAP_JAVA | HWCAP_TLS;

/// An ARM926EJ-S (Debian armel's baseline, ARMv5TE): no VFP and no TLS register, so
/// programs use the kuser helpers.
const V5_HWCAP: u64 = HWCAP_SWP | HWCAP_HALF | HWCAP_THUMB | HWCAP_FAST_MULT | HWCAP_EDSP | HWCAP_JAVA;

/// `-cpu` models: the frontend runs every model's instructions (each model's are a
/// subset of max's); the models differ in what they report. The first is the default:
/// an ARMv7 core, what armhf programs are built for and what a 32-bit Arm board reports.
static CPU_MODELS: &[CpuModel] = &[
    v7("cortex-a15", "ARMv7-A, VFPv4-D32, NEON, division, LPAE (armv7l; the default)", 0x412f_c0f1),
    v7("cortex-a7", "ARMv7-A as cortex-a15, another MIDR (Raspberry Pi 2)", 0x410f_c075),
    v8("cortex-a53", "ARMv8-A AArch32 with CRC32 and the cryptographic extension (armv8l, as an arm64 kernel reports it)", 0x410f_d034),
    v8("max", "every feature crossrun implements: cortex-a53's", 0x410f_d034),
    CpuModel {
        name: "arm1176",
        description: "ARMv6K with VFPv2 (armv6l; Raspberry Pi 1 and Zero userlands)",
        hwcap: V6_HWCAP,
        hwcap2: 0,
        platform: Some("v6l"),
        uname_machine: "armv6l",
        cpu_id: 0x410f_b767,
    },
    CpuModel {
        name: "arm926",
        description: "ARMv5TE without VFP (armv5tejl; Debian armel's baseline)",
        hwcap: V5_HWCAP,
        hwcap2: 0,
        platform: Some("v5l"),
        uname_machine: "armv5tejl",
        cpu_id: 0x4106_9265,
    },
];

const fn v7(name: &'static str, description: &'static str, midr: u64) -> CpuModel {
    CpuModel { name, description, hwcap: V7_HWCAP, hwcap2: 0, platform: Some("v7l"), uname_machine: "armv7l", cpu_id: midr }
}

const fn v8(name: &'static str, description: &'static str, midr: u64) -> CpuModel {
    CpuModel { name, description, hwcap: V7_HWCAP, hwcap2: V8_HWCAP2, platform: Some("v8l"), uname_machine: "armv8l", cpu_id: midr }
}

/// The names both kernels print for AT_HWCAP bits 0, 1, 2... and AT_HWCAP2 bits
/// (arch/arm/kernel/setup.c hwcap_str/hwcap2_str, arm64's compat_hwcap_str).
const HWCAP_NAMES: &[&str] = &[
    "swp", "half", "thumb", "26bit", "fastmult", "fpa", "vfp", "edsp", "java", "iwmmxt", "crunch", "thumbee", "neon",
    "vfpv3", "vfpv3d16", "tls", "vfpv4", "idiva", "idivt", "vfpd32", "lpae", "evtstrm", "fphp", "asimdhp", "asimddp",
    "asimdfhm", "asimdbf16", "i8mm",
];
const HWCAP2_NAMES: &[&str] = &["aes", "pmull", "sha1", "sha2", "crc32", "sb", "ssbs"];

fn names(bits: u64, names: &[&'static str]) -> Vec<&'static str> {
    names.iter().enumerate().filter(|&(bit, _)| bits & (1 << bit) != 0).map(|(_, n)| *n).collect()
}

/// /proc/cpuinfo: a 32-bit arm kernel's (c_show in arch/arm/kernel/setup.c) for the v5
/// to v7 models, an arm64 kernel's as a 32-bit process reads it for the ARMv8 ones.
fn cpuinfo(c: &CpuInfo<'_>) -> String {
    let midr = c.model.cpu_id;
    let platform = c.model.platform.unwrap_or_default();
    let mut features = names(c.hwcap, HWCAP_NAMES);
    features.extend(names(c.hwcap2, HWCAP2_NAMES));
    // Each feature is followed by a space, as the kernel prints them.
    let features: String = features.iter().map(|f| format!("{f} ")).collect();
    let v8 = c.model.uname_machine == "armv8l";
    let (model_name, architecture) = match c.model.uname_machine {
        "armv8l" => ("ARMv8 Processor", "8"),
        "armv7l" => ("ARMv7 Processor", "7"),
        // An ARM1176 has the revised CPUID scheme and VMSAv7-style MMFR0, which the
        // kernel's __get_cpu_architecture reads as ARMv7 (a Raspberry Pi 1 says 7).
        "armv6l" => ("ARMv6-compatible processor", "7"),
        _ => ("ARM926EJ-S", "5TEJ"),
    };
    let mut out = String::new();
    for cpu in 0..c.cpus {
        out += &format!(
            "processor\t: {cpu}\nmodel name\t: {model_name} rev {} ({platform})\nBogoMIPS\t: 50.00\nFeatures\t: {features}\n\
             CPU implementer\t: {:#04x}\nCPU architecture: {architecture}\nCPU variant\t: {:#x}\nCPU part\t: {:#05x}\n\
             CPU revision\t: {}\n\n",
            midr & 0xf,
            (midr >> 24) & 0xff,
            (midr >> 20) & 0xf,
            (midr >> 4) & 0xfff,
            midr & 0xf,
        );
    }
    if !v8 {
        out += "Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n";
    }
    out
}

fn syscall_args(cpu: &CpuState) -> (u64, [u64; 6]) {
    let r = |n: usize| cpu.x[n] & 0xffff_ffff;
    (r(7), [r(0), r(1), r(2), r(3), r(4), r(5)])
}

fn set_syscall(cpu: &mut CpuState, nr: u64, args: &[u64; 6]) {
    cpu.x[7] = nr & 0xffff_ffff;
    for (reg, a) in cpu.x[..6].iter_mut().zip(args) {
        *reg = a & 0xffff_ffff;
    }
}

fn set_return(cpu: &mut CpuState, v: u64) {
    cpu.x[0] = v & 0xffff_ffff;
}

/// r0 as the kernel's `long` return value: sign-extended, so an error reads as the
/// same negative errno as on a 64-bit guest.
fn result(cpu: &CpuState) -> u64 {
    cpu.x[0] as u32 as i32 as i64 as u64
}

fn syscall_name(nr: u64) -> Option<&'static str> {
    private::name(nr).or_else(|| Some(Sysno::new(usize::try_from(nr).ok()?)?.name()))
}

/// asm-generic errno numbers are x86_64's.
fn errno_to_guest(host: i32) -> i32 {
    host
}

/// The arm Linux ABI.
pub static ABI: Abi = BASE;
/// The ABI the `*_time64` calls' wrappers run the generic handlers with: 64-bit times.
static ABI_TIME64: Abi = Abi { layouts: &layout::LAYOUTS_TIME64, ..BASE };
/// The old statfs's and fstatfs's: the 32-bit `struct statfs`.
static ABI_STATFS32: Abi = Abi { layouts: &layout::LAYOUTS_STATFS32, ..BASE };
/// fcntl64's record locks: `struct flock64`.
static ABI_FLOCK64: Abi = Abi { layouts: &layout::LAYOUTS_FLOCK64, ..BASE };

/// [`ABI`] as a value, for the variants the wrappers hand the generic handlers (the
/// `*_time64` calls' 64-bit times, `stat64`...).
const BASE: Abi = Abi {
    name: "arm",
    syscalls: table::SYSCALLS,
    syscall_name,
    syscall_args,
    set_syscall,
    set_return,
    result,
    errno_to_guest,
    layouts: &layout::LAYOUTS,
    // arm's O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE are arm64's (which took
    // them from arm).
    open_flags: crate::abi::aarch64::OPEN_FLAGS,
    open_flag_names: crate::abi::aarch64::OPEN_FLAG_NAMES,
    arch_prot_bits: 0,
    // arch/arm/include/uapi/asm/signal.h.
    minsigstksz: 2048,
    task_size: 1 << ADDRESS_BITS,
    // arch/arm/include/asm/shmparam.h: 4 pages, for VIPT caches.
    shmlba: 4 * 4096,
};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::testutil::Guest;

    /// A test process of the arm guest.
    pub fn arm_guest() -> Guest {
        Guest::for_arch(&ARCH)
    }

    /// Compiles a C file asserting `expr == value` for each check with arm's cross
    /// compiler, after `prelude`; a mismatch fails to compile and names the expression.
    /// Skipped (with a message) without arm-linux-gnueabihf-gcc.
    pub fn static_asserts(prelude: &str, checks: &[(String, u64)]) {
        let mut src = prelude.to_string();
        for (expr, value) in checks {
            src += &format!("_Static_assert(({expr}) == {value}u, \"{} is not {value}\");\n", expr.replace('"', "'"));
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("probe.c");
        std::fs::write(&file, src).unwrap();
        let out = match std::process::Command::new("arm-linux-gnueabihf-gcc").args(["-fsyntax-only", "-std=gnu11"]).arg(&file).output() {
            Ok(out) => out,
            Err(_) => {
                eprintln!("skipped: arm-linux-gnueabihf-gcc is not installed");
                return;
            }
        };
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    #[test]
    fn table_is_sorted_unique_and_named_after_its_numbers() {
        let calls = ABI.syscalls;
        for w in calls.windows(2) {
            assert!(w[0].nr < w[1].nr, "{} ({}) before {} ({})", w[0].name, w[0].nr, w[1].name, w[1].nr);
        }
        for d in calls {
            assert_eq!(syscall_name(d.nr as u64), Some(d.name), "{}", d.nr);
            assert!(d.args.len() <= 6);
        }
        let nr = |name: &str| calls.iter().find(|d| d.name == name).map(|d| d.nr);
        // Spot checks against arch/arm/tools/syscall.tbl and asm/unistd.h.
        assert_eq!(nr("read"), Some(3));
        assert_eq!(nr("sigreturn"), Some(119));
        assert_eq!(nr("rt_sigreturn"), Some(173));
        assert_eq!(nr("mmap2"), Some(192));
        assert_eq!(nr("fstatat64"), Some(327));
        assert_eq!(nr("arm_fadvise64_64"), Some(270));
        assert_eq!(nr("clock_gettime64"), Some(403));
        assert_eq!(nr("futex_time64"), Some(422));
        assert_eq!(nr("set_tls"), Some(0xf0005));
        assert_eq!(nr("cacheflush"), Some(0xf0002));
        assert_eq!(syscall_name(0xf0006), Some("get_tls"));
        assert_eq!(nr("newfstatat"), None, "arm has fstatat64 instead");
    }

    #[test]
    fn registers_of_the_calling_convention() {
        let mut cpu = CpuState::default();
        set_syscall(&mut cpu, 4, &[1, 2, 3, 4, 5, 0x1_0000_0006]);
        assert_eq!((cpu.x[7], cpu.x[0], cpu.x[5]), (4, 1, 6));
        assert_eq!(syscall_args(&cpu), (4, [1, 2, 3, 4, 5, 6]));
        set_return(&mut cpu, (-2i64) as u64);
        assert_eq!(cpu.x[0], 0xffff_fffe, "r0 is a 32-bit register");
        assert_eq!(result(&cpu) as i64, -2);
        set_return(&mut cpu, 0xf700_0000);
        assert_eq!(result(&cpu) as u32, 0xf700_0000);
    }

    #[test]
    fn the_entry_point_selects_the_instruction_set() {
        let mut cpu = CpuState::default();
        entry(&mut cpu, &Entry { pc: 0x1_0401, sp: 0xfffe_f000 });
        assert_eq!((location::address_of(cpu.pc), location::thumb(cpu.pc)), (0x1_0400, true));
        assert_eq!(cpu.x[13], 0xfffe_f000);
        entry(&mut cpu, &Entry { pc: 0x1_0400, sp: 0xfffe_f000 });
        assert!(!location::thumb(cpu.pc));
        assert_eq!(cpu.x[0], 0);
    }

    #[test]
    fn models_report_what_their_cores_do() {
        let m = |n| ARCH.cpu_model(Some(n)).unwrap();
        assert_eq!(ARCH.cpu_model(None).unwrap().name, "cortex-a15");
        assert_eq!((m("cortex-a15").uname_machine, m("cortex-a15").platform), ("armv7l", Some("v7l")));
        assert_eq!((m("max").uname_machine, m("max").platform), ("armv8l", Some("v8l")));
        assert_eq!(m("cortex-a53").hwcap2, HWCAP2_AES | HWCAP2_PMULL | HWCAP2_SHA1 | HWCAP2_SHA2 | HWCAP2_CRC32);
        assert_eq!(m("arm1176").hwcap & (HWCAP_NEON | HWCAP_VFPV3 | HWCAP_IDIVA), 0);
        assert_ne!(m("arm1176").hwcap & HWCAP_TLS, 0);
        assert_eq!(m("arm926").hwcap & (HWCAP_TLS | HWCAP_VFP), 0, "v5: kuser get_tls, soft float");
        assert_eq!(ARCH.cpu_model(Some("cortex-a7,vfp=on")).unwrap().name, "cortex-a7");
    }

    #[test]
    fn cpuinfo_is_the_arm_kernels() {
        let m = ARCH.cpu_model(Some("cortex-a7")).unwrap();
        let c = cpuinfo(&CpuInfo { model: m, hwcap: m.hwcap, hwcap2: 0, cpus: 2 });
        assert!(c.starts_with("processor\t: 0\nmodel name\t: ARMv7 Processor rev 5 (v7l)\nBogoMIPS\t: 50.00\n"), "{c}");
        assert!(c.contains("\nFeatures\t: half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32 lpae \n"), "{c}");
        assert!(c.contains("CPU implementer\t: 0x41\nCPU architecture: 7\nCPU variant\t: 0x0\nCPU part\t: 0xc07\nCPU revision\t: 5\n\n"), "{c}");
        assert_eq!(c.matches("processor\t:").count(), 2);
        assert!(c.ends_with("Hardware\t: Generic DT based system\nRevision\t: 0000\nSerial\t\t: 0000000000000000\n"));
        let m = ARCH.cpu_model(Some("max")).unwrap();
        let c = cpuinfo(&CpuInfo { model: m, hwcap: m.hwcap, hwcap2: m.hwcap2, cpus: 1 });
        assert!(c.contains("model name\t: ARMv8 Processor rev 4 (v8l)\n"), "{c}");
        assert!(c.contains("lpae aes pmull sha1 sha2 crc32 \nCPU implementer\t: 0x41\nCPU architecture: 8\n"), "{c}");
        assert!(c.contains("CPU part\t: 0xd03\n") && !c.contains("Hardware"), "{c}");
        let m = ARCH.cpu_model(Some("arm1176")).unwrap();
        let c = cpuinfo(&CpuInfo { model: m, hwcap: m.hwcap, hwcap2: 0, cpus: 1 });
        assert!(c.contains("model name\t: ARMv6-compatible processor rev 7 (v6l)\n"), "{c}");
        assert!(c.contains("Features\t: half thumb fastmult vfp edsp java tls \n"), "{c}");
        assert!(c.contains("CPU architecture: 7\nCPU variant\t: 0x0\nCPU part\t: 0xb76\n"), "{c}");
    }

    #[test]
    fn the_float_abi_chooses_the_c_library() {
        assert_eq!(ARCH.libraries_for(0x0500_0400).debian_arch, "armhf");
        assert_eq!(ARCH.libraries_for(0x0500_0200).debian_arch, "armel");
        assert_eq!(ARCH.libraries_for(0x0500_0200).cross_sysroot, "/usr/arm-linux-gnueabi");
        assert_eq!(ARCH.libraries_for(0x0500_0000).debian_arch, "armhf", "no float ABI flag");
    }

    #[test]
    fn open_flags_are_arm64s() {
        assert_eq!(ABI.open_flags.to_host(0o40000), libc::O_DIRECTORY as u32);
        assert_eq!(ABI.open_flags.to_host(0o400000), 0o100000, "O_LARGEFILE");
    }
}
