//! File descriptors that deliver events: eventfd, timerfd, signalfd, inotify, memfd.
//!
//! Their flags are O_CLOEXEC/O_NONBLOCK (EFD_*, TFD_*, SFD_*, IN_CLOEXEC/IN_NONBLOCK,
//! MFD_* have the same values on both architectures), and what they produce when read is
//! fixed-width by design (a `u64` counter, `struct signalfd_siginfo` of 128 bytes with
//! explicitly sized fields, `struct inotify_event` of u32/i32 fields: [`fixed`] checks
//! them for every guest), so reads are plain reads. Only timerfd's `struct itimerspec`
//! goes through the guest's layout, and inotify's path is looked up like any other.
//!
//! [`fixed`]: crate::abi::layout::fixed

use super::{fs, int_passthrough, raw};
use crate::abi::layout::{Itimer, Timespec};
use crate::dispatch::Ctx;
use crate::errno::SysResult;
use crate::guest;

int_passthrough! {
    /// eventfd2(initval, flags).
    eventfd2 => SYS_eventfd2;
    /// timerfd_create(clockid, flags): clock ids are the same everywhere.
    timerfd_create => SYS_timerfd_create;
    inotify_init1 => SYS_inotify_init1;
    inotify_rm_watch => SYS_inotify_rm_watch;
}

/// The guest's `struct itimerspec` (interval then value) as the host's.
pub(crate) fn read_itimerspec(ctx: &Ctx<'_>, addr: u64) -> Result<libc::itimerspec, crate::Errno> {
    let t = ctx.abi.layouts.itimerspec.read(addr)?;
    let conv = |t: Timespec| libc::timespec { tv_sec: t.sec, tv_nsec: t.frac };
    Ok(libc::itimerspec { it_interval: conv(t.interval), it_value: conv(t.value) })
}

pub(crate) fn write_itimerspec(ctx: &Ctx<'_>, addr: u64, t: &libc::itimerspec) -> Result<(), crate::Errno> {
    let conv = |t: &libc::timespec| Timespec { sec: t.tv_sec, frac: t.tv_nsec };
    ctx.abi.layouts.itimerspec.write(addr, &Itimer { interval: conv(&t.it_interval), value: conv(&t.it_value) })
}

pub(crate) fn zero_itimerspec() -> libc::itimerspec {
    let z = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    libc::itimerspec { it_interval: z, it_value: z }
}

/// timerfd_settime(fd, flags, new, old). TFD_TIMER_ABSTIME/TFD_TIMER_CANCEL_ON_SET are
/// the same everywhere.
pub fn timerfd_settime(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let new = read_itimerspec(ctx, a[2])?;
    let mut old = zero_itimerspec();
    let old_ptr = if a[3] != 0 { &mut old as *mut libc::itimerspec as u64 } else { 0 };
    // SAFETY: integers and valid itimerspec locals (or NULL).
    let r = unsafe { raw(libc::SYS_timerfd_settime, [a[0], a[1], &new as *const libc::itimerspec as u64, old_ptr, 0, 0]) }?;
    if a[3] != 0 {
        write_itimerspec(ctx, a[3], &old)?;
    }
    Ok(r)
}

pub fn timerfd_gettime(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut cur = zero_itimerspec();
    // SAFETY: an integer fd and a valid itimerspec local.
    let r = unsafe { raw(libc::SYS_timerfd_gettime, [a[0], &mut cur as *mut libc::itimerspec as u64, 0, 0, 0, 0]) }?;
    write_itimerspec(ctx, a[1], &cur)?;
    Ok(r)
}

/// signalfd4(fd, mask, sizemask, flags): the mask is the guest's 8-byte sigset, the same
/// bit layout as the host's; the kernel reads it from guest memory.
pub fn signalfd4(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers and an 8-byte sigset in guest memory.
    unsafe { raw(libc::SYS_signalfd4, a) }
}

/// inotify_add_watch(fd, path, mask): IN_* bits are the same everywhere.
pub fn inotify_add_watch(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // IN_DONT_FOLLOW: watch a symlink itself.
    const IN_DONT_FOLLOW: u64 = 0x0200_0000;
    let how = fs::lookup_unless(a[2], IN_DONT_FOLLOW, true);
    let path = fs::at_path(ctx, libc::AT_FDCWD as u64, guest::read_path(a[1])?, how)?;
    // SAFETY: integers and a valid C string.
    unsafe { raw(libc::SYS_inotify_add_watch, [a[0], path.as_ptr() as u64, a[2], 0, 0, 0]) }
}

/// memfd_create(name, flags): the name is at most 249 bytes plus NUL (the kernel's
/// MFD_NAME_MAX_LEN); a longer one is EINVAL.
pub fn memfd_create(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    const MFD_NAME_MAX: usize = 255 - 6;
    let name = match guest::read_cstr(a[0], MFD_NAME_MAX + 1)? {
        Some(n) => std::ffi::CString::new(n).expect("read up to the NUL"),
        None => return Err(crate::Errno::EINVAL),
    };
    // SAFETY: a valid C string and integer flags.
    unsafe { raw(libc::SYS_memfd_create, [name.as_ptr() as u64, a[1], 0, 0, 0, 0]) }
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;

    #[test]
    fn eventfd_counts_and_timerfd_round_trips_itimerspec() {
        let mut g = Guest::new();
        let efd = g.call("eventfd2", &[3, 0o4000]); // EFD_NONBLOCK
        assert!(efd >= 0);
        let one = 4u64;
        assert_eq!(g.call("write", &[efd as u64, &one as *const u64 as u64, 8]), 8);
        let mut v = 0u64;
        assert_eq!(g.call("read", &[efd as u64, &mut v as *mut u64 as u64, 8]), 8);
        assert_eq!(v, 7);
        let tfd = g.call("timerfd_create", &[1, 0]); // CLOCK_MONOTONIC
        assert!(tfd >= 0);
        let new: [i64; 4] = [5, 0, 100, 0]; // interval 5s, value 100s
        let mut old = [9i64; 4];
        assert_eq!(g.call("timerfd_settime", &[tfd as u64, 0, new.as_ptr() as u64, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old, [0; 4]);
        let mut cur = [0i64; 4];
        assert_eq!(g.call("timerfd_gettime", &[tfd as u64, cur.as_mut_ptr() as u64]), 0);
        assert_eq!(cur[0], 5);
        assert!(cur[2] > 90 && cur[2] <= 100, "{cur:?}");
        let name = crate::testutil::cstr("guest-memfd");
        let mfd = g.call("memfd_create", &[name.as_ptr() as u64, 1]);
        assert!(mfd >= 0);
        for f in [efd, tfd, mfd] {
            g.close(f as i32);
        }
    }
}
