//! Small typed wrappers for the host calls several modules share (signal state, ids).
//!
//! Signal dispositions and masks are changed with the raw `rt_sigaction` and
//! `rt_sigprocmask` system calls and the kernel's own 8-byte `sigset_t`, not glibc's
//! wrappers: glibc refuses signals 32 and 33 (reserved for its threads) and its
//! `sigset_t` is 128 bytes.

use crate::errno::{cvt, Errno};

/// The x86_64 kernel's values of the open flags that differ from asm-generic (the libc
/// crate cannot be used for these: its `O_LARGEFILE` is glibc's 0 on 64-bit hosts).
pub mod open_flags {
    pub const O_DIRECT: u32 = 0o40000;
    pub const O_LARGEFILE: u32 = 0o100000;
    pub const O_DIRECTORY: u32 = 0o200000;
    pub const O_NOFOLLOW: u32 = 0o400000;
}

/// x86_64 system call numbers the libc crate does not name yet (from the kernel's
/// arch/x86/entry/syscalls/syscall_64.tbl; calls added since 5.1 have one number on
/// every architecture).
pub mod nr {
    pub const FUTEX_WAKE: libc::c_long = 454;
    pub const FUTEX_WAIT: libc::c_long = 455;
    pub const FUTEX_REQUEUE: libc::c_long = 456;
}

/// The x86_64 kernel's `struct sigaction` (what `rt_sigaction` takes on the host).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct HostSigaction {
    pub handler: usize,
    pub flags: u64,
    pub restorer: usize,
    pub mask: u64,
}

pub const SIG_DFL: usize = 0;
pub const SIG_IGN: usize = 1;

/// The host's current action for `sig`.
pub fn sigaction_get(sig: i32) -> Result<HostSigaction, Errno> {
    let mut old = HostSigaction::default();
    // SAFETY: a query (null new action) into a valid, correctly sized local.
    cvt(unsafe {
        libc::syscall(libc::SYS_rt_sigaction, sig, std::ptr::null::<HostSigaction>(), &mut old as *mut HostSigaction, 8)
    })?;
    Ok(old)
}

/// Sets the host's action for `sig` to SIG_DFL or SIG_IGN (never a handler: crossrun's
/// own handlers are installed by the crates that own them).
pub fn sigaction_set_simple(sig: i32, handler: usize) -> Result<(), Errno> {
    debug_assert!(handler == SIG_DFL || handler == SIG_IGN);
    let act = HostSigaction { handler, ..Default::default() };
    // SAFETY: SIG_DFL/SIG_IGN need no restorer; `act` is a valid kernel sigaction.
    cvt(unsafe {
        libc::syscall(libc::SYS_rt_sigaction, sig, &act as *const HostSigaction, std::ptr::null_mut::<HostSigaction>(), 8)
    })
    .map(drop)
}

/// `rt_sigprocmask(how, set)` for the calling thread; returns the previous mask.
pub fn sigprocmask(how: i32, set: Option<u64>) -> Result<u64, Errno> {
    let mut old = 0u64;
    let new = set.as_ref().map_or(std::ptr::null(), |s| s as *const u64);
    // SAFETY: both pointers are null or valid 8-byte locals, matching sigsetsize 8.
    cvt(unsafe { libc::syscall(libc::SYS_rt_sigprocmask, how, new, &mut old as *mut u64, 8) })?;
    Ok(old)
}

pub fn getpid() -> i32 {
    // SAFETY: no arguments, cannot fail.
    unsafe { libc::getpid() }
}

pub fn gettid() -> i32 {
    // SAFETY: no arguments, cannot fail.
    unsafe { libc::syscall(libc::SYS_gettid) as i32 }
}

/// Sends `sig` to one thread of this process.
pub fn tgkill_self(sig: i32) -> Result<(), Errno> {
    // SAFETY: integer arguments only.
    cvt(unsafe { libc::syscall(libc::SYS_tgkill, getpid(), gettid(), sig) }).map(drop)
}
