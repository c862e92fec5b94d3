//! Landlock (landlock_create_ruleset, landlock_add_rule, landlock_restrict_self): the
//! answer of a kernel built with Landlock but booted without it in its LSM list,
//! EOPNOTSUPP, which every caller must handle and does (xz's sandbox, systemd, ...
//! carry on unconfined).
//!
//! A guest ruleset cannot be passed to the host: Landlock confines the calling process,
//! and the guest's process is crossrun's. The restriction would apply to crossrun's own
//! work for the guest too, and break it where the kernel's would not: a guest allowed
//! to execute a program but not to read it (crossrun reads and maps it), an execve
//! (crossrun re-executes itself), /proc/self/maps and the fake root's ownership store
//! (crossrun reads and writes them). Refusing as such a kernel does keeps every call
//! correct, and the guest unconfined, as it knows.

use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};

pub fn landlock_create_ruleset(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Err(Errno::EOPNOTSUPP)
}

pub fn landlock_add_rule(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Err(Errno::EOPNOTSUPP)
}

pub fn landlock_restrict_self(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Err(Errno::EOPNOTSUPP)
}
