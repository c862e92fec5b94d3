//! New processes and waiting for them: clone/clone3 without a shared address space
//! (fork, vfork, posix_spawn; the clone module decodes and checks the arguments),
//! wait4, waitid.
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
//! vfork and CLONE_VM|CLONE_VFORK (posix_spawn) children get a copy too; the vfork
//! module keeps the parent waiting and carries back what the child leaves on its stack.
//!
//! A clone with CLONE_VM but without CLONE_VFORK creates a thread: see the threads module.

use super::clone::*;
use super::vfork::{self, VforkGate};
use crate::abi::host::LAYOUTS as HOST;
use crate::abi::layout::{write_field, Record, SIGINFO_SIZE};
use crate::dispatch::Ctx;
use crate::errno::{cvt, Errno, SysResult};
use crate::guest;
use crate::host;

/// The flags a process clone may carry. CLONE_VM only with CLONE_VFORK (see the module
/// documentation); CLONE_DETACHED is ignored, and CLONE_IO (shared I/O scheduling
/// context) and CLONE_PTRACE/CLONE_UNTRACED (nothing traces a guest) have nothing to do.
const PROCESS_FLAGS: u64 = CLONE_VM
    | CLONE_PIDFD
    | CLONE_PTRACE
    | CLONE_VFORK
    | CLONE_SETTLS
    | CLONE_PARENT_SETTID
    | CLONE_CHILD_CLEARTID
    | CLONE_DETACHED
    | CLONE_UNTRACED
    | CLONE_CHILD_SETTID
    | CLONE_IO
    | CLONE_CLEAR_SIGHAND
    | CLONE_INTO_CGROUP;

/// cgroup2's `statfs` magic number.
const CGROUP2_SUPER_MAGIC: i64 = 0x6367_7270;

/// A new process (not sharing the address space, or a vfork child), from clone or
/// clone3 arguments the clone module has checked.
pub fn fork_process(ctx: &mut Ctx<'_>, c: &CloneArgs) -> SysResult {
    if c.flags & !PROCESS_FLAGS != 0 {
        // CLONE_FILES, CLONE_FS, CLONE_SIGHAND, CLONE_SYSVSEM, CLONE_PARENT...: a host
        // fork cannot share those with a separate process the way the guest asked.
        ctx.unimplemented(format_args!("clone flags {:#x} for a process", c.flags & !PROCESS_FLAGS));
        return Err(Errno::EINVAL);
    }
    let sp = ctx.process.arch().stack_pointer(ctx.cpu);
    let vfork_stack = (c.flags & CLONE_VFORK != 0).then(|| vfork::read_stack(ctx.process, sp));
    let (pid, gate, hold) = {
        // Every crossrun lock another guest thread may be holding right now, taken in
        // the order the system calls nest them (brk before space): in the child those
        // threads are gone, and a lock copied in the held state would never be released.
        let p = ctx.process;
        let _brk = p.brk.lock().unwrap_or_else(|e| e.into_inner());
        let _space = p.space();
        let _fakeroot = p.fakeroot().map(|f| f.hold_for_fork());
        let _signals = p.signals.lock().unwrap_or_else(|e| e.into_inner());
        let _limits = p.limits.lock().unwrap_or_else(|e| e.into_inner());
        // The pipes are made under the locks, and the parent's copy of the gate's write
        // end closed before they are released, so no other thread's fork copies them.
        let mut gate = vfork_stack.map(|stack| VforkGate::new(sp, stack)).transpose()?;
        // With CLONE_PIDFD or CLONE_INTO_CGROUP the parent finishes the child's creation
        // (the kernel does it before the child runs): the child waits on `hold` meanwhile.
        let hold = if c.flags & (CLONE_PIDFD | CLONE_INTO_CGROUP) != 0 { Some(ChildHold::new()?) } else { None };
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
        if forked > 0 {
            if let Some(g) = gate.as_mut() {
                g.parent_side();
            }
        }
        (forked, gate, hold)
    };
    let pid = cvt(pid)?;
    if pid == 0 {
        // The child: only the forking thread exists in it, as with the kernel's fork.
        ctx.process.live_threads.store(1, std::sync::atomic::Ordering::SeqCst);
        crossrun_memory::code_pages::after_fork();
        // A vfork child's report channel, or none (which closes the one this process
        // inherited if it is itself a vfork child that has not exec'd).
        *ctx.process.vfork_parent.lock().unwrap_or_else(|e| e.into_inner()) = gate.map(VforkGate::child_side);
        if let Some(h) = hold {
            h.wait_in_child();
        }
        if c.flags & CLONE_CLEAR_SIGHAND != 0 {
            ctx.process.signals.lock().unwrap_or_else(|e| e.into_inner()).clear_handlers();
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
    if let Some(h) = hold {
        // The kernel moves the child into the cgroup, then stores the pidfd; either
        // failing fails the clone, and the child never runs.
        let finished = into_cgroup(c, pid).and_then(|()| store_pidfd(c, pid));
        if let Err(e) = finished {
            discard_child(pid);
            return Err(e);
        }
        h.release();
    }
    if c.flags & CLONE_PARENT_SETTID != 0 {
        let _ = guest::write_u32(c.parent_tid, pid as u32);
    }
    if let Some(g) = gate {
        g.wait_for_exec_or_exit();
    }
    Ok(pid)
}

/// CLONE_INTO_CGROUP: the child joins the cgroup2 directory `c.cgroup` before it runs.
/// An fd that is not a cgroup2 directory is EBADF, as for the kernel; the permission
/// rules are those of writing the pid to its cgroup.procs, which the kernel applies.
fn into_cgroup(c: &CloneArgs, pid: u64) -> Result<(), Errno> {
    if c.flags & CLONE_INTO_CGROUP == 0 {
        return Ok(());
    }
    let fd = c.cgroup as i32;
    // SAFETY: a zeroed statfs is valid for the kernel to fill.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: an fd number and a valid local.
    if unsafe { libc::fstatfs(fd, &mut st) } != 0 || st.f_type != CGROUP2_SUPER_MAGIC {
        return Err(Errno::EBADF);
    }
    // SAFETY: a relative path in a valid C string under the guest's directory fd.
    let procs = unsafe { libc::openat(fd, c"cgroup.procs".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
    if procs < 0 {
        return Err(Errno::last());
    }
    let line = format!("{pid}\n");
    // SAFETY: writing a local buffer to our own fd, then closing it.
    let r = unsafe {
        let r = libc::write(procs, line.as_ptr().cast(), line.len());
        libc::close(procs);
        r
    };
    if r < 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// CLONE_PIDFD: a pidfd for the child (O_RDWR|O_CLOEXEC, as clone's), stored as an `int`
/// where the guest asked; a bad pointer fails the clone with EFAULT.
fn store_pidfd(c: &CloneArgs, pid: u64) -> Result<(), Errno> {
    if c.flags & CLONE_PIDFD == 0 {
        return Ok(());
    }
    // SAFETY: integer arguments; the child exists and waits.
    let fd = unsafe { super::raw(libc::SYS_pidfd_open, [pid, 0, 0, 0, 0, 0]) }? as i32;
    guest::write_u32(c.pidfd, fd as u32).inspect_err(|_| {
        // SAFETY: closing the fd just opened, which the guest never saw.
        unsafe { libc::close(fd) };
    })
}

/// A child whose creation failed after the fork: killed and reaped before it ran.
fn discard_child(pid: u64) {
    // SAFETY: integer arguments on our own child, which waits and cannot have exited.
    unsafe {
        libc::kill(pid as i32, libc::SIGKILL);
        libc::waitpid(pid as i32, std::ptr::null_mut(), libc::__WALL);
    }
}

/// The pipe a child waits on until its parent has finished creating it. The parent
/// releases it with a byte, not by closing its end: another thread's fork in between
/// would hold a copy of that end open. Its fds are closed when it is dropped.
struct ChildHold {
    read: i32,
    write: i32,
}

impl ChildHold {
    fn new() -> Result<ChildHold, Errno> {
        let mut fds = [0i32; 2];
        // SAFETY: a valid two-int array.
        crate::errno::cvt_int(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
        Ok(ChildHold { read: fds[0], write: fds[1] })
    }

    /// Until the parent's byte (or its death: then the end of the pipe).
    fn wait_in_child(mut self) {
        // SAFETY: closing our own copy of the write end.
        unsafe { libc::close(self.write) };
        self.write = -1;
        let mut b = [0u8; 1];
        // SAFETY: reading into a valid local from our own fd. A signal for the guest
        // interrupts the read (crossrun's handlers do not restart): it is taken later.
        while unsafe { libc::read(self.read, b.as_mut_ptr().cast(), 1) } < 0 && Errno::last().0 == libc::EINTR {}
    }

    fn release(self) {
        // SAFETY: one byte from a valid local into our own pipe, which has room for it.
        unsafe { libc::write(self.write, [1u8].as_ptr().cast(), 1) };
    }
}

impl Drop for ChildHold {
    fn drop(&mut self) {
        for fd in [self.read, self.write] {
            if fd >= 0 {
                // SAFETY: closing our own fd.
                unsafe { libc::close(fd) };
            }
        }
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
    fn sharing_a_process_cannot_honour_is_refused() {
        let mut g = Guest::new();
        assert_eq!(g.call("clone", &[CLONE_FILES | 17]), -(libc::EINVAL as i64));
        assert_eq!(g.call("clone", &[CLONE_FS | 17]), -(libc::EINVAL as i64));
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
