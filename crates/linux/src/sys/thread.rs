//! Guest threads: `clone` with CLONE_THREAD as a host thread, thread `exit`, and the
//! calls threaded programs make about scheduling and memory ordering (membarrier,
//! sched_*).
//!
//! Each guest thread is one host thread (so `gettid` is the host tid, `tgkill` reaches
//! it, and futexes work across threads because guest addresses are host addresses) with
//! its own `CpuState`, `ThreadState` (signal mask, alternate stack, clear_child_tid) and
//! executor, made by the factory the embedder registered with
//! [`crate::Process::set_executor_factory`]; translated blocks are shared.

use super::{int_passthrough, raw};
use crate::dispatch::{Ctx, Stop};
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::host;
use crate::process::{Process, ThreadEnd, ThreadState};
use std::sync::atomic::Ordering;

pub const CLONE_VM: u64 = 0x100;
pub const CLONE_FS: u64 = 0x200;
pub const CLONE_FILES: u64 = 0x400;
pub const CLONE_SIGHAND: u64 = 0x800;
pub const CLONE_VFORK: u64 = 0x4000;
pub const CLONE_THREAD: u64 = 0x10000;
pub const CLONE_SYSVSEM: u64 = 0x40000;
pub const CLONE_SETTLS: u64 = 0x80000;
pub const CLONE_PARENT_SETTID: u64 = 0x100000;
pub const CLONE_CHILD_CLEARTID: u64 = 0x200000;
pub const CLONE_DETACHED: u64 = 0x400000;
pub const CLONE_CHILD_SETTID: u64 = 0x1000000;

/// The flags a thread clone may carry: what glibc's and musl's pthread_create pass.
const THREAD_FLAGS_ALLOWED: u64 = CLONE_VM
    | CLONE_FS
    | CLONE_FILES
    | CLONE_SIGHAND
    | CLONE_THREAD
    | CLONE_SYSVSEM
    | CLONE_SETTLS
    | CLONE_PARENT_SETTID
    | CLONE_CHILD_CLEARTID
    | CLONE_DETACHED
    | CLONE_CHILD_SETTID;

/// Host stack for a thread's run loop (the interpreter does not recurse deeply).
const HOST_STACK: usize = 1 << 20;

/// A new guest thread, as the kernel's copy_process does for CLONE_THREAD: `a` is
/// clone's arguments in the guest's order (`GuestArch::clone_order`). Called
/// by `fork::clone` for clones that share the address space without CLONE_VFORK.
pub fn clone_thread(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let arch = ctx.process.arch();
    let c = arch.clone_order.split(&a);
    let (flags, newsp, ptid, tls, ctid) = (c.flags, c.newsp, c.parent_tid, c.tls, c.child_tid);
    // The kernel's checks: a thread shares the signal handlers, which needs the VM.
    if flags & CLONE_THREAD == 0 || flags & CLONE_SIGHAND == 0 || flags & CLONE_VM == 0 {
        return Err(Errno::EINVAL);
    }
    if flags & !(THREAD_FLAGS_ALLOWED | 0xff) != 0 || flags & 0xff != 0 {
        ctx.unimplemented(format_args!("clone flags {flags:#x} for a thread"));
        return Err(Errno::EINVAL);
    }
    let Some(process) = ctx.process.arc() else { return Err(Errno(libc::EAGAIN)) };
    let Some(mut exec) = process.new_executor() else {
        ctx.unimplemented(format_args!("clone of a thread: no executor factory"));
        return Err(Errno(libc::EAGAIN));
    };
    let mut cpu = ctx.cpu.clone();
    (arch.abi.set_return)(&mut cpu, 0);
    if newsp != 0 {
        arch.set_stack_pointer(&mut cpu, newsp);
    }
    if flags & CLONE_SETTLS != 0 {
        (arch.set_thread_pointer)(&mut cpu, tls);
    }
    cpu.monitor.valid = false;
    // Same mask; no alternate stack (the kernel clears it for CLONE_VM without VFORK).
    let mut thread = ThreadState::new(ctx.thread.sigmask);
    if flags & CLONE_CHILD_CLEARTID != 0 {
        thread.clear_child_tid = ctid;
    }
    let (tx, rx) = std::sync::mpsc::channel::<i32>();
    process.live_threads.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new().name("guest".into()).stack_size(HOST_STACK).spawn(move || {
        let tid = host::gettid();
        // Both ids are written before either thread runs guest code again, as the
        // kernel does. A bad pointer is ignored (the kernel ignores it too).
        if flags & CLONE_PARENT_SETTID != 0 {
            let _ = guest::write_u32(ptid, tid as u32);
        }
        if flags & CLONE_CHILD_SETTID != 0 {
            let _ = guest::write_u32(ctid, tid as u32);
        }
        let _ = tx.send(tid);
        drop(tx);
        match process.run_thread(&mut *exec, &mut cpu, &mut thread) {
            ThreadEnd::Group(status) => std::process::exit(status),
            ThreadEnd::Thread(status) => {
                if thread_exited(&process, &thread) {
                    std::process::exit(status);
                }
            }
        }
    });
    if spawned.is_err() {
        ctx.process.live_threads.fetch_sub(1, Ordering::SeqCst);
        return Err(Errno(libc::EAGAIN));
    }
    match rx.recv() {
        Ok(tid) => Ok(tid as u64),
        Err(_) => Err(Errno(libc::EAGAIN)),
    }
}

/// `exit`: ends the calling thread only (exit_group ends them all).
pub fn exit(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    ctx.thread.exit_thread = true;
    ctx.stop = Some(Stop::Exit((a[0] & 0xff) as i32));
    Ok(0)
}

/// A thread has ended: clear_child_tid is zeroed and woken, as the kernel's
/// mm_release does (a shared futex wake, which is what pthread_join waits with). True if
/// it was the last thread, and the process is to exit.
pub(crate) fn thread_exited(process: &Process, thread: &ThreadState) -> bool {
    if thread.clear_child_tid != 0 && guest::write_u32(thread.clear_child_tid, 0).is_ok() {
        // SAFETY: a futex wake on a guest u32 word; the kernel checks the address.
        unsafe { libc::syscall(libc::SYS_futex, thread.clear_child_tid, libc::FUTEX_WAKE, 1, 0, 0, 0) };
    }
    process.live_threads.fetch_sub(1, Ordering::SeqCst) == 1
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
