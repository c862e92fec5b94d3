//! The system call handlers, one module per family. Each handler takes the raw argument
//! registers and returns the raw result or a host [`Errno`](crate::Errno); values that
//! differ between guest and host are translated through the [`Abi`](crate::abi::Abi).

pub mod clone;
pub mod events;
pub mod exec;
pub mod fd;
pub mod fork;
pub mod fs;
pub mod futex;
pub mod futex2;
pub mod info;
pub mod ioctl;
pub mod ioctl_fs;
pub mod ipc;
pub mod landlock;
pub mod mem;
pub mod mount;
pub mod poll;
pub mod proc_fs;
pub mod process;
pub mod signal;
pub mod socket;
pub mod thread;
pub mod time;
pub mod vfork;

use crate::errno::SysResult;

/// Makes the host system call `nr` with these arguments (unused ones are ignored by the
/// kernel).
///
/// # Safety
/// Each argument must be an integer, a pointer to memory of crossrun's own that is valid
/// for the call, or a guest pointer the host kernel dereferences with the layout the
/// guest's kernel would (plain bytes, fixed-width records): the kernel checks such a
/// pointer and fails with `EFAULT` rather than faulting. The call must not change state
/// crossrun relies on (its mappings, its signal handlers).
pub(crate) unsafe fn raw(nr: libc::c_long, a: [u64; 6]) -> SysResult {
    // Through the signal module's syscall window, so a guest signal that arrives just
    // before a blocking call makes it fail with EINTR instead of sleeping
    // (crate::signal::pending).
    // SAFETY: forwarded to the caller.
    let mut r = unsafe { crate::signal::pending::syscall(nr, a) };
    if r == -(libc::EFAULT as i64) && crossrun_memory::code_pages::any_protected() {
        // Perhaps the kernel was to write into a page write-protected for its translated
        // code (crossrun_memory::code_pages; the common output buffers were released
        // before the call, see dispatch.rs): make every such page writable and try once
        // more. Kernels fail such writes before they consume input for the usual calls
        // (file, pipe and stream reads), so the retry sees the same data.
        crossrun_memory::code_pages::release_all();
        // SAFETY: as above.
        r = unsafe { crate::signal::pending::syscall(nr, a) };
    }
    if (-4095..0).contains(&r) {
        Err(crate::errno::Errno(-r as i32))
    } else {
        Ok(r as u64)
    }
}

/// Defines handlers that pass integer-only arguments straight to the host call of the
/// same meaning: `name => SYS_host_number;`.
macro_rules! int_passthrough {
    ($($(#[$doc:meta])* $name:ident => $nr:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(_: &mut crate::dispatch::Ctx<'_>, a: [u64; 6]) -> crate::errno::SysResult {
                // SAFETY: every argument of this call is an integer.
                unsafe { crate::sys::raw(libc::$nr, a) }
            }
        )*
    };
}
pub(crate) use int_passthrough;
