//! arm's two sizes of time.
//!
//! The calls without a suffix take the 32-bit `struct timespec`/`timeval`/`itimerspec`
//! of arm's [`super::layout::LAYOUTS`] (`time_t` a 32-bit `long`); the `*_time64` calls
//! (403..423, and epoll_pwait2, futex_waitv and futex_wait, which never had a 32-bit form) take the kernel's
//! `__kernel_timespec` and `__kernel_itimerspec`, 64-bit seconds and nanoseconds, which
//! is what a C library built with a 64-bit `time_t` (Debian trixie's armhf, musl 1.2)
//! and Go's runtime use. Each `*_time64` wrapper runs the generic handler with
//! [`super::ABI_TIME64`], arm's layouts with the 64-bit times.
//!
//! The calls whose times are `timeval`s or milliseconds and that have no generic handler
//! of their own are expressed with one: `select` (which writes the time left back),
//! `poll`, `utimes` and `futimesat`.

use super::calls::with_abi;
use super::{ABI, ABI_TIME64};
use crate::abi::layout::Timespec;
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::sys::{events, fs, futex, futex2, ipc, poll, signal, socket, thread, time};

/// `name => generic handler`: the `*_time64` call with 64-bit times.
macro_rules! time64 {
    ($($name:ident => $handler:path;)*) => {
        $(
            pub fn $name(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
                with_abi(ctx, &ABI_TIME64, $handler, a)
            }
        )*
    };
}

time64! {
    clock_gettime64 => time::clock_gettime;
    clock_settime64 => time::clock_settime;
    clock_getres_time64 => time::clock_getres;
    clock_nanosleep_time64 => time::clock_nanosleep;
    timer_gettime64 => time::timer_gettime;
    timer_settime64 => time::timer_settime;
    timerfd_gettime64 => events::timerfd_gettime;
    timerfd_settime64 => events::timerfd_settime;
    utimensat_time64 => fs::utimensat;
    pselect6_time64 => poll::pselect6;
    ppoll_time64 => poll::ppoll;
    recvmmsg_time64 => socket::recvmmsg;
    mq_timedsend_time64 => ipc::mq_timedsend;
    mq_timedreceive_time64 => ipc::mq_timedreceive;
    semtimedop_time64 => ipc::semtimedop;
    rt_sigtimedwait_time64 => signal::rt_sigtimedwait;
    futex_time64 => futex::futex;
    sched_rr_get_interval_time64 => thread::sched_rr_get_interval;
    epoll_pwait2 => poll::epoll_pwait2;
    futex_waitv => futex2::futex_waitv;
    futex_wait => futex2::futex_wait;
}

const USEC_PER_SEC: i64 = 1_000_000;

/// A 32-bit `struct timespec` in crossrun's memory, for a generic handler to read (and
/// write the time left into).
struct LocalTimespec(Vec<u8>);

impl LocalTimespec {
    fn new(t: Timespec) -> LocalTimespec {
        LocalTimespec(ABI.layouts.timespec.encode(t).as_bytes().to_vec())
    }

    fn addr(&mut self) -> u64 {
        self.0.as_mut_ptr() as u64
    }

    fn get(&self) -> Timespec {
        let l = ABI.layouts.timespec;
        let r = crate::abi::layout::Record::from_bytes(&self.0, l.size);
        l.decode(&r)
    }
}

/// _newselect(n, in, out, except, struct timeval *timeout): pselect6 without a mask, the
/// timeout's microseconds carried into seconds as the kernel's kern_select does, and the
/// time left written back as a timeval.
pub fn select(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[4] == 0 {
        return poll::pselect6(ctx, [a[0], a[1], a[2], a[3], 0, 0]);
    }
    let tv = ABI.layouts.timeval.read(a[4])?;
    let mut ts = LocalTimespec::new(Timespec { sec: tv.sec + tv.frac / USEC_PER_SEC, frac: tv.frac % USEC_PER_SEC * 1000 });
    let r = poll::pselect6(ctx, [a[0], a[1], a[2], a[3], ts.addr(), 0]);
    if r != Err(Errno::EINVAL) {
        let left = ts.get();
        ABI.layouts.timeval.write(a[4], Timespec { sec: left.sec, frac: left.frac / 1000 })?;
    }
    r
}

/// poll(fds, nfds, int timeout): milliseconds, negative for none.
pub fn poll(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let ms = a[2] as i32 as i64;
    if ms < 0 {
        return poll::ppoll(ctx, [a[0], a[1], 0, 0, 0, 0]);
    }
    let mut ts = LocalTimespec::new(Timespec { sec: ms / 1000, frac: ms % 1000 * 1_000_000 });
    poll::ppoll(ctx, [a[0], a[1], ts.addr(), 0, 0, 0])
}

/// futimesat(dirfd, path, const struct timeval times[2]) (utimes is it with AT_FDCWD):
/// utimensat with the microseconds as nanoseconds, which must be below a second (so
/// UTIME_NOW and UTIME_OMIT are out of reach).
pub fn futimesat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[2] == 0 {
        return fs::utimensat(ctx, [a[0], a[1], 0, 0, 0, 0]);
    }
    let l = ABI.layouts.timeval;
    let mut both: Vec<u8> = Vec::new();
    for i in 0..2 {
        let tv = l.read(a[2] + (i * l.size) as u64)?;
        if !(0..USEC_PER_SEC).contains(&tv.frac) {
            return Err(Errno::EINVAL);
        }
        both.extend(ABI.layouts.timespec.encode(Timespec { sec: tv.sec, frac: tv.frac * 1000 }).as_bytes());
    }
    fs::utimensat(ctx, [a[0], a[1], both.as_mut_ptr() as u64, 0, 0, 0])
}

pub fn utimes(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    futimesat(ctx, [libc::AT_FDCWD as u32 as u64, a[0], a[1], 0, 0, 0])
}

#[cfg(test)]
mod tests {
    use super::super::tests::arm_guest;
    use super::super::layout;

    #[test]
    fn time32_and_time64_calls_write_their_own_timespecs() {
        let mut g = arm_guest();
        let buf = g.alloc(64);
        crate::guest::write(buf, &[0xaa; 64]).unwrap();
        assert_eq!(g.call("clock_gettime", &[libc::CLOCK_REALTIME as u64, buf]), 0);
        let sec32 = crate::guest::read_u32(buf).unwrap() as i64;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        assert!((sec32 - now).abs() < 5, "{sec32} {now}");
        assert!(crate::guest::read_u32(buf + 4).unwrap() < 1_000_000_000);
        assert_eq!(crate::guest::read_u32(buf + 8).unwrap(), 0xaaaa_aaaa, "8 bytes written");
        assert_eq!(g.call("clock_gettime64", &[libc::CLOCK_REALTIME as u64, buf + 16]), 0);
        assert!((crate::guest::read_u64(buf + 16).unwrap() as i64 - now).abs() < 5);
        assert!(crate::guest::read_u64(buf + 24).unwrap() < 1_000_000_000, "64-bit nanoseconds");
        assert_eq!(layout::TIMESPEC64.size, 16);
    }

    #[test]
    fn select_writes_the_time_left_as_a_timeval() {
        let mut g = arm_guest();
        let tv = g.alloc(8);
        crate::guest::write_u32(tv, 0).unwrap();
        crate::guest::write_u32(tv + 4, 1_500_000).unwrap(); // 1.5 s, carried into seconds
        let fds = g.alloc(8);
        let mut p = [0i32; 2];
        // SAFETY: a pipe for the test.
        assert_eq!(unsafe { libc::pipe(p.as_mut_ptr()) }, 0);
        // SAFETY: writing one byte to our pipe.
        assert_eq!(unsafe { libc::write(p[1], b"x".as_ptr().cast(), 1) }, 1);
        crate::guest::write_u32(fds, 1 << p[0]).unwrap();
        assert_eq!(g.call("_newselect", &[p[0] as u64 + 1, fds, 0, 0, tv]), 1);
        let (sec, usec) = (crate::guest::read_u32(tv).unwrap(), crate::guest::read_u32(tv + 4).unwrap());
        assert!(sec == 1 && usec <= 500_000 && usec > 400_000, "{sec}.{usec:06}");
        // A negative time is EINVAL.
        crate::guest::write_u32(tv, (-1i32) as u32).unwrap();
        assert_eq!(g.call("_newselect", &[0, 0, 0, 0, tv]), -(libc::EINVAL as i64));
        // poll with a 0 ms timeout returns at once.
        let pfd = g.alloc(8);
        crate::guest::write_u32(pfd, p[1] as u32).unwrap();
        crate::guest::write(pfd + 4, &[4, 0, 0, 0]).unwrap(); // POLLOUT
        assert_eq!(g.call("poll", &[pfd, 1, 0]), 1);
        g.close(p[0]);
        g.close(p[1]);
    }
}
