//! Reading this process's auxiliary vector (the key/value list the kernel
//! puts on the initial stack), through libc's getauxval(3). getauxval is
//! used rather than /proc/self/auxv because /proc is often not mounted in
//! the chroots binfmt_misc is used for.

use crate::invocation::LaunchAuxv;
use std::ffi::{CStr, OsString};
use std::os::unix::ffi::OsStringExt;

/// The value of auxv entry `key`, or `None` if the kernel did not pass it.
/// getauxval returns 0 both for "absent" and for a real 0 (AT_EXECFD can be
/// fd 0); only errno (ENOENT) tells them apart, so errno is cleared first.
fn auxv_value(key: libc::c_ulong) -> Option<u64> {
    // SAFETY: __errno_location returns this thread's errno slot, which is
    // always valid to write.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: getauxval has no preconditions; it only reads the auxv copy
    // libc saved at startup.
    let value = unsafe { libc::getauxval(key) };
    if value == 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOENT) {
        None
    } else {
        Some(value)
    }
}

/// AT_EXECFN: a pointer to the execve filename, a NUL-terminated string the
/// kernel copied to the top of the initial stack.
fn exec_filename() -> Option<OsString> {
    let address = auxv_value(libc::AT_EXECFN)?;
    if address == 0 {
        return None;
    }
    let pointer = usize::try_from(address).ok()? as *const libc::c_char;
    // SAFETY: the kernel guarantees AT_EXECFN points at a NUL-terminated
    // string in the process's initial stack area, which stays mapped for the
    // whole life of the process and is never written by libc or Rust std.
    let name = unsafe { CStr::from_ptr(pointer) };
    Some(OsString::from_vec(name.to_bytes().to_vec()))
}

impl LaunchAuxv {
    /// The launch-related auxv values of the running process.
    pub fn from_current_process() -> LaunchAuxv {
        LaunchAuxv {
            at_flags: auxv_value(libc::AT_FLAGS),
            exec_fd: auxv_value(libc::AT_EXECFD).and_then(|fd| i32::try_from(fd).ok()),
            exec_fn: exec_filename(),
            secure: is_secure_mode(),
        }
    }
}

/// Whether the kernel started this process in secure mode (AT_SECURE):
/// the program is setuid/setgid or has file capabilities and the binfmt
/// entry has the C flag, so crossrun runs with privileges the caller does
/// not have. See [`crate::UNSAFE_IN_SECURE_MODE`] for what that forbids.
pub fn is_secure_mode() -> bool {
    auxv_value(libc::AT_SECURE).is_some_and(|value| value != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_runner_itself_is_a_plain_launch() {
        let auxv = LaunchAuxv::from_current_process();
        // Every ELF process gets AT_FLAGS; a normal start has no AT_EXECFD.
        assert!(auxv.at_flags.is_some());
        assert_eq!(auxv.exec_fd, None);
        assert!(!auxv.secure);
        assert!(!is_secure_mode());
        let exec_fn = auxv.exec_fn.as_ref().expect("AT_EXECFN is always set");
        assert!(!exec_fn.is_empty());
        // cargo runs the test binary directly, so this is not a binfmt start
        // (argv[1], if any, is a test filter, never the executed file name).
        let argv: Vec<OsString> = std::env::args_os().collect();
        assert!(!crate::started_by_binfmt(&argv, &auxv));
    }
}
