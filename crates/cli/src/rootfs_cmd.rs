//! `crossrun rootfs shell|create`: friendly entries to `--rootfs`.
//!
//! - `shell [OPTIONS] DIR [PROGRAM ARGS...]` runs a login shell (`/bin/bash -l`, else
//!   `/bin/sh -l`) or the given program inside DIR, starting at `/` with HOME, TERM and
//!   PATH set as a fresh login on a Debian system would have them.
//! - `create [--arch A] [--suite S] [--variant V] [--mirror URL] DIR` builds a Debian
//!   root file system for A, a Debian architecture crossrun runs (default: the first
//!   guest of the registry): the host's `debootstrap --foreign` downloads and unpacks the
//!   packages (as root, or under `fakeroot`), then `/debootstrap/debootstrap
//!   --second-stage` configures them inside DIR under crossrun itself with a fake root.
//!   Downloaded packages are kept in `$CROSSRUN_CACHE/debootstrap` for the next run.

use crate::options::RunOptions;
use crossrun_linux::rootfs::resolve::Rules;
use crossrun_linux::rootfs::Rootfs;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const HELP: &str = "\
usage: crossrun rootfs shell [--root-id|-0] [--bind HOST[:GUEST]]... [--no-default-binds]
                             DIR [PROGRAM [ARGS...]]
       crossrun rootfs create [--arch ARCH] [--suite bookworm] [--variant minbase]
                              [--mirror URL] DIR

shell   runs /bin/bash -l (or /bin/sh -l) in the root file system DIR, or PROGRAM
        if given, with HOME=/root, PATH set for a root login and TERM from the
        host. --root-id (or -0) runs it as a fake root.
create  builds a Debian root file system in DIR: host debootstrap --foreign
        (as root, or under fakeroot), then its second stage inside DIR under
        crossrun --rootfs with a fake root. ARCH is a Debian architecture
        crossrun runs (an unknown one is answered with the list, whose first
        is the default). Packages are cached in $CROSSRUN_CACHE/debootstrap.
";

/// The PATH a root login gets on Debian.
const ROOT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Runs `crossrun rootfs ARGS...`; returns the exit status.
pub fn main(args: &[OsString]) -> i32 {
    let result = match args.first().and_then(|a| a.to_str()) {
        Some("shell") => shell(&args[1..]),
        Some("create") => create(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{HELP}");
            Ok(0)
        }
        _ => Err(format!("wants 'shell' or 'create'\n{HELP}")),
    };
    result.unwrap_or_else(|e| {
        eprintln!("crossrun rootfs: {e}");
        1
    })
}

/// The value after option `name`, or an error naming it.
fn value(args: &[OsString], i: usize, name: &str) -> Result<OsString, String> {
    args.get(i + 1).cloned().ok_or_else(|| format!("{name} needs a value"))
}

fn shell(args: &[OsString]) -> Result<i32, String> {
    let mut opts = RunOptions::default();
    let mut i = 0;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        match a {
            "--root-id" | "-0" => opts.root_id = true,
            "--no-default-binds" => opts.no_default_binds = true,
            "--bind" => {
                let v = value(args, i, a)?;
                let s = v.to_string_lossy();
                let (host, guest) = s.split_once(':').unwrap_or((&s, &s));
                opts.binds.push((host.into(), guest.into()));
                i += 1;
            }
            _ if a.starts_with('-') => return Err(format!("shell: unknown option '{a}'\n{HELP}")),
            _ => break,
        }
        i += 1;
    }
    let dir = PathBuf::from(args.get(i).ok_or_else(|| format!("shell: no DIR\n{HELP}"))?);
    let fs = Rootfs::new(&dir, &[])?;
    // The shell starts at the guest's /.
    std::env::set_current_dir(fs.root()).map_err(|e| format!("{}: {e}", dir.display()))?;
    opts.rootfs = Some(dir);
    match args.get(i + 1) {
        Some(program) => {
            opts.program = program.into();
            opts.args = args[i + 2..].to_vec();
        }
        None => {
            let exists = |p: &str| {
                let r = fs.at(libc::AT_FDCWD, p.as_bytes(), Rules::follow(true), b"/");
                r.is_ok_and(|r| Path::new(OsStr::from_bytes(r.host.as_bytes())).is_file())
            };
            opts.program = if exists("/bin/bash") { "/bin/bash" } else { "/bin/sh" }.into();
            opts.args = vec!["-l".into()];
        }
    }
    let term = std::env::var_os("TERM").unwrap_or_else(|| "xterm".into());
    opts.set_env = vec![("HOME".into(), "/root".into()), ("PATH".into(), ROOT_PATH.into()), ("TERM".into(), term)];
    Ok(crate::run::run(opts))
}

/// Where debootstrap keeps downloaded packages between runs.
fn cache_dir() -> PathBuf {
    let base = std::env::var_os("CROSSRUN_CACHE").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
        home.join(".cache/crossrun")
    });
    std::path::absolute(base.join("debootstrap")).unwrap_or_else(|_| base.join("debootstrap"))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

fn create(args: &[OsString]) -> Result<i32, String> {
    // The default guest is the registry's first.
    let default_arch = crossrun_linux::arch::GUESTS[0].libraries[0].debian_arch;
    let (mut arch, mut suite, mut variant, mut mirror) =
        (default_arch.to_string(), "bookworm".to_string(), None, "http://deb.debian.org/debian".to_string());
    let mut dir = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        let slot = match a.as_str() {
            "--arch" => &mut arch,
            "--suite" => &mut suite,
            "--mirror" => &mut mirror,
            "--variant" => {
                variant = Some(value(args, i, &a)?.to_string_lossy().into_owned());
                i += 2;
                continue;
            }
            _ if a.starts_with('-') => return Err(format!("create: unknown option '{a}'\n{HELP}")),
            _ if dir.is_none() => {
                dir = Some(PathBuf::from(&args[i]));
                i += 1;
                continue;
            }
            _ => return Err(format!("create: unexpected argument '{a}'")),
        };
        *slot = value(args, i, &a)?.to_string_lossy().into_owned();
        i += 2;
    }
    let debian_arches: Vec<&str> = crossrun_linux::arch::GUESTS.iter().flat_map(|g| g.libraries).map(|l| l.debian_arch).collect();
    if !debian_arches.contains(&arch.as_str()) {
        return Err(format!("create: --arch {arch} is not one crossrun runs (it runs: {})", debian_arches.join(", ")));
    }
    let dir = dir.ok_or_else(|| format!("create: no DIR\n{HELP}"))?;
    if !on_path("debootstrap") {
        return Err("create: debootstrap is not installed (apt-get install debootstrap)".into());
    }
    let cache = cache_dir();
    std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // Stage one unpacks packages with their owners and device nodes: root can, fakeroot
    // pretends to; an ordinary user cannot.
    // SAFETY: geteuid has no arguments and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let mut stage1 = if root {
        Command::new("debootstrap")
    } else if on_path("fakeroot") {
        let mut c = Command::new("fakeroot");
        c.arg("debootstrap");
        c
    } else {
        return Err("create: debootstrap --foreign needs root or fakeroot (apt-get install fakeroot)".into());
    };
    stage1.args(["--foreign", "--arch", &arch]);
    if let Some(v) = &variant {
        stage1.arg(format!("--variant={v}"));
    }
    stage1.arg(format!("--cache-dir={}", cache.display())).arg(&suite).arg(&dir).arg(&mirror);
    eprintln!("crossrun rootfs create: stage 1/2: {stage1:?}");
    let status = stage1.status().map_err(|e| format!("create: cannot run debootstrap: {e}"))?;
    if !status.success() {
        return Err(format!("create: debootstrap --foreign failed ({status}); see {}/debootstrap/debootstrap.log", dir.display()));
    }
    let me = std::env::current_exe().map_err(|e| format!("cannot find my own executable: {e}"))?;
    let mut stage2 = Command::new(me);
    stage2.arg("--rootfs").arg(&dir).args(["--root-id", "/debootstrap/debootstrap", "--second-stage"]);
    stage2.env("PATH", ROOT_PATH).env("HOME", "/root");
    eprintln!("crossrun rootfs create: stage 2/2: {stage2:?}");
    let status = stage2.status().map_err(|e| format!("create: cannot run the second stage: {e}"))?;
    if !status.success() {
        return Err(format!("create: the second stage failed ({status}); see {}/debootstrap/debootstrap.log", dir.display()));
    }
    eprintln!("crossrun rootfs create: done; try: crossrun rootfs shell {}", dir.display());
    Ok(0)
}
