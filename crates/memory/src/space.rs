//! The guest's share of the address space.
//!
//! crossrun and its guest live in one host process. `GuestSpace` remembers which pages
//! belong to the guest and refuses any guest request that would map, unmap or change the
//! protection of a page that belongs to crossrun. New mappings the guest asks for go
//! wherever the host kernel puts them (or at the guest's fixed address, if free), so the
//! guest sees the same kind of addresses it would see natively.

use crate::{page_up, MAX_GUEST_ADDR, MIN_GUEST_ADDR, PAGE_SIZE};
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

/// The set of page ranges the guest owns, as `start -> end` with no two ranges touching.
#[derive(Debug, Default)]
pub struct GuestSpace {
    ranges: BTreeMap<u64, u64>,
}

/// A request for a new mapping. The file, when there is one, is a host fd.
#[derive(Clone, Copy, Debug)]
pub struct MapRequest {
    pub addr: u64,
    pub len: u64,
    pub prot: Protection,
    /// MAP_* flags as Linux defines them for the guest (the generic numbers, which x86_64
    /// and aarch64 share).
    pub flags: i32,
    pub fd: i32,
    pub offset: u64,
}

fn valid_range(addr: u64, len: u64) -> bool {
    addr >= MIN_GUEST_ADDR && addr.checked_add(len).is_some_and(|end| end <= MAX_GUEST_ADDR)
}

impl GuestSpace {
    pub fn new() -> Self {
        Self::default()
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
    /// memory. On success the whole range is owned and mapped (holes as PROT_NONE).
    fn claim(&mut self, addr: u64, end: u64) -> Result<(), MapError> {
        let mut claimed = Vec::new();
        for (s, e) in self.holes(addr, end) {
            match host_map(s, e - s, Protection::NONE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE, -1, 0) {
                Ok(_) => claimed.push((s, e)),
                Err(err) => {
                    for (s, e) in claimed {
                        host_unmap(s, e - s);
                    }
                    return Err(if err.raw_os_error() == Some(libc::EEXIST) { MapError::NoRoom } else { MapError::Host(err) });
                }
            }
        }
        self.insert(addr, end);
        Ok(())
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
            if !valid_range(req.addr, len) {
                return Err(MapError::NoRoom);
            }
            let overlaps_guest = self.ranges.range(..req.addr + len).any(|(_, &e)| e > req.addr);
            if req.flags & libc::MAP_FIXED_NOREPLACE != 0 && overlaps_guest {
                return Err(MapError::Host(io::Error::from_raw_os_error(libc::EEXIST)));
            }
            self.claim(req.addr, req.addr + len)?;
            let flags = (req.flags & !libc::MAP_FIXED_NOREPLACE) | libc::MAP_FIXED;
            return host_map(req.addr, len, req.prot, flags, req.fd, req.offset).map_err(MapError::Host);
        }
        let hint = if valid_range(req.addr, len) && req.addr != 0 { req.addr } else { 0 };
        let addr = host_map(hint, len, req.prot, req.flags, req.fd, req.offset).map_err(MapError::Host)?;
        if !valid_range(addr, len) {
            host_unmap(addr, len);
            return Err(MapError::NoRoom);
        }
        self.insert(addr, addr + len);
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
        for (s, e) in owned {
            host_unmap(s, e - s);
        }
        self.remove(addr, end);
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
        // SAFETY: the range is guest-owned, so changing its protection cannot affect
        // memory crossrun relies on.
        let rc = unsafe { libc::mprotect(addr as *mut libc::c_void, len as usize, prot.0) };
        if rc != 0 {
            return Err(MapError::Host(io::Error::last_os_error()));
        }
        Ok(())
    }

    /// Moves or resizes a guest mapping (mremap). The old range must be the guest's; a
    /// fixed destination must be free or the guest's.
    pub fn remap(&mut self, old: u64, old_len: u64, new_len: u64, flags: i32, new_addr: u64) -> Result<u64, MapError> {
        let (old_len, new_len) = (page_up(old_len), page_up(new_len));
        if !old.is_multiple_of(PAGE_SIZE) || new_len == 0 {
            return Err(MapError::Invalid);
        }
        if !self.owns(old, old_len.max(1)) {
            return Err(MapError::Host(io::Error::from_raw_os_error(libc::EFAULT)));
        }
        let fixed = flags & libc::MREMAP_FIXED != 0;
        if fixed {
            if !valid_range(new_addr, new_len) {
                return Err(MapError::NoRoom);
            }
            self.claim(new_addr, new_addr + new_len)?;
        } else if new_len > old_len && flags & libc::MREMAP_MAYMOVE == 0 {
            // Growing in place: the pages after the mapping must be free.
            self.claim(old + old_len, old + new_len)?;
            host_unmap(old + old_len, new_len - old_len);
        }
        // SAFETY: the source is guest-owned and the destination (if fixed) was claimed
        // for the guest above; otherwise the kernel picks a free destination.
        let got = unsafe {
            libc::mremap(old as *mut libc::c_void, old_len as usize, new_len as usize, flags, new_addr as *mut libc::c_void)
        };
        if got == libc::MAP_FAILED {
            return Err(MapError::Host(io::Error::last_os_error()));
        }
        let got = got as u64;
        if flags & libc::MREMAP_DONTUNMAP == 0 {
            self.remove(old, old + old_len);
        }
        self.insert(got, got + new_len);
        Ok(got)
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
    fn remap_grows_and_moves() {
        let mut space = GuestSpace::new();
        let base = space.map(anon(0, PAGE_SIZE, 0)).unwrap();
        let moved = space.remap(base, PAGE_SIZE, 64 * PAGE_SIZE, libc::MREMAP_MAYMOVE, 0).unwrap();
        assert!(space.owns(moved, 64 * PAGE_SIZE));
        space.unmap(moved, 64 * PAGE_SIZE).unwrap();
    }
}
