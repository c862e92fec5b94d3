//! Guest path translation: qemu's `-L` semantic.
//!
//! With a sysroot (`-L DIR`), an absolute path the guest names is looked up as
//! `DIR + path` first and used from there if it exists; otherwise the path is used as it
//! is. That is how a dynamically linked guest finds its dynamic linker's libraries
//! (`/lib/libc.so.6` is `/usr/aarch64-linux-gnu/lib/libc.so.6` on a Debian host) while
//! still reading the host's `/etc/passwd` or writing to `/tmp`.
//!
//! One exception keeps the guest's C library consistent: a path under a library
//! directory (`/lib`, `/usr/lib`, ... and their multiarch subdirectories) that the
//! sysroot lacks, where the host has an ELF file built for the guest's architecture, does
//! not exist for the guest. That file is the host's own copy of a guest library (Debian's
//! multiarch `libc6:arm64` installs `/lib/aarch64-linux-gnu/libc.so.6`), usually a
//! different build from the sysroot's: the sysroot's dynamic linker probing its
//! multiarch directory must go on to the sysroot's own copy, not load the host's and mix
//! two C libraries (which hangs threaded programs in glibc).
//!
//! Only lookups are translated (open, stat, access, readlink, exec); calls that create
//! or remove names act on the path as given, so a guest never writes into the sysroot
//! by accident of a name existing there. The kernel's pseudo file systems are never
//! translated: they describe the running system, not the guest's tree.

use crate::errno::Errno;
use crossrun_loader::ElfId;
use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// Trees that always mean the host's own (live kernel state and devices).
const NEVER_TRANSLATED: &[&[u8]] = &[b"/proc", b"/sys", b"/dev"];

/// Where dynamic linkers look for libraries, with every directory below them.
const LIBRARY_DIRS: &[&[u8]] = &[
    b"/lib",
    b"/lib64",
    b"/lib32",
    b"/libx32",
    b"/usr/lib",
    b"/usr/lib64",
    b"/usr/lib32",
    b"/usr/libx32",
    b"/usr/local/lib",
];

/// qemu's `-L` directory, and the guest whose libraries the host's library directories
/// may hold copies of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sysroot {
    pub dir: PathBuf,
    pub guest: ElfId,
}

/// Whether `p` is one of `dirs` or lies below one.
fn is_below(p: &[u8], dirs: &[&[u8]]) -> bool {
    dirs.iter().any(|t| p.starts_with(t) && matches!(p.get(t.len()), None | Some(b'/')))
}

impl Sysroot {
    /// The host path for an absolute guest `path` if the sysroot has it.
    pub fn inside(&self, path: &CStr) -> Option<CString> {
        let p = path.to_bytes();
        if p.first() != Some(&b'/') || p.iter().all(|&b| b == b'/') || is_below(p, NEVER_TRANSLATED) {
            return None;
        }
        let mut joined = self.dir.as_os_str().as_bytes().to_vec();
        while joined.last() == Some(&b'/') {
            joined.pop();
        }
        joined.extend_from_slice(p);
        let joined = CString::new(joined).ok()?;
        // lstat: a dangling symlink inside the sysroot still counts as "exists there", as
        // the caller may be asking about the link itself (readlink, lstat).
        // SAFETY: a valid C string and a zeroed stat buffer of the host's type.
        let exists = unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            libc::lstat(joined.as_ptr(), &mut st) == 0
        };
        exists.then_some(joined)
    }

    /// The host path the guest's lookup of `path` reaches: inside the sysroot if it is
    /// there, else `path` itself, except that the host's copies of guest libraries do
    /// not exist (ENOENT).
    pub fn lookup(&self, path: CString) -> Result<CString, Errno> {
        if let Some(inside) = self.inside(&path) {
            return Ok(inside);
        }
        if self.hides(path.as_bytes(), &path) {
            return Err(Errno(libc::ENOENT));
        }
        Ok(path)
    }

    /// Whether the guest path `guest_path`, found outside the sysroot at `host_file`, is
    /// the host's copy of a guest library.
    pub fn hides(&self, guest_path: &[u8], host_file: &CStr) -> bool {
        is_below(guest_path, LIBRARY_DIRS) && self.guest.is_file_for(host_file)
    }
}

/// The host path for the guest's lookup of `path`, with or without a sysroot.
pub fn translate(sysroot: Option<&Sysroot>, path: CString) -> Result<CString, Errno> {
    match sysroot {
        Some(s) => s.lookup(path),
        None => Ok(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUEST: ElfId = ElfId { machine: 183, is_64: true };

    /// The first 20 bytes of an ELF header for `machine`.
    fn elf_head(machine: u16, class: u8) -> Vec<u8> {
        let mut h = b"\x7fELF".to_vec();
        h.extend([class, 1, 1, 0]);
        h.resize(18, 0);
        h.extend(machine.to_le_bytes());
        h
    }

    #[test]
    fn absolute_paths_found_in_the_sysroot_are_redirected() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("lib")).unwrap();
        std::fs::write(root.path().join("lib/libc.so.6"), b"").unwrap();
        std::fs::create_dir_all(root.path().join("proc/self")).unwrap();
        let s = Sysroot { dir: root.path().to_owned(), guest: GUEST };
        let r = Some(&s);
        let c = |s: &str| CString::new(s).unwrap();
        let inside = format!("{}/lib/libc.so.6", root.path().display());
        assert_eq!(translate(r, c("/lib/libc.so.6")), Ok(c(&inside)));
        // Not in the sysroot, relative, the root itself, pseudo file systems: unchanged.
        assert_eq!(translate(r, c("/etc/passwd")), Ok(c("/etc/passwd")));
        assert_eq!(translate(r, c("lib/libc.so.6")), Ok(c("lib/libc.so.6")));
        assert_eq!(translate(r, c("/")), Ok(c("/")));
        assert_eq!(translate(r, c("/proc/self")), Ok(c("/proc/self")));
        assert_eq!(translate(None, c("/lib/libc.so.6")), Ok(c("/lib/libc.so.6")));
    }

    #[test]
    fn guest_elf_files_and_library_directories_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("libc.so.6");
        std::fs::write(&lib, elf_head(183, 2)).unwrap();
        let other = dir.path().join("libother.so");
        std::fs::write(&other, elf_head(62, 2)).unwrap();
        let c = |p: &std::path::Path| CString::new(p.as_os_str().as_bytes()).unwrap();
        assert!(GUEST.is_file_for(&c(&lib)));
        assert!(!GUEST.is_file_for(&c(&other)), "another machine");
        assert!(!ElfId { machine: 183, is_64: false }.is_file_for(&c(&lib)), "another class");
        assert!(!GUEST.is_file_for(c"/nonexistent/libc.so.6"));
        // Outside the library directories a guest ELF on the host is reached (a guest
        // program exec'ing another by its absolute path, say).
        let s = Sysroot { dir: dir.path().join("sysroot"), guest: GUEST };
        assert_eq!(s.lookup(c(&lib)), Ok(c(&lib)));
        assert!(is_below(b"/lib/aarch64-linux-gnu/libc.so.6", LIBRARY_DIRS));
        assert!(is_below(b"/usr/lib/aarch64-linux-gnu/libgcc_s.so.1", LIBRARY_DIRS));
        assert!(is_below(b"/lib", LIBRARY_DIRS));
        assert!(!is_below(b"/library/x.so", LIBRARY_DIRS));
        assert!(!is_below(b"/home/me/lib/libc.so.6", LIBRARY_DIRS));
    }

    /// On a machine with Debian's multiarch aarch64 C library, its copy in
    /// /lib/aarch64-linux-gnu is hidden from a guest under a sysroot, while the host's
    /// own x86_64 library beside it is not a guest library and stays visible.
    #[test]
    fn the_multiarch_c_library_is_hidden_where_installed() {
        let host_copy = c"/lib/aarch64-linux-gnu/libc.so.6";
        if !GUEST.is_file_for(host_copy) {
            // The test machine (scripts/setup-deps.sh) has it: there a skip is a failure.
            assert!(std::env::var_os("CROSSRUN_USERLAND_REQUIRED").is_none(), "libc6:arm64 is not installed");
            eprintln!("skipped: no Debian multiarch libc6:arm64 on this machine");
            return;
        }
        let sysroot = tempfile::tempdir().unwrap();
        let s = Sysroot { dir: sysroot.path().to_owned(), guest: GUEST };
        assert_eq!(s.lookup(host_copy.to_owned()), Err(Errno(libc::ENOENT)));
        let native = c"/lib/x86_64-linux-gnu/libc.so.6";
        assert_eq!(s.lookup(native.to_owned()), Ok(native.to_owned()));
    }
}
