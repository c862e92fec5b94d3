//! Signal delivery to guest handlers.
//!
//! - [`siginfo`]: a `siginfo_t`, built for faults or taken from the host, in the guest's
//!   layout where the guest sees it.
//! - [`pending`]: the host side. A host handler (installed for every signal the guest has
//!   a handler for) records the signal in a per-thread slot, keeps it blocked on the host
//!   until the guest has taken it, and asks the executor to stop at the next block
//!   boundary (`Exit::Interrupted`). It also closes the race with blocking system calls
//!   (the "syscall window", see [`pending`]).
//! - [`deliver`]: choosing the next signal, SA_RESTART, choosing the stack (alternate
//!   stack rules), masks and `rt_sigreturn`'s mask and altstack restore: everything the
//!   kernel's generic signal code does.
//! - The frame itself (its layout, the registers a handler starts with, how sigreturn
//!   reads it back, the return trampoline) is the guest's: each guest module under
//!   [`crate::abi`] provides a [`SignalArch`].

pub mod deliver;
pub mod pending;
pub mod siginfo;

pub use pending::fault_fallback;

use crate::abi::layout::SigStack;
use crate::arch::FaultCause;
use crossrun_ir::CpuState;

/// What the guest's signal frame is to hold and where the handler goes.
#[derive(Clone, Debug)]
pub struct FrameRequest<'a> {
    /// The stack to build the frame below (the alternate stack's top when switching to
    /// it, else the interrupted stack pointer).
    pub top: u64,
    pub signo: i32,
    /// The siginfo, in the guest's layout.
    pub info: &'a [u8; siginfo::SIZE],
    /// Whether the handler asked for siginfo and ucontext (SA_SIGINFO); some kernels
    /// pass them regardless.
    pub sa_siginfo: bool,
    /// The signal mask sigreturn is to restore.
    pub sigmask: u64,
    /// The alternate stack as `uc_stack` reports it.
    pub altstack: SigStack,
    /// The fault that raised the signal, with its address, for the frame's fault
    /// records.
    pub fault: Option<(FaultCause, u64)>,
    pub handler: u64,
    /// Where the handler returns to: its SA_RESTORER, or the trampoline.
    pub restorer: u64,
    /// Whether `restorer` is crossrun's trampoline page rather than the handler's
    /// SA_RESTORER (a guest whose trampoline holds several return sequences picks one).
    pub trampoline: bool,
}

/// What sigreturn found in a frame besides the registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Restored {
    pub sigmask: u64,
    /// The alternate stack to restore, for frames that save one (not arm's non-RT
    /// `sigframe`, whose sigreturn leaves the alternate stack alone).
    pub altstack: Option<SigStack>,
}

/// Why a frame could not be written or read back (the kernel's force_sigsegv and
/// badframe: the guest gets SIGSEGV at this address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadFrame {
    pub addr: u64,
}

/// Reads a signal frame at the stack pointer back into the registers; on failure the
/// registers are unchanged.
pub type Restore = fn(&mut CpuState) -> Result<Restored, BadFrame>;

/// One guest's signal frame: arch/*/kernel/signal.c.
pub struct SignalArch {
    /// Writes the frame for `req` and points the registers at the handler (arguments,
    /// stack pointer, return address, pc), as the kernel's setup_rt_frame does. On
    /// failure the registers are unchanged.
    pub setup: fn(&mut CpuState, &FrameRequest<'_>) -> Result<(), BadFrame>,
    /// rt_sigreturn: reads the frame at the stack pointer back into the registers, as
    /// restore_sigframe does. On failure the registers are unchanged.
    pub restore: Restore,
    /// Code that makes the rt_sigreturn system call, placed in a guest page for handlers
    /// that give no SA_RESTORER (the vDSO's sigreturn trampoline on the real kernel).
    pub trampoline: &'static [u8],
    /// Whether the guest's kernel honours SA_RESTORER (riscv64's has no such flag: its
    /// handlers always return through the vDSO).
    pub sa_restorer: bool,
    /// The frame's structures as C spells them, for the test that checks every offset
    /// the module writes against the guest's compiler (`abi/layout/probe.rs`).
    pub frame_layouts: fn() -> Vec<crate::abi::layout::CStruct>,
}

impl std::fmt::Debug for SignalArch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignalArch").finish_non_exhaustive()
    }
}
