//! Path-based file system calls: openat, stat family, getdents64, readlinkat, access,
//! directory and link manipulation, permissions, times, statfs, cwd, xattrs.
//!
//! Paths are read from guest memory (EFAULT / ENAMETOOLONG as the kernel reports them)
//! and go through one hook, `at_path`, which says how the call treats its path
//! (`Lookup`: followed or not, looked up or named). With `--rootfs` the hook walks the
//! path inside the guest's root ([`crate::rootfs`]). Without it paths are passed to the
//! host as they are, except that lookups try the `-L` sysroot first ([`crate::path`])
//! and `/proc/self/exe` (and `/proc/<pid>/exe`, `/proc/thread-self/exe`), which names
//! crossrun on the host, is replaced by the guest program's path.

use super::{int_passthrough, raw};
use crate::abi::layout::{FileStat, FsStat, Timespec};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::fakeroot::Target;
use crate::guest;
use crate::rootfs::resolve::{Magic, Rules};
use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;

const AT_SYMLINK_NOFOLLOW: u64 = 0x100;
const AT_EMPTY_PATH: u32 = 0x1000;

/// Whether `path` is this process's `/proc/.../exe` link.
pub(crate) fn is_proc_self_exe(path: &CStr) -> bool {
    let p = path.to_bytes();
    let Some(rest) = p.strip_prefix(b"/proc/") else { return false };
    let Some(who) = rest.strip_suffix(b"/exe") else { return false };
    who == b"self" || who == b"thread-self" || who == crate::host::getpid().to_string().as_bytes()
}

/// The path to use on the host for a guest path that is followed (not lstat'ed).
fn host_path(ctx: &Ctx<'_>, path: CString) -> Result<CString, Errno> {
    if is_proc_self_exe(&path) {
        if let Ok(exe) = CString::new(ctx.process.config().exe_path.as_os_str().as_bytes()) {
            return Ok(exe);
        }
    }
    lookup_path(ctx, path)
}

/// A guest path that is looked up (not created or removed): under the sysroot first
/// (see [`crate::path`]).
pub(crate) fn lookup_path(ctx: &Ctx<'_>, path: CString) -> Result<CString, Errno> {
    crate::path::translate(ctx.process.config().sysroot.as_ref(), path)
}

/// How a call treats the path it names.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lookup {
    /// A symlink in the last component is followed.
    pub follow: bool,
    /// Under `-L`, the path is a lookup tried in the sysroot first; otherwise (creating,
    /// removing, changing a name) it is used as given.
    pub sysroot: bool,
    /// The call creates, removes or renames the last component: even with a trailing
    /// slash it is not followed (rmdir("link/") is ENOTDIR on Linux, not a removal of
    /// the link's target).
    pub names_last: bool,
}

pub(crate) const FOLLOW: Lookup = Lookup { follow: true, sysroot: true, names_last: false };
const NAME: Lookup = Lookup { follow: false, sysroot: false, names_last: false };
const NAME_FOLLOW: Lookup = Lookup { follow: true, sysroot: false, names_last: false };
const CREATE: Lookup = Lookup { follow: false, sysroot: false, names_last: true };

/// A `Lookup` that follows the last symlink unless `flags` has `nofollow_bit`.
pub(crate) fn lookup_unless(flags: u64, nofollow_bit: u64, sysroot: bool) -> Lookup {
    Lookup { follow: flags & nofollow_bit == 0, sysroot, names_last: false }
}

/// The host path for the guest's `(dirfd, path)`. With `--rootfs` it is walked inside
/// the guest's root (see [`crate::rootfs`]) and comes out absolute, so the host ignores
/// `dirfd`; an empty path (AT_EMPTY_PATH) stays empty. Under `-L` only lookups are
/// translated, as before.
pub(crate) fn at_path(ctx: &Ctx<'_>, dirfd: u64, path: CString, how: Lookup) -> Result<CString, Errno> {
    let config = ctx.process.config();
    if let Some(fs) = ctx.process.rootfs() {
        if path.as_bytes().is_empty() {
            return Ok(path);
        }
        let exe = config.exe_path.as_os_str().as_bytes();
        let rules = Rules { names_last: how.names_last, ..Rules::follow(how.follow) };
        return Ok(fs.at(dirfd as i32, path.as_bytes(), rules, exe)?.host);
    }
    match (how.sysroot, how.follow) {
        (false, _) => Ok(path),
        (true, true) => host_path(ctx, path),
        (true, false) => lookup_path(ctx, path),
    }
}

/// The guest's O_NOFOLLOW, O_CREAT and O_EXCL (asm-generic values).
const GUEST_O_NOFOLLOW: u64 = 0o100000;
const O_CREAT_EXCL: u64 = 0o300;

/// open follows a final symlink unless O_NOFOLLOW, or O_CREAT|O_EXCL (which must not
/// create through a dangling link).
fn open_lookup(flags: u64) -> Lookup {
    Lookup { follow: flags & GUEST_O_NOFOLLOW == 0 && flags & O_CREAT_EXCL != O_CREAT_EXCL, sysroot: true, names_last: false }
}

pub fn openat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = guest::read_path(a[1])?;
    if let Some(fd) = super::proc_fs::open(ctx, &path, a[2] as u32)? {
        return Ok(fd);
    }
    let path = at_path(ctx, a[0], path, open_lookup(a[2]))?;
    if ctx.process.rootfs().is_some() {
        // A relative path or a symlink (/etc/mtab) may lead to a synthesised file too.
        if let Some(fd) = super::proc_fs::open(ctx, &path, a[2] as u32)? {
            return Ok(fd);
        }
    }
    let flags = ctx.abi.open_flags.to_host(a[2] as u32) as u64;
    // What a fake root creates may need its owner or mode recorded (see crate::fakeroot).
    let mode = a[3] as u32;
    let fake = ctx.process.fakeroot().filter(|_| flags & libc::O_CREAT as u64 != 0);
    let creation = fake
        .filter(|_| flags & libc::O_EXCL as u64 != 0 || !exists(a[0], &path))
        .and_then(|f| f.creation(a[0] as i32, &path, false, Some(mode)));
    let host_mode = if fake.is_some() { crate::fakeroot::host_creation_mode(false, mode) } else { mode };
    // SAFETY: `path` is a valid C string; the rest are integers.
    let fd = unsafe { raw(libc::SYS_openat, [a[0], path.as_ptr() as u64, flags, host_mode as u64, 0, 0]) }?;
    if let (Some(f), Some(what)) = (fake, creation) {
        if let Err(e) = f.created(Target::fd(fd as i32), what) {
            // SAFETY: closing the fd just opened, which the guest never saw.
            unsafe { libc::close(fd as i32) };
            return Err(e);
        }
    }
    Ok(fd)
}

/// Whether `dirfd`/`path` names something (a dangling symlink included).
fn exists(dirfd: u64, path: &CStr) -> bool {
    // SAFETY: a zeroed stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid path and a host `struct stat` to fill.
    unsafe { raw(libc::SYS_newfstatat, [dirfd, path.as_ptr() as u64, &mut st as *mut libc::stat as u64, AT_SYMLINK_NOFOLLOW, 0, 0]) }.is_ok()
}

const RESOLVE_NO_XDEV: u64 = 0x01;
const RESOLVE_NO_MAGICLINKS: u64 = 0x02;
const RESOLVE_NO_SYMLINKS: u64 = 0x04;
const RESOLVE_BENEATH: u64 = 0x08;
const RESOLVE_IN_ROOT: u64 = 0x10;
const RESOLVE_CACHED: u64 = 0x20;
/// `struct open_how`'s first version: flags, mode, resolve (u64 each).
const OPEN_HOW_SIZE_VER0: u64 = 24;

/// openat2(dirfd, path, how, size). `struct open_how` is fixed-width; a larger one is
/// accepted when its extra bytes are zero, as the kernel's `copy_struct_from_user` does.
/// With `--rootfs` the RESOLVE_* rules are applied by crossrun's own walk and the host
/// gets the resolved absolute path with no RESOLVE_* flag left to apply.
pub fn openat2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let size = a[3];
    if size < OPEN_HOW_SIZE_VER0 {
        return Err(Errno::EINVAL);
    }
    if size > 4096 {
        return Err(Errno(libc::E2BIG));
    }
    let (flags, mode, resolve) = (guest::read_u64(a[2])?, guest::read_u64(a[2] + 8)?, guest::read_u64(a[2] + 16)?);
    for off in OPEN_HOW_SIZE_VER0..size {
        let mut b = [0u8];
        guest::read(a[2] + off, &mut b)?;
        if b[0] != 0 {
            return Err(Errno(libc::E2BIG));
        }
    }
    if flags >> 32 != 0 || resolve & !0x3f != 0 {
        return Err(Errno::EINVAL);
    }
    let path = guest::read_path(a[1])?;
    let host_flags = ctx.abi.open_flags.to_host(flags as u32) as u64;
    let config = ctx.process.config();
    let (path, resolve) = match ctx.process.rootfs() {
        Some(fs) if !path.as_bytes().is_empty() => {
            let rules = Rules {
                beneath: resolve & RESOLVE_BENEATH != 0,
                in_root: resolve & RESOLVE_IN_ROOT != 0,
                no_symlinks: resolve & RESOLVE_NO_SYMLINKS != 0,
                no_magiclinks: resolve & RESOLVE_NO_MAGICLINKS != 0,
                no_xdev: resolve & RESOLVE_NO_XDEV != 0,
                ..Rules::follow(open_lookup(flags).follow)
            };
            if rules.beneath && rules.in_root {
                return Err(Errno::EINVAL);
            }
            let exe = config.exe_path.as_os_str().as_bytes();
            // The walk happened here, so nothing is cached on the host: CACHED asks
            // only that no I/O is needed, which the host may still check.
            (fs.at(a[0] as i32, path.as_bytes(), rules, exe)?.host, resolve & RESOLVE_CACHED)
        }
        // A path walked by the host itself (no rootfs, or AT_EMPTY_PATH): RESOLVE_* as
        // given, since the walk stays on the host's terms.
        _ if resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT) != 0 => (path, resolve),
        _ => (at_path(ctx, a[0], path, open_lookup(flags))?, resolve),
    };
    let how = [host_flags, mode, resolve];
    // SAFETY: a valid path and a host `struct open_how` of the size given.
    unsafe { raw(libc::SYS_openat2, [a[0], path.as_ptr() as u64, how.as_ptr() as u64, OPEN_HOW_SIZE_VER0, 0, 0]) }
}

fn host_stat(st: &libc::stat) -> FileStat {
    FileStat {
        dev: st.st_dev,
        ino: st.st_ino,
        mode: st.st_mode,
        nlink: st.st_nlink,
        uid: st.st_uid,
        gid: st.st_gid,
        rdev: st.st_rdev,
        size: st.st_size,
        blksize: st.st_blksize,
        blocks: st.st_blocks,
        atime: Timespec { sec: st.st_atime, frac: st.st_atime_nsec },
        mtime: Timespec { sec: st.st_mtime, frac: st.st_mtime_nsec },
        ctime: Timespec { sec: st.st_ctime, frac: st.st_ctime_nsec },
    }
}

/// Writes the guest's `struct stat` for `st`, the host's stat of `t`.
fn write_stat(ctx: &Ctx<'_>, addr: u64, st: &libc::stat, t: Target<'_>) -> SysResult {
    let mut s = host_stat(st);
    if let Some(f) = ctx.process.fakeroot() {
        f.adjust_stat(&mut s, t)?;
    }
    ctx.abi.layouts.stat.encode(&s)?.write(addr)?;
    Ok(0)
}

pub fn newfstatat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = at_path(ctx, a[0], guest::read_path(a[1])?, lookup_unless(a[3], AT_SYMLINK_NOFOLLOW, true))?;
    // SAFETY: a zeroed stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: valid path and a host `struct stat` (the x86_64 kernel's layout) to fill.
    unsafe { raw(libc::SYS_newfstatat, [a[0], path.as_ptr() as u64, &mut st as *mut libc::stat as u64, a[3], 0, 0]) }?;
    write_stat(ctx, a[2], &st, Target { dirfd: a[0] as i32, path: &path, flags: a[3] as u32 })
}

pub fn fstat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as in newfstatat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: an integer fd and a host `struct stat` to fill.
    unsafe { raw(libc::SYS_fstat, [a[0], &mut st as *mut libc::stat as u64, 0, 0, 0, 0]) }?;
    write_stat(ctx, a[1], &st, Target::fd(a[0] as i32))
}

/// `struct statx` is fixed-width and the same on every architecture: the kernel fills
/// the guest's buffer directly.
pub fn statx(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = match guest::read_opt_path(a[1])? {
        Some(p) => Some(at_path(ctx, a[0], p, lookup_unless(a[2], AT_SYMLINK_NOFOLLOW, true))?),
        None => None,
    };
    let p = path.as_ref().map_or(0, |p| p.as_ptr() as u64);
    // SAFETY: path valid or null; the buffer is a fixed-layout guest record.
    let r = unsafe { raw(libc::SYS_statx, [a[0], p, a[2], a[3], a[4], 0]) }?;
    if let Some(f) = ctx.process.fakeroot() {
        // A null path is the fd itself (Linux 6.11).
        let (path, flags) = match &path {
            Some(p) => (p.as_c_str(), a[2] as u32),
            None => (c"", a[2] as u32 | AT_EMPTY_PATH),
        };
        f.adjust_statx(a[4], Target { dirfd: a[0] as i32, path, flags })?;
    }
    Ok(r)
}

/// `struct linux_dirent64` is fixed-width and the same everywhere: the kernel fills the
/// guest's buffer directly (and a fake root marks its device nodes in it).
pub fn getdents64(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    loop {
        // SAFETY: fd and count are integers; the buffer is a fixed-layout guest record array.
        let got = unsafe { raw(libc::SYS_getdents64, a) }?;
        let n = match ctx.process.rootfs() {
            Some(fs) if got > 0 => hide_id_store(&fs, a[0] as i32, a[1], got as usize)? as u64,
            _ => got,
        };
        // A batch that held only the hidden entry is not the end of the directory.
        if n == 0 && got > 0 {
            continue;
        }
        if let Some(f) = ctx.process.fakeroot().filter(|_| n > 0) {
            f.adjust_dirents(a[0] as i32, a[1], n as usize)?;
        }
        return Ok(n);
    }
}

/// Drops the fake root's id store from a listing of the rootfs's top directory (the walk
/// makes the name ENOENT, see [`crate::rootfs::ID_STORE`]): the records after it move
/// down, and the one before it takes its d_off so telldir/seekdir skip it too. Returns
/// the new length.
fn hide_id_store(fs: &crate::rootfs::Rootfs, fd: i32, addr: u64, len: usize) -> Result<usize, Errno> {
    if fs.guest_of_fd(fd).ok().as_deref() != Some(b"/".as_slice()) {
        return Ok(len);
    }
    let mut buf = vec![0u8; len];
    guest::read(addr, &mut buf)?;
    // struct linux_dirent64: d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name.
    let mut out: Vec<u8> = Vec::with_capacity(len);
    let mut last: Option<usize> = None;
    let mut at = 0;
    while at + 19 <= len {
        let reclen = u16::from_ne_bytes([buf[at + 16], buf[at + 17]]) as usize;
        if reclen < 19 || at + reclen > len {
            break;
        }
        let rec = &buf[at..at + reclen];
        let name = rec[19..].split(|&b| b == 0).next().unwrap_or_default();
        if fs.is_hidden(&[name.to_vec()]) {
            if let Some(prev) = last {
                out[prev + 8..prev + 16].copy_from_slice(&rec[8..16]);
            }
        } else {
            last = Some(out.len());
            out.extend_from_slice(rec);
        }
        at += reclen;
    }
    if out.len() != len {
        guest::write(addr, &out)?;
    }
    Ok(out.len())
}

pub fn readlinkat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = guest::read_path(a[1])?;
    let size = a[3] as i32;
    if size <= 0 {
        return Err(Errno::EINVAL);
    }
    if is_proc_self_exe(&path) {
        let exe = ctx.process.config().exe_path.as_os_str().as_bytes();
        let n = exe.len().min(size as usize);
        guest::write(a[2], &exe[..n])?;
        return Ok(n as u64);
    }
    if let Some(fs) = ctx.process.rootfs() {
        if !path.as_bytes().is_empty() {
            let exe = ctx.process.config().exe_path.as_os_str().as_bytes();
            let link = fs.at(a[0] as i32, path.as_bytes(), Rules::follow(false), exe)?;
            // A /proc magic link shows its guest target.
            if let Some(m) = crate::rootfs::resolve::magic_target(&fs, &crate::rootfs::components(&link.guest), exe)? {
                let (Magic::Guest(t) | Magic::Opaque(t)) = m;
                let n = t.len().min(size as usize);
                guest::write(a[2], &t[..n])?;
                return Ok(n as u64);
            }
            // SAFETY: valid path; the output buffer is plain guest bytes.
            return unsafe { raw(libc::SYS_readlinkat, [a[0], link.host.as_ptr() as u64, a[2], a[3], 0, 0]) };
        }
    }
    let path = lookup_path(ctx, path)?;
    // SAFETY: valid path; the output buffer is plain guest bytes.
    unsafe { raw(libc::SYS_readlinkat, [a[0], path.as_ptr() as u64, a[2], a[3], 0, 0]) }
}

/// Handlers of the form `call([dirfd,] path, ...)`: the path at argument `$p` (relative
/// to the dirfd at `$d`, if any) is read from the guest and looked up as `$how(args)`
/// says; every other argument is an integer or a plain guest byte buffer.
macro_rules! path_call {
    ($($(#[$doc:meta])* $name:ident => $nr:ident, path at $p:literal $(after dirfd $d:literal)?, $how:expr;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
                // The call's dirfd if it has one (the last element), else the cwd.
                let dirfd = *[AT_FDCWD $(, a[$d])?].last().expect("AT_FDCWD at least");
                let how: fn([u64; 6]) -> Lookup = $how;
                let path = at_path(ctx, dirfd, guest::read_path(a[$p])?, how(a))?;
                let mut args = a;
                args[$p] = path.as_ptr() as u64;
                // SAFETY: `path` is a valid C string; the other arguments are integers or
                // plain guest byte buffers (listxattr's list).
                unsafe { raw(libc::$nr, args) }
            }
        )*
    };
}

const AT_FDCWD: u64 = -100i64 as u64;
/// linkat's flag for following the old path's last symlink.
const AT_SYMLINK_FOLLOW: u64 = 0x400;

/// access checks are lookups: the path is translated into the sysroot like open's.
fn access_call(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6], flags: u64) -> SysResult {
    let path = at_path(ctx, a[0], guest::read_path(a[1])?, lookup_unless(flags, AT_SYMLINK_NOFOLLOW, true))?;
    // SAFETY: `path` is a valid C string; mode and flags are integers.
    let r = unsafe { raw(nr, [a[0], path.as_ptr() as u64, a[2], a[3], 0, 0]) };
    match (r, ctx.process.fakeroot()) {
        (Err(e), Some(f)) => f.access(Target { dirfd: a[0] as i32, path: &path, flags: a[3] as u32 }, a[2] as u32, e),
        (r, _) => r,
    }
}

/// faccessat has no flags argument.
pub fn faccessat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    access_call(ctx, libc::SYS_faccessat, [a[0], a[1], a[2], 0, 0, 0], 0)
}

pub fn faccessat2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    access_call(ctx, libc::SYS_faccessat2, a, a[3])
}

/// `call(dirfd, path, mode, ...)` that creates `path`: a fake root's new file may need
/// its owner or mode recorded, on the host path the name resolved to.
fn create_call(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6], dir: bool) -> SysResult {
    let path = at_path(ctx, a[0], guest::read_path(a[1])?, CREATE)?;
    let mode = a[2] as u32;
    let fake = ctx.process.fakeroot();
    let creation = fake.and_then(|f| f.creation(a[0] as i32, &path, dir, Some(mode)));
    let host_mode = if fake.is_some() { crate::fakeroot::host_creation_mode(dir, mode) } else { mode };
    // SAFETY: `path` is a valid C string; the rest are integers.
    let r = unsafe { raw(nr, [a[0], path.as_ptr() as u64, host_mode as u64, a[3], 0, 0]) }?;
    if let (Some(f), Some(what)) = (fake, creation) {
        f.created(Target { dirfd: a[0] as i32, path: &path, flags: AT_SYMLINK_NOFOLLOW as u32 }, what)?;
    }
    Ok(r)
}

pub fn mkdirat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    create_call(ctx, libc::SYS_mkdirat, a, true)
}

/// dev_t is encoded the same way (new_encode_dev) on both architectures. A fake root's
/// device nodes are placeholders (see crate::fakeroot).
pub fn mknodat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let kind = a[2] as u32 & libc::S_IFMT;
    if let Some(f) = ctx.process.fakeroot().filter(|_| kind == libc::S_IFCHR || kind == libc::S_IFBLK) {
        let path = at_path(ctx, a[0], guest::read_path(a[1])?, CREATE)?;
        return f.mknod_device(a[0] as i32, &path, a[2] as u32, a[3]);
    }
    create_call(ctx, libc::SYS_mknodat, a, false)
}

/// Removing a file's last link drops what a fake root remembered about it.
pub fn unlinkat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = at_path(ctx, a[0], guest::read_path(a[1])?, CREATE)?;
    let doomed = ctx.process.fakeroot().and_then(|f| f.doomed(a[0] as i32, &path));
    // SAFETY: `path` is a valid C string; the rest are integers.
    let r = unsafe { raw(libc::SYS_unlinkat, [a[0], path.as_ptr() as u64, a[2], 0, 0, 0]) }?;
    forget(ctx, doomed)?;
    Ok(r)
}

fn forget(ctx: &Ctx<'_>, key: Option<crate::fakeroot::db::Key>) -> Result<(), Errno> {
    match (ctx.process.fakeroot(), key) {
        (Some(f), Some(k)) => f.forget(k),
        _ => Ok(()),
    }
}

pub fn fchownat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = at_path(ctx, a[0], guest::read_path(a[1])?, lookup_unless(a[4], AT_SYMLINK_NOFOLLOW, false))?;
    match ctx.process.fakeroot() {
        Some(f) => f.chown(Target { dirfd: a[0] as i32, path: &path, flags: a[4] as u32 }, a[2] as u32, a[3] as u32),
        // SAFETY: `path` is a valid C string; the rest are integers.
        None => unsafe { raw(libc::SYS_fchownat, [a[0], path.as_ptr() as u64, a[2], a[3], a[4], 0]) },
    }
}

pub fn fchown(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    match ctx.process.fakeroot() {
        Some(f) => f.chown(Target::fd(a[0] as i32), a[1] as u32, a[2] as u32),
        // SAFETY: integer arguments.
        None => unsafe { raw(libc::SYS_fchown, a) },
    }
}

/// fchmodat has no flags argument and always follows.
pub fn fchmodat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    chmod_call(ctx, libc::SYS_fchmodat, [a[0], a[1], a[2], 0, 0, 0])
}

pub fn fchmodat2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    chmod_call(ctx, libc::SYS_fchmodat2, a)
}

fn chmod_call(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6]) -> SysResult {
    let path = at_path(ctx, a[0], guest::read_path(a[1])?, lookup_unless(a[3], AT_SYMLINK_NOFOLLOW, false))?;
    match ctx.process.fakeroot() {
        Some(f) => f.chmod(Target { dirfd: a[0] as i32, path: &path, flags: a[3] as u32 }, a[2] as u32),
        // SAFETY: `path` is a valid C string; the rest are integers.
        None => unsafe { raw(nr, [a[0], path.as_ptr() as u64, a[2], a[3], 0, 0]) },
    }
}

pub fn fchmod(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    match ctx.process.fakeroot() {
        Some(f) => f.chmod(Target::fd(a[0] as i32), a[1] as u32),
        // SAFETY: integer arguments.
        None => unsafe { raw(libc::SYS_fchmod, a) },
    }
}

path_call! {
    truncate => SYS_truncate, path at 0, |_| NAME_FOLLOW;
    chdir => SYS_chdir, path at 0, |_| NAME_FOLLOW;
    listxattr => SYS_listxattr, path at 0, |_| NAME_FOLLOW;
    llistxattr => SYS_llistxattr, path at 0, |_| NAME;
}

/// linkat(olddirfd, old, newdirfd, new, flags): the old path is followed only with
/// AT_SYMLINK_FOLLOW; the new name is created.
pub fn linkat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let old_how = Lookup { follow: a[4] & AT_SYMLINK_FOLLOW != 0, sysroot: false, names_last: false };
    let old = at_path(ctx, a[0], guest::read_path(a[1])?, old_how)?;
    let new = at_path(ctx, a[2], guest::read_path(a[3])?, CREATE)?;
    // SAFETY: both paths are valid C strings; the rest are integers.
    unsafe { raw(libc::SYS_linkat, [a[0], old.as_ptr() as u64, a[2], new.as_ptr() as u64, a[4], 0]) }
}

/// symlinkat(target, newdirfd, linkpath): the target is stored as written (the guest's
/// own path, interpreted when the link is followed), only the link's name is resolved.
pub fn symlinkat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let target = guest::read_path(a[0])?;
    let link = at_path(ctx, a[1], guest::read_path(a[2])?, CREATE)?;
    // SAFETY: both paths are valid C strings; the dirfd is an integer.
    let r = unsafe { raw(libc::SYS_symlinkat, [target.as_ptr() as u64, a[1], link.as_ptr() as u64, 0, 0, 0]) }?;
    let fake = ctx.process.fakeroot();
    if let (Some(f), Some(what)) = (fake, fake.and_then(|f| f.creation(a[1] as i32, &link, false, None))) {
        f.created(Target { dirfd: a[1] as i32, path: &link, flags: AT_SYMLINK_NOFOLLOW as u32 }, what)?;
    }
    Ok(r)
}

const RENAME_EXCHANGE: u64 = 2;

pub fn renameat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    renameat2(ctx, [a[0], a[1], a[2], a[3], 0, 0])
}

/// renameat2(olddirfd, old, newdirfd, new, flags): two names changed, none followed.
/// RENAME_* flags are the same everywhere. A file renamed over loses a link, which may
/// be its last (see [`unlinkat`]).
pub fn renameat2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let old = at_path(ctx, a[0], guest::read_path(a[1])?, CREATE)?;
    let new = at_path(ctx, a[2], guest::read_path(a[3])?, CREATE)?;
    let doomed = ctx.process.fakeroot().filter(|_| a[4] & RENAME_EXCHANGE == 0).and_then(|f| f.doomed(a[2] as i32, &new));
    // Plain renameat without flags, for kernels or file systems without renameat2.
    let nr = if a[4] == 0 { libc::SYS_renameat } else { libc::SYS_renameat2 };
    // SAFETY: both paths are valid C strings; the rest are integers.
    let r = unsafe { raw(nr, [a[0], old.as_ptr() as u64, a[2], new.as_ptr() as u64, a[4], 0]) }?;
    forget(ctx, doomed)?;
    Ok(r)
}

/// chroot: with `--rootfs` it is emulated, for any user (as PRoot does): the directory
/// becomes the guest's root for this process and the programs it execs, with the binds
/// inside it; binds outside it are gone, as mounts outside a chroot are. The cwd stays
/// where it is, as with the kernel's chroot. Without a rootfs the host decides.
pub fn chroot(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = guest::read_path(a[0])?;
    let config = ctx.process.config();
    let Some(fs) = ctx.process.rootfs() else {
        // SAFETY: a valid C string.
        return unsafe { raw(libc::SYS_chroot, [path.as_ptr() as u64, 0, 0, 0, 0, 0]) };
    };
    let exe = config.exe_path.as_os_str().as_bytes();
    let to = fs.at(AT_FDCWD as i32, path.as_bytes(), Rules::follow(true), exe)?;
    let st = std::fs::metadata(std::ffi::OsStr::from_bytes(to.host.as_bytes())).map_err(|e| Errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
    if !st.is_dir() {
        return Err(Errno::ENOTDIR);
    }
    if to.guest != b"/" {
        ctx.process.set_rootfs(fs.chrooted(&to.guest));
    }
    Ok(0)
}

int_passthrough! {
    fchdir => SYS_fchdir;
}

/// The kernel writes the path (plain bytes) straight into the guest's buffer. With
/// `--rootfs`, the guest path of the host cwd (ENOENT if the guest cannot see it, as for
/// a removed directory).
pub fn getcwd(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if let Some(fs) = ctx.process.rootfs() {
        let mut cwd = fs.guest_cwd()?;
        cwd.push(0);
        if cwd.len() as u64 > a[1] {
            return Err(Errno(libc::ERANGE));
        }
        guest::write(a[0], &cwd)?;
        return Ok(cwd.len() as u64);
    }
    // SAFETY: the buffer is plain guest bytes; the size is an integer.
    unsafe { raw(libc::SYS_getcwd, a) }
}

pub fn utimensat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = match guest::read_opt_path(a[1])? {
        Some(p) => Some(at_path(ctx, a[0], p, lookup_unless(a[3], AT_SYMLINK_NOFOLLOW, false))?),
        None => None,
    };
    let ts = ctx.abi.layouts.timespec;
    let times = if a[2] == 0 {
        None
    } else {
        let t = [ts.read(a[2])?, ts.read(a[2] + ts.size as u64)?];
        // UTIME_NOW / UTIME_OMIT are the same nanosecond values everywhere.
        Some(t.map(|t| libc::timespec { tv_sec: t.sec, tv_nsec: t.frac }))
    };
    let p = path.as_ref().map_or(0, |p| p.as_ptr() as u64);
    let t = times.as_ref().map_or(0, |t| t.as_ptr() as u64);
    // SAFETY: path and times are null or valid host values; the rest are integers.
    unsafe { raw(libc::SYS_utimensat, [a[0], p, t, a[3], 0, 0]) }
}

/// The x86_64 kernel's `struct statfs` (120 bytes; the libc crate hides `f_flags` in
/// its padding).
#[repr(C)]
#[derive(Default)]
struct HostStatfs {
    f_type: i64,
    f_bsize: i64,
    f_blocks: u64,
    f_bfree: u64,
    f_bavail: u64,
    f_files: u64,
    f_ffree: u64,
    f_fsid: [i32; 2],
    f_namelen: i64,
    f_frsize: i64,
    f_flags: i64,
    f_spare: [i64; 4],
}

fn host_statfs(s: &HostStatfs) -> FsStat {
    let fsid = s.f_fsid;
    FsStat {
        fs_type: s.f_type,
        bsize: s.f_bsize,
        blocks: s.f_blocks,
        bfree: s.f_bfree,
        bavail: s.f_bavail,
        files: s.f_files,
        ffree: s.f_ffree,
        fsid,
        namelen: s.f_namelen,
        frsize: s.f_frsize,
        flags: s.f_flags,
    }
}

pub fn statfs(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = at_path(ctx, AT_FDCWD, guest::read_path(a[0])?, FOLLOW)?;
    let mut s = HostStatfs::default();
    // SAFETY: valid path and a host `struct statfs` (the x86_64 kernel's layout) to fill.
    unsafe { raw(libc::SYS_statfs, [path.as_ptr() as u64, &mut s as *mut HostStatfs as u64, 0, 0, 0, 0]) }?;
    ctx.abi.layouts.statfs.encode(&host_statfs(&s)).write(a[1])?;
    Ok(0)
}

pub fn fstatfs(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut s = HostStatfs::default();
    // SAFETY: an integer fd and a host `struct statfs` to fill.
    unsafe { raw(libc::SYS_fstatfs, [a[0], &mut s as *mut HostStatfs as u64, 0, 0, 0, 0]) }?;
    ctx.abi.layouts.statfs.encode(&host_statfs(&s)).write(a[1])?;
    Ok(0)
}

// Extended attributes. Names are strings of at most XATTR_NAME_MAX (255) bytes (longer
// is ERANGE, as the kernel says); values and name lists are plain bytes in guest memory.

fn xattr_name(addr: u64) -> Result<CString, Errno> {
    match guest::read_cstr(addr, 256)? {
        Some(b) if !b.is_empty() => Ok(CString::new(b).expect("no NUL")),
        _ => Err(Errno(libc::ERANGE)),
    }
}

/// `call(path-or-fd, name, value, size[, flags])`; the path, if any, is looked up as
/// `how` says.
fn xattr_call(ctx: &Ctx<'_>, nr: libc::c_long, a: [u64; 6], how: Option<Lookup>) -> SysResult {
    let path = match how {
        Some(how) => Some(at_path(ctx, AT_FDCWD, guest::read_path(a[0])?, how)?),
        None => None,
    };
    let name = xattr_name(a[1])?;
    let first = path.as_ref().map_or(a[0], |p| p.as_ptr() as u64);
    // SAFETY: path and name are valid C strings; the value is plain guest bytes.
    unsafe { raw(nr, [first, name.as_ptr() as u64, a[2], a[3], a[4], 0]) }
}

pub fn setxattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_setxattr, a, Some(NAME_FOLLOW))
}
pub fn lsetxattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_lsetxattr, a, Some(NAME))
}
pub fn fsetxattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_fsetxattr, a, None)
}
pub fn getxattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_getxattr, a, Some(NAME_FOLLOW))
}
pub fn lgetxattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_lgetxattr, a, Some(NAME))
}
pub fn fgetxattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_fgetxattr, a, None)
}

pub fn removexattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_removexattr, [a[0], a[1], 0, 0, 0, 0], Some(NAME_FOLLOW))
}
pub fn lremovexattr(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    xattr_call(ctx, libc::SYS_lremovexattr, [a[0], a[1], 0, 0, 0, 0], Some(NAME))
}

pub fn fremovexattr(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let name = xattr_name(a[1])?;
    // SAFETY: an integer fd and a valid name.
    unsafe { raw(libc::SYS_fremovexattr, [a[0], name.as_ptr() as u64, 0, 0, 0, 0]) }
}

/// The list is plain bytes written into the guest's buffer.
pub fn flistxattr(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integers and a plain guest byte buffer.
    unsafe { raw(libc::SYS_flistxattr, a) }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{cstr, Guest};
    use std::os::unix::fs::MetadataExt;

    const AT_FDCWD: u64 = (-100i64) as u64;
    const O_RDWR: u64 = 2;
    const O_CREAT: u64 = 0o100;

    #[test]
    fn openat_write_lseek_read_round_trip() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.txt");
        let fd = g.openat_path(&path, O_RDWR | O_CREAT | 0o1000, 0o640);
        assert!(fd >= 0, "openat: {fd}");
        let msg = b"the quick brown fox";
        assert_eq!(g.call("write", &[fd as u64, msg.as_ptr() as u64, msg.len() as u64]), msg.len() as i64);
        assert_eq!(g.call("lseek", &[fd as u64, 4, 0]), 4);
        let mut buf = [0u8; 32];
        assert_eq!(g.call("read", &[fd as u64, buf.as_mut_ptr() as u64, 32]), msg.len() as i64 - 4);
        assert_eq!(&buf[..msg.len() - 4], &msg[4..]);
        assert_eq!(g.call("lseek", &[fd as u64, (-3i64) as u64, 2]), msg.len() as i64 - 3);
        g.close(fd as i32);
        assert_eq!(std::fs::read(&path).unwrap(), msg);
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o640 & !g.umask());
        // Errors are the kernel's.
        assert_eq!(g.openat_path(&dir.path().join("missing"), 0, 0), -(libc::ENOENT as i64));
        assert_eq!(g.call("openat", &[AT_FDCWD, 16, 0, 0]), -(libc::EFAULT as i64));
        // O_DIRECTORY in aarch64 bits on a regular file is ENOTDIR (on x86_64 the same
        // bit is O_DIRECT, which would succeed or fail with EINVAL).
        assert_eq!(g.openat_path(&path, 0o40000, 0), -(libc::ENOTDIR as i64));
        // aarch64 O_NOFOLLOW on a symlink is ELOOP.
        std::os::unix::fs::symlink(&path, dir.path().join("link")).unwrap();
        assert_eq!(g.openat_path(&dir.path().join("link"), 0o100000, 0), -(libc::ELOOP as i64));
    }

    #[test]
    fn openat2_reads_open_how_and_keeps_resolve_rules_on_the_host() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), b"x").unwrap();
        std::os::unix::fs::symlink("f", dir.path().join("l")).unwrap();
        let open2 = |g: &mut Guest, name: &str, how: &[u64]| {
            let p = cstr(dir.path().join(name).to_str().unwrap());
            g.call("openat2", &[AT_FDCWD, p.as_ptr() as u64, how.as_ptr() as u64, 8 * how.len() as u64])
        };
        let fd = open2(&mut g, "l", &[0, 0, 0]);
        assert!(fd >= 0, "openat2: {fd}");
        g.close(fd as i32);
        // RESOLVE_NO_SYMLINKS through a symlink; RESOLVE_BENEATH with an absolute path.
        assert_eq!(open2(&mut g, "l", &[0, 0, 0x04]), -(libc::ELOOP as i64));
        assert_eq!(open2(&mut g, "f", &[0, 0, 0x08]), -(libc::EXDEV as i64));
        // A bigger struct with zero tail is fine, a non-zero tail is E2BIG, a smaller one
        // EINVAL, unknown RESOLVE bits EINVAL.
        let fd = open2(&mut g, "f", &[0, 0, 0, 0]);
        assert!(fd >= 0, "openat2: {fd}");
        g.close(fd as i32);
        assert_eq!(open2(&mut g, "f", &[0, 0, 0, 1]), -(libc::E2BIG as i64));
        assert_eq!(open2(&mut g, "f", &[0, 0]), -(libc::EINVAL as i64));
        assert_eq!(open2(&mut g, "f", &[0, 0, 0x100]), -(libc::EINVAL as i64));
    }

    impl Guest {
        fn umask(&mut self) -> u32 {
            let old = self.call("umask", &[0o22]) as u32;
            self.call("umask", &[old as u64]);
            old
        }
    }

    #[test]
    fn newfstatat_fills_the_aarch64_stat_layout() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![7u8; 5000]).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o604)).unwrap();
        std::fs::hard_link(&path, dir.path().join("g")).unwrap();
        let md = std::fs::metadata(&path).unwrap();
        let c = cstr(path.to_str().unwrap());
        // Poison the buffer to see that padding is zeroed and nothing spills past 128.
        let mut buf = [0xaau8; 136];
        assert_eq!(g.call("newfstatat", &[AT_FDCWD, c.as_ptr() as u64, buf.as_mut_ptr() as u64, 0]), 0);
        let u64_at = |o: usize| u64::from_le_bytes(buf[o..o + 8].try_into().unwrap());
        let u32_at = |o: usize| u32::from_le_bytes(buf[o..o + 4].try_into().unwrap());
        assert_eq!(u64_at(0), md.dev(), "st_dev");
        assert_eq!(u64_at(8), md.ino(), "st_ino");
        assert_eq!(u32_at(16), libc::S_IFREG | 0o604, "st_mode at 16");
        assert_eq!(u32_at(20), 2, "st_nlink at 20");
        assert_eq!(u32_at(24), md.uid(), "st_uid");
        assert_eq!(u32_at(28), md.gid(), "st_gid");
        assert_eq!(u64_at(32), md.rdev(), "st_rdev");
        assert_eq!(u64_at(40), 0, "__pad1");
        assert_eq!(u64_at(48), 5000, "st_size");
        assert_eq!(u32_at(56), md.blksize() as u32, "st_blksize");
        assert_eq!(u32_at(60), 0, "__pad2");
        assert_eq!(u64_at(64), md.blocks(), "st_blocks");
        assert_eq!(u64_at(72) as i64, md.atime());
        assert_eq!(u64_at(80) as i64, md.atime_nsec());
        assert_eq!(u64_at(88) as i64, md.mtime());
        assert_eq!(u64_at(96) as i64, md.mtime_nsec());
        assert_eq!(u64_at(104) as i64, md.ctime());
        assert_eq!(u64_at(112) as i64, md.ctime_nsec());
        assert_eq!(u64_at(120), 0, "__unused4/5");
        assert_eq!(&buf[128..], &[0xaa; 8], "nothing written past 128 bytes");
        // fstat gives the same bytes.
        let fd = g.openat_path(&path, 0, 0);
        let mut buf2 = [0u8; 128];
        assert_eq!(g.call("fstat", &[fd as u64, buf2.as_mut_ptr() as u64]), 0);
        assert_eq!(&buf2[..72], &buf[..72]);
        g.close(fd as i32);
        // A bad output pointer is EFAULT; a missing file ENOENT.
        assert_eq!(g.call("newfstatat", &[AT_FDCWD, c.as_ptr() as u64, 8, 0]), -(libc::EFAULT as i64));
        let missing = cstr(dir.path().join("nope").to_str().unwrap());
        assert_eq!(g.call("newfstatat", &[AT_FDCWD, missing.as_ptr() as u64, buf.as_mut_ptr() as u64, 0]), -(libc::ENOENT as i64));
        // AT_EMPTY_PATH on a directory fd.
        let dfd = g.openat_path(dir.path(), 0o40000, 0);
        let empty = cstr("");
        assert_eq!(g.call("newfstatat", &[dfd as u64, empty.as_ptr() as u64, buf.as_mut_ptr() as u64, 0x1000]), 0);
        assert_eq!(u32_at_buf(&buf, 16) & libc::S_IFMT, libc::S_IFDIR);
        g.close(dfd as i32);
    }

    fn u32_at_buf(b: &[u8], o: usize) -> u32 {
        u32::from_le_bytes(b[o..o + 4].try_into().unwrap())
    }

    #[test]
    fn getdents64_lists_a_directory() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        for n in ["alpha", "beta", "gamma"] {
            std::fs::write(dir.path().join(n), b"").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let fd = g.openat_path(dir.path(), 0o40000, 0);
        let mut buf = vec![0u8; 4096];
        let mut names = Vec::new();
        loop {
            let n = g.call("getdents64", &[fd as u64, buf.as_mut_ptr() as u64, 4096]);
            assert!(n >= 0, "{n}");
            if n == 0 {
                break;
            }
            let mut off = 0;
            while off < n as usize {
                let reclen = u16::from_le_bytes([buf[off + 16], buf[off + 17]]) as usize;
                let dtype = buf[off + 18];
                let name = &buf[off + 19..off + reclen];
                let name = String::from_utf8(name[..name.iter().position(|&b| b == 0).unwrap()].to_vec()).unwrap();
                names.push((name, dtype));
                off += reclen;
            }
        }
        names.sort();
        let expect: Vec<(String, u8)> = [(".", 4), ("..", 4), ("alpha", 8), ("beta", 8), ("gamma", 8), ("sub", 4)]
            .iter()
            .map(|(n, t)| (n.to_string(), *t))
            .collect();
        assert_eq!(names, expect);
        g.close(fd as i32);
    }

    #[test]
    fn proc_self_exe_is_the_guest_program() {
        let mut g = Guest::new();
        let mut buf = [0u8; 64];
        let p = cstr("/proc/self/exe");
        let n = g.call("readlinkat", &[AT_FDCWD, p.as_ptr() as u64, buf.as_mut_ptr() as u64, 64]);
        assert_eq!(&buf[..n as usize], b"/guest/bin/prog");
        // Truncated without a NUL, as readlink does.
        assert_eq!(g.call("readlinkat", &[AT_FDCWD, p.as_ptr() as u64, buf.as_mut_ptr() as u64, 6]), 6);
        assert_eq!(g.call("readlinkat", &[AT_FDCWD, p.as_ptr() as u64, buf.as_mut_ptr() as u64, 0]), -(libc::EINVAL as i64));
        let p = cstr(&format!("/proc/{}/exe", std::process::id()));
        assert_eq!(g.call("readlinkat", &[AT_FDCWD, p.as_ptr() as u64, buf.as_mut_ptr() as u64, 64]), 15);
        // Other links go to the host.
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("target-name", dir.path().join("l")).unwrap();
        let l = cstr(dir.path().join("l").to_str().unwrap());
        assert_eq!(g.call("readlinkat", &[AT_FDCWD, l.as_ptr() as u64, buf.as_mut_ptr() as u64, 64]), 11);
        assert_eq!(&buf[..11], b"target-name");
    }

    #[test]
    fn directory_and_link_calls() {
        let mut g = Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let d = |n: &str| cstr(dir.path().join(n).to_str().unwrap());
        let (sub, a, b, s) = (d("sub"), d("sub/a"), d("sub/b"), d("sub/s"));
        assert_eq!(g.call("mkdirat", &[AT_FDCWD, sub.as_ptr() as u64, 0o755]), 0);
        assert_eq!(g.call("mkdirat", &[AT_FDCWD, sub.as_ptr() as u64, 0o755]), -(libc::EEXIST as i64));
        let fd = g.call("openat", &[AT_FDCWD, a.as_ptr() as u64, O_CREAT | 1, 0o600]);
        g.close(fd as i32);
        assert_eq!(g.call("renameat", &[AT_FDCWD, a.as_ptr() as u64, AT_FDCWD, b.as_ptr() as u64]), 0);
        assert_eq!(g.call("linkat", &[AT_FDCWD, b.as_ptr() as u64, AT_FDCWD, a.as_ptr() as u64, 0]), 0);
        assert_eq!(g.call("symlinkat", &[b.as_ptr() as u64, AT_FDCWD, s.as_ptr() as u64]), 0);
        assert_eq!(g.call("faccessat", &[AT_FDCWD, s.as_ptr() as u64, libc::R_OK as u64]), 0);
        assert_eq!(g.call("fchmodat", &[AT_FDCWD, b.as_ptr() as u64, 0o400]), 0);
        assert_eq!(std::fs::metadata(dir.path().join("sub/a")).unwrap().mode() & 0o777, 0o400);
        assert_eq!(g.call("truncate", &[b.as_ptr() as u64, 10]), 0);
        assert_eq!(std::fs::metadata(dir.path().join("sub/a")).unwrap().len(), 10);
        // RENAME_NOREPLACE onto an existing name.
        assert_eq!(g.call("renameat2", &[AT_FDCWD, a.as_ptr() as u64, AT_FDCWD, b.as_ptr() as u64, 1]), -(libc::EEXIST as i64));
        // utimensat: set both times, read them back.
        let times = [1_000_000i64, 5, 2_000_000, 7];
        assert_eq!(g.call("utimensat", &[AT_FDCWD, b.as_ptr() as u64, times.as_ptr() as u64, 0]), 0);
        let md = std::fs::metadata(dir.path().join("sub/b")).unwrap();
        assert_eq!((md.atime(), md.atime_nsec(), md.mtime(), md.mtime_nsec()), (1_000_000, 5, 2_000_000, 7));
        for p in [&a, &b, &s] {
            assert_eq!(g.call("unlinkat", &[AT_FDCWD, p.as_ptr() as u64, 0]), 0);
        }
        assert_eq!(g.call("unlinkat", &[AT_FDCWD, sub.as_ptr() as u64, 0]), -(libc::EISDIR as i64));
        assert_eq!(g.call("unlinkat", &[AT_FDCWD, sub.as_ptr() as u64, 0x200]), 0);
    }

    #[test]
    fn getcwd_and_statfs() {
        let mut g = Guest::new();
        let mut buf = [0u8; 4096];
        let n = g.call("getcwd", &[buf.as_mut_ptr() as u64, 4096]);
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(n as usize, cwd.as_os_str().len() + 1);
        assert_eq!(&buf[..n as usize - 1], cwd.as_os_str().as_encoded_bytes());
        assert_eq!(g.call("getcwd", &[buf.as_mut_ptr() as u64, 1]), -(libc::ERANGE as i64));
        let dir = tempfile::tempdir().unwrap();
        let p = cstr(dir.path().to_str().unwrap());
        let mut sf = [0xffu8; 120];
        assert_eq!(g.call("statfs", &[p.as_ptr() as u64, sf.as_mut_ptr() as u64]), 0);
        // SAFETY: a zeroed statfs to fill.
        let mut host: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: valid path and buffer.
        assert_eq!(unsafe { libc::statfs(p.as_ptr(), &mut host) }, 0);
        let at = |o: usize| i64::from_le_bytes(sf[o..o + 8].try_into().unwrap());
        assert_eq!(at(0), host.f_type, "f_type");
        assert_eq!(at(8), host.f_bsize, "f_bsize");
        assert_eq!(at(16) as u64, host.f_blocks, "f_blocks");
        assert_eq!(at(40) as u64, host.f_files, "f_files");
        assert_eq!(at(64), host.f_namelen, "f_namelen");
        assert_eq!(at(72), host.f_frsize, "f_frsize");
        assert_ne!(at(80) & 0x20, 0, "f_flags has ST_VALID");
        assert!(sf[88..].iter().all(|&b| b == 0), "f_spare zeroed");
    }
}
