//! Which ELF files belong to which CPU: one data row per architecture name
//! (the names qemu-binfmt-conf.sh uses), and the binfmt_misc magic/mask that
//! each row turns into.
//!
//! The patterns are derived from the ELF header layout, not copied from any
//! other tool. A pattern pins down:
//! - `\x7fELF`, EI_CLASS (32/64-bit), EI_DATA (byte order), EI_VERSION = 1;
//! - e_type ET_EXEC (2) or ET_DYN (3, PIE programs): magic 2 with mask 0xfe;
//! - e_machine;
//! - for MIPS only, the EF_MIPS_ABI2 bit of e_flags, which is what tells an
//!   n32 program from an o32 one (both are 32-bit ELF with EM_MIPS).
//!
//! EI_OSABI, EI_ABIVERSION and the e_ident padding are left out (mask 0):
//! Linux toolchains write either 0 (System V) or 3 (GNU) to EI_OSABI, and
//! neither says anything about the CPU.

use crate::elf::{
    self, machine, ElfClass, Endian, EF_MIPS_ABI2, EI_CLASS, EI_DATA, EI_VERSION, ELF_MAGIC,
    ET_DYN, ET_EXEC, EV_CURRENT, E_MACHINE_OFFSET, E_TYPE_OFFSET,
};

/// The architectures crossrun itself can run. `crossrun binfmt install all`
/// registers these (minus the host's own family). Add a name here when a new
/// guest CPU lands; it must be a row of [`ARCH_TABLE`].
pub const EMULATED_ARCHES: &[&str] = &["aarch64", "riscv64", "arm"];

/// Prefix of every entry name crossrun creates by default; `uninstall` and
/// friends only touch entries carrying it unless given `--name`.
pub const OWNED_PREFIX: &str = "crossrun-";

/// CPU families: a host can run every member of its own family natively (or
/// its kernel does it via compat mode), so registering an emulator for them
/// would only slow native programs down, or break them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    X86,
    Arm,
    Riscv,
    Ppc,
    S390,
    Mips,
    LoongArch,
    Sparc,
    M68k,
    Hppa,
    Sh,
    Alpha,
    MicroBlaze,
    OpenRisc,
    Xtensa,
    Hexagon,
}

impl Family {
    /// The family of the CPU this program was compiled for (which is the host
    /// CPU, as crossrun is a native program).
    pub fn of_host() -> Option<Family> {
        Family::of_rust_arch(std::env::consts::ARCH)
    }

    /// Maps a Rust `target_arch` name to its family.
    pub fn of_rust_arch(arch: &str) -> Option<Family> {
        Some(match arch {
            "x86_64" | "x86" => Family::X86,
            "aarch64" | "arm" => Family::Arm,
            "riscv32" | "riscv64" => Family::Riscv,
            "powerpc" | "powerpc64" => Family::Ppc,
            "s390x" => Family::S390,
            "mips" | "mips64" | "mips32r6" | "mips64r6" => Family::Mips,
            "loongarch64" => Family::LoongArch,
            "sparc" | "sparc64" => Family::Sparc,
            "m68k" => Family::M68k,
            "hexagon" => Family::Hexagon,
            "xtensa" => Family::Xtensa,
            _ => return None,
        })
    }
}

/// A constraint on some bits of e_flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagsRule {
    pub mask: u32,
    pub value: u32,
}

/// One row of the table: everything needed to recognise this CPU's Linux
/// executables by their ELF header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchPattern {
    /// Name as used on the command line and in entry names (`crossrun-NAME`).
    pub name: &'static str,
    pub family: Family,
    pub class: ElfClass,
    pub endian: Endian,
    pub machine: u16,
    /// Extra e_flags bits the pattern requires (only where e_machine alone is ambiguous).
    pub required_flags: Option<FlagsRule>,
    /// e_flags of a typical program for this CPU; only used to build
    /// realistic sample headers, never part of the pattern.
    pub typical_flags: u32,
}

const fn row(
    name: &'static str,
    family: Family,
    class: ElfClass,
    endian: Endian,
    machine: u16,
    typical_flags: u32,
) -> ArchPattern {
    ArchPattern {
        name,
        family,
        class,
        endian,
        machine,
        required_flags: None,
        typical_flags,
    }
}

/// MIPS o32 and n32 share class, byte order and e_machine; only EF_MIPS_ABI2 differs.
const fn mips32_row(
    name: &'static str,
    endian: Endian,
    n32: bool,
    typical_flags: u32,
) -> ArchPattern {
    let value = if n32 { EF_MIPS_ABI2 } else { 0 };
    ArchPattern {
        required_flags: Some(FlagsRule {
            mask: EF_MIPS_ABI2,
            value,
        }),
        ..row(
            name,
            Family::Mips,
            ElfClass::Elf32,
            endian,
            machine::MIPS,
            typical_flags,
        )
    }
}

use ElfClass::{Elf32, Elf64};
use Endian::{Big, Little};

/// Every CPU that qemu-binfmt-conf.sh knows, as data. Order does not matter
/// for matching: no two rows match the same ELF header (see the tests).
#[rustfmt::skip]
pub const ARCH_TABLE: &[ArchPattern] = &[
    //  name             family                 class  endian  e_machine              typical e_flags
    row("aarch64",       Family::Arm,           Elf64, Little, machine::AARCH64,      0),
    row("aarch64_be",    Family::Arm,           Elf64, Big,    machine::AARCH64,      0),
    row("arm",           Family::Arm,           Elf32, Little, machine::ARM,          0x0500_0400),
    row("armeb",         Family::Arm,           Elf32, Big,    machine::ARM,          0x0580_0200),
    row("riscv32",       Family::Riscv,         Elf32, Little, machine::RISCV,        0x5),
    row("riscv64",       Family::Riscv,         Elf64, Little, machine::RISCV,        0x5),
    row("x86_64",        Family::X86,           Elf64, Little, machine::X86_64,       0),
    row("i386",          Family::X86,           Elf32, Little, machine::I386,         0),
    row("i486",          Family::X86,           Elf32, Little, machine::I486,         0),
    row("ppc",           Family::Ppc,           Elf32, Big,    machine::PPC,          0),
    row("ppc64",         Family::Ppc,           Elf64, Big,    machine::PPC64,        1),
    row("ppc64le",       Family::Ppc,           Elf64, Little, machine::PPC64,        2),
    row("s390x",         Family::S390,          Elf64, Big,    machine::S390,         0),
    // MIPS o32 and n32:   endian  n32?   typical e_flags
    mips32_row("mips",      Big,    false, 0x7000_1007),
    mips32_row("mipsel",    Little, false, 0x7000_1007),
    mips32_row("mipsn32",   Big,    true,  0x8000_0027),
    mips32_row("mipsn32el", Little, true,  0x8000_0027),
    row("mips64",        Family::Mips,          Elf64, Big,    machine::MIPS,         0x8000_0007),
    row("mips64el",      Family::Mips,          Elf64, Little, machine::MIPS,         0x8000_0007),
    row("loongarch64",   Family::LoongArch,     Elf64, Little, machine::LOONGARCH,    0x43),
    row("sparc",         Family::Sparc,         Elf32, Big,    machine::SPARC,        0),
    // sparc32plus has its own e_machine, so its EF_SPARC_32PLUS (0x100)
    // e_flags bit is not needed to tell it from plain sparc.
    row("sparc32plus",   Family::Sparc,         Elf32, Big,    machine::SPARC32PLUS,  0x100),
    row("sparc64",       Family::Sparc,         Elf64, Big,    machine::SPARCV9,      0),
    row("m68k",          Family::M68k,          Elf32, Big,    machine::M68K,         0),
    row("hppa",          Family::Hppa,          Elf32, Big,    machine::PARISC,       0x210),
    row("sh4",           Family::Sh,            Elf32, Little, machine::SH,           0x9),
    row("sh4eb",         Family::Sh,            Elf32, Big,    machine::SH,           0x9),
    row("alpha",         Family::Alpha,         Elf64, Little, machine::ALPHA,        0),
    // EM_MICROBLAZE (189). Binaries from toolchains older than 2009 used the
    // unofficial 0xbaab instead and are not matched.
    row("microblaze",    Family::MicroBlaze,    Elf32, Big,    machine::MICROBLAZE,   0),
    row("microblazeel",  Family::MicroBlaze,    Elf32, Little, machine::MICROBLAZE,   0),
    row("or1k",          Family::OpenRisc,      Elf32, Big,    machine::OPENRISC,     0),
    row("xtensa",        Family::Xtensa,        Elf32, Little, machine::XTENSA,       0x300),
    row("xtensaeb",      Family::Xtensa,        Elf32, Big,    machine::XTENSA,       0x300),
    row("hexagon",       Family::Hexagon,       Elf32, Little, machine::HEXAGON,      0x68),
];

/// Looks an architecture up by its table name.
pub fn find_arch(name: &str) -> Option<&'static ArchPattern> {
    ARCH_TABLE.iter().find(|row| row.name == name)
}

/// The comma-separated list of table names, for error messages.
pub fn known_arch_names() -> String {
    ARCH_TABLE
        .iter()
        .map(|row| row.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A binfmt_misc magic/mask pair at an offset, as the kernel applies it:
/// the file matches when `(file[offset + i] ^ magic[i]) & mask[i] == 0` for every i.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub offset: usize,
    pub magic: Vec<u8>,
    pub mask: Vec<u8>,
}

impl Pattern {
    /// Whether a file starting with `head` would be matched by the kernel.
    pub fn matches(&self, head: &[u8]) -> bool {
        let Some(end) = self.offset.checked_add(self.magic.len()) else {
            return false;
        };
        let Some(window) = head.get(self.offset..end) else {
            return false;
        };
        window
            .iter()
            .zip(&self.magic)
            .zip(&self.mask)
            .all(|((byte, magic), mask)| (byte ^ magic) & mask == 0)
    }
}

impl ArchPattern {
    /// The binfmt_misc magic/mask for this row (see the module comment for
    /// what is matched and why).
    pub fn pattern(&self) -> Pattern {
        let end = match self.required_flags {
            Some(_) => self.class.e_flags_offset() + 4,
            None => E_MACHINE_OFFSET + 2,
        };
        let mut magic = vec![0u8; end];
        let mut mask = vec![0u8; end];
        let mut set = |at: usize, value: &[u8], bits: &[u8]| {
            magic[at..at + value.len()].copy_from_slice(value);
            mask[at..at + bits.len()].copy_from_slice(bits);
        };
        set(0, &ELF_MAGIC, &[0xff; 4]);
        set(EI_CLASS, &[self.class.ident_byte()], &[0xff]);
        set(EI_DATA, &[self.endian.ident_byte()], &[0xff]);
        set(EI_VERSION, &[EV_CURRENT], &[0xff]);
        // ET_EXEC (2) and ET_DYN (3) differ only in bit 0: match 2 with that bit masked off.
        set(
            E_TYPE_OFFSET,
            &self.endian.u16_bytes(ET_EXEC),
            &self.endian.u16_bytes(0xfffe),
        );
        set(
            E_MACHINE_OFFSET,
            &self.endian.u16_bytes(self.machine),
            &[0xff; 2],
        );
        if let Some(rule) = self.required_flags {
            let at = self.class.e_flags_offset();
            set(
                at,
                &self.endian.u32_bytes(rule.value & rule.mask),
                &self.endian.u32_bytes(rule.mask),
            );
        }
        Pattern {
            offset: 0,
            magic,
            mask,
        }
    }

    /// A realistic header of a program for this CPU (see [`elf::build_header`]).
    pub fn sample_header(&self, e_type: u16) -> [u8; elf::SAMPLE_HEADER_LEN] {
        elf::build_header(
            self.class,
            self.endian,
            self.machine,
            e_type,
            self.typical_flags,
        )
    }

    /// Whether `pattern` (e.g. the magic/mask of some registered entry)
    /// handles this CPU's programs, judged on its sample headers.
    pub fn is_handled_by(&self, pattern: &Pattern) -> bool {
        [ET_EXEC, ET_DYN]
            .iter()
            .any(|&e_type| pattern.matches(&self.sample_header(e_type)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs of rows that may legitimately match each other's headers. The
    /// table has none: i386 and i486 look like a natural overlap but they
    /// differ in e_machine (EM_386 = 3, EM_486 = 6), and mips/mipsn32 differ
    /// in EF_MIPS_ABI2. A future row that must overlap goes here, with why.
    const DELIBERATE_OVERLAPS: &[(&str, &str)] = &[];

    fn overlap_allowed(a: &str, b: &str) -> bool {
        DELIBERATE_OVERLAPS
            .iter()
            .any(|&(x, y)| (x == a && y == b) || (x == b && y == a))
    }

    #[test]
    fn table_covers_every_cpu_qemu_binfmt_conf_knows() {
        let expected = [
            "aarch64",
            "aarch64_be",
            "arm",
            "armeb",
            "riscv32",
            "riscv64",
            "x86_64",
            "i386",
            "i486",
            "ppc",
            "ppc64",
            "ppc64le",
            "s390x",
            "mips",
            "mipsel",
            "mipsn32",
            "mipsn32el",
            "mips64",
            "mips64el",
            "loongarch64",
            "sparc",
            "sparc32plus",
            "sparc64",
            "m68k",
            "hppa",
            "sh4",
            "sh4eb",
            "alpha",
            "microblaze",
            "microblazeel",
            "or1k",
            "xtensa",
            "xtensaeb",
            "hexagon",
        ];
        for name in expected {
            assert!(find_arch(name).is_some(), "{name} missing from ARCH_TABLE");
        }
        assert_eq!(ARCH_TABLE.len(), expected.len(), "unexpected extra rows");
        for name in EMULATED_ARCHES {
            assert!(
                find_arch(name).is_some(),
                "emulated arch {name} has no table row"
            );
        }
    }

    #[test]
    fn every_header_is_matched_by_its_own_row_and_no_other() {
        for arch in ARCH_TABLE {
            for e_type in [ET_EXEC, ET_DYN] {
                let header = arch.sample_header(e_type);
                assert!(
                    arch.pattern().matches(&header),
                    "{} does not match its own header (e_type {e_type})",
                    arch.name
                );
                for other in ARCH_TABLE.iter().filter(|other| other.name != arch.name) {
                    if overlap_allowed(arch.name, other.name) {
                        continue;
                    }
                    assert!(
                        !other.pattern().matches(&header),
                        "{}'s pattern also matches a {} header (e_type {e_type})",
                        other.name,
                        arch.name
                    );
                }
            }
        }
    }

    #[test]
    fn patterns_ignore_osabi_but_not_type_or_version() {
        let aarch64 = find_arch("aarch64").unwrap();
        let pattern = aarch64.pattern();
        let mut header = aarch64.sample_header(ET_EXEC);
        header[elf::EI_OSABI] = 3; // ELFOSABI_GNU, as written by binaries using IFUNC
        assert!(pattern.matches(&header));
        let mut relocatable = aarch64.sample_header(ET_EXEC);
        relocatable[16] = 1; // ET_REL: an object file is not a program
        assert!(!pattern.matches(&relocatable));
        let mut core = aarch64.sample_header(ET_EXEC);
        core[16] = 4; // ET_CORE
        assert!(!pattern.matches(&core));
        header[EI_VERSION] = 0;
        assert!(!pattern.matches(&header));
        assert!(
            !pattern.matches(&header[..10]),
            "a file shorter than the magic never matches"
        );
    }

    #[test]
    fn aarch64_pattern_bytes_are_as_derived_by_hand() {
        let pattern = find_arch("aarch64").unwrap().pattern();
        let magic: Vec<u8> = [&b"\x7fELF"[..], &[2, 1, 1], &[0; 9], &[2, 0], &[0xb7, 0]].concat();
        let mask: Vec<u8> = [&[0xff; 7][..], &[0; 9], &[0xfe, 0xff], &[0xff, 0xff]].concat();
        assert_eq!(
            pattern,
            Pattern {
                offset: 0,
                magic,
                mask
            }
        );
    }

    #[test]
    fn mips_n32_is_told_apart_by_e_flags_at_the_32_bit_offset() {
        let pattern = find_arch("mipsn32").unwrap().pattern();
        assert_eq!(pattern.magic.len(), 40);
        assert_eq!(
            pattern.mask[39], 0x20,
            "big-endian: low byte of e_flags is the last one"
        );
        let pattern = find_arch("mipsn32el").unwrap().pattern();
        assert_eq!(
            pattern.mask[36], 0x20,
            "little-endian: low byte of e_flags is the first one"
        );
    }

    #[test]
    fn host_family_is_known_and_skips_x86_on_x86_64() {
        assert_eq!(Family::of_rust_arch("x86_64"), Some(Family::X86));
        assert_eq!(find_arch("i486").unwrap().family, Family::X86);
        assert_eq!(Family::of_rust_arch("aarch64"), Some(Family::Arm));
        assert_eq!(Family::of_rust_arch("wasm32"), None);
    }
}
