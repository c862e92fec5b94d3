//! Making sure binfmt_misc is mounted before a command changes it. Hosts
//! with systemd mount it on first access; minimal containers, chroots and
//! CI runners often do not have it mounted at all.

use crate::console::Console;
use crate::error::BinfmtError;
use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountState {
    AlreadyMounted,
    MountedNow,
    /// Dry run on an unmounted point: nothing can be listed, nothing was done.
    WouldMount,
}

/// Whether a binfmt_misc instance is mounted on `dir`: its `register` file
/// exists only then.
pub fn is_mounted(dir: &Path) -> bool {
    dir.join("register").symlink_metadata().is_ok()
}

/// Mounts binfmt_misc on `dir` unless it already is, saying what it did
/// (or, with `dry_run`, what it would do).
pub fn ensure_mounted(
    dir: &Path,
    dry_run: bool,
    console: &mut Console<'_>,
) -> Result<MountState, BinfmtError> {
    if is_mounted(dir) {
        return Ok(MountState::AlreadyMounted);
    }
    if dry_run {
        check_mount_point(dir)?;
        console.say(format!(
            "would mount binfmt_misc on {0} (mount -t binfmt_misc binfmt_misc {0})",
            dir.display()
        ))?;
        return Ok(MountState::WouldMount);
    }
    mount_if_missing(dir)?;
    console.say(format!("mounted binfmt_misc on {}", dir.display()))?;
    Ok(MountState::MountedNow)
}

/// `mount -t binfmt_misc binfmt_misc DIR` unless binfmt_misc is already
/// mounted there. Returns whether it mounted it.
pub fn mount_if_missing(dir: &Path) -> Result<bool, BinfmtError> {
    if is_mounted(dir) {
        return Ok(false);
    }
    check_mount_point(dir)?;
    mount_binfmt_misc(dir).map_err(|err| match err.raw_os_error() {
        Some(libc::EPERM) | Some(libc::EACCES) => BinfmtError::NotRoot {
            path: dir.to_owned(),
        },
        Some(libc::ENODEV) => BinfmtError::NoKernelSupport,
        Some(libc::ENOENT) => BinfmtError::MountPointMissing {
            dir: dir.to_owned(),
        },
        _ => BinfmtError::MountFailed {
            dir: dir.to_owned(),
            source: err,
        },
    })?;
    Ok(true)
}

fn check_mount_point(dir: &Path) -> Result<(), BinfmtError> {
    if dir.is_dir() {
        return Ok(());
    }
    // /proc/sys/fs/binfmt_misc only exists while the kernel has binfmt_misc.
    if kernel_lacks_binfmt_misc() {
        return Err(BinfmtError::NoKernelSupport);
    }
    Err(BinfmtError::MountPointMissing {
        dir: dir.to_owned(),
    })
}

/// True only when /proc/filesystems is readable and does not list
/// binfmt_misc (if it cannot be read, nothing is concluded).
fn kernel_lacks_binfmt_misc() -> bool {
    std::fs::read_to_string("/proc/filesystems")
        .map(|text| {
            !text
                .lines()
                .any(|line| line.split_whitespace().last() == Some("binfmt_misc"))
        })
        .unwrap_or(false)
}

fn mount_binfmt_misc(dir: &Path) -> io::Result<()> {
    let target = CString::new(dir.as_os_str().as_bytes()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "mount point contains a NUL byte",
        )
    })?;
    let source = c"binfmt_misc";
    // Same options systemd uses for this mount: nothing on it is meant to be
    // executed, set-id, or a device.
    let flags = libc::MS_NOSUID | libc::MS_NODEV | libc::MS_NOEXEC;
    // SAFETY: all three strings are valid NUL-terminated C strings that live
    // across the call, and binfmt_misc takes no mount data (null is allowed).
    let rc = unsafe {
        libc::mount(
            source.as_ptr(),
            target.as_ptr(),
            source.as_ptr(),
            flags,
            std::ptr::null(),
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_mount_point_is_an_error_and_dry_run_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console::new(&mut out, &mut err);
        let gone = dir.path().join("gone");
        assert!(matches!(
            ensure_mounted(&gone, true, &mut console),
            Err(BinfmtError::MountPointMissing { .. } | BinfmtError::NoKernelSupport)
        ));
        assert_eq!(
            ensure_mounted(dir.path(), true, &mut console).unwrap(),
            MountState::WouldMount
        );
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("would mount binfmt_misc on"));
        std::fs::write(dir.path().join("register"), "").unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut console = Console::new(&mut out, &mut err);
        assert_eq!(
            ensure_mounted(dir.path(), false, &mut console).unwrap(),
            MountState::AlreadyMounted
        );
    }
}
