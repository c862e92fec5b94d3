//! clone and clone3 against the host kernel. The checks are generic code in
//! kernel/fork.c, the same on the x86_64 host and an arm64 guest: every argument set
//! below that the kernel refuses before it creates anything goes to the host's own
//! system call and to crossrun's handler, and the two answers must agree. Fork-like
//! clones that succeed are carried out by both and their children reaped.

use super::*;
use crate::testutil::Guest;

/// `struct clone_args` as the guest writes it, with room behind it for larger sizes.
#[derive(Clone, Copy, Default)]
struct Args {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}

impl Args {
    fn fork() -> Args {
        Args { exit_signal: libc::SIGCHLD as u64, ..Args::default() }
    }

    /// The struct at the start of two pages of zeros.
    fn buffer(&self) -> Vec<u64> {
        let mut b = vec![0u64; 1024];
        b[..11].copy_from_slice(&[
            self.flags,
            self.pidfd,
            self.child_tid,
            self.parent_tid,
            self.exit_signal,
            self.stack,
            self.stack_size,
            self.tls,
            self.set_tid,
            self.set_tid_size,
            self.cgroup,
        ]);
        b
    }
}

fn errno() -> i64 {
    -(std::io::Error::last_os_error().raw_os_error().unwrap() as i64)
}

/// Waits for a child of either call and returns its exit status.
fn reap(pid: i64) -> i32 {
    let mut status = 0;
    // SAFETY: a valid int for the status of our own child.
    assert_eq!(unsafe { libc::waitpid(pid as i32, &mut status, libc::__WALL) }, pid as i32);
    assert!(libc::WIFEXITED(status), "child {pid}: {status:#x}");
    libc::WEXITSTATUS(status)
}

/// The host kernel's clone3. A child (only argument sets without CLONE_VM may succeed
/// here) exits at once with `child_status`.
fn host_clone3(args: *const u64, size: u64, child_status: i32) -> i64 {
    // SAFETY: `args` points at a buffer of the size given (or is meant to fault); a
    // child shares nothing with this process and ends at once.
    let r = unsafe { libc::syscall(libc::SYS_clone3, args, size) };
    if r == 0 {
        // SAFETY: ends the child without running the harness.
        unsafe { libc::_exit(child_status) };
    }
    if r < 0 {
        errno()
    } else {
        r
    }
}

/// crossrun's clone3, with the same contract.
fn guest_clone3(g: &mut Guest, args: *const u64, size: u64, child_status: i32) -> i64 {
    let r = g.call("clone3", &[args as u64, size]);
    if r == 0 {
        // SAFETY: as above.
        unsafe { libc::_exit(child_status) };
    }
    r
}

/// Both kernels refuse `args` of `size` bytes with the same error (`expected`, written
/// out so that a change in the host kernel shows).
fn same_refusal(what: &str, buf: &[u64], size: u64, expected: i32) {
    let host = host_clone3(buf.as_ptr(), size, 99);
    let mut g = Guest::new();
    let guest = guest_clone3(&mut g, buf.as_ptr(), size, 99);
    assert_eq!(host, -(expected as i64), "{what}: the host kernel");
    assert_eq!(guest, host, "{what}: crossrun differs from the host kernel");
}

const EINVAL: i32 = libc::EINVAL;

#[test]
fn every_size_from_ver0_to_a_page_is_read_as_the_kernel_does() {
    // An invalid flag shows that the size itself was accepted (EINVAL from the flag
    // checks, not E2BIG or a size EINVAL).
    let detached = Args { flags: CLONE_DETACHED, ..Args::fork() }.buffer();
    for size in [64, 72, 80, 88, 96, 128, 4096] {
        same_refusal(&format!("size {size}"), &detached, size, EINVAL);
    }
    for size in [0, 8, 63] {
        same_refusal(&format!("size {size}"), &detached, size, EINVAL);
    }
    same_refusal("size 4097", &detached, 4097, libc::E2BIG);
    same_refusal("size 1 << 40", &detached, 1 << 40, libc::E2BIG);
    // Bytes past the kernel's struct must be zero, wherever they are.
    for (size, at) in [(96, 88), (96, 95), (4096, 4095)] {
        let mut b = detached.clone();
        b[at / 8] = 1 << (8 * (at % 8));
        same_refusal(&format!("size {size}, byte {at} set"), &b, size, libc::E2BIG);
    }
    // Fields past an old caller's size are not read: a set_tid_size that would be
    // invalid is ignored at size 64.
    let mut b = Args::fork().buffer();
    b[9] = 99;
    same_refusal("VER1 field at size 80", &b, 80, EINVAL);
    let host = host_clone3(b.as_ptr(), 64, 3);
    let mut g = Guest::new();
    let guest = guest_clone3(&mut g, b.as_ptr(), 64, 4);
    assert!(host > 0 && guest > 0, "a fork at size 64: {host} {guest}");
    assert_eq!((reap(host), reap(guest)), (3, 4));
}

#[test]
fn unreadable_args_are_efault() {
    // SAFETY: a fresh private mapping of two pages, the second made inaccessible.
    let base = unsafe {
        let p = libc::mmap(std::ptr::null_mut(), 8192, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0);
        assert_ne!(p, libc::MAP_FAILED);
        assert_eq!(libc::mprotect(p.cast::<u8>().add(4096).cast(), 4096, libc::PROT_NONE), 0);
        p as u64
    };
    let mut g = Guest::new();
    // The struct itself, or only the zero bytes past the kernel's size, unreadable.
    for (addr, size) in [(base + 4096, 64), (base + 4096 - 32, 64), (base + 4096 - 88, 96), (8, 64)] {
        let args = addr as *const u64;
        let host = host_clone3(args, size, 99);
        assert_eq!(host, -(libc::EFAULT as i64), "{addr:#x} {size}");
        assert_eq!(guest_clone3(&mut g, args, size, 99), host, "{addr:#x} {size}");
    }
    // SAFETY: the mapping made above.
    unsafe { libc::munmap(base as *mut libc::c_void, 8192) };
}

#[test]
fn set_tid_and_exit_signal_follow_copy_clone_args_from_user() {
    let tids = [0i32; 33];
    let p = tids.as_ptr() as u64;
    let case = |what: &str, a: Args, e: i32| same_refusal(what, &a.buffer(), 88, e);
    case("set_tid_size 33", Args { set_tid: p, set_tid_size: 33, ..Args::fork() }, EINVAL);
    case("set_tid_size without set_tid", Args { set_tid_size: 1, ..Args::fork() }, EINVAL);
    case("set_tid without set_tid_size", Args { set_tid: p, ..Args::fork() }, EINVAL);
    case("set_tid unreadable", Args { set_tid: 8, set_tid_size: 1, ..Args::fork() }, libc::EFAULT);
    case("set_tid pid 0", Args { set_tid: p, set_tid_size: 1, ..Args::fork() }, EINVAL);
    let negative = [-5i32];
    case("set_tid pid -5", Args { set_tid: negative.as_ptr() as u64, set_tid_size: 1, ..Args::fork() }, EINVAL);
    let huge = [1 << 30];
    case("set_tid pid 2^30", Args { set_tid: huge.as_ptr() as u64, set_tid_size: 1, ..Args::fork() }, EINVAL);
    // One more pid than this process has pid namespace levels.
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let levels = status.lines().find_map(|l| l.strip_prefix("NSpid:")).unwrap().split_whitespace().count();
    let ones = [1i32; 33];
    let too_deep = Args { set_tid: ones.as_ptr() as u64, set_tid_size: levels as u64 + 1, ..Args::fork() };
    case("set_tid deeper than the pid namespaces", too_deep, EINVAL);
    for sig in [65, 0x100, 1 << 32 | 17, u64::MAX] {
        case(&format!("exit_signal {sig:#x}"), Args { exit_signal: sig, ..Args::default() }, EINVAL);
    }
    // An exit signal that is checked before a bad set_tid pointer is read.
    case("exit_signal 65, set_tid unreadable", Args { exit_signal: 65, set_tid: 8, set_tid_size: 1, ..Args::default() }, EINVAL);
}

#[test]
fn flags_and_stack_follow_clone3_args_valid() {
    let case = |what: &str, a: Args, e: i32| same_refusal(what, &a.buffer(), 88, e);
    let thread = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    case("unknown flag bit 34", Args { flags: 1 << 34, ..Args::fork() }, EINVAL);
    case("CLONE_DETACHED", Args { flags: CLONE_DETACHED, ..Args::fork() }, EINVAL);
    for bit in [0x01, 0x11, 0x40] {
        case(&format!("CSIGNAL bit {bit:#x} in flags"), Args { flags: bit, ..Args::fork() }, EINVAL);
    }
    let clear = CLONE_VM | CLONE_SIGHAND | CLONE_CLEAR_SIGHAND;
    case("CLONE_SIGHAND with CLONE_CLEAR_SIGHAND", Args { flags: clear, ..Args::default() }, EINVAL);
    case("a thread with an exit signal", Args { flags: thread, ..Args::fork() }, EINVAL);
    case("CLONE_PARENT with an exit signal", Args { flags: CLONE_PARENT, ..Args::fork() }, EINVAL);
    case("a stack size without a stack", Args { stack_size: 4096, ..Args::fork() }, EINVAL);
    case("a stack without a size", Args { stack: 0x10000, ..Args::fork() }, EINVAL);
    case("a stack that wraps around", Args { stack: u64::MAX - 10, stack_size: 100, ..Args::fork() }, EINVAL);
    case("a stack as large as memory", Args { stack: 4096, stack_size: u64::MAX - 100, ..Args::fork() }, EINVAL);
    let into = CLONE_INTO_CGROUP;
    case("a cgroup fd above INT_MAX", Args { flags: into, cgroup: 1 << 31, ..Args::fork() }, EINVAL);
    let b = Args { flags: into, cgroup: 0, ..Args::fork() }.buffer();
    same_refusal("CLONE_INTO_CGROUP at size 80", &b, 80, EINVAL);
}

#[test]
fn flag_combinations_follow_kernel_clone_and_copy_process() {
    let case = |what: &str, a: Args, e: i32| same_refusal(what, &a.buffer(), 88, e);
    let word = 0u32;
    let p = &word as *const u32 as u64;
    case("CLONE_PIDFD and CLONE_PARENT_SETTID at one address", Args { flags: CLONE_PIDFD | CLONE_PARENT_SETTID, pidfd: p, parent_tid: p, ..Args::fork() }, EINVAL);
    case("CLONE_NEWNS with CLONE_FS", Args { flags: CLONE_NEWNS | CLONE_FS, ..Args::fork() }, EINVAL);
    case("CLONE_NEWUSER with CLONE_FS", Args { flags: CLONE_NEWUSER | CLONE_FS, ..Args::fork() }, EINVAL);
    case("CLONE_THREAD without CLONE_SIGHAND", Args { flags: CLONE_VM | CLONE_THREAD, ..Args::default() }, EINVAL);
    case("CLONE_SIGHAND without CLONE_VM", Args { flags: CLONE_SIGHAND, ..Args::default() }, EINVAL);
    let thread = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    case("a thread in a new pid namespace", Args { flags: thread | CLONE_NEWPID, ..Args::default() }, EINVAL);
    case("a thread in a new user namespace", Args { flags: thread | CLONE_NEWUSER, ..Args::default() }, EINVAL);
    // After the fork-like child exists, the kernel still fails (and removes it) when it
    // cannot store the pidfd or join the cgroup.
    case("CLONE_PIDFD to an unwritable address", Args { flags: CLONE_PIDFD, pidfd: 8, ..Args::fork() }, libc::EFAULT);
    case("CLONE_INTO_CGROUP with a closed fd", Args { flags: CLONE_INTO_CGROUP, cgroup: 9999, ..Args::fork() }, libc::EBADF);
    let null = std::fs::File::open("/dev/null").unwrap();
    let fd = std::os::fd::AsRawFd::as_raw_fd(&null) as u64;
    case("CLONE_INTO_CGROUP with a fd that is no cgroup", Args { flags: CLONE_INTO_CGROUP, cgroup: fd, ..Args::fork() }, libc::EBADF);
}

#[test]
fn legacy_clone_applies_the_same_rules() {
    // x86_64's clone(flags, newsp, parent_tid, child_tid, tls): for these arguments the
    // order does not matter.
    let word = 0u32;
    let p = &word as *const u32 as u64;
    for (what, flags) in [
        ("CLONE_PIDFD with CLONE_PARENT_SETTID", CLONE_PIDFD | CLONE_PARENT_SETTID),
        ("CLONE_PIDFD with CLONE_DETACHED", CLONE_PIDFD | CLONE_DETACHED),
        ("CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND),
        ("CLONE_THREAD without CLONE_SIGHAND", CLONE_THREAD | CLONE_VM),
        ("CLONE_NEWNS with CLONE_FS", CLONE_NEWNS | CLONE_FS),
    ] {
        let word = flags | libc::SIGCHLD as u64;
        // SAFETY: refused before anything is created (a child would exit at once).
        let host = unsafe { libc::syscall(libc::SYS_clone, word, 0, p, 0, 0) };
        if host == 0 {
            // SAFETY: ends an unexpected child.
            unsafe { libc::_exit(99) };
        }
        let host = if host < 0 { errno() } else { host };
        assert_eq!(host, -(EINVAL as i64), "{what}: the host kernel");
        let mut g = Guest::new();
        assert_eq!(g.call("clone", &[word, 0, p]), host, "{what}");
    }
}

#[test]
fn fork_like_clone3s_run_and_are_reaped() {
    let mut g = Guest::new();
    let status = |a: Args, child_status| {
        let b = a.buffer();
        let mut g = Guest::new();
        let pid = guest_clone3(&mut g, b.as_ptr(), 88, child_status);
        assert!(pid > 0, "{pid}");
        reap(pid)
    };
    assert_eq!(status(Args::fork(), 11), 11);
    // No exit signal: only __WALL finds the child, as with the kernel.
    assert_eq!(status(Args::default(), 12), 12);

    // CLONE_PIDFD with CLONE_PARENT_SETTID: a pidfd naming the child, and its pid.
    let (pidfd, ptid) = (-1i32, 0u32);
    let a = Args {
        flags: CLONE_PIDFD | CLONE_PARENT_SETTID,
        pidfd: &pidfd as *const i32 as u64,
        parent_tid: &ptid as *const u32 as u64,
        ..Args::fork()
    };
    let b = a.buffer();
    let pid = guest_clone3(&mut g, b.as_ptr(), 88, 13);
    assert!(pid > 0);
    // SAFETY: both were written by the handler through their addresses.
    let (pidfd, ptid) = unsafe { (std::ptr::read_volatile(&pidfd), std::ptr::read_volatile(&ptid)) };
    assert_eq!(ptid as i64, pid);
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{pidfd}")).unwrap();
    assert!(info.lines().any(|l| l == format!("Pid:\t{pid}")), "{info}");
    // SAFETY: waiting on our own pidfd with a valid siginfo; then closing it.
    unsafe {
        let mut si: libc::siginfo_t = std::mem::zeroed();
        assert_eq!(libc::waitid(libc::P_PIDFD, pidfd as u32, &mut si, libc::WEXITED), 0);
        assert_eq!(si.si_status(), 13);
        libc::close(pidfd);
    }
}

#[test]
fn a_vfork_child_starts_on_the_stack_clone3_gives_it() {
    let mut g = Guest::new();
    let stack = vec![0u8; 8192];
    let a = Args { flags: CLONE_VM | CLONE_VFORK, stack: stack.as_ptr() as u64, stack_size: 8192, ..Args::fork() };
    let b = a.buffer();
    let r = g.call("clone3", &[b.as_ptr() as u64, 88]);
    if r == 0 {
        let on_top = g.process.arch().stack_pointer(&g.cpu) == stack.as_ptr() as u64 + 8192;
        // SAFETY: ends the child without running the harness.
        unsafe { libc::_exit(if on_top { 21 } else { 22 }) };
    }
    assert!(r > 0, "{r}");
    assert_eq!(reap(r), 21);
}

#[test]
fn clone_clear_sighand_resets_handlers_but_not_ignored_signals() {
    // Two real-time signals no other test uses (their host dispositions change too).
    let (handled, ignored) = (libc::SIGRTMIN() + 12, libc::SIGRTMIN() + 13);
    let mut g = Guest::new();
    // The kernel's struct sigaction for a handler at a made-up address, and SIG_IGN.
    let handler = [0x1000u64, 0, 0, 0];
    let ignore = [1u64, 0, 0, 0];
    assert_eq!(g.call("rt_sigaction", &[handled as u64, handler.as_ptr() as u64, 0, 8]), 0);
    assert_eq!(g.call("rt_sigaction", &[ignored as u64, ignore.as_ptr() as u64, 0, 8]), 0);
    let b = Args { flags: CLONE_CLEAR_SIGHAND, ..Args::fork() }.buffer();
    let r = g.call("clone3", &[b.as_ptr() as u64, 88]);
    if r == 0 {
        let t = g.process.signals.lock().unwrap();
        let ok = t.disposition(handled) == crate::sys::signal::Disposition::Default
            && t.disposition(ignored) == crate::sys::signal::Disposition::Ignore;
        // SAFETY: ends the child without running the harness.
        unsafe { libc::_exit(if ok { 31 } else { 32 }) };
    }
    assert!(r > 0, "{r}");
    assert_eq!(reap(r), 31);
    // The parent's handlers are untouched.
    let parent = g.process.signals.lock().unwrap().disposition(handled);
    assert_eq!(parent, crate::sys::signal::Disposition::Handler(0x1000));
    let default = [0u64; 4];
    for sig in [handled, ignored] {
        assert_eq!(g.call("rt_sigaction", &[sig as u64, default.as_ptr() as u64, 0, 8]), 0);
    }
}

#[test]
fn legacy_clone_reads_tls_and_child_tid_in_the_guests_order() {
    use crate::arch::CloneOrder;
    let a = CloneArgs::from_clone([CLONE_SETTLS | CLONE_CHILD_SETTID | 17 | 1 << 40, 0x5000, 0x6000, 0x7000, 0x8000, 0], CloneOrder::TlsBeforeChildTid);
    assert_eq!((a.flags, a.exit_signal), (CLONE_SETTLS | CLONE_CHILD_SETTID, 17), "only the low 32 bits count");
    assert_eq!((a.stack, a.parent_tid, a.pidfd, a.tls, a.child_tid), (0x5000, 0x6000, 0x6000, 0x7000, 0x8000));
    let b = CloneArgs::from_clone([0, 0, 0, 0x7000, 0x8000, 0], CloneOrder::ChildTidBeforeTls);
    assert_eq!((b.child_tid, b.tls), (0x7000, 0x8000));
    assert!(CloneArgs { flags: CLONE_VM | CLONE_THREAD, ..Default::default() }.is_thread());
    assert!(!CloneArgs { flags: CLONE_VM | CLONE_VFORK, ..Default::default() }.is_thread());
}
