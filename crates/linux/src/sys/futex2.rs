//! The futex2 calls (kernel/futex/syscalls.c): futex_waitv (5.16; Wine and Proton wait
//! on many futexes with it), and futex_wake, futex_wait and futex_requeue (6.7). Guest
//! futex words are host memory, so the host calls work on them; the guest's `struct
//! futex_waitv` arrays (a fixed-width record) are read field by field into the host's,
//! and its timeout through its timespec layout.
//! FUTEX2_* flags and the clock ids are the same everywhere (linux/futex.h, time.h).
//!
//! A guest timeout the host cannot read is handed over as the guest's pointer: the host
//! kernel then fails on it exactly where the guest's would, after its own checks of the
//! other arguments. A waiter array is read before the call, so when one of its entries
//! is unreadable the call fails with EFAULT, after the kernel's checks of the other
//! arguments (the kernel would first report EINVAL for a bad entry before that one).

use super::raw;
use crate::abi::layout::fixed::FUTEX_WAITV;
use crate::abi::layout::{Field, Record};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};

const VAL: Field = FUTEX_WAITV.member("val");
const UADDR: Field = FUTEX_WAITV.member("uaddr");
const FLAGS: Field = FUTEX_WAITV.member("flags");
const RESERVED: Field = FUTEX_WAITV.member("__reserved");

/// FUTEX_WAITV_MAX: at most this many futexes in one futex_waitv.
const FUTEX_WAITV_MAX: u64 = 128;
const CLOCK_REALTIME: u64 = 0;
const CLOCK_MONOTONIC: u64 = 1;

/// The guest's timeout at `addr` (0: none) as a host timespec, or, when it cannot be
/// read, the guest's pointer itself (see the module documentation).
enum Timeout {
    None,
    Host(libc::timespec),
    Unreadable(u64),
}

impl Timeout {
    fn read(ctx: &Ctx<'_>, addr: u64) -> Timeout {
        match addr {
            0 => Timeout::None,
            _ => match ctx.abi.layouts.timespec.read(addr) {
                Ok(t) => Timeout::Host(libc::timespec { tv_sec: t.sec, tv_nsec: t.frac }),
                Err(_) => Timeout::Unreadable(addr),
            },
        }
    }

    fn arg(&self) -> u64 {
        match self {
            Timeout::None => 0,
            Timeout::Host(t) => t as *const libc::timespec as u64,
            Timeout::Unreadable(addr) => *addr,
        }
    }
}

/// `n` guest `struct futex_waitv` at `addr`, in the host's layout: the kernel's, with
/// `__u64 val`, `__u64 uaddr`, `__u32 flags`, `__u32 __reserved` (the host kernel checks
/// flags and reserved as the guest's would).
#[repr(C)]
#[derive(Clone, Copy)]
struct HostWaitv {
    val: u64,
    uaddr: u64,
    flags: u32,
    reserved: u32,
}

fn read_waiters(addr: u64, n: u64) -> Result<Vec<HostWaitv>, Errno> {
    let size = FUTEX_WAITV.size;
    (0..n)
        .map(|i| {
            let r = Record::read(addr + i * size as u64, size)?;
            Ok(HostWaitv {
                val: r.get(VAL),
                uaddr: r.get(UADDR),
                flags: r.get(FLAGS) as u32,
                reserved: r.get(RESERVED) as u32,
            })
        })
        .collect()
}

/// futex_waitv(waiters, nr_futexes, flags, timeout, clockid).
pub fn futex_waitv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (waiters, nr, flags, clockid) = (a[0], a[1] as u32 as u64, a[2] as u32, a[4] as i32 as u64);
    // The kernel's order: flags, the array's size and address, then the timeout.
    if flags != 0 || nr == 0 || nr > FUTEX_WAITV_MAX || waiters == 0 {
        return Err(Errno::EINVAL);
    }
    let timeout = Timeout::read(ctx, a[3]);
    if !matches!(timeout, Timeout::None) {
        if clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC {
            return Err(Errno::EINVAL);
        }
        match &timeout {
            Timeout::Unreadable(_) => return Err(Errno::EFAULT),
            Timeout::Host(t) if !(t.tv_sec >= 0 && (0..1_000_000_000).contains(&t.tv_nsec)) => return Err(Errno::EINVAL),
            _ => {}
        }
    }
    let host = read_waiters(waiters, nr)?;
    // SAFETY: `host` holds `nr` entries naming guest futex words (the kernel checks
    // them); the timeout is null or a valid local.
    unsafe { raw(libc::SYS_futex_waitv, [host.as_ptr() as u64, nr, 0, timeout.arg(), a[4], 0]) }
}

/// futex_wake(uaddr, mask, nr, flags): integers and a guest futex word.
pub fn futex_wake(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers, and a futex word the kernel checks.
    unsafe { raw(crate::host::nr::FUTEX_WAKE, a) }
}

/// futex_wait(uaddr, val, mask, flags, timeout, clockid).
pub fn futex_wait(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let timeout = Timeout::read(ctx, a[4]);
    // SAFETY: integers, a futex word the kernel checks, and a timeout that is null, a
    // valid local or a pointer the host cannot read either.
    unsafe { raw(crate::host::nr::FUTEX_WAIT, [a[0], a[1], a[2], a[3], timeout.arg(), a[5]]) }
}

/// futex_requeue(waiters[2], flags, nr_wake, nr_requeue).
pub fn futex_requeue(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[1] as u32 != 0 || a[0] == 0 {
        return Err(Errno::EINVAL);
    }
    let host = read_waiters(a[0], 2)?;
    // SAFETY: `host` holds the two entries; the rest are integers.
    unsafe { raw(crate::host::nr::FUTEX_REQUEUE, [host.as_ptr() as u64, 0, a[2], a[3], 0, 0]) }
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;
    use std::sync::atomic::{AtomicU32, Ordering};

    const FUTEX2_SIZE_U32: u64 = 2;
    const FUTEX2_PRIVATE: u64 = 128;

    /// A guest `struct futex_waitv` array, as u64 words.
    fn waitv(entries: &[(u64, &AtomicU32, u64)]) -> Vec<u64> {
        entries.iter().flat_map(|&(val, word, flags)| [val, word.as_ptr() as u64, flags]).collect()
    }

    fn host(nr: libc::c_long, a: [u64; 5]) -> i64 {
        // SAFETY: the arguments are what the test gives the guest call, all valid or
        // meant to fail before anything is written.
        let r = unsafe { libc::syscall(nr, a[0], a[1], a[2], a[3], a[4]) };
        if r < 0 {
            -(std::io::Error::last_os_error().raw_os_error().unwrap() as i64)
        } else {
            r
        }
    }

    #[test]
    fn waitv_checks_as_the_kernel_and_times_out() {
        let mut g = Guest::new();
        let (w1, w2) = (AtomicU32::new(1), AtomicU32::new(2));
        let f = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
        let good = waitv(&[(1, &w1, f), (2, &w2, f)]);
        let past = [0i64, 1];
        let bad_ns = [0i64, 1_000_000_000];
        let p = good.as_ptr() as u64;
        let cases: [(&str, [u64; 5]); 9] = [
            ("flags", [p, 2, 1, 0, 1]),
            ("no futexes", [p, 0, 0, 0, 1]),
            ("129 futexes", [p, 129, 0, 0, 1]),
            ("null array", [0, 2, 0, 0, 1]),
            ("clock 7", [p, 2, 0, past.as_ptr() as u64, 7]),
            ("unreadable timeout", [p, 2, 0, 8, 1]),
            ("nanoseconds out of range", [p, 2, 0, bad_ns.as_ptr() as u64, 1]),
            ("unreadable array", [8, 2, 0, past.as_ptr() as u64, 1]),
            ("a value differs", [waitv(&[(1, &w1, f), (5, &w2, f)]).leak().as_ptr() as u64, 2, 0, 0, 1]),
        ];
        for (what, a) in cases {
            let native = host(libc::SYS_futex_waitv, a);
            assert!(native < 0, "{what}: {native}");
            assert_eq!(g.call("futex_waitv", &a), native, "{what}");
        }
        // Reserved bits and unknown flags, checked by the host kernel on the copy.
        let reserved = waitv(&[(1, &w1, f | 1 << 32)]);
        let a = [reserved.as_ptr() as u64, 1, 0, 0, 1];
        assert_eq!(g.call("futex_waitv", &a), -(libc::EINVAL as i64));
        assert_eq!(host(libc::SYS_futex_waitv, a), -(libc::EINVAL as i64));
        // Both values match: sleeps until the absolute CLOCK_MONOTONIC time passed.
        assert_eq!(g.call("futex_waitv", &[p, 2, 0, past.as_ptr() as u64, 1]), -(libc::ETIMEDOUT as i64));
    }

    #[test]
    fn waitv_is_woken_by_futex_wake_on_its_second_word() {
        let mut g = Guest::new();
        let w1: &'static AtomicU32 = Box::leak(Box::new(AtomicU32::new(1)));
        let w2: &'static AtomicU32 = Box::leak(Box::new(AtomicU32::new(2)));
        let f = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
        let list = waitv(&[(1, w1, f), (2, w2, f)]);
        let p = list.as_ptr() as u64;
        let waker = std::thread::spawn(move || {
            let mut g = Guest::new();
            let mut woken = 0;
            while woken == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
                woken = g.call("futex_wake", &[w2.as_ptr() as u64, u32::MAX as u64, 1, f]);
            }
            w2.store(3, Ordering::SeqCst);
        });
        // Returns the index of the futex that woke it.
        assert_eq!(g.call("futex_waitv", &[p, 2, 0, 0, 1]), 1);
        waker.join().unwrap();
    }

    #[test]
    fn futex_wait_and_requeue() {
        let mut g = Guest::new();
        let (w1, w2) = (AtomicU32::new(4), AtomicU32::new(0));
        let f = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
        let past = [0i64, 1];
        let a1 = w1.as_ptr() as u64;
        // futex_wait(uaddr, val, mask, flags, timeout, clockid)
        assert_eq!(g.call("futex_wait", &[a1, 5, u32::MAX as u64, f, 0, 1]), -(libc::EAGAIN as i64));
        assert_eq!(g.call("futex_wait", &[a1, 4, u32::MAX as u64, f, past.as_ptr() as u64, 1]), -(libc::ETIMEDOUT as i64));
        assert_eq!(g.call("futex_wait", &[a1, 4, u32::MAX as u64, f, 8, 1]), -(libc::EFAULT as i64));
        assert_eq!(g.call("futex_wait", &[a1, 4, u32::MAX as u64, 1 << 20, 8, 1]), -(libc::EINVAL as i64));
        let pair = waitv(&[(4, &w1, f), (0, &w2, f)]);
        assert_eq!(g.call("futex_requeue", &[pair.as_ptr() as u64, 0, 1, 1]), 0);
        assert_eq!(g.call("futex_requeue", &[pair.as_ptr() as u64, 1, 1, 1]), -(libc::EINVAL as i64));
    }
}
