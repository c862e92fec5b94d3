//! File descriptor I/O: read/write and their vector and positional forms, lseek, close,
//! dup, fcntl, pipe2, sendfile, splice, tee, copy_file_range, sync calls.

use super::{int_passthrough, raw};
use crate::abi::layout::{Flock, Record};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;

/// The most iovecs one call takes (UIO_MAXIOV, every architecture).
const UIO_MAXIOV: u64 = 1024;

pub fn read(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: fd and count are integers; the buffer is plain guest bytes.
    unsafe { raw(libc::SYS_read, a) }
}

pub fn write(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for read.
    unsafe { raw(libc::SYS_write, a) }
}

pub fn pread64(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for read; the offset is an integer.
    unsafe { raw(libc::SYS_pread64, a) }
}

pub fn pwrite64(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for read.
    unsafe { raw(libc::SYS_pwrite64, a) }
}

/// The guest's iovec array as host iovecs (the buffers themselves stay in guest memory).
pub(crate) fn iovecs(ctx: &Ctx<'_>, fd: u64, addr: u64, count: u64) -> Result<Vec<libc::iovec>, Errno> {
    let l = ctx.abi.layouts.iovec;
    let convert = || -> Result<Vec<libc::iovec>, Errno> {
        if count > UIO_MAXIOV {
            return Err(Errno::EINVAL);
        }
        let all = Record::read(addr, l.size * count as usize)?;
        Ok((0..count as usize)
            .map(|i| {
                let base = crate::abi::layout::field(i * l.size + l.base.offset, l.base.size);
                let len = crate::abi::layout::field(i * l.size + l.len.offset, l.len.size);
                libc::iovec { iov_base: all.get(base) as *mut libc::c_void, iov_len: all.get(len) as usize }
            })
            .collect())
    };
    convert().map_err(|e| {
        // The kernel looks the fd up before it reads the vector.
        // SAFETY: F_GETFD takes no pointer.
        match unsafe { libc::fcntl(fd as i32, libc::F_GETFD) } {
            -1 => Errno::EBADF,
            _ => e,
        }
    })
}

/// readv/writev/preadv/pwritev/preadv2/pwritev2: the host call with the same
/// arguments, the iovec pointer replaced by a host copy of the vector.
fn vectored(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6]) -> SysResult {
    let v = iovecs(ctx, a[0], a[1], a[2])?;
    // SAFETY: `v` is a valid host iovec array of a[2] entries pointing at guest buffers
    // (plain bytes); the other arguments are integers.
    unsafe { raw(nr, [a[0], v.as_ptr() as u64, v.len() as u64, a[3], a[4], a[5]]) }
}

pub fn readv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    vectored(ctx, libc::SYS_readv, a)
}

pub fn writev(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    vectored(ctx, libc::SYS_writev, a)
}

/// On 64-bit guests the position is `pos_l` alone (the kernel shifts `pos_h` out).
pub fn preadv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    vectored(ctx, libc::SYS_preadv, a)
}

pub fn pwritev(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    vectored(ctx, libc::SYS_pwritev, a)
}

/// RWF_* flags are the same on every architecture.
pub fn preadv2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    vectored(ctx, libc::SYS_preadv2, a)
}

pub fn pwritev2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    vectored(ctx, libc::SYS_pwritev2, a)
}

int_passthrough! {
    /// SEEK_* values are the same everywhere.
    lseek => SYS_lseek;
    dup => SYS_dup;
    fsync => SYS_fsync;
    fdatasync => SYS_fdatasync;
    sync => SYS_sync;
    syncfs => SYS_syncfs;
    ftruncate => SYS_ftruncate;
    /// FALLOC_FL_* are the same everywhere.
    fallocate => SYS_fallocate;
    /// LOCK_* are the same everywhere.
    flock => SYS_flock;
    /// sync_file_range(fd, offset, nbytes, flags) on 64-bit arm64 and x86_64 alike (not
    /// 32-bit arm's sync_file_range2); SYNC_FILE_RANGE_* are the same everywhere. dpkg
    /// starts writeback of each unpacked file with it.
    sync_file_range => SYS_sync_file_range;
    /// POSIX_FADV_* are the same on arm64 and x86_64 (0..=5; only s390 differs), and
    /// both take (fd, offset, len, advice) in 64-bit registers.
    fadvise64 => SYS_fadvise64;
}

/// dup3's only flag is O_CLOEXEC; other bits are translated too, so the host rejects
/// them with EINVAL as the guest's kernel would.
/// A vfork child's fd for its parent (see [`crate::sys::vfork::reserved_fd`]) is not the
/// guest's: closing it is EBADF, as for any fd the guest does not have.
pub fn close(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if crate::sys::vfork::reserved_fd(ctx.process) == Some(a[0] as i32) {
        return Err(Errno::EBADF);
    }
    // SAFETY: an integer argument.
    unsafe { raw(libc::SYS_close, a) }
}

/// close_range(first, last, flags): CLOSE_RANGE_* flags are the same everywhere. A range
/// holding a vfork child's fd for its parent is closed in the two parts around it.
pub fn close_range(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    const CLOSE_RANGE_CLOEXEC: u64 = 1 << 2;
    let (first, last, flags) = (a[0] as u32, a[1] as u32, a[2]);
    // SAFETY: integer arguments only.
    let call = |first: u32, last: u32| unsafe { raw(libc::SYS_close_range, [first as u64, last as u64, flags, 0, 0, 0]) };
    match crate::sys::vfork::reserved_fd(ctx.process).map(|fd| fd as u32) {
        // Marking it close-on-exec does nothing (it is), and the kernel checks the
        // arguments (first > last, unknown flags) in the full call.
        Some(fd) if first <= fd && fd <= last && first <= last && flags & CLOSE_RANGE_CLOEXEC == 0 => {
            if fd > first {
                call(first, fd - 1)?;
            }
            if fd < last {
                call(fd + 1, last)?;
            }
            Ok(0)
        }
        _ => call(first, last),
    }
}

pub fn dup3(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if crate::sys::vfork::reserved_fd(ctx.process) == Some(a[1] as i32) {
        crate::sys::vfork::move_reserved_fd(ctx.process);
    }
    let flags = ctx.abi.open_flags.to_host(a[2] as u32) as u64;
    // SAFETY: integers only.
    unsafe { raw(libc::SYS_dup3, [a[0], a[1], flags, 0, 0, 0]) }
}

pub fn pipe2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let flags = ctx.abi.open_flags.to_host(a[1] as u32) as i32;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` is a valid two-int array.
    crate::errno::cvt_int(unsafe { libc::pipe2(fds.as_mut_ptr(), flags) })?;
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&fds[0].to_le_bytes());
    out[4..].copy_from_slice(&fds[1].to_le_bytes());
    if let Err(e) = guest::write(a[0], &out) {
        // As the kernel does when it cannot copy the fds out.
        // SAFETY: closing the two fds just created.
        unsafe {
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
        return Err(e);
    }
    Ok(0)
}

const F_DUPFD: i32 = 0;
const F_GETFD: i32 = 1;
const F_SETFD: i32 = 2;
const F_GETFL: i32 = 3;
const F_SETFL: i32 = 4;
const F_GETLK: i32 = 5;
const F_SETLK: i32 = 6;
const F_SETLKW: i32 = 7;
const F_SETOWN: i32 = 8;
const F_GETOWN: i32 = 9;
const F_SETSIG: i32 = 10;
const F_GETSIG: i32 = 11;
const F_SETOWN_EX: i32 = 15;
const F_GETOWN_EX: i32 = 16;
const F_OFD_GETLK: i32 = 36;
const F_OFD_SETLK: i32 = 37;
const F_OFD_SETLKW: i32 = 38;
const F_SETLEASE: i32 = 1024;
const F_GETLEASE: i32 = 1025;
const F_NOTIFY: i32 = 1026;
const F_DUPFD_CLOEXEC: i32 = 1030;
const F_SETPIPE_SZ: i32 = 1031;
const F_GETPIPE_SZ: i32 = 1032;
const F_ADD_SEALS: i32 = 1033;
const F_GET_SEALS: i32 = 1034;

pub fn fcntl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (fd, cmd, arg) = (a[0], a[1] as i32, a[2]);
    let int_call = |arg: u64| {
        // SAFETY: every command routed here takes an integer argument (or none).
        unsafe { raw(libc::SYS_fcntl, [fd, cmd as u64, arg, 0, 0, 0]) }
    };
    match cmd {
        F_DUPFD | F_DUPFD_CLOEXEC | F_GETFD | F_SETFD | F_SETOWN | F_GETOWN | F_SETSIG | F_GETSIG | F_SETLEASE
        | F_GETLEASE | F_NOTIFY | F_SETPIPE_SZ | F_GETPIPE_SZ | F_ADD_SEALS | F_GET_SEALS => int_call(arg),
        F_GETFL => int_call(0).map(|fl| ctx.abi.open_flags.to_guest(fl as u32) as u64),
        F_SETFL => int_call(ctx.abi.open_flags.to_host(arg as u32) as u64),
        F_GETLK | F_SETLK | F_SETLKW | F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW => {
            let layout = ctx.abi.layouts.flock;
            let l = layout.read(arg)?;
            // SAFETY: a zeroed flock is valid; we set every field.
            let mut host: libc::flock = unsafe { std::mem::zeroed() };
            host.l_type = l.l_type;
            host.l_whence = l.whence;
            host.l_start = l.start;
            host.l_len = l.len;
            host.l_pid = l.pid;
            // SAFETY: `host` is a valid struct flock for the duration of the call.
            let r = unsafe { raw(libc::SYS_fcntl, [fd, cmd as u64, &mut host as *mut libc::flock as u64, 0, 0, 0]) }?;
            if cmd == F_GETLK || cmd == F_OFD_GETLK {
                let out = Flock { l_type: host.l_type, whence: host.l_whence, start: host.l_start, len: host.l_len, pid: host.l_pid };
                layout.write(arg, &out)?;
            }
            Ok(r)
        }
        F_GETOWN_EX | F_SETOWN_EX => {
            // struct f_owner_ex { int type; pid_t pid; } on every architecture.
            let mut owner = [0i32; 2];
            if cmd == F_SETOWN_EX {
                owner = [guest::read_u32(arg)? as i32, guest::read_u32(arg + 4)? as i32];
            }
            // SAFETY: `owner` is a valid f_owner_ex-shaped local.
            let r = unsafe { raw(libc::SYS_fcntl, [fd, cmd as u64, owner.as_mut_ptr() as u64, 0, 0, 0]) }?;
            if cmd == F_GETOWN_EX {
                guest::write_u32(arg, owner[0] as u32)?;
                guest::write_u32(arg + 4, owner[1] as u32)?;
            }
            Ok(r)
        }
        _ => {
            ctx.unimplemented(format_args!("fcntl command {cmd}"));
            // The kernel's answer for a command it does not know, after the fd check.
            // SAFETY: F_GETFD takes no pointer.
            if unsafe { libc::fcntl(fd as i32, libc::F_GETFD) } == -1 {
                return Err(Errno::EBADF);
            }
            Err(Errno::EINVAL)
        }
    }
}

/// A guest `loff_t *` (may be NULL) as a host local, copied back after the call.
fn with_offset<R>(addr: u64, f: impl FnOnce(*mut i64) -> Result<R, Errno>) -> Result<R, Errno> {
    if addr == 0 {
        return f(std::ptr::null_mut());
    }
    let mut off = guest::read_u64(addr)? as i64;
    let r = f(&mut off)?;
    guest::write_u64(addr, off as u64)?;
    Ok(r)
}

pub fn sendfile(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    with_offset(a[2], |off| {
        // SAFETY: `off` is null or a valid local; the rest are integers.
        unsafe { raw(libc::SYS_sendfile, [a[0], a[1], off as u64, a[3], 0, 0]) }
    })
}

pub fn copy_file_range(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    with_offset(a[1], |off_in| {
        with_offset(a[3], |off_out| {
            // SAFETY: the offsets are null or valid locals; the rest are integers.
            unsafe { raw(libc::SYS_copy_file_range, [a[0], off_in as u64, a[2], off_out as u64, a[4], a[5]]) }
        })
    })
}

/// splice(fd_in, off_in, fd_out, off_out, len, flags): the SPLICE_F_* flags are the
/// same on both.
pub fn splice(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    with_offset(a[1], |off_in| {
        with_offset(a[3], |off_out| {
            // SAFETY: the offsets are null or valid locals; the rest are integers.
            unsafe { raw(libc::SYS_splice, [a[0], off_in as u64, a[2], off_out as u64, a[4], a[5]]) }
        })
    })
}

/// tee(fd_in, fd_out, len, flags) between two pipes: integers only.
pub fn tee(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: no pointers.
    unsafe { raw(libc::SYS_tee, [a[0], a[1], a[2], a[3], 0, 0]) }
}

#[cfg(test)]
mod tests {
    use crate::testutil::Guest;

    #[test]
    fn pipe2_write_read() {
        let mut g = Guest::new();
        let mut fds = [0i32; 2];
        assert_eq!(g.call("pipe2", &[fds.as_mut_ptr() as u64, 0o2000000]), 0);
        let msg = b"through the pipe";
        assert_eq!(g.call("write", &[fds[1] as u64, msg.as_ptr() as u64, msg.len() as u64]), msg.len() as i64);
        let mut buf = [0u8; 64];
        assert_eq!(g.call("read", &[fds[0] as u64, buf.as_mut_ptr() as u64, 64]), msg.len() as i64);
        assert_eq!(&buf[..msg.len()], msg);
        // O_CLOEXEC was set on both ends; F_GETFL shows O_RDONLY / O_WRONLY only.
        assert_eq!(g.call("fcntl", &[fds[0] as u64, 1, 0]), 1);
        assert_eq!(g.call("fcntl", &[fds[1] as u64, 3, 0]), 1);
        // F_SETFL O_NONBLOCK, then reading the empty pipe is EAGAIN.
        assert_eq!(g.call("fcntl", &[fds[0] as u64, 4, 0o4000]), 0);
        assert_eq!(g.call("fcntl", &[fds[0] as u64, 3, 0]), 0o4000);
        assert_eq!(g.call("read", &[fds[0] as u64, buf.as_mut_ptr() as u64, 64]), -(libc::EAGAIN as i64));
        // A bad buffer is EFAULT from the kernel, not a crash.
        assert_eq!(g.call("write", &[fds[1] as u64, 16, 4]), -(libc::EFAULT as i64));
        // pipe2 with an unwritable result pointer: EFAULT, nothing leaks.
        assert_eq!(g.call("pipe2", &[8, 0]), -(libc::EFAULT as i64));
        // A flag pipe2 does not take is rejected, as natively.
        assert_eq!(g.call("pipe2", &[fds.as_mut_ptr() as u64, 0o40000]), -(libc::EINVAL as i64));
        g.close(fds[0]);
        g.close(fds[1]);
    }

    #[test]
    fn fcntl_getfl_reports_guest_open_flags() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let fd = g.openat_path(dir.path(), 0o40000 | 0o2000000, 0); // O_DIRECTORY|O_CLOEXEC
        assert!(fd >= 0, "{fd}");
        // A directory opened read-only: the kernel reports O_LARGEFILE (64-bit) and
        // O_DIRECTORY, in the guest's bits.
        let fl = g.call("fcntl", &[fd as u64, 3, 0]) as u32;
        assert_eq!(fl & 0o400000, 0o400000, "O_LARGEFILE in aarch64 bits: {fl:#o}");
        assert_eq!(fl & 0o100000, 0, "no x86_64 O_LARGEFILE bit: {fl:#o}");
        assert_eq!(g.call("fcntl", &[fd as u64, 1, 0]), 1, "FD_CLOEXEC");
        let dupfd = g.call("fcntl", &[fd as u64, 1030, 100]);
        assert!(dupfd >= 100);
        assert_eq!(g.call("fcntl", &[dupfd as u64, 1, 0]), 1);
        assert_eq!(g.call("fcntl", &[fd as u64, 9999, 0]), -(libc::EINVAL as i64));
        assert_eq!(g.call("fcntl", &[9999, 9999, 0]), -(libc::EBADF as i64));
        g.close(dupfd as i32);
        g.close(fd as i32);
    }

    #[test]
    fn record_locks_round_trip_through_the_layout() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let fd = g.openat_path(&dir.path().join("f"), 0o102, 0o600); // O_RDWR|O_CREAT
        // struct flock {short type, whence; long start, len; int pid} = 32 bytes.
        let mut fl = [0u8; 32];
        fl[0..2].copy_from_slice(&1i16.to_le_bytes()); // F_WRLCK
        fl[16..24].copy_from_slice(&10i64.to_le_bytes());
        assert_eq!(g.call("fcntl", &[fd as u64, 37, fl.as_ptr() as u64]), 0); // F_OFD_SETLK
        // F_OFD_GETLK through another open file description sees the conflicting lock.
        let fd2 = g.openat_path(&dir.path().join("f"), 0o2, 0);
        let mut q = [0u8; 32];
        q[0..2].copy_from_slice(&1i16.to_le_bytes());
        q[16..24].copy_from_slice(&5i64.to_le_bytes());
        assert_eq!(g.call("fcntl", &[fd2 as u64, 36, q.as_mut_ptr() as u64]), 0);
        assert_eq!(i16::from_le_bytes([q[0], q[1]]), 1, "F_WRLCK reported");
        assert_eq!(i64::from_le_bytes(q[16..24].try_into().unwrap()), 10, "l_len");
        assert_eq!(i32::from_le_bytes(q[24..28].try_into().unwrap()), -1, "OFD locks report pid -1");
        assert_eq!(g.call("fcntl", &[fd2 as u64, 36, 8]), -(libc::EFAULT as i64));
        g.close(fd2 as i32);
        g.close(fd as i32);
    }

    #[test]
    fn vectored_io_and_positional_io() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let fd = g.openat_path(&dir.path().join("v"), 0o102, 0o600);
        let (a, b) = (b"hello ".to_vec(), b"world".to_vec());
        let iov = [a.as_ptr() as u64, a.len() as u64, b.as_ptr() as u64, b.len() as u64];
        assert_eq!(g.call("writev", &[fd as u64, iov.as_ptr() as u64, 2]), 11);
        let mut x = [0u8; 5];
        let mut y = [0u8; 6];
        let iov = [x.as_mut_ptr() as u64, 5, y.as_mut_ptr() as u64, 6];
        assert_eq!(g.call("preadv", &[fd as u64, iov.as_ptr() as u64, 2, 0, 0]), 11);
        assert_eq!((&x, &y), (b"hello", b" world"));
        let mut z = [0u8; 5];
        assert_eq!(g.call("pread64", &[fd as u64, z.as_mut_ptr() as u64, 5, 6]), 5);
        assert_eq!(&z, b"world");
        assert_eq!(g.call("readv", &[fd as u64, 8, 1]), -(libc::EFAULT as i64));
        assert_eq!(g.call("readv", &[fd as u64, iov.as_ptr() as u64, 1025]), -(libc::EINVAL as i64));
        assert_eq!(g.call("readv", &[9999, 8, 1]), -(libc::EBADF as i64));
        // sendfile with an offset pointer, into a pipe.
        let mut fds = [0i32; 2];
        assert_eq!(g.call("pipe2", &[fds.as_mut_ptr() as u64, 0]), 0);
        let mut off = 6i64;
        assert_eq!(g.call("sendfile", &[fds[1] as u64, fd as u64, &mut off as *mut i64 as u64, 100]), 5);
        assert_eq!(off, 11);
        assert_eq!(g.call("read", &[fds[0] as u64, z.as_mut_ptr() as u64, 5]), 5);
        assert_eq!(&z, b"world");
        // tee copies pipe data to a second pipe, then splice moves it into the file at
        // offset 20 through an offset pointer (which advances; the file position does not).
        let mut other = [0i32; 2];
        assert_eq!(g.call("pipe2", &[other.as_mut_ptr() as u64, 0]), 0);
        assert_eq!(g.call("write", &[fds[1] as u64, b"spliced".as_ptr() as u64, 7]), 7);
        assert_eq!(g.call("tee", &[fds[0] as u64, other[1] as u64, 100, 0]), 7);
        let mut off = 20i64;
        assert_eq!(g.call("splice", &[fds[0] as u64, 0, fd as u64, &mut off as *mut i64 as u64, 100, 0]), 7);
        assert_eq!(off, 27);
        let mut w = [0u8; 7];
        assert_eq!(g.call("pread64", &[fd as u64, w.as_mut_ptr() as u64, 7, 20]), 7);
        assert_eq!(&w, b"spliced");
        assert_eq!(g.call("read", &[other[0] as u64, w.as_mut_ptr() as u64, 7]), 7);
        assert_eq!(&w, b"spliced");
        assert_eq!(g.call("splice", &[fds[0] as u64, 0, fd as u64, 8, 1, 0]), -(libc::EFAULT as i64));
        for f in [fds[0], fds[1], other[0], other[1], fd as i32] {
            g.close(f);
        }
    }
}
