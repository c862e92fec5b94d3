//! What a debugger attached to the guest (crossrun's gdb stub, `-g`) learns from the Linux
//! layer. Breakpoints, single steps and stops happen in the executor the debugger wraps
//! around each thread's; the events here are the ones only this layer sees: signals
//! about to be acted on, and the end of the process.

use crossrun_ir::CpuState;

/// How the process ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessEnd {
    /// exit_group, or the last thread's exit, with this status.
    Exited(i32),
    /// Killed by this signal.
    Killed(i32),
}

/// The hooks a debugger registers with [`crate::Process::set_debugger`]. Called on the
/// guest thread concerned, which the debugger may hold stopped before returning.
pub trait Debugger: Send + Sync {
    /// Signal `sig` (not a fault the executor reported) is about to be acted on for the
    /// calling thread, whose state is `cpu`: its handler run, ignored or the process
    /// killed. Returns whether to go on with it; false discards it.
    fn signal(&self, cpu: &mut CpuState, sig: i32) -> bool;

    /// The process is about to end.
    fn exiting(&self, end: ProcessEnd);
}
