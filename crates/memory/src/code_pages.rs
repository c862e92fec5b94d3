//! Guest pages that hold translated code while the guest may still write them.
//!
//! Arm requires `IC IVAU` + `ISB` before modified code runs, but guest JITs (and the
//! emulators' users) expect an emulator to notice code writes by themselves, as qemu
//! does. Normal program text is read-only and needs nothing. When code is translated
//! from a page the guest has mapped writable (a JIT's RWX code cache), the page is
//! write-protected on the host ([`protect`]) while the guest's own view of it (its
//! recorded protection, `/proc/self/maps`, later mprotect calls) stays unchanged. A
//! guest write to it then faults; the SIGSEGV handler calls [`resolve_write_fault`],
//! which gives the page its guest protection back, records it in a small lock-free
//! queue of written pages, and lets the write run again. Executors drain that queue
//! ([`take_written`]) at their next block boundary and drop the page's translations.
//!
//! The handler cannot lock or allocate, so the set is a fixed open-addressing table of
//! atomic words, one per page: the page address, the guest's protection and a
//! [`State`]. Only the handler and the kernel-write path ([`release`]) change an entry's
//! state without a lock, and only by compare-and-swap; entries are added and removed
//! under `WRITER` (callers also hold the guest address-space lock, so a translation
//! cannot re-protect a page while the guest changes its mapping).
//!
//! After an entry's write permission is restored it stays in the table as
//! [`State::Writable`] until the page is protected again or the guest remaps it: a
//! second thread that faulted on the page at the same moment then finds it and simply
//! retries its write, instead of taking the fault for a real one.

use crate::{page_down, Protection, PAGE_SIZE};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Slots of the table (a power of two); at most half are used, so probe runs stay short.
const SLOTS: usize = 1 << 15;
const EMPTY: u64 = 0;
/// A removed entry (page 0 is never a guest page, so no live entry has this value).
const TOMBSTONE: u64 = 1;

/// What an entry says about its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Write-protected on the host; translations of it may exist.
    Protected = 1,
    /// Some thread is giving the page its write permission back right now.
    Restoring = 2,
    /// Back at the guest's protection; its translations are being (or were) dropped.
    Writable = 3,
}

fn entry(page: u64, prot: Protection, state: State) -> u64 {
    page | ((prot.0 as u64 & 7) << 3) | state as u64
}

fn page_of(e: u64) -> u64 {
    page_down(e)
}

fn prot_of(e: u64) -> Protection {
    Protection(((e >> 3) & 7) as i32)
}

fn state_of(e: u64) -> State {
    match e & 7 {
        1 => State::Protected,
        2 => State::Restoring,
        _ => State::Writable,
    }
}

/// si_code of a SIGSEGV for a page whose protection forbids the access.
const SEGV_ACCERR: i32 = 2;

static TABLE: [AtomicU64; SLOTS] = [const { AtomicU64::new(EMPTY) }; SLOTS];
/// Entries in the table (any state), so the common case of none costs one load.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Entries in the `Protected` state.
static PROTECTED: AtomicUsize = AtomicUsize::new(0);
/// Serialises adding and removing entries; holds the number of used slots (live entries
/// and tombstones), which bounds the table's load.
static WRITER: Mutex<usize> = Mutex::new(0);

/// Pages written since their translations were last dropped (0 = free slot).
static WRITTEN: [AtomicU64; 64] = [const { AtomicU64::new(0) }; 64];
/// `WRITTEN` was full: every translation must go.
static OVERFLOW: AtomicBool = AtomicBool::new(false);
/// Counts written pages; an executor compares it with what it has applied.
static WRITES: AtomicU64 = AtomicU64::new(0);

fn slot_of(page: u64) -> usize {
    ((page >> 12).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The slot and entry of `page`, without locking (the signal handler calls this).
fn find(page: u64) -> Option<(usize, u64)> {
    let mut i = slot_of(page);
    for _ in 0..SLOTS {
        let e = TABLE[i].load(Ordering::Acquire);
        if e == EMPTY {
            return None;
        }
        if e != TOMBSTONE && page_of(e) == page {
            return Some((i, e));
        }
        i = (i + 1) & (SLOTS - 1);
    }
    None
}

/// Calls `f(slot, entry)` for each entry whose page lies in `[start, end)`.
fn for_each_in(start: u64, end: u64, mut f: impl FnMut(usize, u64)) {
    if LIVE.load(Ordering::Acquire) == 0 {
        return;
    }
    let pages = (end.saturating_sub(start)) / PAGE_SIZE;
    if pages <= 64 {
        for page in (page_down(start)..end).step_by(PAGE_SIZE as usize) {
            if let Some((i, e)) = find(page) {
                f(i, e);
            }
        }
    } else {
        for (i, slot) in TABLE.iter().enumerate() {
            let e = slot.load(Ordering::Acquire);
            if e != EMPTY && e != TOMBSTONE && (start..end).contains(&page_of(e)) {
                f(i, e);
            }
        }
    }
}

fn host_protect(page: u64, prot: Protection) -> bool {
    // SAFETY: only pages the guest owns are in the table (`GuestSpace` adds and removes
    // them), so changing their protection cannot affect crossrun's own memory.
    unsafe { libc::mprotect(page as *mut libc::c_void, PAGE_SIZE as usize, prot.0) == 0 }
}

/// Whether `page` is write-protected because of translated code.
pub fn is_protected(page: u64) -> bool {
    PROTECTED.load(Ordering::Acquire) != 0 && find(page).is_some_and(|(_, e)| state_of(e) == State::Protected)
}

/// Whether any page is write-protected because of translated code.
pub fn any_protected() -> bool {
    PROTECTED.load(Ordering::Acquire) != 0
}

/// Write-protects guest page `page`, whose guest protection `prot` includes
/// PROT_WRITE, before code is translated from it. False if it cannot be (the table is
/// full, or the host refused): the page's translations then go stale on writes, as
/// without this mechanism. Only `GuestSpace` calls this, under its lock.
pub(crate) fn protect(page: u64, prot: Protection) -> bool {
    let mut used = WRITER.lock().unwrap_or_else(|e| e.into_inner());
    let slot = loop {
        match find(page) {
            Some((_, e)) if state_of(e) == State::Protected => return true,
            // Another thread is restoring it after a write: wait, then protect anew.
            Some((_, e)) if state_of(e) == State::Restoring => std::thread::yield_now(),
            Some((i, _)) => break i,
            None => match insert_slot(page, &mut used) {
                Some(i) => break i,
                None => return false,
            },
        }
    };
    // Recorded first: once the host protection is in place a write can fault at once,
    // and the handler must find the entry.
    TABLE[slot].store(entry(page, prot, State::Protected), Ordering::Release);
    PROTECTED.fetch_add(1, Ordering::AcqRel);
    if host_protect(page, Protection(prot.0 & !libc::PROT_WRITE)) {
        return true;
    }
    PROTECTED.fetch_sub(1, Ordering::AcqRel);
    remove(slot, &mut used);
    false
}

/// A free slot on `page`'s probe run, counted as live (its entry is stored by the caller).
fn insert_slot(page: u64, used: &mut usize) -> Option<usize> {
    let mut i = slot_of(page);
    loop {
        match TABLE[i].load(Ordering::Acquire) {
            TOMBSTONE => break,
            EMPTY if *used < SLOTS / 2 => {
                *used += 1;
                break;
            }
            EMPTY => return None,
            _ => i = (i + 1) & (SLOTS - 1),
        }
    }
    LIVE.fetch_add(1, Ordering::AcqRel);
    Some(i)
}

/// Removes the entry in `slot`. A tombstone that ends a probe run is no longer needed to
/// keep later entries reachable, so such runs are emptied (safe for lock-free readers:
/// nothing they could be looking for lies beyond an empty slot).
fn remove(slot: usize, used: &mut usize) {
    TABLE[slot].store(TOMBSTONE, Ordering::Release);
    LIVE.fetch_sub(1, Ordering::AcqRel);
    let mut i = slot;
    while TABLE[(i + 1) & (SLOTS - 1)].load(Ordering::Acquire) == EMPTY && TABLE[i].load(Ordering::Acquire) == TOMBSTONE {
        TABLE[i].store(EMPTY, Ordering::Release);
        *used -= 1;
        i = (i + SLOTS - 1) & (SLOTS - 1);
    }
}

/// Gives the page of entry `e` (in `slot`) its guest protection back and queues its
/// translations for dropping, if it is still protected. Lock-free: the signal handler
/// and threads about to let the kernel write guest memory call it.
fn restore(slot: usize, e: u64) {
    if state_of(e) != State::Protected {
        return;
    }
    let restoring = (e & !7) | State::Restoring as u64;
    if TABLE[slot].compare_exchange(e, restoring, Ordering::AcqRel, Ordering::Acquire).is_err() {
        return;
    }
    PROTECTED.fetch_sub(1, Ordering::AcqRel);
    host_protect(page_of(e), prot_of(e));
    TABLE[slot].store((e & !7) | State::Writable as u64, Ordering::Release);
    note_written(page_of(e));
}

fn note_written(page: u64) {
    let queued = WRITTEN.iter().any(|w| w.compare_exchange(0, page, Ordering::AcqRel, Ordering::Relaxed).is_ok());
    if !queued {
        OVERFLOW.store(true, Ordering::Release);
    }
    WRITES.fetch_add(1, Ordering::AcqRel);
}

/// For the SIGSEGV handler: if this fault is a write to a page protected here, make the
/// page writable again, queue its translations for dropping and return true (the
/// faulting instruction is then simply run again). Async-signal-safe.
// Shaped like `access::FallbackHandler` (a safe fn) so fault hooks can call it; it is
// only ever called from a signal handler with the kernel's own siginfo and ucontext.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub fn resolve_write_fault(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::ucontext_t) -> bool {
    if sig != libc::SIGSEGV || info.is_null() || ctx.is_null() || LIVE.load(Ordering::Acquire) == 0 {
        return false;
    }
    // SAFETY: the kernel's siginfo and ucontext of an SA_SIGINFO handler, passed on
    // unchanged by crossrun's handlers.
    let (code, addr, err) = unsafe { ((*info).si_code, (*info).si_addr() as u64, (*ctx).uc_mcontext.gregs[libc::REG_ERR as usize]) };
    // A protection fault (SEGV_ACCERR) of a write (bit 1 of the x86 page-fault error code).
    if code != SEGV_ACCERR || err & 2 == 0 {
        return false;
    }
    match find(page_down(addr)) {
        Some((slot, e)) => {
            restore(slot, e);
            // Restored by us or by another thread meanwhile: either way, retry.
            true
        }
        None => false,
    }
}

/// Before the kernel writes guest memory `[start, end)` for a system call (it would
/// fail with EFAULT on a protected page): makes its protected pages writable and queues
/// their translations for dropping.
pub fn release(start: u64, end: u64) {
    for_each_in(start, end, restore);
}

/// Like [`release`] for every protected page.
pub fn release_all() {
    release(0, crate::MAX_GUEST_ADDR);
}

/// Before the guest remaps, unmaps or re-protects `[start, end)`: gives its pages their
/// guest protection back and forgets them, so the host's protection is the guest's
/// again (the caller drops the translations of the range). Only `GuestSpace` calls
/// this, under its lock.
pub(crate) fn forget(start: u64, end: u64) {
    if LIVE.load(Ordering::Acquire) == 0 {
        return;
    }
    let mut used = WRITER.lock().unwrap_or_else(|e| e.into_inner());
    for_each_in(start, end, |slot, mut e| loop {
        match state_of(e) {
            State::Protected => restore(slot, e),
            State::Restoring => std::thread::yield_now(),
            State::Writable => return remove(slot, &mut used),
        }
        e = TABLE[slot].load(Ordering::Acquire);
    });
}

/// In a forked child: finishes restores that a thread which does not exist in the
/// child had started when the parent forked.
pub fn after_fork() {
    for (i, slot) in TABLE.iter().enumerate() {
        let e = slot.load(Ordering::Acquire);
        if e != EMPTY && e != TOMBSTONE && state_of(e) == State::Restoring {
            host_protect(page_of(e), prot_of(e));
            TABLE[i].store((e & !7) | State::Writable as u64, Ordering::Release);
            note_written(page_of(e));
        }
    }
}

/// How many page writes have been noted so far; compare with a count taken at the last
/// [`take_written`] to know whether translations must be dropped.
pub fn writes() -> u64 {
    WRITES.load(Ordering::Acquire)
}

/// Takes the queued written pages, calling `f(start, end)` for each range whose
/// translations must be dropped.
pub fn take_written(mut f: impl FnMut(u64, u64)) {
    if OVERFLOW.swap(false, Ordering::AcqRel) {
        f(0, u64::MAX);
    }
    for w in &WRITTEN {
        let page = w.swap(0, Ordering::AcqRel);
        if page != 0 {
            f(page, page + PAGE_SIZE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access;

    /// A fresh anonymous page with protection `prot`, crossrun's own (not a GuestSpace's).
    fn page(prot: Protection) -> u64 {
        // SAFETY: a new private anonymous mapping chosen by the kernel.
        let p = unsafe { libc::mmap(std::ptr::null_mut(), PAGE_SIZE as usize, prot.0, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0) };
        assert_ne!(p, libc::MAP_FAILED);
        p as u64
    }

    fn taken() -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        take_written(|s, e| out.push((s, e)));
        out
    }

    // One test, because the table and the written-page queue are global.
    #[test]
    fn writes_to_protected_pages_are_resolved_and_noted() {
        crate::install_fault_handler(None);
        let rwx = Protection(libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC);
        let a = page(rwx);
        let b = page(Protection::RW);
        assert!(protect(a, rwx) && protect(b, Protection::RW));
        assert!(is_protected(a) && is_protected(b) && any_protected());
        assert!(protect(a, rwx), "protecting twice is harmless");

        // A store through the access routines faults, is resolved, and succeeds.
        let before = writes();
        access::store(a + 8, 42, 8).unwrap();
        assert_eq!(access::load(a + 8, 8), Ok(42));
        assert!(!is_protected(a));
        assert_eq!(writes(), before + 1);
        assert!(taken().contains(&(a, a + PAGE_SIZE)));

        // The kernel-write path restores before the write.
        release(b, b + PAGE_SIZE);
        assert!(!is_protected(b));
        assert!(taken().contains(&(b, b + PAGE_SIZE)));
        // SAFETY: reading into our own writable page.
        let n = unsafe { libc::read(libc::open(c"/dev/zero".as_ptr(), libc::O_RDONLY), b as *mut libc::c_void, 16) };
        assert_eq!(n, 16);

        // Protected again, then forgotten: the host protection is the guest's again.
        assert!(protect(a, rwx));
        forget(a, a + PAGE_SIZE);
        assert!(find(a).is_none());
        access::store(a, 1, 8).unwrap();
        assert!(taken().contains(&(a, a + PAGE_SIZE)), "forgetting a protected page drops its code");

        // A page that is really read-only still faults for the guest.
        let ro = page(Protection::READ);
        assert!(access::store(ro, 1, 8).is_err());
        forget(b, b + PAGE_SIZE);
        assert!(!any_protected());
    }

    #[test]
    fn removal_keeps_probe_runs_reachable() {
        // Pages that share a home slot: their entries form one run.
        let home = slot_of(0x10_0000);
        let same: Vec<u64> = (0x10_0000u64..).step_by(PAGE_SIZE as usize).filter(|&p| slot_of(p) == home).take(3).collect();
        let mut used = WRITER.lock().unwrap_or_else(|e| e.into_inner());
        let slots: Vec<usize> = same.iter().map(|&p| {
            let i = insert_slot(p, &mut used).unwrap();
            TABLE[i].store(entry(p, Protection::RW, State::Writable), Ordering::Release);
            i
        }).collect();
        remove(slots[1], &mut used);
        assert_eq!(find(same[2]).map(|(i, _)| i), Some(slots[2]), "found past the tombstone");
        remove(slots[2], &mut used);
        remove(slots[0], &mut used);
        assert!(slots.iter().all(|&i| TABLE[i].load(Ordering::Acquire) == EMPTY), "the emptied run needs no tombstones");
    }
}
