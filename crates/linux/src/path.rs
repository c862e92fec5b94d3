//! Guest path translation: qemu's `-L` semantic.
//!
//! With a sysroot (`-L DIR`), an absolute path the guest names is looked up as
//! `DIR + path` first and used from there if it exists; otherwise the path is used as it
//! is. That is how a dynamically linked guest finds its dynamic linker's libraries
//! (`/lib/libc.so.6` is `/usr/aarch64-linux-gnu/lib/libc.so.6` on a Debian host) while
//! still reading the host's `/etc/passwd` or writing to `/tmp`.
//!
//! Only lookups are translated (open, stat, access, readlink, exec); calls that create
//! or remove names act on the path as given, so a guest never writes into the sysroot
//! by accident of a name existing there. The kernel's pseudo file systems are never
//! translated: they describe the running system, not the guest's tree.

use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// Trees that always mean the host's own (live kernel state and devices).
const NEVER_TRANSLATED: &[&[u8]] = &[b"/proc", b"/sys", b"/dev"];

/// The host path for an absolute guest `path` under `sysroot`, if the sysroot has it.
pub fn in_sysroot(sysroot: Option<&Path>, path: &CStr) -> Option<CString> {
    let root = sysroot?;
    let p = path.to_bytes();
    if p.first() != Some(&b'/') || p.iter().all(|&b| b == b'/') {
        return None;
    }
    if NEVER_TRANSLATED.iter().any(|t| p.starts_with(t) && matches!(p.get(t.len()), None | Some(b'/'))) {
        return None;
    }
    let mut joined = root.as_os_str().as_bytes().to_vec();
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

/// `path` translated if the sysroot has it, else unchanged.
pub fn translate(sysroot: Option<&Path>, path: CString) -> CString {
    in_sysroot(sysroot, &path).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_found_in_the_sysroot_are_redirected() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("lib")).unwrap();
        std::fs::write(root.path().join("lib/libc.so.6"), b"").unwrap();
        std::fs::create_dir_all(root.path().join("proc/self")).unwrap();
        let r = Some(root.path());
        let c = |s: &str| CString::new(s).unwrap();
        let inside = format!("{}/lib/libc.so.6", root.path().display());
        assert_eq!(translate(r, c("/lib/libc.so.6")), c(&inside));
        // Not in the sysroot, relative, the root itself, pseudo file systems: unchanged.
        assert_eq!(translate(r, c("/etc/passwd")), c("/etc/passwd"));
        assert_eq!(translate(r, c("lib/libc.so.6")), c("lib/libc.so.6"));
        assert_eq!(translate(r, c("/")), c("/"));
        assert_eq!(translate(r, c("/proc/self")), c("/proc/self"));
        assert_eq!(translate(None, c("/lib/libc.so.6")), c("/lib/libc.so.6"));
    }
}
