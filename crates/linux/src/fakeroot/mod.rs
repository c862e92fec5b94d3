//! `--root-id`: a fake root for an ordinary host user, in the manner of fakeroot and
//! PRoot's `-0` but inside the system call layer (no ptrace, no LD_PRELOAD).
//!
//! - Identity ([`ids`]): get*id report fake credentials that start as root's; set*id and
//!   setgroups change them under the kernel's rules; capget reports root's capabilities
//!   while the fake effective uid is 0.
//! - Files: chown and device-node mknod are not done on the host (they would fail) but
//!   remembered in a store shared by the whole session ([`db`]), keyed by `(st_dev,
//!   st_ino)`; chmod is done with the owner's read/write (and search) bits kept so the
//!   host user can still use the file as root could, and the requested mode remembered
//!   when it differs. The stat family reports what is remembered; a file with no entry
//!   that belongs to the host user is reported as root's (PRoot's convention), so a tree
//!   unpacked by the fake root looks root-owned. access() of a fake root succeeds where
//!   root's would.
//! - Entries go when their file's last link is removed through crossrun; an inode freed
//!   behind crossrun's back and reused is recognised by its birth time.
//!
//! The credentials are per process (the guest's libc sets ids in every thread at once);
//! fork copies them and execve passes them to the next crossrun (`--root-id-creds`).

pub mod db;
pub mod ids;

use crate::abi::layout::fixed::DIRENT64;
use crate::abi::layout::{write_field, Field, FileStat, Record};
use crate::errno::{Errno, SysResult};
use crate::guest;
use db::{Db, Entry, Key, HAS_MODE, HAS_OWNER, HAS_TYPE};
pub use ids::Creds;
use std::ffi::{CStr, OsString};
use std::sync::{Arc, Mutex, MutexGuard};

/// The `--root-id` settings a process starts with.
#[derive(Clone, Debug)]
pub struct RootId {
    pub db: Arc<Db>,
    pub creds: Creds,
}

/// The option that hands the fake credentials to the crossrun an execve starts.
pub const CREDS_OPTION: &str = "--root-id-creds";

/// One process's fake root state.
#[derive(Debug)]
pub struct FakeRoot {
    db: Arc<Db>,
    creds: Mutex<Creds>,
    /// crossrun's own effective uid and gid: files carrying them were made by the guest.
    host: (u32, u32),
}

/// A file a call names: `dirfd` + `path` with `AT_*` flags (an fd is `fd, "",
/// AT_EMPTY_PATH`).
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub dirfd: i32,
    pub path: &'a CStr,
    pub flags: u32,
}

impl<'a> Target<'a> {
    pub fn fd(fd: i32) -> Target<'static> {
        Target { dirfd: fd, path: c"", flags: AT_EMPTY_PATH }
    }
}

const AT_EMPTY_PATH: u32 = 0x1000;
const AT_SYMLINK_NOFOLLOW: u32 = 0x100;
const AT_EACCESS: u32 = 0x200;
const STATX_BASIC_STATS: u32 = 0x7ff;
const STATX_BTIME: u32 = 0x800;
const S_IFMT: u32 = 0o170000;
const S_ISUID: u32 = 0o4000;
const S_ISGID: u32 = 0o2000;

/// The kernel's `new_encode_dev`: how `st_dev`/`st_rdev` carry a device number.
pub fn encode_dev(major: u32, minor: u32) -> u64 {
    ((minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)) as u64
}

/// The kernel's `new_decode_dev`, for `st_rdev` and mknod's 32-bit `dev`.
pub fn decode_dev(dev: u64) -> (u32, u32) {
    let dev = dev as u32;
    ((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00))
}

/// What to record about a file the guest creates.
#[derive(Clone, Copy, Debug)]
pub struct Creation {
    owner: Option<(u32, u32)>,
    /// The permission bits, after the umask.
    mode: Option<u32>,
}

/// The attributes the fake root may change the look of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct View {
    uid: u32,
    gid: u32,
    mode: u32,
    rdev: (u32, u32),
}

/// A host `struct statx` (fixed layout), the parts the store needs.
struct Sx {
    key: Key,
    btime: (i64, u32),
    nlink: u32,
    view: View,
}

/// The members of `struct statx` the store reads and rewrites.
mod stx {
    use crate::abi::layout::{fixed::STATX, Field};
    pub const MASK: Field = STATX.member("stx_mask");
    pub const NLINK: Field = STATX.member("stx_nlink");
    pub const UID: Field = STATX.member("stx_uid");
    pub const GID: Field = STATX.member("stx_gid");
    pub const MODE: Field = STATX.member("stx_mode");
    pub const INO: Field = STATX.member("stx_ino");
    pub const BTIME_SEC: Field = STATX.member("stx_btime.tv_sec");
    pub const BTIME_NSEC: Field = STATX.member("stx_btime.tv_nsec");
    pub const RDEV_MAJOR: Field = STATX.member("stx_rdev_major");
    pub const RDEV_MINOR: Field = STATX.member("stx_rdev_minor");
    pub const DEV_MAJOR: Field = STATX.member("stx_dev_major");
    pub const DEV_MINOR: Field = STATX.member("stx_dev_minor");
}

fn parse_statx(b: &[u8; 256]) -> Sx {
    let r = Record::from_bytes(b, b.len());
    let u32_at = |f| r.get(f) as u32;
    let btime = if u32_at(stx::MASK) & STATX_BTIME != 0 { (r.get_i(stx::BTIME_SEC), u32_at(stx::BTIME_NSEC)) } else { (0, 0) };
    Sx {
        key: Key { dev: encode_dev(u32_at(stx::DEV_MAJOR), u32_at(stx::DEV_MINOR)), ino: r.get(stx::INO) },
        btime,
        nlink: u32_at(stx::NLINK),
        view: View {
            uid: u32_at(stx::UID),
            gid: u32_at(stx::GID),
            mode: u32_at(stx::MODE),
            rdev: (u32_at(stx::RDEV_MAJOR), u32_at(stx::RDEV_MINOR)),
        },
    }
}

fn statx(t: Target<'_>, mask: u32) -> Result<Sx, Errno> {
    let mut b = [0u8; 256];
    // SAFETY: a valid C string and a 256-byte buffer, the size of `struct statx`.
    unsafe { crate::sys::raw(libc::SYS_statx, [t.dirfd as u64, t.path.as_ptr() as u64, t.flags as u64, mask as u64, b.as_mut_ptr() as u64, 0]) }?;
    Ok(parse_statx(&b))
}

fn io_errno(e: std::io::Error) -> Errno {
    Errno(e.raw_os_error().unwrap_or(libc::EIO))
}

impl FakeRoot {
    pub fn new(config: &RootId) -> FakeRoot {
        // SAFETY: no arguments.
        let host = unsafe { (libc::geteuid(), libc::getegid()) };
        FakeRoot { db: config.db.clone(), creds: Mutex::new(config.creds.clone()), host }
    }

    /// Holds the fake root's locks across a fork: a lock another thread holds at that
    /// moment would stay held in the child, where that thread does not exist.
    pub(crate) fn hold_for_fork(&self) -> (MutexGuard<'_, Creds>, MutexGuard<'_, db::Cache>) {
        (self.creds.lock().unwrap_or_else(|e| e.into_inner()), self.db.hold())
    }

    pub fn creds(&self) -> Creds {
        self.creds.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The options that give the crossrun an execve of `program` (a host path) starts
    /// this process's credentials as they are after that exec: a program whose fake mode
    /// is set-user-ID (set-group-ID with group execute) runs with its fake owner (group)
    /// as effective id.
    pub fn reexec_args(&self, program: &CStr) -> Vec<OsString> {
        let mut c = self.creds();
        if let Ok((_, _, v)) = self.look(Target { dirfd: libc::AT_FDCWD, path: program, flags: 0 }) {
            if v.mode & S_ISUID != 0 {
                c.uid[1] = v.uid;
            }
            if v.mode & S_ISGID != 0 && v.mode & 0o010 != 0 {
                c.gid[1] = v.gid;
            }
        }
        vec![CREDS_OPTION.into(), c.after_exec().to_arg().into()]
    }

    /// The remembered entry for `key`, unless the inode was reused since (`btime` gives
    /// the file's birth time now; it is asked only when an entry exists).
    fn entry(&self, key: Key, btime: impl FnOnce() -> Option<(i64, u32)>) -> Result<Option<Entry>, Errno> {
        let Some(e) = self.db.get(key).map_err(io_errno)? else { return Ok(None) };
        if e.btime != (0, 0) && btime().is_some_and(|b| b != e.btime) {
            return Ok(None);
        }
        Ok(Some(e))
    }

    /// How the guest sees a file with these real attributes and this entry.
    fn view(&self, real: View, e: Option<Entry>) -> View {
        let mut v = real;
        let flags = e.map_or(0, |e| e.flags);
        match e {
            Some(e) if flags & HAS_OWNER != 0 => (v.uid, v.gid) = (e.uid, e.gid),
            _ => {
                if v.uid == self.host.0 {
                    v.uid = 0;
                }
                if v.gid == self.host.1 {
                    v.gid = 0;
                }
            }
        }
        if let Some(e) = e {
            if flags & HAS_TYPE != 0 {
                v.mode = (e.mode & S_IFMT) | (v.mode & !S_IFMT);
                v.rdev = (e.rdev_major, e.rdev_minor);
            }
            if flags & HAS_MODE != 0 {
                v.mode = (v.mode & S_IFMT) | (e.mode & 0o7777);
            }
        }
        v
    }

    /// The file as the guest sees it: its key, its live entry and its fake attributes.
    fn look(&self, t: Target<'_>) -> Result<(Sx, Option<Entry>, View), Errno> {
        let sx = statx(t, STATX_BASIC_STATS | STATX_BTIME)?;
        let e = self.entry(sx.key, || Some(sx.btime))?;
        let v = self.view(sx.view, e);
        Ok((sx, e, v))
    }

    /// Rewrites a stat result (from newfstatat/fstat of `t`) as the guest is to see it.
    pub fn adjust_stat(&self, st: &mut FileStat, t: Target<'_>) -> Result<(), Errno> {
        let key = Key { dev: st.dev, ino: st.ino };
        let e = self.entry(key, || statx(t, STATX_BTIME).ok().map(|s| s.btime))?;
        let v = self.view(View { uid: st.uid, gid: st.gid, mode: st.mode, rdev: decode_dev(st.rdev) }, e);
        (st.uid, st.gid, st.mode) = (v.uid, v.gid, v.mode);
        st.rdev = encode_dev(v.rdev.0, v.rdev.1);
        Ok(())
    }

    /// Rewrites the `struct statx` the kernel just wrote at guest `addr` for `t`.
    pub fn adjust_statx(&self, addr: u64, t: Target<'_>) -> Result<(), Errno> {
        let mut b = [0u8; 256];
        guest::read(addr, &mut b)?;
        let sx = parse_statx(&b);
        let e = self.entry(sx.key, || if sx.btime != (0, 0) { Some(sx.btime) } else { statx(t, STATX_BTIME).ok().map(|s| s.btime) })?;
        let v = self.view(sx.view, e);
        write_field(addr, stx::UID, v.uid as u64)?;
        write_field(addr, stx::GID, v.gid as u64)?;
        write_field(addr, stx::MODE, v.mode as u64)?;
        write_field(addr, stx::RDEV_MAJOR, v.rdev.0 as u64)?;
        write_field(addr, stx::RDEV_MINOR, v.rdev.1 as u64)?;
        Ok(())
    }

    /// Stores `change(old entry)` for the file `sx` describes.
    fn record(&self, sx: &Sx, change: impl FnOnce(Entry) -> Entry) -> Result<(), Errno> {
        let btime = sx.btime;
        self.db
            .update(sx.key, |old| {
                let old = old.filter(|e| e.btime == (0, 0) || btime == (0, 0) || e.btime == btime);
                Some(change(Entry { btime, ..old.unwrap_or_default() }))
            })
            .map_err(io_errno)?;
        Ok(())
    }

    /// fchownat/fchown/lchown: the new owner is remembered, not given to the host.
    pub fn chown(&self, t: Target<'_>, uid: u32, gid: u32) -> SysResult {
        let (sx, _, v) = self.look(t)?;
        let c = self.creds();
        const KEEP: u32 = u32::MAX;
        if !c.privileged() && (c.fsuid() != v.uid || (uid != KEEP && uid != v.uid) || (gid != KEEP && gid != v.gid && !c.in_group(gid))) {
            return Err(Errno::EPERM);
        }
        let owner = (if uid == KEEP { v.uid } else { uid }, if gid == KEEP { v.gid } else { gid });
        // chown of a non-directory clears set-user-ID, and set-group-ID when the group may
        // execute, even for root (Linux since 2.2.13) and even with both ids -1.
        let mut mode = v.mode & 0o7777;
        if v.mode & S_IFMT != libc::S_IFDIR && v.mode & S_IFMT != libc::S_IFLNK {
            mode &= !S_ISUID;
            if mode & 0o010 != 0 {
                mode &= !S_ISGID;
            }
        }
        let real_perm = sx.view.mode & 0o7777;
        self.record(&sx, |e| {
            let mut e = Entry { uid: owner.0, gid: owner.1, flags: e.flags | HAS_OWNER, ..e };
            if mode != real_perm || e.flags & HAS_MODE != 0 {
                e.flags |= HAS_MODE;
                e.mode = (e.mode & S_IFMT) | mode;
            }
            e
        })?;
        Ok(0)
    }

    /// fchmodat/fchmod: the host file keeps its owner's access (root's access does not
    /// depend on the mode); the mode asked for is remembered where the host's differs.
    pub fn chmod(&self, t: Target<'_>, mode: u32) -> SysResult {
        let (sx, e, v) = self.look(t)?;
        let c = self.creds();
        if !c.privileged() && c.fsuid() != v.uid {
            return Err(Errno::EPERM);
        }
        let kind = sx.view.mode & S_IFMT;
        if kind == libc::S_IFLNK {
            // fchmodat2(AT_SYMLINK_NOFOLLOW) on a link, as the kernel answers.
            return Err(Errno::EOPNOTSUPP);
        }
        let want = mode & 0o7777;
        // Set-id bits are never made real: they would make host programs set-id to the
        // host user.
        let real = (want & 0o1777) | owner_access(kind == libc::S_IFDIR);
        let r = if t.path.is_empty() {
            // SAFETY: integer arguments.
            unsafe { crate::sys::raw(libc::SYS_fchmod, [t.dirfd as u64, real as u64, 0, 0, 0, 0]) }
        } else {
            // SAFETY: a valid C string; the rest are integers.
            unsafe { crate::sys::raw(libc::SYS_fchmodat, [t.dirfd as u64, t.path.as_ptr() as u64, real as u64, 0, 0, 0]) }
        };
        let real_now = match r {
            Ok(_) => real,
            // Not the host user's file: only the fake mode changes.
            Err(Errno::EPERM) => sx.view.mode & 0o7777,
            Err(e) => return Err(e),
        };
        if real_now != want || e.is_some_and(|e| e.flags & HAS_MODE != 0) {
            self.record(&sx, |e| Entry { flags: e.flags | HAS_MODE, mode: (e.mode & S_IFMT) | want, ..e })?;
        }
        Ok(0)
    }

    /// mknodat of a character or block device: a fake root gets an empty regular file
    /// standing for it, remembered as the device. `dev` is the 32-bit encoding mknod
    /// takes. Other types are left to the host (which makes FIFOs and sockets for anyone).
    pub fn mknod_device(&self, dirfd: i32, path: &CStr, mode: u32, dev: u64) -> SysResult {
        let c = self.creds();
        if !c.privileged() {
            return Err(Errno::EPERM);
        }
        let flags = libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY | libc::O_CLOEXEC;
        // SAFETY: a valid C string; the rest are integers.
        let fd = unsafe { crate::sys::raw(libc::SYS_openat, [dirfd as u64, path.as_ptr() as u64, flags as u64, 0o600, 0, 0]) }? as i32;
        let sx = statx(Target::fd(fd), STATX_BASIC_STATS | STATX_BTIME);
        // SAFETY: closing the fd just opened.
        unsafe { libc::close(fd) };
        let sx = sx?;
        let (major, minor) = decode_dev(dev);
        let perm = mode & 0o7777 & !umask();
        self.db
            .update(sx.key, |_| {
                Some(Entry {
                    flags: HAS_OWNER | HAS_TYPE | HAS_MODE,
                    uid: c.fsuid(),
                    gid: c.fsgid(),
                    mode: (mode & S_IFMT) | perm,
                    rdev_major: major,
                    rdev_minor: minor,
                    btime: sx.btime,
                })
            })
            .map_err(io_errno)?;
        Ok(0)
    }

    /// Called after a real access check of `t` failed with `err`: a fake root's check is
    /// root's (everything but executing a file no one may execute).
    pub fn access(&self, t: Target<'_>, mode: u32, err: Errno) -> SysResult {
        let c = self.creds();
        let id = if t.flags & AT_EACCESS != 0 { c.uid[1] } else { c.uid[0] };
        if id != 0 || (err != Errno(libc::EACCES) && err != Errno::EPERM) {
            return Err(err);
        }
        let (_, _, v) = self.look(t)?;
        if mode & libc::X_OK as u32 != 0 && v.mode & S_IFMT != libc::S_IFDIR && v.mode & 0o111 == 0 {
            return Err(Errno(libc::EACCES));
        }
        Ok(0)
    }

    /// The entry that removing `dirfd`/`path` (unlink, rmdir, being renamed over) would
    /// leave without a file: its last link. Returns the key to [`forget`](Self::forget)
    /// once the removal succeeded.
    pub fn doomed(&self, dirfd: i32, path: &CStr) -> Option<Key> {
        let sx = statx(Target { dirfd, path, flags: AT_SYMLINK_NOFOLLOW }, STATX_BASIC_STATS).ok()?;
        let last = sx.nlink <= 1 || sx.view.mode & S_IFMT == libc::S_IFDIR;
        (last && self.db.get(sx.key).ok()?.is_some()).then_some(sx.key)
    }

    pub fn forget(&self, key: Key) -> Result<(), Errno> {
        self.db.update(key, |_| None).map_err(io_errno)?;
        Ok(())
    }

    /// What is to be recorded about a file (a directory if `dir`) the guest is about to
    /// create as `dirfd`/`path` with `mode` (None for a symlink), if anything: an owner
    /// when the fs ids are not root's (which the host user's files are taken for) or the
    /// directory is set-group-ID in the fake root's eyes (the group is then inherited,
    /// and by a directory the bit), and the mode when it would lock the host user out.
    pub fn creation(&self, dirfd: i32, path: &CStr, dir: bool, mode: Option<u32>) -> Option<Creation> {
        let c = self.creds();
        let mut gid = c.fsgid();
        let mut mode = mode.map(|m| m & 0o7777);
        let mut inherit = false;
        if let Some(p) = self.parent_view(dirfd, path).filter(|p| p.mode & S_ISGID != 0) {
            gid = p.gid;
            inherit = dir;
        }
        let owner = ((c.fsuid(), gid) != (0, 0)).then_some((c.fsuid(), gid));
        let locked_out = mode.is_some_and(|m| m & owner_access(dir) != owner_access(dir));
        if inherit {
            mode = mode.map(|m| m | S_ISGID);
        }
        let mode = mode.filter(|_| locked_out || inherit).map(|m| m & !umask());
        (owner.is_some() || mode.is_some()).then_some(Creation { owner, mode })
    }

    /// The fake view of the directory `path` would be created in.
    fn parent_view(&self, dirfd: i32, path: &CStr) -> Option<View> {
        let mut p = path.to_bytes();
        while p.len() > 1 && p.ends_with(b"/") {
            p = &p[..p.len() - 1];
        }
        let parent = match p.iter().rposition(|&b| b == b'/') {
            Some(0) => c"/".to_owned(),
            Some(i) => std::ffi::CString::new(&p[..i]).ok()?,
            None => c".".to_owned(),
        };
        self.look(Target { dirfd, path: &parent, flags: 0 }).ok().map(|(_, _, v)| v)
    }

    /// Records what [`creation`](Self::creation) decided about the file `t` just made.
    pub fn created(&self, t: Target<'_>, what: Creation) -> Result<(), Errno> {
        let sx = statx(t, STATX_BASIC_STATS | STATX_BTIME)?;
        self.record(&sx, |mut e| {
            if let Some((uid, gid)) = what.owner {
                (e.flags, e.uid, e.gid) = (e.flags | HAS_OWNER, uid, gid);
            }
            if let Some(m) = what.mode {
                (e.flags, e.mode) = (e.flags | HAS_MODE, (e.mode & S_IFMT) | m);
            }
            e
        })
    }

    /// Marks fake device nodes as such in the `linux_dirent64` records getdents64 just
    /// wrote at guest `addr` (`len` bytes) for the directory `fd`: their placeholders are
    /// regular files, but `ls` and `find` take the type from here.
    pub fn adjust_dirents(&self, fd: i32, addr: u64, len: usize) -> Result<(), Errno> {
        let dev = statx(Target::fd(fd), STATX_BASIC_STATS)?.key.dev;
        let mut buf = vec![0u8; len];
        guest::read(addr, &mut buf)?;
        // (offset of d_type, key) of each regular file.
        const INO: Field = DIRENT64.member("d_ino");
        const RECLEN: Field = DIRENT64.member("d_reclen");
        const TYPE: Field = DIRENT64.member("d_type");
        let name_at = DIRENT64.member("d_name").offset;
        let mut regular = Vec::new();
        let mut off = 0;
        while off + name_at <= len {
            let r = Record::from_bytes(&buf[off..off + name_at], name_at);
            let reclen = r.get(RECLEN) as usize;
            const DT_REG: u64 = 8;
            if r.get(TYPE) == DT_REG {
                regular.push((off + TYPE.offset, Key { dev, ino: r.get(INO) }));
            }
            if reclen == 0 {
                break;
            }
            off += reclen;
        }
        let keys: Vec<Key> = regular.iter().map(|r| r.1).collect();
        for ((at, _), e) in regular.iter().zip(self.db.get_each(&keys).map_err(io_errno)?) {
            let dt = match e.filter(|e| e.flags & HAS_TYPE != 0).map(|e| e.mode & S_IFMT) {
                Some(libc::S_IFCHR) => 2,
                Some(libc::S_IFBLK) => 6,
                _ => continue,
            };
            guest::write(addr + *at as u64, &[dt])?;
        }
        Ok(())
    }
}

/// The permission bits the host user keeps on files a fake root makes or chmods: root's
/// access does not depend on them, the host user's does.
fn owner_access(dir: bool) -> u32 {
    if dir {
        0o700
    } else {
        0o600
    }
}

/// The mode to create a file with on the host for a fake root asking for `mode`.
pub fn host_creation_mode(dir: bool, mode: u32) -> u32 {
    mode | owner_access(dir)
}

fn umask() -> u32 {
    // SAFETY: integer arguments; the umask is read and put back at once.
    unsafe {
        let old = libc::umask(0);
        libc::umask(old);
        old
    }
}

#[cfg(test)]
mod tests;
