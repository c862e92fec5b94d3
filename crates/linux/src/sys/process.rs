//! Process and thread identity and control: ids, credentials, exit, kill, prctl,
//! personality, scheduling, set_tid_address, robust lists, rseq.

use super::{int_passthrough, raw};
use crate::abi::layout::write_field;
use crate::dispatch::{Ctx, Stop};
use crate::errno::{Errno, SysResult};
use crate::fatal::FatalSignal;
use crate::guest;
use crate::host;
use crate::sys::signal::{self, Disposition};

pub fn exit(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // One guest thread for now: ending it ends the process. With threads, this ends the
    // calling thread only (and clears/wakes clear_child_tid).
    exit_group(ctx, a)
}

pub fn exit_group(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    crate::sys::vfork::report_exit(ctx.process);
    ctx.stop = Some(Stop::Exit((a[0] & 0xff) as i32));
    Ok(0)
}

/// Identity calls: the host's, or under `--root-id` the fake credentials'
/// ([`crate::fakeroot::ids`]). The raw host calls change the calling thread's
/// credentials only, as the guest's kernel does; the guest's libc makes the call in every
/// thread itself. gid lists are arrays of `u32` and getres*id's outputs `u32`s on both
/// architectures: the host kernel uses the guest's memory.
macro_rules! id_call {
    ($($name:ident => $nr:ident, $which:ident;)*) => {
        $(
            pub fn $name(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
                match ctx.process.fakeroot() {
                    Some(f) => crate::fakeroot::ids::call(f, crate::fakeroot::ids::IdCall::$which, a),
                    // SAFETY: integers, or `u32` arrays and outputs in guest memory.
                    None => unsafe { raw(libc::$nr, a) },
                }
            }
        )*
    };
}

id_call! {
    getuid => SYS_getuid, GetUid;
    geteuid => SYS_geteuid, GetEuid;
    getgid => SYS_getgid, GetGid;
    getegid => SYS_getegid, GetEgid;
    getresuid => SYS_getresuid, GetResUid;
    getresgid => SYS_getresgid, GetResGid;
    getgroups => SYS_getgroups, GetGroups;
    setuid => SYS_setuid, SetUid;
    setgid => SYS_setgid, SetGid;
    setreuid => SYS_setreuid, SetReUid;
    setregid => SYS_setregid, SetReGid;
    setresuid => SYS_setresuid, SetResUid;
    setresgid => SYS_setresgid, SetResGid;
    setfsuid => SYS_setfsuid, SetFsUid;
    setfsgid => SYS_setfsgid, SetFsGid;
    setgroups => SYS_setgroups, SetGroups;
}

/// The header and data are `u32` records on every architecture.
pub fn capget(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    match ctx.process.fakeroot() {
        Some(f) => crate::fakeroot::ids::capget(f, a),
        // SAFETY: two fixed-layout guest records.
        None => unsafe { raw(libc::SYS_capget, a) },
    }
}

/// A fake root's capabilities are what its ids say (see capget): setting them is
/// accepted and changes nothing, as a program dropping capabilities expects to succeed.
pub fn capset(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    match ctx.process.fakeroot() {
        Some(_) => Ok(0),
        // SAFETY: two fixed-layout guest records.
        None => unsafe { raw(libc::SYS_capset, a) },
    }
}

int_passthrough! {
    getpid => SYS_getpid;
    getppid => SYS_getppid;
    gettid => SYS_gettid;
    getpgid => SYS_getpgid;
    setpgid => SYS_setpgid;
    getsid => SYS_getsid;
    setsid => SYS_setsid;
    umask => SYS_umask;
    /// PRIO_* are the same everywhere; the raw call returns 20 - nice, as on aarch64.
    getpriority => SYS_getpriority;
    setpriority => SYS_setpriority;
    sched_yield => SYS_sched_yield;
}


/// CPU masks are arrays of `unsigned long`, little-endian, so their bits sit at the same
/// byte offsets whatever the word size; but the kernel wants a length that is a whole
/// number of words and writes whole words. A guest whose words are the host's gives its
/// buffer as it is; another one's mask is received in a host buffer of whole host words
/// and the part the guest asked for copied back, as the kernel's compat call does.
pub fn sched_getaffinity(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let word = ctx.abi.layouts.word as u64;
    let host_word = std::mem::size_of::<libc::c_ulong>() as u64;
    if word == host_word {
        // SAFETY: pid and length are integers; the mask is plain guest bytes.
        return unsafe { raw(libc::SYS_sched_getaffinity, a) };
    }
    let len = a[1];
    if len % word != 0 {
        return Err(Errno::EINVAL);
    }
    // The kernel's cpumask is at most 8192 bits; a larger buffer receives no more.
    let mut mask = vec![0u8; len.min(1024).div_ceil(host_word) as usize * host_word as usize];
    // SAFETY: an integer pid and a host buffer of the length given.
    let n = unsafe { raw(libc::SYS_sched_getaffinity, [a[0], mask.len() as u64, mask.as_mut_ptr() as u64, 0, 0, 0]) }?;
    let n = n.min(len) as usize;
    // The kernel refuses a buffer too short for its CPUs; a CPU the guest's buffer
    // cannot show says so.
    if mask[n..].iter().any(|&b| b != 0) {
        return Err(Errno::EINVAL);
    }
    guest::write(a[2], &mask[..n])?;
    Ok(n as u64)
}

pub fn sched_setaffinity(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: as for sched_getaffinity.
    unsafe { raw(libc::SYS_sched_setaffinity, a) }
}

/// `unsigned *cpu, unsigned *node` in guest memory; the third argument is unused.
pub fn getcpu(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: two `u32` outputs in guest memory.
    unsafe { raw(libc::SYS_getcpu, [a[0], a[1], 0, 0, 0, 0]) }
}

const PER_MASK: u64 = 0xff;
const PER_LINUX32: u64 = 0x0008;

/// Personality values are the same everywhere; 0xffffffff only queries. arm64 refuses
/// PER_LINUX32 on a CPU without AArch32, as crossrun has none.
pub fn personality(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let p = a[0] as u32 as u64;
    if p != 0xffff_ffff && p & PER_MASK == PER_LINUX32 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: an integer argument.
    unsafe { raw(libc::SYS_personality, [p, 0, 0, 0, 0, 0]) }
}

pub fn set_tid_address(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    ctx.thread.clear_child_tid = a[0];
    Ok(host::gettid() as u64)
}

/// Recorded, not given to the host kernel: the host thread already has crossrun's own
/// libc's list registered, and the guest's list is walked at thread exit by crossrun
/// once guest threads exist.
pub fn set_robust_list(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    if a[1] != ctx.abi.layouts.robust_list_head.size as u64 {
        return Err(Errno::EINVAL);
    }
    ctx.thread.robust_list = (a[0], a[1]);
    Ok(0)
}

pub fn get_robust_list(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let pid = a[0] as i32;
    if pid != 0 && pid != host::gettid() {
        // Another thread (none yet) or process: we do not know its guest list.
        return Err(Errno::ESRCH);
    }
    // A pointer to the head and a size_t.
    let (head, len) = ctx.thread.robust_list;
    let word = ctx.abi.layouts.word_field();
    write_field(a[1], word, head)?;
    write_field(a[2], word, len)?;
    Ok(0)
}

/// rseq: ENOSYS, the answer of a kernel built without CONFIG_RSEQ (it is optional, under
/// EXPERT). Registering would promise what crossrun cannot keep: the kernel updates
/// `cpu_id` on every return to user space and aborts a thread's critical section when
/// it is preempted, migrated or signalled; crossrun neither sees its host thread's
/// preemption nor knows where translated code is inside a guest critical section, so
/// per-CPU data (tcmalloc's, librseq's) would be corrupted. Without rseq those fall
/// back to atomics. glibc 2.35+ registers rseq in every thread and takes ENOSYS as "not
/// available" (`__rseq_size` 0; sched_getcpu then uses getcpu).
pub fn rseq(_: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Err(Errno::ENOSYS)
}

pub fn kill(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (pid, sig) = (a[0] as i32, a[1] as i32);
    // SAFETY: integer arguments.
    let send = || unsafe { raw(libc::SYS_kill, [a[0], a[1], 0, 0, 0, 0]) };
    if pid == host::getpid() {
        to_self(ctx, sig, send)
    } else {
        send()
    }
}

pub fn tkill(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (tid, sig) = (a[0] as i32, a[1] as i32);
    // SAFETY: integer arguments.
    let send = || unsafe { raw(libc::SYS_tkill, [a[0], a[1], 0, 0, 0, 0]) };
    if tid == host::gettid() {
        to_self(ctx, sig, send)
    } else {
        send()
    }
}

pub fn tgkill(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (tgid, tid, sig) = (a[0] as i32, a[1] as i32, a[2] as i32);
    // SAFETY: integer arguments.
    let send = || unsafe { raw(libc::SYS_tgkill, [a[0], a[1], a[2], 0, 0, 0]) };
    if tgid == host::getpid() && tid == host::gettid() {
        to_self(ctx, sig, send)
    } else {
        send()
    }
}

/// A signal the guest sends to itself. Whatever would run a guest handler or take the
/// default action of a signal crossrun owns is decided here; everything else (ignored,
/// blocked, stop, default-ignore signals) goes to the host, whose disposition and mask
/// mirror the guest's.
/// pidfd_open(pid, flags): guest processes are host processes, and its one flag,
/// PIDFD_NONBLOCK, is O_NONBLOCK, 0o4000 on both.
pub fn pidfd_open(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integer arguments.
    unsafe { raw(libc::SYS_pidfd_open, [a[0], a[1], 0, 0, 0, 0]) }
}

/// pidfd_getfd(pidfd, targetfd, flags): a copy of another process's fd (the kernel checks
/// ptrace access to it, and that flags is 0). Integers only: every guest process is a
/// host process with the same fds.
pub fn pidfd_getfd(_: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // SAFETY: integer arguments.
    unsafe { raw(libc::SYS_pidfd_getfd, [a[0], a[1], a[2], 0, 0, 0]) }
}

/// pidfd_send_signal(pidfd, sig, info, flags). The fd is a pidfd or an open /proc/PID
/// directory; a signal to crossrun's own process goes the way kill's does.
pub fn pidfd_send_signal(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    // The guest's siginfo in the host's layout; the kernel checks its contents.
    let info = if a[2] != 0 { signal::read_siginfo(ctx, a[2])? } else { [0; crate::signal::siginfo::SIZE] };
    let info_ptr = if a[2] != 0 { info.as_ptr() as u64 } else { 0 };
    // SAFETY: `info_ptr` is null or a valid local of siginfo_t's size.
    let send = || unsafe { raw(libc::SYS_pidfd_send_signal, [a[0], a[1], info_ptr, a[3], 0, 0]) };
    if a[2] == 0 && pidfd_is_self(a[0] as i32) {
        to_self(ctx, a[1] as i32, send)
    } else {
        send()
    }
}

/// Whether `fd` refers to this process: a pidfd's fdinfo names its pid, and an open
/// /proc/PID directory's link names the directory.
fn pidfd_is_self(fd: i32) -> bool {
    let me = host::getpid().to_string();
    if let Ok(info) = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")) {
        if info.lines().any(|l| l.strip_prefix("Pid:").is_some_and(|p| p.trim() == me)) {
            return true;
        }
    }
    std::fs::read_link(format!("/proc/self/fd/{fd}")).is_ok_and(|p| p == std::path::Path::new("/proc").join(&me))
}

fn to_self(ctx: &mut Ctx<'_>, sig: i32, send: impl FnOnce() -> SysResult) -> SysResult {
    if !(1..=64).contains(&sig) {
        return send();
    }
    let owned = signal::crossrun_owns(sig);
    let blocked = ctx.thread.sigmask & signal::bit(sig) != 0 && !owned;
    let disposition = ctx.process.signals.lock().unwrap_or_else(|e| e.into_inner()).disposition(sig);
    match disposition {
        _ if blocked => send(),
        // crossrun's host handler for it records it and the run loop delivers it to the
        // guest handler as this call returns (crate::signal).
        Disposition::Handler(_) => send(),
        Disposition::Default if signal::default_kills(sig) => {
            // A debugger sees the signal first, and may discard it.
            if ctx.process.debugger().map_or(true, |d| d.signal(ctx.cpu, sig)) {
                ctx.stop = Some(Stop::Fatal(FatalSignal::sent(sig, ctx.cpu.pc)));
            }
            Ok(0)
        }
        _ if owned => Ok(0),
        _ => send(),
    }
}

const PR_SET_PDEATHSIG: i32 = 1;
const PR_GET_PDEATHSIG: i32 = 2;
const PR_GET_DUMPABLE: i32 = 3;
const PR_SET_DUMPABLE: i32 = 4;
const PR_GET_KEEPCAPS: i32 = 7;
const PR_SET_KEEPCAPS: i32 = 8;
const PR_SET_NAME: i32 = 15;
const PR_GET_NAME: i32 = 16;
const PR_CAPBSET_READ: i32 = 23;
const PR_CAPBSET_DROP: i32 = 24;
const PR_GET_SECUREBITS: i32 = 27;
const PR_SET_SECUREBITS: i32 = 28;
const PR_SET_TIMERSLACK: i32 = 29;
const PR_GET_TIMERSLACK: i32 = 30;
const PR_SET_CHILD_SUBREAPER: i32 = 36;
const PR_GET_CHILD_SUBREAPER: i32 = 37;
const PR_SET_NO_NEW_PRIVS: i32 = 38;
const PR_GET_NO_NEW_PRIVS: i32 = 39;
const PR_GET_TID_ADDRESS: i32 = 40;
const PR_SET_THP_DISABLE: i32 = 41;
const PR_GET_THP_DISABLE: i32 = 42;
const PR_CAP_AMBIENT: i32 = 47;
const PR_SVE_SET_VL: i32 = 50;
const PR_SVE_GET_VL: i32 = 51;
const PR_PAC_RESET_KEYS: i32 = 54;
const PR_SET_TAGGED_ADDR_CTRL: i32 = 55;
const PR_GET_TAGGED_ADDR_CTRL: i32 = 56;
const PR_PAC_SET_ENABLED_KEYS: i32 = 60;
const PR_PAC_GET_ENABLED_KEYS: i32 = 61;
const PR_SME_SET_VL: i32 = 63;
const PR_SME_GET_VL: i32 = 64;
const PR_SET_VMA: i32 = 0x53564d41;

/// The comm length (TASK_COMM_LEN), including the NUL.
const TASK_COMM_LEN: usize = 16;

pub fn prctl(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let option = a[0] as i32;
    // SAFETY: every option routed here takes integer arguments only.
    let int_call = || unsafe { raw(libc::SYS_prctl, a) };
    let int_out = |addr: u64| -> SysResult {
        let mut v: i32 = 0;
        // SAFETY: an `int *` output pointing at a valid local.
        unsafe { raw(libc::SYS_prctl, [a[0], &mut v as *mut i32 as u64, 0, 0, 0, 0]) }?;
        guest::write_u32(addr, v as u32)?;
        Ok(0)
    };
    match option {
        PR_SET_PDEATHSIG | PR_GET_DUMPABLE | PR_SET_DUMPABLE | PR_GET_KEEPCAPS | PR_SET_KEEPCAPS | PR_CAPBSET_READ
        | PR_SET_TIMERSLACK | PR_GET_TIMERSLACK | PR_SET_CHILD_SUBREAPER | PR_SET_NO_NEW_PRIVS | PR_GET_NO_NEW_PRIVS
        | PR_SET_THP_DISABLE | PR_GET_THP_DISABLE => int_call(),
        // The capability bounding set, securebits and ambient set are the host thread's,
        // which is the guest thread (shadow's pwck and pwconv read them through libcap).
        PR_CAPBSET_DROP | PR_GET_SECUREBITS | PR_SET_SECUREBITS | PR_CAP_AMBIENT => int_call(),
        PR_GET_PDEATHSIG | PR_GET_CHILD_SUBREAPER => int_out(a[1]),
        PR_SET_NAME => {
            // The kernel copies at most 15 bytes, up to a NUL, and terminates them.
            let mut name = [0u8; TASK_COMM_LEN];
            for (i, slot) in name.iter_mut().take(TASK_COMM_LEN - 1).enumerate() {
                let mut b = [0u8];
                guest::read(a[1] + i as u64, &mut b)?;
                if b[0] == 0 {
                    break;
                }
                *slot = b[0];
            }
            // SAFETY: `name` is a NUL-terminated local of TASK_COMM_LEN bytes.
            unsafe { raw(libc::SYS_prctl, [a[0], name.as_ptr() as u64, 0, 0, 0, 0]) }
        }
        PR_GET_NAME => {
            let mut name = [0u8; TASK_COMM_LEN];
            // SAFETY: a TASK_COMM_LEN-byte local for the kernel to fill.
            unsafe { raw(libc::SYS_prctl, [a[0], name.as_mut_ptr() as u64, 0, 0, 0, 0]) }?;
            guest::write(a[1], &name)?;
            Ok(0)
        }
        PR_GET_TID_ADDRESS => {
            write_field(a[1], ctx.abi.layouts.word_field(), ctx.thread.clear_child_tid)?;
            Ok(0)
        }
        // arm64 features crossrun does not offer (no SVE, SME, pointer authentication or
        // MTE is advertised): what the kernel says on a CPU without them.
        PR_SVE_SET_VL | PR_SVE_GET_VL | PR_SME_SET_VL | PR_SME_GET_VL | PR_PAC_RESET_KEYS | PR_PAC_SET_ENABLED_KEYS
        | PR_PAC_GET_ENABLED_KEYS | PR_SET_TAGGED_ADDR_CTRL | PR_GET_TAGGED_ADDR_CTRL => Err(Errno::EINVAL),
        // Naming anonymous mappings: what a kernel without CONFIG_ANON_VMA_NAME says.
        PR_SET_VMA => Err(Errno::EINVAL),
        _ => {
            // Not passed through: options like PR_SET_SECCOMP or PR_SET_MM would act on
            // crossrun's host process, with host (x86_64) meanings.
            ctx.unimplemented(format_args!("prctl option {option}"));
            Err(Errno::EINVAL)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dispatch::Stop;
    use crate::testutil::Guest;

    #[test]
    fn ids_match_the_host() {
        let mut g = Guest::new();
        assert_eq!(g.call("getpid", &[]), std::process::id() as i64);
        // SAFETY: plain id queries.
        unsafe {
            assert_eq!(g.call("getppid", &[]), libc::getppid() as i64);
            assert_eq!(g.call("getuid", &[]), libc::getuid() as i64);
            assert_eq!(g.call("getegid", &[]), libc::getegid() as i64);
        }
        assert_eq!(g.call("gettid", &[]), crate::host::gettid() as i64);
        let mut ids = [u32::MAX; 3];
        assert_eq!(g.call("getresuid", &[ids.as_mut_ptr() as u64, ids[1..].as_mut_ptr() as u64, ids[2..].as_mut_ptr() as u64]), 0);
        // SAFETY: plain id query.
        assert_eq!(ids[0], unsafe { libc::getuid() });
        assert_eq!(g.call("set_tid_address", &[0x1234]), crate::host::gettid() as i64);
        assert_eq!(g.thread.clear_child_tid, 0x1234);
    }

    /// A pidfd for crossrun's own process, used to probe it with signal 0; and the
    /// kernel's errors for a bad pid and a fd that is no pidfd.
    #[test]
    fn pidfd_open_and_send_signal() {
        let mut g = Guest::new();
        assert_eq!(g.call("pidfd_open", &[u64::MAX, 0]), -(libc::EINVAL as i64));
        let fd = g.call("pidfd_open", &[std::process::id() as u64, 0]);
        assert!(fd >= 0, "pidfd_open: {fd}");
        assert!(super::pidfd_is_self(fd as i32));
        assert_eq!(g.call("pidfd_send_signal", &[fd as u64, 0, 0, 0]), 0);
        let dir = tempfile::tempdir().unwrap();
        let file = g.openat_path(&dir.path().join("f"), 0o102, 0o600);
        assert!(!super::pidfd_is_self(file as i32));
        assert_eq!(g.call("pidfd_send_signal", &[file as u64, 0, 0, 0]), -(libc::EBADF as i64));
        g.close(file as i32);
        g.close(fd as i32);
    }

    #[test]
    fn exit_group_stops_with_the_low_byte() {
        let mut g = Guest::new();
        assert_eq!(g.call_raw("exit_group", &[0x1_07]), Some(Stop::Exit(7)));
        assert_eq!(g.call_raw("exit", &[3]), Some(Stop::Exit(3)));
    }

    #[test]
    fn robust_list_and_rseq() {
        let mut g = Guest::new();
        assert_eq!(g.call("set_robust_list", &[0x5000, 24]), 0);
        assert_eq!(g.call("set_robust_list", &[0x5000, 16]), -(libc::EINVAL as i64));
        let (mut head, mut len) = (0u64, 0u64);
        assert_eq!(g.call("get_robust_list", &[0, &mut head as *mut u64 as u64, &mut len as *mut u64 as u64]), 0);
        assert_eq!((head, len), (0x5000, 24));
        assert_eq!(g.call("rseq", &[0x1000, 32, 0, 0xd428bc00]), -(libc::ENOSYS as i64));
    }

    #[test]
    fn pidfd_getfd_copies_an_fd_and_checks_its_flags() {
        let mut g = Guest::new();
        let pidfd = g.call("pidfd_open", &[crate::host::getpid() as u64, 0]);
        assert!(pidfd >= 0, "{pidfd}");
        let file = tempfile::tempfile().unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file) as u64;
        let copy = g.call("pidfd_getfd", &[pidfd as u64, fd, 0]);
        assert!(copy >= 0, "{copy}");
        // SAFETY: a zeroed stat is a valid value for fstat to fill.
        let (mut a, mut b): (libc::stat, libc::stat) = unsafe { (std::mem::zeroed(), std::mem::zeroed()) };
        // SAFETY: fstat of two open fds into valid locals.
        unsafe { assert!(libc::fstat(fd as i32, &mut a) == 0 && libc::fstat(copy as i32, &mut b) == 0) };
        assert_eq!((a.st_dev, a.st_ino), (b.st_dev, b.st_ino));
        // SAFETY: the same call on the host, refused for its flags.
        let native = unsafe { libc::syscall(libc::SYS_pidfd_getfd, pidfd, fd, 1) };
        assert_eq!(native, -1);
        assert_eq!(g.call("pidfd_getfd", &[pidfd as u64, fd, 1]), -(std::io::Error::last_os_error().raw_os_error().unwrap() as i64));
        g.close(copy as i32);
        g.close(pidfd as i32);
    }

    #[test]
    fn landlock_is_refused_as_by_a_kernel_booted_without_it() {
        let mut g = Guest::new();
        // landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the ABI version query.
        assert_eq!(g.call("landlock_create_ruleset", &[0, 0, 1]), -(libc::EOPNOTSUPP as i64));
        assert_eq!(g.call("landlock_add_rule", &[3, 1, 0, 0]), -(libc::EOPNOTSUPP as i64));
        assert_eq!(g.call("landlock_restrict_self", &[3, 0]), -(libc::EOPNOTSUPP as i64));
    }

    #[test]
    fn prctl_names_and_unknown_options() {
        let mut g = Guest::new();
        let mut old = [0u8; 16];
        assert_eq!(g.call("prctl", &[16, old.as_mut_ptr() as u64]), 0);
        let name = b"guest-name-that-is-long\0";
        assert_eq!(g.call("prctl", &[15, name.as_ptr() as u64]), 0);
        let mut got = [0xffu8; 16];
        assert_eq!(g.call("prctl", &[16, got.as_mut_ptr() as u64]), 0);
        assert_eq!(&got, b"guest-name-that\0");
        assert_eq!(g.call("prctl", &[15, old.as_ptr() as u64]), 0);
        let mut sig = 99u32;
        assert_eq!(g.call("prctl", &[2, &mut sig as *mut u32 as u64]), 0);
        assert_eq!(sig, 0);
        assert_eq!(g.call("prctl", &[50, 16]), -(libc::EINVAL as i64), "no SVE");
        assert_eq!(g.call("prctl", &[22, 2, 0]), -(libc::EINVAL as i64), "seccomp is never applied to the host");
        assert_eq!(g.call("prctl", &[12345]), -(libc::EINVAL as i64));
        assert_eq!(g.call("prctl", &[16, 8]), -(libc::EFAULT as i64));
        // Securebits and the ambient set are the host thread's: the same answers.
        for args in [[27u64, 0, 0, 0, 0], [47, 3, 0, 0, 0], [47, 1, 0, 0, 0], [47, 9, 0, 0, 0]] {
            // SAFETY: integer-only prctl options, queries or refused.
            let native = unsafe { libc::prctl(args[0] as i32, args[1], args[2], args[3], args[4]) } as i64;
            let native = if native < 0 { -(std::io::Error::last_os_error().raw_os_error().unwrap() as i64) } else { native };
            assert_eq!(g.call("prctl", &args), native, "prctl {args:?}");
        }
    }

    #[test]
    fn personality_query() {
        let mut g = Guest::new();
        assert_eq!(g.call("personality", &[0xffff_ffff]), 0);
        assert_eq!(g.call("personality", &[0x0008]), -(libc::EINVAL as i64));
    }

    #[test]
    fn unknown_syscalls_are_enosys() {
        let mut g = Guest::new();
        assert_eq!(g.call_nr(9999, &[]), None);
        assert_eq!(g.cpu.x[0] as i64, -(libc::ENOSYS as i64));
        // A real aarch64 syscall crossrun does not implement yet (io_setup).
        assert_eq!(g.call_nr(0, &[]), None);
        assert_eq!(g.cpu.x[0] as i64, -(libc::ENOSYS as i64));
    }
}
