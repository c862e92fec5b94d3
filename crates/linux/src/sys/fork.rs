//! New processes and waiting for them: clone/clone3 without a shared address space
//! (fork, vfork, posix_spawn), wait4, waitid.
//!
//! # How a guest fork is carried out
//! The guest's process is crossrun's host process, so a guest fork is a host fork: the
//! child is a copy of crossrun with a copy of guest memory, the translated-code cache and
//! the process state, and continues the same guest thread from the system call with a
//! result of 0. The host `fork()` of the C library is used (not a raw clone) so that its
//! own locks (malloc arenas) are consistent in the child even if other host threads
//! exist; crossrun's own locks that other guest threads take (address space, break,
//! signal table, limits, and the executors' translated-block cache through
//! [`crate::ForkLocks`]) are held across the fork for the same reason.
//!
//! # vfork and CLONE_VM|CLONE_VFORK (posix_spawn)
//! A vfork child shares the parent's memory while the parent is suspended until the child
//! execs or exits. Sharing is not possible for a child that runs crossrun's own Rust code
//! (its heap and locks would be the parent's), so the child gets a copy, as with fork, and
//! only the suspension is kept: the parent waits on a close-on-exec pipe whose write end
//! only the child holds, which closes when the child execs or exits. What a guest can
//! observe of the difference: writes the child makes to memory before exec are not seen
//! by the parent. glibc's posix_spawn reports a failed exec through such a write, so with
//! crossrun a posix_spawn whose exec fails returns success and the child exits with 127,
//! which is what callers of posix_spawn already handle for shells (`sh -c`).
//!
//! A clone with CLONE_VM but without CLONE_VFORK creates a thread: see the threads module.

use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{field, write_field, Field, Record, SIGINFO_SIZE};
use crate::dispatch::Ctx;
use crate::errno::{cvt, Errno, SysResult};
use crate::guest;
use crate::host;

// Clone flags (linux/sched.h; the same on every architecture).
pub const CSIGNAL: u64 = 0xff;
pub const CLONE_VM: u64 = 0x100;
pub const CLONE_FS: u64 = 0x200;
pub const CLONE_FILES: u64 = 0x400;
pub const CLONE_SIGHAND: u64 = 0x800;
pub const CLONE_PIDFD: u64 = 0x1000;
pub const CLONE_VFORK: u64 = 0x4000;
pub const CLONE_PARENT: u64 = 0x8000;
pub const CLONE_THREAD: u64 = 0x10000;
pub const CLONE_SETTLS: u64 = 0x80000;
pub const CLONE_PARENT_SETTID: u64 = 0x100000;
pub const CLONE_CHILD_CLEARTID: u64 = 0x200000;
pub const CLONE_CHILD_SETTID: u64 = 0x1000000;

/// The flags a process clone may carry that crossrun honours. CLONE_VM is accepted only
/// with CLONE_VFORK (see the module documentation).
const PROCESS_FLAGS: u64 =
    CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;

/// What a clone asks for, from either clone or clone3.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CloneArgs {
    pub flags: u64,
    pub exit_signal: u64,
    /// The child's stack pointer (0: the parent's).
    pub stack: u64,
    pub parent_tid: u64,
    pub child_tid: u64,
    pub tls: u64,
}

/// Whether the clone makes a thread (shares the address space without vfork's
/// suspension), which this module does not handle.
pub fn is_thread(c: &CloneArgs) -> bool {
    c.flags & CLONE_VM != 0 && c.flags & CLONE_VFORK == 0
}

/// clone, its arguments in the guest's order (`GuestArch::clone_order`).
pub fn clone(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let call = ctx.process.arch().clone_order.split(&a);
    let c = CloneArgs {
        flags: call.flags & !CSIGNAL,
        exit_signal: call.flags & CSIGNAL,
        stack: call.newsp,
        parent_tid: call.parent_tid,
        tls: call.tls,
        child_tid: call.child_tid,
    };
    if is_thread(&c) {
        return crate::sys::thread::clone_thread(ctx, a);
    }
    fork_process(ctx, c)
}

/// `struct clone_args` (linux/sched.h): u64 fields, the same on every architecture.
const CLONE_ARGS_SIZE_VER0: u64 = 64;
const CA_FLAGS: Field = field(0, 8);
const CA_PIDFD: Field = field(8, 8);
const CA_CHILD_TID: Field = field(16, 8);
const CA_PARENT_TID: Field = field(24, 8);
const CA_EXIT_SIGNAL: Field = field(32, 8);
const CA_STACK: Field = field(40, 8);
const CA_STACK_SIZE: Field = field(48, 8);
const CA_TLS: Field = field(56, 8);

/// clone3 for processes. A thread clone3 is ENOSYS, which makes glibc fall back to clone.
pub fn clone3(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let size = a[1];
    if !(CLONE_ARGS_SIZE_VER0..=4096).contains(&size) {
        return Err(Errno::EINVAL);
    }
    let r = Record::read(a[0], CLONE_ARGS_SIZE_VER0 as usize)?;
    let (stack, stack_size) = (r.get(CA_STACK), r.get(CA_STACK_SIZE));
    let c = CloneArgs {
        flags: r.get(CA_FLAGS),
        exit_signal: r.get(CA_EXIT_SIGNAL),
        // clone3 gives the lowest address and size; the stack grows down from the top.
        stack: if stack == 0 { 0 } else { stack.wrapping_add(stack_size) },
        parent_tid: r.get(CA_PARENT_TID),
        child_tid: r.get(CA_CHILD_TID),
        tls: r.get(CA_TLS),
    };
    if c.flags & CSIGNAL != 0 || c.exit_signal > 64 || r.get(CA_PIDFD) != 0 && c.flags & CLONE_PIDFD == 0 {
        return Err(Errno::EINVAL);
    }
    if is_thread(&c) {
        return Err(Errno(libc::ENOSYS));
    }
    fork_process(ctx, c)
}

fn fork_process(ctx: &mut Ctx<'_>, c: CloneArgs) -> SysResult {
    if c.flags & !PROCESS_FLAGS != 0 {
        // CLONE_FILES, CLONE_FS, CLONE_PIDFD, CLONE_PARENT, namespaces...: a host fork
        // cannot share those with a separate process the way the guest asked.
        ctx.unimplemented(format_args!("clone flags {:#x}", c.flags & !PROCESS_FLAGS));
        return Err(Errno::EINVAL);
    }
    let vfork = c.flags & CLONE_VFORK != 0;
    let gate = if vfork { Some(VforkGate::new()?) } else { None };
    let pid = {
        // Every crossrun lock another guest thread may be holding right now, taken in
        // the order the system calls nest them (brk before space): in the child those
        // threads are gone, and a lock copied in the held state would never be released.
        let p = ctx.process;
        let _brk = p.brk.lock().unwrap_or_else(|e| e.into_inner());
        let _space = p.space();
        let _fakeroot = p.fakeroot().map(|f| f.hold_for_fork());
        let _signals = p.signals.lock().unwrap_or_else(|e| e.into_inner());
        let _limits = p.limits.lock().unwrap_or_else(|e| e.into_inner());
        let mut forked = 0;
        p.with_fork_locks(&mut || {
            forked = if c.exit_signal == libc::SIGCHLD as u64 {
                // SAFETY: the child only continues the guest thread (see the module docs).
                unsafe { libc::fork() as libc::c_long }
            } else {
                // Another exit signal (or none) is only expressible with a raw clone.
                // SAFETY: a fork-like clone without shared state: no pointers.
                unsafe { libc::syscall(libc::SYS_clone, c.exit_signal, 0, 0, 0, 0) }
            };
        });
        cvt(forked)?
    };
    if pid == 0 {
        // The child: only the forking thread exists in it, as with the kernel's fork.
        ctx.process.live_threads.store(1, std::sync::atomic::Ordering::SeqCst);
        crossrun_memory::code_pages::after_fork();
        if let Some(g) = &gate {
            g.child_side();
        }
        let arch = ctx.process.arch();
        if c.stack != 0 {
            arch.set_stack_pointer(ctx.cpu, c.stack);
        }
        if c.flags & CLONE_SETTLS != 0 {
            (arch.set_thread_pointer)(ctx.cpu, c.tls);
        }
        if c.flags & CLONE_CHILD_SETTID != 0 {
            // The kernel ignores a bad pointer here.
            let _ = guest::write_u32(c.child_tid, host::gettid() as u32);
        }
        if c.flags & CLONE_CHILD_CLEARTID != 0 {
            ctx.thread.clear_child_tid = c.child_tid;
        }
        return Ok(0);
    }
    if c.flags & CLONE_PARENT_SETTID != 0 {
        let _ = guest::write_u32(c.parent_tid, pid as u32);
    }
    if let Some(g) = gate {
        g.wait_for_exec_or_exit();
    }
    Ok(pid)
}

/// The pipe a vfork parent waits on until its child execs or exits.
struct VforkGate {
    read: i32,
    write: i32,
}

/// Where the gate's fds go: far above what programs usually have open, so the child's
/// lowest free fd (which the guest may rely on) is not taken by crossrun.
const GATE_FD_MIN: i32 = 800;

impl VforkGate {
    fn new() -> Result<VforkGate, Errno> {
        let mut fds = [0i32; 2];
        // SAFETY: a valid two-int array.
        crate::errno::cvt_int(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
        let high = |fd: i32| {
            // SAFETY: integer arguments on our own fd.
            let h = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, GATE_FD_MIN) };
            if h >= 0 {
                // SAFETY: closing our own fd, replaced by its copy.
                unsafe { libc::close(fd) };
                h
            } else {
                fd
            }
        };
        Ok(VforkGate { read: high(fds[0]), write: high(fds[1]) })
    }

    fn child_side(&self) {
        // SAFETY: closing our own fd; the write end stays open until exec or exit.
        unsafe { libc::close(self.read) };
    }

    fn wait_for_exec_or_exit(self) {
        // SAFETY: closing our own fd.
        unsafe { libc::close(self.write) };
        let mut b = [0u8; 1];
        loop {
            // SAFETY: reading into a valid local from our own fd.
            let n = unsafe { libc::read(self.read, b.as_mut_ptr().cast(), 1) };
            if n >= 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
                break;
            }
        }
        // SAFETY: closing our own fd.
        unsafe { libc::close(self.read) };
    }
}

/// wait4(pid, wstatus, options, rusage): the status word encodes exit codes and signals
/// the same way on every architecture, and the W* options are the same; the rusage is
/// converted through the guest's layout.
pub fn wait4(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut status: i32 = 0;
    // SAFETY: a zeroed rusage is a valid value for the kernel to fill.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let ru_ptr = if a[3] != 0 { &mut ru as *mut libc::rusage as u64 } else { 0 };
    // SAFETY: pid and options are integers; status and rusage point at valid locals.
    let pid = unsafe { super::raw(libc::SYS_wait4, [a[0], &mut status as *mut i32 as u64, a[2], ru_ptr, 0, 0]) }?;
    if a[1] != 0 && pid != 0 {
        guest::write_u32(a[1], status as u32)?;
    }
    if a[3] != 0 {
        ctx.abi.layouts.rusage.encode(&super::info::rusage_from_host(&ru)).write(a[3])?;
    }
    Ok(pid)
}

/// waitid(idtype, id, infop, options, rusage). P_* id types and W* options are the same
/// everywhere. The host fills a host siginfo; the fields the kernel's waitid writes
/// (signo, errno, code, pid, uid, status) are copied one by one into the guest's, at its
/// layout's offsets, and the rest of the guest's buffer is left as it was, as the kernel
/// leaves it.
pub fn waitid(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut buf = [0u8; SIGINFO_SIZE];
    // SAFETY: a zeroed rusage is valid for the kernel to fill.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let info_ptr = if a[2] != 0 { buf.as_mut_ptr() as u64 } else { 0 };
    let ru_ptr = if a[4] != 0 { &mut ru as *mut libc::rusage as u64 } else { 0 };
    // SAFETY: integers, plus a siginfo buffer and a rusage, both valid locals.
    let r = unsafe { super::raw(libc::SYS_waitid, [a[0], a[1], info_ptr, a[3], ru_ptr, 0]) }?;
    if a[2] != 0 {
        let (h, g) = (&HOST.siginfo, &ctx.abi.layouts.siginfo);
        let host = Record::from_bytes(&buf, SIGINFO_SIZE);
        for (hf, gf) in [(h.signo, g.signo), (h.errno, g.errno), (h.code, g.code), (h.pid, g.pid), (h.uid, g.uid), (h.status, g.status)] {
            write_field(a[2], gf, host.get(hf))?;
        }
    }
    if a[4] != 0 {
        ctx.abi.layouts.rusage.encode(&super::info::rusage_from_host(&ru)).write(a[4])?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    #[test]
    fn clone3_args_and_thread_detection() {
        assert!(is_thread(&CloneArgs { flags: CLONE_VM | CLONE_THREAD, ..Default::default() }));
        assert!(!is_thread(&CloneArgs { flags: CLONE_VM | CLONE_VFORK, ..Default::default() }));
        let mut g = Guest::new();
        // A thread clone3 is ENOSYS (glibc falls back to clone); a bad size is EINVAL.
        let mut ca = [0u64; 8];
        ca[0] = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND;
        assert_eq!(g.call("clone3", &[ca.as_ptr() as u64, 64]), -(libc::ENOSYS as i64));
        assert_eq!(g.call("clone3", &[ca.as_ptr() as u64, 8]), -(libc::EINVAL as i64));
        // Flags a fork cannot honour are refused.
        assert_eq!(g.call("clone", &[CLONE_FILES | 17]), -(libc::EINVAL as i64));
    }

    #[test]
    fn fork_waits_for_the_executor_locks_and_the_child_finds_them_free() {
        use std::sync::{mpsc, Arc, Mutex};
        let mut g = Guest::new();
        let shared = Arc::new(Mutex::new(()));
        let l = shared.clone();
        g.process.set_fork_locks(Box::new(move |fork| {
            let _held = l.lock().unwrap_or_else(|e| e.into_inner());
            fork()
        }));
        let (tx, rx) = mpsc::channel();
        let s = shared.clone();
        let holder = std::thread::spawn(move || {
            let _g = s.lock().unwrap();
            tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(100));
        });
        rx.recv().unwrap();
        // Another thread holds the lock now: the fork must wait for it, not copy it held.
        let pid = g.call("clone", &[libc::SIGCHLD as u64]);
        if pid == 0 {
            let free = shared.try_lock().is_ok();
            // SAFETY: ends the forked test process without running the harness.
            unsafe { libc::_exit(if free { 0 } else { 1 }) };
        }
        assert!(pid > 0, "fork failed: {pid}");
        holder.join().unwrap();
        let mut status = 0;
        // SAFETY: a valid int for the status of our own child.
        assert_eq!(unsafe { libc::waitpid(pid as i32, &mut status, 0) }, pid as i32);
        assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "the child found the lock held: {status:#x}");
    }

    #[test]
    fn wait4_without_children_is_echild() {
        let mut g = Guest::new();
        // WNOHANG on a pid that is not our child.
        assert_eq!(g.call("wait4", &[1, 0, 1, 0]), -(libc::ECHILD as i64));
        let mut info = [0xffu8; 128];
        assert_eq!(g.call("waitid", &[1, 1, info.as_mut_ptr() as u64, 4 | 1, 0]), -(libc::ECHILD as i64));
    }
}
