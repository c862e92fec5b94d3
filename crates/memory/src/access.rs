//! Fault-safe loads, stores and compare-and-swaps on guest addresses.
//!
//! Each routine is a leaf function in the `crossrun_guest_access` section of assembly
//! below. The SIGSEGV/SIGBUS handler installed by [`install_fault_handler`] checks whether
//! the faulting host instruction lies in that code; if so it makes the routine return
//! `fault = 1` with the faulting address, so the caller sees a [`Fault`] instead of a
//! crash. Faults anywhere else are crossrun's own and keep their default action.

use std::arch::global_asm;
use std::sync::Once;

/// Why a guest access failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// SIGSEGV: nothing mapped there, or the protection forbids the access.
    Segv,
    /// SIGBUS: e.g. beyond the end of a mapped file.
    Bus,
    /// An atomic or exclusive access to an address that is not naturally aligned (the
    /// guest gets SIGBUS with BUS_ADRALN). Detected by executors, not by the host.
    Alignment,
}

/// A guest access that faulted at `addr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    pub addr: u64,
    pub kind: FaultKind,
}

/// What the assembly routines return in RAX:RDX.
#[repr(C)]
struct Outcome {
    value: u64,
    /// 0 on success; otherwise `value` holds the fault address and this the signal.
    fault: u64,
}

// All routines follow the System V ABI, touch only caller-saved registers and never use
// the stack, so the fault path can resume at a bare `ret`.
global_asm!(
    ".pushsection .text.crossrun_guest_access,\"ax\",@progbits",
    ".globl crossrun_access_begin",
    ".globl crossrun_access_end",
    ".globl crossrun_access_fault_return",
    "crossrun_access_begin:",
    "crossrun_load8: movzx eax, byte ptr [rdi]; xor edx, edx; ret",
    "crossrun_load16: movzx eax, word ptr [rdi]; xor edx, edx; ret",
    "crossrun_load32: mov eax, dword ptr [rdi]; xor edx, edx; ret",
    "crossrun_load64: mov rax, qword ptr [rdi]; xor edx, edx; ret",
    // rdi = address, rsi = where to put the 16 bytes.
    "crossrun_load128: movdqu xmm0, [rdi]; movdqu [rsi], xmm0; xor eax, eax; xor edx, edx; ret",
    "crossrun_store8: mov byte ptr [rdi], sil; xor eax, eax; xor edx, edx; ret",
    "crossrun_store16: mov word ptr [rdi], si; xor eax, eax; xor edx, edx; ret",
    "crossrun_store32: mov dword ptr [rdi], esi; xor eax, eax; xor edx, edx; ret",
    "crossrun_store64: mov qword ptr [rdi], rsi; xor eax, eax; xor edx, edx; ret",
    // rdi = address, rsi = pointer to the 16 bytes to store.
    "crossrun_store128: movdqu xmm0, [rsi]; movdqu [rdi], xmm0; xor eax, eax; xor edx, edx; ret",
    // rdi = address, rsi = expected, rdx = new; returns the old value.
    "crossrun_cas8: mov eax, esi; lock cmpxchg byte ptr [rdi], dl; movzx eax, al; xor edx, edx; ret",
    "crossrun_cas16: mov eax, esi; lock cmpxchg word ptr [rdi], dx; movzx eax, ax; xor edx, edx; ret",
    "crossrun_cas32: mov eax, esi; lock cmpxchg dword ptr [rdi], edx; xor edx, edx; ret",
    "crossrun_cas64: mov rax, rsi; lock cmpxchg qword ptr [rdi], rdx; xor edx, edx; ret",
    // rdi = address, rsi = pointer to {expected lo, hi}, rdx = pointer to {new lo, hi};
    // the old value is written back over `expected`. cmpxchg16b needs rbx, which is
    // callee-saved, so it is kept in r8 around the instruction.
    "crossrun_cas128:",
    "  mov r8, rbx; mov r9, rdx; mov r10, rsi",
    "  mov rax, [r10]; mov rdx, [r10 + 8]; mov rbx, [r9]; mov rcx, [r9 + 8]",
    "  lock cmpxchg16b xmmword ptr [rdi]",
    "  mov [r10], rax; mov [r10 + 8], rdx; mov rbx, r8; xor eax, eax; xor edx, edx; ret",
    "crossrun_access_end:",
    // The fault handler resumes here with RAX and RDX already set; rbx must be restored
    // in case cmpxchg16b faulted (the only routine that changes a callee-saved register;
    // r8 still holds its value, and in every other routine r8 is merely clobbered).
    "crossrun_access_fault_return: ret",
    ".popsection",
);

extern "C" {
    static crossrun_access_begin: u8;
    static crossrun_access_end: u8;
    static crossrun_access_fault_return: u8;
    fn crossrun_load8(addr: u64) -> Outcome;
    fn crossrun_load16(addr: u64) -> Outcome;
    fn crossrun_load32(addr: u64) -> Outcome;
    fn crossrun_load64(addr: u64) -> Outcome;
    fn crossrun_load128(addr: u64, out: *mut u128) -> Outcome;
    fn crossrun_store8(addr: u64, value: u64) -> Outcome;
    fn crossrun_store16(addr: u64, value: u64) -> Outcome;
    fn crossrun_store32(addr: u64, value: u64) -> Outcome;
    fn crossrun_store64(addr: u64, value: u64) -> Outcome;
    fn crossrun_store128(addr: u64, value: *const u128) -> Outcome;
    fn crossrun_cas8(addr: u64, expected: u64, new: u64) -> Outcome;
    fn crossrun_cas16(addr: u64, expected: u64, new: u64) -> Outcome;
    fn crossrun_cas32(addr: u64, expected: u64, new: u64) -> Outcome;
    fn crossrun_cas64(addr: u64, expected: u64, new: u64) -> Outcome;
    fn crossrun_cas128(addr: u64, expected: *mut u128, new: *const u128) -> Outcome;
}

fn check(o: Outcome) -> Result<u64, Fault> {
    match o.fault {
        0 => Ok(o.value),
        n => Err(Fault {
            addr: o.value,
            kind: if n as i32 == libc::SIGBUS { FaultKind::Bus } else { FaultKind::Segv },
        }),
    }
}

fn assert_handler_installed() {
    debug_assert!(HANDLER.is_completed(), "install_fault_handler() must run before guest memory is touched");
}

/// Loads `bytes` (1, 2, 4 or 8) bytes, zero-extended.
pub fn load(addr: u64, bytes: u32) -> Result<u64, Fault> {
    assert_handler_installed();
    // SAFETY: the routines dereference `addr` in a way that faults at worst, and every
    // fault inside them is turned into an error by the handler; they clobber only what
    // the C ABI allows.
    let o = unsafe {
        match bytes {
            1 => crossrun_load8(addr),
            2 => crossrun_load16(addr),
            4 => crossrun_load32(addr),
            8 => crossrun_load64(addr),
            _ => panic!("guest load of {bytes} bytes"),
        }
    };
    check(o)
}

pub fn load128(addr: u64) -> Result<u128, Fault> {
    assert_handler_installed();
    let mut out = 0u128;
    // SAFETY: as in `load`; `out` is a valid local for the routine to write.
    check(unsafe { crossrun_load128(addr, &mut out) })?;
    Ok(out)
}

/// Stores the low `bytes` (1, 2, 4 or 8) bytes of `value`.
pub fn store(addr: u64, value: u64, bytes: u32) -> Result<(), Fault> {
    assert_handler_installed();
    // SAFETY: as in `load`. Guest stores can only reach guest-owned pages in practice,
    // because `GuestSpace` never lets the guest map over crossrun's memory and crossrun's
    // own data lives only in host-chosen mappings the guest does not know about; a
    // stray guest pointer into them is the guest's own bug, as it would be with
    // qemu-user's identity mapping.
    let o = unsafe {
        match bytes {
            1 => crossrun_store8(addr, value),
            2 => crossrun_store16(addr, value),
            4 => crossrun_store32(addr, value),
            8 => crossrun_store64(addr, value),
            _ => panic!("guest store of {bytes} bytes"),
        }
    };
    check(o).map(drop)
}

pub fn store128(addr: u64, value: u128) -> Result<(), Fault> {
    assert_handler_installed();
    // SAFETY: as in `store`; `value` is a valid local for the routine to read.
    check(unsafe { crossrun_store128(addr, &value) }).map(drop)
}

/// Atomically replaces the `bytes`-wide value at `addr` with `new` if it equals
/// `expected`; returns the value that was there.
pub fn compare_and_swap(addr: u64, expected: u64, new: u64, bytes: u32) -> Result<u64, Fault> {
    assert_handler_installed();
    // SAFETY: as in `store`.
    let o = unsafe {
        match bytes {
            1 => crossrun_cas8(addr, expected, new),
            2 => crossrun_cas16(addr, expected, new),
            4 => crossrun_cas32(addr, expected, new),
            8 => crossrun_cas64(addr, expected, new),
            _ => panic!("guest compare-and-swap of {bytes} bytes"),
        }
    };
    check(o)
}

/// 16-byte compare-and-swap (the address must be 16-byte aligned, or the host raises
/// SIGSEGV, reported as a fault like any other).
pub fn compare_and_swap128(addr: u64, expected: u128, new: u128) -> Result<u128, Fault> {
    assert_handler_installed();
    let mut old = expected;
    // SAFETY: as in `store`; both pointers are valid locals.
    check(unsafe { crossrun_cas128(addr, &mut old, &new) })?;
    Ok(old)
}

/// Copies guest memory into a host buffer, eight bytes at a time where it can.
pub fn read_bytes(addr: u64, buf: &mut [u8]) -> Result<(), Fault> {
    let mut chunks = buf.chunks_exact_mut(8);
    let mut at = addr;
    for chunk in &mut chunks {
        chunk.copy_from_slice(&load(at, 8)?.to_le_bytes());
        at = at.wrapping_add(8);
    }
    for b in chunks.into_remainder() {
        *b = load(at, 1)? as u8;
        at = at.wrapping_add(1);
    }
    Ok(())
}

/// Copies a host buffer into guest memory, eight bytes at a time where it can.
pub fn write_bytes(addr: u64, buf: &[u8]) -> Result<(), Fault> {
    let mut chunks = buf.chunks_exact(8);
    let mut at = addr;
    for chunk in &mut chunks {
        store(at, u64::from_le_bytes(chunk.try_into().expect("chunks of eight")), 8)?;
        at = at.wrapping_add(8);
    }
    for &b in chunks.remainder() {
        store(at, b as u64, 1)?;
        at = at.wrapping_add(1);
    }
    Ok(())
}

/// Reads a NUL-terminated guest string of at most `max` bytes (without the NUL).
pub fn read_c_string(addr: u64, max: usize) -> Result<Option<Vec<u8>>, Fault> {
    let mut out = Vec::new();
    for i in 0..max as u64 {
        let b = load(addr.wrapping_add(i), 1)? as u8;
        if b == 0 {
            return Ok(Some(out));
        }
        out.push(b);
    }
    Ok(None)
}

static HANDLER: Once = Once::new();

/// A handler for faults that are not guest accesses (for instance, later, faults in
/// translated code). It returns true when it has dealt with the fault.
pub type FallbackHandler = fn(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::ucontext_t) -> bool;

static mut FALLBACK: Option<FallbackHandler> = None;

/// Installs the SIGSEGV and SIGBUS handlers that make guest accesses fault-safe, once.
/// `fallback`, if given, is asked about every other fault before it takes its default
/// action. Writes to pages write-protected for translated code ([`crate::code_pages`])
/// are resolved before a fault of the access routines is reported and after the
/// fallback (which must resolve them itself if it redirects the faulting thread).
pub fn install_fault_handler(fallback: Option<FallbackHandler>) {
    HANDLER.call_once(|| {
        // SAFETY: runs once, before any other thread reads FALLBACK (the handler is not
        // installed yet).
        unsafe { FALLBACK = fallback };
        for sig in [libc::SIGSEGV, libc::SIGBUS] {
            // SAFETY: a zeroed sigaction is a valid value; we fill the fields we need.
            let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
            action.sa_sigaction = on_fault as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
            // SAFETY: installing a handler with a valid, fully initialised sigaction.
            let rc = unsafe { libc::sigaction(sig, &action, std::ptr::null_mut()) };
            assert_eq!(rc, 0, "sigaction failed");
        }
    });
}

extern "C" fn on_fault(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let ctx = ctx as *mut libc::ucontext_t;
    // SAFETY: the kernel passes a valid ucontext for an SA_SIGINFO handler.
    let gregs = unsafe { &mut (*ctx).uc_mcontext.gregs };
    let rip = gregs[libc::REG_RIP as usize] as usize;
    // SAFETY: taking the addresses of linker symbols, never reading through them.
    let (begin, end, resume) = unsafe {
        (
            &crossrun_access_begin as *const u8 as usize,
            &crossrun_access_end as *const u8 as usize,
            &crossrun_access_fault_return as *const u8 as usize,
        )
    };
    if (begin..end).contains(&rip) {
        if crate::code_pages::resolve_write_fault(sig, info, ctx) {
            return;
        }
        // SAFETY: `info` is valid for an SA_SIGINFO handler.
        let addr = unsafe { (*info).si_addr() } as u64;
        gregs[libc::REG_RAX as usize] = addr as i64;
        gregs[libc::REG_RDX as usize] = sig as i64;
        // Only cas128 changes rbx, and it keeps the caller's value in r8 meanwhile.
        if rip > crossrun_cas128 as *const () as usize {
            gregs[libc::REG_RBX as usize] = gregs[libc::REG_R8 as usize];
        }
        gregs[libc::REG_RIP as usize] = resume as i64;
        return;
    }
    // SAFETY: FALLBACK is written once before the handler is installed.
    if let Some(fallback) = unsafe { FALLBACK } {
        if fallback(sig, info, ctx) {
            return;
        }
    }
    // A write to a code page from anywhere else (crossrun's own code).
    if crate::code_pages::resolve_write_fault(sig, info, ctx) {
        return;
    }
    // Not ours: let the default action happen when the instruction re-executes.
    // SAFETY: resetting a signal's disposition to its default is always sound.
    unsafe { libc::signal(sig, libc::SIG_DFL) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmapped_access_is_a_fault_not_a_crash() {
        install_fault_handler(None);
        assert_eq!(load(0x8, 8), Err(Fault { addr: 0x8, kind: FaultKind::Segv }));
        assert_eq!(store(0x10, 1, 4), Err(Fault { addr: 0x10, kind: FaultKind::Segv }));
        assert!(load128(0x20).is_err());
        assert!(compare_and_swap128(0x40, 0, 1).is_err());
    }

    #[test]
    fn read_only_page_rejects_stores_but_allows_loads() {
        install_fault_handler(None);
        static DATA: u64 = 0x1122_3344_5566_7788;
        let addr = &DATA as *const u64 as u64;
        assert_eq!(load(addr, 8), Ok(0x1122_3344_5566_7788));
        assert_eq!(load(addr, 2), Ok(0x7788));
        assert_eq!(store(addr, 0, 8).unwrap_err().addr, addr);
        assert_eq!(load(addr, 8), Ok(0x1122_3344_5566_7788));
    }

    #[test]
    fn accesses_and_cas_round_trip() {
        install_fault_handler(None);
        let mut cell = [0u128; 2];
        let addr = cell.as_mut_ptr() as u64;
        store(addr, 0xdead_beef_cafe_f00d, 8).unwrap();
        assert_eq!(load(addr, 4), Ok(0xcafe_f00d));
        assert_eq!(compare_and_swap(addr, 0xdead_beef_cafe_f00d, 7, 8), Ok(0xdead_beef_cafe_f00d));
        assert_eq!(compare_and_swap(addr, 9, 8, 8), Ok(7));
        assert_eq!(load(addr, 8), Ok(7));
        store128(addr + 16, u128::MAX - 5).unwrap();
        assert_eq!(load128(addr + 16), Ok(u128::MAX - 5));
        assert_eq!(compare_and_swap128(addr + 16, u128::MAX - 5, 3), Ok(u128::MAX - 5));
        assert_eq!(compare_and_swap128(addr + 16, 4, 5), Ok(3));
        assert_eq!(cell[1], 3);
    }
}
