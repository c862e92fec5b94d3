//! `--rootfs DIR`: a foreign root file system used as the guest's `/`, without privileges.
//!
//! Every path the guest names is walked component by component in guest terms
//! ([`resolve`]): `/` is DIR, `..` at `/` stays at `/`, an absolute symlink target starts
//! again at DIR, and each step is then mapped to a host path. Host directories are
//! visible only through binds (`Bind`): a guest prefix (e.g. `/proc`) whose host side
//! is another host path, like a bind mount but without mounting anything. The host
//! calls then get an absolute host path in which no component is a symlink the host
//! would interpret on its own (except a last component the call itself must not follow).
//!
//! The reverse map ([`Rootfs::guest_of`]) turns a host path the kernel reports (the cwd,
//! `/proc/self/fd/N`) back into the guest path, so getcwd and the `/proc` magic links
//! show guest paths.
//!
//! A guest chroot replaces the process's `Rootfs` with [`Rootfs::chrooted`] (see
//! `Process::rootfs`); execve hands the current one on with [`Rootfs::as_options`].
//!
//! This is a convenience boundary, not a sandbox: a guest can still run host programs,
//! use file descriptors it inherited, and race the walk against its own renames.

pub mod resolve;

use crate::errno::Errno;
use resolve::{Resolved, Rules};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// A host path shown at a guest path, as a bind mount would.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bind {
    /// The host side, canonical (so the reverse map matches what the kernel reports).
    host: Vec<u8>,
    /// The guest side, as components.
    guest: Vec<Vec<u8>>,
}

/// The host directories a rootfs shows by default: live kernel state, devices (with
/// /dev/pts and /dev/shm inside /dev) and the host's resolver configuration, so network
/// names resolve as on the host.
const DEFAULT_BINDS: &[&str] = &["/proc", "/sys", "/dev", "/etc/resolv.conf"];

/// The name of the fake root's ownership store at the top of a rootfs (the default
/// `--root-id-db` under `--rootfs`). It is crossrun's, not the guest's: the walk makes it
/// (and the store's temporary files, `NAME.PID.tmp`) ENOENT.
pub const ID_STORE: &str = ".crossrun-ids";

/// Whether `name`, at the top of a rootfs, is the id store or one of its temporary files.
fn is_store_name(name: &[u8]) -> bool {
    name.strip_prefix(ID_STORE.as_bytes()).is_some_and(|rest| rest.is_empty() || (rest.starts_with(b".") && rest.ends_with(b".tmp")))
}

/// The guest's root: a host directory and the binds inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rootfs {
    /// The canonical host directory, without a trailing slash (so `/` is empty).
    root: Vec<u8>,
    binds: Vec<Bind>,
}

/// A path's components, without empty ones (`//` and a trailing `/` name nothing).
pub(crate) fn components(path: &[u8]) -> Vec<Vec<u8>> {
    path.split(|&b| b == b'/').filter(|c| !c.is_empty()).map(<[u8]>::to_vec).collect()
}

/// The absolute path made of `comps`.
pub(crate) fn join(comps: &[Vec<u8>]) -> Vec<u8> {
    if comps.is_empty() {
        return b"/".to_vec();
    }
    let mut out = Vec::new();
    for c in comps {
        out.push(b'/');
        out.extend_from_slice(c);
    }
    out
}

fn canonical(p: &Path) -> Result<Vec<u8>, String> {
    let c = std::fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display()))?;
    let mut b = c.as_os_str().as_bytes().to_vec();
    while b.last() == Some(&b'/') {
        b.pop();
    }
    Ok(b)
}

/// `rest` starts at a component boundary of `prefix` (a path without trailing slash).
fn strip_dir<'a>(path: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest[0] == b'/').then_some(rest)
}

impl Rootfs {
    /// `root` and the binds as (host, guest) pairs. Host sides must exist (binds are
    /// resolved as `mount --bind` resolves its source); guest sides must be absolute.
    pub fn new(root: &Path, binds: &[(PathBuf, PathBuf)]) -> Result<Rootfs, String> {
        if !root.is_dir() {
            return Err(format!("rootfs {}: not a directory", root.display()));
        }
        let root = canonical(root)?;
        let mut out = Vec::new();
        for (host, guest) in binds {
            let g = guest.as_os_str().as_bytes();
            if g.first() != Some(&b'/') {
                return Err(format!("bind {}: the guest path must be absolute", guest.display()));
            }
            let guest = components(g);
            if guest.iter().any(|c| c == b"." || c == b"..") {
                return Err(format!("bind {}: the guest path must not contain . or ..", g.escape_ascii()));
            }
            out.retain(|b: &Bind| b.guest != guest);
            out.push(Bind { host: canonical(host)?, guest });
        }
        // Like mount, a bind lands on its target as resolved when it is set up: a bind
        // at /var/run/x in a root where /var/run is a symlink to /run is at /run/x.
        let unresolved = Rootfs { root: root.clone(), binds: out.clone() };
        for b in &mut out {
            if let Ok(r) = resolve::resolve(&unresolved, b"/", &join(&b.guest), Rules::follow(true), b"/") {
                b.guest = components(&r.guest);
            }
        }
        Ok(Rootfs { root, binds: out })
    }

    /// The default binds whose host side exists.
    pub fn default_binds() -> Vec<(PathBuf, PathBuf)> {
        DEFAULT_BINDS.iter().map(PathBuf::from).filter(|p| p.exists()).map(|p| (p.clone(), p)).collect()
    }

    /// The host directory that is the guest's `/`.
    pub fn root(&self) -> &Path {
        Path::new(std::ffi::OsStr::from_bytes(if self.root.is_empty() { b"/" } else { &self.root }))
    }

    /// The bind that covers the guest path `comps` (the one with the longest guest side).
    fn bind_of(&self, comps: &[Vec<u8>]) -> Option<&Bind> {
        self.binds.iter().filter(|b| comps.starts_with(&b.guest)).max_by_key(|b| b.guest.len())
    }

    /// Whether the guest path `comps` is crossrun's own id store, which the guest must not
    /// see or change (see [`ID_STORE`]).
    pub fn is_hidden(&self, comps: &[Vec<u8>]) -> bool {
        comps.len() == 1 && is_store_name(&comps[0]) && self.bind_of(comps).is_none()
    }

    /// The host path of the guest path `comps` (no component of which is `.`, `..` or a
    /// symlink the caller has not resolved).
    pub fn host_of(&self, comps: &[Vec<u8>]) -> Vec<u8> {
        let (mut out, rest) = match self.bind_of(comps) {
            Some(b) => (b.host.clone(), &comps[b.guest.len()..]),
            None => (self.root.clone(), comps),
        };
        for c in rest {
            out.push(b'/');
            out.extend_from_slice(c);
        }
        if out.is_empty() {
            out.push(b'/');
        }
        out
    }

    /// Whether walking from `a` to `b` (guest paths) crosses from one bind (or the
    /// rootfs itself) into another: a mount point for RESOLVE_NO_XDEV.
    pub fn same_tree(&self, a: &[Vec<u8>], b: &[Vec<u8>]) -> bool {
        self.bind_of(a).map(|b| &b.guest) == self.bind_of(b).map(|b| &b.guest)
    }

    /// The guest path of an absolute host path, if the guest can see it: through the bind
    /// or the root that holds it most narrowly.
    pub fn guest_of(&self, host: &[u8]) -> Option<Vec<u8>> {
        let mut best: Option<(usize, Vec<u8>)> = None;
        for b in &self.binds {
            if let Some(rest) = strip_dir(host, &b.host) {
                if best.as_ref().map_or(true, |(n, _)| b.host.len() > *n) {
                    let mut g = components(&join(&b.guest));
                    g.extend(components(rest));
                    best = Some((b.host.len(), join(&g)));
                }
            }
        }
        if let Some(rest) = strip_dir(host, &self.root) {
            if best.as_ref().map_or(true, |(n, _)| self.root.len() > *n) {
                best = Some((self.root.len(), join(&components(rest))));
            }
        }
        best.map(|(_, g)| g)
    }

    /// The guest path of an open file descriptor, from the kernel's `/proc/self/fd/N`.
    pub fn guest_of_fd(&self, fd: i32) -> Result<Vec<u8>, Errno> {
        let host = std::fs::read_link(format!("/proc/self/fd/{fd}")).map_err(|_| Errno::EBADF)?;
        self.guest_of(host.as_os_str().as_bytes()).ok_or(Errno::ENOENT)
    }

    /// The guest path of the current directory (the process's host cwd, mapped back).
    pub fn guest_cwd(&self) -> Result<Vec<u8>, Errno> {
        let cwd = std::env::current_dir().map_err(|e| Errno(e.raw_os_error().unwrap_or(libc::ENOENT)))?;
        self.guest_of(cwd.as_os_str().as_bytes()).ok_or(Errno::ENOENT)
    }

    /// Walks the guest's `(dirfd, path)` (see [`resolve::resolve`]): a relative path
    /// starts at the guest's cwd or at the directory `dirfd` is open on.
    pub fn at(&self, dirfd: i32, path: &[u8], rules: Rules, exe: &[u8]) -> Result<Resolved, Errno> {
        let confined = rules.beneath || rules.in_root;
        let start = if path.first() == Some(&b'/') && !confined {
            b"/".to_vec()
        } else if dirfd == libc::AT_FDCWD {
            self.guest_cwd()?
        } else {
            self.guest_dir_of_fd(dirfd)?
        };
        resolve::resolve(self, &start, path, rules, exe)
    }

    /// The guest path of the directory `fd` is open on (EBADF, ENOTDIR as the kernel
    /// reports them for a bad dirfd).
    fn guest_dir_of_fd(&self, fd: i32) -> Result<Vec<u8>, Errno> {
        // SAFETY: a zeroed stat is a valid value to be overwritten.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: an integer fd and a stat buffer of the host's type.
        if unsafe { libc::fstat(fd, &mut st) } != 0 {
            return Err(Errno::last());
        }
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            return Err(Errno::ENOTDIR);
        }
        self.guest_of_fd(fd)
    }

    /// The root after a chroot to the guest directory `guest` (a resolved path): its
    /// host directory, with the binds inside it re-based and the others dropped.
    pub fn chrooted(&self, guest: &[u8]) -> Rootfs {
        let at = components(guest);
        let binds = self
            .binds
            .iter()
            .filter(|b| b.guest.len() > at.len() && b.guest.starts_with(&at))
            .map(|b| Bind { host: b.host.clone(), guest: b.guest[at.len()..].to_vec() })
            .collect();
        let mut root = self.host_of(&at);
        while root.last() == Some(&b'/') {
            root.pop();
        }
        Rootfs { root, binds }
    }

    /// Serialised as crossrun options (`--rootfs DIR --no-default-binds --bind H:G...`),
    /// for a program the guest execs: it gets exactly these binds.
    pub fn as_options(&self) -> Vec<std::ffi::OsString> {
        let mut out = vec!["--rootfs".into(), self.root().as_os_str().to_owned(), "--no-default-binds".into()];
        for b in &self.binds {
            let mut spec = b.host.clone();
            spec.push(b':');
            spec.extend(join(&b.guest));
            out.push("--bind".into());
            out.push(std::ffi::OsStr::from_bytes(&spec).to_owned());
        }
        out
    }
}

/// A guest path as a C string (guest paths come from C strings, so they hold no NUL).
pub(crate) fn cstring(b: Vec<u8>) -> CString {
    CString::new(b).expect("paths built from C strings hold no NUL")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_guest_paths_through_binds_and_back() {
        let root = tempfile::tempdir().unwrap();
        let host_dir = tempfile::tempdir().unwrap();
        let fs = Rootfs::new(root.path(), &[(host_dir.path().into(), "/mnt/data".into())]).unwrap();
        let r = std::fs::canonicalize(root.path()).unwrap();
        let h = std::fs::canonicalize(host_dir.path()).unwrap();
        let host = |g: &str| String::from_utf8(fs.host_of(&components(g.as_bytes()))).unwrap();
        assert_eq!(host("/etc/passwd"), format!("{}/etc/passwd", r.display()));
        assert_eq!(host("/"), r.display().to_string());
        assert_eq!(host("/mnt/data/x"), format!("{}/x", h.display()));
        assert_eq!(host("/mnt/database"), format!("{}/mnt/database", r.display()));
        let guest = |p: String| fs.guest_of(p.as_bytes()).map(|g| String::from_utf8(g).unwrap());
        assert_eq!(guest(format!("{}/usr/bin", r.display())), Some("/usr/bin".into()));
        assert_eq!(guest(format!("{}", r.display())), Some("/".into()));
        assert_eq!(guest(format!("{}/y", h.display())), Some("/mnt/data/y".into()));
        assert_eq!(guest(format!("{}x", r.display())), None);
        assert_eq!(guest("/".into()), None);
        assert!(!fs.same_tree(&components(b"/mnt"), &components(b"/mnt/data")));
        assert!(fs.same_tree(&components(b"/mnt/data/a"), &components(b"/mnt/data")));
        // Serialised options name the same binds.
        let opts = fs.as_options();
        assert_eq!(opts[3], "--bind");
        assert_eq!(opts[4], std::ffi::OsString::from(format!("{}:/mnt/data", h.display())));
        assert!(Rootfs::new(root.path(), &[(host_dir.path().into(), "rel".into())]).is_err());
        // A chroot keeps the binds inside the new root, re-based, and drops the others.
        let c = fs.chrooted(b"/mnt");
        assert_eq!(c.root(), r.join("mnt"));
        assert_eq!(String::from_utf8(c.host_of(&components(b"/data/x"))).unwrap(), format!("{}/x", h.display()));
        assert_eq!(fs.chrooted(b"/etc").binds, vec![]);
        assert_eq!(fs.chrooted(b"/mnt/data").root(), h);
        // A bind under a symlinked directory is placed at the resolved path.
        std::fs::create_dir_all(root.path().join("run")).unwrap();
        std::os::unix::fs::symlink("/run", root.path().join("var-run")).unwrap();
        let fs = Rootfs::new(root.path(), &[(host_dir.path().into(), "/var-run/x".into())]).unwrap();
        assert_eq!(fs.binds[0].guest, components(b"/run/x"));
    }
}
