//! `crossrun --rootfs DIR`: what a guest sees of paths, and that it cannot walk out.
//!
//! The guest is tests/rootfs/paths.c, built static for aarch64 and copied into a fresh
//! DIR per test as /bin/paths. Each of its operations prints one line, "OP ARGS:
//! RESULT", with the guest path or the errno name it saw; the tests compare whole
//! lines. aarch64-linux-gnu-gcc is required (scripts/setup-deps.sh installs it).

use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;
use common::repo_root;

/// The guest program, compiled once per test binary.
fn paths_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rootfs-paths");
        let status = Command::new("aarch64-linux-gnu-gcc")
            .args(["-static", "-O1", "-Wall", "-o"])
            .arg(&out)
            .arg(repo_root().join("tests/rootfs/paths.c"))
            .status()
            .expect("aarch64-linux-gnu-gcc is needed (scripts/setup-deps.sh)");
        assert!(status.success(), "compiling tests/rootfs/paths.c failed");
        out
    })
}

/// A small root file system: /bin/paths, /etc/host-only-file (a name the host does not
/// have), /usr/bin, /tmp, /mnt, and symlinks that try to lead out.
struct Root {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Root {
    fn new() -> Root {
        Root::at_depth("")
    }

    /// The root in `sub` below a fresh temporary directory.
    fn at_depth(sub: &str) -> Root {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let path = if sub.is_empty() { base } else { base.join(sub) };
        for d in ["bin", "etc", "usr/bin", "tmp", "mnt"] {
            std::fs::create_dir_all(path.join(d)).unwrap();
        }
        std::fs::copy(paths_binary(), path.join("bin/paths")).unwrap();
        std::fs::write(path.join("etc/host-only-file"), "inside the rootfs\n").unwrap();
        symlink("/etc/host-only-file", path.join("usr/bin/abs")).unwrap();
        symlink("../../../../../../etc", path.join("usr/bin/rel")).unwrap();
        symlink("loop2", path.join("loop1")).unwrap();
        symlink("/loop1", path.join("loop2")).unwrap();
        Root { _dir: dir, path }
    }

    /// Runs `crossrun OPTS --rootfs DIR /bin/paths ARGS` from `cwd`; returns stdout.
    fn run_in(&self, cwd: &Path, opts: &[&str], args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_crossrun"))
            .args(opts)
            .arg("--rootfs")
            .arg(&self.path)
            .arg("/bin/paths")
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{args:?}: {}\nstdout:\n{stdout}\nstderr:\n{}", out.status, String::from_utf8_lossy(&out.stderr));
        stdout
    }

    /// As `run_in`, from a host directory outside the rootfs (so the guest starts at /).
    fn run(&self, opts: &[&str], args: &[&str]) -> String {
        self.run_in(Path::new("/"), opts, args)
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn absolute_symlinks_and_dotdot_stay_inside_the_root() {
    let r = Root::new();
    let out = r.run(&[], &[
        "read", "/usr/bin/abs",
        "read", "/../../../etc/host-only-file",
        "read", "/usr/bin/rel/host-only-file",
        "chdir", "/usr/bin",
        "read", "../../../../../../../etc/host-only-file",
        "open", "../../../../..",
    ]);
    assert_eq!(lines(&out), [
        "read /usr/bin/abs: inside the rootfs",
        "read /../../../etc/host-only-file: inside the rootfs",
        "read /usr/bin/rel/host-only-file: inside the rootfs",
        "chdir /usr/bin: ok",
        "read ../../../../../../../etc/host-only-file: inside the rootfs",
        "open ../../../../..: /",
    ]);
}

#[test]
fn symlink_loops_are_eloop() {
    let r = Root::new();
    let out = r.run(&[], &["read", "/loop1", "readlink", "/loop1", "stat", "/loop2"]);
    assert_eq!(lines(&out), ["read /loop1: ELOOP", "readlink /loop1: loop2", "stat /loop2: ELOOP"]);
}

#[test]
fn dotdot_through_a_bind_goes_back_to_the_guest_parent() {
    let r = Root::new();
    let host = tempfile::tempdir().unwrap();
    std::fs::write(host.path().join("file"), "from the host\n").unwrap();
    let bind = format!("{}:/mnt/host", host.path().display());
    let out = r.run(&["--bind", &bind], &[
        "read", "/mnt/host/file",
        "open", "/mnt/host/..",
        "fd-dotdot", "/mnt/host",
        "chdir", "/mnt/host",
        "getcwd",
        "open", "../..",
        "openat2", "/", "mnt/host/file", "no_xdev",
        "openat2", "/mnt/host", "..", "beneath",
    ]);
    assert_eq!(lines(&out), [
        "read /mnt/host/file: from the host",
        "open /mnt/host/..: /mnt",
        "fd-dotdot /mnt/host: /mnt",
        "chdir /mnt/host: ok",
        "getcwd: /mnt/host",
        "open ../..: /",
        "openat2 / mnt/host/file no_xdev: EXDEV",
        "openat2 /mnt/host .. beneath: EXDEV",
    ]);
}

#[test]
fn proc_self_magic_links_show_guest_paths_and_do_not_lead_out() {
    let r = Root::new();
    let out = r.run(&[], &[
        "readlink", "/proc/self/root",
        "open", "/proc/self/root/..",
        "read", "/proc/self/root/etc/host-only-file",
        "chdir", "/usr/bin",
        "readlink", "/proc/self/cwd",
        "open", "/proc/self/cwd/../..",
        "readlink", "/proc/self/exe",
        "fd-dotdot", "/usr/bin",
        "fd-dotdot", "/",
    ]);
    assert_eq!(lines(&out), [
        "readlink /proc/self/root: /",
        "open /proc/self/root/..: /",
        "read /proc/self/root/etc/host-only-file: inside the rootfs",
        "chdir /usr/bin: ok",
        "readlink /proc/self/cwd: /usr/bin",
        "open /proc/self/cwd/../..: /",
        "readlink /proc/self/exe: /bin/paths",
        "fd-dotdot /usr/bin: /usr",
        "fd-dotdot /: /",
    ]);
}

#[test]
fn openat2_resolve_flags() {
    let r = Root::new();
    let out = r.run(&[], &[
        "openat2", "/usr", "bin", "beneath",
        "openat2", "/usr", "bin/../..", "beneath",
        "openat2", "/usr", "/etc", "beneath",
        "openat2", "/usr", "bin/abs", "beneath",
        "openat2", "/usr", "../../bin", "in_root",
        "openat2", "/usr", "/bin", "in_root",
        "openat2", "/usr", "bin/abs", "in_root",
        "openat2", "/", "usr/bin/abs", "no_symlinks",
        "openat2", "/", "proc/self/root", "no_magiclinks",
        "openat2", "/", "usr/bin/abs", "no_magiclinks",
        "openat2", "/", "loop1", "none",
    ]);
    assert_eq!(lines(&out), [
        "openat2 /usr bin beneath: /usr/bin",
        "openat2 /usr bin/../.. beneath: EXDEV",
        "openat2 /usr /etc beneath: EXDEV",
        "openat2 /usr bin/abs beneath: EXDEV",
        "openat2 /usr ../../bin in_root: /usr/bin",
        "openat2 /usr /bin in_root: /usr/bin",
        // /etc/host-only-file inside the new root /usr does not exist.
        "openat2 /usr bin/abs in_root: ENOENT",
        "openat2 / usr/bin/abs no_symlinks: ELOOP",
        "openat2 / proc/self/root no_magiclinks: ELOOP",
        "openat2 / usr/bin/abs no_magiclinks: /etc/host-only-file",
        "openat2 / loop1 none: ELOOP",
    ]);
}

#[test]
fn cwd_starts_inside_and_getcwd_shows_guest_paths() {
    let r = Root::new();
    // From outside the root the guest starts at /; from inside, where the host cwd is.
    assert_eq!(r.run(&[], &["getcwd"]), "getcwd: /\n");
    assert_eq!(r.run_in(&r.path.join("usr/bin"), &[], &["getcwd"]), "getcwd: /usr/bin\n");
    let out = r.run(&[], &["chdir", "/usr/bin/rel", "getcwd", "chdir", "../../..", "getcwd"]);
    assert_eq!(lines(&out), ["chdir /usr/bin/rel: ok", "getcwd: /etc", "chdir ../../..: ok", "getcwd: /"]);
}

#[test]
fn chroot_moves_the_guest_root_for_this_program_and_the_ones_it_execs() {
    let r = Root::new();
    std::fs::copy(paths_binary(), r.path.join("usr/bin/paths")).unwrap();
    let out = r.run(&[], &[
        "chroot", "/",
        "chroot", "/usr",
        // The cwd stays outside the new root, as with the kernel's chroot.
        "getcwd",
        "chdir", "/",
        "getcwd",
        "chdir", "/..",
        "getcwd",
        "read", "/etc/host-only-file",
        // The /proc bind is outside /usr: gone, like a mount outside a chroot (so this
        // test shows paths with getcwd, not /proc/self/fd).
        "stat", "/proc/self",
        "exec", "/bin/paths", "getcwd", "chdir", "/bin", "getcwd", "chroot", "/nope",
    ]);
    assert_eq!(lines(&out), [
        "chroot /: ok",
        "chroot /usr: ok",
        "getcwd: ENOENT",
        "chdir /: ok",
        "getcwd: /",
        "chdir /..: ok",
        "getcwd: /",
        "read /etc/host-only-file: ENOENT",
        "stat /proc/self: ENOENT",
        "getcwd: /",
        "chdir /bin: ok",
        "getcwd: /bin",
        "chroot /nope: ENOENT",
    ]);
}

#[test]
fn unix_socket_paths_land_inside_the_root() {
    let r = Root::new();
    let name = format!("/tmp/crossrun-rootfs-test-{}.sock", std::process::id());
    let dgram = format!("/tmp/crossrun-rootfs-test-{}.dgram", std::process::id());
    let out = r.run(&[], &["bind", &name, "stat", &name, "dgram", &dgram]);
    assert_eq!(lines(&out), [
        format!("bind {name}: ok"),
        format!("connect {name}: ok"),
        format!("getpeername {name}: {name} ({} bytes)", 2 + name.len() + 1),
        format!("stat {name}: socket"),
        format!("dgram {dgram}: hi"),
    ]);
    assert!(!Path::new(&dgram).exists(), "the host's {dgram} was created");
    let inside = r.path.join(name.trim_start_matches('/'));
    assert!(std::fs::symlink_metadata(&inside).unwrap().file_type().is_socket(), "{}", inside.display());
    assert!(!Path::new(&name).exists(), "the host's {name} was created");
}

/// A socket bound by a relative name is known by that name (getpeername returns what
/// bind was given, as the kernel does), also when the root is so deep that the socket's
/// host path does not fit in sun_path.
#[test]
fn relative_unix_socket_names_stay_relative() {
    for sub in ["", &"deep".repeat(30)] {
        let r = Root::at_depth(sub);
        let out = r.run(&[], &["chdir", "/tmp", "bind", "./rel.sock", "stat", "/tmp/rel.sock"]);
        assert_eq!(lines(&out), [
            "chdir /tmp: ok",
            "bind ./rel.sock: ok",
            "connect ./rel.sock: ok",
            "getpeername ./rel.sock: ./rel.sock (13 bytes)",
            "stat /tmp/rel.sock: socket",
        ], "root {}", r.path.display());
    }
}

/// Addresses in sendmsg's msg_name are resolved inside the root, and the ones recvmsg
/// and recvfrom return are the guest's paths, truncated as the kernel truncates.
#[test]
fn unix_datagram_addresses_are_guest_paths() {
    let r = Root::new();
    let (server, client) = ("/tmp/server.sock", "/tmp/client.sock");
    let out = r.run(&[], &["msg", server, client]);
    assert_eq!(lines(&out), [
        format!("recvmsg: ping from {client} ({} bytes)", 2 + client.len() + 1),
        format!("recvfrom: pong from {server} ({} bytes)", 2 + server.len() + 1),
        format!("recvfrom into 4 bytes: \"/t\" ({} bytes)", 2 + server.len() + 1),
    ]);
    for name in [server, client] {
        let inside = r.path.join(name.trim_start_matches('/'));
        assert!(std::fs::symlink_metadata(&inside).unwrap().file_type().is_socket(), "{}", inside.display());
    }
}

/// /proc/self/mounts (here through the /etc/mtab symlink Debian has) and mountinfo show
/// the mount table a process chrooted at the rootfs would see: the root at `/` (in
/// mountinfo, with the rootfs directory as the part of its file system mounted there),
/// the default binds, nothing else of the host's.
#[test]
fn mount_tables_show_the_guest_root_and_binds_only() {
    let r = Root::new();
    symlink("../proc/self/mounts", r.path.join("etc/mtab")).unwrap();
    for (file, field) in [("/etc/mtab", "2"), ("/proc/self/mountinfo", "5")] {
        let out = r.run(&[], &["mounts", file, field]);
        let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split(' ').collect()).collect();
        let points: Vec<&str> = lines.iter().map(|f| *f.last().unwrap()).collect();
        assert_eq!(points.iter().filter(|&&p| p == "/").count(), 1, "{file}: {out}");
        if field == "5" {
            let root_line = lines.iter().find(|f| f.last() == Some(&"/")).unwrap();
            let name = r.path.file_name().unwrap().to_str().unwrap();
            assert!(root_line[4].ends_with(&format!("/{name}")), "{file}: the root mount's root is {}", root_line[4]);
        }
        for expected in ["/proc", "/dev"] {
            assert!(points.contains(&expected), "{file} lacks {expected}: {out}");
        }
        let bound = |p: &str| ["/proc", "/sys", "/dev", "/etc/resolv.conf"].iter().any(|b| p == *b || p.starts_with(&format!("{b}/")));
        assert!(points.iter().all(|&p| p == "/" || bound(p)), "{file} shows a host mount: {out}");
    }
}

#[test]
fn names_created_and_changed_inside_the_root() {
    let r = Root::new();
    let out = r.run(&[], &[
        "mkdir", "/tmp/d",
        "symlink", "/etc", "/tmp/d/l",
        "read", "/tmp/d/l/host-only-file",
        "rename", "/tmp/d", "/tmp/e",
        "readlink", "/tmp/e/l",
        "unlink", "/tmp/e/l",
        "mkdir", "/../../tmp/f",
        "symlink", "/tmp/f", "/tmp/g",
        "rmdir", "/tmp/g/",
        "rmdir", "/tmp/f/.",
        "rmdir", "/tmp/e",
    ]);
    assert_eq!(lines(&out), [
        "mkdir /tmp/d: ok",
        "symlink /etc /tmp/d/l: ok",
        "read /tmp/d/l/host-only-file: inside the rootfs",
        "rename /tmp/d /tmp/e: ok",
        "readlink /tmp/e/l: /etc",
        "unlink /tmp/e/l: ok",
        "mkdir /../../tmp/f: ok",
        "symlink /tmp/f /tmp/g: ok",
        // Linux removes neither a symlink nor its target through "link/", nor "dir/.".
        "rmdir /tmp/g/: ENOTDIR",
        "rmdir /tmp/f/.: EINVAL",
        "rmdir /tmp/e: ok",
    ]);
    assert!(!r.path.join("tmp/e").exists() && r.path.join("tmp/f").is_dir());
}

#[test]
fn the_fake_roots_id_store_is_hidden_from_the_guest() {
    let r = Root::new();
    // -0 after --rootfs: the fake root, whose store is DIR/.crossrun-ids by default.
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun"))
        .arg("--rootfs")
        .arg(&r.path)
        .args(["-0", "/bin/paths", "list", "/", "read", "/.crossrun-ids", "stat", "/.crossrun-ids", "mkdir", "/.crossrun-ids", "list", "/etc"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(r.path.join(".crossrun-ids").is_file(), "the store is at the top of the rootfs");
    assert_eq!(lines(&String::from_utf8_lossy(&out.stdout)), [
        "list /: bin etc loop1 loop2 mnt tmp usr",
        "read /.crossrun-ids: ENOENT",
        "stat /.crossrun-ids: ENOENT",
        "mkdir /.crossrun-ids: ENOENT",
        "list /etc: host-only-file",
    ]);
}

#[test]
fn exec_and_shebang_interpreters_resolve_inside_the_root() {
    let r = Root::new();
    symlink("/bin/paths", r.path.join("usr/bin/p")).unwrap();
    let script = r.path.join("bin/script");
    std::fs::write(&script, "#!/usr/bin/p read\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The new program keeps the rootfs and the cwd; its exe is its guest path.
    let out = r.run(&[], &["chdir", "/usr", "exec", "/usr/bin/p", "getcwd", "readlink", "/proc/self/exe", "exec", "/bin/script"]);
    assert_eq!(lines(&out), [
        "chdir /usr: ok",
        "getcwd: /usr",
        "readlink /proc/self/exe: /bin/paths",
        "read /bin/script: #!/usr/bin/p read",
    ]);
    // A host (x86_64) program in the rootfs runs natively, as the kernel would run it.
    std::fs::copy("/bin/echo", r.path.join("bin/host-echo")).unwrap();
    assert_eq!(r.run(&[], &["exec", "/bin/host-echo", "native"]), "native\n");
    // A script as crossrun's own PROGRAM runs the same way (debootstrap's second stage
    // is one): its interpreter is looked up inside the root too.
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun")).arg("--rootfs").arg(&r.path).args(["/bin/script", "getcwd"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "read /bin/script: #!/usr/bin/p read\ngetcwd: /\n");
}

#[test]
fn host_directories_only_through_binds() {
    let r = Root::new();
    assert_eq!(r.run(&[], &["stat", "/dev/null", "stat", "/proc/self"]), "stat /dev/null: file\nstat /proc/self: dir\n");
    let out = r.run(&["--no-default-binds"], &["stat", "/dev/null", "stat", "/proc/self"]);
    assert_eq!(out, "stat /dev/null: ENOENT\nstat /proc/self: ENOENT\n");
}

#[test]
fn rootfs_shell_runs_a_program_at_the_guest_root_with_a_login_environment() {
    let r = Root::new();
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun"))
        .args(["rootfs", "shell"])
        .arg(&r.path)
        .args(["/bin/paths", "getcwd", "getenv", "HOME", "getenv", "PATH"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "getcwd: /\ngetenv HOME: /root\ngetenv PATH: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
    );
}

#[test]
fn rootfs_create_refuses_what_it_cannot_build_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crossrun"))
        .args(["rootfs", "create", "--arch", "s390x", "--suite", "bookworm"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let runs: Vec<&str> = crossrun_linux::arch::GUESTS.iter().flat_map(|g| g.libraries).map(|l| l.debian_arch).collect();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("crossrun rootfs: create: --arch s390x is not one crossrun runs (it runs: {})\n", runs.join(", "))
    );
}
