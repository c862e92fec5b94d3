//! arm (EABI) structure layouts: ILP32, 64-bit members 8-byte aligned, arm's uapi
//! headers' structures (asm/stat.h, asm/statfs.h, asm/posix_types.h with its `unsigned
//! short` mode and 16-bit legacy ids, the IPC structures' `_high` time words...). The
//! probe test (`abi/layout/probe.rs`) checks every value of [`LAYOUTS`] and of the
//! signal frame with arm-linux-gnueabihf-gcc; the tests here check the variants.
//!
//! [`LAYOUTS`] holds what the calls without a suffix take: the 32-bit `timespec`,
//! `timeval` and `itimerspec` (`time_t` is a `long`), `struct stat64` (arm's stat calls
//! are the `*64` forms, see [`super::calls`]), `struct statfs64`, the 32-bit `struct
//! flock` and `struct rlimit`. The variants the wrappers run the generic handlers with
//! each replace one of them: [`LAYOUTS_TIME64`] (the `*_time64` calls'
//! `__kernel_timespec` and `__kernel_itimerspec`), [`LAYOUTS_STATFS32`] (the old
//! statfs/fstatfs calls' 32-bit `struct statfs`) and [`LAYOUTS_FLOCK64`] (fcntl64's
//! `struct flock64`).

use crate::abi::layout::*;

const fn f(offset: usize, size: usize) -> Field {
    field(offset, size)
}

/// The perm block of the IPC structures: key, uid, gid, cuid, cgid, `unsigned short`
/// mode (arm's `__kernel_mode_t`), seq.
const PERM: [Field; 7] = [f(0, 4), f(4, 4), f(8, 4), f(12, 4), f(16, 4), f(20, 2), f(24, 2)];

const BASE: Layouts = Layouts {
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
    utsname: crate::abi::asm_generic_layout::LP64.utsname,
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

/// What arm's calls without a suffix take.
pub static LAYOUTS: Layouts = BASE;

/// `struct stat64`'s members the generic encoding leaves to the arm wrappers: the full
/// `st_ino` (the layout's `ino`) and the 32-bit `__st_ino` copy the kernel also fills.
pub const STAT64_INO: usize = 96;
pub const STAT64_INO_LOW: usize = 12;

/// `struct __kernel_timespec` and `struct __kernel_itimerspec`: 64-bit seconds and
/// nanoseconds.
pub const TIMESPEC64: TimespecLayout = TimespecLayout { size: 16, sec: f(0, 8), frac: f(8, 8) };
pub const ITIMERSPEC64: ItimerspecLayout =
    ItimerspecLayout { size: 32, interval_sec: f(0, 8), interval_frac: f(8, 8), value_sec: f(16, 8), value_frac: f(24, 8) };

/// The old `struct statfs`, with 32-bit `__statfs_word`s.
pub const STATFS32: StatfsLayout = StatfsLayout {
    size: 64,
    fs_type: f(0, 4),
    bsize: f(4, 4),
    blocks: f(8, 4),
    bfree: f(12, 4),
    bavail: f(16, 4),
    files: f(20, 4),
    ffree: f(24, 4),
    fsid: f(28, 8),
    namelen: f(36, 4),
    frsize: f(40, 4),
    flags: f(44, 4),
};

/// `struct flock64`: the `loff_t`s 8-byte aligned.
pub const FLOCK64: FlockLayout = FlockLayout { size: 32, l_type: f(0, 2), whence: f(2, 2), start: f(8, 8), len: f(16, 8), pid: f(24, 4) };

/// The `*_time64` calls' layouts.
pub static LAYOUTS_TIME64: Layouts = Layouts { timespec: TIMESPEC64, itimerspec: ITIMERSPEC64, ..BASE };
/// The old statfs and fstatfs calls'.
pub static LAYOUTS_STATFS32: Layouts = Layouts { statfs: STATFS32, ..BASE };
/// fcntl64's record-lock commands'.
pub static LAYOUTS_FLOCK64: Layouts = Layouts { flock: FLOCK64, ..BASE };

#[cfg(test)]
mod tests {
    use super::*;

    /// `offsetof` and `sizeof` of a member, for the cross compiler to check.
    fn member(ty: &str, member: &str, f: Field) -> [(String, u64); 2] {
        [(format!("offsetof({ty}, {member})"), f.offset as u64), (format!("sizeof((({ty} *)0)->{member})"), f.size as u64)]
    }

    /// The structures only the variants hold, and `__st_ino`.
    #[test]
    fn the_variants_are_arm_eabis() {
        let mut c: Vec<(String, u64)> = vec![
            ("sizeof(struct statfs)".into(), STATFS32.size as u64),
            ("sizeof(struct flock64)".into(), FLOCK64.size as u64),
            ("sizeof(struct __kernel_timespec)".into(), TIMESPEC64.size as u64),
            ("sizeof(struct __kernel_itimerspec)".into(), ITIMERSPEC64.size as u64),
            ("offsetof(struct stat64, st_ino)".into(), STAT64_INO as u64),
            ("offsetof(struct stat64, __st_ino)".into(), STAT64_INO_LOW as u64),
        ];
        let s = STATFS32;
        for (m, f) in [
            ("f_type", s.fs_type),
            ("f_bsize", s.bsize),
            ("f_blocks", s.blocks),
            ("f_bfree", s.bfree),
            ("f_bavail", s.bavail),
            ("f_files", s.files),
            ("f_ffree", s.ffree),
            ("f_fsid", s.fsid),
            ("f_namelen", s.namelen),
            ("f_frsize", s.frsize),
            ("f_flags", s.flags),
        ] {
            c.extend(member("struct statfs", m, f));
        }
        let l = FLOCK64;
        for (m, f) in [("l_type", l.l_type), ("l_whence", l.whence), ("l_start", l.start), ("l_len", l.len), ("l_pid", l.pid)] {
            c.extend(member("struct flock64", m, f));
        }
        c.extend(member("struct __kernel_timespec", "tv_nsec", TIMESPEC64.frac));
        c.extend(member("struct __kernel_itimerspec", "it_value.tv_sec", ITIMERSPEC64.value_sec));
        c.extend(member("struct __kernel_itimerspec", "it_value.tv_nsec", ITIMERSPEC64.value_frac));
        let prelude = "#include <stddef.h>\n#include <asm/stat.h>\n#include <asm/statfs.h>\n#include <asm/fcntl.h>\n\
            #include <linux/time_types.h>\n";
        super::super::tests::static_asserts(prelude, &c);
    }
}
