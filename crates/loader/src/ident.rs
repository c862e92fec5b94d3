//! Which machine an ELF file is for: what the loader accepts, how exec recognises a guest
//! program, and how a sysroot recognises the host's copies of guest libraries.

use std::ffi::CStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;

/// An ELF file's machine (`e_machine`) and class. Only little-endian files are anyone's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ElfId {
    pub machine: u16,
    pub is_64: bool,
}

// Offsets into the ELF header.
const EI_CLASS: usize = 4;
const EI_DATA: usize = 5;
const E_MACHINE: usize = 18;
const ELFCLASS32: u8 = 1;
const ELFCLASS64: u8 = 2;
const ELFDATA2LSB: u8 = 1;

impl ElfId {
    /// The identity of a file beginning with `head`, if it is a little-endian ELF file.
    pub fn of(head: &[u8]) -> Option<ElfId> {
        if head.len() < E_MACHINE + 2 || !head.starts_with(b"\x7fELF") || head[EI_DATA] != ELFDATA2LSB {
            return None;
        }
        let is_64 = match head[EI_CLASS] {
            ELFCLASS32 => false,
            ELFCLASS64 => true,
            _ => return None,
        };
        Some(ElfId { machine: u16::from_le_bytes([head[E_MACHINE], head[E_MACHINE + 1]]), is_64 })
    }

    /// Whether a file beginning with `head` is an ELF file for this machine and class.
    pub fn matches(&self, head: &[u8]) -> bool {
        ElfId::of(head) == Some(*self)
    }

    /// Whether the file at `path` is an ELF file for this machine and class.
    pub fn is_file_for(&self, path: &CStr) -> bool {
        let Ok(file) = std::fs::File::open(std::ffi::OsStr::from_bytes(path.to_bytes())) else { return false };
        let mut head = Vec::with_capacity(E_MACHINE + 2);
        file.take(E_MACHINE as u64 + 2).read_to_end(&mut head).is_ok() && self.matches(&head)
    }

    /// The machine's name, for messages.
    pub fn machine_name(&self) -> String {
        let name = match (self.machine, self.is_64) {
            (3, _) => "i386",
            (62, _) => "x86_64",
            (40, _) => "arm (32-bit)",
            (183, true) => "aarch64",
            (183, false) => "aarch64 (ILP32)",
            (243, true) => "riscv64",
            (243, false) => "riscv32",
            (21, _) => "ppc64",
            (20, _) => "ppc",
            (22, _) => "s390x",
            (8, _) => "mips",
            (258, _) => "loongarch",
            (other, _) => return format!("ELF machine {other}"),
        };
        name.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 20 bytes of an ELF header.
    fn head(machine: u16, class: u8, data: u8) -> Vec<u8> {
        let mut h = b"\x7fELF".to_vec();
        h.extend([class, data, 1, 0]);
        h.resize(18, 0);
        h.extend(machine.to_le_bytes());
        h
    }

    #[test]
    fn identities() {
        assert_eq!(ElfId::of(&head(183, 2, 1)), Some(ElfId { machine: 183, is_64: true }));
        assert_eq!(ElfId::of(&head(40, 1, 1)), Some(ElfId { machine: 40, is_64: false }));
        assert_eq!(ElfId::of(&head(183, 2, 2)), None, "big-endian");
        assert_eq!(ElfId::of(&head(183, 3, 1)), None, "no such class");
        assert_eq!(ElfId::of(b"#!/bin/sh\n"), None);
        let id = ElfId { machine: 183, is_64: true };
        assert!(id.matches(&head(183, 2, 1)));
        assert!(!id.matches(&head(183, 1, 1)));
        assert!(!id.matches(&head(62, 2, 1)));
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("lib.so");
        std::fs::write(&f, head(183, 2, 1)).unwrap();
        let c = std::ffi::CString::new(f.as_os_str().as_bytes()).unwrap();
        assert!(id.is_file_for(&c));
        assert!(!id.is_file_for(c"/nonexistent/lib.so"));
        assert_eq!(ElfId { machine: 243, is_64: true }.machine_name(), "riscv64");
    }
}
