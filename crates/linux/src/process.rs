//! The guest process: its address space, break, signal dispositions and limits, and the
//! loop that runs a guest thread and services its system calls.

use crate::abi::layout::SigStack;
use crate::abi::Abi;
use crate::arch::{CpuModel, FaultCause, GuestArch};
use crate::dispatch::Stop;
use crate::fatal;
use crate::rootfs::Rootfs;
use crate::sys::{info::VirtualLimits, mem::Brk, signal::SignalTable};
use crossrun_exec::{Executor, Exit};
use crossrun_ir::TrapKind;
use crossrun_ir::CpuState;
use crossrun_memory::{FaultKind, GuestSpace};
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock, Weak};

/// How the process is run.
#[derive(Clone, Debug, Default)]
pub struct ProcessConfig {
    /// Print one line per system call to stderr (qemu's `-strace`).
    pub strace: bool,
    /// Log system calls, ioctls, fcntl commands, prctl options... that crossrun does not
    /// implement (qemu's `-d unimp`).
    pub log_unimplemented: bool,
    /// What the guest sees as `/proc/self/exe`: the guest program's path.
    pub exe_path: PathBuf,
    /// The kernel release uname reports instead of the host's (qemu's `-r`).
    pub uname_release: Option<String>,
    /// qemu's `-L`: absolute guest paths are looked up under this directory first
    /// (see [`crate::path`]).
    pub sysroot: Option<crate::path::Sysroot>,
    /// `--rootfs`: every guest path is resolved inside this root (see [`crate::rootfs`]);
    /// `exe_path` is then a guest path. This is the root the process starts with; a
    /// guest chroot replaces it ([`Process::rootfs`]).
    pub rootfs: Option<crate::rootfs::Rootfs>,
    /// crossrun's own options, as arguments, for running a program the guest execs under
    /// a fresh crossrun with the same settings (see [`crate::sys::exec`]).
    pub reexec_options: Vec<std::ffi::OsString>,
    /// The guest's argv as it was given, for /proc/self/cmdline.
    pub argv: Vec<Vec<u8>>,
    /// The guest's auxiliary vector, for /proc/self/auxv and /proc/cpuinfo (AT_HWCAP).
    pub auxv: Vec<(u64, u64)>,
    /// The `-cpu` model (None: the guest's default), for /proc/cpuinfo.
    pub cpu_model: Option<&'static CpuModel>,
    /// `--root-id`: the guest runs as a fake root (see [`crate::fakeroot`]).
    pub root_id: Option<crate::fakeroot::RootId>,
}

/// Called with `[start, end)` whenever guest memory there was unmapped, replaced or had
/// its protection changed, so translated code from it is dropped.
pub type CodeInvalidator = Box<dyn Fn(u64, u64) + Send + Sync>;

/// Runs the closure it is given while holding every lock the executors share between
/// guest threads (the translated-block cache...), so that a host fork made inside it
/// cannot copy such a lock into the child in the state "held by a thread that the child
/// does not have", which would hang the child at its first translation.
pub type ForkLocks = Box<dyn Fn(&mut dyn FnMut()) + Send + Sync>;

/// Makes a fresh executor for a new guest thread (sharing the first thread's block
/// cache; each has its own interrupt flag). Without one, `clone` of a thread fails with
/// EAGAIN.
pub type ExecutorFactory = Box<dyn Fn() -> Box<dyn Executor + Send> + Send + Sync>;

/// One guest process.
pub struct Process {
    config: ProcessConfig,
    arch: &'static GuestArch,
    space: Mutex<GuestSpace>,
    pub(crate) brk: Mutex<Brk>,
    pub(crate) signals: Mutex<SignalTable>,
    pub(crate) limits: Mutex<VirtualLimits>,
    invalidator: RwLock<Option<CodeInvalidator>>,
    executor_factory: RwLock<Option<ExecutorFactory>>,
    fork_locks: RwLock<Option<ForkLocks>>,
    /// The process itself, for the threads it starts.
    me: Weak<Process>,
    /// Guest threads that have not exited yet.
    pub(crate) live_threads: AtomicUsize,
    /// The signal mask crossrun was started with, which the main thread inherits.
    initial_sigmask: u64,
    fakeroot: Option<crate::fakeroot::FakeRoot>,
    /// The guest's current root under `--rootfs` (chroot moves it).
    rootfs: RwLock<Option<Arc<Rootfs>>>,
    /// Where the signal return trampoline page is mapped, once a handler needed it.
    pub(crate) trampoline: OnceLock<Option<u64>>,
    /// In a vfork child until it execs: what it owes its waiting parent at exit.
    pub(crate) vfork_parent: Mutex<Option<crate::sys::vfork::ParentStack>>,
    debugger: std::sync::OnceLock<Box<dyn crate::Debugger>>,
}

impl std::fmt::Debug for Process {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Process").field("arch", &self.arch.name).field("config", &self.config).finish_non_exhaustive()
    }
}

/// Per-thread kernel state of a guest thread.
#[derive(Clone, Debug)]
pub struct ThreadState {
    /// The signals this thread has blocked, as the guest sees them.
    pub sigmask: u64,
    pub altstack: SigStack,
    /// set_tid_address.
    pub clear_child_tid: u64,
    /// set_robust_list: head and length.
    pub robust_list: (u64, u64),
    /// rt_sigsuspend's caller's mask, which the handler's frame saves (and the run loop
    /// restores if no handler ran).
    pub saved_sigmask: Option<u64>,
    /// Set by `exit`: this thread ends, the process goes on while others run.
    pub exit_thread: bool,
}

impl ThreadState {
    pub fn new(sigmask: u64) -> ThreadState {
        ThreadState {
            sigmask,
            altstack: SigStack { sp: 0, flags: 0, size: 0 },
            clear_child_tid: 0,
            robust_list: (0, 0),
            saved_sigmask: None,
            exit_thread: false,
        }
    }
}

impl Process {
    /// A process of guest architecture `arch` whose guest memory is `space` and whose
    /// break starts at `brk_start` (the page-aligned end of the program's bss). The guest
    /// inherits the dispositions crossrun was started with that are SIG_IGN (e.g. under
    /// `nohup`), and its signal mask.
    pub fn new(arch: &'static GuestArch, space: GuestSpace, brk_start: u64, config: ProcessConfig) -> Arc<Process> {
        Arc::new_cyclic(|me| Process {
            fakeroot: config.root_id.as_ref().map(crate::fakeroot::FakeRoot::new),
            arch,
            space: Mutex::new(space),
            brk: Mutex::new(Brk::new(brk_start)),
            signals: Mutex::new(SignalTable::inherit_from_host()),
            limits: Mutex::new(VirtualLimits::from_host()),
            invalidator: RwLock::new(None),
            executor_factory: RwLock::new(None),
            fork_locks: RwLock::new(None),
            me: me.clone(),
            live_threads: AtomicUsize::new(1),
            initial_sigmask: crate::host::sigprocmask(libc::SIG_BLOCK, None).unwrap_or(0),
            rootfs: RwLock::new(config.rootfs.clone().map(Arc::new)),
            trampoline: OnceLock::new(),
            vfork_parent: Mutex::new(None),
            debugger: std::sync::OnceLock::new(),
            config,
        })
    }

    pub fn config(&self) -> &ProcessConfig {
        &self.config
    }

    /// The fake root state, under `--root-id`.
    pub fn fakeroot(&self) -> Option<&crate::fakeroot::FakeRoot> {
        self.fakeroot.as_ref()
    }

    /// The guest architecture.
    pub fn arch(&self) -> &'static GuestArch {
        self.arch
    }

    pub fn abi(&self) -> &'static Abi {
        self.arch.abi
    }

    /// The CPU model the guest runs as.
    pub fn cpu_model(&self) -> &'static CpuModel {
        self.config.cpu_model.or_else(|| self.arch.cpu_model(None)).expect("every guest has a CPU model")
    }

    /// The guest's current root under `--rootfs`, if any.
    pub fn rootfs(&self) -> Option<Arc<Rootfs>> {
        self.rootfs.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Moves the guest's root (an emulated chroot).
    pub(crate) fn set_rootfs(&self, fs: Rootfs) {
        *self.rootfs.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(fs));
    }

    /// The guest's address space.
    pub fn space(&self) -> MutexGuard<'_, GuestSpace> {
        self.space.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current program break.
    pub fn current_brk(&self) -> u64 {
        self.brk.lock().unwrap_or_else(|e| e.into_inner()).current()
    }

    /// Registers what to call when guest code may have changed under translated blocks,
    /// e.g. `move |s, e| cache.invalidate(s, e)` for a `crossrun_exec::BlockCache`.
    pub fn set_code_invalidator(&self, f: CodeInvalidator) {
        *self.invalidator.write().unwrap_or_else(|e| e.into_inner()) = Some(f);
    }

    /// Called before code is translated from guest page `page`: write-protects it on the
    /// host if the guest may write it, so a write drops its translations (see
    /// `crossrun_memory::code_pages`).
    pub fn watch_code_page(&self, page: u64) {
        if !crossrun_memory::code_pages::is_protected(page) {
            self.space().watch_code(page);
        }
    }

    pub(crate) fn invalidate_code(&self, start: u64, end: u64) {
        if let Some(f) = self.invalidator.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            f(start, end);
        }
    }

    /// Registers how to make an executor for each new guest thread (`clone` with
    /// CLONE_THREAD), e.g. `move || Box::new(Interpreter::new(cache.clone(),
    /// Arc::new(AtomicBool::new(false)), debug))` sharing one `Arc<BlockCache>`.
    pub fn set_executor_factory(&self, f: ExecutorFactory) {
        *self.executor_factory.write().unwrap_or_else(|e| e.into_inner()) = Some(f);
    }

    /// Registers how to hold the executors' shared locks across a fork (see [`ForkLocks`]).
    pub fn set_fork_locks(&self, f: ForkLocks) {
        *self.fork_locks.write().unwrap_or_else(|e| e.into_inner()) = Some(f);
    }

    /// Runs `f` inside the registered [`ForkLocks`] (directly if there are none).
    pub(crate) fn with_fork_locks(&self, f: &mut dyn FnMut()) {
        match self.fork_locks.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            Some(locks) => locks(f),
            None => f(),
        }
    }

    pub(crate) fn new_executor(&self) -> Option<Box<dyn Executor + Send>> {
        self.executor_factory.read().unwrap_or_else(|e| e.into_inner()).as_ref().map(|f| f())
    }

    pub(crate) fn arc(&self) -> Option<Arc<Process>> {
        self.me.upgrade()
    }

    /// A fresh state for the process's first thread.
    pub fn main_thread(&self) -> ThreadState {
        ThreadState::new(self.initial_sigmask)
    }

    /// Attaches a debugger (see [`crate::debugger`]).
    pub fn set_debugger(&self, debugger: Box<dyn crate::Debugger>) {
        let _ = self.debugger.set(debugger);
    }

    pub(crate) fn debugger(&self) -> Option<&dyn crate::Debugger> {
        self.debugger.get().map(|d| &**d)
    }

    /// Tells the debugger, if any, that the process is ending.
    pub(crate) fn report_end(&self, end: crate::ProcessEnd) {
        if let Some(d) = self.debugger() {
            d.exiting(end);
        }
    }

    /// Runs the guest's main thread until the process exits, and returns the exit status
    /// for exit_group (or the last thread's exit). A fatal signal prints one line and
    /// kills crossrun by that same signal (see [`fatal`]); this function then does not
    /// return.
    pub fn run(self: &Arc<Self>, exec: &mut dyn Executor, cpu: &mut CpuState) -> i32 {
        // The host C library installs its own handlers for signals 32 and 33 the first
        // time a thread is created; that must happen before the guest installs its
        // handlers for them (guest pthread_cancel, setuid in threads), or a guest thread
        // creation would replace the guest's handlers with the host library's.
        let _ = std::thread::spawn(|| {}).join();
        self.signals.lock().unwrap_or_else(|e| e.into_inner()).apply_initial_to_host();
        let mut thread = self.main_thread();
        match self.run_thread(exec, cpu, &mut thread) {
            ThreadEnd::Group(status) => status,
            ThreadEnd::Thread(status) => {
                if crate::sys::thread::thread_exited(self, &thread, status) {
                    return status;
                }
                // The main thread is gone but others run on; the process lives until the
                // last one exits (which exits the host process).
                crate::sys::thread::park_forever()
            }
        }
    }

    /// The run loop of one guest thread: runs guest code, services its system calls,
    /// delivers its signals. Returns when the thread or the whole process exits.
    pub(crate) fn run_thread(&self, exec: &mut dyn Executor, cpu: &mut CpuState, thread: &mut ThreadState) -> ThreadEnd {
        let _attached = crate::signal::pending::attach(exec.interrupt_flag());
        // A new host thread inherits its creator's host mask, which may include signals
        // recorded for the creator.
        crate::sys::signal::sync_host_mask(thread.sigmask);
        loop {
            let result = match exec.run(cpu) {
                Exit::Syscall => {
                    if crate::signal::pending::recorded() != 0 {
                        // A signal came in before the system call instruction: it is
                        // taken first, and the handler returns to the instruction (as
                        // on the kernel, where it would have been delivered before it).
                        cpu.pc = cpu.pc.wrapping_sub((self.arch.syscall_insn_len)(cpu));
                        match self.deliver_recorded(thread, cpu) {
                            Ok(()) => continue,
                            Err(f) => f,
                        }
                    } else {
                        let abi = self.abi();
                        let (nr, args) = (abi.syscall_args)(cpu);
                        let def = abi.lookup(nr);
                        let interrupted = def.map_or(crate::abi::Interrupted::Eintr, |d| d.interrupted);
                        match self.syscall(thread, cpu, nr, args, def) {
                            None => match self.after_syscall(thread, cpu, nr, &args, interrupted) {
                                Ok(()) => continue,
                                Err(f) => f,
                            },
                            Some(Stop::Exit(status)) if thread.exit_thread => return ThreadEnd::Thread(status),
                            Some(Stop::Exit(status)) => {
                                self.report_end(crate::ProcessEnd::Exited(status));
                                return ThreadEnd::Group(status);
                            }
                            Some(Stop::Fatal(f)) => f,
                        }
                    }
                }
                Exit::Trap(kind) => {
                    let (cause, addr) = match kind {
                        TrapKind::Undefined { insn } => {
                            // Logged even when the guest catches the SIGILL (a feature probe).
                            if self.config().log_unimplemented {
                                crossrun_exec::logfile::line(format_args!("crossrun: undefined instruction {insn:#x} at {:#x} (SIGILL)", cpu.pc));
                            }
                            (FaultCause::Undefined { insn }, cpu.pc)
                        }
                        TrapKind::Breakpoint { imm } => (FaultCause::Breakpoint { imm }, cpu.pc),
                        TrapKind::PcAlignment => (FaultCause::PcAlignment, cpu.pc),
                        TrapKind::FetchFault { addr } => (FaultCause::Fetch, addr),
                        // A debugger's breakpoint with no debugger left to take it.
                        TrapKind::Debugger => (FaultCause::Breakpoint { imm: 0 }, cpu.pc),
                    };
                    match self.deliver_fault(thread, cpu, cause, addr) {
                        Ok(()) => continue,
                        Err(f) => f,
                    }
                }
                Exit::MemoryFault { fault, write } => {
                    let cause = match fault.kind {
                        FaultKind::Bus => FaultCause::Bus { write },
                        FaultKind::Alignment => FaultCause::Alignment { write },
                        FaultKind::Segv => FaultCause::Data { write, mapped: self.space().owns(crossrun_memory::page_down(fault.addr), 1) },
                    };
                    match self.deliver_fault(thread, cpu, cause, fault.addr) {
                        Ok(()) => continue,
                        Err(f) => f,
                    }
                }
                // A signal arrived (or another thread asked this one to look).
                Exit::Interrupted => match self.deliver_recorded(thread, cpu) {
                    Ok(()) => continue,
                    Err(f) => f,
                },
            };
            self.report_end(crate::ProcessEnd::Killed(result.sig));
            fatal::die(&result, None);
        }
    }
}

/// How a guest thread's run loop ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreadEnd {
    /// `exit`: this thread only.
    Thread(i32),
    /// `exit_group`: the whole process.
    Group(i32),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{free_range, run_child_test, test_arch};
    use crossrun_ir::TrapKind;
    use crossrun_memory::{Fault, FaultKind};
    use std::os::unix::process::ExitStatusExt;

    /// An executor that plays back a script: before each step it puts a system call
    /// (number and arguments, in the test guest's registers) in place, then reports the
    /// given exit; it records the return register as each step begins (the previous
    /// result).
    type Step = (Option<(u64, [u64; 6])>, u64, Exit);

    struct Script {
        steps: Vec<Step>,
        results: Vec<u64>,
    }

    impl Executor for Script {
        fn run(&mut self, cpu: &mut CpuState) -> Exit {
            let abi = test_arch().abi;
            self.results.push((abi.result)(cpu));
            let (call, pc, exit) = self.steps.remove(0);
            if let Some((nr, args)) = call {
                (abi.set_syscall)(cpu, nr, &args);
            }
            cpu.pc = pc;
            exit
        }
    }

    /// The test guest's call `name` with `args`, for a script step.
    fn call(name: &str, args: &[u64]) -> Option<(u64, [u64; 6])> {
        let def = test_arch().abi.syscalls.iter().find(|d| d.name == name).unwrap();
        let mut all = [0u64; 6];
        all[..args.len()].copy_from_slice(args);
        Some((def.nr as u64, all))
    }

    fn process() -> Arc<Process> {
        crossrun_memory::install_fault_handler(None);
        Process::new(test_arch(), GuestSpace::new(), free_range(1 << 20), ProcessConfig::default())
    }

    #[test]
    fn run_services_syscalls_until_exit_group() {
        let p = process();
        let mut exec = Script {
            steps: vec![
                (call("getpid", &[]), 0x1004, Exit::Syscall),
                (Some((9999, [0; 6])), 0x1008, Exit::Syscall), // unknown: -ENOSYS
                (None, 0x1008, Exit::Interrupted),             // carries on
                (call("exit_group", &[0x12a]), 0x100c, Exit::Syscall),
            ],
            results: vec![],
        };
        let mut cpu = CpuState::default();
        let status = p.run(&mut exec, &mut cpu);
        // run() gave SIGPIPE back its default action, as the guest expects; the test
        // harness wants it ignored.
        assert_eq!(crate::host::sigaction_get(libc::SIGPIPE).unwrap().handler, crate::host::SIG_DFL);
        crate::host::sigaction_set_simple(libc::SIGPIPE, crate::host::SIG_IGN).unwrap();
        assert_eq!(status, 0x2a);
        assert_eq!(exec.results[1], std::process::id() as u64);
        assert_eq!(exec.results[2] as i64, -(libc::ENOSYS as i64));
    }

    /// In a child: run a guest that ends with `exit`, as chosen by the parent.
    #[test]
    fn child_runs_a_dying_guest() {
        let Ok(which) = std::env::var("CROSSRUN_TEST_GUEST_DIES") else { return };
        let exit = match which.as_str() {
            "ill" => Exit::Trap(TrapKind::Undefined { insn: 0 }),
            "segv" => Exit::MemoryFault { fault: Fault { addr: 0, kind: FaultKind::Segv }, write: true },
            "bus" => Exit::MemoryFault { fault: Fault { addr: 0x10, kind: FaultKind::Bus }, write: false },
            "trap" => Exit::Trap(TrapKind::Breakpoint { imm: 0x3e8 }),
            "abort" => {
                let pid = std::process::id() as u64;
                let tid = crate::host::gettid() as u64;
                // tgkill(self, SIGABRT) as glibc's abort() does.
                let mut exec = Script { steps: vec![(call("tgkill", &[pid, tid, 6]), 0x400123, Exit::Syscall)], results: vec![] };
                process().run(&mut exec, &mut CpuState::default());
                unreachable!("the guest should have died");
            }
            _ => unreachable!(),
        };
        let mut exec = Script { steps: vec![(None, 0x400123, exit)], results: vec![] };
        process().run(&mut exec, &mut CpuState::default());
        unreachable!("the guest should have died");
    }

    fn guest_death(which: &str) -> (Option<i32>, String) {
        let out = run_child_test("process::tests::child_runs_a_dying_guest", ("CROSSRUN_TEST_GUEST_DIES", which));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("crossrun:")).collect();
        assert_eq!(lines.len(), 1, "exactly one line: {stderr}");
        (out.status.signal(), lines[0].to_owned())
    }

    #[test]
    fn traps_and_faults_kill_with_the_same_signal_and_one_line() {
        assert_eq!(
            guest_death("ill"),
            (Some(libc::SIGILL), "crossrun: guest killed by SIGILL (illegal instruction 0x00000000) at pc 0x400123".into())
        );
        assert_eq!(
            guest_death("segv"),
            (Some(libc::SIGSEGV), "crossrun: guest killed by SIGSEGV (address 0x0, write) at pc 0x400123".into())
        );
        assert_eq!(
            guest_death("bus"),
            (Some(libc::SIGBUS), "crossrun: guest killed by SIGBUS (address 0x10, read) at pc 0x400123".into())
        );
        assert_eq!(guest_death("trap").0, Some(libc::SIGTRAP));
        let (sig, line) = guest_death("abort");
        assert_eq!(sig, Some(libc::SIGABRT));
        assert_eq!(line, "crossrun: guest killed by SIGABRT (sent by the guest to itself) at pc 0x400123");
    }

    /// In a child: a guest run with `log_unimplemented` meets an undefined instruction.
    #[test]
    fn child_runs_an_undefined_instruction() {
        if std::env::var("CROSSRUN_TEST_UNDEFINED").is_err() {
            return;
        }
        crossrun_memory::install_fault_handler(None);
        let config = ProcessConfig { log_unimplemented: true, ..Default::default() };
        let p = Process::new(test_arch(), GuestSpace::new(), free_range(1 << 20), config);
        let mut exec = Script { steps: vec![(None, 0x400124, Exit::Trap(TrapKind::Undefined { insn: 0xffff_ffff }))], results: vec![] };
        p.run(&mut exec, &mut CpuState::default());
        unreachable!("the guest should have died");
    }

    #[test]
    fn undefined_instructions_are_logged_as_unimplemented() {
        let out = run_child_test("process::tests::child_runs_an_undefined_instruction", ("CROSSRUN_TEST_UNDEFINED", "1"));
        assert_eq!(out.status.signal(), Some(libc::SIGILL));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("crossrun:")).collect();
        assert_eq!(
            lines,
            [
                "crossrun: undefined instruction 0xffffffff at 0x400124 (SIGILL)",
                "crossrun: guest killed by SIGILL (illegal instruction 0xffffffff) at pc 0x400124"
            ],
            "{stderr}"
        );
    }

    /// In a child: a guest traced with `strace` and `log_unimplemented`.
    #[test]
    fn child_runs_a_traced_guest() {
        if std::env::var("CROSSRUN_TEST_TRACED").is_err() {
            return;
        }
        crossrun_memory::install_fault_handler(None);
        let config = ProcessConfig { strace: true, log_unimplemented: true, exe_path: "/bin/guest".into(), ..Default::default() };
        let p = Process::new(test_arch(), GuestSpace::new(), free_range(1 << 20), config);
        let path = c"/nonexistent/crossrun-test";
        let msg = b"hi\n";
        // io_setup: a call of the asm-generic table crossrun does not implement.
        let unimplemented = (0..1024).find(|&nr| test_arch().abi.lookup(nr).is_none() && (test_arch().abi.syscall_name)(nr) == Some("io_setup"));
        let mut exec = Script {
            steps: vec![
                (call("openat", &[(-100i64) as u64, path.as_ptr() as u64, 0o2000000, 0]), 4, Exit::Syscall),
                (call("write", &[2, msg.as_ptr() as u64, 3]), 8, Exit::Syscall),
                (Some((unimplemented.unwrap(), [0x11, 0, 0, 0, 0, 0])), 12, Exit::Syscall),
                (call("exit_group", &[3]), 16, Exit::Syscall),
            ],
            results: vec![],
        };
        std::process::exit(p.run(&mut exec, &mut CpuState::default()));
    }

    #[test]
    fn strace_and_unimplemented_lines() {
        let out = run_child_test("process::tests::child_runs_a_traced_guest", ("CROSSRUN_TEST_TRACED", "1"));
        assert_eq!(out.status.code(), Some(3));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let pid = stderr.lines().find_map(|l| l.strip_suffix(" exit_group(3)")).expect("exit_group line");
        let nr = stderr.lines().find_map(|l| l.strip_prefix("crossrun: unimplemented syscall ")).and_then(|l| l.strip_suffix(" (io_setup)")).expect("unimplemented line");
        let expect = [
            format!("{pid} openat(AT_FDCWD,\"/nonexistent/crossrun-test\",O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)"),
            "hi".to_string(),
            format!("{pid} write(2,\"hi\\n\",3) = 3"),
            format!("crossrun: unimplemented syscall {nr} (io_setup)"),
            format!("{pid} io_setup(0x11,0x0,0x0,0x0,0x0,0x0) = -1 ENOSYS (Invalid system call number)"),
            format!("{pid} exit_group(3)"),
        ];
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("running ") && !l.is_empty() && !l.starts_with("test ")).collect();
        assert_eq!(lines, expect.iter().map(String::as_str).collect::<Vec<_>>(), "{stderr}");
    }
}
