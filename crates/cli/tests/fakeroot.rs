//! `--root-id` end to end, as an unprivileged host user: Debian's arm64 busybox and a
//! small static C program run under separate crossrun processes sharing one ownership
//! store, and what they print is compared with what root would see.
//!
//! When the tests run as root (CI), every crossrun runs under `setpriv` as uid/gid
//! 65534, in a directory that user owns, so nothing the host kernel would allow only to
//! root can succeed for real.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::repo_root;

const NOBODY: u32 = 65534;

fn cache() -> PathBuf {
    std::env::var("CROSSRUN_CACHE").map(PathBuf::from).unwrap_or_else(|_| repo_root().join("target/deps-cache"))
}

/// Fetches Debian arm64 packages with tests/fetch-deb.sh and extracts them into `root`,
/// unless `check` exists there already. One fetch at a time: they share the index file.
fn fetch(packages: &str, root: &Path, check: &str) -> PathBuf {
    static FETCH: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = FETCH.lock().unwrap_or_else(|e| e.into_inner());
    let bin = root.join(check);
    if !bin.exists() {
        let st = Command::new("bash")
            .arg(repo_root().join("tests/fetch-deb.sh"))
            .args([packages, "arm64"])
            .arg(cache())
            .env("FETCH_DEB_ROOT", root)
            .status()
            .expect("running tests/fetch-deb.sh");
        assert!(st.success(), "tests/fetch-deb.sh {packages} arm64 failed");
    }
    if is_root() {
        // Readable by the unprivileged user the guests run as.
        let st = Command::new("chmod").args(["-R", "a+rX"]).arg(root).status().unwrap();
        assert!(st.success());
    }
    bin
}

/// The cached .deb of bookworm's `package`, as fetch-deb.sh stored it: the name comes
/// from the index, because the cache also holds other releases' versions (trixie's tests
/// fetch into it too).
fn cached_deb(package: &str) -> PathBuf {
    let index = std::fs::read_to_string(cache().join("Packages-bookworm-main-arm64")).expect("bookworm's arm64 index");
    let filename = index
        .split("\n\n")
        .find(|para| para.lines().any(|l| l == format!("Package: {package}")))
        .and_then(|para| para.lines().find_map(|l| l.strip_prefix("Filename: ")))
        .unwrap_or_else(|| panic!("{package} is not in bookworm's arm64 index"));
    cache().join("debs").join(Path::new(filename).file_name().unwrap())
}

/// The arm64 busybox (see tests/busybox.rs), fetched into the cache on first use.
fn guest_busybox() -> PathBuf {
    fetch("busybox-static", &cache().join("root"), "bin/busybox")
}

fn is_root() -> bool {
    // SAFETY: no arguments.
    unsafe { libc::geteuid() == 0 }
}

struct Session {
    dir: PathBuf,
    db: PathBuf,
    busybox: PathBuf,
}

impl Session {
    fn new(tag: &str) -> Session {
        let dir = std::env::temp_dir().join(format!("crossrun-fakeroot-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            std::os::unix::fs::chown(&dir, Some(NOBODY), Some(NOBODY)).unwrap();
        }
        let db = dir.join("ids.db");
        Session { dir, db, busybox: guest_busybox() }
    }

    /// Runs `crossrun --root-id --root-id-db DB program args` in the session's directory
    /// as the unprivileged user; returns stdout and stderr, asserting success.
    fn run(&self, program: &Path, args: &[&str]) -> String {
        self.run_with(&[], program, args)
    }

    fn run_with(&self, options: &[&str], program: &Path, args: &[&str]) -> String {
        let mut cmd = if is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_crossrun")]);
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_crossrun"))
        };
        cmd.arg("--root-id").arg("--root-id-db").arg(&self.db).args(options).arg(program).args(args);
        cmd.current_dir(&self.dir).env_clear().env("PATH", "/usr/bin:/bin").env("LC_ALL", "C").env("TZ", "UTC");
        let out = cmd.output().expect("running crossrun");
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{program:?} {args:?}: {:?}\n{text}", out.status);
        text
    }

    fn bb(&self, args: &[&str]) -> String {
        self.run(&self.busybox, args)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn ownership_and_devices_persist_across_processes() {
    let s = Session::new("files");
    assert_eq!(s.bb(&["id"]), "uid=0(root) gid=0(root) groups=0(root)\n");
    s.bb(&["touch", "f"]);
    // A file the host user made, never chowned, is root's.
    assert_eq!(s.bb(&["stat", "-c", "%u:%g %a", "f"]), "0:0 644\n");
    s.bb(&["chown", "1234:5678", "f"]);
    assert_eq!(s.bb(&["stat", "-c", "%u:%g", "f"]), "1234:5678\n");
    // A set-user-ID file of someone else's.
    s.bb(&["chmod", "4755", "f"]);
    assert_eq!(s.bb(&["stat", "-c", "%a %u %A", "f"]), "4755 1234 -rwsr-xr-x\n");
    s.bb(&["mknod", "null", "c", "1", "3"]);
    assert_eq!(s.bb(&["stat", "-c", "%F %t,%T %u:%g", "null"]), "character special file 1,3 0:0\n");
    s.bb(&["mkfifo", "fifo"]);
    assert_eq!(s.bb(&["stat", "-c", "%F", "fifo"]), "fifo\n");
    // On the host: the unprivileged user's plain files, no set-user-ID bit.
    let host_uid = if is_root() { NOBODY } else { std::fs::metadata(&s.dir).unwrap().uid() };
    let md = std::fs::metadata(s.dir.join("f")).unwrap();
    assert_eq!((md.uid(), md.permissions().mode() & 0o7777), (host_uid, 0o755));
    assert!(std::fs::metadata(s.dir.join("null")).unwrap().is_file());
    // busybox's test answers as for root: a file the host user may not write (made by
    // the test, root, when it runs as root) is writable, one nobody may execute is not.
    std::fs::write(s.dir.join("hosts"), "127.0.0.1 localhost\n").unwrap();
    assert_eq!(s.bb(&["sh", "-c", "test -w hosts && echo w; test -x hosts || echo no-x"]), "w\nno-x\n");
    // Removing the device node forgets it: a new file there is root's again.
    s.bb(&["rm", "null"]);
    s.bb(&["touch", "null"]);
    assert_eq!(s.bb(&["stat", "-c", "%F %u", "null"]), "regular empty file 0\n");
}

#[test]
fn tar_keeps_owners_and_device_nodes() {
    let s = Session::new("tar");
    let script = "mkdir src && echo hi > src/a && chown 1234:5678 src/a && chmod 4711 src/a && \
                  mknod src/null c 1 3 && tar cf t.tar -C src . && mkdir dst && tar xf t.tar -C dst";
    s.bb(&["sh", "-c", script]);
    // Listed and extracted by separate processes.
    let list = s.bb(&["tar", "tvf", "t.tar"]);
    let modes: Vec<String> = list.lines().map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(modes, ["drwxr-xr-x root/root", "-rws--x--x 1234/5678", "crw-r--r-- root/root"], "{list}");
    assert_eq!(s.bb(&["stat", "-c", "%n %u:%g %a %F", "dst/a", "dst/null"]), "dst/a 1234:5678 4711 regular file\ndst/null 0:0 644 character special file\n");
}

/// Compiles tests/fakeroot/drop.c for the guest, static.
fn drop_program(s: &Session) -> PathBuf {
    let out = s.dir.join("drop");
    let st = Command::new("aarch64-linux-gnu-gcc")
        .args(["-static", "-O1", "-o"])
        .arg(&out)
        .arg(repo_root().join("tests/fakeroot/drop.c"))
        .status()
        .expect("aarch64-linux-gnu-gcc");
    assert!(st.success());
    out
}

#[test]
fn dropped_privileges_are_kept_across_execve() {
    let s = Session::new("ids");
    let drop = drop_program(&s);
    // Not writable by the unprivileged user when the test runs as root.
    std::fs::write(s.dir.join("hosts"), "127.0.0.1 localhost\n").unwrap();
    let bb = s.busybox.to_str().unwrap().to_owned();
    assert_eq!(
        s.run(&drop, &[&bb, "id"]),
        "start 0 0 0 groups 1\naccess hosts: w 0 x -1\nnow 4321 4321 4322 4322\nsetuid(0): Operation not permitted\nuid=4321 gid=4322 groups=4322\n"
    );
    // Files made after the drop belong to the new user, in this process and the next.
    assert_eq!(s.run(&drop, &[&bb, "touch", "mine"]), "start 0 0 0 groups 1\naccess hosts: w 0 x -1\nnow 4321 4321 4322 4322\nsetuid(0): Operation not permitted\n");
    assert_eq!(s.bb(&["stat", "-c", "%u:%g", "mine"]), "4321:4322\n");
    // A program that is set-user-ID root in the fake root's eyes gives root back as its
    // effective and saved uid.
    std::fs::copy(&drop, s.dir.join("suid")).unwrap();
    s.bb(&["chmod", "4755", "suid"]);
    assert_eq!(
        s.run(&drop, &["./suid"]),
        "start 0 0 0 groups 1\naccess hosts: w 0 x -1\nnow 4321 4321 4322 4322\nsetuid(0): Operation not permitted\n\
         start 4321 0 0 groups 1\nnow 4321 4321 4322 4322\nsetuid(0): Operation not permitted\n"
    );
}

/// Debian's own dpkg unpacks base-files into an empty tree: the owners, groups and
/// set-group-ID bits of the package are what a later process sees.
#[test]
fn dpkg_unpacks_a_package_with_its_owners() {
    let s = Session::new("dpkg");
    let sysroot = cache().join("fakeroot-dpkg-root");
    let packages = "dpkg,libc6,libbz2-1.0,liblzma5,libmd0,libselinux1,libzstd1,zlib1g,libpcre2-8-0";
    let dpkg = fetch(packages, &sysroot, "usr/bin/dpkg");
    // Fetched for its .deb (the extracted copy is not used).
    fetch("base-files", &s.dir.join("base-files"), "etc/debian_version");
    let deb = cached_deb("base-files");
    let target = s.dir.join("target");
    for d in ["var/lib/dpkg/updates", "var/lib/dpkg/info"] {
        std::fs::create_dir_all(target.join(d)).unwrap();
    }
    std::fs::write(target.join("var/lib/dpkg/status"), "").unwrap();
    if is_root() {
        let st = Command::new("chown").args(["-R", "65534:65534"]).arg(&target).status().unwrap();
        assert!(st.success());
    }
    let out = s.run_with(
        &["-L", sysroot.to_str().unwrap()],
        &dpkg,
        &["--root=target", "--log=/dev/null", "--force-depends,script-chrootless,unsafe-io,bad-path", "--unpack", deb.to_str().unwrap()],
    );
    assert!(out.contains("Unpacking base-files"), "{out}");
    assert_eq!(
        s.bb(&["stat", "-c", "%n %A %U:%g", "target/var/local", "target/tmp", "target/root", "target/etc/issue.dpkg-new"]),
        "target/var/local drwxrwsr-x root:50\ntarget/tmp drwxrwxrwt root:0\ntarget/root drwx------ root:0\n\
         target/etc/issue.dpkg-new -rw-r--r-- root:0\n"
    );
    // The host has none of it: the unprivileged user's files, no set-group-ID bit.
    let md = std::fs::metadata(target.join("var/local")).unwrap();
    assert_eq!(md.permissions().mode() & 0o7777, 0o775);
}
