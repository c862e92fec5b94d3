//! Signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack,
//! rt_sigreturn, rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_tgsigqueueinfo.
//!
//! The guest's actions (per process), masks and alternate stacks (per thread) are kept
//! in the guest's terms and reported back exactly as the aarch64 kernel would. They are
//! mirrored on the host where that makes the host kernel behave natively:
//! - SIG_IGN / SIG_DFL become the host disposition, so e.g. an ignored SIGPIPE turns a
//!   write to a closed pipe into EPIPE and an ignored SIGCHLD auto-reaps children. A
//!   guest *handler* becomes crossrun's host handler, which records the signal for
//!   delivery to the guest ([`crate::signal`]).
//! - the blocked mask becomes the host thread's mask, so blocked signals stay pending
//!   (plus the signals recorded and not yet delivered, see [`sync_host_mask`]).
//!
//! Never mirrored: SIGSEGV and SIGBUS, whose host handlers make guest memory access
//! fault-safe (the guest may neither replace nor block them on the host).

use crate::abi::layout::{SigAction, SigStack};
use crate::dispatch::{Ctx, Stop};
use crate::signal::{pending, siginfo::{self, SigInfo}};
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::host;

pub const SS_ONSTACK: i32 = 1;
pub const SS_DISABLE: i32 = 2;
pub const SS_AUTODISARM: i32 = 1 << 31;

const SIG_IGN: u64 = 1;
const SIGSET_SIZE: u64 = 8;

/// The sigaction flags the kernel keeps (UAPI_SA_FLAGS): SA_NOCLDSTOP, SA_NOCLDWAIT,
/// SA_SIGINFO, SA_EXPOSE_TAGBITS, SA_RESTORER, SA_ONSTACK, SA_RESTART, SA_NODEFER,
/// SA_RESETHAND. Others (SA_UNSUPPORTED included) read back as 0, which is how programs
/// probe for flag support.
const UAPI_SA_FLAGS: u64 = 0x1 | 0x2 | 0x4 | 0x800 | 0x0400_0000 | 0x0800_0000 | 0x1000_0000 | 0x4000_0000 | 0x8000_0000;

/// The mask bit of a signal.
pub fn bit(sig: i32) -> u64 {
    1u64 << (sig - 1)
}

const UNBLOCKABLE: u64 = (1 << (libc::SIGKILL - 1)) | (1 << (libc::SIGSTOP - 1));

/// A mask without SIGKILL and SIGSTOP, which cannot be blocked.
pub(crate) fn blockable(mask: u64) -> u64 {
    mask & !UNBLOCKABLE
}

/// Makes the calling host thread's mask the guest thread's `mask`, plus the signals
/// recorded for it and not yet delivered (they stay blocked on the host until the guest
/// has taken them, see [`crate::signal::pending`]), leaving crossrun's own signals as
/// they are.
pub(crate) fn sync_host_mask(mask: u64) {
    let reserved = host_reserved_mask();
    let want = (mask | pending::recorded()) & !reserved;
    if let Ok(now) = host::sigprocmask(libc::SIG_BLOCK, None) {
        if (now & !reserved) != want {
            let _ = host::sigprocmask(libc::SIG_SETMASK, Some((now & reserved) | want));
        }
    }
}

/// Signals whose host handlers crossrun needs: a guest fault in crossrun's guest-memory
/// access routines arrives as one of these.
pub fn crossrun_owns(sig: i32) -> bool {
    sig == libc::SIGSEGV || sig == libc::SIGBUS
}

/// Signals whose host disposition and mask bit the guest must not change. Signals 32
/// and 33 are not among them: crossrun's own libc would use them only for
/// pthread_cancel and setuid-in-threads, which crossrun never calls, and the guest's
/// libc needs them for exactly those (SIGCANCEL, SIGSETXID).
fn host_reserved(sig: i32) -> bool {
    crossrun_owns(sig)
}

fn host_reserved_mask() -> u64 {
    (1..=64).filter(|&s| host_reserved(s)).fold(0, |m, s| m | bit(s))
}

/// Whether the default action of `sig` ends the process (terminate or core dump), as
/// opposed to ignoring it or stopping/continuing.
pub fn default_kills(sig: i32) -> bool {
    !matches!(
        sig,
        libc::SIGCHLD | libc::SIGCONT | libc::SIGURG | libc::SIGWINCH | libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU
    )
}

/// What the guest asked to happen for a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    Default,
    Ignore,
    Handler(u64),
}

/// The guest's actions for signals 1..=64.
#[derive(Clone, Debug)]
pub struct SignalTable {
    actions: [SigAction; 64],
}

impl SignalTable {
    /// All SIG_DFL, except what crossrun was started with as SIG_IGN (execve keeps
    /// ignored signals ignored). SIGPIPE starts as SIG_DFL whatever the host says: Rust's
    /// runtime ignores it before crossrun's `main`, so the parent's choice is lost.
    pub fn inherit_from_host() -> SignalTable {
        let mut t = SignalTable { actions: [SigAction::default(); 64] };
        for sig in 1..=64 {
            if host_reserved(sig) || sig == libc::SIGPIPE || UNBLOCKABLE & bit(sig) != 0 {
                continue;
            }
            if host::sigaction_get(sig).is_ok_and(|a| a.handler == host::SIG_IGN) {
                t.actions[sig as usize - 1].handler = SIG_IGN;
            }
        }
        t
    }

    /// Makes the host's SIG_DFL/SIG_IGN dispositions match the guest's (in practice:
    /// SIGPIPE back to SIG_DFL, see above). A host *handler* is left alone: it belongs to
    /// whoever embeds crossrun.
    pub fn apply_initial_to_host(&self) {
        for sig in 1..=64 {
            if host_reserved(sig) || UNBLOCKABLE & bit(sig) != 0 {
                continue;
            }
            let Ok(host) = host::sigaction_get(sig) else { continue };
            let guest_ignores = self.actions[sig as usize - 1].handler == SIG_IGN;
            let host_ignores = host.handler == host::SIG_IGN;
            if (host.handler == host::SIG_DFL || host_ignores) && guest_ignores != host_ignores {
                apply_to_host(sig, &self.actions[sig as usize - 1]);
            }
        }
    }

    pub fn action(&self, sig: i32) -> SigAction {
        self.actions[sig as usize - 1]
    }

    pub fn disposition(&self, sig: i32) -> Disposition {
        match self.action(sig).handler {
            0 => Disposition::Default,
            SIG_IGN => Disposition::Ignore,
            h => Disposition::Handler(h),
        }
    }

    /// SA_RESETHAND: back to SIG_DFL once the handler is entered.
    pub(crate) fn reset_to_default(&mut self, sig: i32) {
        self.actions[sig as usize - 1] = SigAction::default();
        if !host_reserved(sig) {
            apply_to_host(sig, &SigAction::default());
        }
    }

    /// CLONE_CLEAR_SIGHAND in a new process: every handler back to SIG_DFL, ignored
    /// signals stay ignored, and flags and masks are cleared (the kernel's
    /// flush_signal_handlers without force_default).
    pub(crate) fn clear_handlers(&mut self) {
        for sig in 1..=64 {
            let handled = matches!(self.disposition(sig), Disposition::Handler(_));
            let a = &mut self.actions[sig as usize - 1];
            *a = SigAction { handler: if a.handler == SIG_IGN { SIG_IGN } else { 0 }, ..SigAction::default() };
            if handled && !host_reserved(sig) {
                apply_to_host(sig, a);
            }
        }
    }

    /// The guest's handler for `sig`, if it installed one.
    pub fn guest_handler(&self, sig: i32) -> Option<u64> {
        match (1..=64).contains(&sig).then(|| self.disposition(sig)) {
            Some(Disposition::Handler(h)) => Some(h),
            _ => None,
        }
    }
}

fn apply_to_host(sig: i32, a: &SigAction) {
    if a.handler > SIG_IGN && UNBLOCKABLE & bit(sig) == 0 {
        pending::install_host_handler(sig);
        return;
    }
    let host = if a.handler == SIG_IGN { host::SIG_IGN } else { host::SIG_DFL };
    // Cannot fail for a valid, non-reserved signal number.
    let _ = host::sigaction_set_simple(sig, host);
}

pub fn rt_sigaction(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (sig, act, oact) = (a[0] as i32, a[1], a[2]);
    if a[3] != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let layout = ctx.abi.layouts.sigaction;
    let new = if act != 0 { Some(layout.read(act)?) } else { None };
    if !(1..=64).contains(&sig) || (new.is_some() && UNBLOCKABLE & bit(sig) != 0) {
        return Err(Errno::EINVAL);
    }
    let old = {
        let mut table = ctx.process.signals.lock().unwrap_or_else(|e| e.into_inner());
        let old = table.actions[sig as usize - 1];
        if let Some(mut n) = new {
            n.flags &= UAPI_SA_FLAGS;
            n.mask &= !UNBLOCKABLE;
            table.actions[sig as usize - 1] = n;
            if !host_reserved(sig) {
                apply_to_host(sig, &n);
            }
        }
        old
    };
    if oact != 0 {
        layout.write(oact, &SigAction { flags: old.flags & UAPI_SA_FLAGS, ..old })?;
    }
    Ok(0)
}

pub fn rt_sigprocmask(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (how, set, oset) = (a[0] as i32, a[1], a[2]);
    if a[3] != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let old = ctx.thread.sigmask;
    if set != 0 {
        let new = guest::read_u64(set)? & !UNBLOCKABLE;
        let mask = match how {
            libc::SIG_BLOCK => old | new,
            libc::SIG_UNBLOCK => old & !new,
            libc::SIG_SETMASK => new,
            _ => return Err(Errno::EINVAL),
        };
        ctx.thread.sigmask = mask;
        sync_host_mask(mask);
    }
    if oset != 0 {
        guest::write_u64(oset, old)?;
    }
    Ok(0)
}

pub fn rt_sigpending(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let size = a[1];
    if size > SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let mut pending = 0u64;
    // SAFETY: an 8-byte local for the kernel's sigset.
    unsafe { crate::sys::raw(libc::SYS_rt_sigpending, [&mut pending as *mut u64 as u64, 8, 0, 0, 0, 0]) }?;
    let visible = (pending & !host_reserved_mask() | pending::recorded()) & ctx.thread.sigmask;
    guest::write(a[0], &visible.to_le_bytes()[..size as usize])?;
    Ok(0)
}

fn guest_sp(ctx: &Ctx<'_>) -> u64 {
    ctx.process.arch().stack_pointer(ctx.cpu)
}

pub(crate) fn on_alt_stack(st: &SigStack, sp: u64) -> bool {
    st.size != 0 && sp.wrapping_sub(st.sp) < st.size
}

pub fn sigaltstack(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let layout = ctx.abi.layouts.stack;
    let new = if a[0] != 0 { Some(layout.read(a[0])?) } else { None };
    let cur = ctx.thread.altstack;
    let sp = guest_sp(ctx);
    let on_stack = on_alt_stack(&cur, sp);
    let old = SigStack {
        sp: cur.sp,
        size: cur.size,
        flags: cur.flags | if cur.size == 0 { SS_DISABLE } else if on_stack { SS_ONSTACK } else { 0 },
    };
    if let Some(n) = new {
        if on_stack {
            return Err(Errno::EPERM);
        }
        let mode = n.flags & !SS_AUTODISARM;
        if mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0 {
            return Err(Errno::EINVAL);
        }
        ctx.thread.altstack = if mode == SS_DISABLE {
            SigStack { sp: 0, size: 0, flags: n.flags & SS_AUTODISARM }
        } else {
            if n.size < ctx.abi.minsigstksz {
                return Err(Errno::ENOMEM);
            }
            SigStack { sp: n.sp, size: n.size, flags: n.flags & SS_AUTODISARM }
        };
    }
    if a[1] != 0 {
        layout.write(a[1], &old)?;
    }
    Ok(0)
}

/// Returns from a handler: everything comes back from the frame at sp (see
/// [`crate::signal::deliver`]); a bad frame kills the guest with SIGSEGV.
pub fn rt_sigreturn(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    match ctx.process.sigreturn(ctx.thread, ctx.cpu, ctx.abi.minsigstksz) {
        Ok(x0) => Ok(x0),
        Err(f) => {
            ctx.stop = Some(Stop::Fatal(f));
            Ok(0)
        }
    }
}

/// Waits with `mask` as the thread's mask until a signal is delivered. Always EINTR;
/// the handler's frame saves the mask from before the call (`saved_sigmask`), which the
/// run loop also restores if no handler ran.
pub fn rt_sigsuspend(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[1] != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let mask = blockable(guest::read_u64(a[0])?);
    ctx.thread.saved_sigmask = Some(ctx.thread.sigmask);
    ctx.thread.sigmask = mask;
    sync_host_mask(mask);
    // SAFETY: no arguments. Returns -EINTR once a signal was handled on the host (or at
    // once if one was already recorded: the syscall window).
    unsafe { crate::sys::raw(libc::SYS_pause, [0; 6]) }?;
    Err(Errno(libc::EINTR))
}

/// Waits for one of `set` (which the guest normally blocks) and takes it without
/// running a handler.
pub fn rt_sigtimedwait(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (set_at, info_at, ts_at) = (a[0], a[1], a[2]);
    if a[3] != SIGSET_SIZE {
        return Err(Errno::EINVAL);
    }
    let set = blockable(guest::read_u64(set_at)?);
    let timeout = if ts_at != 0 {
        let t = ctx.abi.layouts.timespec.read(ts_at)?;
        if t.sec < 0 || !(0..1_000_000_000).contains(&t.frac) {
            return Err(Errno::EINVAL);
        }
        Some(libc::timespec { tv_sec: t.sec, tv_nsec: t.frac })
    } else {
        None
    };
    // Already received by crossrun's handler (it arrived while unblocked)?
    let rec = pending::recorded() & set;
    let (sig, raw) = if rec != 0 {
        let s = rec.trailing_zeros() as i32 + 1;
        (s, pending::take(s).unwrap_or([0; 128]))
    } else {
        let host_set = set & !host_reserved_mask();
        let mut info = [0u8; 128];
        let ts = timeout.as_ref().map_or(0, |t| t as *const libc::timespec as u64);
        // SAFETY: an 8-byte set, a 128-byte siginfo and a timespec, all valid locals.
        let s = unsafe {
            crate::sys::raw(libc::SYS_rt_sigtimedwait, [&host_set as *const u64 as u64, info.as_mut_ptr() as u64, ts, 8, 0, 0])
        }?;
        (s as i32, info)
    };
    if info_at != 0 {
        guest::write(info_at, &SigInfo::from_host(&raw).to_guest(&ctx.abi.layouts.siginfo))?;
    }
    Ok(sig as u64)
}

/// The guest's siginfo at `addr`, in the host's layout.
pub(crate) fn read_siginfo(ctx: &Ctx<'_>, addr: u64) -> Result<[u8; siginfo::SIZE], Errno> {
    let mut b = [0u8; siginfo::SIZE];
    guest::read(addr, &mut b)?;
    Ok(SigInfo::from_guest(&ctx.abi.layouts.siginfo, &b).0)
}

pub fn rt_sigqueueinfo(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let info = read_siginfo(ctx, a[2])?;
    // SAFETY: integers and a 128-byte siginfo local; the host kernel applies the
    // permission rules (si_code >= 0 only to ourselves).
    unsafe { crate::sys::raw(libc::SYS_rt_sigqueueinfo, [a[0], a[1], info.as_ptr() as u64, 0, 0, 0]) }
}

pub fn rt_tgsigqueueinfo(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let info = read_siginfo(ctx, a[3])?;
    // SAFETY: as for rt_sigqueueinfo.
    unsafe { crate::sys::raw(libc::SYS_rt_tgsigqueueinfo, [a[0], a[1], a[2], info.as_ptr() as u64, 0, 0]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    /// A guest `struct sigaction` (32 bytes).
    fn sigaction(handler: u64, flags: u64, restorer: u64, mask: u64) -> [u64; 4] {
        [handler, flags, restorer, mask]
    }

    #[test]
    fn sigaction_round_trips_and_applies_ignore_to_the_host() {
        let mut g = Guest::new();
        let sig = libc::SIGUSR2 as u64;
        let new = sigaction(SIG_IGN, 0x0400_0000 | 0x400, 0x4000, bit(libc::SIGKILL) | bit(libc::SIGUSR1));
        let mut old = [0xffu64; 4];
        assert_eq!(g.call("rt_sigaction", &[sig, new.as_ptr() as u64, old.as_mut_ptr() as u64, 8]), 0);
        assert_eq!(old, [0, 0, 0, 0], "SIG_DFL before");
        assert_eq!(host::sigaction_get(libc::SIGUSR2).unwrap().handler, host::SIG_IGN);
        assert_eq!(g.call("rt_sigaction", &[sig, 0, old.as_mut_ptr() as u64, 8]), 0);
        // SA_UNSUPPORTED (0x400) dropped, SIGKILL removed from the mask.
        assert_eq!(old, sigaction(SIG_IGN, 0x0400_0000, 0x4000, bit(libc::SIGUSR1)));
        let dfl = sigaction(0, 0, 0, 0);
        assert_eq!(g.call("rt_sigaction", &[sig, dfl.as_ptr() as u64, 0, 8]), 0);
        assert_eq!(host::sigaction_get(libc::SIGUSR2).unwrap().handler, host::SIG_DFL);
        // Errors, in the kernel's order.
        assert_eq!(g.call("rt_sigaction", &[sig, new.as_ptr() as u64, 0, 16]), -(libc::EINVAL as i64));
        assert_eq!(g.call("rt_sigaction", &[sig, 8, 0, 8]), -(libc::EFAULT as i64));
        assert_eq!(g.call("rt_sigaction", &[libc::SIGKILL as u64, new.as_ptr() as u64, 0, 8]), -(libc::EINVAL as i64));
        assert_eq!(g.call("rt_sigaction", &[65, 0, old.as_mut_ptr() as u64, 8]), -(libc::EINVAL as i64));
        assert_eq!(g.call("rt_sigaction", &[libc::SIGKILL as u64, 0, old.as_mut_ptr() as u64, 8]), 0);
    }

    #[test]
    fn guest_cannot_take_over_sigsegv_on_the_host() {
        let mut g = Guest::new();
        let before = host::sigaction_get(libc::SIGSEGV).unwrap().handler;
        assert_ne!(before, host::SIG_DFL, "crossrun_memory's handler is installed");
        let ign = sigaction(SIG_IGN, 0, 0, 0);
        assert_eq!(g.call("rt_sigaction", &[libc::SIGSEGV as u64, ign.as_ptr() as u64, 0, 8]), 0);
        assert_eq!(host::sigaction_get(libc::SIGSEGV).unwrap().handler, before);
        let mut old = [0u64; 4];
        assert_eq!(g.call("rt_sigaction", &[libc::SIGSEGV as u64, 0, old.as_mut_ptr() as u64, 8]), 0);
        assert_eq!(old[0], SIG_IGN, "the guest still sees what it set");
        // Blocking SIGSEGV is recorded for the guest but not done on the host.
        let set = bit(libc::SIGSEGV) | bit(libc::SIGUSR1);
        assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_BLOCK as u64, &set as *const u64 as u64, 0, 8]), 0);
        let host_mask = host::sigprocmask(libc::SIG_BLOCK, None).unwrap();
        assert_eq!(host_mask & bit(libc::SIGSEGV), 0);
        assert_ne!(host_mask & bit(libc::SIGUSR1), 0);
        assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_UNBLOCK as u64, &set as *const u64 as u64, 0, 8]), 0);
    }

    #[test]
    fn sigprocmask_blocks_on_the_host_and_reports_the_guest_mask() {
        let mut g = Guest::new();
        let start = g.thread.sigmask;
        let set = bit(libc::SIGUSR1) | bit(libc::SIGKILL);
        let mut old = 0xdeadu64;
        assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_BLOCK as u64, &set as *const u64 as u64, &mut old as *mut u64 as u64, 8]), 0);
        assert_eq!(old, start);
        assert_eq!(g.thread.sigmask, start | bit(libc::SIGUSR1), "SIGKILL cannot be blocked");
        assert_ne!(host::sigprocmask(libc::SIG_BLOCK, None).unwrap() & bit(libc::SIGUSR1), 0);
        // A blocked signal sent to ourselves stays pending, and rt_sigpending shows it.
        assert_eq!(g.call("tgkill", &[std::process::id() as u64, host::gettid() as u64, libc::SIGUSR1 as u64]), 0);
        let mut pending = 0u64;
        assert_eq!(g.call("rt_sigpending", &[&mut pending as *mut u64 as u64, 8]), 0);
        assert_ne!(pending & bit(libc::SIGUSR1), 0);
        // Swallow it before unblocking, so the test thread does not die.
        let ign = sigaction(SIG_IGN, 0, 0, 0);
        assert_eq!(g.call("rt_sigaction", &[libc::SIGUSR1 as u64, ign.as_ptr() as u64, 0, 8]), 0);
        assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_SETMASK as u64, &start as *const u64 as u64, 0, 8]), 0);
        assert_eq!(host::sigprocmask(libc::SIG_BLOCK, None).unwrap() & bit(libc::SIGUSR1), 0);
        assert_eq!(g.call("rt_sigprocmask", &[7, &start as *const u64 as u64, 0, 8]), -(libc::EINVAL as i64));
        assert_eq!(g.call("rt_sigprocmask", &[0, 8, 0, 8]), -(libc::EFAULT as i64));
        assert_eq!(g.call("rt_sigprocmask", &[0, 0, 0, 4]), -(libc::EINVAL as i64));
    }

    #[test]
    fn sigaltstack_bookkeeping() {
        let mut g = Guest::new();
        let mut old = [0xffu64; 3];
        assert_eq!(g.call("sigaltstack", &[0, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old, [0, SS_DISABLE as u64, 0]);
        let small = [0x10_0000u64, 0, 4096];
        assert_eq!(g.call("sigaltstack", &[small.as_ptr() as u64, 0]), -(libc::ENOMEM as i64), "below arm64 MINSIGSTKSZ");
        let ok = [0x10_0000u64, 0, 5120];
        assert_eq!(g.call("sigaltstack", &[ok.as_ptr() as u64, 0]), 0);
        assert_eq!(g.call("sigaltstack", &[0, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old, [0x10_0000, 0, 5120]);
        g.cpu.x[31] = 0x10_0100;
        assert_eq!(g.call("sigaltstack", &[0, old.as_mut_ptr() as u64]), 0);
        assert_eq!(old[1], SS_ONSTACK as u64);
        assert_eq!(g.call("sigaltstack", &[ok.as_ptr() as u64, 0]), -(libc::EPERM as i64));
        g.cpu.x[31] = 0;
        let bad = [0u64, 7, 0];
        assert_eq!(g.call("sigaltstack", &[bad.as_ptr() as u64, 0]), -(libc::EINVAL as i64));
        let off = [0u64, SS_DISABLE as u64, 0];
        assert_eq!(g.call("sigaltstack", &[off.as_ptr() as u64, 0]), 0);
        assert_eq!(g.thread.altstack.size, 0);
    }

    #[test]
    fn self_sent_fatal_signal_stops_the_guest() {
        let mut g = Guest::new();
        let stop = g.call_raw("tgkill", &[std::process::id() as u64, host::gettid() as u64, libc::SIGABRT as u64]);
        match stop {
            Some(crate::dispatch::Stop::Fatal(f)) => assert_eq!(f.sig, libc::SIGABRT),
            other => panic!("{other:?}"),
        }
        // SIGSEGV sent to itself is fatal too, although the host handler would swallow it.
        let stop = g.call_raw("kill", &[std::process::id() as u64, libc::SIGSEGV as u64]);
        assert!(matches!(stop, Some(crate::dispatch::Stop::Fatal(f)) if f.sig == libc::SIGSEGV));
        // Signals whose default is to be ignored are harmless.
        assert_eq!(g.call("tkill", &[host::gettid() as u64, libc::SIGWINCH as u64]), 0);
        // Signal 0 only checks.
        assert_eq!(g.call("kill", &[std::process::id() as u64, 0]), 0);
    }
}
