//! A 32-bit guest's layouts, for testing the conversions before a 32-bit guest exists:
//! the arm EABI kernel's (4-byte `long`s and pointers, 64-bit members 8-aligned, the
//! `_high` time words of the IPC structures), as arm-linux-gnueabihf-gcc lays them out
//! (the probe test checks every value with it).
//!
//! An arm guest takes these, with what its calls need besides: `struct stat64` (here)
//! for fstatat64/fstat64, `struct statfs64` (here) for statfs64, the rt_sigaction
//! `struct sigaction` the kernel declares only in its sources (transcribed here), and
//! for its other calls `struct flock64` (fcntl64's F_*LK64), the `_time64` calls'
//! 64-bit timespec ([`super::fixed::KERNEL_TIMESPEC`]) and prlimit64's `struct rlimit64`.

use super::*;
use crate::abi::Abi;
use crate::arch::GuestArch;

const fn f(offset: usize, size: usize) -> Field {
    field(offset, size)
}

/// The perm block of the IPC structures: key, uid, gid, cuid, cgid, `unsigned short`
/// mode (arm's `__kernel_mode_t`), seq.
const PERM: [Field; 7] = [f(0, 4), f(4, 4), f(8, 4), f(12, 4), f(16, 4), f(20, 2), f(24, 2)];

pub static LAYOUTS: Layouts = Layouts {
    timespec: TimespecLayout { size: 8, sec: f(0, 4), frac: f(4, 4) },
    timeval: TimevalLayout { size: 8, sec: f(0, 4), frac: f(4, 4) },
    itimerspec: ItimerspecLayout { size: 16, interval_sec: f(0, 4), interval_frac: f(4, 4), value_sec: f(8, 4), value_frac: f(12, 4) },
    itimerval: ItimervalLayout { size: 16, interval_sec: f(0, 4), interval_frac: f(4, 4), value_sec: f(8, 4), value_frac: f(12, 4) },
    tms: TmsLayout { size: 16, utime: f(0, 4), stime: f(4, 4), cutime: f(8, 4), cstime: f(12, 4) },
    rusage: RusageLayout {
        size: 72,
        utime_sec: f(0, 4),
        utime_usec: f(4, 4),
        stime_sec: f(8, 4),
        stime_usec: f(12, 4),
        counters: [
            f(16, 4),
            f(20, 4),
            f(24, 4),
            f(28, 4),
            f(32, 4),
            f(36, 4),
            f(40, 4),
            f(44, 4),
            f(48, 4),
            f(52, 4),
            f(56, 4),
            f(60, 4),
            f(64, 4),
            f(68, 4),
        ],
    },
    // `struct stat64`: the 64-bit st_ino is at the end (a 32-bit `__st_ino` at 12).
    stat: StatLayout {
        size: 104,
        dev: f(0, 8),
        ino: f(96, 8),
        mode: f(16, 4),
        nlink: f(20, 4),
        uid: f(24, 4),
        gid: f(28, 4),
        rdev: f(32, 8),
        file_size: f(48, 8),
        blksize: f(56, 4),
        blocks: f(64, 8),
        atime: f(72, 4),
        atime_nsec: f(76, 4),
        mtime: f(80, 4),
        mtime_nsec: f(84, 4),
        ctime: f(88, 4),
        ctime_nsec: f(92, 4),
    },
    // `struct statfs64`.
    statfs: StatfsLayout {
        size: 84,
        fs_type: f(0, 4),
        bsize: f(4, 4),
        blocks: f(8, 8),
        bfree: f(16, 8),
        bavail: f(24, 8),
        files: f(32, 8),
        ffree: f(40, 8),
        fsid: f(48, 8),
        namelen: f(56, 4),
        frsize: f(60, 4),
        flags: f(64, 4),
    },
    flock: FlockLayout { size: 16, l_type: f(0, 2), whence: f(2, 2), start: f(4, 4), len: f(8, 4), pid: f(12, 4) },
    iovec: IovecLayout { size: 8, base: f(0, 4), len: f(4, 4) },
    rlimit: RlimitLayout { size: 8, cur: f(0, 4), max: f(4, 4) },
    utsname: super::super::asm_generic_layout::LP64.utsname,
    sysinfo: SysinfoLayout {
        size: 64,
        uptime: f(0, 4),
        loads: [f(4, 4), f(8, 4), f(12, 4)],
        totalram: f(16, 4),
        freeram: f(20, 4),
        sharedram: f(24, 4),
        bufferram: f(28, 4),
        totalswap: f(32, 4),
        freeswap: f(36, 4),
        procs: f(40, 2),
        totalhigh: f(44, 4),
        freehigh: f(48, 4),
        mem_unit: f(52, 4),
    },
    termios: TermiosLayout { size: 36, iflag: f(0, 4), oflag: f(4, 4), cflag: f(8, 4), lflag: f(12, 4), line: f(16, 1), cc: f(17, 19) },
    winsize: WinsizeLayout { size: 8, row: f(0, 2), col: f(2, 2), xpixel: f(4, 2), ypixel: f(6, 2) },
    sigaction: SigactionLayout { size: 20, handler: f(0, 4), flags: f(4, 4), restorer: Some(f(8, 4)), mask: f(12, 8) },
    stack: StackLayout { size: 12, sp: f(0, 4), flags: f(4, 4), ss_size: f(8, 4) },
    siginfo: SiginfoLayout {
        size: SIGINFO_SIZE,
        signo: f(0, 4),
        errno: f(4, 4),
        code: f(8, 4),
        pid: f(12, 4),
        uid: f(16, 4),
        tid: f(12, 4),
        overrun: f(16, 4),
        value: f(20, 4),
        status: f(20, 4),
        utime: f(24, 4),
        stime: f(28, 4),
        addr: f(12, 4),
        addr_lsb: f(16, 2),
        lower: f(20, 4),
        upper: f(24, 4),
        pkey: f(20, 4),
        perf_data: f(16, 4),
        perf_type: f(20, 4),
        perf_flags: f(24, 4),
        band: f(12, 4),
        fd: f(16, 4),
        call_addr: f(12, 4),
        syscall: f(16, 4),
        arch: f(20, 4),
    },
    sigevent: SigeventLayout { size: 64, value: f(0, 4), signo: f(4, 4), notify: f(8, 4), tid: f(12, 4) },
    epoll_event: EpollEventLayout { size: 16, events: f(0, 4), data: f(8, 8) },
    fd_set: FdSetLayout { size: 128, word: f(0, 4) },
    sigset_argpack: SigsetArgpackLayout { size: 8, set: f(0, 4), set_size: f(4, 4) },
    msghdr: MsghdrLayout {
        size: 28,
        name: f(0, 4),
        namelen: f(4, 4),
        iov: f(8, 4),
        iovlen: f(12, 4),
        control: f(16, 4),
        controllen: f(20, 4),
        flags: f(24, 4),
    },
    mmsghdr: MmsghdrLayout { size: 32, hdr: f(0, 28), len: f(28, 4) },
    cmsghdr: CmsghdrLayout { size: 12, len: f(0, 4), level: f(4, 4), kind: f(8, 4) },
    sock_fprog: SockFprogLayout { size: 8, len: f(0, 2), filter: f(4, 4) },
    ifreq: IfreqLayout { size: 32, name: f(0, 16), ifru: f(16, 16) },
    ifconf: IfconfLayout { size: 8, len: f(0, 4), buf: f(4, 4) },
    shmid: ShmidLayout {
        size: 84,
        key: PERM[0],
        uid: PERM[1],
        gid: PERM[2],
        cuid: PERM[3],
        cgid: PERM[4],
        mode: PERM[5],
        seq: PERM[6],
        segsz: f(36, 4),
        atime: f(40, 4),
        atime_high: Some(f(44, 4)),
        dtime: f(48, 4),
        dtime_high: Some(f(52, 4)),
        ctime: f(56, 4),
        ctime_high: Some(f(60, 4)),
        cpid: f(64, 4),
        lpid: f(68, 4),
        nattch: f(72, 4),
    },
    shminfo: ShminfoLayout { size: 36, shmmax: f(0, 4), shmmin: f(4, 4), shmmni: f(8, 4), shmseg: f(12, 4), shmall: f(16, 4) },
    shm_info: ShmInfoLayout {
        size: 24,
        used_ids: f(0, 4),
        shm_tot: f(4, 4),
        shm_rss: f(8, 4),
        shm_swp: f(12, 4),
        swap_attempts: f(16, 4),
        swap_successes: f(20, 4),
    },
    msqid: MsqidLayout {
        size: 88,
        key: PERM[0],
        uid: PERM[1],
        gid: PERM[2],
        cuid: PERM[3],
        cgid: PERM[4],
        mode: PERM[5],
        seq: PERM[6],
        stime: f(36, 4),
        stime_high: Some(f(40, 4)),
        rtime: f(44, 4),
        rtime_high: Some(f(48, 4)),
        ctime: f(52, 4),
        ctime_high: Some(f(56, 4)),
        cbytes: f(60, 4),
        qnum: f(64, 4),
        qbytes: f(68, 4),
        lspid: f(72, 4),
        lrpid: f(76, 4),
    },
    semid: SemidLayout {
        size: 64,
        key: PERM[0],
        uid: PERM[1],
        gid: PERM[2],
        cuid: PERM[3],
        cgid: PERM[4],
        mode: PERM[5],
        seq: PERM[6],
        otime: f(36, 4),
        otime_high: Some(f(40, 4)),
        ctime: f(44, 4),
        ctime_high: Some(f(48, 4)),
        nsems: f(52, 4),
    },
    msgbuf: MsgbufLayout { size: 8, mtype: f(0, 4), mtext: f(4, 1) },
    mq_attr: MqAttrLayout { size: 32, flags: f(0, 4), maxmsg: f(4, 4), msgsize: f(8, 4), curmsgs: f(12, 4) },
    robust_list_head: RobustListHeadLayout { size: 12, list: f(0, 4), futex_offset: f(4, 4), list_op_pending: f(8, 4) },
    word: 4,
    probe: CProbe {
        renamed: &[("stat", "struct stat64"), ("statfs", "struct statfs64"), ("sigaction", "struct kernel_sigaction")],
        // include/linux/signal_types.h's `struct sigaction` with arm's SA_RESTORER and
        // the kernel's two-word sigset_t (arm's uapi one is the old sigaction, whose
        // `sa_handler` is a macro for a union member).
        kernel_decls: "#undef sa_handler\nstruct kernel_sigaction { void *sa_handler; unsigned long sa_flags; \
                       void *sa_restorer; unsigned long sa_mask[2]; };",
    },
};

/// An aarch64 guest whose structures are arm EABI's, so the generic handlers can run
/// real host calls against 32-bit layouts before a 32-bit guest exists ([`handlers`]).
pub static ABI: Abi = Abi { name: "aarch64 with arm EABI structures", layouts: &LAYOUTS, ..crate::abi::aarch64::ABI };
pub static ARCH: GuestArch = GuestArch { abi: &ABI, ..crate::abi::aarch64::ARCH };

#[cfg(test)]
mod handlers;
