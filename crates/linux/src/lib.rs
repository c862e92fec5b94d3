//! The Linux ABI layer: a guest program's system calls, carried out on the host kernel.
//!
//! crossrun runs the guest in its own host process with identity mapping: guest
//! addresses are host addresses and guest file descriptors are host file descriptors.
//! A guest thread runs in an executor until it makes a system call; [`Process::run`]
//! then looks the number up in the guest architecture's table ([`abi::Abi`], one per
//! guest, reached through its descriptor, [`arch::GuestArch`]), calls the handler (one module per family in
//! [`sys`]), converts a host errno to the guest's in one place ([`dispatch`]), and puts
//! the result in the guest's return register.
//!
//! # Guest memory
//! crossrun itself reads and writes guest memory only through `crossrun_memory::access`
//! (the [`guest`] helpers), which turns a bad pointer into `EFAULT` instead of a crash.
//! Plain data buffers (what `read`/`write` move, `getcwd`'s output, ...) are handed to
//! the host kernel at the guest's address: the kernel checks the pointer and reports
//! `EFAULT` exactly as the guest's kernel would, and no copy is needed.
//!
//! # Structures
//! Every structure that crosses the guest/host line is a layout ([`abi::layout`]): a
//! type naming its C type and each field's C member, with one value per guest
//! (`abi/<guest>/layout.rs`) and one for the host ([`abi::host`]). A handler converts
//! the guest's record to the host's field by field, or gives the host kernel the guest's
//! buffer as it is only where the guest's layout compares equal to the host's, so a
//! guest with 4-byte longs and pointers takes the converting path without a change to
//! the handlers. Records that are fixed-width by definition on every architecture
//! (`statx`, `linux_dirent64`, `pollfd`, socket addresses, `u32`/`u64` arrays, ...) are
//! described once ([`abi::layout::fixed`]) and passed as they are. A test compiles
//! `offsetof`/`sizeof` of every field of every layout, the fixed-width records and each
//! guest's signal frame with that guest's cross compiler (and the host's), so a layout
//! that is wrong for some architecture fails a test instead of corrupting memory.
//!
//! # Signals
//! The guest's dispositions and masks are kept per the guest ABI and mirrored on the host
//! where that gives native behaviour (SIG_IGN/SIG_DFL, blocked signals), except for the
//! signals crossrun owns (SIGSEGV and SIGBUS, which `crossrun_memory` uses). Signals the
//! guest handles are caught on the host and delivered to the guest with its kernel's
//! frame ([`signal`], and the guest's own signal module); the rest that kill end crossrun the same way ([`fatal`]).
//!
//! # Threads
//! A guest thread is a host thread with its own executor ([`sys::thread`]); the embedder
//! provides executors with [`Process::set_executor_factory`].

pub mod abi;
pub mod arch;
pub mod debugger;
pub mod dispatch;
pub mod errno;
pub mod fakeroot;
pub mod fatal;
pub mod guest;
mod host;
pub mod path;
pub mod process;
pub mod rootfs;
pub mod signal;
pub mod strace;
pub mod sys;
#[cfg(test)]
mod testutil;

pub use debugger::{Debugger, ProcessEnd};
pub use dispatch::{Ctx, Stop};
pub use errno::{Errno, SysResult};
pub use fatal::FatalSignal;
pub use process::{CodeInvalidator, ForkLocks, Process, ProcessConfig, ThreadState};

#[cfg(test)]
mod tests {
    #[test]
    fn process_can_be_shared_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<crate::Process>();
    }
}
