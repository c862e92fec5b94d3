//! crossrun's x86_64 JIT: compiles IR blocks to host code with dynasmrt.
//!
//! [`Jit`] is an [`crossrun_exec::Executor`] like the interpreter and produces the same
//! guest state bit for bit (the interpreter is the reference; `tests/jit_differential.rs`
//! checks that). Layout:
//! - `dispatcher.rs`: the executor loop, block lookup, compilation policy, fallback to
//!   the interpreter for blocks with ops not compiled yet;
//! - `emit/`: IR → x86_64, one file per group of ops;
//! - `codecache.rs`: W^X code memory (shared memory mapped RW and RX at different addresses);
//! - `trampoline.rs`: entering and leaving compiled code;
//! - `link.rs`: patching jumps between compiled blocks, the indirect-branch table;
//! - `ras.rs`: predicting guest returns with host `call`/`ret`;
//! - `fault.rs`: turning faults of guest accesses in compiled code into
//!   `Exit::MemoryFault`.
//!
//! What is compiled: every op except exclusives (`LoadExclusive`, `StoreExclusive`,
//! `ClearExclusive`), `AtomicRmw`, `Cas` and `InvalidateCode`; a block containing one of
//! those runs in the interpreter (`Interpreter::step`, same block cache), so coverage
//! never affects correctness. All terminators are compiled.
//!
//! Threads: one `Jit` per guest thread, each with its own code cache, value array and
//! fault record, so nothing compiled is shared and the cache is flushed only by its own
//! thread between blocks. Invalidations may come from any thread: they are queued
//! ([`Invalidations`], or [`InvalidationHub`] to reach every thread's JIT) and applied
//! at the owning thread's next dispatcher entry. A thread that stays inside linked
//! compiled code keeps running the old code until it next leaves it (a system call, an
//! indirect-branch miss, an interrupt); Arm requires the modifying thread to
//! synchronise with the others before they may see new code, which in practice goes
//! through a system call or a futex, so this is the same window real hardware has.
//! After `fork` the child replaces its code cache (its memory is shared with the parent).
//!
//! Embedders must install [`fault_handler`] with
//! `crossrun_memory::install_fault_handler(Some(crossrun_jit::fault_handler()))` before
//! running compiled code.

mod codecache;
mod disasm;
mod dispatcher;
mod emit;
mod fault;
mod link;
mod ras;
mod trampoline;

pub use dispatcher::{GuestNames, InvalidationHub, Invalidations, Jit, JitOptions, JitStats};
pub use fault::fault_handler;
