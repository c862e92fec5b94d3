//! Guest structure layouts as data.
//!
//! A guest architecture describes each kernel structure it shares with user space as a
//! table of [`Field`]s (offset and size, from that architecture's kernel headers). The
//! handlers never reinterpret a host structure as a guest one: they fill an
//! architecture-neutral value (e.g. [`FileStat`]) from the host call, and the layout
//! encodes it field by field into a zeroed [`Record`] of the guest's size (padding stays
//! zero), which is then copied to guest memory; reading a guest structure is the reverse.
//! Guest records are little-endian (every guest supported so far is).

use crate::errno::Errno;
use crate::guest;

/// Where one field lives in a guest structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub offset: usize,
    /// In bytes: 1, 2, 4 or 8 for integers, anything for byte arrays.
    pub size: usize,
}

pub const fn field(offset: usize, size: usize) -> Field {
    Field { offset, size }
}

/// The bytes of one guest structure being built or taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    bytes: Vec<u8>,
}

impl Record {
    pub fn zeroed(size: usize) -> Record {
        Record { bytes: vec![0; size] }
    }

    /// Reads `size` bytes of guest memory at `addr`.
    pub fn read(addr: u64, size: usize) -> Result<Record, Errno> {
        let mut r = Record::zeroed(size);
        guest::read(addr, &mut r.bytes)?;
        Ok(r)
    }

    /// Copies the record to guest memory at `addr`.
    pub fn write(&self, addr: u64) -> Result<(), Errno> {
        guest::write(addr, &self.bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Stores the low `f.size` bytes of `v` (two's complement for negative values).
    pub fn set(&mut self, f: Field, v: u64) {
        debug_assert!(f.size <= 8, "integer field of {} bytes", f.size);
        self.bytes[f.offset..f.offset + f.size].copy_from_slice(&v.to_le_bytes()[..f.size]);
    }

    pub fn set_i(&mut self, f: Field, v: i64) {
        self.set(f, v as u64);
    }

    /// Copies `b` into a byte-array field, truncated to the field, zero-padded.
    pub fn set_bytes(&mut self, f: Field, b: &[u8]) {
        let dst = &mut self.bytes[f.offset..f.offset + f.size];
        dst.fill(0);
        let n = b.len().min(f.size);
        dst[..n].copy_from_slice(&b[..n]);
    }

    /// The field zero-extended.
    pub fn get(&self, f: Field) -> u64 {
        let mut b = [0u8; 8];
        b[..f.size].copy_from_slice(&self.bytes[f.offset..f.offset + f.size]);
        u64::from_le_bytes(b)
    }

    /// The field sign-extended.
    pub fn get_i(&self, f: Field) -> i64 {
        let shift = 64 - 8 * f.size as u32;
        ((self.get(f) << shift) as i64) >> shift
    }

    pub fn bytes(&self, f: Field) -> &[u8] {
        &self.bytes[f.offset..f.offset + f.size]
    }
}

// ---------------------------------------------------------------------------------------
// Architecture-neutral values and the layouts that encode them.
// ---------------------------------------------------------------------------------------

/// `struct timespec` / `struct timeval` (the second field is nanoseconds or microseconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timespec {
    pub sec: i64,
    pub frac: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct TimespecLayout {
    pub size: usize,
    pub sec: Field,
    pub frac: Field,
}

impl TimespecLayout {
    pub fn encode(&self, t: Timespec) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.sec, t.sec);
        r.set_i(self.frac, t.frac);
        r
    }

    pub fn decode(&self, r: &Record) -> Timespec {
        Timespec { sec: r.get_i(self.sec), frac: r.get_i(self.frac) }
    }

    pub fn read(&self, addr: u64) -> Result<Timespec, Errno> {
        Ok(self.decode(&Record::read(addr, self.size)?))
    }

    pub fn write(&self, addr: u64, t: Timespec) -> Result<(), Errno> {
        self.encode(t).write(addr)
    }
}

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
    pub atime: Timespec,
    pub mtime: Timespec,
    pub ctime: Timespec,
}

#[derive(Clone, Copy, Debug)]
pub struct StatLayout {
    pub size: usize,
    pub dev: Field,
    pub ino: Field,
    pub mode: Field,
    pub nlink: Field,
    pub uid: Field,
    pub gid: Field,
    pub rdev: Field,
    pub file_size: Field,
    pub blksize: Field,
    pub blocks: Field,
    pub atime: Field,
    pub atime_nsec: Field,
    pub mtime: Field,
    pub mtime_nsec: Field,
    pub ctime: Field,
    pub ctime_nsec: Field,
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

#[derive(Clone, Copy, Debug)]
pub struct StatfsLayout {
    pub size: usize,
    pub fs_type: Field,
    pub bsize: Field,
    pub blocks: Field,
    pub bfree: Field,
    pub bavail: Field,
    pub files: Field,
    pub ffree: Field,
    /// Two `int`s.
    pub fsid: Field,
    pub namelen: Field,
    pub frsize: Field,
    pub flags: Field,
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

/// `struct rlimit` / `struct rlimit64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rlimit {
    pub cur: u64,
    pub max: u64,
}

#[derive(Clone, Copy, Debug)]
pub struct RlimitLayout {
    pub size: usize,
    pub cur: Field,
    pub max: Field,
}

impl RlimitLayout {
    pub fn read(&self, addr: u64) -> Result<Rlimit, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(Rlimit { cur: r.get(self.cur), max: r.get(self.max) })
    }

    pub fn write(&self, addr: u64, l: Rlimit) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.cur, l.cur);
        r.set(self.max, l.max);
        r.write(addr)
    }
}

/// The kernel's `struct sigaction` as `rt_sigaction` passes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    pub handler: u64,
    pub flags: u64,
    pub restorer: u64,
    pub mask: u64,
}

#[derive(Clone, Copy, Debug)]
pub struct SigactionLayout {
    pub size: usize,
    pub handler: Field,
    pub flags: Field,
    /// `sa_restorer`, present only where the guest's kernel defines SA_RESTORER.
    pub restorer: Option<Field>,
    pub mask: Field,
}

impl SigactionLayout {
    pub fn read(&self, addr: u64) -> Result<SigAction, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(SigAction {
            handler: r.get(self.handler),
            flags: r.get(self.flags),
            restorer: self.restorer.map_or(0, |f| r.get(f)),
            mask: r.get(self.mask),
        })
    }

    pub fn write(&self, addr: u64, a: &SigAction) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.handler, a.handler);
        r.set(self.flags, a.flags);
        if let Some(f) = self.restorer {
            r.set(f, a.restorer);
        }
        r.set(self.mask, a.mask);
        r.write(addr)
    }
}

/// `stack_t`, for `sigaltstack`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigStack {
    pub sp: u64,
    pub flags: i32,
    pub size: u64,
}

#[derive(Clone, Copy, Debug)]
pub struct StackLayout {
    pub size: usize,
    pub sp: Field,
    pub flags: Field,
    pub ss_size: Field,
}

impl StackLayout {
    pub fn read(&self, addr: u64) -> Result<SigStack, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(SigStack { sp: r.get(self.sp), flags: r.get_i(self.flags) as i32, size: r.get(self.ss_size) })
    }

    pub fn write(&self, addr: u64, s: &SigStack) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.sp, s.sp);
        r.set_i(self.flags, s.flags as i64);
        r.set(self.ss_size, s.size);
        r.write(addr)
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

#[derive(Clone, Copy, Debug)]
pub struct TermiosLayout {
    pub size: usize,
    pub iflag: Field,
    pub oflag: Field,
    pub cflag: Field,
    pub lflag: Field,
    pub line: Field,
    /// `c_cc[NCCS]`.
    pub cc: Field,
}

impl TermiosLayout {
    pub fn read(&self, addr: u64) -> Result<Termios, Errno> {
        let r = Record::read(addr, self.size)?;
        let mut t = Termios {
            iflag: r.get(self.iflag) as u32,
            oflag: r.get(self.oflag) as u32,
            cflag: r.get(self.cflag) as u32,
            lflag: r.get(self.lflag) as u32,
            line: r.get(self.line) as u8,
            cc: [0; 32],
        };
        t.cc[..self.cc.size].copy_from_slice(r.bytes(self.cc));
        Ok(t)
    }

    pub fn write(&self, addr: u64, t: &Termios) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.iflag, t.iflag as u64);
        r.set(self.oflag, t.oflag as u64);
        r.set(self.cflag, t.cflag as u64);
        r.set(self.lflag, t.lflag as u64);
        r.set(self.line, t.line as u64);
        r.set_bytes(self.cc, &t.cc[..self.cc.size]);
        r.write(addr)
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

#[derive(Clone, Copy, Debug)]
pub struct WinsizeLayout {
    pub size: usize,
    pub row: Field,
    pub col: Field,
    pub xpixel: Field,
    pub ypixel: Field,
}

impl WinsizeLayout {
    pub fn read(&self, addr: u64) -> Result<WinSize, Errno> {
        let r = Record::read(addr, self.size)?;
        Ok(WinSize {
            row: r.get(self.row) as u16,
            col: r.get(self.col) as u16,
            xpixel: r.get(self.xpixel) as u16,
            ypixel: r.get(self.ypixel) as u16,
        })
    }

    pub fn write(&self, addr: u64, w: &WinSize) -> Result<(), Errno> {
        let mut r = Record::zeroed(self.size);
        r.set(self.row, w.row as u64);
        r.set(self.col, w.col as u64);
        r.set(self.xpixel, w.xpixel as u64);
        r.set(self.ypixel, w.ypixel as u64);
        r.write(addr)
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

#[derive(Clone, Copy, Debug)]
pub struct FlockLayout {
    pub size: usize,
    pub l_type: Field,
    pub whence: Field,
    pub start: Field,
    pub len: Field,
    pub pid: Field,
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

/// `struct new_utsname`: six NUL-padded strings.
#[derive(Clone, Copy, Debug)]
pub struct UtsnameLayout {
    pub size: usize,
    pub sysname: Field,
    pub nodename: Field,
    pub release: Field,
    pub version: Field,
    pub machine: Field,
    pub domainname: Field,
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

#[derive(Clone, Copy, Debug)]
pub struct SysinfoLayout {
    pub size: usize,
    pub uptime: Field,
    pub loads: [Field; 3],
    pub totalram: Field,
    pub freeram: Field,
    pub sharedram: Field,
    pub bufferram: Field,
    pub totalswap: Field,
    pub freeswap: Field,
    pub procs: Field,
    pub totalhigh: Field,
    pub freehigh: Field,
    pub mem_unit: Field,
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

/// `struct tms`, in clock ticks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tms {
    pub utime: i64,
    pub stime: i64,
    pub cutime: i64,
    pub cstime: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct TmsLayout {
    pub size: usize,
    pub utime: Field,
    pub stime: Field,
    pub cutime: Field,
    pub cstime: Field,
}

impl TmsLayout {
    pub fn encode(&self, t: &Tms) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.utime, t.utime);
        r.set_i(self.stime, t.stime);
        r.set_i(self.cutime, t.cutime);
        r.set_i(self.cstime, t.cstime);
        r
    }
}

/// `struct rusage`: two timevals then fourteen longs (maxrss .. nivcsw, in order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rusage {
    pub utime: Timespec,
    pub stime: Timespec,
    pub counters: [i64; 14],
}

#[derive(Clone, Copy, Debug)]
pub struct RusageLayout {
    pub size: usize,
    pub utime_sec: Field,
    pub utime_usec: Field,
    pub stime_sec: Field,
    pub stime_usec: Field,
    /// ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
    /// ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw.
    pub counters: [Field; 14],
}

impl RusageLayout {
    pub fn encode(&self, u: &Rusage) -> Record {
        let mut r = Record::zeroed(self.size);
        r.set_i(self.utime_sec, u.utime.sec);
        r.set_i(self.utime_usec, u.utime.frac);
        r.set_i(self.stime_sec, u.stime.sec);
        r.set_i(self.stime_usec, u.stime.frac);
        for (f, v) in self.counters.iter().zip(u.counters) {
            r.set_i(*f, v);
        }
        r
    }
}

/// `struct iovec`.
#[derive(Clone, Copy, Debug)]
pub struct IovecLayout {
    pub size: usize,
    pub base: Field,
    pub len: Field,
}

/// Every structure layout of one guest architecture.
#[derive(Clone, Copy, Debug)]
pub struct Layouts {
    pub timespec: TimespecLayout,
    pub timeval: TimespecLayout,
    pub stat: StatLayout,
    pub statfs: StatfsLayout,
    pub rlimit: RlimitLayout,
    pub sigaction: SigactionLayout,
    pub stack: StackLayout,
    pub termios: TermiosLayout,
    pub winsize: WinsizeLayout,
    pub flock: FlockLayout,
    pub utsname: UtsnameLayout,
    pub sysinfo: SysinfoLayout,
    pub tms: TmsLayout,
    pub rusage: RusageLayout,
    pub iovec: IovecLayout,
    /// `sizeof(long)` / pointer size.
    pub word: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_fields_are_little_endian_and_sign_extend() {
        let mut r = Record::zeroed(16);
        r.set(field(2, 2), 0xabcd);
        r.set_i(field(8, 4), -2);
        assert_eq!(&r.as_bytes()[..4], &[0, 0, 0xcd, 0xab]);
        assert_eq!(r.get(field(8, 4)), 0xffff_fffe);
        assert_eq!(r.get_i(field(8, 4)), -2);
        assert_eq!(r.get_i(field(2, 2)), 0xabcd_u16 as i16 as i64);
        r.set_bytes(field(12, 4), b"abcdef");
        assert_eq!(r.bytes(field(12, 4)), b"abcd");
        r.set_bytes(field(12, 4), b"x");
        assert_eq!(r.bytes(field(12, 4)), b"x\0\0\0");
    }
}
