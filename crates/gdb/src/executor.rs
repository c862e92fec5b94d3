//! The executor a debugged guest thread runs: the embedder's executor (JIT or
//! interpreter) wrapped so that it parks where gdb wants, single-steps, and reports
//! breakpoints and faults.

use crate::session::{Action, Session, Stop};
use crossrun_exec::{Executor, Exit, Interpreter};
use crossrun_ir::{CpuState, TrapKind};
use crossrun_linux::arch::{FaultCause, GuestArch};
use crossrun_memory::FaultKind;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub struct DebuggedExecutor {
    inner: Box<dyn Executor + Send>,
    /// Runs single steps: one-instruction blocks, whatever the inner executor is.
    stepper: Interpreter,
    session: Arc<Session>,
    /// Registered on first run (a new thread's executor is made by its creator).
    tid: Option<u32>,
    pid: u32,
    /// A stop to report before running on (a step that ended in a system call).
    pending: Option<Stop>,
    /// A fault shown to gdb as a signal: handed to the Linux layer if gdb passes the
    /// signal on, forgotten if gdb discards it (the instruction then runs again).
    held: Option<Exit>,
}

impl DebuggedExecutor {
    pub fn new(inner: Box<dyn Executor + Send>, session: Arc<Session>) -> DebuggedExecutor {
        let interrupt = inner.interrupt_flag().unwrap_or_else(|| Arc::new(AtomicBool::new(false)));
        let stepper = Interpreter::new(session.cache().clone(), interrupt, Default::default());
        DebuggedExecutor { inner, stepper, session, tid: None, pid: std::process::id(), pending: None, held: None }
    }

    /// Registers the calling thread now (the main thread, before gdb connects).
    pub fn register_current(&mut self, cpu: &CpuState) {
        let tid = gettid();
        self.session.register(tid, self.inner.interrupt_flag(), cpu);
        self.tid = Some(tid);
    }
}

impl Drop for DebuggedExecutor {
    fn drop(&mut self) {
        if let Some(tid) = self.tid {
            if std::process::id() == self.pid {
                self.session.unregister(tid);
            }
        }
    }
}

fn gettid() -> u32 {
    // SAFETY: gettid has no arguments and cannot fail.
    unsafe { libc::gettid() as u32 }
}

/// The Linux signal a trap or fault raises, as the guest's descriptor decides it (the
/// run loop makes the same `FaultCause` of it).
fn signal_of(arch: &GuestArch, exit: Exit) -> Option<i32> {
    let cause = match exit {
        Exit::Trap(TrapKind::Undefined { insn }) => FaultCause::Undefined { insn },
        Exit::Trap(TrapKind::Breakpoint { imm }) => FaultCause::Breakpoint { imm },
        Exit::Trap(TrapKind::Debugger) => FaultCause::Breakpoint { imm: 0 },
        Exit::Trap(TrapKind::PcAlignment) => FaultCause::PcAlignment,
        Exit::Trap(TrapKind::FetchFault { .. }) => FaultCause::Fetch,
        Exit::MemoryFault { fault, write } => match fault.kind {
            FaultKind::Bus => FaultCause::Bus { write },
            FaultKind::Alignment => FaultCause::Alignment { write },
            FaultKind::Segv => FaultCause::Data { write, mapped: false },
        },
        Exit::Syscall | Exit::Interrupted => return None,
    };
    Some((arch.fault_signal)(&cause).0)
}

impl Executor for DebuggedExecutor {
    fn interrupt_flag(&self) -> Option<Arc<AtomicBool>> {
        self.inner.interrupt_flag()
    }

    fn run(&mut self, cpu: &mut CpuState) -> Exit {
        if std::process::id() != self.pid {
            // A forked child: not debugged.
            self.pid = std::process::id();
            self.tid = None;
            self.session.forget_in_child();
        }
        if self.tid.is_none() && self.session.attached() {
            self.register_current(cpu);
        }
        let Some(tid) = self.tid else { return self.inner.run(cpu) };
        loop {
            let action = match self.pending.take() {
                Some(stop) => self.session.stop(tid, cpu, stop),
                None => self.session.enter(tid, cpu),
            };
            let held = self.held.take();
            match (action.signal(), held) {
                (Some(sig), Some(exit)) if signal_of(self.session.arch(), exit) == Some(sig) => {
                    self.session.leave(tid, cpu);
                    return exit;
                }
                (Some(sig), _) => {
                    // A signal gdb chose: sent to this thread, it arrives as any other.
                    // SAFETY: integer arguments; the target is this thread.
                    unsafe { libc::syscall(libc::SYS_tgkill, self.pid as i32, tid as i32, sig) };
                }
                (None, _) => {}
            }
            let exit = match action {
                Action::Step(_) => match self.stepper.run_one_instruction(cpu) {
                    None => {
                        self.pending = Some(Stop::Step);
                        continue;
                    }
                    Some(exit) => {
                        if exit == Exit::Syscall {
                            self.pending = Some(Stop::Step);
                        }
                        exit
                    }
                },
                _ => self.inner.run(cpu),
            };
            self.session.leave(tid, cpu);
            match exit {
                Exit::Trap(TrapKind::Debugger) => self.pending = Some(Stop::Breakpoint),
                Exit::Syscall | Exit::Interrupted => return exit,
                Exit::Trap(_) | Exit::MemoryFault { .. } => {
                    let Some(sig) = signal_of(self.session.arch(), exit) else { return exit };
                    if !self.session.attached() {
                        return exit;
                    }
                    self.held = Some(exit);
                    self.pending = Some(Stop::Signal(sig));
                }
            }
        }
    }
}
