//! The guest's share of the address space.
//!
//! crossrun and its guest live in one host process. `GuestSpace` remembers which pages
//! belong to the guest and refuses any guest request that would map, unmap or change the
//! protection of a page that belongs to crossrun. New mappings the guest asks for go
//! wherever the host kernel puts them (or at the guest's fixed address, if free), so the
//! guest sees the same kind of addresses it would see natively.
//!
//! A guest with fewer address bits than the host (a 32-bit guest) is *held* below its
//! limit: its mappings come from the low reservation ([`crate::low`]), placed by
//! crossrun's own top-down allocator (the host kernel cannot choose: it sees the
//! reservation as taken), and what it unmaps goes back there.

use crate::{code_pages, low, page_up, MAX_GUEST_ADDR, MIN_GUEST_ADDR, PAGE_SIZE};
use std::collections::BTreeMap;
use std::io;

/// PROT_* bits, which are the same numbers on every Linux architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Protection(pub i32);

impl Protection {
    pub const NONE: Protection = Protection(0);
    pub const READ: Protection = Protection(libc::PROT_READ);
    pub const RW: Protection = Protection(libc::PROT_READ | libc::PROT_WRITE);
    pub const RX: Protection = Protection(libc::PROT_READ | libc::PROT_EXEC);
}

/// Why a guest mapping request failed; each maps to the errno Linux would give.
#[derive(Debug)]
pub enum MapError {
    /// The range is (partly) crossrun's own, or outside what the host can address.
    NoRoom,
    /// Arguments Linux rejects (zero length, misaligned address).
    Invalid,
    /// The host kernel refused.
    Host(io::Error),
}

impl MapError {
    /// The Linux errno for the guest (positive).
    pub fn errno(&self) -> i32 {
        match self {
            MapError::NoRoom => libc::ENOMEM,
            MapError::Invalid => libc::EINVAL,
            MapError::Host(e) => e.raw_os_error().unwrap_or(libc::ENOMEM),
        }
    }
}

/// The set of page ranges the guest owns, as `start -> end` with no two ranges touching,
/// and the protection the guest gave each page.
#[derive(Debug)]
pub struct GuestSpace {
    ranges: BTreeMap<u64, u64>,
    /// `start -> (end, protection)`: what the guest asked for, which is also the host's
    /// protection except on pages [`code_pages`] write-protects.
    prots: BTreeMap<u64, (u64, Protection)>,
    /// One past the highest address the guest may map.
    limit: u64,
    /// Where top-down placement starts for a held guest (the kernel's `mmap_base`: just
    /// below the stack).
    mmap_base: u64,
}

impl Default for GuestSpace {
    fn default() -> Self {
        GuestSpace::new()
    }
}

/// A request for a new mapping. The file, when there is one, is a host fd.
#[derive(Clone, Copy, Debug)]
pub struct MapRequest {
    pub addr: u64,
    pub len: u64,
    pub prot: Protection,
    /// MAP_* flags in the asm-generic numbering, which the host and every guest
    /// crossrun runs share (the Linux layer converts any guest that differs).
    pub flags: i32,
    pub fd: i32,
    pub offset: u64,
}

impl GuestSpace {
    /// The space of a guest with as many address bits as the host has: its mappings go
    /// wherever the host kernel puts them.
    pub fn new() -> Self {
        GuestSpace { ranges: BTreeMap::new(), prots: BTreeMap::new(), limit: MAX_GUEST_ADDR, mmap_base: MAX_GUEST_ADDR }
    }

    /// The space of a guest whose addresses have `bits` bits: with fewer than the host
    /// has, the free part of the range below `1 << bits` is reserved for it now (so call
    /// this before crossrun maps anything large) and all its mappings stay there.
    pub fn with_address_bits(bits: u32) -> io::Result<Self> {
        let limit = 1u64.checked_shl(bits).unwrap_or(u64::MAX);
        if limit >= MAX_GUEST_ADDR {
            return Ok(GuestSpace::new());
        }
        low::reserve(limit)?;
        Ok(GuestSpace { limit, mmap_base: limit, ..GuestSpace::new() })
    }

    /// One past the highest address the guest may map.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Whether the guest's mappings come from the low reservation.
    fn held(&self) -> bool {
        self.limit < MAX_GUEST_ADDR
    }

    /// Sets where a held guest's mappings are placed from, top-down, as the kernel's
    /// `mmap_base` (the loader puts it below the stack).
    pub fn set_mmap_base(&mut self, base: u64) {
        self.mmap_base = base.min(self.limit);
    }

    fn valid_range(&self, addr: u64, len: u64) -> bool {
        addr >= MIN_GUEST_ADDR && addr.checked_add(len).is_some_and(|end| end <= self.limit)
    }

    /// Whether every page of `[addr, addr+len)` belongs to the guest.
    pub fn owns(&self, addr: u64, len: u64) -> bool {
        let end = addr.saturating_add(len);
        let mut at = addr;
        while at < end {
            match self.ranges.range(..=at).next_back() {
                Some((_, &e)) if e > at => at = e,
                _ => return false,
            }
        }
        true
    }

    /// The protection the guest gave the page at `addr`, if it is the guest's.
    pub fn protection(&self, addr: u64) -> Option<Protection> {
        let (_, &(end, prot)) = self.prots.range(..=addr).next_back()?;
        (end > addr).then_some(prot)
    }

    /// The guest's protections of `[addr, end)`, as `(start, end, prot)` in address order.
    pub fn protections(&self, addr: u64, end: u64) -> Vec<(u64, u64, Protection)> {
        let first = self.prots.range(..=addr).next_back().map_or(addr, |(&s, _)| s);
        self.prots
            .range(first..end)
            .filter(|(_, &(e, _))| e > addr)
            .map(|(&s, &(e, p))| (s.max(addr), e.min(end), p))
            .collect()
    }

    /// Before code is translated from guest page `page`: if the guest may write it, have
    /// [`code_pages`] write-protect it on the host so a write is noticed.
    pub fn watch_code(&self, page: u64) {
        if let Some(prot) = self.protection(page).filter(|p| p.0 & libc::PROT_WRITE != 0) {
            code_pages::protect(page, prot);
        }
    }

    fn set_prot(&mut self, start: u64, end: u64, prot: Protection) {
        self.clear_prot(start, end);
        self.prots.insert(start, (end, prot));
    }

    fn clear_prot(&mut self, start: u64, end: u64) {
        for (s, e, p) in self.protections(start, end) {
            let (whole_start, (whole_end, _)) = self.prots.range(..=s).next_back().map(|(&k, &v)| (k, v)).expect("listed above");
            self.prots.remove(&whole_start);
            if whole_start < s {
                self.prots.insert(whole_start, (s, p));
            }
            if whole_end > e {
                self.prots.insert(e, (whole_end, p));
            }
        }
    }

    /// The guest-owned ranges, in address order.
    pub fn ranges(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.ranges.iter().map(|(&s, &e)| (s, e))
    }

    fn insert(&mut self, start: u64, end: u64) {
        let (mut start, mut end) = (start, end);
        // Merge with every range that overlaps or touches [start, end).
        let touching: Vec<(u64, u64)> = self
            .ranges
            .range(..=end)
            .filter(|(_, &e)| e >= start)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in touching {
            self.ranges.remove(&s);
            start = start.min(s);
            end = end.max(e);
        }
        self.ranges.insert(start, end);
    }

    fn remove(&mut self, start: u64, end: u64) {
        let overlapping: Vec<(u64, u64)> = self
            .ranges
            .range(..end)
            .filter(|(_, &e)| e > start)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in overlapping {
            self.ranges.remove(&s);
            if s < start {
                self.ranges.insert(s, start);
            }
            if e > end {
                self.ranges.insert(end, e);
            }
        }
    }

    /// The parts of `[addr, end)` the guest does not own.
    fn holes(&self, addr: u64, end: u64) -> Vec<(u64, u64)> {
        let mut holes = Vec::new();
        let mut at = addr;
        for (s, e) in self.ranges.range(..end).map(|(&s, &e)| (s, e)).filter(|&(_, e)| e > addr) {
            if s > at {
                holes.push((at, s));
            }
            at = at.max(e);
        }
        if at < end {
            holes.push((at, end));
        }
        holes
    }

    /// Claims the unowned parts of a range for the guest, failing if any of it is host
    /// memory. On success the whole range is owned and mapped (holes as PROT_NONE):
    /// reserved parts are the reservation's PROT_NONE mapping, other free parts are
    /// mapped with `MAP_FIXED_NOREPLACE`, so the kernel itself refuses host memory.
    fn claim(&mut self, addr: u64, end: u64) -> Result<(), MapError> {
        let mut reserved = Vec::new();
        let mut claimed = Vec::new();
        let mut failure = None;
        'holes: for (s, e) in self.holes(addr, end) {
            let taken = if s < low::span_end() { low::take(s, e) } else { Vec::new() };
            let mut at = s;
            for &(ts, te) in taken.iter().chain(std::iter::once(&(e, e))) {
                if ts > at {
                    match host_map(at, ts - at, Protection::NONE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE, -1, 0) {
                        Ok(_) => claimed.push((at, ts)),
                        Err(err) => {
                            failure = Some(if err.raw_os_error() == Some(libc::EEXIST) { MapError::NoRoom } else { MapError::Host(err) });
                            reserved.extend(taken.iter().copied());
                            break 'holes;
                        }
                    }
                }
                at = te;
            }
            reserved.extend(taken);
        }
        if let Some(err) = failure {
            for (s, e) in reserved {
                low::give_back(s, e, true);
            }
            for (s, e) in claimed {
                host_unmap(s, e - s);
            }
            return Err(err);
        }
        for (s, e) in reserved.into_iter().chain(claimed) {
            self.set_prot(s, e, Protection::NONE);
        }
        self.insert(addr, end);
        Ok(())
    }

    /// Gives `[start, end)`, which the guest no longer has, back: to the low
    /// reservation where it lies in its span, else to the host. `mapped`: the guest's
    /// pages are still mapped there.
    fn release(start: u64, end: u64, mapped: bool) {
        let split = low::span_end().clamp(start, end);
        if start < split {
            low::give_back(start, split, mapped);
        }
        if split < end && mapped {
            host_unmap(split, end - split);
        }
    }

    /// mmap for the guest. MAP_FIXED requests may only cover guest-owned or free pages;
    /// MAP_FIXED_NOREPLACE ones only free pages; other requests treat `addr` as a hint.
    pub fn map(&mut self, req: MapRequest) -> Result<u64, MapError> {
        if req.len == 0 || !req.addr.is_multiple_of(PAGE_SIZE) {
            return Err(MapError::Invalid);
        }
        let len = page_up(req.len);
        let fixed = req.flags & (libc::MAP_FIXED | libc::MAP_FIXED_NOREPLACE) != 0;
        if fixed {
            if !self.valid_range(req.addr, len) {
                return Err(MapError::NoRoom);
            }
            let overlaps_guest = self.ranges.range(..req.addr + len).any(|(_, &e)| e > req.addr);
            if req.flags & libc::MAP_FIXED_NOREPLACE != 0 && overlaps_guest {
                return Err(MapError::Host(io::Error::from_raw_os_error(libc::EEXIST)));
            }
            self.claim(req.addr, req.addr + len)?;
            code_pages::forget(req.addr, req.addr + len);
            let flags = (req.flags & !libc::MAP_FIXED_NOREPLACE) | libc::MAP_FIXED;
            let addr = host_map(req.addr, len, req.prot, flags, req.fd, req.offset).map_err(MapError::Host)?;
            self.set_prot(addr, addr + len, req.prot);
            return Ok(addr);
        }
        let hint = if self.valid_range(req.addr, len) && req.addr != 0 { req.addr } else { 0 };
        if self.held() {
            return self.map_held(hint, len, req);
        }
        let addr = host_map(hint, len, req.prot, req.flags, req.fd, req.offset).map_err(MapError::Host)?;
        if !self.valid_range(addr, len) {
            host_unmap(addr, len);
            return Err(MapError::NoRoom);
        }
        self.insert(addr, addr + len);
        self.set_prot(addr, addr + len, req.prot);
        Ok(addr)
    }

    /// A held guest's mapping without a fixed address: at the hint if the reservation
    /// has it free, else where the top-down allocator finds room below the mmap base
    /// (ENOMEM when the reservation is full, as for a full 32-bit address space).
    fn map_held(&mut self, hint: u64, len: u64, req: MapRequest) -> Result<u64, MapError> {
        let addr = if hint != 0 && low::is_free(hint, hint + len) {
            low::take(hint, hint + len);
            hint
        } else {
            low::take_top_down(len, self.mmap_base).ok_or(MapError::NoRoom)?
        };
        let flags = (req.flags & !libc::MAP_FIXED_NOREPLACE) | libc::MAP_FIXED;
        if let Err(e) = host_map(addr, len, req.prot, flags, req.fd, req.offset) {
            low::give_back(addr, addr + len, false);
            return Err(MapError::Host(e));
        }
        self.insert(addr, addr + len);
        self.set_prot(addr, addr + len, req.prot);
        Ok(addr)
    }

    /// munmap for the guest. Pages that are not the guest's are left alone, as if they
    /// were already unmapped.
    pub fn unmap(&mut self, addr: u64, len: u64) -> Result<(), MapError> {
        if !addr.is_multiple_of(PAGE_SIZE) || len == 0 {
            return Err(MapError::Invalid);
        }
        let end = addr.saturating_add(page_up(len));
        let owned: Vec<(u64, u64)> = self
            .ranges
            .range(..end)
            .filter(|(_, &e)| e > addr)
            .map(|(&s, &e)| (s.max(addr), e.min(end)))
            .collect();
        code_pages::forget(addr, end);
        for (s, e) in owned {
            Self::release(s, e, true);
        }
        self.remove(addr, end);
        self.clear_prot(addr, end);
        Ok(())
    }

    /// mprotect for the guest: only guest pages, as Linux fails on unmapped ones.
    pub fn protect(&mut self, addr: u64, len: u64, prot: Protection) -> Result<(), MapError> {
        if !addr.is_multiple_of(PAGE_SIZE) {
            return Err(MapError::Invalid);
        }
        let len = page_up(len);
        if !self.owns(addr, len) {
            return Err(MapError::NoRoom);
        }
        code_pages::forget(addr, addr + len);
        // SAFETY: the range is guest-owned, so changing its protection cannot affect
        // memory crossrun relies on.
        let rc = unsafe { libc::mprotect(addr as *mut libc::c_void, len as usize, prot.0) };
        if rc != 0 {
            return Err(MapError::Host(io::Error::last_os_error()));
        }
        self.set_prot(addr, addr + len, prot);
        Ok(())
    }

    /// Moves or resizes a guest mapping (mremap). The old range must be the guest's; a
    /// fixed destination must be free or the guest's. A held guest's mapping grows in
    /// place when the reservation has the pages after it free, as the kernel's would
    /// when they are unmapped; otherwise, when it may move, crossrun chooses the
    /// destination in the reservation and has the host move it there (MREMAP_FIXED).
    pub fn remap(&mut self, old: u64, old_len: u64, new_len: u64, flags: i32, new_addr: u64) -> Result<u64, MapError> {
        let (old_len, new_len) = (page_up(old_len), page_up(new_len));
        if !old.is_multiple_of(PAGE_SIZE) || new_len == 0 {
            return Err(MapError::Invalid);
        }
        if !self.owns(old, old_len.max(1)) {
            return Err(MapError::Host(io::Error::from_raw_os_error(libc::EFAULT)));
        }
        let (mut flags, mut new_addr) = (flags, new_addr);
        let fixed = flags & libc::MREMAP_FIXED != 0;
        let may_move = flags & libc::MREMAP_MAYMOVE != 0;
        let dont_unmap = flags & libc::MREMAP_DONTUNMAP != 0;
        let tail_free = self.held()
            && old_len != 0
            && !dont_unmap
            && new_len > old_len
            && self.valid_range(old, new_len)
            && low::is_free(old + old_len, old + new_len);
        let grow_in_place = !fixed && new_len > old_len && (!may_move || tail_free);
        // Where the held guest's mapping goes when it must move (a copy of a shared
        // mapping, DONTUNMAP and growth all need a new place).
        let mut chosen = None;
        // The pages move with their host protection, which must be the guest's.
        code_pages::forget(old, old + old_len);
        if fixed {
            code_pages::forget(new_addr, new_addr + new_len);
            if !self.valid_range(new_addr, new_len) {
                return Err(MapError::NoRoom);
            }
            self.claim(new_addr, new_addr + new_len)?;
        } else if grow_in_place {
            // The pages after the mapping must be free (not even the guest's: the kernel
            // does not grow over another mapping); unmapped, for the host to grow into.
            if self.ranges.range(..old + new_len).any(|(&s, &e)| s < old + new_len && e > old + old_len) {
                return Err(MapError::NoRoom);
            }
            self.claim(old + old_len, old + new_len)?;
            host_unmap(old + old_len, new_len - old_len);
            flags &= !libc::MREMAP_MAYMOVE;
        } else if self.held() && may_move && (new_len > old_len || dont_unmap || old_len == 0) {
            let at = low::take_top_down(new_len, self.mmap_base).ok_or(MapError::NoRoom)?;
            chosen = Some(at);
            new_addr = at;
            flags |= libc::MREMAP_FIXED;
        }
        // SAFETY: the source is guest-owned and the destination (if fixed) was claimed
        // for the guest above, or taken from the reservation; otherwise the kernel picks
        // a free destination.
        let got = unsafe {
            libc::mremap(old as *mut libc::c_void, old_len as usize, new_len as usize, flags, new_addr as *mut libc::c_void)
        };
        if got == libc::MAP_FAILED {
            let err = io::Error::last_os_error();
            if let Some(at) = chosen {
                low::give_back(at, at + new_len, false);
            }
            if grow_in_place {
                let (s, e) = (old + old_len, old + new_len);
                self.remove(s, e);
                self.clear_prot(s, e);
                Self::release(s, e, false);
            }
            return Err(MapError::Host(err));
        }
        let got = got as u64;
        let moved = self.protections(old, old + old_len);
        if !dont_unmap {
            self.remove(old, old + old_len);
            self.clear_prot(old, old + old_len);
        }
        self.insert(got, got + new_len);
        self.move_prots(&moved, old, got, new_len);
        // What the host unmapped of the old range (all of it after a move, the tail
        // after a shrink) goes back to the reservation.
        for (s, e) in self.holes(old, old + old_len) {
            Self::release(s, e, false);
        }
        Ok(got)
    }

    /// Gives `[to, to + len)` the protections `moved` had at `from` (as mremap does);
    /// growth beyond them gets the last page's, as the kernel extends the last mapping.
    fn move_prots(&mut self, moved: &[(u64, u64, Protection)], from: u64, to: u64, len: u64) {
        let end = to + len;
        for &(s, e, p) in moved {
            let (s, e) = (s - from + to, e - from + to);
            if s < end {
                self.set_prot(s, e.min(end), p);
            }
        }
        if let Some(&(_, e, p)) = moved.last() {
            let e = e - from + to;
            if e < end {
                self.set_prot(e, end, p);
            }
        }
    }
}

fn host_map(addr: u64, len: u64, prot: Protection, flags: i32, fd: i32, offset: u64) -> io::Result<u64> {
    // SAFETY: callers only pass MAP_FIXED for ranges the guest owns or has just claimed,
    // so no mapping crossrun relies on is replaced; other requests let the kernel choose.
    let p = unsafe { libc::mmap(addr as *mut libc::c_void, len as usize, prot.0, flags, fd, offset as libc::off_t) };
    if p == libc::MAP_FAILED {
        Err(io::Error::last_os_error())
    } else {
        Ok(p as u64)
    }
}

fn host_unmap(addr: u64, len: u64) {
    // SAFETY: only called for ranges that belong to the guest (or were just claimed for it).
    unsafe { libc::munmap(addr as *mut libc::c_void, len as usize) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon(addr: u64, len: u64, flags: i32) -> MapRequest {
        MapRequest { addr, len, prot: Protection::RW, flags: flags | libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, fd: -1, offset: 0 }
    }

    #[test]
    fn guest_cannot_map_over_crossrun_memory() {
        let mut space = GuestSpace::new();
        let ours = Box::new([0u8; 8192]);
        let page = crate::page_down(ours.as_ptr() as u64);
        let err = space.map(anon(page, PAGE_SIZE, libc::MAP_FIXED)).unwrap_err();
        assert_eq!(err.errno(), libc::ENOMEM);
        assert_eq!(space.protect(page, PAGE_SIZE, Protection::NONE).unwrap_err().errno(), libc::ENOMEM);
        space.unmap(page, PAGE_SIZE).unwrap();
        assert_eq!(ours[100], 0, "crossrun's memory is still mapped and readable");
    }

    #[test]
    fn fixed_maps_split_and_merge_ownership() {
        let mut space = GuestSpace::new();
        let base = space.map(anon(0, 8 * PAGE_SIZE, 0)).unwrap();
        assert!(space.owns(base, 8 * PAGE_SIZE));
        space.unmap(base + 2 * PAGE_SIZE, PAGE_SIZE).unwrap();
        assert!(!space.owns(base, 8 * PAGE_SIZE));
        assert!(space.owns(base + 3 * PAGE_SIZE, 5 * PAGE_SIZE));
        // Re-mapping the hole with MAP_FIXED is allowed: it is free now.
        assert_eq!(space.map(anon(base + 2 * PAGE_SIZE, PAGE_SIZE, libc::MAP_FIXED)).unwrap(), base + 2 * PAGE_SIZE);
        assert!(space.owns(base, 8 * PAGE_SIZE));
        assert_eq!(space.ranges().count(), 1);
        space.unmap(base, 8 * PAGE_SIZE).unwrap();
        assert_eq!(space.ranges().count(), 0);
    }

    #[test]
    fn fixed_noreplace_refuses_any_overlap_with_guest_pages() {
        let mut space = GuestSpace::new();
        let base = space.map(anon(0, 2 * PAGE_SIZE, 0)).unwrap();
        let err = space.map(anon(base, PAGE_SIZE, libc::MAP_FIXED_NOREPLACE)).unwrap_err();
        assert_eq!(err.errno(), libc::EEXIST);
        space.unmap(base, 2 * PAGE_SIZE).unwrap();
    }

    #[test]
    fn protections_follow_map_protect_unmap_and_remap() {
        let mut space = GuestSpace::new();
        let base = space.map(anon(0, 4 * PAGE_SIZE, 0)).unwrap();
        space.protect(base + PAGE_SIZE, PAGE_SIZE, Protection::RX).unwrap();
        assert_eq!(space.protection(base), Some(Protection::RW));
        assert_eq!(space.protection(base + PAGE_SIZE), Some(Protection::RX));
        assert_eq!(space.protection(base + 2 * PAGE_SIZE), Some(Protection::RW));
        space.unmap(base + 3 * PAGE_SIZE, PAGE_SIZE).unwrap();
        assert_eq!(space.protection(base + 3 * PAGE_SIZE), None);
        // A moved mapping keeps its protection, and growth takes it too.
        let moved = space.remap(base + PAGE_SIZE, PAGE_SIZE, 3 * PAGE_SIZE, libc::MREMAP_MAYMOVE, 0).unwrap();
        assert_ne!(moved, base + PAGE_SIZE, "the page after it is taken");
        assert_eq!(space.protection(base + PAGE_SIZE), None);
        assert_eq!(space.protection(base + 2 * PAGE_SIZE), Some(Protection::RW));
        let prots: Vec<Protection> = (0..3).map(|i| space.protection(moved + i * PAGE_SIZE).unwrap()).collect();
        assert_eq!(prots, [Protection::RX; 3]);
        space.unmap(moved, 3 * PAGE_SIZE).unwrap();
        space.unmap(base, 3 * PAGE_SIZE).unwrap();
        assert_eq!(space.protections(0, MAX_GUEST_ADDR), []);
    }

    #[test]
    fn remap_grows_and_moves() {
        let mut space = GuestSpace::new();
        let base = space.map(anon(0, PAGE_SIZE, 0)).unwrap();
        let moved = space.remap(base, PAGE_SIZE, 64 * PAGE_SIZE, libc::MREMAP_MAYMOVE, 0).unwrap();
        assert!(space.owns(moved, 64 * PAGE_SIZE));
        space.unmap(moved, 64 * PAGE_SIZE).unwrap();
    }

    /// Held spaces share the process's one reservation; the tests that use them, one
    /// of which fills it, run one at a time.
    static HELD: std::sync::Mutex<()> = std::sync::Mutex::new(());

    const FOUR_GIB: u64 = 1 << 32;

    fn held() -> (std::sync::MutexGuard<'static, ()>, GuestSpace) {
        let lock = HELD.lock().unwrap_or_else(|e| e.into_inner());
        (lock, GuestSpace::with_address_bits(32).unwrap())
    }

    /// Whether the host has anything mapped at `addr` (msync fails with ENOMEM there).
    fn host_mapped(addr: u64) -> bool {
        // SAFETY: msync of one page only asks the kernel about it.
        unsafe { libc::msync(addr as *mut libc::c_void, PAGE_SIZE as usize, libc::MS_ASYNC) == 0 }
    }

    #[test]
    fn a_held_guest_maps_below_its_limit_and_unmaps_into_the_reservation() {
        let (_lock, mut space) = held();
        assert_eq!(space.limit(), FOUR_GIB);
        assert_eq!(GuestSpace::with_address_bits(48).unwrap().limit(), MAX_GUEST_ADDR, "64-bit guests are not held");
        // Nothing of crossrun's is mapped below 4 GiB but the reservation: crossrun's
        // own allocations, even large ones, go elsewhere.
        let big = vec![1u8; 64 << 20];
        assert!(big.as_ptr() as u64 >= FOUR_GIB);
        let a = space.map(anon(0, 16 * PAGE_SIZE, 0)).unwrap();
        assert!(a >= MIN_GUEST_ADDR && a + 16 * PAGE_SIZE <= FOUR_GIB, "{a:#x}");
        crate::access::store(a + 8, 7, 8).unwrap();
        // Top-down, as the kernel places them: the next one goes right below.
        let b = space.map(anon(0, PAGE_SIZE, 0)).unwrap();
        assert_eq!(b, a - PAGE_SIZE);
        // munmap hands the pages back to the reservation, not to the host: the range
        // stays mapped (inaccessible) and is the first choice again.
        space.unmap(a, 16 * PAGE_SIZE).unwrap();
        assert!(host_mapped(a) && crate::access::load(a + 8, 8).is_err());
        assert!(!space.owns(a, PAGE_SIZE));
        assert_eq!(space.map(anon(0, 16 * PAGE_SIZE, 0)).unwrap(), a);
        assert_eq!(crate::access::load(a + 8, 8), Ok(0), "fresh pages");
        // A hint the reservation has free is taken; one that is not is only a hint.
        let hint = 0x4000_0000;
        assert_eq!(space.map(anon(hint, PAGE_SIZE, 0)).unwrap(), hint);
        let other = space.map(anon(hint, PAGE_SIZE, 0)).unwrap();
        assert!(other != hint && other < FOUR_GIB);
        // Fixed mappings: anywhere below the limit that is free or the guest's, never
        // above it.
        assert_eq!(space.map(anon(0x1_0000, PAGE_SIZE, libc::MAP_FIXED)).unwrap(), 0x1_0000);
        assert_eq!(space.map(anon(hint, PAGE_SIZE, libc::MAP_FIXED)).unwrap(), hint);
        assert_eq!(space.map(anon(hint, PAGE_SIZE, libc::MAP_FIXED_NOREPLACE)).unwrap_err().errno(), libc::EEXIST);
        assert_eq!(space.map(anon(FOUR_GIB - PAGE_SIZE, 2 * PAGE_SIZE, libc::MAP_FIXED)).unwrap_err().errno(), libc::ENOMEM);
        assert_eq!(space.map(anon(FOUR_GIB, PAGE_SIZE, libc::MAP_FIXED)).unwrap_err().errno(), libc::ENOMEM);
        for (s, e) in space.ranges().collect::<Vec<_>>() {
            space.unmap(s, e - s).unwrap();
        }
    }

    #[test]
    fn a_held_guest_remaps_below_its_limit() {
        let (_lock, mut space) = held();
        space.set_mmap_base(0xc000_0000);
        let a = space.map(anon(0, 2 * PAGE_SIZE, 0)).unwrap();
        assert_eq!(a, 0xc000_0000 - 2 * PAGE_SIZE, "top-down from the mmap base");
        crate::access::store(a, 0x55, 8).unwrap();
        // Growing with MAYMOVE when the pages after it are free: in place.
        let grown = space.remap(a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, libc::MREMAP_MAYMOVE, 0).unwrap();
        assert_eq!(grown, a);
        assert!(space.owns(a, 4 * PAGE_SIZE));
        // When they are not: it moves, below the limit (the host would have moved it
        // above 4 GiB), and the old range goes back to the reservation.
        space.map(anon(a + 4 * PAGE_SIZE, PAGE_SIZE, libc::MAP_FIXED)).unwrap();
        let moved = space.remap(a, 4 * PAGE_SIZE, 64 * PAGE_SIZE, libc::MREMAP_MAYMOVE, 0).unwrap();
        assert!(moved != a && moved + 64 * PAGE_SIZE <= FOUR_GIB, "{moved:#x}");
        assert_eq!(crate::access::load(moved, 8), Ok(0x55), "the contents moved");
        assert!(!space.owns(a, PAGE_SIZE) && host_mapped(a), "reserved again");
        assert_eq!(space.map(anon(a, 4 * PAGE_SIZE, libc::MAP_FIXED_NOREPLACE)).unwrap(), a, "and free for the guest");
        // Without MAYMOVE it cannot grow into the guest's other mapping.
        assert_eq!(space.remap(a, 4 * PAGE_SIZE, 8 * PAGE_SIZE, 0, 0).unwrap_err().errno(), libc::ENOMEM);
        // Shrinking gives the tail back.
        assert_eq!(space.remap(moved, 64 * PAGE_SIZE, PAGE_SIZE, 0, 0).unwrap(), moved);
        assert!(!space.owns(moved + PAGE_SIZE, PAGE_SIZE) && host_mapped(moved + PAGE_SIZE));
        // A fixed destination, and DONTUNMAP (which must move) keep below the limit too.
        let dest = 0x2000_0000;
        assert_eq!(space.remap(moved, PAGE_SIZE, PAGE_SIZE, libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED, dest).unwrap(), dest);
        assert_eq!(crate::access::load(dest, 8), Ok(0x55));
        let kept = space.remap(dest, PAGE_SIZE, PAGE_SIZE, libc::MREMAP_MAYMOVE | libc::MREMAP_DONTUNMAP, 0).unwrap();
        assert!(kept != dest && kept < FOUR_GIB);
        assert!(space.owns(dest, PAGE_SIZE), "DONTUNMAP leaves the old range mapped");
        assert_eq!(
            space.remap(dest, PAGE_SIZE, PAGE_SIZE, libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED, FOUR_GIB).unwrap_err().errno(),
            libc::ENOMEM
        );
        for (s, e) in space.ranges().collect::<Vec<_>>() {
            space.unmap(s, e - s).unwrap();
        }
    }

    /// Maps until the reservation is exhausted: every mapping lies below 4 GiB, and the
    /// last request fails with ENOMEM instead of going above.
    #[test]
    fn a_held_guest_runs_out_of_room_below_its_limit() {
        let (_lock, mut space) = held();
        let mut got = Vec::new();
        let mut len = 1u64 << 30;
        while len >= PAGE_SIZE {
            let req = MapRequest { prot: Protection::NONE, ..anon(0, len, libc::MAP_NORESERVE) };
            match space.map(req) {
                Ok(addr) => {
                    assert!(addr >= MIN_GUEST_ADDR && addr + len <= FOUR_GIB, "{addr:#x}+{len:#x}");
                    got.push((addr, len));
                }
                Err(e) => {
                    assert_eq!(e.errno(), libc::ENOMEM);
                    len /= 2;
                }
            }
        }
        let total: u64 = got.iter().map(|&(_, l)| l).sum();
        assert!(total > 3 * (1 << 30), "{total:#x} bytes");
        for (addr, len) in got {
            space.unmap(addr, len).unwrap();
        }
        // All of it is free again.
        let again = space.map(MapRequest { prot: Protection::NONE, ..anon(0, 1 << 30, libc::MAP_NORESERVE) }).unwrap();
        space.unmap(again, 1 << 30).unwrap();
    }
}
