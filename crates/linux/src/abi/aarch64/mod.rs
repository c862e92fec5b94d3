//! The aarch64 (arm64) Linux ABI.
//!
//! System call convention: number in x8, arguments in x0..x5, result in x0 (a negative
//! errno on failure). Numbers are the asm-generic ones (`syscalls::aarch64::Sysno`).
//!
//! # Which constants equal the x86_64 host's, and why passing them through is safe
//!
//! arm64 takes nearly all of its uapi from asm-generic, and so does x86_64 for the sets
//! below, so the numbers are the same by construction. Each was also checked by printing
//! it from both architectures' headers:
//! - errno values: both use asm-generic/errno-base.h and errno.h ([`errno_to_guest`] is
//!   the identity).
//! - signal numbers 1..=64 (asm-generic/signal.h; x86_64 has the same numbering), the
//!   `sigset_t` bit layout (bit n-1 for signal n, one 64-bit word), SA_* flags including
//!   SA_RESTORER (0x04000000 on both), SIG_BLOCK/UNBLOCK/SETMASK, SS_ONSTACK/SS_DISABLE/
//!   SS_AUTODISARM.
//! - fcntl commands (F_DUPFD .. F_GETSIG, F_SETOWN_EX/F_GETOWN_EX, F_OFD_*, and the
//!   1024+ Linux ones), F_RDLCK/F_WRLCK/F_UNLCK, FD_CLOEXEC; `struct flock` has the same
//!   shape (still converted field by field).
//! - mmap: PROT_READ/WRITE/EXEC/SEM/GROWSDOWN/GROWSUP and every MAP_* flag of
//!   asm-generic/mman-common.h (x86_64 adds MAP_32BIT 0x40 and MAP_ABOVE4G 0x80, which
//!   aarch64 does not define: the mmap handler strips them); MREMAP_*, MS_*, MADV_*,
//!   MCL_*. arm64 adds PROT_BTI (0x10) and PROT_MTE (0x20), handled in [`ABI`].
//! - AT_* flags, AT_FDCWD, RENAME_*, clock ids (linux/time.h), TIMER_ABSTIME, UTIME_NOW/
//!   UTIME_OMIT, RLIMIT_* resource numbers (both asm-generic/resource.h) and
//!   RLIM_INFINITY, RUSAGE_*, PRIO_*, GRND_*, futex ops and flags (linux/futex.h), PR_*
//!   prctl options common to both, personality values, XATTR_*, SEEK_*, LOCK_*.
//! - tty ioctls: both use asm-generic/ioctls.h and asm-generic/ioctl.h, so TCGETS 0x5401,
//!   TCSETS/W/F 0x5402..4, TIOCGWINSZ 0x5413, TIOCSWINSZ 0x5414, FIONREAD 0x541B, FIONBIO
//!   0x5421, FIONCLEX 0x5450, FIOCLEX 0x5451, TIOCGPGRP 0x540F, TIOCSPGRP 0x5410, ... are
//!   equal; the termios flag bits and c_cc indices (asm-generic/termbits.h) are equal and
//!   the kernel `struct termios` (36 bytes) has the same layout (still converted).
//!
//! What differs, and is translated:
//! - open flags O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE ([`OPEN_FLAGS`]): the same
//!   four bit positions, permuted, so translation is a bit permutation both ways.
//! - `struct stat` ([`layout::STAT`]).
//! - MINSIGSTKSZ 5120 (x86_64: 2048), enforced by `sigaltstack`.
//!
//! Records whose layout is fixed-width by design on every architecture go to the host
//! kernel as they are: `struct statx`, `struct linux_dirent64`, and arrays of `u32`/`u64`
//! (gid lists, CPU masks, `loff_t`).

pub mod layout;

use super::{Abi, Arg::*, FlagMap, Ret, SyscallDef};
use crate::host::open_flags as host;
use crate::sys::{
    clone, events, exec, fd, fork, fs, futex, futex2, info, ioctl, ipc, landlock, mem, mount, poll, process, signal, socket, thread, time,
};
use crossrun_ir::CpuState;
use syscalls::aarch64::Sysno;

/// Guest (aarch64) and host (x86_64) bits of the open flags that differ.
pub const OPEN_FLAGS: FlagMap = FlagMap {
    pairs: &[
        (O_DIRECTORY, host::O_DIRECTORY),
        (O_NOFOLLOW, host::O_NOFOLLOW),
        (O_DIRECT, host::O_DIRECT),
        (O_LARGEFILE, host::O_LARGEFILE),
    ],
};

pub const O_DIRECTORY: u32 = 0o40000;
pub const O_NOFOLLOW: u32 = 0o100000;
pub const O_DIRECT: u32 = 0o200000;
pub const O_LARGEFILE: u32 = 0o400000;

pub const PROT_BTI: u32 = 0x10;
pub const PROT_MTE: u32 = 0x20;

static OPEN_FLAG_NAMES: &[(u32, &str)] = &[
    (0o100, "O_CREAT"),
    (0o200, "O_EXCL"),
    (0o400, "O_NOCTTY"),
    (0o1000, "O_TRUNC"),
    (0o2000, "O_APPEND"),
    (0o4000, "O_NONBLOCK"),
    (0o10000, "O_DSYNC"),
    (0o20000, "O_ASYNC"),
    (O_DIRECTORY, "O_DIRECTORY"),
    (O_NOFOLLOW, "O_NOFOLLOW"),
    (O_DIRECT, "O_DIRECT"),
    (O_LARGEFILE, "O_LARGEFILE"),
    (0o1000000, "O_NOATIME"),
    (0o2000000, "O_CLOEXEC"),
    (0o4000000, "O_SYNC"),
    (0o10000000, "O_PATH"),
    (0o20000000, "O_TMPFILE"),
];

fn syscall_args(cpu: &CpuState) -> (u64, [u64; 6]) {
    (cpu.x[8], [cpu.x[0], cpu.x[1], cpu.x[2], cpu.x[3], cpu.x[4], cpu.x[5]])
}

fn set_return(cpu: &mut CpuState, v: u64) {
    cpu.x[0] = v;
}

fn syscall_name(nr: u64) -> Option<&'static str> {
    match Sysno::new(usize::try_from(nr).ok()?)? {
        // The kernel's name (sys_newfstatat); the crate calls it fstatat.
        Sysno::fstatat => Some("newfstatat"),
        s => Some(s.name()),
    }
}

/// asm-generic errno numbers are x86_64's.
fn errno_to_guest(host: i32) -> i32 {
    host
}

/// One row per system call: `name => handler, [argument kinds], result kind`, where
/// `name` is the `Sysno` variant, optionally followed by `as "kernel_name"` when the
/// crate's name differs from the kernel's.
macro_rules! table {
    ($($name:ident $(as $alias:literal)? => $handler:path, [$($arg:ident),*], $ret:ident;)*) => {
        &[$(SyscallDef {
            nr: Sysno::$name as u32,
            name: name!(Sysno::$name $(, $alias)?),
            handler: $handler,
            args: &[$($arg),*],
            ret: Ret::$ret,
        },)*]
    };
}

macro_rules! name {
    ($sysno:expr) => {
        $sysno.name()
    };
    ($sysno:expr, $alias:literal) => {
        $alias
    };
}

/// The implemented system calls, sorted by number. Everything else is ENOSYS.
static SYSCALLS: &[SyscallDef] = table! {
    setxattr => fs::setxattr, [Str, Str, InBuf, Unsigned, Int], Int;
    lsetxattr => fs::lsetxattr, [Str, Str, InBuf, Unsigned, Int], Int;
    fsetxattr => fs::fsetxattr, [Int, Str, InBuf, Unsigned, Int], Int;
    getxattr => fs::getxattr, [Str, Str, Ptr, Unsigned], Int;
    lgetxattr => fs::lgetxattr, [Str, Str, Ptr, Unsigned], Int;
    fgetxattr => fs::fgetxattr, [Int, Str, Ptr, Unsigned], Int;
    listxattr => fs::listxattr, [Str, Ptr, Unsigned], Int;
    llistxattr => fs::llistxattr, [Str, Ptr, Unsigned], Int;
    flistxattr => fs::flistxattr, [Int, Ptr, Unsigned], Int;
    removexattr => fs::removexattr, [Str, Str], Int;
    lremovexattr => fs::lremovexattr, [Str, Str], Int;
    fremovexattr => fs::fremovexattr, [Int, Str], Int;
    getcwd => fs::getcwd, [OutBuf, Unsigned], Int;
    eventfd2 => events::eventfd2, [Unsigned, OpenFlags], Int;
    epoll_create1 => poll::epoll_create1, [OpenFlags], Int;
    epoll_ctl => poll::epoll_ctl, [Int, Int, Int, Ptr], Int;
    epoll_pwait => poll::epoll_pwait, [Int, Ptr, Int, Int, Ptr, Unsigned], Int;
    dup => fd::dup, [Int], Int;
    dup3 => fd::dup3, [Int, Int, OpenFlags], Int;
    fcntl => fd::fcntl, [Int, FcntlCmd, Hex], Int;
    inotify_init1 => events::inotify_init1, [OpenFlags], Int;
    inotify_add_watch => events::inotify_add_watch, [Int, Str, Hex], Int;
    inotify_rm_watch => events::inotify_rm_watch, [Int, Int], Int;
    ioctl => ioctl::ioctl, [Int, Ioctl, Hex], Int;
    flock => fd::flock, [Int, Int], Int;
    mknodat => fs::mknodat, [Dirfd, Str, Mode, Hex], Int;
    mkdirat => fs::mkdirat, [Dirfd, Str, Mode], Int;
    unlinkat => fs::unlinkat, [Dirfd, Str, AtFlags], Int;
    symlinkat => fs::symlinkat, [Str, Dirfd, Str], Int;
    linkat => fs::linkat, [Dirfd, Str, Dirfd, Str, AtFlags], Int;
    renameat => fs::renameat, [Dirfd, Str, Dirfd, Str], Int;
    umount2 => mount::umount2, [Str, Hex], Int;
    mount => mount::mount, [Str, Str, Str, Hex, Ptr], Int;
    statfs => fs::statfs, [Str, Ptr], Int;
    fstatfs => fs::fstatfs, [Int, Ptr], Int;
    truncate => fs::truncate, [Str, Long], Int;
    ftruncate => fd::ftruncate, [Int, Long], Int;
    fallocate => fd::fallocate, [Int, Hex, Long, Long], Int;
    faccessat => fs::faccessat, [Dirfd, Str, Mode], Int;
    chdir => fs::chdir, [Str], Int;
    fchdir => fs::fchdir, [Int], Int;
    chroot => fs::chroot, [Str], Int;
    fchmod => fs::fchmod, [Int, Mode], Int;
    fchmodat => fs::fchmodat, [Dirfd, Str, Mode], Int;
    fchownat => fs::fchownat, [Dirfd, Str, Int, Int, AtFlags], Int;
    fchown => fs::fchown, [Int, Int, Int], Int;
    openat => fs::openat, [Dirfd, Str, OpenFlags, Mode], Int;
    close => fd::close, [Int], Int;
    pipe2 => fd::pipe2, [Ptr, OpenFlags], Int;
    getdents64 => fs::getdents64, [Int, Ptr, Unsigned], Int;
    lseek => fd::lseek, [Int, Long, Whence], Int;
    read => fd::read, [Int, OutBuf, Unsigned], Int;
    write => fd::write, [Int, InBuf, Unsigned], Int;
    readv => fd::readv, [Int, Ptr, Int], Int;
    writev => fd::writev, [Int, Ptr, Int], Int;
    pread64 => fd::pread64, [Int, OutBuf, Unsigned, Long], Int;
    pwrite64 => fd::pwrite64, [Int, InBuf, Unsigned, Long], Int;
    preadv => fd::preadv, [Int, Ptr, Int, Long], Int;
    pwritev => fd::pwritev, [Int, Ptr, Int, Long], Int;
    sendfile => fd::sendfile, [Int, Int, Ptr, Unsigned], Int;
    pselect6 => poll::pselect6, [Int, Ptr, Ptr, Ptr, Ptr, Ptr], Int;
    ppoll => poll::ppoll, [Ptr, Unsigned, Ptr, Ptr, Unsigned], Int;
    signalfd4 => events::signalfd4, [Int, Ptr, Unsigned, OpenFlags], Int;
    splice => fd::splice, [Int, Ptr, Int, Ptr, Unsigned, Hex], Int;
    tee => fd::tee, [Int, Int, Unsigned, Hex], Int;
    readlinkat => fs::readlinkat, [Dirfd, Str, OutBuf, Unsigned], Int;
    fstatat as "newfstatat" => fs::newfstatat, [Dirfd, Str, Ptr, AtFlags], Int;
    fstat => fs::fstat, [Int, Ptr], Int;
    sync => fd::sync, [], Int;
    fsync => fd::fsync, [Int], Int;
    fdatasync => fd::fdatasync, [Int], Int;
    sync_file_range => fd::sync_file_range, [Int, Long, Long, Hex], Int;
    timerfd_create => events::timerfd_create, [Clock, OpenFlags], Int;
    timerfd_settime => events::timerfd_settime, [Int, Hex, Ptr, Ptr], Int;
    timerfd_gettime => events::timerfd_gettime, [Int, Ptr], Int;
    utimensat => fs::utimensat, [Dirfd, Str, Ptr, AtFlags], Int;
    capget => process::capget, [Ptr, Ptr], Int;
    capset => process::capset, [Ptr, Ptr], Int;
    personality => process::personality, [Hex], Hex;
    exit => thread::exit, [Int], NoReturn;
    exit_group => process::exit_group, [Int], NoReturn;
    waitid => fork::waitid, [Int, Int, Ptr, Hex, Ptr], Int;
    set_tid_address => process::set_tid_address, [Ptr], Int;
    futex => futex::futex, [Ptr, FutexOp, Unsigned, Ptr, Ptr, Hex], Int;
    set_robust_list => process::set_robust_list, [Ptr, Unsigned], Int;
    get_robust_list => process::get_robust_list, [Int, Ptr, Ptr], Int;
    nanosleep => time::nanosleep, [Ptr, Ptr], Int;
    getitimer => time::getitimer, [Int, Ptr], Int;
    setitimer => time::setitimer, [Int, Ptr, Ptr], Int;
    clock_settime => time::clock_settime, [Clock, Ptr], Int;
    clock_gettime => time::clock_gettime, [Clock, Ptr], Int;
    clock_getres => time::clock_getres, [Clock, Ptr], Int;
    clock_nanosleep => time::clock_nanosleep, [Clock, Hex, Ptr, Ptr], Int;
    sched_setparam => thread::sched_setparam, [Int, Ptr], Int;
    sched_setscheduler => thread::sched_setscheduler, [Int, Int, Ptr], Int;
    sched_getscheduler => thread::sched_getscheduler, [Int], Int;
    sched_getparam => thread::sched_getparam, [Int, Ptr], Int;
    sched_setaffinity => process::sched_setaffinity, [Int, Unsigned, Ptr], Int;
    sched_getaffinity => process::sched_getaffinity, [Int, Unsigned, Ptr], Int;
    sched_yield => process::sched_yield, [], Int;
    sched_get_priority_max => thread::sched_get_priority_max, [Int], Int;
    sched_get_priority_min => thread::sched_get_priority_min, [Int], Int;
    sched_rr_get_interval => thread::sched_rr_get_interval, [Int, Ptr], Int;
    kill => process::kill, [Int, Signal], Int;
    tkill => process::tkill, [Int, Signal], Int;
    tgkill => process::tgkill, [Int, Int, Signal], Int;
    sigaltstack => signal::sigaltstack, [Ptr, Ptr], Int;
    rt_sigsuspend => signal::rt_sigsuspend, [Ptr, Unsigned], Int;
    rt_sigaction => signal::rt_sigaction, [Signal, Ptr, Ptr, Unsigned], Int;
    rt_sigprocmask => signal::rt_sigprocmask, [SigHow, Ptr, Ptr, Unsigned], Int;
    rt_sigpending => signal::rt_sigpending, [Ptr, Unsigned], Int;
    rt_sigtimedwait => signal::rt_sigtimedwait, [Ptr, Ptr, Ptr, Unsigned], Int;
    rt_sigqueueinfo => signal::rt_sigqueueinfo, [Int, Signal, Ptr], Int;
    rt_sigreturn => signal::rt_sigreturn, [], Int;
    setpriority => process::setpriority, [Int, Int, Int], Int;
    getpriority => process::getpriority, [Int, Int], Int;
    setregid => process::setregid, [Int, Int], Int;
    setgid => process::setgid, [Int], Int;
    setreuid => process::setreuid, [Int, Int], Int;
    setuid => process::setuid, [Int], Int;
    setresuid => process::setresuid, [Int, Int, Int], Int;
    getresuid => process::getresuid, [Ptr, Ptr, Ptr], Int;
    setresgid => process::setresgid, [Int, Int, Int], Int;
    getresgid => process::getresgid, [Ptr, Ptr, Ptr], Int;
    setfsuid => process::setfsuid, [Int], Int;
    setfsgid => process::setfsgid, [Int], Int;
    times => info::times, [Ptr], Int;
    setpgid => process::setpgid, [Int, Int], Int;
    getpgid => process::getpgid, [Int], Int;
    getsid => process::getsid, [Int], Int;
    setsid => process::setsid, [], Int;
    getgroups => process::getgroups, [Int, Ptr], Int;
    setgroups => process::setgroups, [Int, Ptr], Int;
    uname => info::uname, [Ptr], Int;
    sethostname => info::sethostname, [InBuf, Unsigned], Int;
    setdomainname => info::setdomainname, [InBuf, Unsigned], Int;
    getrlimit => info::getrlimit, [Resource, Ptr], Int;
    setrlimit => info::setrlimit, [Resource, Ptr], Int;
    getrusage => info::getrusage, [Int, Ptr], Int;
    umask => process::umask, [Mode], Mode;
    prctl => process::prctl, [Prctl, Hex, Hex, Hex, Hex], Int;
    getcpu => process::getcpu, [Ptr, Ptr, Ptr], Int;
    gettimeofday => time::gettimeofday, [Ptr, Ptr], Int;
    settimeofday => time::settimeofday, [Ptr, Ptr], Int;
    getpid => process::getpid, [], Int;
    getppid => process::getppid, [], Int;
    getuid => process::getuid, [], Int;
    geteuid => process::geteuid, [], Int;
    getgid => process::getgid, [], Int;
    getegid => process::getegid, [], Int;
    gettid => process::gettid, [], Int;
    sysinfo => info::sysinfo, [Ptr], Int;
    mq_open => ipc::mq_open, [Str, OpenFlags, Mode, Ptr], Int;
    mq_unlink => ipc::mq_unlink, [Str], Int;
    mq_timedsend => ipc::mq_timedsend, [Int, InBuf, Unsigned, Unsigned, Ptr], Int;
    mq_timedreceive => ipc::mq_timedreceive, [Int, Ptr, Unsigned, Ptr, Ptr], Int;
    mq_notify => ipc::mq_notify, [Int, Ptr], Int;
    mq_getsetattr => ipc::mq_getsetattr, [Int, Ptr, Ptr], Int;
    msgget => ipc::msgget, [Hex, Hex], Int;
    msgctl => ipc::msgctl, [Int, Int, Ptr], Int;
    msgrcv => ipc::msgrcv, [Int, Ptr, Unsigned, Long, Hex], Int;
    msgsnd => ipc::msgsnd, [Int, Ptr, Unsigned, Hex], Int;
    semget => ipc::semget, [Hex, Int, Hex], Int;
    semctl => ipc::semctl, [Int, Int, Int, Hex], Int;
    semtimedop => ipc::semtimedop, [Int, Ptr, Unsigned, Ptr], Int;
    semop => ipc::semop, [Int, Ptr, Unsigned], Int;
    shmget => ipc::shmget, [Hex, Unsigned, Hex], Int;
    shmctl => ipc::shmctl, [Int, Int, Ptr], Int;
    shmat => ipc::shmat, [Int, Ptr, Hex], Hex;
    shmdt => ipc::shmdt, [Ptr], Int;
    socket => socket::socket, [Int, Hex, Int], Int;
    socketpair => socket::socketpair, [Int, Hex, Int, Ptr], Int;
    bind => socket::bind, [Int, Ptr, Unsigned], Int;
    listen => socket::listen, [Int, Int], Int;
    accept => socket::accept, [Int, Ptr, Ptr], Int;
    connect => socket::connect, [Int, Ptr, Unsigned], Int;
    getsockname => socket::getsockname, [Int, Ptr, Ptr], Int;
    getpeername => socket::getpeername, [Int, Ptr, Ptr], Int;
    sendto => socket::sendto, [Int, InBuf, Unsigned, Hex, Ptr, Unsigned], Int;
    recvfrom => socket::recvfrom, [Int, OutBuf, Unsigned, Hex, Ptr, Ptr], Int;
    setsockopt => socket::setsockopt, [Int, Int, Int, Ptr, Unsigned], Int;
    getsockopt => socket::getsockopt, [Int, Int, Int, Ptr, Ptr], Int;
    shutdown => socket::shutdown, [Int, Int], Int;
    sendmsg => socket::sendmsg, [Int, Ptr, Hex], Int;
    recvmsg => socket::recvmsg, [Int, Ptr, Hex], Int;
    brk => mem::brk, [Hex], Hex;
    munmap => mem::munmap, [Hex, Unsigned], Int;
    mremap => mem::mremap, [Hex, Unsigned, Unsigned, Hex, Hex], Hex;
    clone => clone::clone, [Hex, Ptr, Ptr, Ptr, Ptr], Int;
    execve => exec::execve, [Str, Ptr, Ptr], Int;
    mmap => mem::mmap, [Hex, Unsigned, Prot, MapFlags, Int, Hex], Hex;
    fadvise64 => fd::fadvise64, [Int, Long, Long, Int], Int;
    mprotect => mem::mprotect, [Hex, Unsigned, Prot], Int;
    msync => mem::msync, [Hex, Unsigned, Hex], Int;
    mlock => mem::mlock, [Hex, Unsigned], Int;
    munlock => mem::mlock, [Hex, Unsigned], Int;
    mlockall => mem::mlockall, [Hex], Int;
    munlockall => mem::mlockall, [], Int;
    mincore => mem::mincore, [Hex, Unsigned, Ptr], Int;
    madvise => mem::madvise, [Hex, Unsigned, Advice], Int;
    rt_tgsigqueueinfo => signal::rt_tgsigqueueinfo, [Int, Int, Signal, Ptr], Int;
    accept4 => socket::accept4, [Int, Ptr, Ptr, Hex], Int;
    recvmmsg => socket::recvmmsg, [Int, Ptr, Unsigned, Hex, Ptr], Int;
    wait4 => fork::wait4, [Int, Ptr, Hex, Ptr], Int;
    prlimit64 => info::prlimit64, [Int, Resource, Ptr, Ptr], Int;
    syncfs => fd::syncfs, [Int], Int;
    sendmmsg => socket::sendmmsg, [Int, Ptr, Unsigned, Hex], Int;
    renameat2 => fs::renameat2, [Dirfd, Str, Dirfd, Str, Hex], Int;
    getrandom => info::getrandom, [Ptr, Unsigned, Hex], Int;
    memfd_create => events::memfd_create, [Str, Hex], Int;
    execveat => exec::execveat, [Dirfd, Str, Ptr, Ptr, AtFlags], Int;
    membarrier => thread::membarrier, [Int, Hex, Int], Int;
    mlock2 => mem::mlock, [Hex, Unsigned, Hex], Int;
    copy_file_range => fd::copy_file_range, [Int, Ptr, Int, Ptr, Unsigned, Hex], Int;
    preadv2 => fd::preadv2, [Int, Ptr, Int, Long, Long, Hex], Int;
    pwritev2 => fd::pwritev2, [Int, Ptr, Int, Long, Long, Hex], Int;
    statx => fs::statx, [Dirfd, Str, AtFlags, Hex, Ptr], Int;
    rseq => process::rseq, [Ptr, Unsigned, Hex, Hex], Int;
    pidfd_send_signal => process::pidfd_send_signal, [Int, Signal, Ptr, Hex], Int;
    pidfd_open => process::pidfd_open, [Int, Hex], Int;
    clone3 => clone::clone3, [Ptr, Unsigned], Int;
    close_range => fd::close_range, [Int, Int, Hex], Int;
    openat2 => fs::openat2, [Dirfd, Str, Ptr, Unsigned], Int;
    pidfd_getfd => process::pidfd_getfd, [Int, Int, Hex], Int;
    faccessat2 => fs::faccessat2, [Dirfd, Str, Mode, AtFlags], Int;
    epoll_pwait2 => poll::epoll_pwait2, [Int, Ptr, Int, Ptr, Ptr, Unsigned], Int;
    landlock_create_ruleset => landlock::landlock_create_ruleset, [Ptr, Unsigned, Hex], Int;
    landlock_add_rule => landlock::landlock_add_rule, [Int, Int, Ptr, Hex], Int;
    landlock_restrict_self => landlock::landlock_restrict_self, [Int, Hex], Int;
    futex_waitv => futex2::futex_waitv, [Ptr, Unsigned, Hex, Ptr, Clock], Int;
    fchmodat2 => fs::fchmodat2, [Dirfd, Str, Mode, AtFlags], Int;
    futex_wake => futex2::futex_wake, [Ptr, Hex, Int, Hex], Int;
    futex_wait => futex2::futex_wait, [Ptr, Unsigned, Hex, Hex, Ptr, Clock], Int;
    futex_requeue => futex2::futex_requeue, [Ptr, Hex, Int, Int], Int;
};

/// The aarch64 Linux ABI.
pub static ABI: Abi = Abi {
    name: "aarch64",
    uname_machine: "aarch64",
    syscalls: SYSCALLS,
    syscall_name,
    syscall_args,
    set_return,
    errno_to_guest,
    layouts: &layout::LAYOUTS,
    open_flags: OPEN_FLAGS,
    open_flag_names: OPEN_FLAG_NAMES,
    arch_prot_bits: PROT_BTI | PROT_MTE,
    minsigstksz: 5120,
    // 48-bit virtual addresses (Debian's arm64 kernels; VA_BITS=52 kernels still give
    // user space 48 bits unless it asks for more with an mmap hint).
    task_size: 1 << 48,
    // arm64 selects CLONE_BACKWARDS: clone(flags, newsp, parent_tid, tls, child_tid).
    clone_backwards: true,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_named_after_its_numbers() {
        for w in SYSCALLS.windows(2) {
            assert!(w[0].nr < w[1].nr, "{} ({}) before {} ({})", w[0].name, w[0].nr, w[1].name, w[1].nr);
        }
        for d in SYSCALLS {
            assert_eq!(syscall_name(d.nr as u64), Some(d.name));
            assert!(d.args.len() <= 6);
            assert_eq!(ABI.lookup(d.nr as u64).map(|x| x.name), Some(d.name));
        }
    }

    #[test]
    fn numbers_are_the_asm_generic_ones() {
        // Spot checks against arm64's asm/unistd.h (asm-generic/unistd.h).
        let nr = |name: &str| SYSCALLS.iter().find(|d| d.name == name).map(|d| d.nr);
        assert_eq!(nr("openat"), Some(56));
        assert_eq!(nr("read"), Some(63));
        assert_eq!(nr("write"), Some(64));
        assert_eq!(nr("newfstatat"), Some(79));
        assert_eq!(nr("fstat"), Some(80));
        assert_eq!(nr("exit_group"), Some(94));
        assert_eq!(nr("rt_sigreturn"), Some(139));
        assert_eq!(nr("getrlimit"), Some(163));
        assert_eq!(nr("brk"), Some(214));
        assert_eq!(nr("mmap"), Some(222));
        assert_eq!(nr("rseq"), Some(293));
        assert_eq!(syscall_name(220), Some("clone"));
        assert_eq!(syscall_name(100_000), None);
    }

    #[test]
    fn open_flags_translate_both_ways() {
        let m = OPEN_FLAGS;
        // The four bits that differ, with their x86_64 values written out (and checked
        // against the libc crate where it has the kernel's value).
        assert_eq!(host::O_DIRECTORY, libc::O_DIRECTORY as u32);
        assert_eq!(host::O_NOFOLLOW, libc::O_NOFOLLOW as u32);
        assert_eq!(host::O_DIRECT, libc::O_DIRECT as u32);
        assert_eq!(m.to_host(O_DIRECTORY), 0o200000);
        assert_eq!(m.to_host(O_NOFOLLOW), 0o400000);
        assert_eq!(m.to_host(O_DIRECT), 0o40000);
        assert_eq!(m.to_host(O_LARGEFILE), 0o100000);
        assert_eq!(m.to_guest(0o200000), O_DIRECTORY);
        assert_eq!(m.to_guest(0o100000), O_LARGEFILE);
        // Everything else is the same bit on both sides.
        let common = libc::O_WRONLY | libc::O_RDWR | libc::O_CREAT | libc::O_EXCL | libc::O_NOCTTY | libc::O_TRUNC
            | libc::O_APPEND | libc::O_NONBLOCK | libc::O_DSYNC | libc::O_ASYNC | libc::O_NOATIME | libc::O_CLOEXEC
            | libc::O_SYNC | libc::O_PATH;
        assert_eq!(m.to_host(common as u32), common as u32);
        // O_TMPFILE is __O_TMPFILE | O_DIRECTORY: its directory bit moves too.
        assert_eq!(m.to_host(0o20000000 | O_DIRECTORY), libc::O_TMPFILE as u32);
        // The moved bits are the same positions on both sides: a permutation.
        let guest: u32 = m.pairs.iter().map(|p| p.0).sum();
        let host: u32 = m.pairs.iter().map(|p| p.1).sum();
        assert_eq!(guest, host);
        for v in [0u32, 0o777777, 0xffff_ffff, O_DIRECTORY | O_NOFOLLOW | 0o2000000] {
            assert_eq!(m.to_guest(m.to_host(v)), v);
        }
    }
}
