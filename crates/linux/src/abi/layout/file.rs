//! Files and the system: stat, statfs, flock, iovec, rlimit, utsname, sysinfo, and the
//! tty's termios and winsize.

use super::{field, Field, Record};
use crate::errno::Errno;

/// What `stat` reports about a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileStat {
    pub dev: u64,
    pub ino: u64,
    pub mode: u32,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u64,
    pub size: i64,
    pub blksize: i64,
    pub blocks: i64,
    pub atime: super::Timespec,
    pub mtime: super::Timespec,
    pub ctime: super::Timespec,
}

layout! {
    /// The kernel's `struct stat` (asm/stat.h), what newfstatat/fstat fill.
    pub struct StatLayout: "struct stat" in Kernel {
        dev: Unsigned "st_dev",
        ino: Unsigned "st_ino",
        mode: Unsigned "st_mode",
        nlink: Unsigned "st_nlink",
        uid: Unsigned "st_uid",
        gid: Unsigned "st_gid",
        rdev: Unsigned "st_rdev",
        file_size: Signed "st_size",
        blksize: Signed "st_blksize",
        blocks: Signed "st_blocks",
        atime: Signed "st_atime",
        atime_nsec: Unsigned "st_atime_nsec",
        mtime: Signed "st_mtime",
        mtime_nsec: Unsigned "st_mtime_nsec",
        ctime: Signed "st_ctime",
        ctime_nsec: Unsigned "st_ctime_nsec",
    }
}

impl StatLayout {
    /// `EOVERFLOW` when a value does not fit the guest's field, as the kernel's
    /// `cp_new_stat` reports (st_nlink is 32 bits on asm-generic, 64 on x86_64).
    pub fn encode(&self, s: &FileStat) -> Result<Record, Errno> {
        if self.nlink.size < 8 && s.nlink >> (8 * self.nlink.size) != 0 {
            return Err(Errno::EOVERFLOW);
        }
        let mut r = Record::zeroed(self.size);
        r.set(self.dev, s.dev);
        r.set(self.ino, s.ino);
        r.set(self.mode, s.mode as u64);
        r.set(self.nlink, s.nlink);
        r.set(self.uid, s.uid as u64);
        r.set(self.gid, s.gid as u64);
        r.set(self.rdev, s.rdev);
        r.set_i(self.file_size, s.size);
        r.set_i(self.blksize, s.blksize);
        r.set_i(self.blocks, s.blocks);
        r.set_i(self.atime, s.atime.sec);
        r.set_i(self.atime_nsec, s.atime.frac);
        r.set_i(self.mtime, s.mtime.sec);
        r.set_i(self.mtime_nsec, s.mtime.frac);
        r.set_i(self.ctime, s.ctime.sec);
        r.set_i(self.ctime_nsec, s.ctime.frac);
        Ok(r)
    }
}

/// What `statfs` reports about a file system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FsStat {
    pub fs_type: i64,
    pub bsize: i64,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub fsid: [i32; 2],
    pub namelen: i64,
    pub frsize: i64,
    pub flags: i64,
}

layout! {
    /// The kernel's `struct statfs` (asm/statfs.h).
    pub struct StatfsLayout: "struct statfs" in Kernel {
        fs_type: Signed "f_type",
        bsize: Signed "f_bsize",
        blocks: Unsigned "f_blocks",
        bfree: Unsigned "f_bfree",
        bavail: Unsigned "f_bavail",
        files: Unsigned "f_files",
        ffree: Unsigned "f_ffree",
        /// Two `int`s.
        fsid: Bytes "f_fsid",
        namelen: Signed "f_namelen",
        frsize: Signed "f_frsize",
        flags: Signed "f_flags",
    }
}

impl StatfsLayout {
    pub fn encode(&self, s: &FsStat) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.fs_type, s.fs_type);
        r.set_i(self.bsize, s.bsize);
        r.set(self.blocks, s.blocks);
        r.set(self.bfree, s.bfree);
        r.set(self.bavail, s.bavail);
        r.set(self.files, s.files);
        r.set(self.ffree, s.ffree);
        let half = self.fsid.size / 2;
        r.set_i(field(self.fsid.offset, half), s.fsid[0] as i64);
        r.set_i(field(self.fsid.offset + half, half), s.fsid[1] as i64);
        r.set_i(self.namelen, s.namelen);
        r.set_i(self.frsize, s.frsize);
        r.set_i(self.flags, s.flags);
        r
    }
}

/// `struct flock` (record locks for fcntl).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flock {
    pub l_type: i16,
    pub whence: i16,
    pub start: i64,
    pub len: i64,
    pub pid: i32,
}

layout! {
    /// The kernel's `struct flock` (asm/fcntl.h).
    pub struct FlockLayout: "struct flock" in Kernel {
        l_type: Signed "l_type",
        whence: Signed "l_whence",
        start: Signed "l_start",
        len: Signed "l_len",
        pid: Signed "l_pid",
    }
}

impl FlockLayout {
    pub fn read(&self, addr: u64) -> Result<Flock, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(Flock {
            l_type: r.get_i(self.l_type) as i16,
            whence: r.get_i(self.whence) as i16,
            start: r.get_i(self.start),
            len: r.get_i(self.len),
            pid: r.get_i(self.pid) as i32,
        })
    }

    pub fn write(&self, addr: u64, l: &Flock) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.l_type, l.l_type as i64);
        r.set_i(self.whence, l.whence as i64);
        r.set_i(self.start, l.start);
        r.set_i(self.len, l.len);
        r.set_i(self.pid, l.pid as i64);
        r.write(addr)
    }
}

layout! {
    /// `struct iovec`.
    pub struct IovecLayout: "struct iovec" in Kernel {
        base: Unsigned "iov_base",
        len: Unsigned "iov_len",
    }
}

/// `struct rlimit` / `struct rlimit64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rlimit {
    pub cur: u64,
    pub max: u64,
}

layout! {
    /// `struct rlimit` (two `unsigned long`s: getrlimit, setrlimit). prlimit64's
    /// `struct rlimit64` is fixed-width ([`super::fixed::RLIMIT64`]).
    pub struct RlimitLayout: "struct rlimit" in Kernel {
        cur: Unsigned "rlim_cur",
        max: Unsigned "rlim_max",
    }
}

impl RlimitLayout {
    /// A limit whose field is narrower than 64 bits is infinite when all ones, and a
    /// limit too large for it is given as all ones, as the kernel's compat getrlimit and
    /// setrlimit do (COMPAT_RLIM_INFINITY).
    fn widen(f: Field, v: u64) -> u64 {
        if f.size < 8 && v == (1u64 << (8 * f.size)) - 1 {
            u64::MAX
        } else {
            v
        }
    }

    fn narrow(f: Field, v: u64) -> u64 {
        if f.size < 8 && v >> (8 * f.size) != 0 {
            (1u64 << (8 * f.size)) - 1
        } else {
            v
        }
    }

    pub fn read(&self, addr: u64) -> Result<Rlimit, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(Rlimit { cur: Self::widen(self.cur, r.get(self.cur)), max: Self::widen(self.max, r.get(self.max)) })
    }

    pub fn write(&self, addr: u64, l: Rlimit) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.cur, Self::narrow(self.cur, l.cur));
        r.set(self.max, Self::narrow(self.max, l.max));
        r.write(addr)
    }
}

layout! {
    /// `struct new_utsname`: six NUL-padded strings.
    pub struct UtsnameLayout: "struct new_utsname" in Kernel {
        sysname: Bytes "sysname",
        nodename: Bytes "nodename",
        release: Bytes "release",
        version: Bytes "version",
        machine: Bytes "machine",
        domainname: Bytes "domainname",
    }
}

/// `struct sysinfo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SysInfo {
    pub uptime: i64,
    pub loads: [u64; 3],
    pub totalram: u64,
    pub freeram: u64,
    pub sharedram: u64,
    pub bufferram: u64,
    pub totalswap: u64,
    pub freeswap: u64,
    pub procs: u16,
    pub totalhigh: u64,
    pub freehigh: u64,
    pub mem_unit: u32,
}

layout! {
    /// `struct sysinfo` (linux/sysinfo.h).
    pub struct SysinfoLayout: "struct sysinfo" in Kernel {
        uptime: Signed "uptime",
        loads: Unsigned ["loads[0]", "loads[1]", "loads[2]"],
        totalram: Unsigned "totalram",
        freeram: Unsigned "freeram",
        sharedram: Unsigned "sharedram",
        bufferram: Unsigned "bufferram",
        totalswap: Unsigned "totalswap",
        freeswap: Unsigned "freeswap",
        procs: Unsigned "procs",
        totalhigh: Unsigned "totalhigh",
        freehigh: Unsigned "freehigh",
        mem_unit: Unsigned "mem_unit",
    }
}

impl SysinfoLayout {
    pub fn encode(&self, s: &SysInfo) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.uptime, s.uptime);
        for (f, v) in self.loads.iter().zip(s.loads) {
            r.set(*f, v);
        }
        r.set(self.totalram, s.totalram);
        r.set(self.freeram, s.freeram);
        r.set(self.sharedram, s.sharedram);
        r.set(self.bufferram, s.bufferram);
        r.set(self.totalswap, s.totalswap);
        r.set(self.freeswap, s.freeswap);
        r.set(self.procs, s.procs as u64);
        r.set(self.totalhigh, s.totalhigh);
        r.set(self.freehigh, s.freehigh);
        r.set(self.mem_unit, s.mem_unit as u64);
        r
    }
}

/// The kernel's `struct termios` (TCGETS/TCSETS*), flag bits in the guest's numbering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Termios {
    pub iflag: u32,
    pub oflag: u32,
    pub cflag: u32,
    pub lflag: u32,
    pub line: u8,
    /// Control characters; indices past the guest's NCCS are unused.
    pub cc: [u8; 32],
}

layout! {
    /// The kernel's `struct termios` (asm/termbits.h), not glibc's (which adds speeds
    /// and has NCCS = 32).
    pub struct TermiosLayout: "struct termios" in Kernel {
        iflag: Unsigned "c_iflag",
        oflag: Unsigned "c_oflag",
        cflag: Unsigned "c_cflag",
        lflag: Unsigned "c_lflag",
        line: Unsigned "c_line",
        /// `c_cc[NCCS]`.
        cc: Bytes "c_cc",
    }
}

impl TermiosLayout {
    pub fn read(&self, addr: u64) -> Result<Termios, Errno> {
        Ok(self.decode(&Record::read(addr, self.size)?))
    }

    pub fn decode(&self, r: &Record) -> Termios {
        let mut t = Termios {
            iflag: r.get(self.iflag) as u32,
            oflag: r.get(self.oflag) as u32,
            cflag: r.get(self.cflag) as u32,
            lflag: r.get(self.lflag) as u32,
            line: r.get(self.line) as u8,
            cc: [0; 32],
        };
        t.cc[..self.cc.size].copy_from_slice(r.bytes(self.cc));
        t
    }

    pub fn encode(&self, t: &Termios) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set(self.iflag, t.iflag as u64);
        r.set(self.oflag, t.oflag as u64);
        r.set(self.cflag, t.cflag as u64);
        r.set(self.lflag, t.lflag as u64);
        r.set(self.line, t.line as u64);
        r.set_bytes(self.cc, &t.cc[..self.cc.size]);
        r
    }

    pub fn write(&self, addr: u64, t: &Termios) -> Result<(), Errno> {
        self.encode(t).write(addr)
    }
}

/// `struct winsize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WinSize {
    pub row: u16,
    pub col: u16,
    pub xpixel: u16,
    pub ypixel: u16,
}

layout! {
    /// `struct winsize` (asm/termios.h).
    pub struct WinsizeLayout: "struct winsize" in Kernel {
        row: Unsigned "ws_row",
        col: Unsigned "ws_col",
        xpixel: Unsigned "ws_xpixel",
        ypixel: Unsigned "ws_ypixel",
    }
}

impl WinsizeLayout {
    pub fn read(&self, addr: u64) -> Result<WinSize, Errno> {
        Ok(self.decode(&Record::read(addr, self.size)?))
    }

    pub fn decode(&self, r: &Record) -> WinSize {
        WinSize {
            row: r.get(self.row) as u16,
            col: r.get(self.col) as u16,
            xpixel: r.get(self.xpixel) as u16,
            ypixel: r.get(self.ypixel) as u16,
        }
    }

    pub fn encode(&self, w: &WinSize) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set(self.row, w.row as u64);
        r.set(self.col, w.col as u64);
        r.set(self.xpixel, w.xpixel as u64);
        r.set(self.ypixel, w.ypixel as u64);
        r
    }

    pub fn write(&self, addr: u64, w: &WinSize) -> Result<(), Errno> {
        self.encode(w).write(addr)
    }
}
