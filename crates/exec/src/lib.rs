//! Executors run guest code given as IR blocks.
//!
//! The interpreter ([`interp`]) is the reference semantics of the IR: every op is
//! evaluated exactly as documented on [`crossrun_ir::Op`]. Blocks are translated on first
//! use by a [`crossrun_ir::Frontend`] and kept in a [`cache::BlockCache`] keyed by guest
//! PC. Execution runs until something needs the embedder: a system call, a trap or a
//! memory fault, reported as an [`Exit`].

pub mod cache;
pub mod eval;
pub mod interp;
pub mod log;
pub mod logfile;

pub use cache::BlockCache;
pub use interp::Interpreter;
pub use log::{AddressFilter, BlockLog};

use crossrun_ir::{CpuState, TrapKind};
use crossrun_memory::Fault;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Why execution stopped. In every case `CpuState::pc` says where the guest is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The guest made a system call; `pc` is the instruction after it.
    Syscall,
    /// The instruction at `pc` trapped.
    Trap(TrapKind),
    /// The instruction at `pc` accessed memory it may not.
    MemoryFault { fault: Fault, write: bool },
    /// The embedder asked execution to stop (e.g. a signal is pending); `pc` is the next
    /// instruction to run.
    Interrupted,
}

/// Something that runs guest code until it needs the embedder.
pub trait Executor {
    fn run(&mut self, cpu: &mut CpuState) -> Exit;

    /// The flag that makes `run` return `Exit::Interrupted` at the next block boundary
    /// when set (from another thread or a signal handler), if the executor has one.
    fn interrupt_flag(&self) -> Option<Arc<AtomicBool>> {
        None
    }
}

/// What `-d` asked to be logged, to stderr.
#[derive(Clone, Copy, Debug, Default)]
pub struct DebugFlags {
    /// Each newly translated block's IR (`-d op`).
    pub ir: bool,
    /// Each block as it is entered (`-d exec`).
    pub exec: bool,
    /// The CPU state at each block entry (`-d cpu`).
    pub cpu: bool,
}
