//! Delivering a signal to a guest handler, as arch/arm64/kernel/signal.c does, and
//! `rt_sigreturn`.

use super::frame::{self, Frame, Saved, FRAME_RECORD_SIZE, FRAME_SIZE};
use super::pending;
use super::siginfo::SigInfo;
use crate::abi::layout::{SigAction, SigStack};
use crate::fatal::{FatalSignal, SEGV_MAPERR};
use crate::process::{Process, ThreadState};
use crate::sys::signal::{self as sig, bit, Disposition, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK};
use crossrun_ir::CpuState;
use crossrun_memory::space::MapRequest;
use crossrun_memory::Protection;
use std::sync::OnceLock;
use syscalls::aarch64::Sysno;

pub const SA_SIGINFO: u64 = 0x4;
pub const SA_RESTORER: u64 = 0x0400_0000;
pub const SA_ONSTACK: u64 = 0x0800_0000;
pub const SA_RESTART: u64 = 0x1000_0000;
pub const SA_NODEFER: u64 = 0x4000_0000;
pub const SA_RESETHAND: u64 = 0x8000_0000;

const EINTR: u64 = (-(libc::EINTR as i64)) as u64;

/// One signal to deliver: what the handler sees in its siginfo and sigcontext.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub info: SigInfo,
    /// sigcontext.fault_address (the FAR for data and instruction aborts, else 0).
    pub fault_address: u64,
    /// ESR_EL1 of a fault, for the frame's esr_context.
    pub esr: Option<u64>,
}

/// `mov x8, #139` (rt_sigreturn); `svc #0`: the vDSO's `__kernel_rt_sigreturn`.
const TRAMPOLINE_CODE: [u32; 2] = [0xd280_1168, 0xd400_0001];

/// The guest page holding [`TRAMPOLINE_CODE`], for handlers installed without
/// SA_RESTORER (the kernel would use the vDSO's sigtramp; crossrun has no vDSO). Mapped
/// on first use, read+exec, owned by the guest space.
fn trampoline(process: &Process) -> Option<u64> {
    static ADDR: OnceLock<Option<u64>> = OnceLock::new();
    *ADDR.get_or_init(|| {
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
        for (i, w) in TRAMPOLINE_CODE.iter().enumerate() {
            crate::guest::write_u32(addr + 4 * i as u64, *w).ok()?;
        }
        space.protect(addr, crossrun_memory::PAGE_SIZE, Protection::RX).ok()?;
        Some(addr)
    })
}

/// Whether the kernel restarts this interrupted call for an SA_RESTART handler (it
/// returned -ERESTARTSYS), per signal(7) and the kernel sources; everything else
/// (sleeps, poll/select, sigsuspend, sigtimedwait, futex waits with a timeout...) fails
/// with EINTR.
fn restartable(nr: u64, args: &[u64; 6]) -> bool {
    const FUTEX_CMD_MASK: u64 = 0x7f;
    let Some(s) = usize::try_from(nr).ok().and_then(Sysno::new) else { return false };
    match s {
        Sysno::read
        | Sysno::write
        | Sysno::readv
        | Sysno::writev
        | Sysno::pread64
        | Sysno::pwrite64
        | Sysno::preadv
        | Sysno::pwritev
        | Sysno::preadv2
        | Sysno::pwritev2
        | Sysno::ioctl
        | Sysno::openat
        | Sysno::wait4
        | Sysno::waitid
        | Sysno::flock
        | Sysno::fcntl
        | Sysno::accept
        | Sysno::accept4
        | Sysno::connect
        | Sysno::recvfrom
        | Sysno::sendto
        | Sysno::recvmsg
        | Sysno::sendmsg
        | Sysno::getrandom
        | Sysno::sendfile
        | Sysno::splice
        | Sysno::copy_file_range => true,
        // FUTEX_WAIT / FUTEX_WAIT_BITSET without a timeout.
        Sysno::futex => matches!(args[1] & FUTEX_CMD_MASK, 0 | 9) && args[3] == 0,
        _ => false,
    }
}

impl Process {
    /// What happens to signal `signo` now, decided as the kernel's get_signal does: the
    /// action is read once, under the table's lock, and if it is a handler with
    /// SA_RESETHAND the reset happens under the same lock. Deciding from one read and
    /// delivering from another would let a thread that changes the action in between
    /// (to SIG_IGN, whose "address" is 1) send the guest to a bogus handler address.
    fn take_action(&self, signo: i32) -> (Disposition, SigAction) {
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
        let signo = d.info.signo();
        let sp = cpu.x[31];
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
        let record_at = top.wrapping_sub(FRAME_RECORD_SIZE as u64) & !15;
        let frame_at = record_at.wrapping_sub(FRAME_SIZE as u64);
        let mask = thread.saved_sigmask.take().unwrap_or(thread.sigmask);
        let saved = Saved::from_cpu(cpu, mask, saved_stack);
        let f = Frame {
            info: (action.flags & SA_SIGINFO != 0).then_some(d.info.0),
            saved,
            fault_address: d.fault_address,
            esr: d.esr,
        };
        let restorer = if action.flags & SA_RESTORER != 0 { Some(action.restorer) } else { trampoline(self) };
        let written = restorer.is_some() && f.write(frame_at, [cpu.x[29], cpu.x[30]]).is_ok();
        if !written {
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
        cpu.x[0] = signo as u64;
        if action.flags & SA_SIGINFO != 0 {
            cpu.x[1] = frame_at + frame::SIGINFO as u64;
            cpu.x[2] = frame_at + frame::UC as u64;
        }
        cpu.x[31] = frame_at;
        cpu.x[29] = record_at;
        cpu.x[30] = restorer.unwrap_or(0);
        cpu.pc = action.handler;
        cpu.monitor.valid = false;
        let mut blocked = thread.sigmask | action.mask;
        if action.flags & SA_NODEFER == 0 {
            blocked |= bit(signo);
        }
        thread.sigmask = sig::blockable(blocked);
        sig::sync_host_mask(thread.sigmask);
        Ok(())
    }

    /// Delivers a synchronous signal (a fault or trap of the instruction at `cpu.pc`), or
    /// returns it as fatal when the guest has no handler or blocks it (the kernel then
    /// forces the default action).
    pub(crate) fn deliver_sync(&self, thread: &mut ThreadState, cpu: &mut CpuState, f: FatalSignal, fault_address: u64, esr: Option<u64>) -> Result<(), FatalSignal> {
        if thread.sigmask & bit(f.sig) != 0 {
            return Err(f);
        }
        match self.take_action(f.sig) {
            (Disposition::Handler(_), action) => {
                let d = Delivery { info: SigInfo::fault(f.sig, f.code, f.addr), fault_address, esr };
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
                    let d = Delivery { info, fault_address: 0, esr: None };
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
    /// with EINTR as the kernel would, then deliver. `nr` and `x0` are the call's number
    /// and first argument as they were on entry.
    pub(crate) fn after_syscall(&self, thread: &mut ThreadState, cpu: &mut CpuState, nr: u64, args: &[u64; 6]) -> Result<(), FatalSignal> {
        let ready = pending::recorded() & !thread.sigmask;
        let skipped = pending::take_skipped();
        // rt_sigreturn's "result" is the restored x0, never a call to restart (the
        // kernel forgets the syscall number in sigreturn for the same reason).
        if ready != 0 && cpu.x[0] == EINTR && nr != Sysno::rt_sigreturn as u64 {
            let s = ready.trailing_zeros() as i32 + 1;
            let action = self.signals.lock().unwrap_or_else(|e| e.into_inner()).action(s);
            let restart = match action.handler {
                0 | 1 => true,
                // The host call never started, so the signal came before the guest's
                // call, which the kernel would then have made normally: even calls that
                // never fail with EINTR (FUTEX_WAKE: the Go runtime aborts on that)
                // run again. Except rt_sigsuspend, whose own new mask let the signal
                // in, and which must return EINTR.
                _ if skipped && nr != Sysno::rt_sigsuspend as u64 => true,
                _ => action.flags & SA_RESTART != 0 && restartable(nr, args),
            };
            if restart {
                // Back to the `svc`, with the original first argument, as the kernel's
                // restart does (x0 was overwritten by the result).
                cpu.pc = cpu.pc.wrapping_sub(4);
                cpu.x[0] = args[0];
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
    /// guest gets SIGSEGV).
    pub(crate) fn sigreturn(&self, thread: &mut ThreadState, cpu: &mut CpuState, minsigstksz: u64) -> Result<u64, FatalSignal> {
        let at = cpu.x[31];
        let bad = |pc| FatalSignal {
            sig: libc::SIGSEGV,
            code: SEGV_MAPERR,
            addr: at,
            pc,
            detail: format!("bad signal frame at {at:#x} (rt_sigreturn)"),
        };
        if at % 16 != 0 {
            return Err(bad(cpu.pc));
        }
        let saved = frame::read(at).map_err(|_| bad(cpu.pc))?;
        saved.restore_cpu(cpu);
        thread.sigmask = sig::blockable(saved.sigmask);
        sig::sync_host_mask(thread.sigmask);
        // restore_altstack: a sigaltstack() call whose failure (other than EFAULT) is
        // ignored; it fails when the restored sp is on the current alternate stack.
        let st = saved.altstack;
        if !sig::on_alt_stack(&thread.altstack, cpu.x[31]) {
            let mode = st.flags & !SS_AUTODISARM;
            if mode == SS_DISABLE {
                thread.altstack = SigStack { sp: 0, size: 0, flags: st.flags & SS_AUTODISARM };
            } else if (mode == 0 || mode == SS_ONSTACK) && st.size >= minsigstksz {
                thread.altstack = SigStack { sp: st.sp, size: st.size, flags: st.flags & SS_AUTODISARM };
            }
        }
        Ok(cpu.x[0])
    }
}

/// ESR_EL1 values the kernel would report for a fault (arm64 ESR encoding: EC in bits
/// 31:26, IL bit 25).
pub mod esr {
    const IL: u64 = 1 << 25;
    /// A data abort from EL0: translation fault (level 3) when nothing is mapped, else a
    /// permission fault (level 3); WnR for writes.
    pub fn data_abort(write: bool, mapped: bool) -> u64 {
        (0x24 << 26) | IL | if write { 1 << 6 } else { 0 } | if mapped { 0x0f } else { 0x07 }
    }

    /// An external abort (what a SIGBUS from a truncated file mapping reports).
    pub fn bus_error(write: bool) -> u64 {
        (0x24 << 26) | IL | if write { 1 << 6 } else { 0 } | 0x10
    }

    /// An instruction abort from EL0 (translation fault, level 3).
    pub fn instruction_abort() -> u64 {
        (0x20 << 26) | IL | 0x07
    }

    /// BRK #imm.
    pub fn brk(imm: u16) -> u64 {
        (0x3c << 26) | IL | imm as u64
    }

    /// PC alignment fault.
    pub fn pc_alignment() -> u64 {
        (0x22 << 26) | IL
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signal::frame::{MC_PC, MC_REGS, UC_SIGMASK};
    use crate::testutil::Guest;
    use syscalls::aarch64::Sysno;

    /// A real-time signal no other test uses.
    const SIG: i32 = 40;

    fn install(g: &mut Guest, handler: u64, flags: u64, mask: u64) {
        let act = [handler, flags, 0x5000, mask];
        assert_eq!(g.call(Sysno::rt_sigaction, &[SIG as u64, act.as_ptr() as u64, 0, 8]), 0);
    }

    fn sample_cpu(stack_top: u64) -> CpuState {
        let mut cpu = CpuState::default();
        for i in 0..31 {
            cpu.x[i] = 0xa000 + i as u64;
        }
        for i in 0..32 {
            cpu.v[i] = 0x1111_2222_3333_4444_5555_6666_7777_0000 + i as u128;
        }
        cpu.x[31] = stack_top;
        cpu.pc = 0x40_0000;
        cpu.nzcv = 0x6000_0000;
        cpu.fpsr = 0x10;
        cpu.fpcr = 0x0040_0000;
        cpu
    }

    #[test]
    fn delivery_builds_the_frame_and_sigreturn_restores_everything() {
        let mut g = Guest::new();
        let stack = vec![0u8; 64 << 10];
        let top = (stack.as_ptr() as u64 + stack.len() as u64) & !15;
        install(&mut g, 0x41_0000, SA_SIGINFO | SA_RESTORER, bit(libc::SIGUSR2));
        g.cpu = sample_cpu(top - 8); // an unaligned sp: the frame is still aligned
        let before = g.cpu.clone();
        let mask_before = g.thread.sigmask;
        let info = SigInfo::sent(SIG, crate::signal::siginfo::SI_QUEUE);
        let d = Delivery { info, fault_address: 0, esr: None };
        let (_, action) = g.process.take_action(SIG);
        g.process.deliver(&mut g.thread, &mut g.cpu, &d, &action).unwrap();
        let frame_at = g.cpu.x[31];
        assert_eq!(frame_at % 16, 0);
        assert_eq!(g.cpu.x[29], frame_at + FRAME_SIZE as u64, "x29 = the frame record, right above");
        assert!(g.cpu.x[29] + 16 <= top - 8);
        assert_eq!((g.cpu.x[0], g.cpu.x[1], g.cpu.x[2]), (SIG as u64, frame_at, frame_at + 128));
        assert_eq!((g.cpu.x[30], g.cpu.pc), (0x5000, 0x41_0000));
        assert_eq!(g.thread.sigmask, mask_before | bit(SIG) | bit(libc::SIGUSR2));
        // The frame, read back at the kernel's offsets.
        let rd = |off: usize| crate::guest::read_u64(frame_at + off as u64).unwrap();
        assert_eq!(rd(MC_PC), 0x40_0000);
        assert_eq!(rd(MC_REGS + 8 * 7), 0xa007);
        assert_eq!(rd(UC_SIGMASK), mask_before);
        assert_eq!(rd(FRAME_SIZE), 0xa000 + 29, "frame record: fp");
        assert_eq!(rd(FRAME_SIZE + 8), 0xa000 + 30, "frame record: lr");
        assert_eq!(crate::guest::read_u32(frame_at).unwrap(), SIG as u32, "si_signo");
        // The handler scribbles over everything, then returns through rt_sigreturn.
        for i in 0..31 {
            g.cpu.x[i] = 0xdead;
        }
        g.cpu.v = [7; 32];
        g.cpu.nzcv = 0;
        g.cpu.fpsr = 0;
        g.cpu.fpcr = 0;
        let r = g.call(Sysno::rt_sigreturn, &[]);
        assert_eq!(r as u64, before.x[0]);
        // Every register comes back, x8 (which held rt_sigreturn's number) included.
        let (after, expect) = (g.cpu.clone(), before.clone());
        assert_eq!(after.x, expect.x);
        assert_eq!(after.v, expect.v);
        assert_eq!((after.pc, after.nzcv, after.fpsr, after.fpcr), (expect.pc, expect.nzcv, expect.fpsr, expect.fpcr));
        assert_eq!(g.thread.sigmask, mask_before);
    }

    #[test]
    fn sigreturn_with_a_bad_frame_is_a_fatal_sigsegv() {
        let mut g = Guest::new();
        g.cpu.x[31] = 8; // unreadable
        let stop = g.call_raw(Sysno::rt_sigreturn as u64, &[]);
        assert!(matches!(stop, Some(crate::dispatch::Stop::Fatal(f)) if f.sig == libc::SIGSEGV));
        g.cpu.x[31] = 0x1008; // misaligned
        assert!(matches!(g.call_raw(Sysno::rt_sigreturn as u64, &[]), Some(crate::dispatch::Stop::Fatal(_))));
    }

    #[test]
    fn altstack_onstack_nodefer_resethand() {
        let mut g = Guest::new();
        let alt = vec![0u8; 16 << 10];
        let ss = [alt.as_ptr() as u64, 0, alt.len() as u64];
        assert_eq!(g.call(Sysno::sigaltstack, &[ss.as_ptr() as u64, 0]), 0);
        install(&mut g, 0x42_0000, SA_ONSTACK | SA_NODEFER | SA_RESETHAND | SA_RESTORER, 0);
        let stack = vec![0u8; 16 << 10];
        g.cpu = sample_cpu((stack.as_ptr() as u64 + stack.len() as u64) & !15);
        let mask_before = g.thread.sigmask;
        let d = Delivery { info: SigInfo::sent(SIG, 0), fault_address: 0, esr: None };
        let (_, action) = g.process.take_action(SIG);
        g.process.deliver(&mut g.thread, &mut g.cpu, &d, &action).unwrap();
        let sp = g.cpu.x[31];
        assert!(sp >= alt.as_ptr() as u64 && sp < alt.as_ptr() as u64 + alt.len() as u64, "frame on the altstack");
        assert_eq!(g.thread.sigmask, mask_before, "SA_NODEFER: not blocked");
        assert_eq!(g.cpu.x[1], 0xa001, "no SA_SIGINFO: x1 untouched");
        let table = g.process.signals.lock().unwrap();
        assert_eq!(table.disposition(SIG), Disposition::Default, "SA_RESETHAND");
        drop(table);
        // The saved uc_stack says the interrupted code was not on the altstack.
        let flags = crate::guest::read_u32(sp + frame::UC_STACK_FLAGS as u64).unwrap();
        assert_eq!(flags, 0);
    }

    /// A signal recorded just before the call (the window turns the host call away) is,
    /// for the guest, a signal before its `svc`: the handler runs and then the call,
    /// even one the kernel never fails with EINTR and without SA_RESTART.
    #[test]
    fn a_call_the_window_turned_away_runs_again_after_the_handler() {
        let mut g = Guest::new();
        let stack = vec![0u8; 64 << 10];
        let top = (stack.as_ptr() as u64 + stack.len() as u64) & !15;
        install(&mut g, 0x41_0000, SA_SIGINFO | SA_RESTORER, 0);
        g.cpu = sample_cpu(top);
        g.cpu.pc = 0x40_0004; // just past the `svc` at 0x40_0000
        let word = 0u32;
        let args = [&word as *const u32 as u64, 1 | 128, 1, 0, 0, 0]; // FUTEX_WAKE_PRIVATE
        let mut info = [0u8; crate::signal::siginfo::SIZE];
        info[..4].copy_from_slice(&SIG.to_le_bytes());
        pending::record(SIG, &info);
        assert_eq!(g.call(Sysno::futex, &args), -(libc::EINTR as i64));
        g.process.after_syscall(&mut g.thread, &mut g.cpu, Sysno::futex as u64, &args).unwrap();
        assert_eq!(g.cpu.pc, 0x41_0000, "the handler runs");
        let frame_at = g.cpu.x[31];
        let rd = |off: usize| crate::guest::read_u64(frame_at + off as u64).unwrap();
        assert_eq!(rd(MC_PC), 0x40_0000, "and returns to the svc");
        assert_eq!(rd(MC_REGS), args[0], "with the call's first argument back in x0");
        assert_eq!(pending::recorded(), 0);
    }

    #[test]
    fn restart_rules() {
        let no = [0u64; 6];
        assert!(restartable(Sysno::read as u64, &no));
        assert!(!restartable(Sysno::nanosleep as u64, &no));
        assert!(!restartable(Sysno::rt_sigsuspend as u64, &no));
        assert!(restartable(Sysno::futex as u64, &[0, 128, 0, 0, 0, 0]));
        assert!(!restartable(Sysno::futex as u64, &[0, 128, 0, 0x1000, 0, 0]), "with a timeout");
    }
}
