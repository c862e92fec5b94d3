//! futex. Guest addresses are host addresses, so the host futex works on the guest's
//! futex words directly (a futex word is a `u32` on every architecture). Operations and
//! flags are the same everywhere (linux/futex.h); the only conversion is the timeout,
//! which is a `struct timespec *` for the waiting operations and the integer `val2` for
//! the requeueing ones.

use super::raw;
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};

const FUTEX_WAIT: u32 = 0;
const FUTEX_WAKE: u32 = 1;
const FUTEX_REQUEUE: u32 = 3;
const FUTEX_CMP_REQUEUE: u32 = 4;
const FUTEX_WAKE_OP: u32 = 5;
const FUTEX_LOCK_PI: u32 = 6;
const FUTEX_UNLOCK_PI: u32 = 7;
const FUTEX_TRYLOCK_PI: u32 = 8;
const FUTEX_WAIT_BITSET: u32 = 9;
const FUTEX_WAKE_BITSET: u32 = 10;
const FUTEX_WAIT_REQUEUE_PI: u32 = 11;
const FUTEX_CMP_REQUEUE_PI: u32 = 12;
const FUTEX_LOCK_PI2: u32 = 13;
const FUTEX_CMD_MASK: u32 = !(128 | 256);

pub fn futex(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let cmd = a[1] as u32 & FUTEX_CMD_MASK;
    let takes_timespec =
        matches!(cmd, FUTEX_WAIT | FUTEX_WAIT_BITSET | FUTEX_LOCK_PI | FUTEX_LOCK_PI2 | FUTEX_WAIT_REQUEUE_PI);
    match cmd {
        FUTEX_WAIT | FUTEX_WAKE | FUTEX_REQUEUE | FUTEX_CMP_REQUEUE | FUTEX_WAKE_OP | FUTEX_LOCK_PI | FUTEX_UNLOCK_PI
        | FUTEX_TRYLOCK_PI | FUTEX_WAIT_BITSET | FUTEX_WAKE_BITSET | FUTEX_WAIT_REQUEUE_PI | FUTEX_CMP_REQUEUE_PI
        | FUTEX_LOCK_PI2 => {}
        // What the kernel says for unknown commands (FUTEX_FD, gone since 2.6.26, included).
        _ => return Err(Errno::ENOSYS),
    }
    let timeout = if takes_timespec && a[3] != 0 {
        let t = ctx.abi.layouts.timespec.read(a[3])?;
        Some(libc::timespec { tv_sec: t.sec, tv_nsec: t.frac })
    } else {
        None
    };
    let arg3 = match &timeout {
        Some(t) => t as *const libc::timespec as u64,
        None => a[3],
    };
    // SAFETY: uaddr/uaddr2 are guest futex words (u32, same everywhere; the kernel checks
    // them); the timeout is null, an integer (val2) or a valid local timespec.
    unsafe { raw(libc::SYS_futex, [a[0], a[1], a[2], arg3, a[4], a[5]]) }
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;
    use std::sync::atomic::{AtomicU32, Ordering};

    const PRIVATE: u64 = 128;

    #[test]
    fn wait_times_out_and_checks_the_value() {
        let mut g = Guest::new();
        let word = AtomicU32::new(5);
        let addr = word.as_ptr() as u64;
        // Value differs: EAGAIN at once.
        assert_eq!(g.call("futex", &[addr, PRIVATE, 4, 0]), -(libc::EAGAIN as i64));
        // Value matches: waits for the (relative) timeout.
        let ts = [0i64, 5_000_000];
        let t0 = std::time::Instant::now();
        assert_eq!(g.call("futex", &[addr, PRIVATE, 5, ts.as_ptr() as u64]), -(libc::ETIMEDOUT as i64));
        assert!(t0.elapsed() >= std::time::Duration::from_millis(5));
        // Nobody waiting: wakes 0.
        assert_eq!(g.call("futex", &[addr, 1 | PRIVATE, 1]), 0);
        assert_eq!(g.call("futex", &[addr, PRIVATE, 5, 8]), -(libc::EFAULT as i64));
        assert_eq!(g.call("futex", &[addr, 99, 5, 0]), -(libc::ENOSYS as i64));
    }

    #[test]
    fn wake_reaches_a_host_waiter_on_the_same_word() {
        let mut g = Guest::new();
        let word: &'static AtomicU32 = Box::leak(Box::new(AtomicU32::new(0)));
        let addr = word.as_ptr() as u64;
        let waiter = std::thread::spawn(move || {
            while word.load(Ordering::SeqCst) == 0 {
                // SAFETY: a futex wait on a valid, live u32.
                unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG, 0, 0) };
            }
        });
        let mut woken = 0;
        while !waiter.is_finished() {
            word.store(1, Ordering::SeqCst);
            woken += g.call("futex", &[addr, 1 | PRIVATE, i32::MAX as u64]);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        waiter.join().unwrap();
        assert!(woken <= 1);
        // FUTEX_WAIT_BITSET with an absolute CLOCK_MONOTONIC time in the past.
        let ts = [0i64, 1];
        word.store(7, Ordering::SeqCst);
        assert_eq!(g.call("futex", &[addr, 9 | PRIVATE, 7, ts.as_ptr() as u64, 0, u32::MAX as u64]), -(libc::ETIMEDOUT as i64));
    }
}
