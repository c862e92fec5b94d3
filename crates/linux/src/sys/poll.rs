//! Waiting for file descriptors: ppoll, pselect6, epoll.
//!
//! Fixed-width and handed to the host kernel as they are: `struct pollfd` (int, short,
//! short: [`fixed::POLLFD`]), the POLL*/EPOLL* event bits (asm-generic/poll.h and
//! linux/eventpoll.h everywhere), EPOLL_CLOEXEC (= O_CLOEXEC on both), the 8-byte
//! signal masks.
//!
//! Through the guest's layouts: timeouts (timespec), pselect6's `{ sigset_t *, size_t }`
//! argument, `struct epoll_event` (x86_64 declares it packed, 12 bytes with `data` at 4;
//! the natural layout of other architectures is 16 bytes with `data` at 8), and
//! `fd_set`s, which are words of `long` that the kernel reads and writes whole: a guest
//! whose words are the host's (8 bytes) gives the host its sets as they are, another
//! one's are copied into host sets of the host's word count, and back ([`HostFdSets`]).
//! The temporary signal masks lose the signals crossrun needs for itself.
//!
//! [`fixed::POLLFD`]: crate::abi::layout::fixed::POLLFD

use super::raw;
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{align_up, convert, read_field, EpollEventLayout, Layouts, Timespec};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::sys::signal;

/// The kernel's limit on maxevents (INT_MAX / sizeof(struct epoll_event) of the host).
const EP_MAX_EVENTS: u64 = (i32::MAX as u64) / HOST.epoll_event.size as u64;
/// How many events crossrun collects per call at most: fewer than the guest asked for is
/// what epoll_wait may always return.
const EVENTS_PER_CALL: usize = 1024;

/// A guest epoll_event (in `guest`'s layout) as the host's bytes.
pub fn epoll_event_to_host(guest: &EpollEventLayout, bytes: &[u8]) -> Vec<u8> {
    convert(bytes, guest, &HOST.epoll_event).into_bytes()
}

/// A host epoll_event as the guest's bytes (padding zero).
pub fn epoll_event_to_guest(guest: &EpollEventLayout, host: &[u8]) -> Vec<u8> {
    convert(host, &HOST.epoll_event, guest).into_bytes()
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

/// The three `fd_set`s of a pselect6 for the host. The kernel reads and writes the
/// words that hold the first `n` bits of each set; a guest's words are little-endian like
/// the host's, so the bits sit at the same byte offsets whatever the word size, and only
/// how many bytes a set spans differs.
pub struct HostFdSets {
    /// The host's arguments: the guest's sets, or these copies.
    pub args: [u64; 3],
    copies: Vec<(u64, Vec<u8>)>,
    /// How many bytes of each set the guest's kernel would read and write.
    guest_bytes: usize,
}

impl HostFdSets {
    /// `sets` are pselect6's in/out/except pointers for `n` descriptors.
    pub fn new(l: &Layouts, n: u64, sets: [u64; 3]) -> Result<HostFdSets, Errno> {
        let guest_word = l.fd_set.word.size;
        if guest_word == HOST.fd_set.word.size {
            return Ok(HostFdSets { args: sets, copies: Vec::new(), guest_bytes: 0 });
        }
        // More than the kernel's max_fds fails in the host kernel (EINVAL) before any
        // set is read; the copies are not made larger than the host would read.
        let bits = (n as i32).clamp(0, 1 << 20) as usize;
        let guest_bytes = align_up(bits.div_ceil(8), guest_word);
        let host_bytes = align_up(bits.div_ceil(8), HOST.fd_set.word.size);
        let mut hs = HostFdSets { args: [0; 3], copies: Vec::new(), guest_bytes };
        for (i, &at) in sets.iter().enumerate() {
            if at == 0 {
                continue;
            }
            let mut set = vec![0u8; host_bytes.max(guest_bytes)];
            guest::read(at, &mut set[..guest_bytes])?;
            hs.args[i] = set.as_ptr() as u64;
            hs.copies.push((at, set));
        }
        Ok(hs)
    }

    /// After the call: the sets back into the guest's.
    pub fn finish(&self) -> Result<(), Errno> {
        for (at, set) in &self.copies {
            guest::write(*at, &set[..self.guest_bytes])?;
        }
        Ok(())
    }
}

/// pselect6(n, in, out, except, timeout, sig) where `sig` points at the guest's
/// `{ const sigset_t *ss; size_t ss_len; }`.
pub fn pselect6(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut ts = read_timeout(ctx, a[4])?;
    let mut mask = None;
    if a[5] != 0 {
        let l = &ctx.abi.layouts.sigset_argpack;
        mask = read_mask(read_field(a[5], l.set)?, read_field(a[5], l.set_size)?)?;
    }
    // The host's `sig` argument: { pointer to our mask copy, 8 }.
    let host_sig: [u64; 2] = [opt_ptr(&mut mask), 8];
    let sig_ptr = if mask.is_some() { host_sig.as_ptr() as u64 } else { 0 };
    let sets = HostFdSets::new(ctx.abi.layouts, a[0], [a[1], a[2], a[3]])?;
    let [r, w, e] = sets.args;
    // SAFETY: the fd_sets are guest sets of the host's word size or host copies of the
    // size the host reads; the timeout and the sig argument are null or valid locals.
    let res = unsafe { raw(libc::SYS_pselect6, [a[0], r, w, e, opt_ptr(&mut ts), sig_ptr]) };
    if res.is_ok() {
        sets.finish()?;
    }
    if let Some(t) = ts {
        ctx.abi.layouts.timespec.write(a[4], Timespec { sec: t.tv_sec, frac: t.tv_nsec })?;
    }
    res
}

pub fn epoll_create1(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: an integer argument.
    unsafe { raw(libc::SYS_epoll_create1, [a[0], 0, 0, 0, 0, 0]) }
}

const EPOLL_CTL_DEL: u64 = 2;

/// epoll_ctl(epfd, op, fd, event): the event converted to the host's layout.
pub fn epoll_ctl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let layout = &ctx.abi.layouts.epoll_event;
    // EPOLL_CTL_DEL ignores the event (which may be NULL).
    let host = if a[1] == EPOLL_CTL_DEL && a[3] == 0 {
        None
    } else {
        let mut g = vec![0u8; layout.size];
        guest::read(a[3], &mut g)?;
        Some(epoll_event_to_host(layout, &g))
    };
    let ev = host.as_ref().map_or(0, |h| h.as_ptr() as u64);
    // SAFETY: integers and a host epoll_event local (or NULL).
    unsafe { raw(libc::SYS_epoll_ctl, [a[0], a[1], a[2], ev, 0, 0]) }
}

/// The wait calls: events collected in a host array, then converted to the guest's.
fn epoll_wait_common(layout: &EpollEventLayout, a: [u64; 6], timeout_arg: u64, nr: libc::c_long, mask: Option<u64>) -> SysResult {
    let max = a[2] as i32;
    if max <= 0 || max as u64 > EP_MAX_EVENTS {
        return Err(Errno::EINVAL);
    }
    let n = (max as usize).min(EVENTS_PER_CALL);
    let host_size = HOST.epoll_event.size;
    let mut buf = vec![0u8; n * host_size];
    let mut mask = mask;
    // SAFETY: a host event array of `n` entries; the timeout argument is an integer or a
    // valid local; the mask is null or a valid local.
    let got = unsafe { raw(nr, [a[0], buf.as_mut_ptr() as u64, n as u64, timeout_arg, opt_ptr(&mut mask), 8]) }?;
    for (i, host) in buf.chunks(host_size).take(got as usize).enumerate() {
        guest::write(a[1] + (i * layout.size) as u64, &epoll_event_to_guest(layout, host))?;
    }
    Ok(got)
}

/// epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize).
pub fn epoll_pwait(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mask = read_mask(a[4], a[5])?;
    epoll_wait_common(&ctx.abi.layouts.epoll_event, a, a[3], libc::SYS_epoll_pwait, mask)
}

/// epoll_pwait2(epfd, events, maxevents, timeout timespec, sigmask, sigsetsize).
pub fn epoll_pwait2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mask = read_mask(a[4], a[5])?;
    let mut ts = read_timeout(ctx, a[3])?;
    epoll_wait_common(&ctx.abi.layouts.epoll_event, a, opt_ptr(&mut ts), libc::SYS_epoll_pwait2, mask)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    #[test]
    fn epoll_event_layouts_convert_both_ways() {
        let l = &crate::testutil::test_arch().abi.layouts.epoll_event;
        let mut g = [0u8; 16];
        g[0..4].copy_from_slice(&0x8000_0019u32.to_le_bytes()); // EPOLLET|EPOLLHUP|EPOLLERR|EPOLLIN
        g[4..8].copy_from_slice(&[0xaa; 4]); // guest padding: ignored
        g[8..16].copy_from_slice(&0x1122_3344_5566_7788u64.to_le_bytes());
        let h = epoll_event_to_host(l, &g);
        assert_eq!(&h[0..4], &0x8000_0019u32.to_le_bytes());
        assert_eq!(&h[4..12], &0x1122_3344_5566_7788u64.to_le_bytes());
        let back = epoll_event_to_guest(l, &h);
        assert_eq!(&back[4..8], &[0; 4], "padding is zeroed");
        assert_eq!(&back[0..4], &g[0..4]);
        assert_eq!(&back[8..16], &g[8..16]);
    }

    /// A 32-bit guest's fd_sets (words of 4 bytes): the host reads and writes whole
    /// 8-byte words, so 33 descriptors are 8 bytes for both but 1 descriptor is 4 for
    /// the guest and 8 for the host, and the host must not write the guest's next 4.
    #[test]
    fn fd_sets_of_a_32_bit_guest_are_copied_by_its_words() {
        let _memory = Guest::new();
        let l = &crate::abi::arm::layout::LAYOUTS;
        let mut mem = [0xffu8; 12];
        mem[..4].copy_from_slice(&[0b101, 0, 0, 0]);
        let at = mem.as_mut_ptr() as u64;
        let sets = HostFdSets::new(l, 1, [at, 0, 0]).unwrap();
        assert_eq!(sets.args[1..], [0, 0]);
        assert_ne!(sets.args[0], at, "a host copy");
        // SAFETY: the copy is a live Vec of at least 8 bytes owned by `sets`.
        let host = unsafe { std::slice::from_raw_parts(sets.args[0] as *mut u8, 8) };
        assert_eq!(host, &[0b101, 0, 0, 0, 0, 0, 0, 0], "the guest's one word, then zeros");
        // SAFETY: as above; the host kernel clearing bit 2 of the copy.
        unsafe { *(sets.args[0] as *mut u8) = 1 };
        sets.finish().unwrap();
        assert_eq!(mem, [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "4 bytes written back");
        let sets = HostFdSets::new(l, 33, [at, 0, 0]).unwrap();
        sets.finish().unwrap();
        assert_eq!(mem[4..8], [0xff; 4], "33 descriptors span two guest words");
        assert_eq!(mem[8..], [0xff; 4]);
        // The 64-bit guest's sets go to the host as they are.
        let same = HostFdSets::new(crate::testutil::test_arch().abi.layouts, 1, [at, 0, at]).unwrap();
        assert_eq!(same.args, [at, 0, at]);
    }

    #[test]
    fn pselect6_sees_a_readable_pipe_with_a_guest_sigmask_argument() {
        let mut g = Guest::new();
        let mut fds = [0i32; 2];
        assert_eq!(g.call("pipe2", &[fds.as_mut_ptr() as u64, 0]), 0);
        assert_eq!(g.call("write", &[fds[1] as u64, b"x".as_ptr() as u64, 1]), 1);
        let n = fds[0].max(fds[1]) as u64 + 1;
        let mut readable = [0u64; 16];
        readable[0] = 1 << fds[0] | 1 << fds[1];
        let ts = [1i64, 0];
        let mask = 0u64;
        let argpack = [&mask as *const u64 as u64, 8];
        let r = g.call("pselect6", &[n, readable.as_mut_ptr() as u64, 0, 0, ts.as_ptr() as u64, argpack.as_ptr() as u64]);
        assert_eq!(r, 1);
        assert_eq!(readable[0], 1 << fds[0], "only the read end is readable");
        let bad_size = [&mask as *const u64 as u64, 4];
        let r = g.call("pselect6", &[n, readable.as_mut_ptr() as u64, 0, 0, ts.as_ptr() as u64, bad_size.as_ptr() as u64]);
        assert_eq!(r, -(libc::EINVAL as i64));
        g.close(fds[0]);
        g.close(fds[1]);
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
