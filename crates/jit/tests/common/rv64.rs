//! Loading the static, freestanding riscv64 programs the RISC-V tests build.

use std::path::Path;

/// A static executable's PT_LOAD segments mapped at their addresses.
pub struct Image {
    pub entry: u64,
    mappings: Vec<(u64, usize)>,
}

impl Image {
    pub fn load(path: &Path) -> Image {
        let file = std::fs::read(path).unwrap();
        let u16_at = |o: usize| u16::from_le_bytes(file[o..o + 2].try_into().unwrap()) as usize;
        let u32_at = |o: usize| u32::from_le_bytes(file[o..o + 4].try_into().unwrap());
        let u64_at = |o: usize| u64::from_le_bytes(file[o..o + 8].try_into().unwrap());
        assert_eq!(&file[..4], b"\x7fELF");
        assert_eq!(u16_at(18), 243, "EM_RISCV");
        let (entry, phoff, phentsize, phnum) = (u64_at(24), u64_at(32) as usize, u16_at(54), u16_at(56));
        let mut mappings = Vec::new();
        for i in 0..phnum {
            let ph = phoff + i * phentsize;
            if u32_at(ph) != 1 {
                continue; // PT_LOAD only
            }
            let (offset, vaddr, filesz, memsz) = (u64_at(ph + 8) as usize, u64_at(ph + 16), u64_at(ph + 32) as usize, u64_at(ph + 40));
            let start = vaddr & !0xfff;
            let len = ((vaddr + memsz + 0xfff) & !0xfff) - start;
            // SAFETY: a private anonymous mapping at a fixed address the kernel refuses
            // (MAP_FIXED_NOREPLACE) if anything is there; unmapped in Drop.
            let p = unsafe {
                libc::mmap(
                    start as *mut libc::c_void,
                    len as usize,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
                    -1,
                    0,
                )
            };
            assert_eq!(p as u64, start, "mapping the segment at {start:#x}");
            mappings.push((start, len as usize));
            crossrun_memory::access::write_bytes(vaddr, &file[offset..offset + filesz]).unwrap();
        }
        Image { entry, mappings }
    }
}

impl Drop for Image {
    fn drop(&mut self) {
        for &(start, len) in &self.mappings {
            // SAFETY: a mapping made in `load`, not used after this.
            unsafe { libc::munmap(start as *mut libc::c_void, len) };
        }
    }
}
