//! Waiting for file descriptors: ppoll, pselect6, epoll.
//!
//! What is the same on both sides and handed to the host kernel as it is: `struct pollfd`
//! (int, short, short), the POLL*/EPOLL* event bits (asm-generic/poll.h and
//! linux/eventpoll.h on both), `fd_set` (an array of 64-bit words on every 64-bit Linux),
//! EPOLL_CLOEXEC (= O_CLOEXEC on both).
//!
//! What differs and is translated: timeouts (through the guest's timespec layout),
//! `struct epoll_event` (the x86_64 kernel declares it packed, 12 bytes: events at 0, data
//! at 4; arm64 uses the natural layout, 16 bytes: events at 0, data at 8), and the
//! temporary signal masks, from which the signals crossrun needs for itself are removed.

use super::raw;
use crate::abi::layout::{field, Field, Record, Timespec};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::sys::signal;

/// The guest's `struct epoll_event` (arm64: natural alignment).
pub const GUEST_EPOLL_EVENT_SIZE: usize = 16;
const GUEST_EV_EVENTS: Field = field(0, 4);
const GUEST_EV_DATA: Field = field(8, 8);
/// The host's (x86_64: `__attribute__((packed))`).
pub const HOST_EPOLL_EVENT_SIZE: usize = 12;
const HOST_EV_EVENTS: Field = field(0, 4);
const HOST_EV_DATA: Field = field(4, 8);
/// The kernel's limit on maxevents (INT_MAX / sizeof(struct epoll_event) on x86_64).
const EP_MAX_EVENTS: u64 = (i32::MAX as u64) / HOST_EPOLL_EVENT_SIZE as u64;
/// How many events crossrun collects per call at most: fewer than the guest asked for is
/// what epoll_wait may always return.
const EVENTS_PER_CALL: usize = 1024;

/// A guest epoll_event as the host's bytes.
pub fn epoll_event_to_host(guest: &[u8; GUEST_EPOLL_EVENT_SIZE]) -> [u8; HOST_EPOLL_EVENT_SIZE] {
    let mut g = Record::zeroed(GUEST_EPOLL_EVENT_SIZE);
    g.set_bytes(field(0, GUEST_EPOLL_EVENT_SIZE), guest);
    let mut h = Record::zeroed(HOST_EPOLL_EVENT_SIZE);
    h.set(HOST_EV_EVENTS, g.get(GUEST_EV_EVENTS));
    h.set(HOST_EV_DATA, g.get(GUEST_EV_DATA));
    h.as_bytes().try_into().expect("12 bytes")
}

/// A host epoll_event as the guest's bytes (padding zero).
pub fn epoll_event_to_guest(host: &[u8]) -> Record {
    let mut h = Record::zeroed(HOST_EPOLL_EVENT_SIZE);
    h.set_bytes(field(0, HOST_EPOLL_EVENT_SIZE), host);
    let mut g = Record::zeroed(GUEST_EPOLL_EVENT_SIZE);
    g.set(GUEST_EV_EVENTS, h.get(HOST_EV_EVENTS));
    g.set(GUEST_EV_DATA, h.get(HOST_EV_DATA));
    g
}

/// A guest signal mask for the duration of a wait, as the host mask to use: the bit
/// layout is the same; the signals crossrun handles itself stay deliverable.
fn host_wait_mask(guest_mask: u64) -> u64 {
    let mut m = guest_mask;
    for sig in [libc::SIGSEGV, libc::SIGBUS] {
        debug_assert!(signal::crossrun_owns(sig));
        m &= !signal::bit(sig);
    }
    m
}

/// Reads an optional guest sigset (8 bytes; any other size is EINVAL, as the kernel).
fn read_mask(addr: u64, size: u64) -> Result<Option<u64>, Errno> {
    if addr == 0 {
        return Ok(None);
    }
    if size != 8 {
        return Err(Errno::EINVAL);
    }
    Ok(Some(host_wait_mask(guest::read_u64(addr)?)))
}

/// An optional guest timespec as a host one.
fn read_timeout(ctx: &Ctx<'_>, addr: u64) -> Result<Option<libc::timespec>, Errno> {
    if addr == 0 {
        return Ok(None);
    }
    let t = ctx.abi.layouts.timespec.read(addr)?;
    Ok(Some(libc::timespec { tv_sec: t.sec, tv_nsec: t.frac }))
}

fn opt_ptr<T>(v: &mut Option<T>) -> u64 {
    v.as_mut().map_or(0, |v| v as *mut T as u64)
}

/// ppoll(fds, nfds, timeout, sigmask, sigsetsize). The kernel writes the time left back.
pub fn ppoll(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut ts = read_timeout(ctx, a[2])?;
    let mut mask = read_mask(a[3], a[4])?;
    // SAFETY: the pollfd array is a fixed-layout guest record array the kernel checks;
    // the timeout and mask are null or valid locals.
    let r = unsafe { raw(libc::SYS_ppoll, [a[0], a[1], opt_ptr(&mut ts), opt_ptr(&mut mask), 8, 0]) };
    if let Some(t) = ts {
        ctx.abi.layouts.timespec.write(a[2], Timespec { sec: t.tv_sec, frac: t.tv_nsec })?;
    }
    r
}

/// pselect6(n, in, out, except, timeout, sig) where `sig` points at
/// `{ const sigset_t *ss; size_t ss_len; }` (two words on a 64-bit guest).
pub fn pselect6(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut ts = read_timeout(ctx, a[4])?;
    let mut mask = None;
    if a[5] != 0 {
        let word = ctx.abi.layouts.word as u64;
        let (ss, len) = (guest::read_u64(a[5])?, guest::read_u64(a[5] + word)?);
        mask = read_mask(ss, len)?;
    }
    // The host's `sig` argument: { pointer to our mask copy, 8 }.
    let host_sig: [u64; 2] = [opt_ptr(&mut mask), 8];
    let sig_ptr = if mask.is_some() { host_sig.as_ptr() as u64 } else { 0 };
    // SAFETY: the fd_sets are guest bitmaps of the same layout; the timeout and the sig
    // argument are null or valid locals.
    let r = unsafe { raw(libc::SYS_pselect6, [a[0], a[1], a[2], a[3], opt_ptr(&mut ts), sig_ptr]) };
    if let Some(t) = ts {
        ctx.abi.layouts.timespec.write(a[4], Timespec { sec: t.tv_sec, frac: t.tv_nsec })?;
    }
    r
}

pub fn epoll_create1(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: an integer argument.
    unsafe { raw(libc::SYS_epoll_create1, [a[0], 0, 0, 0, 0, 0]) }
}

const EPOLL_CTL_DEL: u64 = 2;

/// epoll_ctl(epfd, op, fd, event): the event converted to the host's packed layout.
pub fn epoll_ctl(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // EPOLL_CTL_DEL ignores the event (which may be NULL).
    let host = if a[1] == EPOLL_CTL_DEL && a[3] == 0 {
        None
    } else {
        let mut g = [0u8; GUEST_EPOLL_EVENT_SIZE];
        guest::read(a[3], &mut g)?;
        Some(epoll_event_to_host(&g))
    };
    let ev = host.as_ref().map_or(0, |h| h.as_ptr() as u64);
    // SAFETY: integers and a host epoll_event local (or NULL).
    unsafe { raw(libc::SYS_epoll_ctl, [a[0], a[1], a[2], ev, 0, 0]) }
}

/// The wait calls: events collected in a host array, then converted to the guest's.
fn epoll_wait_common(a: [u64; 6], timeout_arg: u64, nr: libc::c_long, mask: Option<u64>) -> SysResult {
    let max = a[2] as i32;
    if max <= 0 || max as u64 > EP_MAX_EVENTS {
        return Err(Errno::EINVAL);
    }
    let n = (max as usize).min(EVENTS_PER_CALL);
    let mut buf = vec![0u8; n * HOST_EPOLL_EVENT_SIZE];
    let mut mask = mask;
    // SAFETY: a host event array of `n` entries; the timeout argument is an integer or a
    // valid local; the mask is null or a valid local.
    let got = unsafe { raw(nr, [a[0], buf.as_mut_ptr() as u64, n as u64, timeout_arg, opt_ptr(&mut mask), 8]) }?;
    for i in 0..got as usize {
        let host = &buf[i * HOST_EPOLL_EVENT_SIZE..(i + 1) * HOST_EPOLL_EVENT_SIZE];
        epoll_event_to_guest(host).write(a[1] + (i * GUEST_EPOLL_EVENT_SIZE) as u64)?;
    }
    Ok(got)
}

/// epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize).
pub fn epoll_pwait(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mask = read_mask(a[4], a[5])?;
    epoll_wait_common(a, a[3], libc::SYS_epoll_pwait, mask)
}

/// epoll_pwait2(epfd, events, maxevents, timeout timespec, sigmask, sigsetsize).
pub fn epoll_pwait2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mask = read_mask(a[4], a[5])?;
    let mut ts = read_timeout(ctx, a[3])?;
    epoll_wait_common(a, opt_ptr(&mut ts), libc::SYS_epoll_pwait2, mask)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    #[test]
    fn epoll_event_layouts_convert_both_ways() {
        let mut g = [0u8; 16];
        g[0..4].copy_from_slice(&0x8000_0019u32.to_le_bytes()); // EPOLLET|EPOLLHUP|EPOLLERR|EPOLLIN
        g[4..8].copy_from_slice(&[0xaa; 4]); // guest padding: ignored
        g[8..16].copy_from_slice(&0x1122_3344_5566_7788u64.to_le_bytes());
        let h = epoll_event_to_host(&g);
        assert_eq!(&h[0..4], &0x8000_0019u32.to_le_bytes());
        assert_eq!(&h[4..12], &0x1122_3344_5566_7788u64.to_le_bytes());
        let back = epoll_event_to_guest(&h);
        assert_eq!(&back.as_bytes()[4..8], &[0; 4], "padding is zeroed");
        assert_eq!(&back.as_bytes()[0..4], &g[0..4]);
        assert_eq!(&back.as_bytes()[8..16], &g[8..16]);
    }

    #[test]
    fn epoll_over_a_pipe_reports_guest_layout_events() {
        let mut g = Guest::new();
        let ep = g.call("epoll_create1", &[0o2000000]);
        assert!(ep >= 0);
        let mut fds = [0i32; 2];
        assert_eq!(g.call("pipe2", &[fds.as_mut_ptr() as u64, 0]), 0);
        let mut ev = [0u8; 16];
        ev[0..4].copy_from_slice(&1u32.to_le_bytes()); // EPOLLIN
        ev[8..16].copy_from_slice(&0xfeed_beef_0000_0001u64.to_le_bytes());
        assert_eq!(g.call("epoll_ctl", &[ep as u64, 1, fds[0] as u64, ev.as_ptr() as u64]), 0);
        let mut out = [0xffu8; 32];
        assert_eq!(g.call("epoll_pwait", &[ep as u64, out.as_mut_ptr() as u64, 2, 0, 0, 8]), 0);
        assert_eq!(g.call("write", &[fds[1] as u64, b"x".as_ptr() as u64, 1]), 1);
        assert_eq!(g.call("epoll_pwait", &[ep as u64, out.as_mut_ptr() as u64, 2, 1000, 0, 8]), 1);
        assert_eq!(u32::from_le_bytes(out[0..4].try_into().unwrap()), 1);
        assert_eq!(u64::from_le_bytes(out[8..16].try_into().unwrap()), 0xfeed_beef_0000_0001);
        assert_eq!(&out[16..20], &[0xff; 4], "only one event written");
        assert_eq!(g.call("epoll_pwait", &[ep as u64, out.as_mut_ptr() as u64, 0, 0, 0, 8]), -(libc::EINVAL as i64));
        // ppoll sees the same readable pipe; a zero timeout is written back.
        let mut pfd = [0u8; 8];
        pfd[0..4].copy_from_slice(&fds[0].to_le_bytes());
        pfd[4..6].copy_from_slice(&1u16.to_le_bytes());
        let ts = [0u64, 0u64];
        assert_eq!(g.call("ppoll", &[pfd.as_mut_ptr() as u64, 1, ts.as_ptr() as u64, 0, 8]), 1);
        assert_eq!(u16::from_le_bytes([pfd[6], pfd[7]]), 1, "POLLIN");
        for f in [fds[0], fds[1], ep as i32] {
            g.close(f);
        }
    }
}
