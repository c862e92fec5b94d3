//! Signal delivery to guest handlers.
//!
//! - [`siginfo`]: the guest's `siginfo_t`, built for faults or converted from the host's.
//! - [`frame`]: the arm64 kernel's `rt_sigframe` (siginfo, ucontext with the sigcontext and
//!   its FP/SIMD and ESR records, then the `{fp, lr}` frame record), written and read back
//!   byte for byte at fixed offsets.
//! - [`pending`]: the host side. A host handler (installed for every signal the guest has
//!   a handler for) records the signal in a per-thread slot, keeps it blocked on the host
//!   until the guest has taken it, and asks the executor to stop at the next block
//!   boundary (`Exit::Interrupted`). It also closes the race with blocking system calls
//!   (the "syscall window", see [`pending`]).
//! - [`deliver`]: choosing the next signal, SA_RESTART, building the frame and pointing
//!   the guest at its handler; `rt_sigreturn` undoing that.

pub mod deliver;
pub mod frame;
pub mod pending;
pub mod siginfo;

pub use pending::fault_fallback;
