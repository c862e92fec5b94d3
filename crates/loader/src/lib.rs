//! Loads a guest ELF program the way the Linux kernel's ELF loader does: maps its
//! PT_LOAD segments (and its PT_INTERP dynamic linker, if any) into guest memory, sets up
//! the break, and builds the initial stack with argv, envp and the auxiliary vector.

mod elf;
mod error;
mod ident;
mod map;
mod stack;

pub use elf::ElfImage;
pub use ident::ElfId;
pub use error::LoadError;
pub use stack::{auxv_names, StackSpec};

use crossrun_memory::GuestSpace;
use std::path::{Path, PathBuf};

/// Where and how a program was loaded.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub elf: ElfId,
    /// Where the guest starts: the dynamic linker's entry if there is one, else the
    /// program's.
    pub start_pc: u64,
    /// The initial stack pointer, pointing at argc.
    pub sp: u64,
    /// The first address of the break (page-aligned end of the program's bss).
    pub brk_start: u64,
    /// The auxiliary vector as given to the guest, for /proc/self/auxv.
    pub auxv: Vec<(u64, u64)>,
    /// The host path of the dynamic linker that was loaded, if any.
    pub interpreter: Option<PathBuf>,
}

/// What the loader needs besides the program.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub stack: StackSpec,
}

/// Reads and checks `path` without mapping anything; it must be for one of the machines
/// in `supported` (each with its name for messages).
pub fn identify(path: &Path, supported: &[(ElfId, &str)]) -> Result<ElfImage, LoadError> {
    ElfImage::read(path, supported)
}

/// Loads a checked program into `space` and builds its stack. `image.interpreter`, if
/// any, is the host path of the dynamic linker to load (the embedder resolves the
/// program's PT_INTERP in the guest's file system view first).
pub fn load(image: &ElfImage, space: &mut GuestSpace, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let program = map::map_image(image, space, map::Placement::Program)?;
    // The stack before the dynamic linker, as the kernel sets up its argument pages
    // first: it takes the top of the space and the linker goes below it.
    let stack = stack::map(space, &opts.stack)?;
    let (interp, interpreter) = match &image.interpreter {
        Some(path) => {
            let path = path.clone();
            let interp_image = ElfImage::read(&path, &[(image.elf, "the program's machine")]).map_err(|e| LoadError::Interpreter {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            if interp_image.elf != image.elf {
                return Err(LoadError::Interpreter {
                    path: path.display().to_string(),
                    reason: "it is for another architecture".into(),
                });
            }
            (Some(map::map_image(&interp_image, space, map::Placement::Interpreter)?), Some(path))
        }
        None => (None, None),
    };
    let start_pc = interp.as_ref().map_or(program.entry, |i| i.entry);
    let word = if image.elf.is_64 { 8 } else { 4 };
    let (sp, auxv) = stack::build(&stack, &opts.stack, word, &program, interp.as_ref())?;
    Ok(Loaded { elf: image.elf, start_pc, sp, brk_start: program.brk_start, auxv, interpreter })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossrun_memory::access;

    const EM_ARM: u16 = 40;
    const ARM: ElfId = ElfId { machine: EM_ARM, is_64: false };

    /// A 32-bit little-endian ELF file of type `e_type` with one read-execute PT_LOAD
    /// segment of one page at `vaddr` (which holds the headers) and e_flags `flags`.
    fn elf32(e_type: u16, vaddr: u32, flags: u32) -> Vec<u8> {
        let mut f = vec![0u8; 4096];
        f[..4].copy_from_slice(b"\x7fELF");
        f[4] = 1; // ELFCLASS32
        f[5] = 1; // little-endian
        f[6] = 1;
        let put16 = |f: &mut Vec<u8>, at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
        let put32 = |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
        put16(&mut f, 16, e_type);
        put16(&mut f, 18, EM_ARM);
        put32(&mut f, 20, 1);
        put32(&mut f, 24, vaddr + 0x100); // e_entry
        put32(&mut f, 28, 52); // e_phoff
        put32(&mut f, 36, flags);
        put16(&mut f, 40, 52);
        put16(&mut f, 42, 32); // e_phentsize
        put16(&mut f, 44, 1); // e_phnum
        let ph = 52;
        put32(&mut f, ph, 1); // PT_LOAD
        put32(&mut f, ph + 4, 0); // p_offset
        put32(&mut f, ph + 8, vaddr);
        put32(&mut f, ph + 16, 4096); // p_filesz
        put32(&mut f, ph + 20, 8192); // p_memsz: a page of bss
        put32(&mut f, ph + 24, 5); // R+X
        f
    }

    fn spec() -> StackSpec {
        StackSpec {
            size: 64 << 10,
            argv: vec![b"prog".to_vec(), b"arg1".to_vec()],
            envp: vec![b"A=1".to_vec()],
            execfn: b"/bin/prog".to_vec(),
            hwcap: 0x1234_5678,
            hwcap2: 0x1f,
            platform: Some("v7l"),
            secure: false,
            random: [9; 16],
            min_signal_stack: None,
        }
    }

    fn u32_at(addr: u64) -> u64 {
        access::load(addr, 4).unwrap()
    }

    /// A 32-bit program held below 4 GiB: its headers, e_flags, a 4-byte initial stack,
    /// and ET_DYN placed at two thirds of the space.
    #[test]
    fn a_32_bit_program_is_loaded_below_4_gib_with_a_4_byte_stack() {
        crossrun_memory::install_fault_handler(None);
        let image = ElfImage::parse(Path::new("p"), elf32(2, 0x1_0000, 0x0500_0400), &[(ARM, "arm")]).unwrap();
        assert_eq!((image.elf, image.flags, image.entry, image.relocatable), (ARM, 0x0500_0400, 0x1_0100, false));
        assert_eq!(image.phdr_vaddr, Some(0x1_0034));
        let mut space = GuestSpace::with_address_bits(32).unwrap();
        let loaded = load(&image, &mut space, &LoadOptions { stack: spec() }).unwrap();
        assert_eq!(loaded.start_pc, 0x1_0100);
        assert_eq!(loaded.brk_start, 0x1_2000);
        let sp = loaded.sp;
        assert!(sp < 1 << 32 && sp.is_multiple_of(16), "{sp:#x}");
        // argc, then 4-byte pointers: argv[0], argv[1], NULL, envp[0], NULL, auxv.
        assert_eq!(u32_at(sp), 2);
        let mut s = [0u8; 4];
        access::read_bytes(u32_at(sp + 4), &mut s).unwrap();
        assert_eq!(&s, b"prog");
        assert_eq!(u32_at(sp + 12), 0);
        assert_eq!(u32_at(sp + 20), 0);
        let mut auxv = Vec::new();
        let mut at = sp + 24;
        loop {
            let (k, v) = (u32_at(at), u32_at(at + 4));
            auxv.push((k, v));
            at += 8;
            if k == 0 {
                break;
            }
        }
        assert_eq!(auxv, loaded.auxv);
        let get = |key| auxv.iter().find(|(k, _)| *k == key).map(|p| p.1);
        assert_eq!(get(16), Some(0x1234_5678), "AT_HWCAP");
        assert_eq!(get(26), Some(0x1f), "AT_HWCAP2");
        assert_eq!(get(3), Some(0x1_0034), "AT_PHDR");
        assert_eq!(get(4), Some(32), "AT_PHENT");
        assert_eq!(get(51), None, "no AT_MINSIGSTKSZ");
        let mut p = [0u8; 4];
        access::read_bytes(get(15).unwrap(), &mut p).unwrap();
        assert_eq!(&p, b"v7l\0", "AT_PLATFORM");
        // The end-of-stack marker is one 4-byte NULL, right above AT_EXECFN's string.
        let execfn = get(31).unwrap();
        assert_eq!(u32_at(execfn + b"/bin/prog\0".len() as u64), 0);
        assert!(space.ranges().all(|(_, e)| e <= 1 << 32));

        let pie = ElfImage::parse(Path::new("p"), elf32(3, 0, 0x0500_0200), &[(ARM, "arm")]).unwrap();
        let mut space2 = GuestSpace::with_address_bits(32).unwrap();
        let loaded = load(&pie, &mut space2, &LoadOptions { stack: spec() }).unwrap();
        assert_eq!(loaded.start_pc, 0xaaaa_a000 + 0x100, "ELF_ET_DYN_BASE for 32-bit programs");
        for s in [&mut space, &mut space2] {
            for (a, e) in s.ranges().collect::<Vec<_>>() {
                s.unmap(a, e - a).unwrap();
            }
        }
    }
}
