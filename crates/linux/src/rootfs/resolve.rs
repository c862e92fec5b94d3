//! The path walk: what the kernel's `link_path_walk` does, in guest terms.
//!
//! The walk keeps the guest path reached so far as components. For each component of
//! the path: `.` stays, `..` drops one component (never above the walk's root), a name
//! is appended and looked up on the host with `lstat` (through [`Rootfs::host_of`]). A
//! symlink is replaced by its target, which starts again at the walk's root when it is
//! absolute; after 40 symlinks the walk fails with ELOOP, as Linux's does
//! (MAXSYMLINKS). A component that does not exist ends the walk with the host's errno,
//! unless it is the last one (it may be about to be created).
//!
//! `/proc/<pid>/{cwd,root,exe}` and `/proc/<pid>/fd/N` are "magic" links: the kernel
//! jumps to the object itself instead of reading a path. The walk reads the host link,
//! maps the host path back to the guest's ([`Rootfs::guest_of`]) and goes on from
//! there; `root` always leads to the guest's `/`, and `exe` of this process to the guest
//! program. A magic link to something without a path (a pipe, a socket, a file outside
//! the guest's view) can only be the last component: the host link itself is used, as
//! opening it reaches the object directly.
//!
//! openat2's RESOLVE_* restrictions are checked during the same walk, with the errors
//! Linux gives (openat2(2)): RESOLVE_BENEATH and RESOLVE_IN_ROOT make the starting
//! directory the walk's root (an escape is EXDEV for BENEATH, clamped for IN_ROOT) and
//! refuse magic links like RESOLVE_NO_MAGICLINKS (ELOOP); RESOLVE_NO_SYMLINKS refuses
//! every symlink (ELOOP); RESOLVE_NO_XDEV refuses crossing into another host file
//! system or another bind (EXDEV).

use super::{components, join, Rootfs};
use crate::errno::Errno;
use std::collections::VecDeque;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;

/// Linux's MAXSYMLINKS: symlinks followed in one walk.
pub const MAX_SYMLINKS: usize = 40;

/// How to walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// Follow a symlink in the last component (not for lstat, O_NOFOLLOW, creation...).
    pub follow_last: bool,
    /// The last component is a name to create or remove: a trailing slash does not make
    /// the walk follow it (the host call then sees the slash and decides).
    pub names_last: bool,
    pub beneath: bool,
    pub in_root: bool,
    pub no_symlinks: bool,
    pub no_magiclinks: bool,
    pub no_xdev: bool,
}

impl Rules {
    pub fn follow(follow_last: bool) -> Rules {
        Rules { follow_last, ..Rules::default() }
    }
}

/// Where a walk ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The guest path reached (a magic link's own path when it was used as it is).
    pub guest: Vec<u8>,
    /// What to hand to the host call.
    pub host: CString,
}

/// What a magic link leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Magic {
    /// A guest path.
    Guest(Vec<u8>),
    /// Something the guest cannot name (`pipe:[123]`, a file outside its view): the raw
    /// host link text.
    Opaque(Vec<u8>),
}

/// Whether the guest path `comps` is a `/proc` magic link (`/proc/P/{cwd,root,exe}`,
/// `/proc/P/fd/N`, and the same under `/proc/P/task/T/`), and whose: the pid part.
fn magic_link(comps: &[Vec<u8>]) -> Option<&[u8]> {
    if comps.first().map(Vec::as_slice) != Some(b"proc") || comps.len() < 3 {
        return None;
    }
    let tail = match comps.get(2).map(Vec::as_slice) {
        Some(b"task") if comps.len() >= 5 => &comps[4..],
        _ => &comps[2..],
    };
    let is = match tail {
        [name] => matches!(name.as_slice(), b"cwd" | b"root" | b"exe"),
        [fd, n] => fd == b"fd" && n.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    is.then_some(comps[1].as_slice())
}

/// Whether `who` (a `/proc` directory name) is this process.
fn is_self(who: &[u8]) -> bool {
    who == b"self" || who == b"thread-self" || who == crate::host::getpid().to_string().as_bytes()
}

fn errno_of(e: &std::io::Error) -> Errno {
    Errno(e.raw_os_error().unwrap_or(libc::EIO))
}

/// What the magic link at guest path `comps` leads to. `exe` is the guest program's
/// path, for this process's `exe`.
pub fn magic_target(fs: &Rootfs, comps: &[Vec<u8>], exe: &[u8]) -> Result<Option<Magic>, Errno> {
    let Some(who) = magic_link(comps) else { return Ok(None) };
    let name = comps.last().expect("magic links have components");
    if name == b"root" {
        // The guest's root, whatever the host says: /proc/self/root must not lead out.
        return Ok(Some(Magic::Guest(b"/".to_vec())));
    }
    if name == b"exe" && is_self(who) {
        return Ok(Some(Magic::Guest(exe.to_vec())));
    }
    let host = CString::new(fs.host_of(comps)).map_err(|_| Errno::ENOENT)?;
    let target = std::fs::read_link(std::ffi::OsStr::from_bytes(host.as_bytes())).map_err(|e| errno_of(&e))?;
    let target = target.as_os_str().as_bytes();
    Ok(Some(match target.first() == Some(&b'/') {
        true => match fs.guest_of(target) {
            Some(g) => Magic::Guest(g),
            None => Magic::Opaque(target.to_vec()),
        },
        false => Magic::Opaque(target.to_vec()),
    }))
}

fn lstat(host: &[u8]) -> Result<libc::stat, Errno> {
    let c = CString::new(host).map_err(|_| Errno::ENOENT)?;
    // SAFETY: a zeroed stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: a valid C string and a stat buffer of the host's type.
    if unsafe { libc::lstat(c.as_ptr(), &mut st) } != 0 {
        return Err(Errno::last());
    }
    Ok(st)
}

fn is(st: &libc::stat, kind: libc::mode_t) -> bool {
    st.st_mode & libc::S_IFMT == kind
}

/// Walks the guest `path` starting at the guest directory `start` (for a relative path,
/// and as the root for RESOLVE_BENEATH/IN_ROOT). `exe` is the guest program's path.
pub fn resolve(fs: &Rootfs, start: &[u8], path: &[u8], rules: Rules, exe: &[u8]) -> Result<Resolved, Errno> {
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    let start = components(start);
    let confined = rules.beneath || rules.in_root;
    let root = if rules.in_root { start.clone() } else { Vec::new() };
    let floor = if confined { start.len() } else { 0 };
    let no_magic = rules.no_magiclinks || rules.no_symlinks || confined;
    let mut cur = if path[0] == b'/' {
        if rules.beneath {
            return Err(Errno::EXDEV);
        }
        root.clone()
    } else {
        start
    };
    let mut todo: VecDeque<Vec<u8>> = components(path).into();
    // A trailing slash (or a last `.`/`..`) asks for a directory and follows a final
    // symlink; `.`/`..` are kept so the host call sees "the directory itself" (rmdir of
    // "x/." is EINVAL there too, not a removal of x).
    let last = components(path).pop();
    let dir_suffix: &[u8] = match last.as_deref() {
        Some(b".") | Some(b"..") => b"/.",
        _ if path.ends_with(b"/") => b"/",
        _ => b"",
    };
    let follow_last = rules.follow_last || (!dir_suffix.is_empty() && !rules.names_last);
    let xdev_base = |cur: &[Vec<u8>]| lstat(&fs.host_of(cur)).map(|st| st.st_dev);
    let dev = if rules.no_xdev { Some(xdev_base(&cur)?) } else { None };
    let mut hops = 0;
    while let Some(c) = todo.pop_front() {
        let is_last = todo.is_empty();
        if c == b"." {
            continue;
        }
        if c == b".." {
            if cur.len() > floor {
                let before = cur.pop().map(|c| [cur.as_slice(), &[c]].concat());
                if rules.no_xdev && (before.is_some_and(|b| !fs.same_tree(&b, &cur)) || Some(xdev_base(&cur)?) != dev) {
                    return Err(Errno::EXDEV);
                }
            } else if rules.beneath {
                return Err(Errno::EXDEV);
            }
            continue;
        }
        cur.push(c);
        if fs.is_hidden(&cur) {
            return Err(Errno::ENOENT);
        }
        if is_last && !follow_last {
            break;
        }
        let host = fs.host_of(&cur);
        let st = match lstat(&host) {
            Ok(st) => st,
            Err(_) if is_last => break,
            Err(e) => return Err(e),
        };
        if is(&st, libc::S_IFLNK) {
            if rules.no_symlinks {
                return Err(Errno::ELOOP);
            }
            hops += 1;
            if hops > MAX_SYMLINKS {
                return Err(Errno::ELOOP);
            }
            let target = match magic_target(fs, &cur, exe)? {
                Some(_) if no_magic => return Err(Errno::ELOOP),
                Some(Magic::Guest(g)) => g,
                Some(Magic::Opaque(_)) if is_last => {
                    let host = super::cstring(host);
                    return Ok(Resolved { guest: join(&cur), host });
                }
                Some(Magic::Opaque(_)) => return Err(Errno::ENOTDIR),
                None => {
                    let t = std::fs::read_link(std::ffi::OsStr::from_bytes(&host)).map_err(|e| errno_of(&e))?;
                    t.as_os_str().as_bytes().to_vec()
                }
            };
            if target.is_empty() {
                return Err(Errno::ENOENT);
            }
            cur.pop();
            if target[0] == b'/' {
                if rules.beneath {
                    return Err(Errno::EXDEV);
                }
                cur = root.clone();
            }
            for t in components(&target).into_iter().rev() {
                todo.push_front(t);
            }
            continue;
        }
        if rules.no_xdev {
            let parent = &cur[..cur.len() - 1];
            if !fs.same_tree(parent, &cur) || Some(st.st_dev) != dev {
                return Err(Errno::EXDEV);
            }
        }
        if !is_last && !is(&st, libc::S_IFDIR) {
            return Err(Errno::ENOTDIR);
        }
    }
    let mut host = fs.host_of(&cur);
    host.extend_from_slice(dir_suffix);
    Ok(Resolved { guest: join(&cur), host: super::cstring(host) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::path::Path;

    struct Tree {
        _dir: tempfile::TempDir,
        _outside: tempfile::TempDir,
        root: String,
        outside: String,
        fs: Rootfs,
    }

    /// DIR with etc/, usr/bin/, a bind of another host directory at /mnt/host, and the
    /// host's /proc at /proc.
    fn tree() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let r = std::fs::canonicalize(dir.path()).unwrap();
        let o = std::fs::canonicalize(outside.path()).unwrap();
        std::fs::create_dir_all(r.join("etc")).unwrap();
        std::fs::create_dir_all(r.join("usr/bin")).unwrap();
        std::fs::create_dir_all(r.join("mnt")).unwrap();
        std::fs::write(r.join("etc/host-only-file"), b"guest").unwrap();
        std::fs::write(o.join("inside-bind"), b"b").unwrap();
        let fs = Rootfs::new(&r, &[(o.clone(), "/mnt/host".into()), ("/proc".into(), "/proc".into())]).unwrap();
        let s = |p: &Path| p.to_str().unwrap().to_string();
        Tree { root: s(&r), outside: s(&o), fs, _dir: dir, _outside: outside }
    }

    fn walk(t: &Tree, start: &str, path: &str, rules: Rules) -> Result<(String, String), Errno> {
        resolve(&t.fs, start.as_bytes(), path.as_bytes(), rules, b"/usr/bin/prog").map(|r| {
            (String::from_utf8(r.guest).unwrap(), String::from_utf8(r.host.into_bytes()).unwrap())
        })
    }

    const FOLLOW: Rules = Rules { follow_last: true, ..NOFOLLOW };
    const NOFOLLOW: Rules =
        Rules { follow_last: false, names_last: false, beneath: false, in_root: false, no_symlinks: false, no_magiclinks: false, no_xdev: false };

    #[test]
    fn dotdot_and_absolute_symlinks_stay_inside() {
        let t = tree();
        let r = &t.root;
        assert_eq!(walk(&t, "/", "/../../etc/./host-only-file", FOLLOW), Ok(("/etc/host-only-file".into(), format!("{r}/etc/host-only-file"))));
        assert_eq!(walk(&t, "/usr/bin", "../../../../etc", FOLLOW), Ok(("/etc".into(), format!("{r}/etc"))));
        symlink("/etc/host-only-file", format!("{r}/usr/bin/abs")).unwrap();
        assert_eq!(walk(&t, "/usr", "bin/abs", FOLLOW).unwrap().1, format!("{r}/etc/host-only-file"));
        // Not followed: the link itself; a trailing slash follows it, unless the call
        // names it (rmdir, unlink, mkdir: the host sees the slash).
        assert_eq!(walk(&t, "/usr", "bin/abs", NOFOLLOW).unwrap().1, format!("{r}/usr/bin/abs"));
        symlink("/etc", format!("{r}/usr/bin/etc")).unwrap();
        assert_eq!(walk(&t, "/usr", "bin/etc/", NOFOLLOW).unwrap().1, format!("{r}/etc/"));
        let names = Rules { names_last: true, ..NOFOLLOW };
        assert_eq!(walk(&t, "/usr", "bin/etc/", names).unwrap().1, format!("{r}/usr/bin/etc/"));
        symlink("../../../../../etc", format!("{r}/usr/bin/rel")).unwrap();
        assert_eq!(walk(&t, "/", "/usr/bin/rel/host-only-file", FOLLOW).unwrap().0, "/etc/host-only-file");
        // `..` from inside a bind goes to the guest parent, not the host one.
        assert_eq!(walk(&t, "/mnt/host", "..", FOLLOW), Ok(("/mnt".into(), format!("{r}/mnt/."))));
        assert_eq!(walk(&t, "/", "/mnt/host/inside-bind", FOLLOW).unwrap().1, format!("{}/inside-bind", t.outside));
        // A missing last component may be created; a missing directory is ENOENT; a file
        // used as a directory is ENOTDIR.
        assert_eq!(walk(&t, "/", "/etc/new", FOLLOW).unwrap().1, format!("{r}/etc/new"));
        assert_eq!(walk(&t, "/", "/nope/new", FOLLOW), Err(Errno::ENOENT));
        assert_eq!(walk(&t, "/", "/etc/host-only-file/x", FOLLOW), Err(Errno::ENOTDIR));
        assert_eq!(walk(&t, "/", "", FOLLOW), Err(Errno::ENOENT));
    }

    #[test]
    fn the_id_store_at_the_top_is_not_the_guests() {
        let t = tree();
        let r = &t.root;
        std::fs::write(format!("{r}/.crossrun-ids"), b"").unwrap();
        std::fs::write(format!("{r}/etc/.crossrun-ids"), b"").unwrap();
        for path in ["/.crossrun-ids", "/etc/../.crossrun-ids", ".crossrun-ids", "/.crossrun-ids.77.tmp", "/.crossrun-ids/x"] {
            assert_eq!(walk(&t, "/", path, FOLLOW), Err(Errno::ENOENT), "{path}");
            assert_eq!(walk(&t, "/", path, Rules { names_last: true, ..NOFOLLOW }), Err(Errno::ENOENT), "{path}");
        }
        // A symlink to it leads nowhere either.
        symlink("/.crossrun-ids", format!("{r}/etc/to-store")).unwrap();
        assert_eq!(walk(&t, "/", "/etc/to-store", FOLLOW), Err(Errno::ENOENT));
        // Only the top-level name is crossrun's.
        assert_eq!(walk(&t, "/", "/etc/.crossrun-ids", FOLLOW).unwrap().1, format!("{r}/etc/.crossrun-ids"));
        assert_eq!(walk(&t, "/", "/.crossrun-ids-not", FOLLOW).unwrap().1, format!("{r}/.crossrun-ids-not"));
    }

    #[test]
    fn symlink_loops_and_chains() {
        let t = tree();
        let r = &t.root;
        symlink("b", format!("{r}/a")).unwrap();
        symlink("a", format!("{r}/b")).unwrap();
        assert_eq!(walk(&t, "/", "/a", FOLLOW), Err(Errno::ELOOP));
        // Not following the last one is fine.
        assert_eq!(walk(&t, "/", "/a", Rules::follow(false)).unwrap().0, "/a");
        // A chain of exactly 40 links resolves; 41 is ELOOP.
        for i in 0..41 {
            symlink(if i == 0 { "/etc".to_string() } else { format!("l{}", i - 1) }, format!("{r}/l{i}")).unwrap();
        }
        assert_eq!(walk(&t, "/", "/l39", FOLLOW).unwrap().0, "/etc");
        assert_eq!(walk(&t, "/", "/l40", FOLLOW), Err(Errno::ELOOP));
    }

    #[test]
    fn proc_magic_links_show_guest_paths() {
        let t = tree();
        assert_eq!(walk(&t, "/", "/proc/self/root/etc", FOLLOW).unwrap().0, "/etc");
        assert_eq!(walk(&t, "/", "/proc/self/root/..", FOLLOW).unwrap().0, "/");
        assert_eq!(walk(&t, "/", "/proc/self/exe", FOLLOW), Ok(("/usr/bin/prog".into(), format!("{}/usr/bin/prog", t.root))));
        let pid = std::process::id().to_string();
        let me = Rootfs::new(Path::new(&t.root), &[("/proc".into(), "/proc".into())]).unwrap();
        assert_eq!(magic_target(&me, &components(format!("/proc/{pid}/root").as_bytes()), b"/x"), Ok(Some(Magic::Guest(b"/".to_vec()))));
        // A directory fd inside the root: its link maps back, and `..` walks from there.
        let d = std::fs::File::open(format!("{}/usr/bin", t.root)).unwrap();
        use std::os::fd::AsRawFd;
        let fd = d.as_raw_fd();
        assert_eq!(walk(&t, "/", &format!("/proc/self/fd/{fd}/.."), FOLLOW).unwrap().0, "/usr");
        assert_eq!(magic_target(&t.fs, &components(format!("/proc/self/fd/{fd}").as_bytes()), b"/x"), Ok(Some(Magic::Guest(b"/usr/bin".to_vec()))));
        // A socket has no path: usable as the last component only.
        let (sock, _other) = std::os::unix::net::UnixStream::pair().unwrap();
        let p = format!("/proc/self/fd/{}", sock.as_raw_fd());
        assert_eq!(walk(&t, "/", &p, FOLLOW).unwrap().1, format!("/proc/{}/fd/{}", std::process::id(), sock.as_raw_fd()));
        assert_eq!(walk(&t, "/", &format!("{p}/x"), FOLLOW), Err(Errno::ENOTDIR));
    }

    #[test]
    fn openat2_resolve_restrictions() {
        let t = tree();
        let r = &t.root;
        symlink("/etc", format!("{r}/usr/abs")).unwrap();
        symlink("bin", format!("{r}/usr/rel")).unwrap();
        let beneath = Rules { beneath: true, ..FOLLOW };
        assert_eq!(walk(&t, "/usr", "bin", beneath).unwrap().0, "/usr/bin");
        assert_eq!(walk(&t, "/usr", "bin/..", beneath).unwrap().0, "/usr");
        assert_eq!(walk(&t, "/usr", "..", beneath), Err(Errno::EXDEV));
        assert_eq!(walk(&t, "/usr", "/etc", beneath), Err(Errno::EXDEV));
        assert_eq!(walk(&t, "/usr", "abs", beneath), Err(Errno::EXDEV));
        assert_eq!(walk(&t, "/usr", "rel", beneath).unwrap().0, "/usr/bin");
        let in_root = Rules { in_root: true, ..FOLLOW };
        assert_eq!(walk(&t, "/usr", "../../bin", in_root).unwrap().0, "/usr/bin");
        assert_eq!(walk(&t, "/usr", "/bin", in_root).unwrap().0, "/usr/bin");
        // /etc inside the new root (/usr) does not exist: the last component is missing.
        assert_eq!(walk(&t, "/usr", "abs", in_root).unwrap().0, "/usr/etc");
        assert_eq!(walk(&t, "/", "/proc/self/root", in_root), Err(Errno::ELOOP));
        let no_sym = Rules { no_symlinks: true, ..FOLLOW };
        assert_eq!(walk(&t, "/usr", "rel", no_sym), Err(Errno::ELOOP));
        let no_magic = Rules { no_magiclinks: true, ..FOLLOW };
        assert_eq!(walk(&t, "/", "/proc/self/cwd", no_magic), Err(Errno::ELOOP));
        assert_eq!(walk(&t, "/", "/usr/rel", no_magic).unwrap().0, "/usr/bin");
        let no_xdev = Rules { no_xdev: true, ..FOLLOW };
        assert_eq!(walk(&t, "/", "/mnt/host/inside-bind", no_xdev), Err(Errno::EXDEV));
        assert_eq!(walk(&t, "/mnt/host", "..", no_xdev), Err(Errno::EXDEV));
        assert_eq!(walk(&t, "/", "/usr/bin", no_xdev).unwrap().0, "/usr/bin");
    }
}
