//! The low part of the address space, held for a guest with fewer address bits than the
//! host (a 32-bit guest: everything it maps must lie below 4 GiB).
//!
//! Left to itself the host kernel places new mappings near the top of its 47-bit space,
//! and any of crossrun's own (its heap, thread stacks, the JIT's code) could land in the
//! low 4 GiB. So, as FEX does, crossrun takes the free parts of
//! `[MIN_GUEST_ADDR, limit)` for itself at start-up: they are mapped `PROT_NONE`,
//! `MAP_NORESERVE` (which costs neither memory nor commit charge), so the host kernel
//! places nothing else there, and guest mappings are carved out of them with
//! `MAP_FIXED`. A guest range that is unmapped is mapped over with `PROT_NONE` again and
//! returns here, not to the host.
//!
//! There is one reservation per host process, shared by every [`crate::GuestSpace`]
//! whose addresses come from it (a process runs one guest; unit tests run several).
//! This module only tracks which reserved ranges are free; `GuestSpace` decides which
//! are the guest's.

use crate::{page_up, MIN_GUEST_ADDR};
use std::collections::BTreeMap;
use std::io;
use std::sync::Mutex;

/// The reservation: the free reserved ranges (`start -> end`, none touching) and the end
/// of the span reserved so far.
struct Reserved {
    free: BTreeMap<u64, u64>,
    span_end: u64,
}

static RESERVED: Mutex<Reserved> = Mutex::new(Reserved { free: BTreeMap::new(), span_end: MIN_GUEST_ADDR });

fn reserved() -> std::sync::MutexGuard<'static, Reserved> {
    RESERVED.lock().unwrap_or_else(|e| e.into_inner())
}

const RESERVE_FLAGS: i32 = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE;

/// Maps `[start, end)` inaccessible, only where nothing is mapped; `EEXIST` means
/// something is mapped there.
fn reserve_free_range(start: u64, end: u64) -> io::Result<()> {
    // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping.
    let p = unsafe {
        libc::mmap(start as *mut libc::c_void, (end - start) as usize, libc::PROT_NONE, RESERVE_FLAGS | libc::MAP_FIXED_NOREPLACE, -1, 0)
    };
    if p == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    if p as u64 != start {
        // A kernel older than 4.17 takes MAP_FIXED_NOREPLACE for a hint.
        // SAFETY: the mapping just made, elsewhere.
        unsafe { libc::munmap(p, (end - start) as usize) };
        return Err(io::Error::from_raw_os_error(libc::EEXIST));
    }
    Ok(())
}

/// The host's mappings that intersect `[start, end)`, from /proc/self/maps.
fn host_mappings(start: u64, end: u64) -> io::Result<Vec<(u64, u64)>> {
    let maps = std::fs::read_to_string("/proc/self/maps")?;
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "unreadable /proc/self/maps");
    let mut out = Vec::new();
    for line in maps.lines() {
        let range = line.split(' ').next().ok_or_else(bad)?;
        let (s, e) = range.split_once('-').ok_or_else(bad)?;
        let s = u64::from_str_radix(s, 16).map_err(|_| bad())?;
        let e = u64::from_str_radix(e, 16).map_err(|_| bad())?;
        if s < end && e > start {
            out.push((s.max(start), e.min(end)));
        }
    }
    Ok(out)
}

/// Reserves the free parts of `[MIN_GUEST_ADDR, limit)` (what is not already reserved).
/// Ranges the host already uses are left out; they are never the guest's.
pub(crate) fn reserve(limit: u64) -> io::Result<()> {
    let mut r = reserved();
    // A mapping made by another thread between reading the maps and reserving makes
    // the reservation of that hole fail: read the maps again and reserve what is left.
    for _ in 0..8 {
        let start = r.span_end;
        if start >= limit {
            return Ok(());
        }
        let mut at = start;
        let mut holes = Vec::new();
        for (s, e) in host_mappings(start, limit)? {
            if s > at {
                holes.push((at, s));
            }
            at = at.max(e);
        }
        if at < limit {
            holes.push((at, limit));
        }
        let mut raced = false;
        for (s, e) in holes {
            match reserve_free_range(s, e) {
                Ok(()) => insert(&mut r.free, s, e),
                Err(err) if err.raw_os_error() == Some(libc::EEXIST) => raced = true,
                Err(err) => return Err(err),
            }
        }
        if !raced {
            r.span_end = limit;
            return Ok(());
        }
        // What was reserved stays: it is a mapping now, so the next pass reserves
        // only the holes that are still free.
    }
    Err(io::Error::other("the low address space kept changing while it was being reserved"))
}

/// The end of the reserved span: ranges below it that the guest gives up come back here.
pub(crate) fn span_end() -> u64 {
    reserved().span_end
}

/// Whether all of `[start, end)` is reserved and free.
pub(crate) fn is_free(start: u64, end: u64) -> bool {
    let r = reserved();
    r.free.range(..=start).next_back().is_some_and(|(_, &e)| e >= end)
}

/// Takes the free reserved parts of `[start, end)` out of the reservation (the caller
/// maps over them with MAP_FIXED) and returns them.
pub(crate) fn take(start: u64, end: u64) -> Vec<(u64, u64)> {
    let mut r = reserved();
    let parts: Vec<(u64, u64)> =
        r.free.range(..end).filter(|(_, &e)| e > start).map(|(&s, &e)| (s.max(start), e.min(end))).collect();
    for &(s, e) in &parts {
        remove(&mut r.free, s, e);
    }
    parts
}

/// The highest free reserved range of `len` bytes that ends at or below `below`, taken
/// out of the reservation, as the kernel's top-down allocator would choose it; if there
/// is none, the highest anywhere in the reservation.
pub(crate) fn take_top_down(len: u64, below: u64) -> Option<u64> {
    let mut r = reserved();
    let fits = |limit: u64| {
        r.free.iter().rev().find_map(|(&s, &e)| {
            let top = e.min(limit);
            (top >= s && top - s >= len).then(|| top - len)
        })
    };
    let at = fits(below).or_else(|| fits(u64::MAX))?;
    remove(&mut r.free, at, at + len);
    Some(at)
}

/// Returns `[start, end)`, which the guest no longer has, to the reservation. `mapped`:
/// the guest's pages are still mapped there (they are mapped over); otherwise the host
/// unmapped them (a move, a detach) and the range is reserved where it is still free.
pub(crate) fn give_back(start: u64, end: u64, mapped: bool) {
    let end = page_up(end);
    if start >= end {
        return;
    }
    let ok = if mapped {
        // SAFETY: the range was the guest's, so mapping over it touches nothing of
        // crossrun's.
        let p = unsafe {
            libc::mmap(start as *mut libc::c_void, (end - start) as usize, libc::PROT_NONE, RESERVE_FLAGS | libc::MAP_FIXED, -1, 0)
        };
        p != libc::MAP_FAILED
    } else {
        match reserve_free_range(start, end) {
            Ok(()) => true,
            // Still mapped: the host did not unmap it after all (a call that failed
            // before it changed anything), so it is still the reservation's mapping.
            // The host's own allocations come from the top of its address space and
            // never from here.
            Err(e) => e.raw_os_error() == Some(libc::EEXIST),
        }
    };
    if ok {
        insert(&mut reserved().free, start, end);
    }
}

fn insert(free: &mut BTreeMap<u64, u64>, start: u64, end: u64) {
    let (mut start, mut end) = (start, end);
    let touching: Vec<(u64, u64)> = free.range(..=end).filter(|(_, &e)| e >= start).map(|(&s, &e)| (s, e)).collect();
    for (s, e) in touching {
        free.remove(&s);
        start = start.min(s);
        end = end.max(e);
    }
    free.insert(start, end);
}

fn remove(free: &mut BTreeMap<u64, u64>, start: u64, end: u64) {
    let overlapping: Vec<(u64, u64)> = free.range(..end).filter(|(_, &e)| e > start).map(|(&s, &e)| (s, e)).collect();
    for (s, e) in overlapping {
        free.remove(&s);
        if s < start {
            free.insert(s, start);
        }
        if e > end {
            free.insert(end, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ranges_merge_and_split() {
        let mut f = BTreeMap::new();
        insert(&mut f, 0x1000, 0x3000);
        insert(&mut f, 0x5000, 0x6000);
        insert(&mut f, 0x3000, 0x5000);
        assert_eq!(f.iter().map(|(&s, &e)| (s, e)).collect::<Vec<_>>(), [(0x1000, 0x6000)]);
        remove(&mut f, 0x2000, 0x4000);
        assert_eq!(f.iter().map(|(&s, &e)| (s, e)).collect::<Vec<_>>(), [(0x1000, 0x2000), (0x4000, 0x6000)]);
        remove(&mut f, 0, 0x10000);
        assert!(f.is_empty());
    }
}
