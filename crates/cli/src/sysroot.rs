//! Which C library a dynamically linked guest program gets: a consistent set, never two
//! mixed.
//!
//! A Debian machine that cross-builds for a guest often has two builds of the guest's C
//! library: the cross toolchain's (for aarch64 `libc6-arm64-cross`, under
//! `/usr/aarch64-linux-gnu`) and the multiarch one (`libc6:arm64`, in
//! `/lib/aarch64-linux-gnu`, which any `-dev:arm64` package brings in). A dynamic linker from one set that loads `libc.so.6`
//! from the other hangs threaded programs. So without `-L`:
//! - if the host has the program's dynamic linker as a guest ELF file (the multiarch
//!   set), the guest uses the host's own paths, as qemu-user without `-L` does;
//! - else if a cross sysroot has it, that cross sysroot is the guest's `-L` (a guest
//!   with several C libraries, arm's armhf and armel, tries the one the program's
//!   e_flags name first; the dynamic linker's name tells them apart where the flags do
//!   not, as for a program that does no floating point);
//! - else the program cannot start, and the error says how to give it a C library.
//!
//! Under a sysroot (given or chosen), the host's copies of guest libraries are hidden
//! from the guest's lookups (see `crossrun_linux::path`), so the sysroot's dynamic
//! linker never falls back to them either.

use crossrun_linux::arch::GuestLibraries;
use crossrun_linux::path::Sysroot;
use crossrun_loader::ElfId;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The guest's sysroot, and the host path of its dynamic linker if it has one.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub sysroot: Option<Sysroot>,
    pub interpreter: Option<PathBuf>,
}

/// `host_root` + an absolute `path`.
fn under(host_root: &Path, path: &Path) -> PathBuf {
    host_root.join(path.strip_prefix("/").unwrap_or(path))
}

fn is_guest_file(elf: ElfId, path: &Path) -> bool {
    CString::new(path.as_os_str().as_bytes()).is_ok_and(|c| elf.is_file_for(&c))
}

/// The host file of the dynamic linker `interp` under a given sysroot: the sysroot's
/// own, or the host's if that is not a copy of a guest library.
fn interpreter_under(sysroot: &Sysroot, interp: &Path, dir: &Path, host_root: &Path) -> Result<PathBuf, String> {
    let missing = || format!("the program's dynamic linker {} is not under -L {}", interp.display(), dir.display());
    let guest = CString::new(interp.as_os_str().as_bytes()).map_err(|_| missing())?;
    if let Some(inside) = sysroot.inside(&guest) {
        return Ok(PathBuf::from(std::ffi::OsStr::from_bytes(inside.as_bytes())));
    }
    let on_host = under(host_root, interp);
    let host = CString::new(on_host.as_os_str().as_bytes()).map_err(|_| missing())?;
    if on_host.is_file() && !sysroot.hides(guest.as_bytes(), &host) {
        Ok(on_host)
    } else {
        Err(missing())
    }
}

/// Chooses the sysroot for a program for `elf` whose PT_INTERP is `interpreter` (None:
/// static), given `-L` (`explicit`), from the guest's C libraries `libs`, the likeliest
/// first. `host_root` is `/` except in tests, which lay out the machines they describe
/// under a temporary directory.
pub fn choose(explicit: Option<&Path>, interpreter: Option<&Path>, elf: ElfId, libs: &[&GuestLibraries], host_root: &Path) -> Result<Choice, String> {
    if let Some(dir) = explicit {
        // qemu takes -L relative to the current directory.
        let dir = &std::path::absolute(dir).map_err(|e| format!("-L {}: {e}", dir.display()))?;
        let sysroot = Sysroot { dir: under(host_root, dir), guest: elf };
        let interpreter = match interpreter {
            Some(interp) => Some(interpreter_under(&sysroot, interp, dir, host_root)?),
            None => None,
        };
        return Ok(Choice { sysroot: Some(sysroot), interpreter });
    }
    let Some(interp) = interpreter else { return Ok(Choice { sysroot: None, interpreter: None }) };
    let on_host = under(host_root, interp);
    if is_guest_file(elf, &on_host) {
        return Ok(Choice { sysroot: None, interpreter: Some(on_host) });
    }
    for set in libs {
        let cross = under(host_root, Path::new(set.cross_sysroot));
        let in_cross = under(&cross, interp);
        if is_guest_file(elf, &in_cross) {
            return Ok(Choice { sysroot: Some(Sysroot { dir: cross, guest: elf }), interpreter: Some(in_cross) });
        }
    }
    let libs = libs[0];
    Err(format!(
        "the program needs the dynamic linker {}, which is neither on this machine (Debian: apt install libc6:{}) nor under {}; give the guest's libraries with -L DIR",
        interp.display(),
        libs.debian_arch,
        libs.cross_sysroot
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELF: ElfId = ElfId { machine: 183, is_64: true };
    const LIBS: GuestLibraries = GuestLibraries { cross_sysroot: "/usr/aarch64-linux-gnu", debian_arch: "arm64", e_flags_mask: 0, e_flags_value: 0 };
    const INTERP: &str = "/lib/ld-linux-aarch64.so.1";

    /// A machine laid out under a temporary directory: the multiarch set, the cross
    /// sysroot, both or neither.
    fn machine(multiarch: bool, cross: bool) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
        elf.resize(18, 0);
        elf.extend(183u16.to_le_bytes());
        let put = |p: &str| {
            let p = under(root.path(), Path::new(p));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &elf).unwrap();
        };
        if multiarch {
            put(INTERP);
            put("/lib/aarch64-linux-gnu/libc.so.6");
        }
        if cross {
            put("/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1");
            put("/usr/aarch64-linux-gnu/lib/libc.so.6");
        }
        root
    }

    fn dynamic(root: &Path, explicit: Option<&str>) -> Result<Choice, String> {
        choose(explicit.map(Path::new), Some(Path::new(INTERP)), ELF, &[&LIBS], root)
    }

    #[test]
    fn the_multiarch_set_wins_when_the_host_has_the_dynamic_linker() {
        for cross in [false, true] {
            let m = machine(true, cross);
            let c = dynamic(m.path(), None).unwrap();
            assert_eq!(c.sysroot, None, "cross sysroot present: {cross}");
            assert_eq!(c.interpreter, Some(under(m.path(), Path::new(INTERP))));
        }
    }

    #[test]
    fn the_cross_sysroot_serves_when_the_host_has_no_guest_c_library() {
        let m = machine(false, true);
        let c = dynamic(m.path(), None).unwrap();
        let cross = m.path().join("usr/aarch64-linux-gnu");
        assert_eq!(c.sysroot, Some(Sysroot { dir: cross.clone(), guest: ELF }));
        assert_eq!(c.interpreter, Some(cross.join("lib/ld-linux-aarch64.so.1")));
    }

    #[test]
    fn neither_is_a_one_line_error_naming_both_fixes() {
        let m = machine(false, false);
        let e = dynamic(m.path(), None).unwrap_err();
        assert!(!e.contains('\n'));
        assert!(e.contains("libc6:arm64") && e.contains("/usr/aarch64-linux-gnu") && e.contains("-L"), "{e}");
    }

    #[test]
    fn a_given_sysroot_is_used_and_its_dynamic_linker_must_be_there() {
        for multiarch in [false, true] {
            let m = machine(multiarch, true);
            let c = dynamic(m.path(), Some("/usr/aarch64-linux-gnu")).unwrap();
            let cross = m.path().join("usr/aarch64-linux-gnu");
            assert_eq!(c.sysroot.map(|s| s.dir), Some(cross.clone()));
            assert_eq!(c.interpreter, Some(cross.join("lib/ld-linux-aarch64.so.1")));
        }
        let m = machine(false, false);
        let e = dynamic(m.path(), Some("/usr/aarch64-linux-gnu")).unwrap_err();
        assert_eq!(e, "the program's dynamic linker /lib/ld-linux-aarch64.so.1 is not under -L /usr/aarch64-linux-gnu");
        // The host's multiarch copy is not taken in place of the sysroot's.
        let m = machine(true, false);
        std::fs::create_dir_all(m.path().join("sysroot")).unwrap();
        assert!(dynamic(m.path(), Some("/sysroot")).is_err());
    }

    #[test]
    fn a_relative_sysroot_is_taken_from_the_current_directory() {
        let m = machine(false, true);
        // The temporary machine's cross sysroot, spelt relative to the current directory.
        let cwd = std::env::current_dir().unwrap();
        let up: PathBuf = cwd.components().skip(1).map(|_| "..").collect();
        let rel = up.join(m.path().strip_prefix("/").unwrap()).join("usr/aarch64-linux-gnu");
        assert!(rel.is_relative());
        let c = choose(Some(&rel), Some(Path::new(INTERP)), ELF, &[&LIBS], Path::new("/")).unwrap();
        let interp = c.interpreter.unwrap();
        assert!(interp.is_absolute() && interp.ends_with("lib/ld-linux-aarch64.so.1"), "{}", interp.display());
        assert_eq!(std::fs::canonicalize(interp).unwrap(), std::fs::canonicalize(m.path().join("usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1")).unwrap());
    }

    #[test]
    fn static_programs_get_no_default_sysroot() {
        let m = machine(true, true);
        assert_eq!(choose(None, None, ELF, &[&LIBS], m.path()).unwrap(), Choice { sysroot: None, interpreter: None });
        let c = choose(Some(Path::new("/usr/aarch64-linux-gnu")), None, ELF, &[&LIBS], m.path()).unwrap();
        assert!(c.sysroot.is_some() && c.interpreter.is_none());
    }

    /// arm's two C libraries: a program whose e_flags name neither float ABI (it does no
    /// floating point) gets the set whose dynamic linker it names.
    #[test]
    fn the_dynamic_linkers_name_picks_among_a_guests_c_libraries() {
        let root = tempfile::tempdir().unwrap();
        let mut elf = b"\x7fELF\x01\x01\x01".to_vec();
        elf.resize(18, 0);
        elf.extend(40u16.to_le_bytes());
        for p in ["usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3", "usr/arm-linux-gnueabi/lib/ld-linux.so.3"] {
            std::fs::create_dir_all(root.path().join(p).parent().unwrap()).unwrap();
            std::fs::write(root.path().join(p), &elf).unwrap();
        }
        let arm = ElfId { machine: 40, is_64: false };
        let hf = GuestLibraries { cross_sysroot: "/usr/arm-linux-gnueabihf", debian_arch: "armhf", e_flags_mask: 0x400, e_flags_value: 0x400 };
        let el = GuestLibraries { cross_sysroot: "/usr/arm-linux-gnueabi", debian_arch: "armel", e_flags_mask: 0x200, e_flags_value: 0x200 };
        for (interp, dir) in [("/lib/ld-linux-armhf.so.3", "usr/arm-linux-gnueabihf"), ("/lib/ld-linux.so.3", "usr/arm-linux-gnueabi")] {
            for order in [[&el, &hf], [&hf, &el]] {
                let c = choose(None, Some(Path::new(interp)), arm, &order, root.path()).unwrap();
                assert_eq!(c.sysroot.map(|s| s.dir), Some(root.path().join(dir)), "{interp}");
            }
        }
    }
}
