//! Signals: sigaction, stack_t, siginfo_t, sigevent.

use super::{Field, Record};
use crate::errno::Errno;

/// The kernel's `struct sigaction` as `rt_sigaction` passes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    pub handler: u64,
    pub flags: u64,
    pub restorer: u64,
    pub mask: u64,
}

layout! {
    /// The kernel's `struct sigaction` (what rt_sigaction takes), with its 64-bit
    /// `sigset_t`.
    pub struct SigactionLayout: "struct sigaction" in Kernel {
        handler: Unsigned "sa_handler",
        flags: Unsigned "sa_flags",
        /// `sa_restorer`, present only where the guest's kernel defines SA_RESTORER.
        restorer: Unsigned "sa_restorer" optional,
        mask: Unsigned "sa_mask",
    }
}

impl SigactionLayout {
    pub fn read(&self, addr: u64) -> Result<SigAction, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(SigAction {
            handler: r.get(self.handler),
            flags: r.get(self.flags),
            restorer: self.restorer.map_or(0, |f| r.get(f)),
            mask: r.get(self.mask),
        })
    }

    pub fn write(&self, addr: u64, a: &SigAction) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.handler, a.handler);
        r.set(self.flags, a.flags);
        if let Some(f) = self.restorer {
            r.set(f, a.restorer);
        }
        r.set(self.mask, a.mask);
        r.write(addr)
    }
}

/// `stack_t`, for `sigaltstack`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigStack {
    pub sp: u64,
    pub flags: i32,
    pub size: u64,
}

layout! {
    /// `stack_t`: `ss_sp`, `int ss_flags`, `size_t ss_size`.
    pub struct StackLayout: "stack_t" in Kernel {
        sp: Unsigned "ss_sp",
        flags: Signed "ss_flags",
        ss_size: Unsigned "ss_size",
    }
}

impl StackLayout {
    pub fn read(&self, addr: u64) -> Result<SigStack, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(SigStack { sp: r.get(self.sp), flags: r.get_i(self.flags) as i32, size: r.get(self.ss_size) })
    }

    pub fn write(&self, addr: u64, s: &SigStack) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.sp, s.sp);
        r.set_i(self.flags, s.flags as i64);
        r.set(self.ss_size, s.size);
        r.write(addr)
    }
}

/// `sizeof(siginfo_t)` on every architecture (SI_MAX_SIZE).
pub const SIGINFO_SIZE: usize = 128;

layout! {
    /// `siginfo_t` (asm-generic/siginfo.h): three ints, then a union whose member the
    /// signal and its si_code select ([`SiginfoLayout::convert`]).
    pub struct SiginfoLayout: "siginfo_t" in Kernel {
        signo: Signed "si_signo",
        errno: Signed "si_errno",
        code: Signed "si_code",
        pid: Signed "si_pid",
        uid: Unsigned "si_uid",
        tid: Signed "si_tid",
        overrun: Signed "si_overrun",
        /// `sigval_t`: an int or a pointer.
        value: Unsigned "si_value",
        status: Signed "si_status",
        utime: Signed "si_utime",
        stime: Signed "si_stime",
        addr: Unsigned "si_addr",
        addr_lsb: Signed "si_addr_lsb",
        lower: Unsigned "si_lower",
        upper: Unsigned "si_upper",
        pkey: Unsigned "si_pkey",
        perf_data: Unsigned "si_perf_data",
        perf_type: Unsigned "si_perf_type",
        perf_flags: Unsigned "si_perf_flags",
        band: Signed "si_band",
        fd: Signed "si_fd",
        call_addr: Unsigned "si_call_addr",
        syscall: Signed "si_syscall",
        arch: Unsigned "si_arch",
    }
}

// Signals and si_code values that select the union's member (asm-generic/siginfo.h).
const SIGILL: i32 = 4;
const SIGTRAP: i32 = 5;
const SIGBUS: i32 = 7;
const SIGFPE: i32 = 8;
const SIGSEGV: i32 = 11;
const SIGCHLD: i32 = 17;
const SIGPOLL: i32 = 29;
const SIGSYS: i32 = 31;
const SI_USER: i32 = 0;
const SI_KERNEL: i32 = 0x80;
const SI_TIMER: i32 = -2;
const SI_SIGIO: i32 = -5;
const NSIGPOLL: i32 = 6;
const BUS_MCEERR_AR: i32 = 4;
const BUS_MCEERR_AO: i32 = 5;
const SEGV_BNDERR: i32 = 3;
const SEGV_PKUERR: i32 = 4;
const TRAP_PERF: i32 = 6;

/// Which union member a siginfo holds: the kernel's `enum siginfo_layout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiginfoKind {
    Kill,
    Timer,
    Poll,
    Fault,
    FaultMceerr,
    FaultBnderr,
    FaultPkuerr,
    FaultPerfEvent,
    Chld,
    Rt,
    Sys,
}

impl SiginfoKind {
    /// The kernel's `siginfo_layout(sig, si_code)` (kernel/signal.c) for the signals
    /// and codes the generic headers define.
    pub fn of(sig: i32, code: i32) -> SiginfoKind {
        if code > SI_USER && code < SI_KERNEL {
            // The highest si_code each signal defines (NSIGILL, NSIGFPE, NSIGSEGV with
            // SEGV_CPERR, NSIGBUS, NSIGTRAP, NSIGCHLD, NSIGPOLL, NSIGSYS).
            let by_signal = match sig {
                SIGILL => Some((11, SiginfoKind::Fault)),
                SIGFPE => Some((15, SiginfoKind::Fault)),
                SIGSEGV => Some((10, SiginfoKind::Fault)),
                SIGBUS => Some((5, SiginfoKind::Fault)),
                SIGTRAP => Some((6, SiginfoKind::Fault)),
                SIGCHLD => Some((6, SiginfoKind::Chld)),
                SIGPOLL => Some((NSIGPOLL, SiginfoKind::Poll)),
                SIGSYS => Some((2, SiginfoKind::Sys)),
                _ => None,
            };
            match by_signal {
                Some((limit, kind)) if code <= limit => match (sig, code) {
                    (SIGBUS, BUS_MCEERR_AR..=BUS_MCEERR_AO) => SiginfoKind::FaultMceerr,
                    (SIGSEGV, SEGV_BNDERR) => SiginfoKind::FaultBnderr,
                    (SIGSEGV, SEGV_PKUERR) => SiginfoKind::FaultPkuerr,
                    (SIGTRAP, TRAP_PERF) => SiginfoKind::FaultPerfEvent,
                    _ => kind,
                },
                _ if code <= NSIGPOLL => SiginfoKind::Poll,
                _ => SiginfoKind::Kill,
            }
        } else if code == SI_TIMER {
            SiginfoKind::Timer
        } else if code == SI_SIGIO {
            SiginfoKind::Poll
        } else if code < 0 {
            SiginfoKind::Rt
        } else {
            SiginfoKind::Kill
        }
    }
}

impl SiginfoLayout {
    /// The members a siginfo of `kind` holds besides signo, errno and code, each with
    /// whether it is signed (sign-extended when widened).
    fn union_members(&self, kind: SiginfoKind) -> Vec<(Field, bool)> {
        let (s, u) = (true, false);
        match kind {
            SiginfoKind::Kill => vec![(self.pid, s), (self.uid, u)],
            SiginfoKind::Timer => vec![(self.tid, s), (self.overrun, s), (self.value, u)],
            SiginfoKind::Rt => vec![(self.pid, s), (self.uid, u), (self.value, u)],
            SiginfoKind::Chld => vec![(self.pid, s), (self.uid, u), (self.status, s), (self.utime, s), (self.stime, s)],
            SiginfoKind::Fault => vec![(self.addr, u)],
            SiginfoKind::FaultMceerr => vec![(self.addr, u), (self.addr_lsb, s)],
            SiginfoKind::FaultBnderr => vec![(self.addr, u), (self.lower, u), (self.upper, u)],
            SiginfoKind::FaultPkuerr => vec![(self.addr, u), (self.pkey, u)],
            SiginfoKind::FaultPerfEvent => vec![(self.addr, u), (self.perf_data, u), (self.perf_type, u), (self.perf_flags, u)],
            SiginfoKind::Poll => vec![(self.band, s), (self.fd, s)],
            SiginfoKind::Sys => vec![(self.call_addr, u), (self.syscall, s), (self.arch, u)],
        }
    }

    /// A siginfo in this layout re-encoded in layout `to`: the header, then the union
    /// member the signal and code select, as the kernel's copy_siginfo_to_user32 does
    /// (the rest stays zero). Equal layouts copy all 128 bytes.
    pub fn convert(&self, src: &[u8; SIGINFO_SIZE], to: &SiginfoLayout) -> [u8; SIGINFO_SIZE] {
        if self == to {
            return *src;
        }
        let s = Record::from_bytes(src, SIGINFO_SIZE);
        let mut d = Record::zeroed(SIGINFO_SIZE);
        for (a, b) in [(self.signo, to.signo), (self.errno, to.errno), (self.code, to.code)] {
            d.set(b, s.get(a));
        }
        let kind = SiginfoKind::of(s.get_i(self.signo) as i32, s.get_i(self.code) as i32);
        for ((a, signed), (b, _)) in self.union_members(kind).into_iter().zip(to.union_members(kind)) {
            d.set(b, if signed { s.get_i(a) as u64 } else { s.get(a) });
        }
        d.into_bytes().try_into().expect("128 bytes")
    }
}

layout! {
    /// `struct sigevent` (asm-generic/siginfo.h's `sigevent_t`): what timer_create and
    /// mq_notify take. SIGEV_THREAD's function and attributes are the C library's
    /// business; the kernel reads the value, the signal, the notify mode and the tid.
    pub struct SigeventLayout: "sigevent_t" in Kernel {
        value: Unsigned "sigev_value",
        signo: Signed "sigev_signo",
        notify: Signed "sigev_notify",
        tid: Signed "sigev_notify_thread_id",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siginfo_kinds_follow_the_kernels_rules() {
        assert_eq!(SiginfoKind::of(SIGSEGV, 1), SiginfoKind::Fault);
        assert_eq!(SiginfoKind::of(SIGSEGV, SEGV_PKUERR), SiginfoKind::FaultPkuerr);
        assert_eq!(SiginfoKind::of(SIGBUS, BUS_MCEERR_AO), SiginfoKind::FaultMceerr);
        assert_eq!(SiginfoKind::of(SIGTRAP, TRAP_PERF), SiginfoKind::FaultPerfEvent);
        assert_eq!(SiginfoKind::of(SIGCHLD, 1), SiginfoKind::Chld);
        assert_eq!(SiginfoKind::of(SIGSYS, 1), SiginfoKind::Sys);
        assert_eq!(SiginfoKind::of(10, 0), SiginfoKind::Kill, "kill()");
        assert_eq!(SiginfoKind::of(10, SI_KERNEL), SiginfoKind::Kill);
        assert_eq!(SiginfoKind::of(10, -1), SiginfoKind::Rt, "sigqueue");
        assert_eq!(SiginfoKind::of(10, -6), SiginfoKind::Rt, "tkill");
        assert_eq!(SiginfoKind::of(10, SI_TIMER), SiginfoKind::Timer);
        assert_eq!(SiginfoKind::of(10, SI_SIGIO), SiginfoKind::Poll);
        assert_eq!(SiginfoKind::of(SIGPOLL, 1), SiginfoKind::Poll);
        // A positive code on a signal without codes of its own: the poll layout up to
        // NSIGPOLL, as the kernel decides.
        assert_eq!(SiginfoKind::of(10, 3), SiginfoKind::Poll);
        assert_eq!(SiginfoKind::of(10, 7), SiginfoKind::Kill);
    }
}
