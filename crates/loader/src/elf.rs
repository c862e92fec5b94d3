//! Reading and checking an ELF file before anything is mapped, so a malformed file is a
//! clean error and never a half-loaded guest.

use crate::LoadError;
use object::elf;
use object::read::elf::{FileHeader, ProgramHeader};
use object::LittleEndian as LE;
use std::path::{Path, PathBuf};

use crate::ElfId;

/// One PT_LOAD segment.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub vaddr: u64,
    pub memsz: u64,
    pub offset: u64,
    pub filesz: u64,
    /// PF_R/PF_W/PF_X bits.
    pub flags: u32,
}

/// A checked ELF executable, held in memory.
#[derive(Clone, Debug)]
pub struct ElfImage {
    pub path: PathBuf,
    pub data: Vec<u8>,
    /// The machine and class it is for.
    pub elf: ElfId,
    /// `e_flags`: processor-specific (arm's EABI version and float ABI).
    pub flags: u32,
    /// ET_DYN (PIE or shared object): loaded at an address the loader picks.
    pub relocatable: bool,
    pub entry: u64,
    pub segments: Vec<Segment>,
    /// Address of the program headers as mapped (before relocation), if they are mapped.
    pub phdr_vaddr: Option<u64>,
    pub phnum: u64,
    pub phentsize: u64,
    /// PT_INTERP, the dynamic linker the program asks for.
    pub interpreter: Option<PathBuf>,
}

impl ElfImage {
    /// Reads and checks the file at `path`, which must be for one of `supported`.
    pub fn read(path: &Path, supported: &[(ElfId, &str)]) -> Result<ElfImage, LoadError> {
        let data = std::fs::read(path).map_err(|source| LoadError::Read { path: path.display().to_string(), source })?;
        Self::parse(path, data, supported)
    }

    pub fn parse(path: &Path, data: Vec<u8>, supported: &[(ElfId, &str)]) -> Result<ElfImage, LoadError> {
        let name = path.display().to_string();
        let not_elf = |reason| LoadError::NotElf { path: name.clone(), reason };
        if data.len() < 4 || &data[..4] != b"\x7fELF" {
            return Err(not_elf("no ELF magic number"));
        }
        let supported_names = || supported.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
        let Some(id) = ElfId::of(&data) else {
            if data.len() < 20 {
                return Err(LoadError::Malformed { path: name.clone(), reason: "truncated ELF header".into() });
            }
            return Err(LoadError::UnsupportedMachine { path: name.clone(), machine: "a big-endian machine".into(), supported: supported_names() });
        };
        if !supported.iter().any(|(s, _)| *s == id) {
            return Err(LoadError::UnsupportedMachine { path: name.clone(), machine: id.machine_name(), supported: supported_names() });
        }
        if id.is_64 {
            parse_class::<elf::FileHeader64<LE>>(path, data, id)
        } else {
            parse_class::<elf::FileHeader32<LE>>(path, data, id)
        }
    }
}

/// The rest of [`ElfImage::parse`], for one ELF class (`H` is its file header).
fn parse_class<H: FileHeader<Endian = LE>>(path: &Path, data: Vec<u8>, id: ElfId) -> Result<ElfImage, LoadError> {
    let name = path.display().to_string();
    let not_elf = |reason| LoadError::NotElf { path: name.clone(), reason };
    let bad = |reason: String| LoadError::Malformed { path: name.clone(), reason };
    if data.len() < std::mem::size_of::<H>() {
        return Err(bad("truncated ELF header".into()));
    }
    let header = H::parse(&*data).map_err(|e| bad(e.to_string()))?;
    let e = LE;
    let kind = header.e_type(e);
    if kind != elf::ET_EXEC && kind != elf::ET_DYN {
        return Err(not_elf("not an executable or shared object"));
    }
    let phdrs = header.program_headers(e, &*data).map_err(|e| bad(format!("program headers: {e}")))?;
    let mut segments = Vec::new();
    let mut phdr_vaddr = None;
    let mut interpreter = None;
    for ph in phdrs {
        let (offset, filesz, vaddr, memsz): (u64, u64, u64, u64) =
            (ph.p_offset(e).into(), ph.p_filesz(e).into(), ph.p_vaddr(e).into(), ph.p_memsz(e).into());
        match ph.p_type(e) {
            elf::PT_LOAD => {
                if filesz > memsz {
                    return Err(bad(format!("segment at {vaddr:#x} has more file bytes than memory bytes")));
                }
                if offset.checked_add(filesz).is_none_or(|end| end > data.len() as u64) {
                    return Err(bad(format!("segment at {vaddr:#x} extends past the end of the file")));
                }
                if vaddr.checked_add(memsz).is_none_or(|end| end > crossrun_memory::MAX_GUEST_ADDR) {
                    return Err(bad(format!("segment at {vaddr:#x} lies outside the address space")));
                }
                segments.push(Segment { vaddr, memsz, offset, filesz, flags: ph.p_flags(e).0 });
            }
            elf::PT_PHDR => phdr_vaddr = Some(vaddr),
            elf::PT_INTERP => {
                let raw = ph.data(e, &*data).map_err(|_| bad("PT_INTERP extends past the end of the file".into()))?;
                let raw = raw.split(|&b| b == 0).next().unwrap_or_default();
                if raw.is_empty() {
                    return Err(bad("empty PT_INTERP".into()));
                }
                use std::os::unix::ffi::OsStrExt;
                interpreter = Some(PathBuf::from(std::ffi::OsStr::from_bytes(raw)));
            }
            _ => {}
        }
    }
    if segments.is_empty() {
        return Err(bad("no loadable segments".into()));
    }
    let phoff: u64 = header.e_phoff(e).into();
    let phnum = header.e_phnum(e) as u64;
    // Without PT_PHDR, the headers are visible where the segment holding them maps them.
    let phdr_vaddr = phdr_vaddr.or_else(|| {
        segments
            .iter()
            .find(|s| s.offset <= phoff && phoff < s.offset + s.filesz)
            .map(|s| s.vaddr + (phoff - s.offset))
    });
    Ok(ElfImage {
        path: path.to_path_buf(),
        elf: id,
        flags: header.e_flags(e).0,
        relocatable: kind == elf::ET_DYN,
        entry: header.e_entry(e).into(),
        segments,
        phdr_vaddr,
        phnum,
        phentsize: header.e_phentsize(e) as u64,
        interpreter,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(machine: u16, class: u8) -> Vec<u8> {
        let mut h = vec![0u8; 64];
        h[..4].copy_from_slice(b"\x7fELF");
        h[4] = class;
        h[5] = 1;
        h[6] = 1;
        h[16] = 2;
        h[18..20].copy_from_slice(&machine.to_le_bytes());
        h
    }

    const EM_AARCH64: u16 = 183;
    const SUPPORTED: &[(ElfId, &str)] = &[(ElfId { machine: EM_AARCH64, is_64: true }, "aarch64")];

    fn err(data: Vec<u8>) -> String {
        ElfImage::parse(Path::new("p"), data, SUPPORTED).unwrap_err().to_string()
    }

    #[test]
    fn rejects_what_it_cannot_run_with_a_clear_reason() {
        assert_eq!(err(b"#!/bin/sh\n".to_vec()), "p is not an ELF executable (no ELF magic number)");
        assert_eq!(err(b"\x7fELF\x02\x01".to_vec()), "p is a malformed ELF file: truncated ELF header");
        assert_eq!(err(header(62, 2)), "p is built for x86_64, which crossrun cannot run (it runs: aarch64)");
        assert!(err(header(40, 1)).contains("arm (32-bit)"));
        assert!(err(header(EM_AARCH64, 1)).contains("built for aarch64 (ILP32)"), "a 32-bit file of a 64-bit guest's machine");
        // An aarch64 header with no program headers at all.
        assert!(err(header(EM_AARCH64, 2)).contains("no loadable segments"));
    }

    #[test]
    fn rejects_segments_past_the_end_of_the_file() {
        let mut h = header(EM_AARCH64, 2);
        h[32..40].copy_from_slice(&64u64.to_le_bytes()); // e_phoff
        h[54..56].copy_from_slice(&56u16.to_le_bytes()); // e_phentsize
        h[56..58].copy_from_slice(&1u16.to_le_bytes()); // e_phnum
        let mut ph = vec![0u8; 56];
        ph[0..4].copy_from_slice(&elf::PT_LOAD.0.to_le_bytes());
        ph[8..16].copy_from_slice(&0u64.to_le_bytes()); // p_offset
        ph[16..24].copy_from_slice(&0x400000u64.to_le_bytes());
        ph[32..40].copy_from_slice(&0x10000u64.to_le_bytes()); // p_filesz
        ph[40..48].copy_from_slice(&0x10000u64.to_le_bytes()); // p_memsz
        h.extend(ph);
        assert!(err(h).contains("extends past the end of the file"));
    }
}
