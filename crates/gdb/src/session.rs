//! The state guest threads and the stub share: which threads exist, which are stopped,
//! their registers while stopped, and the stop events waiting for gdb.
//!
//! All-stop, as gdb expects by default: when one thread stops (a breakpoint, a step, a
//! signal, Ctrl-C) every other thread is asked to stop at its next block boundary (its
//! executor's interrupt flag) and parks there. A thread inside a system call is not
//! running guest code: it counts as stopped, its registers are those of the call, and it
//! parks when the call returns. gdb's resume sets each thread's action and wakes them.

use crossrun_exec::BlockCache;
use crossrun_ir::CpuState;
use crossrun_linux::arch::GuestArch;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What a resumed thread does. Signals are Linux numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Stays stopped while others run (gdb's scheduler locking).
    Stay,
    /// Runs, first taking the signal if one is given.
    Continue(Option<i32>),
    /// Runs one instruction, first taking the signal if one is given.
    Step(Option<i32>),
}

impl Action {
    pub fn signal(self) -> Option<i32> {
        match self {
            Action::Continue(s) | Action::Step(s) => s,
            Action::Stay => None,
        }
    }
}

/// Why a thread stopped, or how the process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// At one of gdb's breakpoints, before its instruction.
    Breakpoint,
    /// A single step finished.
    Step,
    /// A signal (Linux number) is about to reach the guest.
    Signal(i32),
    /// gdb's Ctrl-C.
    Interrupt,
    Exited(i32),
    Killed(i32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    /// Running guest code.
    Running,
    /// Parked at a block boundary, waiting for gdb.
    Parked,
    /// In the Linux layer (a system call, signal delivery): not running guest code.
    Outside,
}

struct Thread {
    interrupt: Option<Arc<AtomicBool>>,
    run: Run,
    /// The registers as of the last park or system call.
    cpu: CpuState,
    /// gdb wrote `cpu` while the thread was parked.
    cpu_written: bool,
    action: Action,
}

struct State {
    /// False once gdb detached (or in a forked child): everything runs freely.
    attached: bool,
    /// An all-stop is in effect: threads park at their next boundary.
    stopping: bool,
    threads: BTreeMap<u32, Thread>,
    events: VecDeque<(u32, Stop)>,
    /// The end of the process, reported to gdb (then the process may go).
    end_reported: bool,
}

pub struct Session {
    state: Mutex<State>,
    /// Woken on every change: parked threads wait for a resume, the stub for stops.
    changed: Condvar,
    cache: Arc<BlockCache>,
    arch: &'static GuestArch,
}

impl Session {
    /// A session whose guest starts stopped, before its first instruction.
    pub fn new(cache: Arc<BlockCache>, arch: &'static GuestArch) -> Session {
        Session {
            state: Mutex::new(State {
                attached: true,
                stopping: true,
                threads: BTreeMap::new(),
                events: VecDeque::new(),
                end_reported: false,
            }),
            changed: Condvar::new(),
            cache,
            arch,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed.wait(guard).unwrap_or_else(|e| e.into_inner())
    }

    pub fn cache(&self) -> &Arc<BlockCache> {
        &self.cache
    }

    /// The guest, whose descriptor says which signal a fault raises.
    pub fn arch(&self) -> &'static GuestArch {
        self.arch
    }

    pub fn attached(&self) -> bool {
        self.lock().attached
    }

    /// Holds the session's lock while `f` runs (around a fork: see
    /// `crossrun_linux::ForkLocks`).
    pub fn while_locked<R>(&self, f: impl FnOnce() -> R) -> R {
        let _state = self.lock();
        f()
    }

    /// A guest thread exists; it is outside guest code until it first enters.
    pub fn register(&self, tid: u32, interrupt: Option<Arc<AtomicBool>>, cpu: &CpuState) {
        let mut s = self.lock();
        let action = if s.stopping { Action::Stay } else { Action::Continue(None) };
        s.threads.insert(tid, Thread { interrupt, run: Run::Outside, cpu: cpu.clone(), cpu_written: false, action });
        self.changed.notify_all();
    }

    pub fn unregister(&self, tid: u32) {
        self.lock().threads.remove(&tid);
        self.changed.notify_all();
    }

    /// In a forked child: the debugger stays with the parent (gdb's default
    /// detach-on-fork), so the child runs free of breakpoints.
    pub fn forget_in_child(&self) {
        let mut s = self.lock();
        s.attached = false;
        s.threads.clear();
        drop(s);
        self.cache.clear_breakpoints();
    }

    /// A thread is about to run guest code: parks first if an all-stop is in effect, then
    /// returns what gdb asked it to do (its signal, if any, is handed out once).
    pub fn enter(&self, tid: u32, cpu: &mut CpuState) -> Action {
        let s = self.lock();
        if !s.attached {
            return Action::Continue(None);
        }
        self.park(s, tid, cpu)
    }

    /// A thread stopped for `stop`: the event is queued for gdb, every other thread is
    /// asked to stop, and this one parks until resumed.
    pub fn stop(&self, tid: u32, cpu: &mut CpuState, stop: Stop) -> Action {
        let mut s = self.lock();
        if !s.attached {
            return Action::Continue(stop_signal(stop));
        }
        s.events.push_back((tid, stop));
        Self::stop_all(&mut s);
        self.park(s, tid, cpu)
    }

    fn park(&self, mut s: MutexGuard<'_, State>, tid: u32, cpu: &mut CpuState) -> Action {
        if let Some(t) = s.threads.get_mut(&tid) {
            t.cpu = cpu.clone();
            t.cpu_written = false;
            t.run = Run::Parked;
        }
        self.changed.notify_all();
        loop {
            let go = s.threads.get(&tid).map_or(Action::Continue(None), |t| t.action);
            // A thread whose stop gdb has not seen yet stays stopped; it is reported next.
            let reported = !s.events.iter().any(|&(t, _)| t == tid);
            if !s.attached || (!s.stopping && go != Action::Stay && reported) {
                break;
            }
            s = self.wait(s);
        }
        let attached = s.attached;
        let Some(t) = s.threads.get_mut(&tid) else { return Action::Continue(None) };
        if t.cpu_written {
            *cpu = t.cpu.clone();
        }
        t.run = Run::Running;
        let action = if attached { t.action } else { Action::Continue(None) };
        // The signal goes with this resume only.
        t.action = match action {
            Action::Step(_) => Action::Step(None),
            _ => Action::Continue(None),
        };
        action
    }

    /// A thread left guest code for the Linux layer (a system call, a signal).
    pub fn leave(&self, tid: u32, cpu: &CpuState) {
        let mut s = self.lock();
        if let Some(t) = s.threads.get_mut(&tid) {
            t.cpu = cpu.clone();
            t.run = Run::Outside;
        }
        if s.stopping {
            self.changed.notify_all();
        }
    }

    fn stop_all(s: &mut State) {
        s.stopping = true;
        for t in s.threads.values() {
            if t.run == Run::Running {
                if let Some(flag) = &t.interrupt {
                    flag.store(true, Ordering::Release);
                }
            }
        }
    }

    /// gdb's Ctrl-C: stop everything; [`Session::next_stop`] then reports it.
    pub fn interrupt(&self) {
        let mut s = self.lock();
        s.events.push_back((0, Stop::Interrupt));
        Self::stop_all(&mut s);
    }

    /// The next stop to report, once every thread is out of guest code; waits at most
    /// `timeout`. Breakpoint events whose breakpoint gdb removed meanwhile are dropped
    /// (the thread simply runs that instruction next time).
    pub fn next_stop(&self, timeout: Duration) -> Option<(u32, Stop)> {
        let deadline = std::time::Instant::now() + timeout;
        let mut s = self.lock();
        loop {
            if let Some(&(tid, end @ (Stop::Exited(_) | Stop::Killed(_)))) = s.events.front() {
                s.events.pop_front();
                return Some((tid, end));
            }
            if !s.events.is_empty() {
                Self::stop_all(&mut s);
            }
            if s.stopping && s.threads.values().all(|t| t.run != Run::Running) {
                while let Some((tid, stop)) = s.events.pop_front() {
                    let stale = stop == Stop::Breakpoint
                        && !s.threads.get(&tid).is_some_and(|t| self.cache.has_breakpoint(t.cpu.pc));
                    if stale {
                        continue;
                    }
                    let tid = if tid == 0 { s.threads.keys().next().copied().unwrap_or(0) } else { tid };
                    return Some((tid, stop));
                }
            }
            let now = std::time::Instant::now();
            if now >= deadline {
                return None;
            }
            s = self.changed.wait_timeout(s, deadline - now).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    /// Waits until the first thread has parked (the guest about to run its first
    /// instruction), so gdb finds a thread to talk about.
    pub fn wait_first_park(&self) {
        let mut s = self.lock();
        while !s.threads.values().any(|t| t.run == Run::Parked) {
            s = self.wait(s);
        }
    }

    /// gdb resumes: each thread gets its action (`default` for threads not named).
    pub fn resume(&self, actions: &BTreeMap<u32, Action>, default: Action) {
        let mut s = self.lock();
        for (tid, t) in s.threads.iter_mut() {
            t.action = actions.get(tid).copied().unwrap_or(default);
        }
        s.stopping = false;
        self.changed.notify_all();
    }

    /// gdb went away: breakpoints removed, every thread runs on.
    pub fn detach(&self) {
        let mut s = self.lock();
        s.attached = false;
        s.stopping = false;
        s.end_reported = true;
        drop(s);
        self.cache.clear_breakpoints();
        self.changed.notify_all();
    }

    /// Thread ids, lowest first.
    pub fn threads(&self) -> Vec<u32> {
        self.lock().threads.keys().copied().collect()
    }

    /// A stopped thread's registers (a thread in a system call: as the call began).
    pub fn registers(&self, tid: u32) -> Option<CpuState> {
        let s = self.lock();
        s.threads.get(&tid).filter(|t| t.run != Run::Running).map(|t| t.cpu.clone())
    }

    /// Sets a parked thread's registers; false for a thread that is not parked (one in a
    /// system call would overwrite them with the call's result).
    pub fn set_registers(&self, tid: u32, cpu: CpuState) -> bool {
        let mut s = self.lock();
        match s.threads.get_mut(&tid) {
            Some(t) if t.run == Run::Parked => {
                t.cpu = cpu;
                t.cpu_written = true;
                true
            }
            _ => false,
        }
    }

    /// The process ends: gdb is told, and this returns once it has been (or gdb is gone,
    /// or after a few seconds, so a stuck client cannot keep a dead process around).
    pub fn exiting(&self, tid: u32, end: Stop) {
        let mut s = self.lock();
        if !s.attached {
            return;
        }
        s.events.push_front((tid, end));
        self.changed.notify_all();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while !s.end_reported {
            let now = std::time::Instant::now();
            if now >= deadline {
                break;
            }
            s = self.changed.wait_timeout(s, deadline - now).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    /// The stub sent gdb the end of the process.
    pub fn end_reported(&self) {
        self.lock().end_reported = true;
        self.changed.notify_all();
    }
}

fn stop_signal(stop: Stop) -> Option<i32> {
    match stop {
        Stop::Signal(s) => Some(s),
        _ => None,
    }
}
