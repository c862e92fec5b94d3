//! File system ioctls (linux/fs.h, linux/fiemap.h; the same numbers on every
//! architecture): FS_IOC_FIEMAP (trixie's dpkg maps a package's files to sort them by
//! disk position), FICLONE and FICLONERANGE (cp --reflink, on by default in coreutils
//! 9), FS_IOC_GETFLAGS/SETFLAGS (lsattr, chattr). Their structures are fixed-width
//! records, read and written field by field.

use super::raw;
use crate::abi::layout::fixed::{FIEMAP, FIEMAP_EXTENT, FILE_CLONE_RANGE};
use crate::abi::layout::{Field, Record};
use crate::errno::SysResult;
use crate::guest;

pub const FS_IOC_GETFLAGS: u32 = 0x8008_6601;
pub const FS_IOC_SETFLAGS: u32 = 0x4008_6602;
pub const FS_IOC_FIEMAP: u32 = 0xc020_660b;
pub const FICLONE: u32 = 0x4004_9409;
pub const FICLONERANGE: u32 = 0x4020_940d;

/// The most extents one FIEMAP call returns here (3.5 MiB of host buffer); a guest
/// asking for more gets at most this many, and no FIEMAP_EXTENT_LAST if the file has
/// more, as from a smaller buffer.
const FIEMAP_EXTENTS_MAX_HERE: u64 = 1 << 16;

const FM_START: Field = FIEMAP.member("fm_start");
const FM_LENGTH: Field = FIEMAP.member("fm_length");
const FM_FLAGS: Field = FIEMAP.member("fm_flags");
const FM_MAPPED_EXTENTS: Field = FIEMAP.member("fm_mapped_extents");
const FM_EXTENT_COUNT: Field = FIEMAP.member("fm_extent_count");
const FM_EXTENTS: Field = FIEMAP.member("fm_extents");
const FE_LOGICAL: Field = FIEMAP_EXTENT.member("fe_logical");
const FE_PHYSICAL: Field = FIEMAP_EXTENT.member("fe_physical");
const FE_LENGTH: Field = FIEMAP_EXTENT.member("fe_length");
const FE_FLAGS: Field = FIEMAP_EXTENT.member("fe_flags");

/// The x86_64 kernel's `struct fiemap_extent` and `struct fiemap` header.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct HostExtent {
    logical: u64,
    physical: u64,
    length: u64,
    reserved64: [u64; 2],
    flags: u32,
    reserved: [u32; 3],
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct HostFiemap {
    start: u64,
    length: u64,
    flags: u32,
    mapped_extents: u32,
    extent_count: u32,
    reserved: u32,
}

/// The request on `fd` if it is one of this module's, else None.
pub fn ioctl(fd: u64, req: u32, arg: u64) -> Option<SysResult> {
    let call = |p: u64| {
        // SAFETY: at every use below, `p` is an integer, a valid local of the type the
        // request takes, or a guest pointer the host cannot read either.
        unsafe { raw(libc::SYS_ioctl, [fd, req as u64, p, 0, 0, 0]) }
    };
    Some(match req {
        FICLONE => call(arg),
        FS_IOC_GETFLAGS => {
            let mut v: i32 = 0;
            call(&mut v as *mut i32 as u64).and_then(|r| guest::write_u32(arg, v as u32).map(|()| r))
        }
        FS_IOC_SETFLAGS => guest::read_u32(arg).and_then(|v| call(&(v as i32) as *const i32 as u64)),
        FICLONERANGE => Record::read(arg, FILE_CLONE_RANGE.size).and_then(|r| {
            let field = |c| r.get(FILE_CLONE_RANGE.member(c));
            let host = [field("src_fd"), field("src_offset"), field("src_length"), field("dest_offset")];
            call(host.as_ptr() as u64)
        }),
        FS_IOC_FIEMAP => fiemap(arg, call),
        _ => return None,
    })
}

/// FS_IOC_FIEMAP: the header and the extents the host mapped, converted both ways. As
/// the kernel does, the header goes back with the flags and extent count even when the
/// call fails (EBADR names the flags the file system does not support).
fn fiemap(arg: u64, call: impl Fn(u64) -> SysResult) -> SysResult {
    let Ok(mut head) = Record::read(arg, FIEMAP.size) else {
        // The kernel checks that the file system maps extents (EOPNOTSUPP) before it
        // reads the header: the host says which comes first for this fd.
        return call(arg);
    };
    let count = head.get(FM_EXTENT_COUNT);
    // FIEMAP_MAX_EXTENTS: the kernel refuses more (EINVAL) before it writes anything.
    let too_many = count > u32::MAX as u64 / 56;
    let room = count.min(FIEMAP_EXTENTS_MAX_HERE) as usize;
    let mut host_head = HostFiemap {
        start: head.get(FM_START),
        length: head.get(FM_LENGTH),
        flags: head.get(FM_FLAGS) as u32,
        mapped_extents: 0,
        extent_count: if too_many { count as u32 } else { room as u32 },
        reserved: 0,
    };
    // The header and its extents, contiguous as the kernel expects them.
    let mut buf = vec![HostExtent::default(); 1 + room];
    let head_ptr = buf.as_mut_ptr().cast::<HostFiemap>();
    // SAFETY: a HostFiemap (32 bytes) fits in the first HostExtent (56) of `buf`, whose
    // alignment (8) it shares; the extents follow it at offset 32, as in the kernel's
    // struct.
    unsafe { head_ptr.write(host_head) };
    let result = call(head_ptr as u64);
    if too_many {
        return result;
    }
    // SAFETY: as above; the kernel filled the header and `mapped_extents` entries.
    let extents = unsafe {
        host_head = head_ptr.read();
        std::slice::from_raw_parts(head_ptr.cast::<u8>().add(32).cast::<HostExtent>(), room)
    };
    let mapped = (host_head.mapped_extents as usize).min(room);
    if count > 0 {
        for (i, e) in extents[..mapped].iter().enumerate() {
            let mut r = Record::zeroed(FIEMAP_EXTENT.size);
            r.set(FE_LOGICAL, e.logical);
            r.set(FE_PHYSICAL, e.physical);
            r.set(FE_LENGTH, e.length);
            r.set(FE_FLAGS, e.flags as u64);
            r.write(arg + (FM_EXTENTS.offset + i * FIEMAP_EXTENT.size) as u64)?;
        }
    }
    head.set(FM_FLAGS, host_head.flags as u64);
    head.set(FM_MAPPED_EXTENTS, host_head.mapped_extents as u64);
    head.write(arg)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::Guest;

    #[test]
    fn fiemap_of_a_written_file_matches_the_hosts_answer() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![7u8; 64 << 10]).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
        // FIEMAP_FLAG_SYNC, room for 4 extents.
        let mut guest_buf = vec![0u64; 4 + 4 * 7];
        guest_buf[1] = u64::MAX;
        guest_buf[2] = 1 | 4 << 32;
        let mut host_buf = guest_buf.clone();
        // SAFETY: a fiemap header with room for the 4 extents it announces.
        let native = unsafe { libc::ioctl(fd, FS_IOC_FIEMAP as _, host_buf.as_mut_ptr()) };
        let got = g.call("ioctl", &[fd as u64, FS_IOC_FIEMAP as u64, guest_buf.as_mut_ptr() as u64]);
        if native < 0 {
            let e = std::io::Error::last_os_error().raw_os_error().unwrap();
            eprintln!("FIEMAP is refused here ({e}): comparing the error only");
            assert_eq!(got, -(e as i64));
            return;
        }
        assert_eq!(got, 0);
        // The same layout on both sides: the same bytes.
        assert_eq!(guest_buf, host_buf);
        assert!(guest_buf[2] >> 32 >= 1, "no extent mapped: {guest_buf:x?}");
    }

    #[test]
    fn unreadable_arguments_and_unknown_files() {
        let mut g = Guest::new();
        let file = tempfile::tempfile().unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file) as u64;
        for req in [FS_IOC_FIEMAP, FICLONERANGE, FS_IOC_SETFLAGS] {
            // SAFETY: the same request with a pointer no one can read.
            let native = unsafe { libc::ioctl(fd as i32, req as _, 8usize) };
            assert_eq!(native, -1);
            let e = std::io::Error::last_os_error().raw_os_error().unwrap();
            assert_eq!(g.call("ioctl", &[fd, req as u64, 8]), -(e as i64), "{req:#x}");
        }
        // FICLONE from a pipe: the kernel refuses it (EXDEV, EBADF or EINVAL by kernel).
        let mut p = [0i32; 2];
        // SAFETY: a pipe into a valid array; the same call made natively.
        let native = unsafe {
            libc::pipe(p.as_mut_ptr());
            libc::ioctl(fd as i32, FICLONE as _, p[0])
        };
        assert_eq!(native, -1);
        let e = std::io::Error::last_os_error().raw_os_error().unwrap();
        assert_eq!(g.call("ioctl", &[fd, FICLONE as u64, p[0] as u64]), -(e as i64));
    }
}
