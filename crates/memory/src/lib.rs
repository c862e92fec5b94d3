//! Guest memory.
//!
//! Guest addresses are host addresses: a guest pointer is dereferenced as it is, with no
//! translation. Two things make that safe:
//! - [`access`]: every guest access goes through tiny assembly routines whose faults are
//!   caught by a signal handler and turned into an error value, so a wild guest pointer
//!   becomes a guest SIGSEGV rather than a crash of crossrun.
//! - [`space`]: the guest may only map, unmap or protect pages it owns or that are free,
//!   so it can never map over crossrun's own code, heap or stacks.
//!
//! [`code_pages`] write-protects writable guest pages that hold translated code, so a
//! guest write to them is noticed and their translations dropped.
//!
//! A guest with fewer address bits than the host (a 32-bit guest) has the low part of
//! the address space held for it (`low.rs`), so that all its mappings, and none of
//! crossrun's, lie there.

pub mod access;
pub mod code_pages;
mod low;
pub mod space;

pub use access::{install_fault_handler, Fault, FaultKind};
pub use space::{GuestSpace, MapError, Protection};

/// The guest page size crossrun reports (AT_PAGESZ) and maps with. It equals the host's.
pub const PAGE_SIZE: u64 = 4096;

/// The lowest address crossrun lets the guest map (the kernel's default mmap_min_addr).
pub const MIN_GUEST_ADDR: u64 = 0x10000;

/// One past the highest user address of an x86_64 host (47-bit virtual addresses).
pub const MAX_GUEST_ADDR: u64 = 1 << 47;

pub fn page_down(addr: u64) -> u64 {
    addr & !(PAGE_SIZE - 1)
}

pub fn page_up(addr: u64) -> u64 {
    addr.saturating_add(PAGE_SIZE - 1) & !(PAGE_SIZE - 1)
}
