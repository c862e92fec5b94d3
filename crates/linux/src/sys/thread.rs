//! Guest threads: `clone`/`clone3` with CLONE_THREAD as a host thread, thread `exit`, and the
//! calls threaded programs make about scheduling and memory ordering (membarrier,
//! sched_*).
//!
//! Each guest thread is one host thread (so `gettid` is the host tid, `tgkill` reaches
//! it, and futexes work across threads because guest addresses are host addresses) with
//! its own `CpuState`, `ThreadState` (signal mask, alternate stack, clear_child_tid) and
//! executor, made by the factory the embedder registered with
//! [`crate::Process::set_executor_factory`]; translated blocks are shared.

use super::clone::*;
use super::{int_passthrough, raw};
use crate::dispatch::{Ctx, Stop};
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::host;
use crate::process::{Process, ThreadEnd, ThreadState};
use std::sync::atomic::Ordering;

/// The flags a thread clone may carry. CLONE_THREAD, CLONE_SIGHAND and CLONE_VM are
/// required (the clone module checked that the first implies the others); CLONE_FS,
/// CLONE_FILES and CLONE_SYSVSEM are what glibc's, musl's and Go's threads share, and a
/// thread without one of them unshares it on the host; CLONE_DETACHED is ignored,
/// CLONE_PARENT changes nothing for a thread (its parent is the process's), and CLONE_IO
/// (shared I/O scheduling context) and CLONE_PTRACE/CLONE_UNTRACED (nothing traces a
/// guest) have nothing to do.
const THREAD_FLAGS: u64 = CLONE_VM
    | CLONE_FS
    | CLONE_FILES
    | CLONE_SIGHAND
    | CLONE_PIDFD
    | CLONE_PTRACE
    | CLONE_PARENT
    | CLONE_THREAD
    | CLONE_SYSVSEM
    | CLONE_SETTLS
    | CLONE_PARENT_SETTID
    | CLONE_CHILD_CLEARTID
    | CLONE_DETACHED
    | CLONE_UNTRACED
    | CLONE_CHILD_SETTID
    | CLONE_IO;

/// `pidfd_open`'s PIDFD_THREAD (O_EXCL): a pidfd for one thread, not the thread group.
const PIDFD_THREAD: u64 = 0o200;

/// Host stack for a thread's run loop (the interpreter does not recurse deeply).
const HOST_STACK: usize = 1 << 20;

/// A new guest thread, as the kernel's copy_process does for CLONE_THREAD, from clone or
/// clone3 arguments the clone module has checked.
pub fn clone_thread(ctx: &mut Ctx<'_>, c: &CloneArgs) -> SysResult {
    let flags = c.flags;
    if flags & CLONE_THREAD == 0 || flags & !THREAD_FLAGS != 0 {
        // A process sharing the address space (CLONE_VM alone), or a thread moved into
        // another cgroup: crossrun's threads cannot be those.
        ctx.unimplemented(format_args!("clone flags {flags:#x} for a task sharing the address space"));
        return Err(Errno::EINVAL);
    }
    let Some(process) = ctx.process.arc() else { return Err(Errno(libc::EAGAIN)) };
    let Some(mut exec) = process.new_executor() else {
        ctx.unimplemented(format_args!("clone of a thread: no executor factory"));
        return Err(Errno(libc::EAGAIN));
    };
    let mut cpu = ctx.cpu.clone();
    let arch = ctx.process.arch();
    (arch.abi.set_return)(&mut cpu, 0);
    if c.stack != 0 {
        arch.set_stack_pointer(&mut cpu, c.stack);
    }
    if flags & CLONE_SETTLS != 0 {
        (arch.set_thread_pointer)(&mut cpu, c.tls);
    }
    cpu.monitor.valid = false;
    // Same mask; no alternate stack (the kernel clears it for CLONE_VM without VFORK).
    let mut thread = ThreadState::new(ctx.thread.sigmask);
    if flags & CLONE_CHILD_CLEARTID != 0 {
        thread.clear_child_tid = c.child_tid;
    }
    // What the thread shares with its creator that a host thread does not share by
    // default is unshared first, before any guest code runs.
    let unshare = [(CLONE_FS, libc::CLONE_FS), (CLONE_FILES, libc::CLONE_FILES), (CLONE_SYSVSEM, libc::CLONE_SYSVSEM)]
        .iter()
        .filter(|(guest, _)| flags & guest == 0)
        .fold(0, |m, (_, host)| m | host);
    let (child_tid, parent_tid) = (c.child_tid, c.parent_tid);
    // The new thread reports its tid (or why it cannot run); with CLONE_PIDFD it then
    // waits for the creator to open the pidfd and store it.
    let wait_for_pidfd = flags & CLONE_PIDFD != 0;
    let (tx, rx) = std::sync::mpsc::channel::<Result<i32, Errno>>();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<bool>();
    process.live_threads.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new().name("guest".into()).stack_size(HOST_STACK).spawn(move || {
        let tid = host::gettid();
        // SAFETY: unshare of the calling host thread's own fs, files or undo list.
        if unshare != 0 && unsafe { libc::unshare(unshare) } != 0 {
            let _ = tx.send(Err(Errno::last()));
            process.live_threads.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        // Both ids are written before either thread runs guest code again, as the
        // kernel does. A bad pointer is ignored (the kernel ignores it too).
        if flags & CLONE_PARENT_SETTID != 0 {
            let _ = guest::write_u32(parent_tid, tid as u32);
        }
        if flags & CLONE_CHILD_SETTID != 0 {
            let _ = guest::write_u32(child_tid, tid as u32);
        }
        let _ = tx.send(Ok(tid));
        drop(tx);
        if wait_for_pidfd && !go_rx.recv().unwrap_or(false) {
            process.live_threads.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        match process.run_thread(&mut *exec, &mut cpu, &mut thread) {
            ThreadEnd::Group(status) => std::process::exit(status),
            ThreadEnd::Thread(status) => {
                if thread_exited(&process, &thread, status) {
                    std::process::exit(status);
                }
            }
        }
    });
    if spawned.is_err() {
        ctx.process.live_threads.fetch_sub(1, Ordering::SeqCst);
        return Err(Errno(libc::EAGAIN));
    }
    let tid = match rx.recv() {
        Ok(Ok(tid)) => tid,
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err(Errno(libc::EAGAIN)),
    };
    if wait_for_pidfd {
        let stored = store_pidfd(c.pidfd, tid);
        let _ = go_tx.send(stored.is_ok());
        stored?;
    }
    Ok(tid as u64)
}

/// CLONE_PIDFD for a thread: a PIDFD_THREAD pidfd (as the kernel makes since 6.9),
/// stored as an `int` at `addr`; a bad pointer fails the clone with EFAULT, as the
/// kernel's put_user does before the thread runs.
fn store_pidfd(addr: u64, tid: i32) -> Result<(), Errno> {
    // SAFETY: integer arguments; the thread exists and waits for us.
    let fd = unsafe { raw(libc::SYS_pidfd_open, [tid as u64, PIDFD_THREAD, 0, 0, 0, 0]) }? as i32;
    guest::write_u32(addr, fd as u32).inspect_err(|_| {
        // SAFETY: closing the fd just opened, which the guest never saw.
        unsafe { libc::close(fd) };
    })
}

/// `exit`: ends the calling thread only (exit_group ends them all).
pub fn exit(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    ctx.thread.exit_thread = true;
    ctx.stop = Some(Stop::Exit((a[0] & 0xff) as i32));
    Ok(0)
}

/// A thread has ended: clear_child_tid is zeroed and woken, as the kernel's
/// mm_release does (a shared futex wake, which is what pthread_join waits with). True if
/// it was the last thread, and the process is to exit with `status`.
pub(crate) fn thread_exited(process: &Process, thread: &ThreadState, status: i32) -> bool {
    if thread.clear_child_tid != 0 && guest::write_u32(thread.clear_child_tid, 0).is_ok() {
        // SAFETY: a futex wake on a guest u32 word; the kernel checks the address.
        unsafe { libc::syscall(libc::SYS_futex, thread.clear_child_tid, libc::FUTEX_WAKE, 1, 0, 0, 0) };
    }
    let last = process.live_threads.fetch_sub(1, Ordering::SeqCst) == 1;
    if last {
        process.report_end(crate::ProcessEnd::Exited(status));
    }
    last
}

/// The main thread after `exit` while other threads run: it must not return (that would
/// end the host process), nor take signals meant for the guest.
pub(crate) fn park_forever() -> ! {
    let keep = crate::sys::signal::bit(libc::SIGSEGV) | crate::sys::signal::bit(libc::SIGBUS);
    let _ = host::sigprocmask(libc::SIG_SETMASK, Some(!keep));
    loop {
        // SAFETY: no arguments.
        unsafe { libc::pause() };
    }
}

int_passthrough! {
    /// Command and flag values are the same everywhere; the barrier the host kernel
    /// applies to the host threads is the one the guest threads (which they are) need.
    membarrier => SYS_membarrier;
    sched_getscheduler => SYS_sched_getscheduler;
    sched_get_priority_max => SYS_sched_get_priority_max;
    sched_get_priority_min => SYS_sched_get_priority_min;
}

/// `struct sched_param` is one `int` on every architecture
/// ([`crate::abi::layout::fixed::SCHED_PARAM`]): the guest's pointer is handed over as it
/// is.
pub fn sched_setscheduler(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers and a pointer to one guest int.
    unsafe { raw(libc::SYS_sched_setscheduler, a) }
}

/// `sched_rr_get_interval(pid, struct timespec *)`: the host's answer in the guest's
/// timespec layout.
pub fn sched_rr_get_interval(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    crate::sys::time::timespec_out(ctx, libc::SYS_sched_rr_get_interval, a)
}

pub fn sched_getparam(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for sched_setscheduler.
    unsafe { raw(libc::SYS_sched_getparam, a) }
}

pub fn sched_setparam(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for sched_setscheduler.
    unsafe { raw(libc::SYS_sched_setparam, a) }
}
