//! crossrun's intermediate representation.
//!
//! A guest frontend decodes a run of guest instructions into a [`Block`]: a list of
//! [`Inst`]s in SSA form (each instruction defines at most one [`Value`], named by its
//! index) ending in one [`Terminator`]. Executors (the interpreter and the JIT) run
//! blocks against a [`CpuState`]. The IR knows nothing about operating systems: a
//! system call is a terminator the embedder handles, and memory is addressed by guest
//! addresses that are also host addresses.
//!
//! Design rules every frontend follows, so executors can rely on them:
//! - Guest state is touched only through [`Op::GetReg`]/[`Op::SetReg`], so a JIT can
//!   keep registers in host registers and the interpreter can write them directly.
//! - Within one guest instruction all memory accesses come before any `SetReg`, so a
//!   faulting access leaves the guest registers as they were before the instruction.
//! - Each guest instruction starts with [`Op::GuestPc`], which lets executors map a
//!   fault back to the faulting instruction.
//! - Condition flags are ordinary values ([`Op::FlagsAdd`] and friends produce a packed
//!   NZCV word), so a flag computation nobody reads is dead code like any other.

mod block;
mod builder;
mod cpu;
mod display;
mod frontend;
pub mod gdb;
mod helper;
mod meaning;
mod op;
pub mod passes;
mod verify;

pub use block::{Block, BranchKind, Inst, Terminator, TrapKind, Value};
pub use builder::Builder;
pub use cpu::{CpuState, ExclusiveMonitor, Reg};
pub use frontend::Frontend;
pub use helper::{Helper, HelperFn};
pub use meaning::{
    AesStep, FpArith, FpEnv, FpFlags, FpFormat, FpOp, FpShape, Meaning, NanRule, Permutation, PermuteKind, Sha1Function,
    ShaStep, Tininess,
};
pub use op::{Args, Cond, FenceKind, IntCC, MemOrder, Op, RmwOp, Ty, Width};
pub use verify::{verify, VerifyError};
