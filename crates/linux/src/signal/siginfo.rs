//! A siginfo as crossrun carries it: the host kernel's `siginfo_t` bytes, which is what
//! crossrun's host signal handler receives and what the host's rt_sigqueueinfo and
//! friends take. It becomes the guest's where it reaches the guest (a signal frame,
//! rt_sigtimedwait, waitid) and is made from the guest's where the guest gives one
//! (rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal), through the guest's
//! [`SiginfoLayout`]: the three header fields and the union member the signal and code
//! select, as the kernel's compat code converts it, or all 128 bytes where the guest's
//! layout is the host's.

use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{Record, SiginfoLayout};

/// `sizeof(siginfo_t)` on every architecture.
pub use crate::abi::layout::SIGINFO_SIZE as SIZE;

// si_code values (asm-generic/siginfo.h).
pub const SI_USER: i32 = 0;
pub const SI_QUEUE: i32 = -1;
pub const SI_TKILL: i32 = -6;

/// A siginfo in the host's layout.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SigInfo(pub [u8; SIZE]);

impl std::fmt::Debug for SigInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigInfo").field("signo", &self.signo()).field("code", &self.code()).finish_non_exhaustive()
    }
}

impl SigInfo {
    fn record(&self) -> Record {
        Record::from_bytes(&self.0, SIZE)
    }

    fn build(f: impl FnOnce(&mut Record, &SiginfoLayout)) -> SigInfo {
        let mut r = Record::zeroed(SIZE);
        f(&mut r, &HOST.siginfo);
        SigInfo(r.into_bytes().try_into().expect("128 bytes"))
    }

    pub fn signo(&self) -> i32 {
        self.record().get_i(HOST.siginfo.signo) as i32
    }

    pub fn code(&self) -> i32 {
        self.record().get_i(HOST.siginfo.code) as i32
    }

    /// A fault (SIGSEGV, SIGBUS, SIGILL, SIGTRAP...) with `si_addr`.
    pub fn fault(sig: i32, code: i32, addr: u64) -> SigInfo {
        SigInfo::build(|r, l| {
            r.set_i(l.signo, sig as i64);
            r.set_i(l.code, code as i64);
            r.set(l.addr, addr);
        })
    }

    /// What `kill`/`tgkill` from this process would report.
    pub fn sent(sig: i32, code: i32) -> SigInfo {
        // SAFETY: no arguments, cannot fail.
        let uid = unsafe { libc::getuid() };
        SigInfo::build(|r, l| {
            r.set_i(l.signo, sig as i64);
            r.set_i(l.code, code as i64);
            r.set_i(l.pid, crate::host::getpid() as i64);
            r.set(l.uid, uid as u64);
        })
    }

    /// One the host kernel produced.
    pub fn from_host(host: &[u8; SIZE]) -> SigInfo {
        SigInfo(*host)
    }

    /// The guest's bytes for it, in the guest's `layout`.
    pub fn to_guest(&self, layout: &SiginfoLayout) -> [u8; SIZE] {
        HOST.siginfo.convert(&self.0, layout)
    }

    /// One the guest gave, in the guest's `layout`.
    pub fn from_guest(layout: &SiginfoLayout, guest: &[u8; SIZE]) -> SigInfo {
        SigInfo(layout.convert(guest, &HOST.siginfo))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_siginfos_read_back_through_libc() {
        let f = SigInfo::fault(11, 1, 0x1234);
        // SAFETY: a siginfo_t is plain data valid for any bytes; si_addr reads the
        // fault member.
        let h: libc::siginfo_t = unsafe { std::ptr::read_unaligned(f.0.as_ptr() as *const libc::siginfo_t) };
        assert_eq!((h.si_signo, h.si_code), (11, 1));
        // SAFETY: as above.
        assert_eq!(unsafe { h.si_addr() } as u64, 0x1234);
        let k = SigInfo::sent(10, SI_TKILL);
        // SAFETY: as above, the kill member.
        let h: libc::siginfo_t = unsafe { std::ptr::read_unaligned(k.0.as_ptr() as *const libc::siginfo_t) };
        // SAFETY: as above.
        assert_eq!(unsafe { h.si_pid() }, crate::host::getpid());
        assert_eq!((k.signo(), k.code()), (10, -6));
    }

    #[test]
    fn a_64_bit_guest_gets_the_hosts_bytes() {
        let mut raw = [0x5au8; SIZE];
        raw[..12].copy_from_slice(&[10, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
        let s = SigInfo::from_host(&raw);
        let guest = &crate::testutil::test_arch().abi.layouts.siginfo;
        assert_eq!(guest, &HOST.siginfo, "the asm-generic LP64 siginfo is x86_64's");
        assert_eq!(s.to_guest(guest), raw, "equal layouts copy every byte");
        assert_eq!(SigInfo::from_guest(guest, &raw).0, raw);
    }

    /// A 32-bit guest's siginfo: the union starts at 12 and its longs and pointers are 4
    /// bytes, so each member the signal selects moves.
    #[test]
    fn a_32_bit_guest_gets_each_selected_member_moved() {
        let g = &crate::abi::arm::layout::LAYOUTS.siginfo;
        let rd = |b: &[u8; SIZE], f: crate::abi::layout::Field| Record::from_bytes(b, SIZE).get_i(f);
        // SIGCHLD: pid, uid, status, utime, stime.
        let chld = SigInfo::build(|r, l| {
            r.set(l.signo, 17);
            r.set(l.code, 1);
            r.set(l.pid, 4321);
            r.set(l.uid, 1000);
            r.set(l.status, 3);
            r.set_i(l.utime, -5);
            r.set_i(l.stime, 7);
        });
        let b = chld.to_guest(g);
        assert_eq!([g.signo, g.code, g.pid, g.uid, g.status, g.utime, g.stime].map(|f| rd(&b, f)), [17, 1, 4321, 1000, 3, -5, 7]);
        assert_eq!((g.pid.offset, g.utime.offset), (12, 24));
        // A fault: si_addr, a 4-byte pointer at 12; nothing else is copied.
        let fault = SigInfo::fault(11, 2, 0x8000_1000);
        let b = fault.to_guest(g);
        assert_eq!(rd(&b, g.addr) as u64 & 0xffff_ffff, 0x8000_1000);
        assert!(b[16..].iter().all(|&x| x == 0));
        // sigqueue from the guest: pid, uid and the 4-byte sigval come back widened,
        // zero-extended, at the host's offsets.
        let mut q = [0u8; SIZE];
        let mut r = Record::zeroed(SIZE);
        r.set(g.signo, 34);
        r.set_i(g.code, SI_QUEUE as i64);
        r.set(g.pid, 99);
        r.set(g.uid, 5);
        r.set(g.value, 0xdead_beef);
        q.copy_from_slice(r.as_bytes());
        let h = SigInfo::from_guest(g, &q);
        let hr = h.record();
        let hl = &HOST.siginfo;
        assert_eq!((h.signo(), h.code(), hr.get(hl.pid), hr.get(hl.uid), hr.get(hl.value)), (34, -1, 99, 5, 0xdead_beef));
        assert_eq!(h.to_guest(g), q, "and back");
        // SIGPOLL: a `long` band, sign-extended.
        let mut r = Record::zeroed(SIZE);
        r.set(g.signo, 29);
        r.set(g.code, 1);
        r.set_i(g.band, -1);
        r.set(g.fd, 6);
        let h = SigInfo::from_guest(g, &r.as_bytes().try_into().unwrap());
        assert_eq!((h.record().get_i(hl.band), h.record().get(hl.fd)), (-1, 6));
    }
}
