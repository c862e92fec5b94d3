//! The guest's `siginfo_t` (asm-generic, 64-bit: 128 bytes).
//!
//! ```text
//!   0 si_signo  i32        16 union: si_pid i32 / si_addr u64 / si_tid i32
//!   4 si_errno  i32        20        si_uid u32 / si_overrun i32
//!   8 si_code   i32        24        si_value (sigval, 8 bytes) / si_status i32
//! ```
//! x86_64 uses the same asm-generic 64-bit `siginfo_t` (same field offsets for every
//! member of the union, same si_code values), so a siginfo the host kernel gave crossrun
//! becomes the guest's by copying the three header fields and the union bytes as they
//! are: those bytes mean the same thing on both sides.

/// `sizeof(siginfo_t)`.
pub const SIZE: usize = 128;
pub const OFF_SIGNO: usize = 0;
pub const OFF_ERRNO: usize = 4;
pub const OFF_CODE: usize = 8;
/// The union: `si_pid`, `si_addr`, `si_tid`...
pub const OFF_UNION: usize = 16;
pub const OFF_PID: usize = 16;
pub const OFF_UID: usize = 20;
pub const OFF_ADDR: usize = 16;
pub const OFF_VALUE: usize = 24;

// si_code values (asm-generic/siginfo.h).
pub const SI_USER: i32 = 0;
pub const SI_QUEUE: i32 = -1;
pub const SI_TKILL: i32 = -6;

/// A guest siginfo, as bytes in the guest's layout.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SigInfo(pub [u8; SIZE]);

impl std::fmt::Debug for SigInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigInfo").field("signo", &self.signo()).field("code", &self.code()).finish_non_exhaustive()
    }
}

impl SigInfo {
    fn i32_at(&self, off: usize) -> i32 {
        i32::from_le_bytes(self.0[off..off + 4].try_into().expect("4 bytes"))
    }

    fn set_i32(&mut self, off: usize, v: i32) {
        self.0[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }

    fn set_u64(&mut self, off: usize, v: u64) {
        self.0[off..off + 8].copy_from_slice(&v.to_le_bytes());
    }

    pub fn signo(&self) -> i32 {
        self.i32_at(OFF_SIGNO)
    }

    pub fn code(&self) -> i32 {
        self.i32_at(OFF_CODE)
    }

    /// A fault (SIGSEGV, SIGBUS, SIGILL, SIGTRAP...) with `si_addr`.
    pub fn fault(sig: i32, code: i32, addr: u64) -> SigInfo {
        let mut s = SigInfo([0; SIZE]);
        s.set_i32(OFF_SIGNO, sig);
        s.set_i32(OFF_CODE, code);
        s.set_u64(OFF_ADDR, addr);
        s
    }

    /// What `kill`/`tgkill` from this process would report.
    pub fn sent(sig: i32, code: i32) -> SigInfo {
        let mut s = SigInfo([0; SIZE]);
        s.set_i32(OFF_SIGNO, sig);
        s.set_i32(OFF_CODE, code);
        s.set_i32(OFF_PID, crate::host::getpid());
        // SAFETY: no arguments, cannot fail.
        s.set_i32(OFF_UID, unsafe { libc::getuid() } as i32);
        s
    }

    /// The guest's siginfo for one the host kernel produced (see the module comment: the
    /// layouts are the same, field by field).
    pub fn from_host(host: &[u8; SIZE]) -> SigInfo {
        let mut s = SigInfo([0; SIZE]);
        for off in [OFF_SIGNO, OFF_ERRNO, OFF_CODE] {
            s.0[off..off + 4].copy_from_slice(&host[off..off + 4]);
        }
        s.0[OFF_UNION..].copy_from_slice(&host[OFF_UNION..]);
        s
    }

    /// The host's siginfo for one the guest gave (rt_sigqueueinfo and friends).
    pub fn to_host(&self) -> [u8; SIZE] {
        // The same layout both ways.
        SigInfo::from_host(&self.0).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_siginfo_offsets_match_the_guest_layout() {
        // Build a host siginfo with libc's accessors and read it at the guest's offsets.
        // SAFETY: an all-zero siginfo_t is valid.
        let mut h: libc::siginfo_t = unsafe { std::mem::zeroed() };
        assert_eq!(std::mem::size_of::<libc::siginfo_t>(), SIZE);
        h.si_signo = 11;
        h.si_code = 2;
        h.si_errno = 5;
        // SAFETY: plain bytes of a plain-data struct.
        let bytes: [u8; SIZE] = unsafe { std::mem::transmute(h) };
        let g = SigInfo::from_host(&bytes);
        assert_eq!((g.signo(), g.code(), g.i32_at(OFF_ERRNO)), (11, 2, 5));
        let f = SigInfo::fault(11, 1, 0x1234);
        assert_eq!(u64::from_le_bytes(f.0[16..24].try_into().unwrap()), 0x1234);
        let k = SigInfo::sent(10, SI_TKILL);
        assert_eq!(k.i32_at(OFF_PID), crate::host::getpid());
        assert_eq!(k.code(), -6);
    }
}
