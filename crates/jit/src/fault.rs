//! Faults inside compiled code.
//!
//! A guest load or store is one host instruction, so a bad guest address faults in JIT
//! code. `crossrun_memory`'s SIGSEGV/SIGBUS handler asks [`fault_handler`]'s function
//! about faults outside its own routines; if the faulting RIP lies in a registered code
//! cache, it records the fault in that cache's [`FaultRecord`] and resumes at the cache's
//! exit trampoline with RAX = [`EXIT_FAULT`]. The dispatcher then maps the recorded RIP
//! back to the guest PC (the guest state is already precise: see the IR's rules).
//!
//! A write to a guest page that `crossrun_memory::code_pages` write-protected for its
//! translated code is not a guest fault: the page is made writable again and the store
//! retried, and the cache's interrupt flag is raised so the thread leaves compiled code
//! at its next linked or indirect jump (which could lead into the page's stale code)
//! and reaches the dispatcher, where the page's translations are dropped.
//!
//! The signal handler must not lock or allocate, so code caches are registered in a
//! fixed table of atomics.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Exit code the fault path hands to the dispatcher in RAX.
pub const EXIT_FAULT: u64 = 2;

/// What the signal handler saw; written in the handler, read by the dispatcher.
#[repr(C)]
#[derive(Debug, Default)]
pub struct FaultRecord {
    pub addr: u64,
    pub signal: i32,
    pub rip: u64,
}

struct Slot {
    /// 0 when free. Written last on registration, first on removal.
    start: AtomicUsize,
    end: AtomicUsize,
    record: AtomicUsize,
    resume: AtomicUsize,
    /// The `AtomicBool` compiled code in the range checks at linked and indirect jumps.
    interrupt: AtomicUsize,
}

const SLOTS: usize = 256;

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    start: AtomicUsize::new(0),
    end: AtomicUsize::new(0),
    record: AtomicUsize::new(0),
    resume: AtomicUsize::new(0),
    interrupt: AtomicUsize::new(0),
};
static REGISTRY: [Slot; SLOTS] = [FREE; SLOTS];

/// A registered code range; unregisters itself on drop.
#[derive(Debug)]
pub struct Registration {
    index: usize,
}

/// Registers executable range `[start, end)`: faults in it are written to `*record`
/// and resume at `resume`; code writes raise `*interrupt`. Both pointers must stay valid
/// until the registration is dropped. `None` when every slot is taken (the caller then
/// must not run code from the range).
pub fn register(start: usize, end: usize, record: *mut FaultRecord, resume: usize, interrupt: *const AtomicBool) -> Option<Registration> {
    for (index, slot) in REGISTRY.iter().enumerate() {
        // Claim the slot with a sentinel so two threads cannot take the same one; the
        // sentinel (1) is never a code address, so the handler ignores it (end is 0).
        if slot.start.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            slot.end.store(end, Ordering::Relaxed);
            slot.record.store(record as usize, Ordering::Relaxed);
            slot.resume.store(resume, Ordering::Relaxed);
            slot.interrupt.store(interrupt as usize, Ordering::Relaxed);
            slot.start.store(start, Ordering::Release);
            return Some(Registration { index });
        }
    }
    None
}

impl Drop for Registration {
    fn drop(&mut self) {
        let slot = &REGISTRY[self.index];
        slot.end.store(0, Ordering::Release);
        slot.start.store(0, Ordering::Release);
    }
}

/// The function to pass to `crossrun_memory::install_fault_handler` so faults in JIT
/// code become `Exit::MemoryFault`.
///
/// Embedders chaining several fallbacks call the returned function first: it returns
/// true (and redirects the thread to the JIT's exit path) only for a hardware fault whose
/// RIP is in a registered code cache.
pub fn fault_handler() -> crossrun_memory::access::FallbackHandler {
    handle_fault
}

/// Only ever called by the signal handler with the kernel's `info` and `ctx`.
fn handle_fault(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::ucontext_t) -> bool {
    // A SIGSEGV sent by a process (kill, tgkill: si_code <= 0) that merely arrives while
    // compiled code runs is a guest signal, not a fault of the instruction at RIP.
    // SAFETY: `info` is valid for an SA_SIGINFO handler.
    if info.is_null() || ctx.is_null() || unsafe { (*info).si_code } <= 0 {
        return false;
    }
    // SAFETY: the kernel passes a valid ucontext to an SA_SIGINFO handler, and
    // crossrun_memory forwards it unchanged.
    let gregs = unsafe { &mut (*ctx).uc_mcontext.gregs };
    let rip = gregs[libc::REG_RIP as usize] as usize;
    for slot in REGISTRY.iter() {
        let start = slot.start.load(Ordering::Acquire);
        if start <= 1 || rip < start || rip >= slot.end.load(Ordering::Acquire) {
            continue;
        }
        if crossrun_memory::code_pages::resolve_write_fault(sig, info, ctx) {
            let interrupt = slot.interrupt.load(Ordering::Acquire) as *const AtomicBool;
            // SAFETY: the registration keeps the flag alive while the range is registered.
            unsafe { &*interrupt }.store(true, Ordering::Release);
            return true;
        }
        let record = slot.record.load(Ordering::Acquire) as *mut FaultRecord;
        // SAFETY: `info` is valid for an SA_SIGINFO handler.
        let addr = unsafe { (*info).si_addr() } as u64;
        // SAFETY: the registration keeps `record` valid while the range is registered, and
        // only the thread running this code cache (the one faulting now) touches it.
        unsafe {
            (*record).addr = addr;
            (*record).signal = sig;
            (*record).rip = rip as u64;
        }
        gregs[libc::REG_RAX as usize] = EXIT_FAULT as i64;
        gregs[libc::REG_RIP as usize] = slot.resume.load(Ordering::Acquire) as i64;
        return true;
    }
    false
}
