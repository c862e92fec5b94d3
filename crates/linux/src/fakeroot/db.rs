//! The ownership store of `--root-id`: what the guest's fake root did to files that the
//! host could not really do (chown, device nodes, mode bits), keyed by the file's
//! `(st_dev, st_ino)`.
//!
//! It lives in one file shared by every crossrun process of the session (dpkg forks and
//! execs many), so each change is appended to that file as one fixed-size record under an
//! exclusive `flock`, and each process keeps the decoded map in memory. When the log is
//! much larger than the live entries, the writer compacts it into a new file with a new
//! random generation number in its header and renames that over the log. A lookup first
//! `stat`s the file: it only grows between compactions, so an unchanged inode, size and
//! change time mean the cached map is current and no lock or read is needed; otherwise
//! the reader locks the file and reads what it has not seen, or everything if the
//! generation changed (the inode number alone could be the old log's, reused).
//!
//! The file is opened for each operation rather than kept open: the guest may close every
//! descriptor it did not open (close_range before an exec), and an `flock` is shared by
//! the processes that inherited one open file, so a descriptor kept across fork would not
//! exclude the child.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file's identity: its `st_dev` (the kernel's stat encoding) and inode number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub dev: u64,
    pub ino: u64,
}

/// `uid` and `gid` are the fake owner.
pub const HAS_OWNER: u32 = 1;
/// The permission bits (07777) of `mode` replace the real ones.
pub const HAS_MODE: u32 = 2;
/// The type bits of `mode` and `rdev` replace the real ones (a device node faked by a
/// regular file).
pub const HAS_TYPE: u32 = 4;

/// What is remembered about one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Which of the fields below are set (`HAS_*`).
    pub flags: u32,
    pub uid: u32,
    pub gid: u32,
    pub mode: u32,
    pub rdev_major: u32,
    pub rdev_minor: u32,
    /// The file's birth time when the entry was made, or 0 where the file system does not
    /// report one: a different birth time under the same inode number means the inode was
    /// freed and reused behind crossrun's back (by a host program), so the entry is stale.
    pub btime: (i64, u32),
}

const HEADER: &[u8; 16] = b"CROSSRUN-IDS v1\n";
const RECORD: usize = 64;
const LIVE: u32 = 0x4c56_4945;
const GONE: u32 = 0x474f_4e45;
/// The log is compacted when it is larger than this and than 4 times its live entries.
const COMPACT_AT: u64 = 256 * 1024;

fn encode(key: Key, e: Option<&Entry>) -> [u8; RECORD] {
    let mut r = [0u8; RECORD];
    let e0 = Entry::default();
    let (kind, e) = match e {
        Some(e) => (LIVE, e),
        None => (GONE, &e0),
    };
    let u32s = [kind, e.flags];
    for (i, v) in u32s.iter().enumerate() {
        r[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
    }
    r[8..16].copy_from_slice(&key.dev.to_le_bytes());
    r[16..24].copy_from_slice(&key.ino.to_le_bytes());
    for (i, v) in [e.uid, e.gid, e.mode, e.rdev_major, e.rdev_minor, e.btime.1].iter().enumerate() {
        r[24 + i * 4..28 + i * 4].copy_from_slice(&v.to_le_bytes());
    }
    r[48..56].copy_from_slice(&e.btime.0.to_le_bytes());
    r
}

fn decode(r: &[u8]) -> Option<(Key, Option<Entry>)> {
    let u32_at = |o: usize| u32::from_le_bytes(r[o..o + 4].try_into().expect("4 bytes"));
    let u64_at = |o: usize| u64::from_le_bytes(r[o..o + 8].try_into().expect("8 bytes"));
    let key = Key { dev: u64_at(8), ino: u64_at(16) };
    match u32_at(0) {
        LIVE => Some((
            key,
            Some(Entry {
                flags: u32_at(4),
                uid: u32_at(24),
                gid: u32_at(28),
                mode: u32_at(32),
                rdev_major: u32_at(36),
                rdev_minor: u32_at(40),
                btime: (u64_at(48) as i64, u32_at(44)),
            }),
        )),
        GONE => Some((key, None)),
        // A torn or foreign record: ignored rather than taken for an entry.
        _ => None,
    }
}

/// The decoded log as this process last read it.
#[derive(Default)]
pub(crate) struct Cache {
    map: HashMap<Key, Entry>,
    /// The log file's generation, and how many bytes of it were read.
    gen: u64,
    read: u64,
    /// Its inode, size and change time then, for the unlocked check.
    seen: (u64, u64, i64, i64),
}

fn seen(md: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    (md.ino(), md.len(), md.ctime(), md.ctime_nsec())
}

/// The shared ownership store.
pub struct Db {
    path: PathBuf,
    cache: Mutex<Cache>,
    compact_at: u64,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish_non_exhaustive()
    }
}

fn flock(f: &File, op: libc::c_int) -> io::Result<()> {
    loop {
        // SAFETY: an fd we own; flock takes no pointers.
        if unsafe { libc::flock(f.as_raw_fd(), op) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(e);
        }
    }
}

impl Db {
    /// Opens the store at `path`, creating it (mode 0600) if needed (see [`create`]).
    pub fn open(path: &Path) -> io::Result<Db> {
        Db::with_threshold(path, COMPACT_AT)
    }

    fn with_threshold(path: &Path, compact_at: u64) -> io::Result<Db> {
        create(path)?;
        let db = Db { path: path.to_owned(), cache: Mutex::new(Cache::default()), compact_at };
        db.refresh()?;
        Ok(db)
    }

    /// The cache, locked. It is taken before the file is opened and locked, and kept
    /// until it is closed, so that holding it (across a fork, [`Db::hold`]) means no
    /// thread has the file open: a child would inherit the descriptor, and with it the
    /// file's lock, which no thread of the child would ever release.
    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps every thread of this process away from the store until dropped (see
    /// [`Db::cache`]).
    pub(crate) fn hold(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache()
    }

    /// The entry for `key`, from the log as it is now.
    pub fn get(&self, key: Key) -> io::Result<Option<Entry>> {
        self.refresh()?;
        Ok(self.cache().map.get(&key).copied())
    }

    /// The entries for several keys, from one look at the log.
    pub fn get_each(&self, keys: &[Key]) -> io::Result<Vec<Option<Entry>>> {
        self.refresh()?;
        let c = self.cache();
        Ok(keys.iter().map(|k| c.map.get(k).copied()).collect())
    }

    /// Brings the cache up to date with the file.
    fn refresh(&self) -> io::Result<()> {
        let mut c = self.cache();
        let md = match std::fs::metadata(&self.path) {
            // Removed during the session (a /tmp cleaner): start again empty rather than
            // fail every stat.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create(&self.path)?;
                std::fs::metadata(&self.path)?
            }
            r => r?,
        };
        if c.seen == seen(&md) {
            return Ok(());
        }
        let f = self.open_locked(libc::LOCK_SH)?;
        catch_up(&f, &mut c)
    }

    /// Opens the current log file and locks it. A writer compacting the log renames a new
    /// file over it while others may be waiting for the lock on the old one, so the file
    /// locked must still be the one at the path.
    fn open_locked(&self, op: libc::c_int) -> io::Result<File> {
        loop {
            let f = match OpenOptions::new().read(true).write(op == libc::LOCK_EX).custom_flags(libc::O_NOFOLLOW).open(&self.path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    create(&self.path)?;
                    continue;
                }
                r => r?,
            };
            flock(&f, op)?;
            let (a, b) = (f.metadata()?, std::fs::metadata(&self.path)?);
            if (a.dev(), a.ino()) == (b.dev(), b.ino()) {
                return Ok(f);
            }
        }
    }

    /// Replaces the entry for `key` by what `change` makes of the current one (None
    /// removes it), atomically with respect to every other process using the store.
    /// Returns the new entry.
    pub fn update(&self, key: Key, change: impl FnOnce(Option<Entry>) -> Option<Entry>) -> io::Result<Option<Entry>> {
        let mut c = self.cache();
        let mut f = self.open_locked(libc::LOCK_EX)?;
        catch_up(&f, &mut c)?;
        let old = c.map.get(&key).copied();
        let new = change(old);
        if new == old {
            return Ok(new);
        }
        f.seek(SeekFrom::End(0))?;
        f.write_all(&encode(key, new.as_ref()))?;
        c.read += RECORD as u64;
        // Still locked: the file is exactly what the cache now holds.
        c.seen = seen(&f.metadata()?);
        match new {
            Some(e) => c.map.insert(key, e),
            None => c.map.remove(&key),
        };
        if c.read > self.compact_at && c.read > 4 * RECORD as u64 * (c.map.len() as u64 + 1) {
            // The change is in the log already and the cache is only touched by a
            // compaction that succeeded: a log that cannot be compacted (no room, a
            // directory the user cannot write) only stays long, and the next writer
            // tries again.
            let _ = self.compact(&mut c);
        }
        Ok(new)
    }

    /// Writes the live entries to a new file and renames it over the log (with the old
    /// log's lock held, so no append is lost).
    fn compact(&self, c: &mut Cache) -> io::Result<()> {
        let mut tmp = self.path.clone().into_os_string();
        tmp.push(format!(".{}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp);
        let mut data = header_record()?.to_vec();
        for (k, e) in &c.map {
            data.extend_from_slice(&encode(*k, Some(e)));
        }
        let written = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .and_then(|mut f| f.write_all(&data))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        // Others may append to the new file as soon as it has its name: the next look
        // locks it and reads from here on.
        c.gen = u64::from_le_bytes(data[16..24].try_into().expect("8 bytes"));
        c.read = data.len() as u64;
        c.seen = (0, 0, 0, 0);
        Ok(())
    }
}

/// Creates the store at `path` if there is none; checks that the file there is one and
/// belongs to the calling user (the default place is in a shared directory, /tmp, where
/// someone else could have planted one).
fn create(path: &Path) -> io::Result<()> {
    let f = OpenOptions::new().read(true).write(true).create(true).mode(0o600).custom_flags(libc::O_NOFOLLOW).open(path)?;
    // SAFETY: no arguments.
    if f.metadata()?.uid() != unsafe { libc::geteuid() } {
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, "belongs to another user"));
    }
    flock(&f, libc::LOCK_EX)?;
    let mut head = Vec::new();
    (&f).take(HEADER.len() as u64).read_to_end(&mut head)?;
    if head.is_empty() {
        (&f).write_all(&header_record()?)?;
    } else if head != HEADER {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "not a crossrun ownership store"));
    }
    Ok(())
}

/// The first record: the magic and a random generation number.
fn header_record() -> io::Result<[u8; RECORD]> {
    let mut h = [0u8; RECORD];
    h[..HEADER.len()].copy_from_slice(HEADER);
    File::open("/dev/urandom")?.read_exact(&mut h[16..24])?;
    Ok(h)
}

/// Reads what `c` has not seen of the locked log `f` (all of it if `f` is another file).
fn catch_up(mut f: &File, c: &mut Cache) -> io::Result<()> {
    let md = f.metadata()?;
    let mut head = [0u8; RECORD];
    f.seek(SeekFrom::Start(0))?;
    f.read_exact(&mut head)?;
    let gen = u64::from_le_bytes(head[16..24].try_into().expect("8 bytes"));
    if c.gen != gen || md.len() < c.read {
        *c = Cache { gen, read: RECORD as u64, ..Cache::default() };
    }
    c.seen = seen(&md);
    // Only whole records: a writer that died mid-record left a tail that is skipped.
    let end = RECORD as u64 + (md.len().saturating_sub(RECORD as u64)) / RECORD as u64 * RECORD as u64;
    if end <= c.read {
        return Ok(());
    }
    let mut buf = vec![0u8; (end - c.read) as usize];
    f.seek(SeekFrom::Start(c.read))?;
    f.read_exact(&mut buf)?;
    for r in buf.chunks_exact(RECORD) {
        match decode(r) {
            Some((k, Some(e))) => {
                c.map.insert(k, e);
            }
            Some((k, None)) => {
                c.map.remove(&k);
            }
            None => {}
        }
    }
    c.read = end;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uid: u32) -> Entry {
        Entry { flags: HAS_OWNER, uid, gid: uid + 1, ..Entry::default() }
    }

    #[test]
    fn entries_round_trip_and_are_seen_by_another_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids");
        let a = Db::open(&path).unwrap();
        let b = Db::open(&path).unwrap();
        let k = Key { dev: 0x803, ino: 12345 };
        let e = Entry { flags: HAS_OWNER | HAS_TYPE, uid: 1234, gid: 5678, mode: 0o20644, rdev_major: 1, rdev_minor: 3, btime: (1_700_000_000, 99) };
        assert_eq!(b.get(k).unwrap(), None);
        assert_eq!(a.update(k, |old| { assert_eq!(old, None); Some(e) }).unwrap(), Some(e));
        assert_eq!(b.get(k).unwrap(), Some(e));
        // Removal is seen too, and a reopened store reads the log from the start.
        b.update(k, |old| { assert_eq!(old, Some(e)); None }).unwrap();
        assert_eq!(a.get(k).unwrap(), None);
        a.update(Key { dev: 1, ino: 2 }, |_| Some(entry(7))).unwrap();
        assert_eq!(Db::open(&path).unwrap().get(Key { dev: 1, ino: 2 }).unwrap(), Some(entry(7)));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 4 * RECORD as u64);
    }

    #[test]
    fn refuses_files_that_are_not_stores() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other");
        std::fs::write(&path, b"something else entirely").unwrap();
        assert_eq!(Db::open(&path).unwrap_err().kind(), io::ErrorKind::InvalidData);
        std::os::unix::fs::symlink(dir.path().join("target"), dir.path().join("link")).unwrap();
        assert!(Db::open(&dir.path().join("link")).is_err(), "a symlink is not followed");
    }

    #[test]
    fn a_torn_tail_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids");
        let db = Db::open(&path).unwrap();
        db.update(Key { dev: 1, ino: 1 }, |_| Some(entry(1))).unwrap();
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&encode(Key { dev: 1, ino: 2 }, Some(&entry(2)))[..40]).unwrap();
        let again = Db::open(&path).unwrap();
        assert_eq!(again.get(Key { dev: 1, ino: 1 }).unwrap(), Some(entry(1)));
        assert_eq!(again.get(Key { dev: 1, ino: 2 }).unwrap(), None);
    }

    #[test]
    fn a_store_removed_during_the_session_starts_again_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids");
        let db = Db::open(&path).unwrap();
        db.update(Key { dev: 1, ino: 1 }, |_| Some(entry(1))).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(db.get(Key { dev: 1, ino: 1 }).unwrap(), None);
        std::fs::remove_file(&path).unwrap();
        db.update(Key { dev: 1, ino: 2 }, |_| Some(entry(2))).unwrap();
        assert_eq!(Db::open(&path).unwrap().get(Key { dev: 1, ino: 2 }).unwrap(), Some(entry(2)));
    }

    #[test]
    fn compaction_keeps_live_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids");
        let db = Db::with_threshold(&path, 20 * RECORD as u64).unwrap();
        let other = Db::open(&path).unwrap();
        for round in 0..10 {
            for ino in 0..3 {
                db.update(Key { dev: 9, ino }, |_| Some(entry(round * 10 + ino as u32))).unwrap();
            }
        }
        let len = std::fs::metadata(&path).unwrap().len();
        assert!(len <= 20 * RECORD as u64, "compacted: {len} bytes");
        for ino in 0..3 {
            assert_eq!(other.get(Key { dev: 9, ino }).unwrap(), Some(entry(90 + ino as u32)));
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }

    /// In a child process: many updates to a few keys of its own and to one shared
    /// counter.
    #[test]
    fn child_updates_the_store() {
        let Ok(spec) = std::env::var("CROSSRUN_TEST_DB_CHILD") else { return };
        let (path, who) = spec.split_once(',').unwrap();
        let who: u64 = who.parse().unwrap();
        let db = Db::with_threshold(Path::new(path), 40 * RECORD as u64).unwrap();
        for i in 0..100u64 {
            db.update(Key { dev: who, ino: i % 5 }, |_| Some(entry(i as u32))).unwrap();
            db.update(Key { dev: 0, ino: 0 }, |old| Some(entry(old.map_or(0, |e| e.uid) + 1))).unwrap();
        }
    }

    #[test]
    fn concurrent_processes_lose_no_update() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids");
        Db::open(&path).unwrap();
        let children: Vec<_> = (1..=4u64)
            .map(|who| {
                std::process::Command::new(std::env::current_exe().unwrap())
                    .args(["--exact", "fakeroot::db::tests::child_updates_the_store", "--test-threads=1"])
                    .env("CROSSRUN_TEST_DB_CHILD", format!("{},{who}", path.display()))
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        let db = Db::open(&path).unwrap();
        assert_eq!(db.get(Key { dev: 0, ino: 0 }).unwrap().map(|e| e.uid), Some(400), "every increment kept");
        for who in 1..=4 {
            for i in 0..5 {
                assert_eq!(db.get(Key { dev: who, ino: i }).unwrap(), Some(entry(95 + i as u32)), "{who}/{i}");
            }
        }
        // 800 records were written for 21 live entries: compaction ran.
        assert!(std::fs::metadata(&path).unwrap().len() < 200 * RECORD as u64);
    }
}
