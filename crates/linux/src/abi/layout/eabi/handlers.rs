//! The generic handlers with a 32-bit guest's structures: real host calls made for
//! [`ARCH`], whose layouts are arm EABI's, with the guest's records in memory below
//! 4 GiB (their pointers are 4 bytes), each followed by guard bytes the call must not
//! touch.

use super::ARCH;
use crate::guest;
use crate::testutil::Guest;
use crossrun_memory::space::MapRequest;
use crossrun_memory::{GuestSpace, Protection};

/// Guest memory below 4 GiB, handed out in 8-aligned pieces: a piece of the low
/// reservation 32-bit guests' memory comes from.
struct Low {
    space: GuestSpace,
    base: u64,
    next: u64,
}

const LOW_SIZE: u64 = 1 << 16;

impl Low {
    fn new() -> Low {
        let mut space = GuestSpace::with_address_bits(32).unwrap();
        let req = MapRequest { addr: 0, len: LOW_SIZE, prot: Protection::RW, flags: libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, fd: -1, offset: 0 };
        let base = space.map(req).unwrap();
        Low { space, base, next: base }
    }

    /// `n` bytes filled with the guard pattern, then 8 more of it.
    fn alloc(&mut self, n: usize) -> u64 {
        let at = (self.next + 7) & !7;
        self.next = at + n as u64 + 8;
        assert!(self.next <= self.base + LOW_SIZE);
        guest::write(at, &vec![GUARD; n + 8]).unwrap();
        at
    }

    fn put(&mut self, bytes: &[u8]) -> u64 {
        let at = self.alloc(bytes.len());
        guest::write(at, bytes).unwrap();
        at
    }
}

impl Drop for Low {
    fn drop(&mut self) {
        self.space.unmap(self.base, LOW_SIZE).unwrap();
    }
}

const GUARD: u8 = 0xa5;

fn get(at: u64, n: usize) -> Vec<u8> {
    let mut b = vec![0; n];
    guest::read(at, &mut b).unwrap();
    b
}

fn u32_at(at: u64) -> u32 {
    guest::read_u32(at).unwrap()
}

fn u64_at(at: u64) -> u64 {
    guest::read_u64(at).unwrap()
}

/// The guard bytes after a record of `n` bytes at `at` are untouched.
fn guarded(at: u64, n: usize) -> bool {
    get(at + n as u64, 8) == [GUARD; 8]
}

fn guest() -> Guest {
    Guest::for_arch(&ARCH)
}

#[test]
fn times_limits_and_usage_are_32_bit_records() {
    let mut g = guest();
    let mut m = Low::new();
    let ts = m.alloc(8);
    assert_eq!(g.call("clock_gettime", &[1, ts]), 0);
    assert!(u32_at(ts + 4) < 1_000_000_000 && guarded(ts, 8));
    let tv = m.alloc(8);
    assert_eq!(g.call("gettimeofday", &[tv, 0]), 0);
    assert!(u32_at(tv) > 1_600_000_000 && u32_at(tv + 4) < 1_000_000 && guarded(tv, 8));
    // RLIMIT_AS (9): infinite limits are 32-bit RLIM_INFINITY; prlimit64's record is 16
    // bytes everywhere.
    let mut host = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: a valid local for the host's limit.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut host) }, 0);
    let rl = m.alloc(8);
    assert_eq!(g.call("getrlimit", &[9, rl]), 0);
    let narrow = |v: u64| if v > u32::MAX as u64 { u32::MAX } else { v as u32 };
    assert_eq!((u32_at(rl), u32_at(rl + 4)), (narrow(host.rlim_cur), narrow(host.rlim_max)));
    assert!(guarded(rl, 8));
    let rl64 = m.alloc(16);
    assert_eq!(g.call("prlimit64", &[0, 9, 0, rl64]), 0);
    assert_eq!((u64_at(rl64), u64_at(rl64 + 8)), (host.rlim_cur, host.rlim_max));
    // getrusage: 72 bytes, ru_maxrss at 16.
    let ru = m.alloc(72);
    assert_eq!(g.call("getrusage", &[0, ru]), 0);
    assert!(u32_at(ru + 16) > 0 && guarded(ru, 72));
    // An interval timer (ITIMER_VIRTUAL, 100 s of CPU time, cancelled again).
    let it = m.put(&[0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0]);
    let old = m.alloc(16);
    assert_eq!(g.call("setitimer", &[1, it, old]), 0);
    assert_eq!(get(old, 16), [0; 16]);
    assert_eq!(g.call("getitimer", &[1, old]), 0);
    assert!((99..=100).contains(&u32_at(old + 8)) && guarded(old, 16));
    let off = m.alloc(16);
    guest::write(off, &[0; 16]).unwrap();
    assert_eq!(g.call("setitimer", &[1, off, 0]), 0);
}

#[test]
fn fstat_fills_a_stat64() {
    let mut g = guest();
    let mut m = Low::new();
    let f = tempfile::tempfile().unwrap();
    std::io::Write::write_all(&mut &f, b"12345").unwrap();
    let fd = std::os::fd::AsRawFd::as_raw_fd(&f) as u64;
    let st = m.alloc(104);
    assert_eq!(g.call("fstat", &[fd, st]), 0);
    let meta = f.metadata().unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(u64_at(st + 48), 5, "st_size");
    assert_eq!(u64_at(st + 96), meta.ino(), "the 64-bit st_ino at the end");
    assert_eq!(u32_at(st + 16), meta.mode(), "st_mode");
    assert!(guarded(st, 104));
}

#[test]
fn pselect6_reads_and_writes_whole_32_bit_words() {
    let mut g = guest();
    let mut m = Low::new();
    let mut fds = [0i32; 2];
    assert_eq!(g.call("pipe2", &[fds.as_mut_ptr() as u64, 0]), 0);
    assert!(fds[1] < 32, "the test needs small descriptors");
    assert_eq!(g.call("write", &[fds[1] as u64, b"x".as_ptr() as u64, 1]), 1);
    let n = fds[1] as u64 + 1;
    let set = m.put(&(1u32 << fds[0] | 1 << fds[1]).to_le_bytes());
    let mask = m.put(&0u64.to_le_bytes());
    let argpack = m.put(&[(mask as u32).to_le_bytes(), 8u32.to_le_bytes()].concat());
    let ts = m.put(&[1u32.to_le_bytes(), 0u32.to_le_bytes()].concat());
    assert_eq!(g.call("pselect6", &[n, set, 0, 0, ts, argpack]), 1);
    assert_eq!(u32_at(set), 1 << fds[0], "only the read end");
    assert!(guarded(set, 4), "one 4-byte word for fewer than 32 descriptors");
    g.close(fds[0]);
    g.close(fds[1]);
}

#[test]
fn sched_getaffinity_takes_32_bit_words() {
    let mut g = guest();
    let mut m = Low::new();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cpus > 32 {
        println!("skipped: {cpus} CPUs do not fit one 32-bit word");
        return;
    }
    let mask = m.alloc(4);
    assert_eq!(g.call("sched_getaffinity", &[0, 4, mask]), 4);
    assert_ne!(u32_at(mask), 0);
    assert!(guarded(mask, 4));
    assert_eq!(g.call("sched_getaffinity", &[0, 6, mask]), -(libc::EINVAL as i64), "not a whole number of words");
}

#[test]
fn sendmsg_and_recvmsg_with_32_bit_msghdr_iovec_and_cmsghdr() {
    let mut g = guest();
    let mut m = Low::new();
    let mut sv = [0i32; 2];
    assert_eq!(g.call("socketpair", &[1, 1, 0, sv.as_mut_ptr() as u64]), 0);
    let mut pipe = [0i32; 2];
    assert_eq!(g.call("pipe2", &[pipe.as_mut_ptr() as u64, 0]), 0);
    let le = |v: u64| (v as u32).to_le_bytes();
    let payload = m.put(b"fd!");
    let iov = m.put(&[le(payload), le(3)].concat());
    // SCM_RIGHTS: a 12-byte header, one fd: CMSG_SPACE(4) = 16.
    let control = m.put(&[le(16), le(1), le(1), le(pipe[1] as u64)].concat());
    let msg = m.put(&[le(0), le(0), le(iov), le(1), le(control), le(16), le(0)].concat());
    assert_eq!(g.call("sendmsg", &[sv[0] as u64, msg, 0]), 3);
    let buf = m.alloc(8);
    let riov = m.put(&[le(buf), le(8)].concat());
    let rcontrol = m.alloc(32);
    let rmsg = m.put(&[le(0), le(0), le(riov), le(1), le(rcontrol), le(32), le(0)].concat());
    assert_eq!(g.call("recvmsg", &[sv[1] as u64, rmsg, 0]), 3);
    assert_eq!(get(buf, 3), b"fd!");
    assert_eq!(u32_at(rmsg + 20), 16, "msg_controllen: one 32-bit CMSG_SPACE(4)");
    assert_eq!((u32_at(rcontrol), u32_at(rcontrol + 4), u32_at(rcontrol + 8)), (16, 1, 1));
    let newfd = u32_at(rcontrol + 12) as i32;
    assert_eq!(g.call("write", &[newfd as u64, b"z".as_ptr() as u64, 1]), 1);
    let mut z = [0u8; 1];
    assert_eq!(g.call("read", &[pipe[0] as u64, z.as_mut_ptr() as u64, 1]), 1);
    assert!(guarded(rmsg, 28));
    // SO_RCVTIMEO's 8-byte timeval, both ways.
    let tv = m.put(&[le(2), le(500_000)].concat());
    assert_eq!(g.call("setsockopt", &[sv[0] as u64, 1, 20, tv, 8]), 0);
    let back = m.alloc(8);
    let len = m.put(&le(8));
    assert_eq!(g.call("getsockopt", &[sv[0] as u64, 1, 20, back, len]), 0);
    assert_eq!((u32_at(back), u32_at(back + 4), u32_at(len)), (2, 500_000, 8));
    assert!(guarded(back, 8));
    for f in [sv[0], sv[1], pipe[0], pipe[1], newfd] {
        g.close(f);
    }
}

#[test]
fn rt_sigtimedwait_and_waitid_write_a_32_bit_siginfo() {
    let mut g = guest();
    let mut m = Low::new();
    // A blocked SIGUSR1 sent to this thread, taken with rt_sigtimedwait.
    let set = m.put(&(1u64 << (libc::SIGUSR1 - 1)).to_le_bytes());
    let old = m.alloc(8);
    assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_BLOCK as u64, set, old, 8]), 0);
    let (pid, tid) = (crate::host::getpid(), crate::host::gettid());
    assert_eq!(g.call("tgkill", &[pid as u64, tid as u64, libc::SIGUSR1 as u64]), 0);
    let info = m.alloc(128);
    assert_eq!(g.call("rt_sigtimedwait", &[set, info, 0, 8]), libc::SIGUSR1 as i64);
    assert_eq!((u32_at(info), u32_at(info + 8) as i32, u32_at(info + 12) as i32), (libc::SIGUSR1 as u32, -6, pid));
    // SAFETY: no arguments.
    assert_eq!(u32_at(info + 16), unsafe { libc::getuid() }, "si_uid right after si_pid");
    assert_eq!(g.call("rt_sigprocmask", &[libc::SIG_SETMASK as u64, old, 0, 8]), 0);
    // waitid writes signo, errno, code, pid, uid and status, and nothing after them.
    // The guest's waitid below reaps it.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new("true").spawn().unwrap();
    let info = m.alloc(128);
    assert_eq!(g.call("waitid", &[1 /* P_PID */, child.id() as u64, info, 4 /* WEXITED */, 0]), 0);
    assert_eq!((u32_at(info), u32_at(info + 8), u32_at(info + 12), u32_at(info + 20)), (libc::SIGCHLD as u32, 1, child.id(), 0));
    assert_eq!(get(info + 24, 8), [GUARD; 8], "si_utime and beyond are left as they were");
}

#[test]
fn ipc_records_are_32_bit_with_split_times() {
    let mut g = guest();
    let mut m = Low::new();
    let id = g.call("shmget", &[0, 10000, 0o600 | 0o1000]);
    assert!(id >= 0);
    let ds = m.alloc(84);
    assert_eq!(g.call("shmctl", &[id as u64, 2 /* IPC_STAT */, ds]), 0);
    assert_eq!((u32_at(ds + 36), u32_at(ds + 64) as i32, u32_at(ds + 20) & 0o777), (10000, crate::host::getpid(), 0o600));
    assert!(u32_at(ds + 56) > 1_600_000_000, "shm_ctime's low word");
    assert_eq!(u32_at(ds + 60), 0, "and its high word");
    assert!(guarded(ds, 84));
    assert_eq!(g.call("shmctl", &[id as u64, 0 /* IPC_RMID */, 0]), 0);
    let sem = g.call("semget", &[0, 3, 0o600 | 0o1000]);
    let sds = m.alloc(64);
    assert_eq!(g.call("semctl", &[sem as u64, 0, 2, sds]), 0);
    assert_eq!(u32_at(sds + 52), 3, "sem_nsems");
    assert!(guarded(sds, 64));
    assert_eq!(g.call("semctl", &[sem as u64, 0, 0, 0]), 0);
    // A message: a 4-byte type, then the text.
    let q = g.call("msgget", &[0, 0o600 | 0o1000]);
    let msg = m.put(&[&9u32.to_le_bytes()[..], b"hi"].concat());
    assert_eq!(g.call("msgsnd", &[q as u64, msg, 2, 0]), 0);
    let qds = m.alloc(88);
    assert_eq!(g.call("msgctl", &[q as u64, 2, qds]), 0);
    assert_eq!((u32_at(qds + 60), u32_at(qds + 64)), (2, 1), "msg_cbytes, msg_qnum");
    let got = m.alloc(4 + 16);
    assert_eq!(g.call("msgrcv", &[q as u64, got, 16, 0, 0]), 2);
    assert_eq!((u32_at(got), get(got + 4, 2)), (9, b"hi".to_vec()));
    assert_eq!(get(got + 6, 2), [GUARD; 2], "only the text received");
    assert_eq!(g.call("msgctl", &[q as u64, 0, 0]), 0);
    // A POSIX queue's attributes: four 4-byte longs (and four reserved).
    let name = crate::testutil::cstr(&format!("crossrun-eabi-{}", std::process::id()));
    let attr = m.put(&[0u32, 3, 32, 0, 0, 0, 0, 0].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>());
    let mq = g.call("mq_open", &[name.as_ptr() as u64, 0o2 | 0o100, 0o600, attr]);
    assert!(mq >= 0, "{mq}");
    let back = m.alloc(32);
    assert_eq!(g.call("mq_getsetattr", &[mq as u64, 0, back]), 0);
    assert_eq!([u32_at(back + 4), u32_at(back + 8)], [3, 32]);
    assert!(guarded(back, 32));
    g.close(mq as i32);
    assert_eq!(g.call("mq_unlink", &[name.as_ptr() as u64]), 0);
}

#[test]
fn robust_list_and_interface_list_are_32_bit() {
    let mut g = guest();
    let mut m = Low::new();
    let head = m.alloc(12);
    assert_eq!(g.call("set_robust_list", &[head, 24]), -(libc::EINVAL as i64), "12 bytes on a 32-bit guest");
    assert_eq!(g.call("set_robust_list", &[head, 12]), 0);
    let (h, len) = (m.alloc(4), m.alloc(4));
    assert_eq!(g.call("get_robust_list", &[0, h, len]), 0);
    assert_eq!((u32_at(h) as u64, u32_at(len)), (head, 12));
    assert!(guarded(h, 4) && guarded(len, 4));
    // SIOCGIFCONF: a length query, then the 32-byte records.
    let sock = g.call("socket", &[2, 2, 0]);
    let conf = m.put(&[0u8; 8]);
    assert_eq!(g.call("ioctl", &[sock as u64, 0x8912, conf]), 0);
    let need = u32_at(conf) as usize;
    assert!(need >= 32 && need % 32 == 0, "{need}");
    let list = m.alloc(need);
    guest::write(conf, &[(need as u32).to_le_bytes(), (list as u32).to_le_bytes()].concat()).unwrap();
    assert_eq!(g.call("ioctl", &[sock as u64, 0x8912, conf]), 0);
    assert_eq!(u32_at(conf) as usize, need);
    assert!(get(list, need).chunks(32).any(|r| &r[..3] == b"lo\0"), "lo listed");
    assert!(guarded(list, need));
    g.close(sock as i32);
}
