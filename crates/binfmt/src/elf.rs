//! The few facts about the ELF header that binfmt matching needs (from the
//! System V ABI "ELF header" chapter and the e_machine registry), plus a
//! builder for realistic sample headers and a probe for PT_INTERP.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// `\x7fELF`, bytes 0..4 of every ELF file.
pub const ELF_MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];
/// e_ident[EI_CLASS]: 1 = 32-bit objects, 2 = 64-bit objects.
pub const EI_CLASS: usize = 4;
/// e_ident[EI_DATA]: 1 = little-endian, 2 = big-endian.
pub const EI_DATA: usize = 5;
/// e_ident[EI_VERSION]: always EV_CURRENT (1).
pub const EI_VERSION: usize = 6;
/// e_ident[EI_OSABI]: 0 (System V) or 3 (GNU/Linux) on Linux, so never matched on.
pub const EI_OSABI: usize = 7;
pub const EV_CURRENT: u8 = 1;
/// e_type lives right after the 16-byte e_ident, e_machine after it, in both classes.
pub const E_TYPE_OFFSET: usize = 16;
pub const E_MACHINE_OFFSET: usize = 18;
pub const E_VERSION_OFFSET: usize = 20;

/// Executable file: the e_type of non-PIE programs.
pub const ET_EXEC: u16 = 2;
/// Shared object: the e_type of PIE programs (and of libraries).
pub const ET_DYN: u16 = 3;

pub const PT_INTERP: u32 = 3;

/// e_flags bit that marks the MIPS n32 ABI (32-bit ELF for a 64-bit CPU).
pub const EF_MIPS_ABI2: u32 = 0x20;

/// e_machine numbers (ELF e_machine registry; EM_ALPHA is the value Linux uses).
pub mod machine {
    pub const SPARC: u16 = 2;
    pub const I386: u16 = 3;
    pub const M68K: u16 = 4;
    pub const I486: u16 = 6;
    pub const MIPS: u16 = 8;
    pub const PARISC: u16 = 15;
    pub const SPARC32PLUS: u16 = 18;
    pub const PPC: u16 = 20;
    pub const PPC64: u16 = 21;
    pub const S390: u16 = 22;
    pub const ARM: u16 = 40;
    pub const SH: u16 = 42;
    pub const SPARCV9: u16 = 43;
    pub const X86_64: u16 = 62;
    pub const OPENRISC: u16 = 92;
    pub const XTENSA: u16 = 94;
    pub const HEXAGON: u16 = 164;
    pub const AARCH64: u16 = 183;
    pub const MICROBLAZE: u16 = 189;
    pub const RISCV: u16 = 243;
    pub const LOONGARCH: u16 = 258;
    pub const ALPHA: u16 = 0x9026;
}

/// ELF file class (e_ident[EI_CLASS]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElfClass {
    Elf32,
    Elf64,
}

impl ElfClass {
    pub const fn ident_byte(self) -> u8 {
        match self {
            ElfClass::Elf32 => 1,
            ElfClass::Elf64 => 2,
        }
    }

    /// Where e_flags sits: after e_entry, e_phoff and e_shoff, whose width
    /// depends on the class.
    pub const fn e_flags_offset(self) -> usize {
        match self {
            ElfClass::Elf32 => 36,
            ElfClass::Elf64 => 48,
        }
    }
}

/// Byte order of the ELF file (e_ident[EI_DATA]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    Little,
    Big,
}

impl Endian {
    pub const fn ident_byte(self) -> u8 {
        match self {
            Endian::Little => 1,
            Endian::Big => 2,
        }
    }

    pub fn u16_bytes(self, value: u16) -> [u8; 2] {
        match self {
            Endian::Little => value.to_le_bytes(),
            Endian::Big => value.to_be_bytes(),
        }
    }

    pub fn u32_bytes(self, value: u32) -> [u8; 4] {
        match self {
            Endian::Little => value.to_le_bytes(),
            Endian::Big => value.to_be_bytes(),
        }
    }

    fn u64_bytes(self, value: u64) -> [u8; 8] {
        match self {
            Endian::Little => value.to_le_bytes(),
            Endian::Big => value.to_be_bytes(),
        }
    }
}

/// Size of the header buffer [`build_header`] returns: the 64-bit ELF header
/// size, which also covers the 52-byte 32-bit header plus the start of what follows.
pub const SAMPLE_HEADER_LEN: usize = 64;

/// Builds the first 64 bytes of a plausible Linux ELF file: what `gcc` for
/// that CPU would emit for a program of type `e_type` with the given e_flags.
/// Used to tell which architecture an arbitrary binfmt entry (e.g. one that
/// qemu registered) handles, and by the tests to check the pattern table.
pub fn build_header(
    class: ElfClass,
    endian: Endian,
    e_machine: u16,
    e_type: u16,
    e_flags: u32,
) -> [u8; SAMPLE_HEADER_LEN] {
    let mut h = [0u8; SAMPLE_HEADER_LEN];
    h[..4].copy_from_slice(&ELF_MAGIC);
    h[EI_CLASS] = class.ident_byte();
    h[EI_DATA] = endian.ident_byte();
    h[EI_VERSION] = EV_CURRENT;
    h[E_TYPE_OFFSET..E_TYPE_OFFSET + 2].copy_from_slice(&endian.u16_bytes(e_type));
    h[E_MACHINE_OFFSET..E_MACHINE_OFFSET + 2].copy_from_slice(&endian.u16_bytes(e_machine));
    h[E_VERSION_OFFSET..E_VERSION_OFFSET + 4].copy_from_slice(&endian.u32_bytes(1));
    let flags_at = class.e_flags_offset();
    match class {
        ElfClass::Elf32 => {
            // e_entry, e_phoff (program headers right after the 52-byte header), e_shoff.
            h[24..28].copy_from_slice(&endian.u32_bytes(0x0001_0000));
            h[28..32].copy_from_slice(&endian.u32_bytes(52));
            h[32..36].copy_from_slice(&endian.u32_bytes(0x2000));
            h[flags_at..flags_at + 4].copy_from_slice(&endian.u32_bytes(e_flags));
            // e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx.
            let tail: [u16; 6] = [52, 32, 8, 40, 30, 29];
            write_u16s(&mut h[40..52], endian, &tail);
        }
        ElfClass::Elf64 => {
            h[24..32].copy_from_slice(&endian.u64_bytes(0x0040_0000));
            h[32..40].copy_from_slice(&endian.u64_bytes(64));
            h[40..48].copy_from_slice(&endian.u64_bytes(0x2000));
            h[flags_at..flags_at + 4].copy_from_slice(&endian.u32_bytes(e_flags));
            let tail: [u16; 6] = [64, 56, 8, 64, 30, 29];
            write_u16s(&mut h[52..64], endian, &tail);
        }
    }
    h
}

fn write_u16s(dest: &mut [u8], endian: Endian, values: &[u16]) {
    for (chunk, value) in dest.chunks_exact_mut(2).zip(values) {
        chunk.copy_from_slice(&endian.u16_bytes(*value));
    }
}

/// Whether the ELF file at `path` asks for a program interpreter (PT_INTERP,
/// i.e. it is dynamically linked). `None` when it is not a readable ELF file.
/// A dynamically linked emulator registered with F still needs its shared
/// libraries inside every chroot/container, which defeats the point of F.
pub fn has_program_interpreter(path: &Path) -> Option<bool> {
    let file = File::open(path).ok()?;
    let mut ident = [0u8; SAMPLE_HEADER_LEN];
    file.read_exact_at(&mut ident, 0).ok()?;
    if ident[..4] != ELF_MAGIC {
        return None;
    }
    let endian = match ident[EI_DATA] {
        1 => Endian::Little,
        2 => Endian::Big,
        _ => return None,
    };
    let read_u16 = |at: usize| -> u16 {
        let bytes = [ident[at], ident[at + 1]];
        match endian {
            Endian::Little => u16::from_le_bytes(bytes),
            Endian::Big => u16::from_be_bytes(bytes),
        }
    };
    let read_word = |bytes: &[u8]| -> u64 {
        let mut padded = [0u8; 8];
        match endian {
            Endian::Little => {
                padded[..bytes.len()].copy_from_slice(bytes);
                u64::from_le_bytes(padded)
            }
            Endian::Big => {
                padded[8 - bytes.len()..].copy_from_slice(bytes);
                u64::from_be_bytes(padded)
            }
        }
    };
    let (phoff, phentsize, phnum) = match ident[EI_CLASS] {
        1 => (read_word(&ident[28..32]), read_u16(42), read_u16(44)),
        2 => (read_word(&ident[32..40]), read_u16(54), read_u16(56)),
        _ => return None,
    };
    if phentsize < 4 {
        return None;
    }
    for index in 0..u64::from(phnum) {
        let mut p_type = [0u8; 4];
        let at = phoff.checked_add(index.checked_mul(u64::from(phentsize))?)?;
        file.read_exact_at(&mut p_type, at).ok()?;
        if read_word(&p_type) == u64::from(PT_INTERP) {
            return Some(true);
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields_land_where_the_spec_says() {
        let h = build_header(ElfClass::Elf64, Endian::Big, machine::S390, ET_DYN, 0);
        assert_eq!(&h[..4], b"\x7fELF");
        assert_eq!(h[EI_CLASS], 2);
        assert_eq!(h[EI_DATA], 2);
        assert_eq!(&h[16..20], &[0, 3, 0, 22]);
        let h = build_header(
            ElfClass::Elf32,
            Endian::Little,
            machine::MIPS,
            ET_EXEC,
            0x20,
        );
        assert_eq!(&h[16..20], &[2, 0, 8, 0]);
        assert_eq!(&h[36..40], &[0x20, 0, 0, 0]);
    }

    #[test]
    fn probe_tells_static_from_dynamic() {
        // The test binary itself is dynamically linked on a gnu host.
        let me = std::env::current_exe().unwrap();
        if cfg!(all(target_env = "gnu", not(target_feature = "crt-static"))) {
            assert_eq!(has_program_interpreter(&me), Some(true));
        }
        let dir = tempfile::tempdir().unwrap();
        let not_elf = dir.path().join("script");
        std::fs::write(&not_elf, "#!/bin/sh\n").unwrap();
        assert_eq!(has_program_interpreter(&not_elf), None);
        let header_only = dir.path().join("static");
        let mut h =
            build_header(ElfClass::Elf64, Endian::Little, machine::X86_64, ET_EXEC, 0).to_vec();
        // One PT_LOAD program header, no PT_INTERP.
        h[56..58].copy_from_slice(&1u16.to_le_bytes());
        let mut phdr = vec![0u8; 56];
        phdr[..4].copy_from_slice(&1u32.to_le_bytes());
        h.extend_from_slice(&phdr);
        std::fs::write(&header_only, &h).unwrap();
        assert_eq!(has_program_interpreter(&header_only), Some(false));
    }
}
