//! arm's forms of the file and memory calls, marshalled onto the generic handlers.
//!
//! - 64-bit arguments come in an even/odd register pair, low word first (EABI: a pair
//!   starts at an even register, so a 64-bit argument after an odd number of 32-bit ones
//!   leaves a register unused): pread64, pwrite64, truncate64, ftruncate64, readahead,
//!   fallocate, arm_fadvise64_64 (arm's argument order, which puts the advice second so
//!   the pairs line up), arm_sync_file_range (sync_file_range2's order). preadv, pwritev
//!   and their `2` forms take the position as two words with no alignment.
//! - `long` and `off_t` arguments are 32-bit and signed (lseek, truncate, ftruncate),
//!   and lseek fails with EOVERFLOW rather than return an offset `off_t` cannot hold.
//! - The large-file forms: `_llseek` (offset in two words, result stored as a 64-bit
//!   value), mmap2 (offset in 4096-byte units), stat64/fstatat64 (`struct stat64`,
//!   which also keeps a 32-bit copy of st_ino), statfs64 and fstatfs64 (with their size
//!   argument; the old statfs and fstatfs take the 32-bit `struct statfs`), fcntl64 (F_GETLK64/F_SETLK64/F_SETLKW64 and
//!   the OFD locks with `struct flock64`), sendfile's 32-bit offset.
//!
//! Each wrapper rebuilds the argument registers the generic handler expects, or runs it
//! with another of arm's layout sets ([`with_abi`]); none of the generic handlers knows
//! arm.

use super::{layout, ABI_FLOCK64, ABI_STATFS32};
use crate::abi::{Abi, Handler};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::sys::{fd, fs, mem};

/// A 64-bit argument from its register pair.
pub(super) fn pair(lo: u64, hi: u64) -> u64 {
    (lo & 0xffff_ffff) | (hi & 0xffff_ffff) << 32
}

/// A 32-bit `int`/`long` argument as the 64-bit value it stands for.
pub(super) fn signed(v: u64) -> u64 {
    v as u32 as i32 as i64 as u64
}

/// Runs `handler` with `abi` as the guest's ABI: the same calls and registers, another
/// set of structure layouts.
pub(super) fn with_abi(ctx: &mut Ctx<'_>, abi: &'static Abi, handler: Handler, a: [u64; 6]) -> SysResult {
    let saved = std::mem::replace(&mut ctx.abi, abi);
    let r = handler(ctx, a);
    ctx.abi = saved;
    r
}

/// pread64(fd, buf, count, pad, pos_lo, pos_hi).
pub fn pread64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::pread64(ctx, [a[0], a[1], a[2], pair(a[4], a[5]), 0, 0])
}

pub fn pwrite64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::pwrite64(ctx, [a[0], a[1], a[2], pair(a[4], a[5]), 0, 0])
}

/// preadv(fd, iov, count, pos_lo, pos_hi): the generic form of a 64-bit kernel takes
/// the whole position in pos_lo.
pub fn preadv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::preadv(ctx, [a[0], a[1], a[2], pair(a[3], a[4]), 0, 0])
}

pub fn pwritev(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::pwritev(ctx, [a[0], a[1], a[2], pair(a[3], a[4]), 0, 0])
}

/// preadv2(fd, iov, count, pos_lo, pos_hi, flags); a position of -1 (both words all
/// ones) is the file's current position.
pub fn preadv2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::preadv2(ctx, [a[0], a[1], a[2], pair(a[3], a[4]), 0, a[5]])
}

pub fn pwritev2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::pwritev2(ctx, [a[0], a[1], a[2], pair(a[3], a[4]), 0, a[5]])
}

/// truncate64(path, pad, length_lo, length_hi).
pub fn truncate64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::truncate(ctx, [a[0], pair(a[2], a[3]), 0, 0, 0, 0])
}

/// ftruncate64(fd, pad, length_lo, length_hi).
pub fn ftruncate64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::ftruncate(ctx, [a[0], pair(a[2], a[3]), 0, 0, 0, 0])
}

/// truncate(path, long length): a negative length is EINVAL, not a huge one.
pub fn truncate(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::truncate(ctx, [a[0], signed(a[1]), 0, 0, 0, 0])
}

pub fn ftruncate(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::ftruncate(ctx, [a[0], signed(a[1]), 0, 0, 0, 0])
}

/// fallocate(fd, mode, offset_lo, offset_hi, len_lo, len_hi).
pub fn fallocate(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::fallocate(ctx, [a[0], a[1], pair(a[2], a[3]), pair(a[4], a[5]), 0, 0])
}

/// arm_fadvise64_64(fd, advice, offset_lo, offset_hi, len_lo, len_hi).
pub fn arm_fadvise64_64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::fadvise64(ctx, [a[0], pair(a[2], a[3]), pair(a[4], a[5]), a[1], 0, 0])
}

/// readahead(fd, pad, offset_lo, offset_hi, count).
pub fn readahead(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integer arguments only.
    unsafe { crate::sys::raw(libc::SYS_readahead, [a[0], pair(a[2], a[3]), a[4], 0, 0, 0]) }
}

/// arm_sync_file_range(fd, flags, offset_lo, offset_hi, nbytes_lo, nbytes_hi): the
/// kernel's sync_file_range2, whose flags come second so the pairs line up.
pub fn arm_sync_file_range(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integer arguments only.
    unsafe { crate::sys::raw(libc::SYS_sync_file_range, [a[0], pair(a[2], a[3]), pair(a[4], a[5]), a[1], 0, 0]) }
}

/// lseek(fd, off_t offset, whence): the offset is signed, and a result `off_t` cannot
/// hold is EOVERFLOW (the file position has moved, as the kernel's has).
pub fn lseek(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let pos = fd::lseek(ctx, [a[0], signed(a[1]), a[2], 0, 0, 0])?;
    if pos > i32::MAX as u64 {
        return Err(Errno::EOVERFLOW);
    }
    Ok(pos)
}

/// _llseek(fd, offset_hi, offset_lo, loff_t *result, whence).
pub fn llseek(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let pos = fd::lseek(ctx, [a[0], pair(a[2], a[1]), a[4], 0, 0, 0])?;
    guest::write_u64(a[3], pos)?;
    Ok(0)
}

/// mmap2(addr, len, prot, flags, fd, pgoff): the offset in 4096-byte units whatever the
/// page size.
pub fn mmap2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    mem::mmap(ctx, [a[0], a[1], a[2], a[3], a[4], (a[5] & 0xffff_ffff) << 12])
}

/// The 32-bit `st_ino` copy in `struct stat64` (STAT64_HAS_BROKEN_ST_INO): the kernel
/// fills it with the low half of the inode number, which the generic encoding of the
/// full `st_ino` does not write.
fn fill_broken_st_ino(buf: u64) -> Result<(), Errno> {
    let ino = guest::read_u64(buf + layout::STAT64_INO as u64)?;
    guest::write_u32(buf + layout::STAT64_INO_LOW as u64, ino as u32)
}

/// fstatat64(dirfd, path, struct stat64 *, flags).
pub fn fstatat64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::newfstatat(ctx, a)?;
    fill_broken_st_ino(a[2])?;
    Ok(0)
}

/// stat64(path, struct stat64 *).
pub fn stat64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fstatat64(ctx, [libc::AT_FDCWD as u64, a[0], a[1], 0, 0, 0])
}

pub fn lstat64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fstatat64(ctx, [libc::AT_FDCWD as u64, a[0], a[1], libc::AT_SYMLINK_NOFOLLOW as u64, 0, 0])
}

pub fn fstat64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::fstat(ctx, a)?;
    fill_broken_st_ino(a[1])?;
    Ok(0)
}

/// The size statfs64 and fstatfs64 must be given: EABI's 84-byte `struct statfs64`, or
/// 88, the padded size older C libraries passed (which the arm64 kernel also accepts).
fn statfs64_size_ok(size: u64) -> bool {
    size == layout::LAYOUTS.statfs.size as u64 || size == 88
}

/// statfs64(path, size, struct statfs64 *).
pub fn statfs64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if !statfs64_size_ok(a[1]) {
        return Err(Errno::EINVAL);
    }
    fs::statfs(ctx, [a[0], a[2], 0, 0, 0, 0])
}

/// fstatfs64(fd, size, struct statfs64 *).
pub fn fstatfs64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if !statfs64_size_ok(a[1]) {
        return Err(Errno::EINVAL);
    }
    fs::fstatfs(ctx, [a[0], a[2], 0, 0, 0, 0])
}

/// statfs(path, struct statfs *): the 32-bit structure.
pub fn statfs(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    with_abi(ctx, &ABI_STATFS32, fs::statfs, a)
}

pub fn fstatfs(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    with_abi(ctx, &ABI_STATFS32, fs::fstatfs, a)
}

const F_GETLK: u64 = 5;
const F_GETLK64: u64 = 12;
const F_SETLKW64: u64 = 14;
const F_OFD_GETLK: u64 = 36;
const F_OFD_SETLKW: u64 = 38;

/// fcntl64(fd, cmd, arg): the record-lock commands with `struct flock64` are
/// F_GETLK64, F_SETLK64, F_SETLKW64 (12..14, which are F_GETLK.. with the 64-bit
/// structure) and the OFD ones; everything else is fcntl's (F_GETLK itself keeps the
/// 32-bit `struct flock`).
pub fn fcntl64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    match a[1] {
        cmd @ F_GETLK64..=F_SETLKW64 => with_abi(ctx, &ABI_FLOCK64, fd::fcntl, [a[0], cmd - F_GETLK64 + F_GETLK, a[2], 0, 0, 0]),
        F_OFD_GETLK..=F_OFD_SETLKW => with_abi(ctx, &ABI_FLOCK64, fd::fcntl, a),
        _ => fd::fcntl(ctx, a),
    }
}

/// sendfile(out_fd, in_fd, off_t *offset, count): a 32-bit offset (sendfile64 has the
/// 64-bit one the generic handler reads).
pub fn sendfile(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[2] == 0 {
        return fd::sendfile(ctx, a);
    }
    let mut offset = signed(guest::read_u32(a[2])? as u64);
    let r = fd::sendfile(ctx, [a[0], a[1], &mut offset as *mut u64 as u64, a[3], 0, 0]);
    guest::write_u32(a[2], offset as u32)?;
    r
}

#[cfg(test)]
mod tests {
    use super::super::tests::arm_guest;
    use super::*;

    #[test]
    fn pairs_and_signed_words() {
        assert_eq!(pair(0x89ab_cdef, 0x0123_4567), 0x0123_4567_89ab_cdef);
        assert_eq!(pair(0xffff_ffff, 0xffff_ffff), u64::MAX);
        assert_eq!(signed(0xffff_fff6) as i64, -10);
        assert_eq!(signed(0x7fff_ffff), 0x7fff_ffff);
    }

    #[test]
    fn positional_io_takes_its_offset_from_the_register_pair() {
        let mut g = arm_guest();
        let dir = tempfile::tempdir().unwrap();
        let fd = g.openat_path(&dir.path().join("f"), 0o102, 0o600) as u64;
        let buf = g.alloc(64);
        crate::guest::write(buf, b"0123456789").unwrap();
        // Past 4 GiB, where only the high word says where.
        let big = 0x1_0000_0004u64;
        assert_eq!(g.call("pwrite64", &[fd, buf, 10, 0xdead, big & 0xffff_ffff, big >> 32]), 10);
        assert_eq!(g.call("pread64", &[fd, buf + 16, 4, 0xdead, (big + 6) & 0xffff_ffff, big >> 32]), 4);
        let mut got = [0u8; 4];
        crate::guest::read(buf + 16, &mut got).unwrap();
        assert_eq!(&got, b"6789");
        // _llseek stores the 64-bit position; lseek cannot report it.
        let result = buf + 32;
        assert_eq!(g.call("_llseek", &[fd, 1, 0, result, 0]), 0);
        assert_eq!(crate::guest::read_u64(result).unwrap(), 1 << 32);
        assert_eq!(g.call("lseek", &[fd, 0, 1]), -(libc::EOVERFLOW as i64));
        // lseek's offset is a signed 32-bit value.
        assert_eq!(g.call("lseek", &[fd, 100, 0]), 100);
        assert_eq!(g.call("lseek", &[fd, (-10i32) as u32 as u64, 1]), 90);
        // ftruncate64 and truncate's signed length.
        assert_eq!(g.call("ftruncate64", &[fd, 0xdead, 12, 0]), 0);
        assert_eq!(std::fs::metadata(dir.path().join("f")).unwrap().len(), 12);
        assert_eq!(g.call("ftruncate", &[fd, (-1i32) as u32 as u64]), -(libc::EINVAL as i64));
        // fallocate(fd, 0, offset, len) grows the file to offset + len.
        assert_eq!(g.call("fallocate", &[fd, 0, 0x10, 0, 0x20, 0]), 0);
        assert_eq!(std::fs::metadata(dir.path().join("f")).unwrap().len(), 0x30);
        // arm_fadvise64_64's advice is its second argument: POSIX_FADV_DONTNEED.
        assert_eq!(g.call("arm_fadvise64_64", &[fd, 4, 0, 0, 0x30, 0]), 0);
        assert_eq!(g.call("arm_fadvise64_64", &[fd, 99, 0, 0, 0, 0]), -(libc::EINVAL as i64));
        g.close(fd as i32);
    }

    #[test]
    fn stat64_has_both_inode_numbers() {
        let mut g = arm_guest();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s");
        std::fs::write(&file, b"twelve bytes").unwrap();
        let path = g.c_string(file.to_str().unwrap());
        let buf = g.alloc(layout::LAYOUTS.stat.size as u64);
        assert_eq!(g.call("stat64", &[path, buf]), 0);
        let meta = std::fs::metadata(&file).unwrap();
        use std::os::unix::fs::MetadataExt;
        assert_eq!(crate::guest::read_u64(buf + layout::STAT64_INO as u64).unwrap(), meta.ino());
        assert_eq!(crate::guest::read_u32(buf + layout::STAT64_INO_LOW as u64).unwrap(), meta.ino() as u32);
        let size = layout::LAYOUTS.stat.file_size;
        assert_eq!(crate::guest::read_u64(buf + size.offset as u64).unwrap(), 12);
        // statfs64 checks its size argument.
        let sbuf = g.alloc(88);
        assert_eq!(g.call("statfs64", &[path, 84, sbuf]), 0);
        assert_eq!(g.call("statfs64", &[path, 120, sbuf]), -(libc::EINVAL as i64));
    }

    #[test]
    fn mmap2_offsets_are_in_4096_byte_units() {
        let mut g = arm_guest();
        let dir = tempfile::tempdir().unwrap();
        let mut contents = vec![b'a'; 8192];
        contents[4096..].fill(b'b');
        std::fs::write(dir.path().join("m"), &contents).unwrap();
        let fd = g.openat_path(&dir.path().join("m"), 0, 0) as u64;
        let p = g.call("mmap2", &[0, 4096, 1, 2, fd, 1]) as u32 as u64;
        assert_eq!(crate::guest::read_u32(p).unwrap(), u32::from_le_bytes(*b"bbbb"));
        g.close(fd as i32);
    }

    /// Every call that makes a mapping gives a 32-bit guest one below 4 GiB, and mapping
    /// until nothing is left ends in ENOMEM, never in an address above it. In a child
    /// process: it takes the whole low reservation, which the other tests share.
    #[test]
    fn a_32_bit_guest_maps_below_4_gib_until_it_runs_out() {
        let out = crate::testutil::run_child_test("abi::arm::calls::tests::child_maps_until_exhaustion", ("CROSSRUN_TEST_ARM_MAPS", "1"));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("mapped "), "{}", String::from_utf8_lossy(&out.stdout));
    }

    #[test]
    fn child_maps_until_exhaustion() {
        if std::env::var("CROSSRUN_TEST_ARM_MAPS").is_err() {
            return;
        }
        const FOUR_GIB: u64 = 1 << 32;
        let mut g = arm_guest();
        let below = |addr: i64, len: u64| addr > 0 && (addr as u64) < FOUR_GIB && addr as u64 + len <= FOUR_GIB;
        const PROT_RW: u64 = 3;
        const PRIVATE_ANON: u64 = 0x22;
        // A hint the space has free is honoured; mremap's growth that must move stays low.
        let p = g.call("mmap2", &[0x4000_0000, 4096, PROT_RW, PRIVATE_ANON, u64::MAX, 0]) as u32 as i64;
        assert_eq!(p, 0x4000_0000);
        g.call("mmap2", &[0x4000_1000, 4096, PROT_RW, PRIVATE_ANON | 0x10, u64::MAX, 0]);
        let q = g.call("mremap", &[0x4000_0000, 4096, 1 << 20, 1, 0]) as u32 as i64;
        assert!(below(q, 1 << 20) && q != 0x4000_0000, "{q:#x}");
        // shmat without an address.
        // SAFETY: a private System V segment for the test, removed below.
        let shm = unsafe { libc::shmget(libc::IPC_PRIVATE, 1 << 16, 0o600) };
        assert!(shm >= 0);
        let at = g.call("shmat", &[shm as u64, 0, 0]) as u32 as i64;
        assert!(below(at, 1 << 16), "{at:#x}");
        assert_eq!(g.call("shmdt", &[at as u64]), 0);
        // SAFETY: removing the segment made above.
        unsafe { libc::shmctl(shm, libc::IPC_RMID, std::ptr::null_mut()) };
        // The break grows below 4 GiB too.
        let brk = g.call("brk", &[0]) as u32 as u64;
        assert_eq!(g.call("brk", &[brk + (1 << 20)]) as u32 as u64, brk + (1 << 20));
        assert!(brk + (1 << 20) <= FOUR_GIB);
        // Now map until nothing is left, in ever smaller pieces.
        let mut total = 0u64;
        let mut len = 1u64 << 28;
        while len >= 4096 {
            let r = g.call("mmap2", &[0, len, 0, PRIVATE_ANON | 0x4000, u64::MAX, 0]);
            if r == -(libc::ENOMEM as i64) {
                len /= 2;
                continue;
            }
            let addr = r as u32 as i64;
            assert!(below(addr, len), "{addr:#x}+{len:#x}");
            total += len;
        }
        assert!(total > 3 << 30, "only {total:#x} bytes");
        println!("mapped {total:#x} bytes below 4 GiB");
    }
}
