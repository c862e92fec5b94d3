//! crossrun's gdb remote stub (qemu's `-g PORT`), built on the `gdbstub` crate.
//!
//! The stub is generic: a guest brings its registers as a
//! [`crossrun_ir::gdb::GdbDescription`] (the aarch64 one is `crossrun_a64::gdb::GDB`),
//! from which the target description and the register packets are made. Execution
//! control works with any executor:
//! - breakpoints live in the shared [`crossrun_exec::BlockCache`]: translations stop
//!   before them with `TrapKind::Debugger`, and setting or removing one drops the
//!   translations that contain it, in every thread's JIT too;
//! - single steps run one-instruction blocks in an interpreter ([`executor`]);
//! - stops (all-stop, Ctrl-C) raise each running thread's interrupt flag, so it parks at
//!   its next block boundary ([`session`]);
//! - signals and the end of the process come from the Linux layer's
//!   [`crossrun_linux::Debugger`] hooks.
//!
//! The stub runs on a host thread of its own. The guest waits before its first
//! instruction until gdb connects and continues it.

pub mod executor;
pub mod session;
mod signals;
pub mod target;

pub use executor::DebuggedExecutor;
pub use session::Session;
pub use target::OwnsMemory;

use crossrun_ir::gdb::GdbDescription;
use crossrun_ir::CpuState;
use gdbstub::common::Signal;
use gdbstub::conn::ConnectionExt;
use gdbstub::stub::run_blocking::{BlockingEventLoop, Event, WaitForStopReasonError};
use gdbstub::stub::{DisconnectReason, GdbStub, MultiThreadStopReason};
use session::Stop;
use std::net::{TcpListener, TcpStream};
use std::num::NonZeroUsize;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::Duration;
use target::StubTarget;

/// Opens the port gdb will connect to (on the loopback interface: the stub gives
/// whoever connects the run of the guest's and crossrun's memory).
pub fn listen(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("-g {port}: cannot listen for gdb: {e}"))
}

/// Starts the stub: a host thread that accepts gdb's connection on `listener` and serves
/// it. The guest's threads must run in [`DebuggedExecutor`]s on `session`.
pub fn start(listener: TcpListener, session: Arc<Session>, description: &'static GdbDescription, auxv: Vec<(u64, u64)>, owns: OwnsMemory) -> Result<(), String> {
    let target = StubTarget::new(session.clone(), description, &auxv, owns);
    std::thread::Builder::new()
        .name("gdbstub".into())
        .spawn(move || serve(listener, session, target))
        .map(|_| ())
        .map_err(|e| format!("cannot start the gdb stub: {e}"))
}

fn serve(listener: TcpListener, session: Arc<Session>, mut target: StubTarget) {
    let stream = match listener.accept() {
        Ok((stream, _)) => stream,
        Err(e) => {
            eprintln!("crossrun: gdb stub: {e}");
            session.detach();
            return;
        }
    };
    drop(listener);
    let _ = stream.set_nodelay(true);
    let stream = keep_out_of_guest_range(stream);
    session.wait_first_park();
    let result = GdbStub::new(stream).run_blocking::<EventLoop>(&mut target);
    match result {
        Ok(DisconnectReason::Kill) => {
            // gdb's `kill`: the guest dies as it would of SIGKILL.
            // SAFETY: integer arguments.
            unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
        }
        Ok(DisconnectReason::TargetExited(_) | DisconnectReason::TargetTerminated(_)) => session.end_reported(),
        Ok(DisconnectReason::Disconnect) => session.detach(),
        Err(e) => {
            eprintln!("crossrun: gdb stub: {e}");
            session.detach();
        }
    }
}

/// Moves the connection to the highest descriptor number below the soft limit: the
/// guest's descriptors are allocated lowest-first, so it gets the numbers it would get
/// without a debugger. (A guest that closes every descriptor ends the session.)
fn keep_out_of_guest_range(stream: TcpStream) -> TcpStream {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes the local.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    let top = limit.rlim_cur.min(1 << 20) as i32;
    for fd in (top.saturating_sub(64).max(3)..top).rev() {
        // SAFETY: F_GETFD only queries; F_DUPFD_CLOEXEC makes a new descriptor at the
        // first free number >= fd, which then owns the socket with the old one closed.
        unsafe {
            if libc::fcntl(fd, libc::F_GETFD) == -1 {
                let new = libc::fcntl(stream.as_raw_fd(), libc::F_DUPFD_CLOEXEC, fd);
                if new >= 0 {
                    return <TcpStream as std::os::fd::FromRawFd>::from_raw_fd(new);
                }
            }
        }
    }
    stream
}

/// The hooks the Linux layer calls ([`crossrun_linux::Process::set_debugger`]).
pub struct Hooks(pub Arc<Session>);

impl crossrun_linux::Debugger for Hooks {
    fn signal(&self, cpu: &mut CpuState, sig: i32) -> bool {
        if !self.0.attached() {
            return true;
        }
        // SAFETY: gettid has no arguments.
        let tid = unsafe { libc::gettid() } as u32;
        let action = self.0.stop(tid, cpu, Stop::Signal(sig));
        self.0.leave(tid, cpu);
        match action.signal() {
            Some(s) if s == sig => true,
            Some(other) => {
                // SAFETY: integer arguments; the target is this thread.
                unsafe { libc::syscall(libc::SYS_tgkill, libc::getpid(), tid as i32, other) };
                false
            }
            None => false,
        }
    }

    fn exiting(&self, end: crossrun_linux::ProcessEnd) {
        // SAFETY: gettid has no arguments.
        let tid = unsafe { libc::gettid() } as u32;
        self.0.exiting(
            tid,
            match end {
                crossrun_linux::ProcessEnd::Exited(status) => Stop::Exited(status),
                crossrun_linux::ProcessEnd::Killed(sig) => Stop::Killed(sig),
            },
        );
    }
}

enum EventLoop {}

impl BlockingEventLoop for EventLoop {
    type Target = StubTarget;
    type Connection = TcpStream;
    type StopReason = MultiThreadStopReason<u64>;

    fn wait_for_stop_reason(
        target: &mut StubTarget,
        conn: &mut TcpStream,
    ) -> Result<Event<MultiThreadStopReason<u64>>, WaitForStopReasonError<&'static str, std::io::Error>> {
        loop {
            if let Some((tid, stop)) = target.session.next_stop(Duration::from_millis(20)) {
                return Ok(Event::TargetStopped(stop_reason(tid, stop)));
            }
            let mut pfd = libc::pollfd { fd: conn.as_raw_fd(), events: libc::POLLIN, revents: 0 };
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(&mut pfd, 1, 0) } > 0 {
                let byte = conn.read().map_err(WaitForStopReasonError::Connection)?;
                return Ok(Event::IncomingData(byte));
            }
        }
    }

    fn on_interrupt(target: &mut StubTarget) -> Result<Option<MultiThreadStopReason<u64>>, &'static str> {
        target.session.interrupt();
        Ok(None)
    }
}

fn stop_reason(tid: u32, stop: Stop) -> MultiThreadStopReason<u64> {
    let tid = NonZeroUsize::new(tid as usize).unwrap_or(NonZeroUsize::MIN);
    match stop {
        Stop::Breakpoint => MultiThreadStopReason::SwBreak(tid),
        Stop::Step => MultiThreadStopReason::SignalWithThread { tid, signal: Signal::SIGTRAP },
        Stop::Interrupt => MultiThreadStopReason::SignalWithThread { tid, signal: Signal::SIGINT },
        Stop::Signal(sig) => MultiThreadStopReason::SignalWithThread { tid, signal: signals::from_linux(sig) },
        Stop::Exited(status) => MultiThreadStopReason::Exited(status as u8),
        Stop::Killed(sig) => MultiThreadStopReason::Terminated(signals::from_linux(sig)),
    }
}
