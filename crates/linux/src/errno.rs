//! Error numbers.
//!
//! Every handler reports failure as an [`Errno`] in the *host's* numbering: errors come
//! either from a host call (`errno` after it returned -1) or from the handler's own checks
//! (written with `libc::E*` constants). The dispatcher turns that into the guest's number
//! with [`crate::abi::Abi::errno_to_guest`] and into the `-errno` return value, in that
//! one place and nowhere else.

use crossrun_memory::{Fault, MapError};

/// A Linux error number in the host's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

/// What a system call handler returns: the raw return register value, or an error.
pub type SysResult = Result<u64, Errno>;

impl Errno {
    pub const EPERM: Errno = Errno(libc::EPERM);
    pub const ENOENT: Errno = Errno(libc::ENOENT);
    pub const ESRCH: Errno = Errno(libc::ESRCH);
    pub const EBADF: Errno = Errno(libc::EBADF);
    pub const ENOMEM: Errno = Errno(libc::ENOMEM);
    pub const EFAULT: Errno = Errno(libc::EFAULT);
    pub const EEXIST: Errno = Errno(libc::EEXIST);
    pub const EINVAL: Errno = Errno(libc::EINVAL);
    pub const ENOTTY: Errno = Errno(libc::ENOTTY);
    pub const ENAMETOOLONG: Errno = Errno(libc::ENAMETOOLONG);
    pub const ENOSYS: Errno = Errno(libc::ENOSYS);
    pub const EOVERFLOW: Errno = Errno(libc::EOVERFLOW);
    pub const EOPNOTSUPP: Errno = Errno(libc::EOPNOTSUPP);
    pub const ENOTDIR: Errno = Errno(libc::ENOTDIR);
    pub const ELOOP: Errno = Errno(libc::ELOOP);
    pub const EXDEV: Errno = Errno(libc::EXDEV);

    /// The error the last failed host call left in `errno`.
    pub fn last() -> Errno {
        Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO))
    }
}

/// A guest pointer that could not be read or written is `EFAULT`, as in the kernel.
impl From<Fault> for Errno {
    fn from(_: Fault) -> Errno {
        Errno::EFAULT
    }
}

impl From<MapError> for Errno {
    fn from(e: MapError) -> Errno {
        Errno(e.errno())
    }
}

/// Turns the result of a raw host system call (`libc::syscall` style: -1 and `errno` on
/// failure) into a [`SysResult`].
pub fn cvt(rc: libc::c_long) -> SysResult {
    if rc == -1 {
        Err(Errno::last())
    } else {
        Ok(rc as u64)
    }
}

/// Like [`cvt`] for host calls that return a C `int`.
pub fn cvt_int(rc: libc::c_int) -> SysResult {
    cvt(rc as libc::c_long)
}
