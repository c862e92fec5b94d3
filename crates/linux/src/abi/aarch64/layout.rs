//! aarch64 structure layouts, from the arm64 kernel's uapi headers (asm-generic for all
//! of these except where noted). Every offset and size below was checked against the
//! headers by compiling `offsetof`/`sizeof` probes with aarch64-linux-gnu-gcc, and the
//! tests pin them.

use crate::abi::layout::*;

const fn f(offset: usize, size: usize) -> Field {
    field(offset, size)
}

/// `struct stat` (asm-generic/stat.h): 128 bytes, `st_mode` (u32) at 16 *before*
/// `st_nlink` (u32) at 20. x86_64's is 144 bytes with a 64-bit `st_nlink` at 16 and
/// `st_mode` at 24: the one layout here that really differs from the host's.
pub const STAT: StatLayout = StatLayout {
    size: 128,
    dev: f(0, 8),
    ino: f(8, 8),
    mode: f(16, 4),
    nlink: f(20, 4),
    uid: f(24, 4),
    gid: f(28, 4),
    rdev: f(32, 8),
    // __pad1 (8) at 40
    file_size: f(48, 8),
    blksize: f(56, 4),
    // __pad2 (4) at 60
    blocks: f(64, 8),
    atime: f(72, 8),
    atime_nsec: f(80, 8),
    mtime: f(88, 8),
    mtime_nsec: f(96, 8),
    ctime: f(104, 8),
    ctime_nsec: f(112, 8),
    // __unused4, __unused5 (4 + 4) at 120
};

/// `struct statfs` (asm-generic/statfs.h with 64-bit `__statfs_word`).
pub const STATFS: StatfsLayout = StatfsLayout {
    size: 120,
    fs_type: f(0, 8),
    bsize: f(8, 8),
    blocks: f(16, 8),
    bfree: f(24, 8),
    bavail: f(32, 8),
    files: f(40, 8),
    ffree: f(48, 8),
    fsid: f(56, 8),
    namelen: f(64, 8),
    frsize: f(72, 8),
    flags: f(80, 8),
    // f_spare[4] at 88
};

pub const TIMESPEC: TimespecLayout = TimespecLayout { size: 16, sec: f(0, 8), frac: f(8, 8) };
pub const TIMEVAL: TimespecLayout = TimespecLayout { size: 16, sec: f(0, 8), frac: f(8, 8) };

/// `struct rlimit` and `struct rlimit64` are the same on 64-bit.
pub const RLIMIT: RlimitLayout = RlimitLayout { size: 16, cur: f(0, 8), max: f(8, 8) };

/// The kernel's `struct sigaction` (asm-generic/signal.h; arm64 defines SA_RESTORER so
/// `sa_restorer` is present) with its one-word `sigset_t`.
pub const SIGACTION: SigactionLayout =
    SigactionLayout { size: 32, handler: f(0, 8), flags: f(8, 8), restorer: Some(f(16, 8)), mask: f(24, 8) };

/// `stack_t`: `ss_sp`, `int ss_flags`, `size_t ss_size`.
pub const STACK: StackLayout = StackLayout { size: 24, sp: f(0, 8), flags: f(8, 4), ss_size: f(16, 8) };

/// The kernel's `struct termios` (asm-generic/termbits.h, NCCS = 19). Not glibc's, which
/// adds speeds and has NCCS = 32.
pub const TERMIOS: TermiosLayout = TermiosLayout {
    size: 36,
    iflag: f(0, 4),
    oflag: f(4, 4),
    cflag: f(8, 4),
    lflag: f(12, 4),
    line: f(16, 1),
    cc: f(17, 19),
};

pub const WINSIZE: WinsizeLayout =
    WinsizeLayout { size: 8, row: f(0, 2), col: f(2, 2), xpixel: f(4, 2), ypixel: f(6, 2) };

/// `struct flock` (asm-generic/fcntl.h, 64-bit `off_t`, no arch padding).
pub const FLOCK: FlockLayout =
    FlockLayout { size: 32, l_type: f(0, 2), whence: f(2, 2), start: f(8, 8), len: f(16, 8), pid: f(24, 4) };

/// `struct new_utsname`: six fields of `__NEW_UTS_LEN + 1` = 65 bytes.
pub const UTSNAME: UtsnameLayout = UtsnameLayout {
    size: 390,
    sysname: f(0, 65),
    nodename: f(65, 65),
    release: f(130, 65),
    version: f(195, 65),
    machine: f(260, 65),
    domainname: f(325, 65),
};

/// `struct sysinfo` (linux/sysinfo.h): `_f` padding is empty on 64-bit; `totalhigh` is
/// aligned up to 88 after `procs` and `pad`.
pub const SYSINFO: SysinfoLayout = SysinfoLayout {
    size: 112,
    uptime: f(0, 8),
    loads: [f(8, 8), f(16, 8), f(24, 8)],
    totalram: f(32, 8),
    freeram: f(40, 8),
    sharedram: f(48, 8),
    bufferram: f(56, 8),
    totalswap: f(64, 8),
    freeswap: f(72, 8),
    procs: f(80, 2),
    totalhigh: f(88, 8),
    freehigh: f(96, 8),
    mem_unit: f(104, 4),
};

pub const TMS: TmsLayout = TmsLayout { size: 32, utime: f(0, 8), stime: f(8, 8), cutime: f(16, 8), cstime: f(24, 8) };

pub const RUSAGE: RusageLayout = RusageLayout {
    size: 144,
    utime_sec: f(0, 8),
    utime_usec: f(8, 8),
    stime_sec: f(16, 8),
    stime_usec: f(24, 8),
    counters: [
        f(32, 8),
        f(40, 8),
        f(48, 8),
        f(56, 8),
        f(64, 8),
        f(72, 8),
        f(80, 8),
        f(88, 8),
        f(96, 8),
        f(104, 8),
        f(112, 8),
        f(120, 8),
        f(128, 8),
        f(136, 8),
    ],
};

pub const IOVEC: IovecLayout = IovecLayout { size: 16, base: f(0, 8), len: f(8, 8) };

pub static LAYOUTS: Layouts = Layouts {
    timespec: TIMESPEC,
    timeval: TIMEVAL,
    stat: STAT,
    statfs: STATFS,
    rlimit: RLIMIT,
    sigaction: SIGACTION,
    stack: STACK,
    termios: TERMIOS,
    winsize: WINSIZE,
    flock: FLOCK,
    utsname: UTSNAME,
    sysinfo: SYSINFO,
    tms: TMS,
    rusage: RUSAGE,
    iovec: IOVEC,
    word: 8,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn off(f: Field) -> (usize, usize) {
        (f.offset, f.size)
    }

    /// The values in these tests are what `offsetof`/`sizeof` print for the arm64 uapi
    /// headers (asm/stat.h, asm/statfs.h, asm/signal.h, asm/termbits.h, ...).
    #[test]
    fn stat_is_the_asm_generic_layout() {
        let s = STAT;
        assert_eq!(s.size, 128);
        assert_eq!(off(s.dev), (0, 8));
        assert_eq!(off(s.ino), (8, 8));
        assert_eq!(off(s.mode), (16, 4));
        assert_eq!(off(s.nlink), (20, 4));
        assert_eq!(off(s.uid), (24, 4));
        assert_eq!(off(s.gid), (28, 4));
        assert_eq!(off(s.rdev), (32, 8));
        assert_eq!(off(s.file_size), (48, 8));
        assert_eq!(off(s.blksize), (56, 4));
        assert_eq!(off(s.blocks), (64, 8));
        assert_eq!(off(s.atime), (72, 8));
        assert_eq!(off(s.atime_nsec), (80, 8));
        assert_eq!(off(s.mtime), (88, 8));
        assert_eq!(off(s.mtime_nsec), (96, 8));
        assert_eq!(off(s.ctime), (104, 8));
        assert_eq!(off(s.ctime_nsec), (112, 8));
    }

    #[test]
    fn statfs_layout() {
        let s = STATFS;
        assert_eq!(s.size, 120);
        let fields = [s.fs_type, s.bsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree, s.fsid, s.namelen, s.frsize, s.flags];
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(off(*f), (8 * i, 8), "field {i}");
        }
    }

    #[test]
    fn time_and_limit_layouts() {
        assert_eq!((TIMESPEC.size, off(TIMESPEC.sec), off(TIMESPEC.frac)), (16, (0, 8), (8, 8)));
        assert_eq!((TIMEVAL.size, off(TIMEVAL.sec), off(TIMEVAL.frac)), (16, (0, 8), (8, 8)));
        assert_eq!((RLIMIT.size, off(RLIMIT.cur), off(RLIMIT.max)), (16, (0, 8), (8, 8)));
        assert_eq!(TMS.size, 32);
        assert_eq!([TMS.utime, TMS.stime, TMS.cutime, TMS.cstime].map(off), [(0, 8), (8, 8), (16, 8), (24, 8)]);
        assert_eq!(RUSAGE.size, 144);
        assert_eq!([RUSAGE.utime_sec, RUSAGE.utime_usec, RUSAGE.stime_sec, RUSAGE.stime_usec].map(off), [(0, 8), (8, 8), (16, 8), (24, 8)]);
        for (i, f) in RUSAGE.counters.iter().enumerate() {
            assert_eq!(off(*f), (32 + 8 * i, 8), "counter {i}");
        }
        assert_eq!(off(RUSAGE.counters[13]), (136, 8), "ru_nivcsw");
    }

    #[test]
    fn signal_layouts() {
        let a = SIGACTION;
        assert_eq!(a.size, 32);
        assert_eq!([a.handler, a.flags, a.restorer.unwrap(), a.mask].map(off), [(0, 8), (8, 8), (16, 8), (24, 8)]);
        assert_eq!(STACK.size, 24);
        assert_eq!([STACK.sp, STACK.flags, STACK.ss_size].map(off), [(0, 8), (8, 4), (16, 8)]);
    }

    #[test]
    fn tty_layouts() {
        let t = TERMIOS;
        assert_eq!(t.size, 36);
        assert_eq!([t.iflag, t.oflag, t.cflag, t.lflag].map(off), [(0, 4), (4, 4), (8, 4), (12, 4)]);
        assert_eq!(off(t.line), (16, 1));
        assert_eq!(off(t.cc), (17, 19));
        let w = WINSIZE;
        assert_eq!(w.size, 8);
        assert_eq!([w.row, w.col, w.xpixel, w.ypixel].map(off), [(0, 2), (2, 2), (4, 2), (6, 2)]);
    }

    #[test]
    fn misc_layouts() {
        let l = FLOCK;
        assert_eq!(l.size, 32);
        assert_eq!([l.l_type, l.whence, l.start, l.len, l.pid].map(off), [(0, 2), (2, 2), (8, 8), (16, 8), (24, 4)]);
        let u = UTSNAME;
        assert_eq!(u.size, 390);
        assert_eq!(
            [u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname].map(off),
            [(0, 65), (65, 65), (130, 65), (195, 65), (260, 65), (325, 65)]
        );
        let s = SYSINFO;
        assert_eq!(s.size, 112);
        assert_eq!(off(s.uptime), (0, 8));
        assert_eq!(s.loads.map(off), [(8, 8), (16, 8), (24, 8)]);
        assert_eq!(
            [s.totalram, s.freeram, s.sharedram, s.bufferram, s.totalswap, s.freeswap].map(off),
            [(32, 8), (40, 8), (48, 8), (56, 8), (64, 8), (72, 8)]
        );
        assert_eq!(off(s.procs), (80, 2));
        assert_eq!([s.totalhigh, s.freehigh].map(off), [(88, 8), (96, 8)]);
        assert_eq!(off(s.mem_unit), (104, 4));
        assert_eq!((IOVEC.size, off(IOVEC.base), off(IOVEC.len)), (16, (0, 8), (8, 8)));
    }

    #[test]
    fn fields_fit_their_records() {
        let l = &LAYOUTS;
        let check = |size: usize, fields: &[Field]| {
            for f in fields {
                assert!(f.offset + f.size <= size, "{f:?} outside a {size}-byte record");
            }
        };
        let s = l.stat;
        check(s.size, &[s.dev, s.ino, s.mode, s.nlink, s.uid, s.gid, s.rdev, s.file_size, s.blksize, s.blocks, s.ctime_nsec]);
        check(l.statfs.size, &[l.statfs.flags]);
        check(l.sysinfo.size, &[l.sysinfo.mem_unit]);
        check(l.termios.size, &[l.termios.cc]);
        check(l.utsname.size, &[l.utsname.domainname]);
        check(l.rusage.size, &l.rusage.counters);
    }
}
