//! The calls arm kept from before the `*at` and flag-taking forms, as the kernel
//! implements them on top of the new ones: `open` is `openat(AT_FDCWD, ...)`, `pipe` is
//! `pipe2(fds, 0)`, `fork` is `clone(SIGCHLD)`... The 16-bit user and group id calls
//! (`getuid`, `chown`, `getgroups`...; glibc uses the `*32` ones) map ids as the
//! kernel's highuid code does: an id above 65535 reads as the overflow id 65534, and a
//! 16-bit -1 means -1. The old signal calls take a one-word `old_sigset_t` (signals 1 to
//! 32) and `struct old_sigaction`.

use super::calls::signed;
use super::ABI;
use crate::abi::layout::{Record, SigAction};
use crate::dispatch::Ctx;
use crate::errno::{Errno, SysResult};
use crate::guest;
use crate::sys::{events, fd, fs, ipc, poll, process, signal, socket};

const AT_FDCWD: u64 = libc::AT_FDCWD as u32 as u64;
const AT_REMOVEDIR: u64 = libc::AT_REMOVEDIR as u64;
const AT_SYMLINK_NOFOLLOW: u64 = libc::AT_SYMLINK_NOFOLLOW as u64;
/// The guest's O_CREAT | O_WRONLY | O_TRUNC (the same bits on arm and the host).
const CREAT_FLAGS: u64 = 0o1101;

pub fn open(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::openat(ctx, [AT_FDCWD, a[0], a[1], a[2], 0, 0])
}

pub fn creat(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::openat(ctx, [AT_FDCWD, a[0], CREAT_FLAGS, a[1], 0, 0])
}

pub fn link(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::linkat(ctx, [AT_FDCWD, a[0], AT_FDCWD, a[1], 0, 0])
}

pub fn unlink(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::unlinkat(ctx, [AT_FDCWD, a[0], 0, 0, 0, 0])
}

pub fn mknod(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::mknodat(ctx, [AT_FDCWD, a[0], a[1], a[2], 0, 0])
}

pub fn chmod(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::fchmodat(ctx, [AT_FDCWD, a[0], a[1], 0, 0, 0])
}

pub fn access(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::faccessat(ctx, [AT_FDCWD, a[0], a[1], 0, 0, 0])
}

pub fn rename(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::renameat(ctx, [AT_FDCWD, a[0], AT_FDCWD, a[1], 0, 0])
}

pub fn mkdir(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::mkdirat(ctx, [AT_FDCWD, a[0], a[1], 0, 0, 0])
}

pub fn rmdir(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::unlinkat(ctx, [AT_FDCWD, a[0], AT_REMOVEDIR, 0, 0, 0])
}

pub fn symlink(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::symlinkat(ctx, [a[0], AT_FDCWD, a[1], 0, 0, 0])
}

pub fn readlink(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::readlinkat(ctx, [AT_FDCWD, a[0], a[1], a[2], 0, 0])
}

/// chown32 and lchown32 (32-bit ids).
pub fn chown(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::fchownat(ctx, [AT_FDCWD, a[0], a[1], a[2], 0, 0])
}

pub fn lchown(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::fchownat(ctx, [AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW, 0])
}

pub fn pipe(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fd::pipe2(ctx, [a[0], 0, 0, 0, 0, 0])
}

/// dup2(old, new): `new` itself when they are the same (and `old` is open), else dup3
/// without flags.
pub fn dup2(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[0] == a[1] {
        fd::fcntl(ctx, [a[0], libc::F_GETFD as u64, 0, 0, 0, 0])?;
        return Ok(a[1]);
    }
    fd::dup3(ctx, [a[0], a[1], 0, 0, 0, 0])
}

pub fn getpgrp(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    process::getpgid(ctx, [0; 6])
}

pub fn fork(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    crate::sys::clone::clone(ctx, [libc::SIGCHLD as u64, 0, 0, 0, 0, 0])
}

pub fn vfork(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    let flags = (libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD) as u64;
    crate::sys::clone::clone(ctx, [flags, 0, 0, 0, 0, 0])
}

/// pause(): sleeps until a signal is delivered; EINTR after a handler.
pub fn pause(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    // SAFETY: no arguments.
    unsafe { crate::sys::raw(libc::SYS_pause, [0; 6]) }
}

/// nice(increment): the nice value moved by `increment` (clamped as the kernel does);
/// EPERM for lowering it without the privilege to.
pub fn nice(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let increment = (a[0] as i32).clamp(-40, 40);
    // getpriority reports 20 - nice.
    let current = 20 - process::getpriority(ctx, [libc::PRIO_PROCESS as u64, 0, 0, 0, 0, 0])? as i32;
    let wanted = (current + increment).clamp(-20, 19);
    match process::setpriority(ctx, [libc::PRIO_PROCESS as u64, 0, wanted as u32 as u64, 0, 0, 0]) {
        Err(Errno(libc::EACCES)) => Err(Errno(libc::EPERM)),
        r => r.map(|_| 0),
    }
}

pub fn epoll_create(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[0] as i32 <= 0 {
        return Err(Errno::EINVAL);
    }
    poll::epoll_create1(ctx, [0; 6])
}

pub fn epoll_wait(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    poll::epoll_pwait(ctx, [a[0], a[1], a[2], a[3], 0, 0])
}

pub fn inotify_init(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    events::inotify_init1(ctx, [0; 6])
}

pub fn eventfd(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    events::eventfd2(ctx, [a[0], 0, 0, 0, 0, 0])
}

pub fn signalfd(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    events::signalfd4(ctx, [a[0], a[1], a[2], 0, 0, 0])
}

pub fn send(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    socket::sendto(ctx, [a[0], a[1], a[2], a[3], 0, 0])
}

pub fn recv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    socket::recvfrom(ctx, [a[0], a[1], a[2], a[3], 0, 0])
}

/// msgrcv(msqid, msgp, msgsz, long msgtyp, msgflg): a negative type means "the lowest
/// type up to its absolute value".
pub fn msgrcv(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    ipc::msgrcv(ctx, [a[0], a[1], a[2], signed(a[3]), a[4], 0])
}

// 16-bit ids (include/linux/highuid.h).

/// The overflow id an id above 65535 reads as (/proc/sys/kernel/overflowuid's default).
const OVERFLOW_ID: u64 = 65534;

/// A 16-bit id argument as a 32-bit one: 0xffff ("no change") is -1.
fn id_from_16(id: u64) -> u64 {
    match id & 0xffff {
        0xffff => u32::MAX as u64,
        id => id,
    }
}

/// A 32-bit id as a 16-bit result.
fn id_to_16(id: u64) -> u64 {
    if id & !0xffff != 0 {
        OVERFLOW_ID
    } else {
        id
    }
}

pub fn getuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::getuid(ctx, a).map(id_to_16)
}

pub fn getgid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::getgid(ctx, a).map(id_to_16)
}

pub fn geteuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::geteuid(ctx, a).map(id_to_16)
}

pub fn getegid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::getegid(ctx, a).map(id_to_16)
}

pub fn setuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setuid(ctx, [id_from_16(a[0]), 0, 0, 0, 0, 0])
}

pub fn setgid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setgid(ctx, [id_from_16(a[0]), 0, 0, 0, 0, 0])
}

pub fn setreuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setreuid(ctx, [id_from_16(a[0]), id_from_16(a[1]), 0, 0, 0, 0])
}

pub fn setregid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setregid(ctx, [id_from_16(a[0]), id_from_16(a[1]), 0, 0, 0, 0])
}

pub fn setresuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setresuid(ctx, [id_from_16(a[0]), id_from_16(a[1]), id_from_16(a[2]), 0, 0, 0])
}

pub fn setresgid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setresgid(ctx, [id_from_16(a[0]), id_from_16(a[1]), id_from_16(a[2]), 0, 0, 0])
}

/// setfsuid/setfsgid return the previous id.
pub fn setfsuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setfsuid(ctx, [id_from_16(a[0]), 0, 0, 0, 0, 0]).map(id_to_16)
}

pub fn setfsgid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    process::setfsgid(ctx, [id_from_16(a[0]), 0, 0, 0, 0, 0]).map(id_to_16)
}

/// getresuid16/getresgid16: the three ids, each as a 16-bit value.
fn getres16(ctx: &mut Ctx<'_>, a: [u64; 6], call: crate::abi::Handler) -> SysResult {
    let mut ids = [0u32; 3];
    let at = ids.as_mut_ptr() as u64;
    call(ctx, [at, at + 4, at + 8, 0, 0, 0])?;
    for (i, &dst) in a[..3].iter().enumerate() {
        guest::write(dst, &(id_to_16(ids[i] as u64) as u16).to_le_bytes())?;
    }
    Ok(0)
}

pub fn getresuid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    getres16(ctx, a, process::getresuid)
}

pub fn getresgid16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    getres16(ctx, a, process::getresgid)
}

pub fn chown16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    chown(ctx, [a[0], id_from_16(a[1]), id_from_16(a[2]), 0, 0, 0])
}

pub fn lchown16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    lchown(ctx, [a[0], id_from_16(a[1]), id_from_16(a[2]), 0, 0, 0])
}

pub fn fchown16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    fs::fchown(ctx, [a[0], id_from_16(a[1]), id_from_16(a[2]), 0, 0, 0])
}

/// The kernel's NGROUPS_MAX.
const NGROUPS_MAX: usize = 65536;

/// getgroups16(size, old_gid_t *list).
pub fn getgroups16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let size = a[0] as i32;
    if size < 0 {
        return Err(Errno::EINVAL);
    }
    let mut groups = vec![0u32; (size as usize).min(NGROUPS_MAX)];
    let n = process::getgroups(ctx, [groups.len() as u64, groups.as_mut_ptr() as u64, 0, 0, 0, 0])?;
    if size > 0 {
        let bytes: Vec<u8> = groups[..n as usize].iter().flat_map(|&g| (id_to_16(g as u64) as u16).to_le_bytes()).collect();
        guest::write(a[1], &bytes)?;
    }
    Ok(n)
}

/// setgroups16(size, const old_gid_t *list).
pub fn setgroups16(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let size = a[0] as i32;
    if !(0..=NGROUPS_MAX as i32).contains(&size) {
        return Err(Errno::EINVAL);
    }
    let mut bytes = vec![0u8; 2 * size as usize];
    guest::read(a[1], &mut bytes)?;
    let groups: Vec<u32> = bytes.chunks(2).map(|c| id_from_16(u16::from_le_bytes([c[0], c[1]]) as u64) as u32).collect();
    process::setgroups(ctx, [groups.len() as u64, groups.as_ptr() as u64, 0, 0, 0, 0])
}

// The old signal calls.

/// `struct old_sigaction` (arm's asm/signal.h): handler, mask (one word), flags,
/// restorer.
const OLD_SIGACTION_SIZE: usize = 16;

/// sigaction(sig, const struct old_sigaction *act, struct old_sigaction *oact): as
/// rt_sigaction, with a one-word mask (signals 33..64 of a new mask are clear, the old
/// mask's are not reported).
pub fn sigaction(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let layout = ABI.layouts.sigaction;
    let word = |r: &Record, i: usize| r.get(crate::abi::layout::field(4 * i, 4));
    let act = match a[1] {
        0 => None,
        at => {
            let old = Record::read(at, OLD_SIGACTION_SIZE)?;
            let new = SigAction { handler: word(&old, 0), mask: word(&old, 1), flags: word(&old, 2), restorer: word(&old, 3) };
            Some(encode_sigaction(&new))
        }
    };
    let act_at = act.as_ref().map_or(0, |r| r.as_bytes().as_ptr() as u64);
    let mut oact = vec![0u8; layout.size];
    let oact_at = if a[2] != 0 { oact.as_mut_ptr() as u64 } else { 0 };
    signal::rt_sigaction(ctx, [a[0], act_at, oact_at, 8, 0, 0])?;
    if a[2] != 0 {
        let old = layout.read(oact_at)?;
        let mut r = Record::zeroed(OLD_SIGACTION_SIZE);
        for (i, v) in [old.handler, old.mask & 0xffff_ffff, old.flags, old.restorer].into_iter().enumerate() {
            r.set(crate::abi::layout::field(4 * i, 4), v);
        }
        r.write(a[2])?;
    }
    Ok(0)
}

/// A kernel `struct sigaction` in arm's layout, in crossrun's memory.
fn encode_sigaction(act: &SigAction) -> Record {
    let layout = ABI.layouts.sigaction;
    let mut r = Record::zeroed(layout.size);
    r.set(layout.handler, act.handler);
    r.set(layout.flags, act.flags);
    if let Some(f) = layout.restorer {
        r.set(f, act.restorer);
    }
    r.set(layout.mask, act.mask);
    r
}

/// sigprocmask(how, const old_sigset_t *set, old_sigset_t *oset): SIG_SETMASK replaces
/// signals 1..32 and keeps the others blocked or not as they were.
pub fn sigprocmask(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let old = ctx.thread.sigmask;
    if a[1] != 0 {
        let set = guest::read_u32(a[1])? as u64;
        let new = match a[0] as i32 {
            libc::SIG_BLOCK | libc::SIG_UNBLOCK => set,
            libc::SIG_SETMASK => (old & !0xffff_ffff) | set,
            _ => return Err(Errno::EINVAL),
        };
        signal::rt_sigprocmask(ctx, [a[0], &new as *const u64 as u64, 0, 8, 0, 0])?;
    }
    if a[2] != 0 {
        guest::write_u32(a[2], old as u32)?;
    }
    Ok(0)
}

/// sigsuspend(unused, unused, old_sigset_t mask): waits with `mask` (signals 1..32) as
/// the whole mask.
pub fn sigsuspend(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mask = a[2] & 0xffff_ffff;
    signal::rt_sigsuspend(ctx, [&mask as *const u64 as u64, 8, 0, 0, 0, 0])
}

/// sigpending(old_sigset_t *set): signals 1..32 of the pending set.
pub fn sigpending(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let mut set = 0u64;
    signal::rt_sigpending(ctx, [&mut set as *mut u64 as u64, 8, 0, 0, 0, 0])?;
    guest::write_u32(a[0], set as u32)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::super::tests::arm_guest;
    use super::*;

    #[test]
    fn ids_narrow_to_16_bits_as_highuid_does() {
        assert_eq!(id_to_16(1000), 1000);
        assert_eq!(id_to_16(100_000), 65534);
        assert_eq!(id_from_16(0xffff), 0xffff_ffff);
        assert_eq!(id_from_16(0x1_0005), 5);
    }

    #[test]
    fn old_calls_reach_their_new_forms() {
        let mut g = arm_guest();
        let dir = tempfile::tempdir().unwrap();
        let a = g.c_string(dir.path().join("a").to_str().unwrap());
        let b = g.c_string(dir.path().join("b").to_str().unwrap());
        let fd = g.call("creat", &[a, 0o600]);
        assert!(fd >= 0);
        g.close(fd as i32);
        assert_eq!(g.call("access", &[a, 4]), 0);
        assert_eq!(g.call("rename", &[a, b]), 0);
        assert_eq!(g.call("unlink", &[a]), -(libc::ENOENT as i64));
        assert_eq!(g.call("mkdir", &[a, 0o700]), 0);
        assert_eq!(g.call("rmdir", &[a]), 0);
        let fd = g.call("open", &[b, 2, 0]) as u64;
        assert_eq!(g.call("dup2", &[fd, fd]), fd as i64);
        assert_eq!(g.call("dup2", &[fd, 99]), 99);
        g.close(99);
        g.close(fd as i32);
        let fds = g.alloc(8);
        assert_eq!(g.call("pipe", &[fds]), 0);
        let (r, w) = (crate::guest::read_u32(fds).unwrap(), crate::guest::read_u32(fds + 4).unwrap());
        g.close(r as i32);
        g.close(w as i32);
        // SAFETY: plain queries.
        let (pgrp, uid) = unsafe { (libc::getpgrp(), libc::getuid()) };
        assert_eq!(g.call("getpgrp", &[]), pgrp as i64);
        assert_eq!(g.call("getuid", &[]), id_to_16(uid as u64) as i64);
    }

    #[test]
    fn old_signal_calls_see_signals_1_to_32() {
        let mut g = arm_guest();
        let set = g.alloc(16);
        let usr1 = 1u64 << (libc::SIGUSR1 - 1);
        g.thread.sigmask = 1 << 40;
        crate::guest::write_u32(set, usr1 as u32).unwrap();
        assert_eq!(g.call("sigprocmask", &[libc::SIG_SETMASK as u64, set, set + 4]), 0);
        assert_eq!(g.thread.sigmask, (1 << 40) | usr1, "SIG_SETMASK keeps signals above 32");
        assert_eq!(crate::guest::read_u32(set + 4).unwrap(), 0, "the old mask's first word");
        g.thread.sigmask = 0;
        crate::sys::signal::sync_host_mask(0);
        // sigaction with an old_sigaction.
        let act = g.alloc(32);
        for (i, v) in [0x1_2345u32, usr1 as u32, 0x0400_0000, 0x1_6789].iter().enumerate() {
            crate::guest::write_u32(act + 4 * i as u64, *v).unwrap();
        }
        assert_eq!(g.call("sigaction", &[libc::SIGUSR2 as u64, act, 0]), 0);
        assert_eq!(g.call("sigaction", &[libc::SIGUSR2 as u64, 0, act + 16]), 0);
        let back: Vec<u32> = (0..4).map(|i| crate::guest::read_u32(act + 16 + 4 * i).unwrap()).collect();
        assert_eq!(back, [0x1_2345, usr1 as u32, 0x0400_0000, 0x1_6789]);
        let (_, action) = g.process.take_action(libc::SIGUSR2);
        assert_eq!((action.handler, action.mask, action.restorer), (0x1_2345, usr1, 0x1_6789));
        crate::guest::write_u32(act, 0).unwrap();
        assert_eq!(g.call("sigaction", &[libc::SIGUSR2 as u64, act, 0]), 0, "back to SIG_DFL");
    }
}
