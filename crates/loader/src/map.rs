//! Mapping an image's segments into guest memory.
//!
//! The whole span of the PT_LOAD segments is mapped as one anonymous read-write region,
//! the file bytes are copied in, and then each page gets the union of the protections of
//! the segments that touch it. Copying instead of mapping the file keeps odd layouts
//! (segments sharing a page, offsets not congruent to addresses) simple and correct.

use crate::{ElfImage, LoadError};
use crossrun_memory::access;
use crossrun_memory::space::MapRequest;
use crossrun_memory::{page_down, page_up, GuestSpace, Protection, PAGE_SIZE};

/// Where an image ended up.
#[derive(Clone, Debug)]
pub struct Mapped {
    /// Added to every address in the file (0 for ET_EXEC).
    pub bias: u64,
    pub entry: u64,
    pub brk_start: u64,
    pub phdr: u64,
    pub phnum: u64,
    pub phentsize: u64,
}

fn map_error(what: &'static str, addr: u64, e: crossrun_memory::MapError) -> LoadError {
    let reason = match e {
        crossrun_memory::MapError::NoRoom => "the range is in use by crossrun or outside the host's address space".into(),
        crossrun_memory::MapError::Invalid => "invalid range".into(),
        crossrun_memory::MapError::Host(e) => e.to_string(),
    };
    LoadError::Map { what, addr, reason }
}

/// Where a position-independent main program goes, like the kernel's ELF_ET_DYN_BASE:
/// low enough that nothing the host maps top-down sits just above it, so the program's
/// break has room to grow. (x86_64's own PIE base, 0x555555554000, is crossrun's.)
pub const PIE_BASE: u64 = 0x2aaa_aaaa_0000;

/// Where a position-independent main program goes in `space`: [`PIE_BASE`], or for a
/// guest held below a limit two thirds of the way up, as the kernel's ELF_ET_DYN_BASE
/// for 32-bit programs (0xaaaaa000 below 4 GiB), leaving the rest to the break.
pub fn pie_base(space: &GuestSpace) -> u64 {
    if space.limit() < crossrun_memory::MAX_GUEST_ADDR {
        page_down(space.limit() / 3 * 2)
    } else {
        PIE_BASE
    }
}

/// Where an image goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The main program: ET_EXEC at its addresses, ET_DYN at [`pie_base`] if free.
    Program,
    /// The dynamic linker: wherever the host kernel finds room.
    Interpreter,
}

pub fn map_image(image: &ElfImage, space: &mut GuestSpace, placement: Placement) -> Result<Mapped, LoadError> {
    let lo = page_down(image.segments.iter().map(|s| s.vaddr).min().expect("checked: at least one segment"));
    let hi = page_up(image.segments.iter().map(|s| s.vaddr + s.memsz).max().expect("checked: at least one segment"));
    let anywhere = MapRequest { addr: 0, len: hi - lo, prot: Protection::RW, flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, fd: -1, offset: 0 };
    let fixed = |addr| MapRequest { addr, flags: anywhere.flags | libc::MAP_FIXED_NOREPLACE, ..anywhere };
    let base = match (image.relocatable, placement) {
        (false, _) => space.map(fixed(lo)),
        (true, Placement::Program) => space.map(fixed(pie_base(space))).or_else(|_| space.map(anywhere)),
        (true, Placement::Interpreter) => space.map(anywhere),
    }
    .map_err(|e| map_error("the program", lo, e))?;
    let bias = base.wrapping_sub(lo);
    for seg in &image.segments {
        let bytes = &image.data[seg.offset as usize..(seg.offset + seg.filesz) as usize];
        access::write_bytes(seg.vaddr.wrapping_add(bias), bytes)
            .map_err(|f| LoadError::Map { what: "a segment", addr: f.addr, reason: "not writable after mapping".into() })?;
    }
    // Give each page the union of the protections of the segments touching it.
    let prot_of = |page: u64| {
        image
            .segments
            .iter()
            .filter(|s| s.vaddr < page + PAGE_SIZE && s.vaddr + s.memsz > page)
            .fold(0, |p, s| p | segment_prot(s.flags))
    };
    let mut page = lo;
    while page < hi {
        let prot = prot_of(page);
        let mut run_end = page + PAGE_SIZE;
        while run_end < hi && prot_of(run_end) == prot {
            run_end += PAGE_SIZE;
        }
        space
            .protect(page.wrapping_add(bias), run_end - page, Protection(prot))
            .map_err(|e| map_error("a segment", page.wrapping_add(bias), e))?;
        page = run_end;
    }
    Ok(Mapped {
        bias,
        entry: image.entry.wrapping_add(bias),
        brk_start: hi.wrapping_add(bias),
        phdr: image.phdr_vaddr.map_or(0, |p| p.wrapping_add(bias)),
        phnum: image.phnum,
        phentsize: image.phentsize,
    })
}

fn segment_prot(flags: u32) -> i32 {
    let mut p = 0;
    if flags & object::elf::PF_R.0 != 0 {
        p |= libc::PROT_READ;
    }
    if flags & object::elf::PF_W.0 != 0 {
        p |= libc::PROT_WRITE;
    }
    // The host never executes guest code, but the guest may read its own code and
    // expects its mappings to look as they would natively.
    if flags & object::elf::PF_X.0 != 0 {
        p |= libc::PROT_READ | libc::PROT_EXEC;
    }
    p
}
