//! The fake root through the system call handlers, as a guest sees it.

use super::db::{Db, Key};
use super::{Creds, RootId};
use crate::testutil::{cstr, Guest};
use crate::ProcessConfig;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;

const AT_FDCWD: u64 = (-100i64) as u64;

fn fake_guest(db: &Path) -> Guest {
    let root_id = RootId { db: Arc::new(Db::open(db).unwrap()), creds: Creds::root() };
    Guest::with_config(ProcessConfig { exe_path: "/guest/bin/prog".into(), root_id: Some(root_id), ..Default::default() })
}

/// (uid, gid, mode, rdev) from the guest's newfstatat.
fn stat(g: &mut Guest, path: &Path, flags: u64) -> (u32, u32, u32, u64) {
    let c = cstr(path.to_str().unwrap());
    let mut buf = [0u8; 128];
    assert_eq!(g.call("newfstatat", &[AT_FDCWD, c.as_ptr() as u64, buf.as_mut_ptr() as u64, flags]), 0);
    let u32_at = |o: usize| u32::from_le_bytes(buf[o..o + 4].try_into().unwrap());
    (u32_at(24), u32_at(28), u32_at(16), u64::from_le_bytes(buf[32..40].try_into().unwrap()))
}

/// (uid, gid, mode, rdev major, rdev minor) from the guest's statx.
fn statx(g: &mut Guest, path: &Path) -> (u32, u32, u32, u32, u32) {
    let c = cstr(path.to_str().unwrap());
    let mut b = [0u8; 256];
    assert_eq!(g.call("statx", &[AT_FDCWD, c.as_ptr() as u64, 0, 0xfff, b.as_mut_ptr() as u64]), 0);
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
    (u32_at(0x14), u32_at(0x18), u32_at(0x1c) & 0xffff, u32_at(0x80), u32_at(0x84))
}

#[test]
fn identity_starts_as_root_and_follows_set_calls() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = fake_guest(&dir.path().join("ids"));
    for nr in ["getuid", "geteuid", "getgid", "getegid"] {
        assert_eq!(g.call(nr, &[]), 0, "{nr:?}");
    }
    let mut groups = [u32::MAX; 4];
    assert_eq!(g.call("getgroups", &[0, 0]), 1);
    assert_eq!(g.call("getgroups", &[4, groups.as_mut_ptr() as u64]), 1);
    assert_eq!(groups[0], 0);
    // Full capabilities while root (version 3: two data records).
    let mut hdr = [0x2008_0522u32, 0];
    let mut data = [0u32; 6];
    assert_eq!(g.call("capget", &[hdr.as_mut_ptr() as u64, data.as_mut_ptr() as u64]), 0);
    assert_eq!(data, [u32::MAX, u32::MAX, 0, 0x1ff, 0x1ff, 0]);
    assert_eq!(g.call("capset", &[hdr.as_ptr() as u64, [0u32; 6].as_ptr() as u64]), 0);
    assert_eq!(g.call("setgroups", &[0, 0]), 0);
    assert_eq!(g.call("getgroups", &[0, 0]), 0);
    // apt's privilege drop: groups, gid, then uid.
    let new_groups = [65534u32, 42];
    assert_eq!(g.call("setgroups", &[2, new_groups.as_ptr() as u64]), 0);
    assert_eq!(g.call("setresgid", &[65534, 65534, 65534]), 0);
    assert_eq!(g.call("setresuid", &[100, 100, 100]), 0);
    assert_eq!(g.call("getuid", &[]), 100);
    assert_eq!(g.call("getegid", &[]), 65534);
    assert_eq!(g.call("getgroups", &[4, groups.as_mut_ptr() as u64]), 2);
    assert_eq!(groups[..2], new_groups);
    assert_eq!(g.call("getgroups", &[1, groups.as_mut_ptr() as u64]), -(libc::EINVAL as i64));
    // Root is gone for good.
    assert_eq!(g.call("setuid", &[0]), -(libc::EPERM as i64));
    assert_eq!(g.call("setgroups", &[0, 0]), -(libc::EPERM as i64));
    assert_eq!(g.call("capget", &[hdr.as_mut_ptr() as u64, data.as_mut_ptr() as u64]), 0);
    assert_eq!(data, [0; 6]);
    let mut ids = [u32::MAX; 3];
    assert_eq!(g.call("getresuid", &[ids.as_mut_ptr() as u64, ids[1..].as_mut_ptr() as u64, ids[2..].as_mut_ptr() as u64]), 0);
    assert_eq!(ids, [100; 3]);
    // What an execve passes on: the same ids, except for set-id programs.
    let prog = dir.path().join("prog");
    std::fs::write(&prog, b"").unwrap();
    let p = cstr(prog.to_str().unwrap());
    let f = g.process.fakeroot().unwrap();
    assert_eq!(f.reexec_args(&p), ["--root-id-creds", "100,100,100,100:65534,65534,65534,65534:65534,42"]);
    let mut root = fake_guest(&dir.path().join("ids"));
    assert_eq!(root.call("fchmodat", &[AT_FDCWD, p.as_ptr() as u64, 0o6755]), 0);
    assert_eq!(f.reexec_args(&p), ["--root-id-creds", "100,0,0,0:65534,0,0,0:65534,42"]);
    assert_eq!(root.call("fchownat", &[AT_FDCWD, p.as_ptr() as u64, 7, 8, 0]), 0);
    assert_eq!(root.call("fchmodat", &[AT_FDCWD, p.as_ptr() as u64, 0o4750]), 0);
    assert_eq!(f.reexec_args(&p), ["--root-id-creds", "100,7,7,7:65534,65534,65534,65534:65534,42"]);
}

#[test]
fn ownership_modes_and_devices_are_remembered_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ids");
    let mut g = fake_guest(&db);
    let f = dir.path().join("f");
    std::fs::write(&f, b"x").unwrap();
    std::fs::set_permissions(&f, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    // A file of the host user's that nobody chowned is root's.
    assert_eq!(stat(&mut g, &f, 0), (0, 0, libc::S_IFREG | 0o644, 0));
    let c = cstr(f.to_str().unwrap());
    assert_eq!(g.call("fchownat", &[AT_FDCWD, c.as_ptr() as u64, 1234, 5678, 0]), 0);
    assert_eq!(g.call("fchmodat", &[AT_FDCWD, c.as_ptr() as u64, 0o4755]), 0);
    assert_eq!(stat(&mut g, &f, 0), (1234, 5678, libc::S_IFREG | 0o4755, 0));
    // The host file got no set-user-ID bit; its owner is untouched.
    let md = std::fs::metadata(&f).unwrap();
    assert_eq!((md.mode() & 0o7777, md.uid()), (0o755, unsafe_geteuid()));
    // fchown of an fd: -1 keeps the uid; a chown clears set-user-ID, as Linux does.
    let fd = g.openat_path(&f, 0, 0);
    assert_eq!(g.call("fchown", &[fd as u64, u32::MAX as u64, 42]), 0);
    let mut buf = [0u8; 128];
    assert_eq!(g.call("fstat", &[fd as u64, buf.as_mut_ptr() as u64]), 0);
    assert_eq!(u32::from_le_bytes(buf[24..28].try_into().unwrap()), 1234);
    assert_eq!(u32::from_le_bytes(buf[28..32].try_into().unwrap()), 42);
    assert_eq!(u32::from_le_bytes(buf[16..20].try_into().unwrap()), libc::S_IFREG | 0o755);
    g.close(fd as i32);
    // Even with both ids -1 (Linux clears it there too).
    assert_eq!(g.call("fchmodat", &[AT_FDCWD, c.as_ptr() as u64, 0o4755]), 0);
    assert_eq!(g.call("fchownat", &[AT_FDCWD, c.as_ptr() as u64, u32::MAX as u64, u32::MAX as u64, 0]), 0);
    assert_eq!(stat(&mut g, &f, 0), (1234, 42, libc::S_IFREG | 0o755, 0));
    // A character device: an empty regular file on the host.
    let dev = dir.path().join("null");
    let d = cstr(dev.to_str().unwrap());
    let old_umask = g.call("umask", &[0o022]);
    // makedev(1, 3) in mknod's encoding.
    assert_eq!(g.call("mknodat", &[AT_FDCWD, d.as_ptr() as u64, (libc::S_IFCHR | 0o666) as u64, 0x103]), 0);
    g.call("umask", &[old_umask as u64]);
    assert_eq!(stat(&mut g, &dev, 0), (0, 0, libc::S_IFCHR | 0o644, 0x103));
    assert_eq!(statx(&mut g, &dev), (0, 0, libc::S_IFCHR | 0o644, 1, 3));
    assert!(std::fs::metadata(&dev).unwrap().is_file());
    assert_eq!(g.call("mknodat", &[AT_FDCWD, d.as_ptr() as u64, libc::S_IFBLK as u64, 0]), -(libc::EEXIST as i64));
    // Another process of the session sees the same.
    let mut other = fake_guest(&db);
    assert_eq!(stat(&mut other, &f, 0), (1234, 42, libc::S_IFREG | 0o755, 0));
    assert_eq!(statx(&mut other, &f), (1234, 42, libc::S_IFREG | 0o755, 0, 0));
    assert_eq!(stat(&mut other, &dev, 0), (0, 0, libc::S_IFCHR | 0o644, 0x103));
    // A symlink's own owner (lchown) is not its target's.
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&f, &link).unwrap();
    let l = cstr(link.to_str().unwrap());
    assert_eq!(g.call("fchownat", &[AT_FDCWD, l.as_ptr() as u64, 7, 8, 0x100]), 0);
    assert_eq!(stat(&mut g, &link, 0x100).0, 7);
    assert_eq!(stat(&mut g, &link, 0).0, 1234);
    // Unlinking the last link forgets the entry, renaming over a file too.
    let key = |p: &Path| {
        let md = std::fs::symlink_metadata(p).unwrap();
        Key { dev: md.dev(), ino: md.ino() }
    };
    let store = Db::open(&db).unwrap();
    let dev_key = key(&dev);
    assert!(store.get(dev_key).unwrap().is_some());
    assert_eq!(g.call("unlinkat", &[AT_FDCWD, d.as_ptr() as u64, 0]), 0);
    assert_eq!(store.get(dev_key).unwrap(), None);
    let f_key = key(&f);
    assert_eq!(g.call("renameat", &[AT_FDCWD, l.as_ptr() as u64, AT_FDCWD, c.as_ptr() as u64]), 0);
    assert_eq!(store.get(f_key).unwrap(), None);
}

#[test]
fn files_created_after_dropping_root_belong_to_the_new_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = fake_guest(&dir.path().join("ids"));
    assert_eq!(g.call("setresgid", &[u32::MAX as u64, 300, u32::MAX as u64]), 0);
    assert_eq!(g.call("setresuid", &[u32::MAX as u64, 200, u32::MAX as u64]), 0);
    let f = dir.path().join("new");
    let fd = g.openat_path(&f, 0o100 | 1, 0o600);
    g.close(fd as i32);
    let sub = dir.path().join("sub");
    let s = cstr(sub.to_str().unwrap());
    assert_eq!(g.call("mkdirat", &[AT_FDCWD, s.as_ptr() as u64, 0o755]), 0);
    assert_eq!(stat(&mut g, &f, 0).0, 200);
    assert_eq!(stat(&mut g, &sub, 0).1, 300);
    // Not root any more: giving a file away is refused, and so is chmod of root's file.
    let c = cstr(f.to_str().unwrap());
    assert_eq!(g.call("fchownat", &[AT_FDCWD, c.as_ptr() as u64, 0, u32::MAX as u64, 0]), -(libc::EPERM as i64));
    let root_file = dir.path().join("ids");
    let r = cstr(root_file.to_str().unwrap());
    assert_eq!(g.call("fchmodat", &[AT_FDCWD, r.as_ptr() as u64, 0o777]), -(libc::EPERM as i64));
    // Back to root through the saved uid; opening an existing file records nothing new.
    assert_eq!(g.call("setresuid", &[u32::MAX as u64, 0, u32::MAX as u64]), 0);
    assert_eq!(g.call("fchownat", &[AT_FDCWD, c.as_ptr() as u64, 0, 0, 0]), 0);
    assert_eq!(stat(&mut g, &f, 0).0, 0);
}

fn unsafe_geteuid() -> u32 {
    // SAFETY: no arguments.
    unsafe { libc::geteuid() }
}

/// (name, d_type) of each entry getdents64 lists for `dir`, sorted.
fn list(g: &mut Guest, dir: &Path) -> Vec<(String, u8)> {
    let fd = g.openat_path(dir, 0o40000, 0);
    let mut buf = vec![0u8; 4096];
    let n = g.call("getdents64", &[fd as u64, buf.as_mut_ptr() as u64, 4096]) as usize;
    g.close(fd as i32);
    let mut out = Vec::new();
    let mut off = 0;
    while off < n {
        let reclen = u16::from_le_bytes([buf[off + 16], buf[off + 17]]) as usize;
        let name = &buf[off + 19..off + reclen];
        let name = String::from_utf8(name[..name.iter().position(|&b| b == 0).unwrap()].to_vec()).unwrap();
        out.push((name, buf[off + 18]));
        off += reclen;
    }
    out.sort();
    out
}

#[test]
fn modes_that_would_lock_the_host_user_out_are_kept_for_the_guest_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = fake_guest(&dir.path().join("ids"));
    let old_umask = g.call("umask", &[0o022]);
    // dpkg makes directories and files with mode 0 and sets the mode later.
    let sub = dir.path().join("sub");
    let s = cstr(sub.to_str().unwrap());
    assert_eq!(g.call("mkdirat", &[AT_FDCWD, s.as_ptr() as u64, 0]), 0);
    let f = sub.join("f");
    let fd = g.openat_path(&f, 0o100 | 0o200 | 1, 0);
    assert!(fd >= 0, "a file can be made in it: {fd}");
    g.close(fd as i32);
    let d = cstr(sub.join("tty").to_str().unwrap());
    assert_eq!(g.call("mknodat", &[AT_FDCWD, d.as_ptr() as u64, (libc::S_IFCHR | 0o620) as u64, 0x500]), 0);
    g.call("umask", &[old_umask as u64]);
    assert_eq!(stat(&mut g, &sub, 0).2, libc::S_IFDIR);
    assert_eq!(stat(&mut g, &f, 0).2, libc::S_IFREG);
    assert_eq!(std::fs::metadata(&sub).unwrap().mode() & 0o777, 0o700);
    assert_eq!(std::fs::metadata(&f).unwrap().mode() & 0o777, 0o600);
    // The device node's placeholder is listed as a device.
    assert_eq!(list(&mut g, &sub), [(".".into(), 4), ("..".into(), 4), ("f".into(), 8), ("tty".into(), 2)]);
    // A mode with the owner's access is the host's as it is: nothing recorded.
    let plain = dir.path().join("plain");
    let fd = g.openat_path(&plain, 0o100 | 1, 0o640);
    g.close(fd as i32);
    let md = std::fs::metadata(&plain).unwrap();
    assert_eq!(Db::open(&dir.path().join("ids")).unwrap().get(Key { dev: md.dev(), ino: md.ino() }).unwrap(), None);
}

#[test]
fn set_group_id_directories_pass_their_group_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = fake_guest(&dir.path().join("ids"));
    let old_umask = g.call("umask", &[0o022]);
    let local = dir.path().join("local");
    let l = cstr(local.to_str().unwrap());
    assert_eq!(g.call("mkdirat", &[AT_FDCWD, l.as_ptr() as u64, 0o755]), 0);
    assert_eq!(g.call("fchownat", &[AT_FDCWD, l.as_ptr() as u64, 0, 50, 0]), 0);
    assert_eq!(g.call("fchmodat", &[AT_FDCWD, l.as_ptr() as u64, 0o2775]), 0);
    let sub = local.join("sub/");
    let s = cstr(sub.to_str().unwrap());
    assert_eq!(g.call("mkdirat", &[AT_FDCWD, s.as_ptr() as u64, 0o777]), 0);
    let fd = g.openat_path(&local.join("f"), 0o100 | 1, 0o666);
    g.close(fd as i32);
    g.call("umask", &[old_umask as u64]);
    assert_eq!(stat(&mut g, &local.join("sub"), 0), (0, 50, libc::S_IFDIR | 0o2755, 0));
    assert_eq!(stat(&mut g, &local.join("f"), 0), (0, 50, libc::S_IFREG | 0o644, 0));
    // Elsewhere, root's files are root's group.
    let fd = g.openat_path(&dir.path().join("g"), 0o100 | 1, 0o666);
    g.close(fd as i32);
    assert_eq!(stat(&mut g, &dir.path().join("g"), 0).1, 0);
}

#[test]
fn entries_of_reused_inodes_and_other_links_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ids");
    let mut g = fake_guest(&db);
    let f = dir.path().join("f");
    std::fs::write(&f, b"").unwrap();
    let md = std::fs::metadata(&f).unwrap();
    let key = Key { dev: md.dev(), ino: md.ino() };
    let btime = md.created().ok().map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap());
    let store = Db::open(&db).unwrap();
    // An entry left by an earlier file with this inode number (removed behind
    // crossrun's back): another birth time. Where the file system keeps none, the
    // inode cannot be told apart and the entry counts.
    let stale = super::db::Entry { flags: super::db::HAS_OWNER, uid: 999, gid: 999, btime: (1, 1), ..Default::default() };
    store.update(key, |_| Some(stale)).unwrap();
    let want = if btime.is_some() { 0 } else { 999 };
    assert_eq!(stat(&mut g, &f, 0).0, want);
    assert_eq!(statx(&mut g, &f).0, want);
    // A chown replaces it with the file's own entry.
    let c = cstr(f.to_str().unwrap());
    assert_eq!(g.call("fchownat", &[AT_FDCWD, c.as_ptr() as u64, 5, u32::MAX as u64, 0]), 0);
    assert_eq!(stat(&mut g, &f, 0).0, 5);
    let e = store.get(key).unwrap().unwrap();
    assert_eq!(e.gid, if btime.is_some() { 0 } else { 999 }, "the stale group is not inherited");
    // Unlinking one of two links keeps the entry; the last one drops it.
    let link = dir.path().join("link");
    std::fs::hard_link(&f, &link).unwrap();
    let l = cstr(link.to_str().unwrap());
    assert_eq!(g.call("unlinkat", &[AT_FDCWD, c.as_ptr() as u64, 0]), 0);
    assert_eq!(stat(&mut g, &link, 0).0, 5);
    assert_eq!(g.call("unlinkat", &[AT_FDCWD, l.as_ptr() as u64, 0]), 0);
    assert_eq!(store.get(key).unwrap(), None);
}
