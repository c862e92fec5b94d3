//! Clocks, sleeps, interval timers and POSIX timers. Clock ids, TIMER_ABSTIME, ITIMER_*
//! and SIGEV_* are the same on every architecture; times and `struct sigevent` are
//! converted through the guest's layouts.

use super::events::{read_itimerspec, write_itimerspec, zero_itimerspec};
use super::raw;
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{convert, Itimer, Record, Timespec};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};

fn host_ts(t: Timespec) -> libc::timespec {
    libc::timespec { tv_sec: t.sec, tv_nsec: t.frac }
}

fn guest_ts(t: &libc::timespec) -> Timespec {
    Timespec { sec: t.tv_sec, frac: t.tv_nsec }
}

fn zero_ts() -> libc::timespec {
    libc::timespec { tv_sec: 0, tv_nsec: 0 }
}

/// `call(clock, struct timespec *out)`: the host result converted into the guest's
/// timespec. `out` may be NULL for clock_getres.
fn clock_out(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6]) -> SysResult {
    let mut t = zero_ts();
    // SAFETY: an integer clock id and a valid local timespec.
    unsafe { raw(nr, [a[0], &mut t as *mut libc::timespec as u64, 0, 0, 0, 0]) }?;
    if a[1] != 0 {
        ctx.abi.layouts.timespec.write(a[1], guest_ts(&t))?;
    }
    Ok(0)
}

/// `call(int, struct timespec *out)` with a mandatory `out` (sched_rr_get_interval).
pub(crate) fn timespec_out(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6]) -> SysResult {
    if a[1] == 0 {
        return Err(crate::errno::Errno(libc::EFAULT));
    }
    clock_out(ctx, nr, a)
}

pub fn clock_gettime(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    clock_out(ctx, libc::SYS_clock_gettime, a)
}

pub fn clock_getres(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[1] == 0 {
        // Still validates the clock id.
        // SAFETY: a null output is allowed.
        return unsafe { raw(libc::SYS_clock_getres, [a[0], 0, 0, 0, 0, 0]) };
    }
    clock_out(ctx, libc::SYS_clock_getres, a)
}

pub fn clock_settime(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let t = host_ts(ctx.abi.layouts.timespec.read(a[1])?);
    // SAFETY: an integer clock id and a valid local timespec.
    unsafe { raw(libc::SYS_clock_settime, [a[0], &t as *const libc::timespec as u64, 0, 0, 0, 0]) }
}

pub fn gettimeofday(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut tv = libc::timeval { tv_sec: 0, tv_usec: 0 };
    let mut tz = [0i32; 2];
    // SAFETY: valid locals (struct timeval, struct timezone = two ints).
    unsafe { raw(libc::SYS_gettimeofday, [&mut tv as *mut libc::timeval as u64, tz.as_mut_ptr() as u64, 0, 0, 0, 0]) }?;
    if a[0] != 0 {
        ctx.abi.layouts.timeval.write(a[0], Timespec { sec: tv.tv_sec, frac: tv.tv_usec })?;
    }
    if a[1] != 0 {
        // struct timezone { int tz_minuteswest; int tz_dsttime; } everywhere.
        crate::guest::write_u32(a[1], tz[0] as u32)?;
        crate::guest::write_u32(a[1] + 4, tz[1] as u32)?;
    }
    Ok(0)
}

pub fn settimeofday(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let tv = if a[0] != 0 {
        let t = ctx.abi.layouts.timeval.read(a[0])?;
        Some(libc::timeval { tv_sec: t.sec, tv_usec: t.frac })
    } else {
        None
    };
    let tz = if a[1] != 0 { Some([crate::guest::read_u32(a[1])?, crate::guest::read_u32(a[1] + 4)?]) } else { None };
    let tvp = tv.as_ref().map_or(0, |t| t as *const libc::timeval as u64);
    let tzp = tz.as_ref().map_or(0, |t| t.as_ptr() as u64);
    // SAFETY: null or valid locals.
    unsafe { raw(libc::SYS_settimeofday, [tvp, tzp, 0, 0, 0, 0]) }
}

/// A sleep: the request converted in, the remaining time converted out when the host
/// sleep was interrupted (EINTR) and the guest asked for it.
fn sleep(ctx: &Ctx<'_>, req: u64, rem: u64, call: impl FnOnce(&libc::timespec, *mut libc::timespec) -> SysResult) -> SysResult {
    let layout = ctx.abi.layouts.timespec;
    let t = host_ts(layout.read(req)?);
    let mut left = zero_ts();
    let r = call(&t, if rem != 0 { &mut left } else { std::ptr::null_mut() });
    if r == Err(Errno(libc::EINTR)) && rem != 0 {
        layout.write(rem, guest_ts(&left))?;
    }
    r
}

pub fn nanosleep(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    sleep(ctx, a[0], a[1], |t, rem| {
        // SAFETY: valid request; `rem` null or a valid local.
        unsafe { raw(libc::SYS_nanosleep, [t as *const libc::timespec as u64, rem as u64, 0, 0, 0, 0]) }
    })
}

const TIMER_ABSTIME: u64 = 1;

/// clock_nanosleep returns its error as a positive value in glibc, but the raw system
/// call returns -errno like every other; the remaining time is written only for relative
/// sleeps.
pub fn clock_nanosleep(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let rem = if a[1] & TIMER_ABSTIME != 0 { 0 } else { a[3] };
    sleep(ctx, a[2], rem, |t, rem| {
        // SAFETY: integers, a valid request and `rem` null or a valid local.
        unsafe { raw(libc::SYS_clock_nanosleep, [a[0], a[1], t as *const libc::timespec as u64, rem as u64, 0, 0]) }
    })
}

/// The guest's `struct itimerval` as the host's (two timevals: interval, then value).
fn read_itimerval(ctx: &Ctx<'_>, addr: u64) -> Result<[libc::timeval; 2], Errno> {
    let t = ctx.abi.layouts.itimerval.read(addr)?;
    let conv = |t: Timespec| libc::timeval { tv_sec: t.sec, tv_usec: t.frac };
    Ok([conv(t.interval), conv(t.value)])
}

fn write_itimerval(ctx: &Ctx<'_>, addr: u64, v: &[libc::timeval; 2]) -> Result<(), Errno> {
    let conv = |t: &libc::timeval| Timespec { sec: t.tv_sec, frac: t.tv_usec };
    ctx.abi.layouts.itimerval.write(addr, &Itimer { interval: conv(&v[0]), value: conv(&v[1]) })
}

/// Interval timers deliver SIGALRM/SIGVTALRM/SIGPROF to the host process, whose
/// disposition mirrors the guest's (default: terminate).
pub fn getitimer(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut v = [libc::timeval { tv_sec: 0, tv_usec: 0 }; 2];
    // SAFETY: an integer and a valid local itimerval.
    unsafe { raw(libc::SYS_getitimer, [a[0], v.as_mut_ptr() as u64, 0, 0, 0, 0]) }?;
    write_itimerval(ctx, a[1], &v)?;
    Ok(0)
}

pub fn setitimer(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let new = if a[1] != 0 { Some(read_itimerval(ctx, a[1])?) } else { None };
    let mut old = [libc::timeval { tv_sec: 0, tv_usec: 0 }; 2];
    let newp = new.as_ref().map_or(0, |n| n.as_ptr() as u64);
    // SAFETY: an integer, and null or valid local itimervals.
    unsafe { raw(libc::SYS_setitimer, [a[0], newp, old.as_mut_ptr() as u64, 0, 0, 0]) }?;
    if a[2] != 0 {
        write_itimerval(ctx, a[2], &old)?;
    }
    Ok(0)
}

/// timer_create(clockid, struct sigevent *sevp, timer_t *timerid): a host POSIX timer
/// of crossrun's process, which is the guest's. Its signals arrive as host signals (to
/// the thread SIGEV_THREAD_ID names: guest thread ids are host ones) and reach the guest
/// as any other, with the guest's sigev_value in si_value; `timer_t` is an `int`
/// everywhere.
pub fn timer_create(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut host = match a[1] {
        0 => None,
        at => {
            let guest = &ctx.abi.layouts.sigevent;
            Some(convert(Record::read(at, guest.size)?.as_bytes(), guest, &HOST.sigevent))
        }
    };
    let sevp = host.as_mut().map_or(0, |r| r.as_mut_bytes().as_mut_ptr() as u64);
    let mut id = 0i32;
    // SAFETY: an integer clock, a host sigevent (or NULL) and a valid local timer id.
    unsafe { raw(libc::SYS_timer_create, [a[0], sevp, &mut id as *mut i32 as u64, 0, 0, 0]) }?;
    if let Err(e) = crate::guest::write_u32(a[2], id as u32) {
        // SAFETY: deleting the timer just made, which the guest cannot name.
        unsafe { libc::syscall(libc::SYS_timer_delete, id) };
        return Err(e);
    }
    Ok(0)
}

/// timer_settime(timerid, flags, new, old): itimerspecs through the guest's layout.
pub fn timer_settime(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let new = read_itimerspec(ctx, a[2])?;
    let mut old = zero_itimerspec();
    let old_ptr = if a[3] != 0 { &mut old as *mut libc::itimerspec as u64 } else { 0 };
    // SAFETY: integers and valid itimerspec locals (or NULL).
    unsafe { raw(libc::SYS_timer_settime, [a[0], a[1], &new as *const libc::itimerspec as u64, old_ptr, 0, 0]) }?;
    if a[3] != 0 {
        write_itimerspec(ctx, a[3], &old)?;
    }
    Ok(0)
}

pub fn timer_gettime(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut cur = zero_itimerspec();
    // SAFETY: an integer timer id and a valid itimerspec local.
    unsafe { raw(libc::SYS_timer_gettime, [a[0], &mut cur as *mut libc::itimerspec as u64, 0, 0, 0, 0]) }?;
    write_itimerspec(ctx, a[1], &cur)?;
    Ok(0)
}

super::int_passthrough! {
    /// timer_getoverrun(timerid).
    timer_getoverrun => SYS_timer_getoverrun;
    /// timer_delete(timerid).
    timer_delete => SYS_timer_delete;
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;

    /// A POSIX timer signalling the thread that made it (SIGEV_THREAD_ID) with the
    /// guest's sigev_value, set, read back, fired and deleted: for a 64-bit guest and a
    /// 32-bit one, whose sigevent and siginfo differ from the host's.
    #[test]
    fn posix_timers_run_on_the_host_with_the_guests_sigevent() {
        for arch in [crate::testutil::test_arch(), &crate::abi::arm::ARCH] {
            posix_timer(Guest::for_arch(arch));
        }
    }

    fn posix_timer(mut g: Guest) {
        let sig = libc::SIGRTMIN() + 3;
        let l = g.process.abi().layouts.sigevent;
        let sev = g.alloc(l.size as u64);
        let mut r = crate::abi::layout::Record::zeroed(l.size);
        r.set(l.value, 0x9abc_def0);
        r.set(l.signo, sig as u64);
        r.set(l.notify, 4); // SIGEV_THREAD_ID
        r.set(l.tid, crate::host::gettid() as u64);
        r.write(sev).unwrap();
        let id = g.alloc(4);
        // Blocked, so it waits for sigtimedwait below.
        let set = g.alloc(8);
        crate::guest::write_u64(set, 1 << (sig - 1)).unwrap();
        assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_BLOCK as u64, set, 0, 8]), 0);
        assert_eq!(g.call("timer_create", &[libc::CLOCK_MONOTONIC as u64, sev, id]), 0);
        let timer = crate::guest::read_u32(id).unwrap() as u64;
        let spec = g.alloc(64);
        let ts = g.process.abi().layouts.itimerspec;
        ts.write(spec, &crate::abi::layout::Itimer { interval: Default::default(), value: crate::abi::layout::Timespec { sec: 0, frac: 1_000_000 } }).unwrap();
        assert_eq!(g.call("timer_settime", &[timer, 0, spec, 0]), 0);
        let info = g.alloc(128);
        assert_eq!(g.call("rt_sigtimedwait", &[set, info, 0, 8]), sig as i64);
        let si = g.process.abi().layouts.siginfo;
        let got = crate::abi::layout::Record::read(info, si.size).unwrap();
        assert_eq!(got.get_i(si.code), -2, "SI_TIMER");
        assert_eq!(got.get(si.value), 0x9abc_def0);
        assert_eq!(g.call("timer_gettime", &[timer, spec + 32]), 0);
        assert_eq!(g.call("timer_getoverrun", &[timer]), 0);
        assert_eq!(g.call("timer_delete", &[timer]), 0);
        assert_eq!(g.call("timer_delete", &[timer]), -(libc::EINVAL as i64));
        assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_UNBLOCK as u64, set, 0, 8]), 0);
    }

    #[test]
    fn clocks() {
        let mut g = Guest::new();
        let mut ts = [0i64; 2];
        assert_eq!(g.call("clock_gettime", &[1, ts.as_mut_ptr() as u64]), 0);
        let mut host = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: a valid local.
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut host) };
        assert!(ts[0] <= host.tv_sec && host.tv_sec - ts[0] < 5);
        assert!((0..1_000_000_000).contains(&ts[1]));
        assert_eq!(g.call("clock_gettime", &[1, 8]), -(libc::EFAULT as i64));
        assert_eq!(g.call("clock_gettime", &[99, ts.as_mut_ptr() as u64]), -(libc::EINVAL as i64));
        assert_eq!(g.call("clock_getres", &[0, ts.as_mut_ptr() as u64]), 0);
        assert_eq!(ts, [0, 1]);
        assert_eq!(g.call("clock_getres", &[0, 0]), 0);
        let mut tv = [0i64; 2];
        assert_eq!(g.call("gettimeofday", &[tv.as_mut_ptr() as u64, 0]), 0);
        assert!(tv[0] > 1_600_000_000 && (0..1_000_000).contains(&tv[1]));
    }

    #[test]
    fn interval_timers_round_trip_the_guests_itimerval() {
        let mut g = Guest::new();
        // ITIMER_VIRTUAL (1): 100 s of CPU time, far beyond this test, then cancelled.
        let new = [0i64, 0, 100, 0];
        let mut old = [-1i64; 4];
        assert_eq!(g.call("setitimer", &[1, new.as_ptr() as u64, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old, [0; 4]);
        let mut cur = [0i64; 4];
        assert_eq!(g.call("getitimer", &[1, cur.as_mut_ptr() as u64]), 0);
        assert!(cur[..2] == [0, 0] && cur[2] >= 99 && cur[2] <= 100 && (0..1_000_000).contains(&cur[3]), "{cur:?}");
        let off = [0i64; 4];
        assert_eq!(g.call("setitimer", &[1, off.as_ptr() as u64, old.as_mut_ptr() as u64]), 0);
        assert!(old[2] == cur[2] || old[2] + 1 == cur[2], "{old:?} after {cur:?}");
    }

    #[test]
    fn sched_rr_get_interval_writes_a_guest_timespec() {
        let mut g = Guest::new();
        let mut ts = [-1i64; 2];
        assert_eq!(g.call("sched_rr_get_interval", &[0, ts.as_mut_ptr() as u64]), 0);
        assert!(ts[0] >= 0 && (0..1_000_000_000).contains(&ts[1]), "{ts:?}");
        assert_eq!(g.call("sched_rr_get_interval", &[0, 0]), -(libc::EFAULT as i64));
        assert_eq!(g.call("sched_rr_get_interval", &[-1i64 as u64, ts.as_mut_ptr() as u64]), -(libc::EINVAL as i64));
    }

    #[test]
    fn fadvise64_is_carried_out() {
        let mut g = Guest::new();
        let f = tempfile::tempfile().unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&f) as u64;
        // POSIX_FADV_SEQUENTIAL = 2, POSIX_FADV_DONTNEED = 4 on arm64.
        assert_eq!(g.call("fadvise64", &[fd, 0, 0, 2]), 0);
        assert_eq!(g.call("fadvise64", &[fd, 0, 4096, 4]), 0);
        assert_eq!(g.call("fadvise64", &[fd, 0, 0, 99]), -(libc::EINVAL as i64));
        assert_eq!(g.call("fadvise64", &[9999, 0, 0, 2]), -(libc::EBADF as i64));
    }

    #[test]
    fn sleeps() {
        let mut g = Guest::new();
        let req = [0i64, 2_000_000];
        let t0 = std::time::Instant::now();
        assert_eq!(g.call("nanosleep", &[req.as_ptr() as u64, 0]), 0);
        assert!(t0.elapsed() >= std::time::Duration::from_millis(2));
        let bad = [0i64, 1_000_000_000];
        assert_eq!(g.call("nanosleep", &[bad.as_ptr() as u64, 0]), -(libc::EINVAL as i64));
        assert_eq!(g.call("clock_nanosleep", &[1, 0, req.as_ptr() as u64, 0]), 0);
        assert_eq!(g.call("nanosleep", &[8, 0]), -(libc::EFAULT as i64));
    }
}
