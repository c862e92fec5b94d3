//! The guest dying of a signal.
//!
//! A signal the guest has no handler for (or blocks, for a synchronous fault, which the
//! kernel then forces to its default action) and whose default action terminates ends
//! the process: crossrun prints one line and dies of the same signal, so the parent sees
//! the death it would see natively (e.g. a shell prints "Illegal instruction"), without
//! leaving a core file of crossrun behind. Delivery to handlers is in [`crate::signal`].

use crate::host;
use crate::strace::signal_name;
use crate::arch::{FaultCause, GuestArch};

pub const SI_TKILL: i32 = -6;

/// A signal that is to end the guest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FatalSignal {
    pub sig: i32,
    /// The siginfo `si_code` the kernel would report.
    pub code: i32,
    /// `si_addr` for faults, 0 otherwise.
    pub addr: u64,
    /// Where the guest was.
    pub pc: u64,
    /// The cause, for the message.
    pub detail: String,
}

impl FatalSignal {
    /// The signal a fault or trap raises, as the guest's kernel would (`arch` maps the
    /// cause); `addr` is the faulting address, or the pc for instruction traps.
    pub fn from_fault(arch: &GuestArch, cause: FaultCause, addr: u64, pc: u64) -> FatalSignal {
        let (sig, code) = (arch.fault_signal)(&cause);
        let access = |write: bool| if write { "write" } else { "read" };
        let detail = match cause {
            FaultCause::Undefined { insn } => format!("illegal instruction {insn:#010x}"),
            FaultCause::Breakpoint { imm } => format!("breakpoint #{imm:#x}"),
            FaultCause::IllegalTrap => "illegal trap".into(),
            FaultCause::PcAlignment => "misaligned pc".into(),
            FaultCause::Fetch => format!("address {addr:#x}, instruction fetch"),
            FaultCause::Data { write, .. } | FaultCause::Bus { write } => format!("address {addr:#x}, {}", access(write)),
            FaultCause::Alignment { write } => format!("address {addr:#x}, misaligned {}", access(write)),
        };
        FatalSignal { sig, code, addr, pc, detail }
    }

    /// A signal the guest sent itself (kill, tgkill, raise, abort).
    pub fn sent(sig: i32, pc: u64) -> FatalSignal {
        FatalSignal { sig, code: SI_TKILL, addr: 0, pc, detail: "sent by the guest to itself".into() }
    }

    /// A signal from outside (or one whose disposition went back to SIG_DFL before it
    /// could be delivered).
    pub fn received(sig: i32, pc: u64) -> FatalSignal {
        FatalSignal { sig, code: 0, addr: 0, pc, detail: "received".into() }
    }

    /// The one line printed before dying. `handler` is the guest's handler, if it had one.
    pub fn message(&self, handler: Option<u64>) -> String {
        let mut s = format!(
            "crossrun: guest killed by {} ({}) at pc {:#x}",
            signal_name(self.sig),
            self.detail,
            self.pc
        );
        if let Some(h) = handler {
            s.push_str(&format!(
                "; its handler at {h:#x} was not run (the signal was blocked)"
            ));
        }
        s
    }
}

/// Prints the message and dies of the signal.
pub fn die(fatal: &FatalSignal, handler: Option<u64>) -> ! {
    eprintln!("{}", fatal.message(handler));
    die_by_signal(fatal.sig)
}

/// Ends the host process by `sig`, with no core file: RLIMIT_CORE 0, the default action
/// restored (crossrun_memory's SIGSEGV/SIGBUS handlers included), the signal unblocked,
/// then sent to this thread. Falls back to `_exit(128 + sig)` if that did not kill.
pub fn die_by_signal(sig: i32) -> ! {
    let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: setrlimit reads a valid local; failure only means a core may be written.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) };
    let _ = host::sigaction_set_simple(sig, host::SIG_DFL);
    let _ = host::sigprocmask(libc::SIG_UNBLOCK, Some(1u64 << (sig - 1)));
    // A signal sent to the calling thread, unblocked, is delivered as this call returns.
    let _ = host::tgkill_self(sig);
    // SAFETY: integer arguments only.
    unsafe { libc::kill(host::getpid(), sig) };
    // SAFETY: _exit never returns and is always sound to call.
    unsafe { libc::_exit(128 + sig) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn messages() {
        for arch in crate::arch::GUESTS {
            let f = FatalSignal::from_fault(arch, FaultCause::Undefined { insn: 0 }, 0x400123, 0x400123);
            assert_eq!(f.message(None), "crossrun: guest killed by SIGILL (illegal instruction 0x00000000) at pc 0x400123");
            let f = FatalSignal::from_fault(arch, FaultCause::Data { write: true, mapped: false }, 0, 0x1000);
            assert_eq!(f.message(None), "crossrun: guest killed by SIGSEGV (address 0x0, write) at pc 0x1000");
            let f = FatalSignal::from_fault(arch, FaultCause::Bus { write: false }, 8, 0x1000);
            assert_eq!(f.sig, libc::SIGBUS);
            assert!(f.message(Some(0x4000)).contains("handler at 0x4000 was not run"));
        }
    }

    #[test]
    fn common_fault_signals_are_the_asm_generic_ones() {
        use crate::arch::{common_fault_signal as sig, si_code::*};
        assert_eq!(sig(&FaultCause::Undefined { insn: 0 }), (libc::SIGILL, ILL_ILLOPC));
        assert_eq!(sig(&FaultCause::Data { write: true, mapped: false }), (libc::SIGSEGV, SEGV_MAPERR));
        assert_eq!(sig(&FaultCause::Data { write: false, mapped: true }), (libc::SIGSEGV, SEGV_ACCERR));
        assert_eq!(sig(&FaultCause::Bus { write: false }), (libc::SIGBUS, BUS_ADRERR));
        assert_eq!(sig(&FaultCause::Alignment { write: true }), (libc::SIGBUS, BUS_ADRALN));
        assert_eq!(sig(&FaultCause::PcAlignment), (libc::SIGBUS, BUS_ADRALN));
        assert_eq!(sig(&FaultCause::Breakpoint { imm: 0 }), (libc::SIGTRAP, TRAP_BRKPT));
        assert_eq!(sig(&FaultCause::Fetch), (libc::SIGSEGV, SEGV_MAPERR));
    }

    fn death_of(sig: i32) -> std::process::ExitStatus {
        crate::testutil::run_child_test("fatal::tests::child_dies", ("CROSSRUN_TEST_DIE_BY", &sig.to_string())).status
    }

    #[test]
    fn child_dies() {
        if let Ok(sig) = std::env::var("CROSSRUN_TEST_DIE_BY") {
            // As crossrun runs: the memory crate's SIGSEGV/SIGBUS handlers installed and
            // the signal blocked; die_by_signal must get past both.
            crossrun_memory::install_fault_handler(None);
            let sig: i32 = sig.parse().unwrap();
            host::sigprocmask(libc::SIG_BLOCK, Some(1u64 << (sig - 1))).unwrap();
            die_by_signal(sig);
        }
    }

    #[test]
    fn dies_by_the_same_signal() {
        for sig in [libc::SIGILL, libc::SIGSEGV, libc::SIGBUS, libc::SIGTRAP, libc::SIGABRT] {
            assert_eq!(death_of(sig).signal(), Some(sig), "signal {sig}");
        }
    }
}
