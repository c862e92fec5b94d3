//! Memory: brk, mmap, munmap, mprotect, mremap, madvise, msync, mincore, mlock family.
//!
//! Every change to the address space goes through the process's `GuestSpace`, which
//! refuses to map, unmap or protect pages that are crossrun's own. The argument checks
//! the kernel makes before it looks at the address space are made here, in the kernel's
//! order, so the guest gets the same errno for the same mistake.

use super::raw;
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crossrun_memory::space::MapRequest;
use crossrun_memory::{page_up, GuestSpace, Protection, PAGE_SIZE};

const MAP_TYPE: u32 = 0x0f;
const MAP_SHARED_VALIDATE: u32 = 0x03;
const MAP_FIXED: u32 = 0x10;
const MAP_ANONYMOUS: u32 = 0x20;
const MAP_FIXED_NOREPLACE: u32 = 0x100000;
/// x86_64's MAP_32BIT and MAP_ABOVE4G: bits other architectures do not define (and ignore unless
/// MAP_SHARED_VALIDATE asks for strictness), which must not reach the host.
const HOST_ONLY_MAP_FLAGS: u32 = 0x40 | 0x80;

const MREMAP_MAYMOVE: u32 = 1;
const MREMAP_FIXED: u32 = 2;
const MREMAP_DONTUNMAP: u32 = 4;

/// The program break.
#[derive(Debug)]
pub struct Brk {
    start: u64,
    cur: u64,
}

impl Brk {
    pub fn new(start: u64) -> Brk {
        Brk { start, cur: start }
    }

    pub fn current(&self) -> u64 {
        self.cur
    }
}

/// Whether any guest mapping intersects `[start, end)`.
fn guest_mapped_in(space: &GuestSpace, start: u64, end: u64) -> bool {
    space.ranges().any(|(s, e)| s < end && e > start)
}

/// brk(addr): moves the break and returns the new one; on any failure (or for a query,
/// `addr` 0 or below the start) returns the current break, as Linux does.
pub fn brk(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let want = a[0];
    let mut b = ctx.process.brk.lock().unwrap_or_else(|e| e.into_inner());
    if want < b.start {
        return Ok(b.cur);
    }
    let (old_top, new_top) = (page_up(b.cur), page_up(want));
    if new_top > old_top {
        let mut space = ctx.process.space();
        // The new pages, and a guard page after them, must be free (Linux's check).
        if guest_mapped_in(&space, old_top, new_top.saturating_add(PAGE_SIZE)) {
            return Ok(b.cur);
        }
        let req = MapRequest {
            addr: old_top,
            len: new_top - old_top,
            prot: Protection::RW,
            flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
            fd: -1,
            offset: 0,
        };
        if space.map(req).is_err() {
            return Ok(b.cur);
        }
    } else if new_top < old_top {
        ctx.process.space().unmap(new_top, old_top - new_top)?;
        ctx.process.invalidate_code(new_top, old_top);
    }
    b.cur = want;
    Ok(want)
}

pub fn mmap(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (addr, len, prot, flags, fd, off) = (a[0], a[1], a[2] as u32, a[3] as u32, a[4] as i32, a[5]);
    if off % PAGE_SIZE != 0 || len == 0 {
        return Err(Errno::EINVAL);
    }
    if !(1..=MAP_SHARED_VALIDATE).contains(&(flags & MAP_TYPE)) {
        return Err(Errno::EINVAL);
    }
    if flags & MAP_TYPE == MAP_SHARED_VALIDATE && flags & HOST_ONLY_MAP_FLAGS != 0 {
        return Err(Errno::EOPNOTSUPP);
    }
    let fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0;
    if fixed && addr % PAGE_SIZE != 0 {
        return Err(Errno::EINVAL);
    }
    let len_pages = page_up(len);
    // arm64 mmap ignores PROT_BTI/PROT_MTE on a CPU without BTI/MTE (crossrun
    // advertises neither); x86_64 must not see them.
    let prot = prot & !ctx.abi.arch_prot_bits;
    let host_flags = flags & !HOST_ONLY_MAP_FLAGS;
    // A hint need not be aligned; the kernel rounds it up.
    let hint = if fixed { addr } else { page_up(addr) };
    let mut space = ctx.process.space();
    if flags & MAP_FIXED_NOREPLACE != 0 && guest_mapped_in(&space, addr, addr.saturating_add(len_pages)) {
        return Err(Errno::EEXIST);
    }
    let fd = if flags & MAP_ANONYMOUS != 0 { -1 } else { fd };
    let got = space.map(MapRequest {
        addr: hint,
        len,
        prot: Protection(prot as i32),
        flags: host_flags as i32,
        fd,
        offset: off,
    })?;
    drop(space);
    if fixed {
        ctx.process.invalidate_code(got, got + len_pages);
    }
    Ok(got)
}

pub fn munmap(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (addr, len) = (a[0], a[1]);
    let task_size = ctx.abi.task_size;
    if addr % PAGE_SIZE != 0 || addr > task_size || len > task_size - addr || len == 0 {
        return Err(Errno::EINVAL);
    }
    ctx.process.space().unmap(addr, len)?;
    ctx.process.invalidate_code(addr, addr + page_up(len));
    Ok(0)
}

pub fn mprotect(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (addr, len, prot) = (a[0], a[1], a[2] as u32);
    if addr % PAGE_SIZE != 0 {
        return Err(Errno::EINVAL);
    }
    // arm64 rejects PROT_BTI/PROT_MTE when the CPU lacks the feature.
    if prot & ctx.abi.arch_prot_bits != 0 {
        return Err(Errno::EINVAL);
    }
    if len == 0 {
        return Ok(0);
    }
    let len = page_up(len);
    if addr.checked_add(len).is_none() {
        return Err(Errno::ENOMEM);
    }
    ctx.process.space().protect(addr, len, Protection(prot as i32))?;
    ctx.process.invalidate_code(addr, addr + len);
    Ok(0)
}

pub fn mremap(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (old, old_len, new_len, flags, new_addr) = (a[0], a[1], a[2], a[3] as u32, a[4]);
    if flags & !(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP) != 0
        || (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP) != 0 && flags & MREMAP_MAYMOVE == 0)
        || (flags & MREMAP_DONTUNMAP != 0 && old_len != new_len)
        || old % PAGE_SIZE != 0
    {
        return Err(Errno::EINVAL);
    }
    if flags & MREMAP_FIXED != 0 && new_addr % PAGE_SIZE != 0 {
        return Err(Errno::EINVAL);
    }
    let got = ctx.process.space().remap(old, old_len, new_len, flags as i32, new_addr)?;
    ctx.process.invalidate_code(old, old + page_up(old_len));
    if flags & MREMAP_FIXED != 0 {
        ctx.process.invalidate_code(got, got + page_up(new_len));
    }
    Ok(got)
}

/// Advice values the kernel accepts (asm-generic/mman-common.h; the same on x86_64).
fn advice_valid(advice: i32) -> bool {
    matches!(advice, 0..=4 | 8..=25 | 100 | 101)
}

/// Advice that changes what the pages hold.
fn advice_discards(advice: i32) -> bool {
    matches!(advice, 4 | 8 | 9 | 24)
}

/// Checks an `(addr, len)` range the way madvise/msync/mincore do and returns its
/// page-aligned length; `ENOMEM` if it is not all the guest's.
fn guest_range(ctx: &Ctx<'_>, addr: u64, len: u64) -> Result<u64, Errno> {
    if addr % PAGE_SIZE != 0 {
        return Err(Errno::EINVAL);
    }
    let aligned = page_up(len);
    if addr.checked_add(aligned).is_none() || (len != 0 && aligned == 0) {
        return Err(Errno::EINVAL);
    }
    if aligned != 0 && !ctx.process.space().owns(addr, aligned) {
        return Err(Errno::ENOMEM);
    }
    Ok(aligned)
}

pub fn madvise(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (addr, advice) = (a[0], a[2] as i32);
    if !advice_valid(advice) {
        return Err(Errno::EINVAL);
    }
    let len = guest_range(ctx, addr, a[1])?;
    if len == 0 {
        return Ok(0);
    }
    // SAFETY: the range belongs to the guest, so no advice can affect crossrun's memory.
    unsafe { raw(libc::SYS_madvise, [addr, len, advice as u64, 0, 0, 0]) }?;
    if advice_discards(advice) {
        ctx.process.invalidate_code(addr, addr + len);
    }
    Ok(0)
}

pub fn msync(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let flags = a[2] as u32;
    let (ms_async, ms_invalidate, ms_sync) = (1, 2, 4);
    if flags & !(ms_async | ms_invalidate | ms_sync) != 0 || flags & (ms_async | ms_sync) == (ms_async | ms_sync) {
        return Err(Errno::EINVAL);
    }
    let len = guest_range(ctx, a[0], a[1])?;
    // SAFETY: a guest-owned range; msync only writes back or invalidates its pages.
    unsafe { raw(libc::SYS_msync, [a[0], len, flags as u64, 0, 0, 0]) }
}

/// The residency vector is plain bytes written into guest memory.
pub fn mincore(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let len = guest_range(ctx, a[0], a[1])?;
    // SAFETY: a guest-owned range; the vector is a plain guest byte buffer.
    unsafe { raw(libc::SYS_mincore, [a[0], len, a[2], 0, 0, 0]) }
}

/// mlock, munlock, mlock2: locking guest pages is not worth the host's limits; Linux
/// would succeed for a program allowed to lock, so report success.
pub fn mlock(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Ok(0)
}

/// mlockall, munlockall: as for mlock.
pub fn mlockall(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Ok(0)
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;
    use crossrun_memory::{access, PAGE_SIZE};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    const PROT_RW: u64 = 3;
    const MAP_PRIVATE_ANON: u64 = 0x22;

    #[test]
    fn brk_grows_shrinks_and_queries() {
        let mut g = Guest::new();
        let start = g.call("brk", &[0]) as u64;
        assert_eq!(start, g.process.current_brk());
        assert_eq!(start % PAGE_SIZE, 0);
        // Growing maps zeroed, writable pages.
        let top = start + 3 * PAGE_SIZE + 100;
        assert_eq!(g.call("brk", &[top]) as u64, top);
        assert_eq!(access::load(start + 2 * PAGE_SIZE, 8), Ok(0));
        access::store(top - 8, 0x1234, 8).unwrap();
        assert!(g.process.space().owns(start, 4 * PAGE_SIZE));
        // A query returns the break; an address below the start changes nothing.
        assert_eq!(g.call("brk", &[0]) as u64, top);
        assert_eq!(g.call("brk", &[start - 1]) as u64, top);
        // Shrinking unmaps whole pages above the new break.
        assert_eq!(g.call("brk", &[start + 10]) as u64, start + 10);
        assert!(access::load(start + 2 * PAGE_SIZE, 8).is_err());
        assert_eq!(access::load(start, 8), Ok(0));
        // Growing into another guest mapping fails by returning the old break.
        let blocker = start + 8 * PAGE_SIZE;
        assert_eq!(g.call("mmap", &[blocker, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANON | 0x10, u64::MAX, 0]) as u64, blocker);
        assert_eq!(g.call("brk", &[blocker + 10]) as u64, start + 10);
        assert_eq!(g.call("brk", &[start + 4 * PAGE_SIZE]) as u64, start + 4 * PAGE_SIZE);
        assert_eq!(g.call("munmap", &[blocker, PAGE_SIZE]), 0);
        assert_eq!(g.call("brk", &[start]) as u64, start);
    }

    #[test]
    fn mmap_mprotect_munmap_through_guest_space() {
        let mut g = Guest::new();
        let invalidated = Arc::new(AtomicU64::new(0));
        let seen = invalidated.clone();
        g.process.set_code_invalidator(Box::new(move |s, _| seen.store(s, Ordering::SeqCst)));
        let len = 4 * PAGE_SIZE;
        let p = g.call("mmap", &[0, len, PROT_RW, MAP_PRIVATE_ANON, u64::MAX, 0]);
        assert!(p > 0, "{p}");
        let p = p as u64;
        assert!(g.process.space().owns(p, len));
        access::store(p + 8, 42, 8).unwrap();
        assert_eq!(g.call("mprotect", &[p, PAGE_SIZE, 1]), 0);
        assert!(access::store(p + 8, 1, 8).is_err(), "read-only now");
        assert_eq!(access::load(p + 8, 8), Ok(42));
        assert_eq!(invalidated.load(Ordering::SeqCst), p);
        // mprotect of memory that is not the guest's: ENOMEM, and nothing changes.
        let ours = Box::new([7u8; 3 * PAGE_SIZE as usize]);
        let our_page = crossrun_memory::page_up(ours.as_ptr() as u64);
        let in_page = (our_page - ours.as_ptr() as u64) as usize + 5;
        assert_eq!(g.call("mprotect", &[our_page, PAGE_SIZE, 0]), -(libc::ENOMEM as i64));
        assert_eq!(ours[in_page], 7);
        // ...nor may the guest map over it.
        let r = g.call("mmap", &[our_page, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANON | 0x10, u64::MAX, 0]);
        assert_eq!(r, -(libc::ENOMEM as i64));
        // Argument checks in the kernel's order.
        assert_eq!(g.call("mprotect", &[p + 1, PAGE_SIZE, 1]), -(libc::EINVAL as i64));
        assert_eq!(g.call("mprotect", &[p, PAGE_SIZE, 3 | 0x10]), -(libc::EINVAL as i64), "PROT_BTI without BTI");
        assert_eq!(g.call("mmap", &[0, 0, PROT_RW, MAP_PRIVATE_ANON, u64::MAX, 0]), -(libc::EINVAL as i64));
        assert_eq!(g.call("mmap", &[0, 10, PROT_RW, 0x20, u64::MAX, 0]), -(libc::EINVAL as i64), "no map type");
        assert_eq!(g.call("mmap", &[0, 10, PROT_RW, MAP_PRIVATE_ANON, u64::MAX, 5]), -(libc::EINVAL as i64));
        // MAP_FIXED_NOREPLACE over a guest mapping: EEXIST.
        assert_eq!(g.call("mmap", &[p, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANON | 0x100000, u64::MAX, 0]), -(libc::EEXIST as i64));
        // MAP_FIXED over the guest's own mapping replaces it (zero page).
        assert_eq!(g.call("mmap", &[p, PAGE_SIZE, PROT_RW, MAP_PRIVATE_ANON | 0x10, u64::MAX, 0]) as u64, p);
        assert_eq!(access::load(p + 8, 8), Ok(0));
        // madvise(MADV_DONTNEED) zeroes private anonymous pages.
        access::store(p + PAGE_SIZE, 9, 8).unwrap();
        assert_eq!(g.call("madvise", &[p + PAGE_SIZE, PAGE_SIZE, 4]), 0);
        assert_eq!(access::load(p + PAGE_SIZE, 8), Ok(0));
        assert_eq!(g.call("madvise", &[our_page, PAGE_SIZE, 4]), -(libc::ENOMEM as i64));
        assert_eq!(ours[in_page], 7, "MADV_DONTNEED did not reach crossrun's memory");
        assert_eq!(g.call("madvise", &[p, PAGE_SIZE, 77]), -(libc::EINVAL as i64));
        // munmap.
        assert_eq!(g.call("munmap", &[p, len]), 0);
        assert!(!g.process.space().owns(p, PAGE_SIZE));
        assert!(access::load(p, 8).is_err());
        assert_eq!(g.call("munmap", &[p + 1, len]), -(libc::EINVAL as i64));
        assert_eq!(g.call("munmap", &[p, 0]), -(libc::EINVAL as i64));
    }

    #[test]
    fn file_mappings_and_mremap() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m");
        std::fs::write(&path, b"mapped file contents").unwrap();
        let fd = g.openat_path(&path, 0, 0);
        let p = g.call("mmap", &[0, 20, 1, 2, fd as u64, 0]) as u64;
        let mut b = [0u8; 20];
        crate::guest::read(p, &mut b).unwrap();
        assert_eq!(&b, b"mapped file contents");
        g.close(fd as i32);
        let q = g.call("mremap", &[p, PAGE_SIZE, 16 * PAGE_SIZE, 1, 0]);
        assert!(q > 0, "{q}");
        assert!(g.process.space().owns(q as u64, 16 * PAGE_SIZE));
        assert_eq!(g.call("mremap", &[q as u64, PAGE_SIZE, PAGE_SIZE, 2, 0]), -(libc::EINVAL as i64), "FIXED needs MAYMOVE");
        assert_eq!(g.call("munmap", &[q as u64, 16 * PAGE_SIZE]), 0);
    }
}
