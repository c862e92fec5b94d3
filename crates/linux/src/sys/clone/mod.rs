//! `clone` and `clone3`: their arguments decoded and checked the way the kernel's
//! kernel/fork.c does (for clone3 `copy_clone_args_from_user` and `clone3_args_valid`,
//! then for both the rules of `kernel_clone` and `copy_process`), and the new task made
//! by the threads module (a clone sharing the address space without CLONE_VFORK, what
//! pthread_create asks for) or the fork module (fork, vfork, posix_spawn's
//! CLONE_VM|CLONE_VFORK, pidfd_spawn and pidfd_fork's CLONE_PIDFD).
//!
//! A request the kernel would accept but crossrun cannot carry out is refused after all
//! the kernel's checks, with a `-d unimp` note and the error a kernel can give for it:
//! - namespaces (CLONE_NEW*): EINVAL, what a kernel built without that namespace gives;
//! - set_tid (choosing the child's pid, for checkpoint/restore): a host fork() cannot
//!   choose it, so the caller gets the kernel's answer to a caller without
//!   CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE, EPERM (after the kernel's EINVAL checks);
//! - sharing with a separate process what only threads can share in crossrun (CLONE_FS,
//!   CLONE_FILES, CLONE_SIGHAND or CLONE_SYSVSEM without CLONE_THREAD, CLONE_VM
//!   without CLONE_THREAD or CLONE_VFORK), CLONE_PARENT for a process, CLONE_INTO_CGROUP
//!   for a thread: EINVAL.

use crate::abi::layout::fixed::CLONE_ARGS;
use crate::abi::layout::{Field, Record};
use crate::arch::CloneOrder;
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;

// Clone flags (linux/sched.h; the same on every architecture).
pub const CSIGNAL: u64 = 0xff;
/// In clone3's flags only: clone's low byte is the exit signal.
pub const CLONE_NEWTIME: u64 = 0x80;
pub const CLONE_VM: u64 = 0x100;
pub const CLONE_FS: u64 = 0x200;
pub const CLONE_FILES: u64 = 0x400;
pub const CLONE_SIGHAND: u64 = 0x800;
pub const CLONE_PIDFD: u64 = 0x1000;
pub const CLONE_PTRACE: u64 = 0x2000;
pub const CLONE_VFORK: u64 = 0x4000;
pub const CLONE_PARENT: u64 = 0x8000;
pub const CLONE_THREAD: u64 = 0x10000;
pub const CLONE_NEWNS: u64 = 0x20000;
pub const CLONE_SYSVSEM: u64 = 0x40000;
pub const CLONE_SETTLS: u64 = 0x80000;
pub const CLONE_PARENT_SETTID: u64 = 0x100000;
pub const CLONE_CHILD_CLEARTID: u64 = 0x200000;
pub const CLONE_DETACHED: u64 = 0x400000;
pub const CLONE_UNTRACED: u64 = 0x800000;
pub const CLONE_CHILD_SETTID: u64 = 0x1000000;
pub const CLONE_NEWCGROUP: u64 = 0x2000000;
pub const CLONE_NEWUTS: u64 = 0x4000000;
pub const CLONE_NEWIPC: u64 = 0x8000000;
pub const CLONE_NEWUSER: u64 = 0x10000000;
pub const CLONE_NEWPID: u64 = 0x20000000;
pub const CLONE_NEWNET: u64 = 0x40000000;
pub const CLONE_IO: u64 = 0x80000000;
pub const CLONE_CLEAR_SIGHAND: u64 = 1 << 32;
pub const CLONE_INTO_CGROUP: u64 = 1 << 33;

/// Every flag of the old 32-bit flag word.
const CLONE_LEGACY_FLAGS: u64 = 0xffff_ffff;
const NAMESPACES: u64 =
    CLONE_NEWTIME | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
/// `struct clone_args` grows at its end: the caller's size says which fields it knows,
/// from CLONE_ARGS_SIZE_VER0 (up to `tls`) to the current kernel's 88 bytes (VER2, up to
/// `cgroup`; a 6.18 kernel answers E2BIG for non-zero bytes past it).
const CLONE_ARGS_SIZE_VER0: usize = 64;
const FLAGS: Field = CLONE_ARGS.member("flags");
const PIDFD: Field = CLONE_ARGS.member("pidfd");
const CHILD_TID: Field = CLONE_ARGS.member("child_tid");
const PARENT_TID: Field = CLONE_ARGS.member("parent_tid");
const EXIT_SIGNAL: Field = CLONE_ARGS.member("exit_signal");
const STACK: Field = CLONE_ARGS.member("stack");
const STACK_SIZE: Field = CLONE_ARGS.member("stack_size");
const TLS: Field = CLONE_ARGS.member("tls");
const SET_TID: Field = CLONE_ARGS.member("set_tid");
const SET_TID_SIZE: Field = CLONE_ARGS.member("set_tid_size");
const CGROUP: Field = CLONE_ARGS.member("cgroup");

/// The kernel's MAX_PID_NS_LEVEL: at most this many pids in set_tid.
const MAX_PID_NS_LEVEL: u64 = 32;
/// `_NSIG`: the highest signal number, and so the highest exit signal.
const NSIG: u64 = 64;

/// What a clone asks for, from either system call, after the kernel's checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CloneArgs {
    /// CLONE_* flags, without the exit signal.
    pub flags: u64,
    /// Where CLONE_PIDFD stores the pidfd (an `int`).
    pub pidfd: u64,
    pub child_tid: u64,
    pub parent_tid: u64,
    pub exit_signal: u64,
    /// The child's stack pointer: clone's `newsp`, clone3's `stack + stack_size` (the
    /// stack grows down); 0 keeps the parent's.
    pub stack: u64,
    pub tls: u64,
    /// clone3's set_tid: the pids wanted, innermost pid namespace first.
    pub set_tid: Vec<i32>,
    /// The cgroup2 directory fd of CLONE_INTO_CGROUP.
    pub cgroup: u64,
}

impl CloneArgs {
    /// The legacy clone's registers, in the guest's order. The kernel reads only the low
    /// 32 bits of the flags, whose low byte is the exit signal; CLONE_PIDFD stores the
    /// pidfd where the parent's tid would go.
    pub fn from_clone(a: [u64; 6], order: CloneOrder) -> CloneArgs {
        let call = order.split(&a);
        let word = call.flags & CLONE_LEGACY_FLAGS;
        CloneArgs {
            flags: word & !CSIGNAL,
            exit_signal: word & CSIGNAL,
            stack: call.newsp,
            pidfd: call.parent_tid,
            parent_tid: call.parent_tid,
            child_tid: call.child_tid,
            tls: call.tls,
            set_tid: Vec::new(),
            cgroup: 0,
        }
    }

    /// clone3's `struct clone_args` (a fixed-width record) of `size` bytes at `addr`, read and checked as
    /// `copy_clone_args_from_user` and `clone3_args_valid` do, in their order.
    /// `page_size` bounds the size, `task_size` the stack.
    pub fn from_clone3(addr: u64, size: u64, page_size: u64, task_size: u64) -> Result<CloneArgs, Errno> {
        let known = CLONE_ARGS.size;
        if size > page_size {
            return Err(Errno(libc::E2BIG));
        }
        if size < CLONE_ARGS_SIZE_VER0 as u64 {
            return Err(Errno::EINVAL);
        }
        // copy_struct_from_user: a newer caller's extra fields must be zero (checked
        // first), an older caller's missing ones read as zero.
        let size = size as usize;
        if size > known {
            let mut extra = vec![0u8; size - known];
            guest::read(addr + known as u64, &mut extra)?;
            if extra.iter().any(|&b| b != 0) {
                return Err(Errno(libc::E2BIG));
            }
        }
        let r = Record::from_bytes(Record::read(addr, size.min(known))?.as_bytes(), known);
        let (set_tid, set_tid_size) = (r.get(SET_TID), r.get(SET_TID_SIZE));
        if set_tid_size > MAX_PID_NS_LEVEL || (set_tid == 0) != (set_tid_size == 0) {
            return Err(Errno::EINVAL);
        }
        let exit_signal = r.get(EXIT_SIGNAL);
        if exit_signal & !CSIGNAL != 0 || exit_signal > NSIG {
            return Err(Errno::EINVAL);
        }
        let (flags, cgroup) = (r.get(FLAGS), r.get(CGROUP));
        if flags & CLONE_INTO_CGROUP != 0 && (cgroup > i32::MAX as u64 || size < CGROUP.offset + CGROUP.size) {
            return Err(Errno::EINVAL);
        }
        let mut tids = vec![0u8; 4 * set_tid_size as usize];
        guest::read(set_tid, &mut tids)?;
        // clone3_args_valid. CSIGNAL's bits are free for new flags in clone3 (the exit
        // signal has its own field), and the first to be used is CLONE_NEWTIME.
        if flags & !(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP) != 0
            || flags & (CLONE_DETACHED | (CSIGNAL & !CLONE_NEWTIME)) != 0
            || flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND) == CLONE_SIGHAND | CLONE_CLEAR_SIGHAND
            || flags & (CLONE_THREAD | CLONE_PARENT) != 0 && exit_signal != 0
        {
            return Err(Errno::EINVAL);
        }
        // clone3_stack_valid: no stack and no size, or a non-empty user range.
        let (stack, stack_size) = (r.get(STACK), r.get(STACK_SIZE));
        let stack_top = match (stack, stack_size) {
            (0, 0) => 0,
            (0, _) | (_, 0) => return Err(Errno::EINVAL),
            (s, n) if n > task_size || s > task_size - n => return Err(Errno::EINVAL),
            (s, n) => s + n,
        };
        Ok(CloneArgs {
            flags,
            pidfd: r.get(PIDFD),
            child_tid: r.get(CHILD_TID),
            parent_tid: r.get(PARENT_TID),
            exit_signal,
            stack: stack_top,
            tls: r.get(TLS),
            set_tid: tids.chunks(4).map(|c| i32::from_le_bytes(c.try_into().expect("4 bytes"))).collect(),
            cgroup,
        })
    }

    /// The checks `kernel_clone` and `copy_process` make of both calls' flags before
    /// anything is created.
    pub fn check(&self) -> Result<(), Errno> {
        let f = self.flags;
        let both = |a: u64, b: u64| f & (a | b) == a | b;
        // Legacy clone returns the pidfd through parent_tid: the two cannot share it.
        if both(CLONE_PIDFD, CLONE_PARENT_SETTID) && self.pidfd == self.parent_tid {
            return Err(Errno::EINVAL);
        }
        if both(CLONE_NEWNS, CLONE_FS) || both(CLONE_NEWUSER, CLONE_FS) {
            return Err(Errno::EINVAL);
        }
        // A thread shares the signal handlers, which need the address space.
        if f & CLONE_THREAD != 0 && f & CLONE_SIGHAND == 0 || f & CLONE_SIGHAND != 0 && f & CLONE_VM == 0 {
            return Err(Errno::EINVAL);
        }
        if f & CLONE_THREAD != 0 && f & (CLONE_NEWUSER | CLONE_NEWPID) != 0 {
            return Err(Errno::EINVAL);
        }
        if both(CLONE_PIDFD, CLONE_DETACHED) {
            return Err(Errno::EINVAL);
        }
        Ok(())
    }

    /// Whether the child shares the address space while the parent runs on: a thread
    /// (made by the threads module; a CLONE_VFORK child gets a copy, see the fork module).
    pub fn is_thread(&self) -> bool {
        self.flags & CLONE_VM != 0 && self.flags & CLONE_VFORK == 0
    }
}

pub fn clone(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    create(ctx, CloneArgs::from_clone(a, ctx.process.arch().clone_order))
}

pub fn clone3(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let page = crossrun_memory::PAGE_SIZE;
    let c = CloneArgs::from_clone3(a[0], a[1], page, ctx.abi.task_size)?;
    create(ctx, c)
}

fn create(ctx: &mut Ctx<'_>, c: CloneArgs) -> SysResult {
    c.check()?;
    if c.flags & NAMESPACES != 0 {
        ctx.unimplemented(format_args!("clone flags {:#x} (namespaces)", c.flags & NAMESPACES));
        return Err(Errno::EINVAL);
    }
    if !c.set_tid.is_empty() {
        return Err(refuse_set_tid(ctx, &c.set_tid));
    }
    if c.is_thread() {
        crate::sys::thread::clone_thread(ctx, &c)
    } else {
        crate::sys::fork::fork_process(ctx, &c)
    }
}

/// set_tid cannot be honoured (see the module documentation). The kernel's alloc_pid
/// first fails with EINVAL for more pids than there are pid namespace levels or an
/// innermost pid out of range, and then with EPERM for a caller without the capability.
fn refuse_set_tid(ctx: &Ctx<'_>, set_tid: &[i32]) -> Errno {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    // NSpid lists this process's pid in each pid namespace it is in.
    let levels = status.lines().find_map(|l| l.strip_prefix("NSpid:")).map_or(1, |v| v.split_whitespace().count());
    let pid_max = std::fs::read_to_string("/proc/sys/kernel/pid_max").ok().and_then(|s| s.trim().parse::<i32>().ok());
    if set_tid.len() > levels || set_tid[0] < 1 || pid_max.is_some_and(|m| set_tid[0] >= m) {
        return Errno::EINVAL;
    }
    ctx.unimplemented(format_args!("clone3 set_tid {set_tid:?} (choosing the child's pid)"));
    Errno::EPERM
}

#[cfg(test)]
mod tests;
