//! mount and umount2: the answer the kernel gives a caller without CAP_SYS_ADMIN, EPERM,
//! after the checks it makes first. A guest never gets the host's mount privileges,
//! even from a crossrun running as root: under `--rootfs` the guest's /proc, /sys and
//! /dev are crossrun's own view of host directories, so a guest mount or unmount there
//! would change the host's tree (`umount /proc` in debootstrap's second stage would
//! unmount the host's). A fake root (`-0`) is refused the same way: fakeroot and PRoot
//! cannot mount either.

use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::sys::fs::{at_path, Lookup};

const MS_NOUSER: u64 = 1 << 31;
const MNT_FORCE: u64 = 1;
const MNT_DETACH: u64 = 2;
const MNT_EXPIRE: u64 = 4;
const UMOUNT_NOFOLLOW: u64 = 8;

/// The target must exist, as the kernel's lookup finds it (ENOENT, ENOTDIR, ELOOP...).
fn look_up(ctx: &Ctx<'_>, addr: u64, follow: bool) -> Result<(), Errno> {
    let how = Lookup { follow, sysroot: true, names_last: false };
    let path = at_path(ctx, libc::AT_FDCWD as u64, guest::read_path(addr)?, how)?;
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: a valid C string and a zeroed stat for the kernel to fill.
    let r = unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        libc::fstatat(libc::AT_FDCWD, path.as_ptr(), &mut st, flags)
    };
    if r != 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// mount(source, target, fstype, flags, data): the strings are copied, the target
/// looked up and MS_NOUSER refused before the privilege check.
pub fn mount(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    for addr in [a[2], a[0]] {
        if addr != 0 {
            guest::read_cstr(addr, crossrun_memory::PAGE_SIZE as usize)?;
        }
    }
    look_up(ctx, a[1], true)?;
    if a[3] & MS_NOUSER != 0 {
        return Err(Errno::EINVAL);
    }
    ctx.unimplemented(format_args!("mount (refused as for an unprivileged caller)"));
    Err(Errno::EPERM)
}

/// umount2(target, flags): unknown flags, then the lookup, then the privilege check.
pub fn umount2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[1] & !(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW) != 0 {
        return Err(Errno::EINVAL);
    }
    look_up(ctx, a[0], a[1] & UMOUNT_NOFOLLOW == 0)?;
    ctx.unimplemented(format_args!("umount2 (refused as for an unprivileged caller)"));
    Err(Errno::EPERM)
}

#[cfg(test)]
mod tests {
    use crate::testutil::{cstr, Guest};

    #[test]
    fn refused_after_the_kernels_earlier_checks() {
        let mut g = Guest::new();
        let (proc_, missing, fstype) = (cstr("/proc"), cstr("/no/such/dir"), cstr("proc"));
        let mount = |g: &mut Guest, target: &std::ffi::CString, flags: u64| {
            g.call("mount", &[fstype.as_ptr() as u64, target.as_ptr() as u64, fstype.as_ptr() as u64, flags, 0])
        };
        assert_eq!(mount(&mut g, &proc_, 0), -(libc::EPERM as i64));
        assert_eq!(mount(&mut g, &missing, 0), -(libc::ENOENT as i64));
        assert_eq!(mount(&mut g, &proc_, 1 << 31), -(libc::EINVAL as i64));
        assert_eq!(g.call("mount", &[8, proc_.as_ptr() as u64, 8, 0, 0]), -(libc::EFAULT as i64));
        assert_eq!(g.call("umount2", &[proc_.as_ptr() as u64, 0]), -(libc::EPERM as i64));
        assert_eq!(g.call("umount2", &[proc_.as_ptr() as u64, 16]), -(libc::EINVAL as i64));
        assert_eq!(g.call("umount2", &[missing.as_ptr() as u64, 2]), -(libc::ENOENT as i64));
    }
}
