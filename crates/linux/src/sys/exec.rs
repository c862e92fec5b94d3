//! execve and execveat: replacing the guest program.
//!
//! The file is classified the way the kernel's binary handlers would on a machine of
//! the guest's architecture that can also run x86_64 programs natively:
//! - an ELF file of any guest crossrun runs ([`crate::arch::GUESTS`]): crossrun execs itself (`/proc/self/exe`) with the options it was
//!   started with ([`ProcessConfig::reexec_options`](crate::ProcessConfig)), the guest's
//!   argv[0] passed with `-0`, the program, the rest of argv, and the guest's envp as the
//!   environment. The new crossrun loads the program as a fresh process image; the pid,
//!   open fds (minus close-on-exec ones), ignored signals and the signal mask carry over
//!   as the kernel carries them over, because it is a real host execve.
//! - an x86_64 ELF: a real host execve of it, so host tools run natively.
//! - `#!interpreter [arg]`: the interpreter runs with `[interpreter, arg, path, argv[1..]]`
//!   as the kernel's binfmt_script builds it, classified the same way in turn.
//! - anything else: ENOEXEC.
//!
//! Absolute paths (the program's and a script's interpreter's) are looked up in the
//! sysroot first. With `--rootfs`, both are walked inside the guest's root, a guest
//! program is handed to the new crossrun by its guest path (it runs with the same
//! rootfs and binds), and a host (x86_64) program found in the rootfs runs natively at
//! its host path, as the kernel would run it: it then sees the host's file system, not
//! the rootfs. The kernel's errors are kept: ENOENT, ENOTDIR, ELOOP from the lookup,
//! EACCES for a file that is not a regular executable file, ENOEXEC for an unknown
//! format, E2BIG for arguments that are too long, ELOOP for scripts nested too deeply.

use super::fs;
use crate::abi::layout::{field, read_field};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::rootfs::resolve::Rules;
use crossrun_loader::ElfId;
use std::ffi::{CStr, CString, OsStr};
use std::os::unix::ffi::OsStrExt;

/// The kernel reads this many bytes of a file to classify it (BINPRM_BUF_SIZE), which
/// also bounds a `#!` line.
const BINPRM_BUF_SIZE: usize = 256;
/// The most strings one argv/envp may hold before crossrun gives up with E2BIG.
const MAX_ARG_STRINGS: usize = 1 << 20;
/// The longest single argument (MAX_ARG_STRLEN: 32 pages).
const MAX_ARG_STRLEN: usize = 32 * 4096;
/// How many interpreters may be nested (the kernel allows 5 binfmt levels: a script's
/// interpreter may itself be a script, four times).
const MAX_SCRIPT_DEPTH: usize = 4;
/// The host's own programs, which run natively.
const HOST_ELF: ElfId = ElfId { machine: 62, is_64: true };
const AT_FDCWD: i32 = -100;
const AT_EMPTY_PATH: u64 = 0x1000;
const AT_SYMLINK_NOFOLLOW: u64 = 0x100;

/// What a file turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// A program for the guest architecture.
    Guest,
    /// A program for the host architecture.
    Host,
    /// `#!` with the interpreter and its optional argument.
    Script { interpreter: Vec<u8>, arg: Option<Vec<u8>> },
}

/// Classifies the first bytes of a file.
pub fn classify(head: &[u8]) -> Result<Kind, Errno> {
    if head.starts_with(b"\x7fELF") {
        return match ElfId::of(head) {
            Some(HOST_ELF) => Ok(Kind::Host),
            Some(id) if crate::arch::for_elf(id).is_some() => Ok(Kind::Guest),
            _ => Err(Errno(libc::ENOEXEC)),
        };
    }
    if let Some(line) = head.strip_prefix(b"#!") {
        return parse_shebang(line);
    }
    Err(Errno(libc::ENOEXEC))
}

/// The kernel's `#!` rule: the line ends at a newline (or the end of the buffer); blanks
/// (space, tab) around it are skipped; the interpreter runs to the first blank; whatever
/// follows, trimmed, is one single argument. No interpreter is ENOEXEC. A line that fills
/// the buffer without ending is ENOEXEC too unless the interpreter itself ended in it.
fn parse_shebang(line: &[u8]) -> Result<Kind, Errno> {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let (line, ended) = match line.iter().position(|&b| b == b'\n') {
        Some(n) => (&line[..n], true),
        None => (line, false),
    };
    let start = line.iter().position(|b| !blank(b)).unwrap_or(line.len());
    let line = &line[start..];
    let end = line.iter().rposition(|b| !blank(b)).map_or(0, |i| i + 1);
    let line = &line[..end];
    if line.is_empty() {
        return Err(Errno(libc::ENOEXEC));
    }
    let interp_end = line.iter().position(blank).unwrap_or(line.len());
    if !ended && interp_end == line.len() {
        // The interpreter name may have been cut off by the buffer's end.
        return Err(Errno(libc::ENOEXEC));
    }
    let interpreter = line[..interp_end].to_vec();
    let rest = &line[interp_end..];
    let rest_start = rest.iter().position(|b| !blank(b));
    let arg = rest_start.map(|s| rest[s..].to_vec());
    Ok(Kind::Script { interpreter, arg })
}

/// Reads a NULL-terminated array of guest string pointers (argv or envp), each `word`
/// bytes. A NULL array is empty, as Linux allows.
fn read_strings(addr: u64, word: usize) -> Result<Vec<Vec<u8>>, Errno> {
    let mut out = Vec::new();
    if addr == 0 {
        return Ok(out);
    }
    loop {
        if out.len() >= MAX_ARG_STRINGS {
            return Err(Errno(libc::E2BIG));
        }
        let p = read_field(addr + (word * out.len()) as u64, field(0, word))?;
        if p == 0 {
            return Ok(out);
        }
        match guest::read_cstr(p, MAX_ARG_STRLEN)? {
            Some(s) => out.push(s),
            None => return Err(Errno(libc::E2BIG)),
        }
    }
}

fn cstring(b: &[u8]) -> CString {
    CString::new(b).expect("guest strings were read up to their NUL")
}

/// Opens `path` for classification: the kernel's checks on the file being executed.
fn read_head(path: &CStr) -> Result<Vec<u8>, Errno> {
    // SAFETY: a valid C string.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(Errno::last());
    }
    // SAFETY: our own fd and a zeroed host stat to fill.
    let st = unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        libc::fstat(fd, &mut st);
        st
    };
    let mut head = vec![0u8; BINPRM_BUF_SIZE];
    // SAFETY: reading into a valid buffer of that length from our own fd.
    let n = unsafe { libc::read(fd, head.as_mut_ptr().cast(), head.len()) };
    let read_err = Errno::last();
    // SAFETY: closing our own fd.
    unsafe { libc::close(fd) };
    if st.st_mode & libc::S_IFMT != libc::S_IFREG {
        return Err(Errno(libc::EACCES));
    }
    // SAFETY: a valid C string.
    if unsafe { libc::access(path.as_ptr(), libc::X_OK) } != 0 {
        return Err(Errno::last());
    }
    if n < 0 {
        return Err(read_err);
    }
    head.truncate(n as usize);
    Ok(head)
}

/// What the host is to exec: the file, argv and envp.
#[derive(Debug, PartialEq, Eq)]
pub struct HostExec {
    pub path: CString,
    pub argv: Vec<CString>,
}

/// Works out the host execve for the guest's execve of `path` (the guest's spelling)
/// with `argv`.
pub fn plan(ctx: &Ctx<'_>, path: &CStr, argv: Vec<Vec<u8>>) -> Result<HostExec, Errno> {
    let config = ctx.process.config();
    let sysroot = config.sysroot.as_ref();
    let mut path = path.to_owned();
    let mut argv = argv;
    for _ in 0..=MAX_SCRIPT_DEPTH {
        // With a rootfs the walk also gives the guest path the new crossrun is to load
        // (it resolves it again in the same root).
        let rootfs = ctx.process.rootfs();
        let (host_path, guest_path) = match &rootfs {
            Some(root) => {
                let exe = config.exe_path.as_os_str().as_bytes();
                let r = root.at(AT_FDCWD, path.as_bytes(), Rules::follow(true), exe)?;
                (r.host, Some(r.guest))
            }
            None if fs::is_proc_self_exe(&path) => (cstring(config.exe_path.as_os_str().as_bytes()), None),
            None => (crate::path::translate(sysroot, path.clone())?, None),
        };
        match classify(&read_head(&host_path)?)? {
            Kind::Host => {
                let argv = argv.iter().map(|a| cstring(a)).collect();
                return Ok(HostExec { path: host_path, argv });
            }
            Kind::Guest => {
                let program = match guest_path {
                    Some(g) => cstring(&g),
                    None => path_of_fd_link(&host_path).unwrap_or_else(|| host_path.clone()),
                };
                let mut args: Vec<CString> = vec![cstring(b"crossrun")];
                args.extend(config.reexec_options.iter().map(|o| cstring(o.as_bytes())));
                // The root as it is now (after any chroot), its binds already resolved,
                // so the new program's view does not depend on the cwd.
                let root_options = rootfs.as_ref().map(|fs| fs.as_options()).unwrap_or_default();
                args.extend(root_options.iter().map(|o| cstring(o.as_bytes())));
                // The fake credentials as they are now, not as crossrun started.
                if let Some(f) = ctx.process.fakeroot() {
                    args.extend(f.reexec_args(&host_path).iter().map(|o| cstring(o.as_bytes())));
                }
                // Linux (since 5.18) runs a program given an empty argv with argv[0] "".
                let argv0 = argv.first().cloned().unwrap_or_default();
                // --argv0, not -0: after --rootfs, -0 means fake root (see the CLI).
                args.push(cstring(b"--argv0"));
                args.push(cstring(&argv0));
                args.push(cstring(b"--"));
                args.push(program);
                args.extend(argv.iter().skip(1).map(|a| cstring(a)));
                return Ok(HostExec { path: cstring(b"/proc/self/exe"), argv: args });
            }
            Kind::Script { interpreter, arg } => {
                // [interpreter, arg?, path as the guest named it, argv[1..]].
                let mut next = vec![interpreter.clone()];
                next.extend(arg);
                next.push(path.to_bytes().to_vec());
                next.extend(argv.into_iter().skip(1));
                argv = next;
                path = cstring(&interpreter);
            }
        }
    }
    Err(Errno(libc::ELOOP))
}

/// fexecve/execveat(fd, "", AT_EMPTY_PATH) name the program as `/proc/self/fd/N`, which
/// the new crossrun cannot open after the exec when the fd is close-on-exec (as it
/// usually is). The file's own path is used instead when the link names one that is
/// still the same file (same device and inode); None otherwise.
fn path_of_fd_link(path: &CStr) -> Option<CString> {
    let p = path.to_bytes();
    let rest = p.strip_prefix(b"/proc/self/fd/").or_else(|| p.strip_prefix(b"/dev/fd/"))?;
    if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let target = std::fs::read_link(OsStr::from_bytes(p)).ok()?;
    let target = target.as_os_str().as_bytes();
    if target.first() != Some(&b'/') {
        return None;
    }
    use std::os::unix::fs::MetadataExt;
    let via_fd = std::fs::metadata(OsStr::from_bytes(p)).ok()?;
    let direct = std::fs::metadata(OsStr::from_bytes(target)).ok()?;
    (via_fd.dev() == direct.dev() && via_fd.ino() == direct.ino()).then(|| cstring(target))
}

/// Carries out the plan; returns only on failure.
fn exec(plan: &HostExec, envp: &[Vec<u8>]) -> Errno {
    let env: Vec<CString> = envp.iter().map(|e| cstring(e)).collect();
    let mut argv_ptrs: Vec<*const libc::c_char> = plan.argv.iter().map(|a| a.as_ptr()).collect();
    argv_ptrs.push(std::ptr::null());
    let mut env_ptrs: Vec<*const libc::c_char> = env.iter().map(|e| e.as_ptr()).collect();
    env_ptrs.push(std::ptr::null());
    // SAFETY: NULL-terminated arrays of valid C strings that outlive the call.
    unsafe { libc::execve(plan.path.as_ptr(), argv_ptrs.as_ptr(), env_ptrs.as_ptr()) };
    Errno::last()
}

fn do_execve(ctx: &mut Ctx<'_>, path: CString, argv_addr: u64, envp_addr: u64) -> SysResult {
    let word = ctx.abi.layouts.word;
    let argv = read_strings(argv_addr, word)?;
    let envp = read_strings(envp_addr, word)?;
    let plan = plan(ctx, &path, argv)?;
    if ctx.process.config().strace {
        crossrun_exec::logfile::line(format_args!(
            "{} execve(\"{}\") = 0 (running {})",
            crate::host::getpid(),
            path.to_string_lossy(),
            OsStr::from_bytes(plan.path.to_bytes()).to_string_lossy()
        ));
    }
    // The new program starts with the guest's signal mask, as after the kernel's execve;
    // the new crossrun takes the mask it starts with as the guest's. The host mask may
    // hold extra bits crossrun uses for delivery, so it is set exactly for the exec.
    let owned = crate::sys::signal::bit(libc::SIGSEGV) | crate::sys::signal::bit(libc::SIGBUS);
    let before = crate::host::sigprocmask(libc::SIG_SETMASK, Some(ctx.thread.sigmask & !owned));
    let err = exec(&plan, &envp);
    if let Ok(old) = before {
        let _ = crate::host::sigprocmask(libc::SIG_SETMASK, Some(old));
    }
    Err(err)
}

pub fn execve(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let path = guest::read_path(a[0])?;
    do_execve(ctx, path, a[1], a[2])
}

/// execveat(dirfd, path, argv, envp, flags): a path relative to a directory fd, or the
/// fd itself with AT_EMPTY_PATH, is reached through `/proc/self/fd`.
pub fn execveat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (dirfd, flags) = (a[0] as i32, a[4]);
    if flags & !(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0 {
        return Err(Errno::EINVAL);
    }
    let path = guest::read_path(a[1])?;
    let path = if path.as_bytes().is_empty() {
        if flags & AT_EMPTY_PATH == 0 {
            return Err(Errno::ENOENT);
        }
        cstring(format!("/proc/self/fd/{dirfd}").as_bytes())
    } else if path.as_bytes()[0] != b'/' && dirfd != AT_FDCWD {
        let mut p = format!("/proc/self/fd/{dirfd}/").into_bytes();
        p.extend_from_slice(path.as_bytes());
        cstring(&p)
    } else {
        path
    };
    do_execve(ctx, path, a[2], a[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(i: &str, a: Option<&str>) -> Result<Kind, Errno> {
        Ok(Kind::Script { interpreter: i.as_bytes().to_vec(), arg: a.map(|a| a.as_bytes().to_vec()) })
    }

    #[test]
    fn fd_links_resolve_to_the_same_file_only() {
        use std::os::fd::AsRawFd;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("prog");
        std::fs::write(&file, b"x").unwrap();
        let f = std::fs::File::open(&file).unwrap(); // O_CLOEXEC, as std opens
        let link = cstring(format!("/proc/self/fd/{}", f.as_raw_fd()).as_bytes());
        assert_eq!(path_of_fd_link(&link), Some(cstring(file.as_os_str().as_bytes())));
        let devfd = cstring(format!("/dev/fd/{}", f.as_raw_fd()).as_bytes());
        assert_eq!(path_of_fd_link(&devfd), Some(cstring(file.as_os_str().as_bytes())));
        // Replaced by another file with the same name: not the same file any more.
        std::fs::remove_file(&file).unwrap();
        std::fs::write(&file, b"y").unwrap();
        assert_eq!(path_of_fd_link(&link), None);
        assert_eq!(path_of_fd_link(&cstring(b"/usr/bin/env")), None);
        assert_eq!(path_of_fd_link(&cstring(b"/proc/self/fd/")), None);
    }

    #[test]
    fn classifies_elf_machines_and_shebangs() {
        let elf = |id: ElfId| {
            let mut h = vec![0x7f, b'E', b'L', b'F', if id.is_64 { 2 } else { 1 }, 1, 1, 0];
            h.resize(18, 0);
            h.extend(id.machine.to_le_bytes());
            h
        };
        for g in crate::arch::GUESTS {
            assert_eq!(classify(&elf(g.elf)), Ok(Kind::Guest), "{}", g.name);
        }
        assert_eq!(classify(&elf(HOST_ELF)), Ok(Kind::Host));
        assert_eq!(classify(&elf(ElfId { machine: 22, is_64: true })), Err(Errno(libc::ENOEXEC)), "s390x");
        assert_eq!(classify(b"#!/bin/sh\necho"), script("/bin/sh", None));
        assert_eq!(classify(b"#! \t/usr/bin/env  python3 -u \nx"), script("/usr/bin/env", Some("python3 -u")));
        assert_eq!(classify(b"#!\n"), Err(Errno(libc::ENOEXEC)));
        assert_eq!(classify(b"plain text"), Err(Errno(libc::ENOEXEC)));
        assert_eq!(classify(b""), Err(Errno(libc::ENOEXEC)));
        // An interpreter name that runs off the end of the buffer.
        assert_eq!(classify(b"#!/very/long"), Err(Errno(libc::ENOEXEC)));
        assert_eq!(classify(b"#!/bin/sh -e"), script("/bin/sh", Some("-e")));
    }

    #[test]
    fn kernel_errors_for_missing_and_non_executable_files() {
        let mut g = crate::testutil::Guest::new();
        let dir = tempfile::tempdir().unwrap();
        let c = |p: &std::path::Path| CString::new(p.as_os_str().as_bytes()).unwrap();
        let ctx = Ctx { process: &g.process, abi: g.process.abi(), thread: &mut g.thread, cpu: &mut g.cpu, stop: None };
        let missing = dir.path().join("missing");
        assert_eq!(plan(&ctx, &c(&missing), vec![]), Err(Errno::ENOENT));
        assert_eq!(plan(&ctx, &c(dir.path()), vec![]), Err(Errno(libc::EACCES)));
        let text = dir.path().join("text");
        std::fs::write(&text, b"hello").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&text, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(plan(&ctx, &c(&text), vec![]), Err(Errno(libc::ENOEXEC)));
        // A script whose interpreter is a host program runs the host program with the
        // kernel's argv.
        let s = dir.path().join("s");
        std::fs::write(&s, b"#!/bin/true -x\n").unwrap();
        std::fs::set_permissions(&s, std::fs::Permissions::from_mode(0o755)).unwrap();
        let p = plan(&ctx, &c(&s), vec![b"s".to_vec(), b"arg".to_vec()]).unwrap();
        assert_eq!(p.path.as_bytes(), b"/bin/true");
        let argv: Vec<&[u8]> = p.argv.iter().map(|a| a.as_bytes()).collect();
        assert_eq!(argv, vec![&b"/bin/true"[..], b"-x", s.as_os_str().as_bytes(), b"arg"]);
        // A script running itself loops: ELOOP.
        let l = dir.path().join("l");
        std::fs::write(&l, format!("#!{}\n", l.display())).unwrap();
        std::fs::set_permissions(&l, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(plan(&ctx, &c(&l), vec![]), Err(Errno(libc::ELOOP)));
    }
}
