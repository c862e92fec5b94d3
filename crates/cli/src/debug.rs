//! `-g PORT`: wiring the gdb stub (crossrun-gdb) to the process and its executors.

use crossrun_exec::{BlockCache, Executor};
use crossrun_gdb::{DebuggedExecutor, Hooks, Session};
use crossrun_ir::gdb::GdbDescription;
use crossrun_ir::CpuState;
use crossrun_linux::arch::GuestArch;
use crossrun_linux::Process;
use std::net::TcpListener;
use std::sync::Arc;

/// A stub listening for gdb, not yet serving.
pub struct Debugging {
    listener: TcpListener,
    session: Arc<Session>,
}

impl Debugging {
    /// Opens the port first, so a busy or forbidden port is an error before the guest
    /// is loaded.
    pub fn listen(port: u16, cache: &Arc<BlockCache>, arch: &'static GuestArch) -> Result<Debugging, String> {
        Ok(Debugging { listener: crossrun_gdb::listen(port)?, session: Arc::new(Session::new(cache.clone(), arch)) })
    }

    pub fn session(&self) -> Arc<Session> {
        self.session.clone()
    }

    /// Wraps an executor so its thread is debugged.
    pub fn wrap(session: &Arc<Session>, exec: Box<dyn Executor + Send>) -> Box<dyn Executor + Send> {
        Box::new(DebuggedExecutor::new(exec, session.clone()))
    }

    /// Attaches the stub to the process and starts serving gdb; the main thread's
    /// executor is wrapped and registered, so gdb finds it stopped before its first
    /// instruction.
    pub fn start(
        self,
        process: &Arc<Process>,
        main: Box<dyn Executor + Send>,
        cpu: &CpuState,
        description: &'static GdbDescription,
        auxv: Vec<(u64, u64)>,
    ) -> Result<Box<dyn Executor + Send>, String> {
        process.set_debugger(Box::new(Hooks(self.session.clone())));
        let mut main = DebuggedExecutor::new(main, self.session.clone());
        main.register_current(cpu);
        let owner = process.clone();
        let owns = Box::new(move |addr: u64, len: u64| {
            let start = crossrun_memory::page_down(addr);
            owner.space().owns(start, addr.saturating_add(len) - start)
        });
        crossrun_gdb::start(self.listener, self.session, description, auxv, owns)?;
        Ok(Box::new(main))
    }
}
