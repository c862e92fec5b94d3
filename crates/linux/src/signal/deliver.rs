//! Delivering a signal to a guest handler, as the kernel's generic signal code does
//! (get_signal, handle_signal, sigaltstack rules), and `rt_sigreturn`. The frame itself is
//! the guest's ([`crate::signal::SignalArch`]).

use super::pending;
use super::siginfo::SigInfo;
use super::{FrameRequest, Restore, Restored};
use crate::abi::layout::{SigAction, SigStack};
use crate::abi::Interrupted;
use crate::arch::{si_code::SEGV_MAPERR, FaultCause};
use crate::fatal::FatalSignal;
use crate::process::{Process, ThreadState};
use crate::sys::signal::{self as sig, bit, Disposition, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK};
use crossrun_ir::CpuState;
use crossrun_memory::space::MapRequest;
use crossrun_memory::Protection;

pub const SA_SIGINFO: u64 = 0x4;
pub const SA_RESTORER: u64 = 0x0400_0000;
pub const SA_ONSTACK: u64 = 0x0800_0000;
pub const SA_RESTART: u64 = 0x1000_0000;
pub const SA_NODEFER: u64 = 0x4000_0000;
pub const SA_RESETHAND: u64 = 0x8000_0000;

const EINTR: u64 = (-(libc::EINTR as i64)) as u64;

/// One signal to deliver: what the handler sees in its siginfo and frame.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub info: SigInfo,
    /// The fault that raised it and the faulting address, for the frame's fault records.
    pub fault: Option<(FaultCause, u64)>,
}

/// The guest page holding the guest's sigreturn trampoline, for handlers installed
/// without SA_RESTORER (the kernel would use the vDSO's sigtramp; crossrun has no vDSO).
/// Mapped on first use, read+exec, owned by the guest space.
fn trampoline(process: &Process) -> Option<u64> {
    *process.trampoline.get_or_init(|| {
        let mut space = process.space();
        let req = MapRequest {
            addr: 0,
            len: crossrun_memory::PAGE_SIZE,
            prot: Protection::RW,
            flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            fd: -1,
            offset: 0,
        };
        let addr = space.map(req).ok()?;
        crate::guest::write(addr, process.arch().signals.trampoline).ok()?;
        space.protect(addr, crossrun_memory::PAGE_SIZE, Protection::RX).ok()?;
        Some(addr)
    })
}

/// Whether the kernel restarts this interrupted call for an SA_RESTART handler (it
/// returned -ERESTARTSYS), per the call's table row (signal(7) and the kernel sources);
/// everything else (sleeps, poll/select, sigsuspend, sigtimedwait, futex waits with a
/// timeout...) fails with EINTR.
fn restartable(how: Interrupted, args: &[u64; 6]) -> bool {
    const FUTEX_CMD_MASK: u64 = 0x7f;
    match how {
        Interrupted::Restart => true,
        // FUTEX_WAIT / FUTEX_WAIT_BITSET without a timeout.
        Interrupted::RestartFutexWait => matches!(args[1] & FUTEX_CMD_MASK, 0 | 9) && args[3] == 0,
        Interrupted::Eintr | Interrupted::AlwaysEintr | Interrupted::NotACall => false,
    }
}

impl Process {
    /// What happens to signal `signo` now, decided as the kernel's get_signal does: the
    /// action is read once, under the table's lock, and if it is a handler with
    /// SA_RESETHAND the reset happens under the same lock. Deciding from one read and
    /// delivering from another would let a thread that changes the action in between
    /// (to SIG_IGN, whose "address" is 1) send the guest to a bogus handler address.
    pub(crate) fn take_action(&self, signo: i32) -> (Disposition, SigAction) {
        let mut table = self.signals.lock().unwrap_or_else(|e| e.into_inner());
        let disposition = table.disposition(signo);
        let action = table.action(signo);
        if matches!(disposition, Disposition::Handler(_)) && action.flags & SA_RESETHAND != 0 {
            table.reset_to_default(signo);
        }
        (disposition, action)
    }

    /// Runs the guest handler `action` (a `Disposition::Handler` from
    /// [`Process::take_action`]) for `d` in `cpu`: builds the frame on the right stack,
    /// points the registers at the handler and updates the mask. The caller has checked
    /// that the signal is not blocked.
    pub(crate) fn deliver(&self, thread: &mut ThreadState, cpu: &mut CpuState, d: &Delivery, action: &SigAction) -> Result<(), FatalSignal> {
        let arch = self.arch();
        let signo = d.info.signo();
        let sp = arch.stack_pointer(cpu);
        let alt = thread.altstack;
        let on_alt = sig::on_alt_stack(&alt, sp);
        let saved_stack = SigStack {
            sp: alt.sp,
            size: alt.size,
            flags: alt.flags | if alt.size == 0 { SS_DISABLE } else if on_alt { SS_ONSTACK } else { 0 },
        };
        let mut top = sp;
        if action.flags & SA_ONSTACK != 0 && alt.size != 0 && !on_alt {
            top = alt.sp.wrapping_add(alt.size);
        }
        if alt.flags & SS_AUTODISARM != 0 {
            thread.altstack = SigStack { sp: 0, size: 0, flags: 0 };
        }
        let mask = thread.saved_sigmask.take().unwrap_or(thread.sigmask);
        let restorer = if arch.signals.sa_restorer && action.flags & SA_RESTORER != 0 { Some(action.restorer) } else { trampoline(self) };
        let info = d.info.to_guest(&arch.abi.layouts.siginfo);
        let req = FrameRequest {
            top,
            signo,
            info: &info,
            sa_siginfo: action.flags & SA_SIGINFO != 0,
            sigmask: mask,
            altstack: saved_stack,
            fault: d.fault,
            handler: action.handler,
            restorer: restorer.unwrap_or(0),
            trampoline: !(arch.signals.sa_restorer && action.flags & SA_RESTORER != 0),
        };
        let written = match restorer {
            Some(_) => (arch.signals.setup)(cpu, &req).map_err(|b| b.addr),
            None => Err(top),
        };
        if let Err(frame_at) = written {
            // The kernel's force_sigsegv: the frame cannot be written (e.g. the stack
            // overflowed and there is no alternate stack).
            return Err(FatalSignal {
                sig: libc::SIGSEGV,
                code: SEGV_MAPERR,
                addr: frame_at,
                pc: cpu.pc,
                detail: format!(
                    "no room for the {} frame at {frame_at:#x}",
                    crate::strace::signal_name(signo)
                ),
            });
        }
        let mut blocked = thread.sigmask | action.mask;
        if action.flags & SA_NODEFER == 0 {
            blocked |= bit(signo);
        }
        thread.sigmask = sig::blockable(blocked);
        sig::sync_host_mask(thread.sigmask);
        Ok(())
    }

    /// Delivers the signal of a fault or trap of the instruction at `cpu.pc` (`addr` is
    /// the faulting address, or the pc), or returns it as fatal when the guest has no
    /// handler or blocks it (the kernel then forces the default action).
    pub(crate) fn deliver_fault(&self, thread: &mut ThreadState, cpu: &mut CpuState, cause: FaultCause, addr: u64) -> Result<(), FatalSignal> {
        let f = FatalSignal::from_fault(self.arch(), cause, addr, cpu.pc);
        if thread.sigmask & bit(f.sig) != 0 {
            return Err(f);
        }
        match self.take_action(f.sig) {
            (Disposition::Handler(_), action) => {
                let d = Delivery { info: SigInfo::fault(f.sig, f.code, f.addr), fault: Some((cause, addr)) };
                self.deliver(thread, cpu, &d, &action)
            }
            _ => Err(f),
        }
    }

    /// Delivers every signal recorded for this thread that its mask lets through
    /// (lowest number first, each handler's frame on top of the previous one, as the
    /// kernel does before returning to user mode). Recorded signals the mask now blocks
    /// go back to the host kernel to stay pending there.
    pub(crate) fn deliver_recorded(&self, thread: &mut ThreadState, cpu: &mut CpuState) -> Result<(), FatalSignal> {
        // The common case after every system call: nothing to do, no host call.
        if pending::recorded() == 0 {
            return Ok(());
        }
        loop {
            let rec = pending::recorded();
            if rec == 0 {
                break;
            }
            for s in 1..=64 {
                if rec & thread.sigmask & bit(s) != 0 {
                    if let Some(info) = pending::take(s) {
                        // A blocked SIGSEGV/SIGBUS cannot wait on the host (crossrun
                        // needs them unblocked): it is dropped.
                        if !sig::crossrun_owns(s) {
                            pending::requeue(s, &info);
                        }
                    }
                }
            }
            let deliverable = rec & !thread.sigmask;
            if deliverable == 0 {
                continue;
            }
            let s = deliverable.trailing_zeros() as i32 + 1;
            let Some(raw) = pending::take(s) else { continue };
            if self.debugger().is_some_and(|d| !d.signal(cpu, s)) {
                continue;
            }
            let info = SigInfo::from_host(&raw);
            match self.take_action(s) {
                (Disposition::Handler(_), action) => {
                    let d = Delivery { info, fault: None };
                    self.deliver(thread, cpu, &d, &action)?;
                }
                (Disposition::Ignore, _) => {}
                (Disposition::Default, _) if sig::default_kills(s) => return Err(FatalSignal::received(s, cpu.pc)),
                (Disposition::Default, _) => {}
            }
        }
        sig::sync_host_mask(thread.sigmask);
        Ok(())
    }

    /// After a system call: if it was interrupted by a signal, restart it or make it fail
    /// with EINTR as the kernel would, then deliver. `nr` and `args` are the call's number
    /// and arguments as they were on entry, `how` its table row's restart rule.
    pub(crate) fn after_syscall(&self, thread: &mut ThreadState, cpu: &mut CpuState, nr: u64, args: &[u64; 6], how: Interrupted) -> Result<(), FatalSignal> {
        let ready = pending::recorded() & !thread.sigmask;
        let skipped = pending::take_skipped();
        // rt_sigreturn's "result" is the restored return register, never a call to
        // restart (the kernel forgets the syscall number in sigreturn for the same
        // reason).
        let abi = self.abi();
        if ready != 0 && (abi.result)(cpu) == EINTR && how != Interrupted::NotACall {
            let s = ready.trailing_zeros() as i32 + 1;
            let action = self.signals.lock().unwrap_or_else(|e| e.into_inner()).action(s);
            let restart = match action.handler {
                0 | 1 => true,
                // The host call never started, so the signal came before the guest's
                // call, which the kernel would then have made normally: even calls that
                // never fail with EINTR (FUTEX_WAKE: the Go runtime aborts on that)
                // run again. Except rt_sigsuspend, whose own new mask let the signal
                // in, and which must return EINTR.
                _ if skipped && how != Interrupted::AlwaysEintr => true,
                _ => action.flags & SA_RESTART != 0 && restartable(how, args),
            };
            if restart {
                // Back to the system call instruction, with the arguments it had, as
                // the kernel's restart does (the result overwrote the first).
                cpu.pc = cpu.pc.wrapping_sub((self.arch().syscall_insn_len)(cpu));
                (abi.set_syscall)(cpu, nr, args);
            }
        }
        self.deliver_recorded(thread, cpu)?;
        if let Some(m) = thread.saved_sigmask.take() {
            // rt_sigsuspend returned without a handler to restore its mask for it.
            thread.sigmask = m;
            sig::sync_host_mask(m);
        }
        Ok(())
    }

    /// rt_sigreturn: restores what [`Process::deliver`] saved. Err: a bad frame (the
    /// guest gets SIGSEGV). Returns the restored return register, which the dispatcher
    /// writes back as the call's "result".
    pub(crate) fn sigreturn(&self, thread: &mut ThreadState, cpu: &mut CpuState, minsigstksz: u64) -> Result<u64, FatalSignal> {
        self.sigreturn_with(thread, cpu, minsigstksz, self.arch().signals.restore)
    }

    /// A sigreturn whose frame `restore` reads (a guest with several kinds of frame has a
    /// sigreturn call for each).
    pub(crate) fn sigreturn_with(&self, thread: &mut ThreadState, cpu: &mut CpuState, minsigstksz: u64, restore: Restore) -> Result<u64, FatalSignal> {
        let arch = self.arch();
        let Restored { sigmask, altstack } = restore(cpu).map_err(|b| FatalSignal {
            sig: libc::SIGSEGV,
            code: SEGV_MAPERR,
            addr: b.addr,
            pc: cpu.pc,
            detail: format!("bad signal frame at {:#x} (sigreturn)", b.addr),
        })?;
        thread.sigmask = sig::blockable(sigmask);
        sig::sync_host_mask(thread.sigmask);
        // restore_altstack: a sigaltstack() call whose failure (other than EFAULT) is
        // ignored; it fails when the restored sp is on the current alternate stack.
        if let Some(st) = altstack.filter(|_| !sig::on_alt_stack(&thread.altstack, arch.stack_pointer(cpu))) {
            let mode = st.flags & !SS_AUTODISARM;
            if mode == SS_DISABLE {
                thread.altstack = SigStack { sp: 0, size: 0, flags: st.flags & SS_AUTODISARM };
            } else if (mode == 0 || mode == SS_ONSTACK) && st.size >= minsigstksz {
                thread.altstack = SigStack { sp: st.sp, size: st.size, flags: st.flags & SS_AUTODISARM };
            }
        }
        Ok((self.abi().result)(cpu))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::test_arch;

    #[test]
    fn restart_rules() {
        let how = |name: &str| test_arch().abi.syscalls.iter().find(|d| d.name == name).unwrap().interrupted;
        let no = [0u64; 6];
        assert!(restartable(how("read"), &no));
        assert!(!restartable(how("nanosleep"), &no));
        assert!(!restartable(how("rt_sigsuspend"), &no));
        assert_eq!(how("rt_sigsuspend"), Interrupted::AlwaysEintr);
        assert_eq!(how("rt_sigreturn"), Interrupted::NotACall);
        assert!(restartable(how("futex"), &[0, 128, 0, 0, 0, 0]));
        assert!(!restartable(how("futex"), &[0, 128, 0, 0x1000, 0, 0]), "with a timeout");
    }
}
