//! `-strace`: one line per system call, e.g.
//! `12345 openat(AT_FDCWD,"/etc/passwd",O_RDONLY) = 3`.
//!
//! Driven by the argument kinds of each table row ([`crate::abi::Arg`]). The constant
//! names below are the asm-generic values shared by every guest so far; the open flags,
//! which differ per architecture, come from the [`Abi`].

use crate::abi::{Abi, Arg, Ret};
use crate::guest;

const O_CREAT: u64 = 0o100;
/// __O_TMPFILE, the part of O_TMPFILE that is not O_DIRECTORY.
const O_TMPFILE: u64 = 0o20000000;

/// How many bytes of a data buffer to show.
const BUF_SHOWN: usize = 32;

/// The line for one call. `result` is `None` for a call that has not returned (printed
/// before `exit_group`); errors are guest errno numbers.
pub fn format(abi: &Abi, name: &str, kinds: &[Arg], args: &[u64; 6], result: Option<Result<u64, i32>>, ret: Ret) -> String {
    let mut s = format!("{} {}(", std::process::id(), name);
    for (i, kind) in kinds.iter().enumerate() {
        // open's mode means something only when a file may be created.
        let creates = |flags: u64| flags & (O_CREAT | O_TMPFILE) != 0;
        if *kind == Arg::Mode && i > 0 && kinds[i - 1] == Arg::OpenFlags && !creates(args[i - 1]) {
            continue;
        }
        if i > 0 {
            s.push(',');
        }
        let next = args.get(i + 1).copied().unwrap_or(0);
        s.push_str(&arg(abi, name, *kind, args[i], next, result));
    }
    s.push(')');
    if let Some(r) = result {
        s.push_str(" = ");
        match r {
            Ok(v) => s.push_str(&match ret {
                Ret::Hex => format!("{v:#x}"),
                Ret::Mode => octal(v),
                Ret::Int | Ret::NoReturn => format!("{}", v as i64),
            }),
            Err(e) => {
                let errno = syscalls::Errno::new(e);
                match errno.name_and_description() {
                    Some((n, d)) => s.push_str(&format!("-1 {n} ({d})")),
                    None => s.push_str(&format!("-1 errno={e}")),
                }
            }
        }
    }
    s
}

fn arg(abi: &Abi, call: &str, kind: Arg, v: u64, next: u64, result: Option<Result<u64, i32>>) -> String {
    match kind {
        Arg::Int => format!("{}", v as i32),
        Arg::Long => format!("{}", v as i64),
        Arg::Unsigned => format!("{v}"),
        Arg::Hex => format!("{v:#x}"),
        Arg::Ptr => ptr(v),
        Arg::Dirfd if v as i32 == -100 => "AT_FDCWD".into(),
        Arg::Dirfd => format!("{}", v as i32),
        Arg::Str => match guest::read_cstr(v, guest::PATH_MAX) {
            _ if v == 0 => "NULL".into(),
            Ok(Some(b)) => quote(&b, usize::MAX),
            _ => ptr(v),
        },
        Arg::InBuf => buffer(v, next as usize),
        Arg::OutBuf => match result {
            Some(Ok(n)) if call != "getcwd" => buffer(v, n as usize),
            Some(Ok(_)) => match guest::read_cstr(v, guest::PATH_MAX) {
                Ok(Some(b)) => quote(&b, usize::MAX),
                _ => ptr(v),
            },
            _ => ptr(v),
        },
        Arg::Mode => octal(v as u32 as u64),
        Arg::OpenFlags => open_flags(abi, v as u32),
        Arg::AtFlags if call == "unlinkat" => flags(v, &[(0x200, "AT_REMOVEDIR")]),
        Arg::AtFlags => flags(v, AT_FLAGS),
        Arg::Prot if v == 0 => "PROT_NONE".into(),
        Arg::Prot => flags(v, PROT),
        Arg::MapFlags => {
            let ty = match v & 0xf {
                1 => "MAP_SHARED".to_string(),
                2 => "MAP_PRIVATE".into(),
                3 => "MAP_SHARED_VALIDATE".into(),
                t => format!("{t:#x}"),
            };
            match flags(v & !0xf, MAP_FLAGS) {
                f if f == "0" => ty,
                f => format!("{ty}|{f}"),
            }
        }
        Arg::Signal => signal_name(v as i32),
        Arg::Clock => named(v as i32 as i64, CLOCKS),
        Arg::FcntlCmd => named(v as i32 as i64, FCNTL),
        Arg::Whence => named(v as i32 as i64, WHENCE),
        Arg::SigHow => named(v as i32 as i64, SIGHOW),
        Arg::Resource => named(v as i32 as i64, RLIMITS),
        Arg::Ioctl => named(v as u32 as i64, IOCTLS),
        Arg::Advice => named(v as i32 as i64, ADVICE),
        Arg::Prctl => named(v as i32 as i64, PRCTL),
        Arg::FutexOp => {
            let mut s = named((v & 0x7f) as i64, FUTEX_OPS);
            if v & 128 != 0 {
                s.push_str("|FUTEX_PRIVATE_FLAG");
            }
            if v & 256 != 0 {
                s.push_str("|FUTEX_CLOCK_REALTIME");
            }
            s
        }
    }
}

/// `0644`, or `0`.
fn octal(v: u64) -> String {
    if v == 0 {
        "0".into()
    } else {
        format!("0{v:o}")
    }
}

fn ptr(v: u64) -> String {
    if v == 0 {
        "NULL".into()
    } else {
        format!("{v:#x}")
    }
}

fn buffer(addr: u64, len: usize) -> String {
    let shown = len.min(BUF_SHOWN);
    let mut b = vec![0; shown];
    match guest::read(addr, &mut b) {
        Ok(()) => {
            let mut s = quote(&b, shown);
            if len > shown {
                s.push_str("...");
            }
            s
        }
        Err(_) => ptr(addr),
    }
}

/// A C-style quoted string.
pub fn quote(b: &[u8], max: usize) -> String {
    let mut s = String::from("\"");
    for &c in b.iter().take(max) {
        match c {
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\r' => s.push_str("\\r"),
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('"');
    s
}

fn named(v: i64, table: &[(i64, &str)]) -> String {
    match table.iter().find(|(n, _)| *n == v) {
        Some((_, name)) => (*name).to_string(),
        None => format!("{v}"),
    }
}

fn flags(v: u64, table: &[(u64, &str)]) -> String {
    let mut parts = Vec::new();
    let mut rest = v;
    for &(bit, name) in table {
        if v & bit == bit && bit != 0 {
            parts.push(name.to_string());
            rest &= !bit;
        }
    }
    if rest != 0 || parts.is_empty() {
        parts.push(format!("{rest:#x}"));
    }
    if v == 0 {
        return "0".into();
    }
    parts.join("|")
}

fn open_flags(abi: &Abi, v: u32) -> String {
    let mut s = match v & 3 {
        0 => "O_RDONLY".to_string(),
        1 => "O_WRONLY".into(),
        2 => "O_RDWR".into(),
        _ => "O_ACCMODE".into(),
    };
    let mut rest = v & !3;
    for &(bit, name) in abi.open_flag_names {
        if rest & bit != 0 {
            s.push('|');
            s.push_str(name);
            rest &= !bit;
        }
    }
    if rest != 0 {
        s.push_str(&format!("|{rest:#o}"));
    }
    s
}

static SIGNALS: [&str; 31] = [
    "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
    "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
    "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
];

/// `SIGSEGV`, `SIGRT_3`, or the number.
pub fn signal_name(sig: i32) -> String {
    match sig {
        1..=31 => SIGNALS[sig as usize - 1].into(),
        32..=64 => format!("SIGRT_{}", sig - 32),
        _ => format!("{sig}"),
    }
}

static AT_FLAGS: &[(u64, &str)] = &[
    (0x100, "AT_SYMLINK_NOFOLLOW"),
    (0x200, "AT_EACCESS"),
    (0x400, "AT_SYMLINK_FOLLOW"),
    (0x800, "AT_NO_AUTOMOUNT"),
    (0x1000, "AT_EMPTY_PATH"),
    (0x2000, "AT_STATX_FORCE_SYNC"),
    (0x4000, "AT_STATX_DONT_SYNC"),
    (0x8000, "AT_RECURSIVE"),
];

static PROT: &[(u64, &str)] = &[
    (1, "PROT_READ"),
    (2, "PROT_WRITE"),
    (4, "PROT_EXEC"),
    (8, "PROT_SEM"),
    (0x10, "PROT_BTI"),
    (0x20, "PROT_MTE"),
    (0x0100_0000, "PROT_GROWSDOWN"),
    (0x0200_0000, "PROT_GROWSUP"),
];

static MAP_FLAGS: &[(u64, &str)] = &[
    (0x10, "MAP_FIXED"),
    (0x20, "MAP_ANONYMOUS"),
    (0x100, "MAP_GROWSDOWN"),
    (0x800, "MAP_DENYWRITE"),
    (0x1000, "MAP_EXECUTABLE"),
    (0x2000, "MAP_LOCKED"),
    (0x4000, "MAP_NORESERVE"),
    (0x8000, "MAP_POPULATE"),
    (0x10000, "MAP_NONBLOCK"),
    (0x20000, "MAP_STACK"),
    (0x40000, "MAP_HUGETLB"),
    (0x80000, "MAP_SYNC"),
    (0x100000, "MAP_FIXED_NOREPLACE"),
];

static CLOCKS: &[(i64, &str)] = &[
    (0, "CLOCK_REALTIME"),
    (1, "CLOCK_MONOTONIC"),
    (2, "CLOCK_PROCESS_CPUTIME_ID"),
    (3, "CLOCK_THREAD_CPUTIME_ID"),
    (4, "CLOCK_MONOTONIC_RAW"),
    (5, "CLOCK_REALTIME_COARSE"),
    (6, "CLOCK_MONOTONIC_COARSE"),
    (7, "CLOCK_BOOTTIME"),
    (8, "CLOCK_REALTIME_ALARM"),
    (9, "CLOCK_BOOTTIME_ALARM"),
    (11, "CLOCK_TAI"),
];

static FCNTL: &[(i64, &str)] = &[
    (0, "F_DUPFD"),
    (1, "F_GETFD"),
    (2, "F_SETFD"),
    (3, "F_GETFL"),
    (4, "F_SETFL"),
    (5, "F_GETLK"),
    (6, "F_SETLK"),
    (7, "F_SETLKW"),
    (8, "F_SETOWN"),
    (9, "F_GETOWN"),
    (10, "F_SETSIG"),
    (11, "F_GETSIG"),
    (15, "F_SETOWN_EX"),
    (16, "F_GETOWN_EX"),
    (36, "F_OFD_GETLK"),
    (37, "F_OFD_SETLK"),
    (38, "F_OFD_SETLKW"),
    (1024, "F_SETLEASE"),
    (1025, "F_GETLEASE"),
    (1026, "F_NOTIFY"),
    (1030, "F_DUPFD_CLOEXEC"),
    (1031, "F_SETPIPE_SZ"),
    (1032, "F_GETPIPE_SZ"),
    (1033, "F_ADD_SEALS"),
    (1034, "F_GET_SEALS"),
];

static WHENCE: &[(i64, &str)] = &[(0, "SEEK_SET"), (1, "SEEK_CUR"), (2, "SEEK_END"), (3, "SEEK_DATA"), (4, "SEEK_HOLE")];

static SIGHOW: &[(i64, &str)] = &[(0, "SIG_BLOCK"), (1, "SIG_UNBLOCK"), (2, "SIG_SETMASK")];

static RLIMITS: &[(i64, &str)] = &[
    (0, "RLIMIT_CPU"),
    (1, "RLIMIT_FSIZE"),
    (2, "RLIMIT_DATA"),
    (3, "RLIMIT_STACK"),
    (4, "RLIMIT_CORE"),
    (5, "RLIMIT_RSS"),
    (6, "RLIMIT_NPROC"),
    (7, "RLIMIT_NOFILE"),
    (8, "RLIMIT_MEMLOCK"),
    (9, "RLIMIT_AS"),
    (10, "RLIMIT_LOCKS"),
    (11, "RLIMIT_SIGPENDING"),
    (12, "RLIMIT_MSGQUEUE"),
    (13, "RLIMIT_NICE"),
    (14, "RLIMIT_RTPRIO"),
    (15, "RLIMIT_RTTIME"),
];

static IOCTLS: &[(i64, &str)] = &[
    (0x5401, "TCGETS"),
    (0x5402, "TCSETS"),
    (0x5403, "TCSETSW"),
    (0x5404, "TCSETSF"),
    (0x5409, "TCSBRK"),
    (0x540A, "TCXONC"),
    (0x540B, "TCFLSH"),
    (0x540E, "TIOCSCTTY"),
    (0x540F, "TIOCGPGRP"),
    (0x5410, "TIOCSPGRP"),
    (0x5411, "TIOCOUTQ"),
    (0x5413, "TIOCGWINSZ"),
    (0x5414, "TIOCSWINSZ"),
    (0x541B, "FIONREAD"),
    (0x5421, "FIONBIO"),
    (0x5422, "TIOCNOTTY"),
    (0x5429, "TIOCGSID"),
    (0x5450, "FIONCLEX"),
    (0x5451, "FIOCLEX"),
    (0x5452, "FIOASYNC"),
];

static ADVICE: &[(i64, &str)] = &[
    (0, "MADV_NORMAL"),
    (1, "MADV_RANDOM"),
    (2, "MADV_SEQUENTIAL"),
    (3, "MADV_WILLNEED"),
    (4, "MADV_DONTNEED"),
    (8, "MADV_FREE"),
    (9, "MADV_REMOVE"),
    (10, "MADV_DONTFORK"),
    (11, "MADV_DOFORK"),
    (12, "MADV_MERGEABLE"),
    (13, "MADV_UNMERGEABLE"),
    (14, "MADV_HUGEPAGE"),
    (15, "MADV_NOHUGEPAGE"),
    (16, "MADV_DONTDUMP"),
    (17, "MADV_DODUMP"),
    (18, "MADV_WIPEONFORK"),
    (19, "MADV_KEEPONFORK"),
    (20, "MADV_COLD"),
    (21, "MADV_PAGEOUT"),
    (22, "MADV_POPULATE_READ"),
    (23, "MADV_POPULATE_WRITE"),
];

static PRCTL: &[(i64, &str)] = &[
    (1, "PR_SET_PDEATHSIG"),
    (2, "PR_GET_PDEATHSIG"),
    (3, "PR_GET_DUMPABLE"),
    (4, "PR_SET_DUMPABLE"),
    (7, "PR_GET_KEEPCAPS"),
    (8, "PR_SET_KEEPCAPS"),
    (15, "PR_SET_NAME"),
    (16, "PR_GET_NAME"),
    (22, "PR_SET_SECCOMP"),
    (23, "PR_CAPBSET_READ"),
    (29, "PR_SET_TIMERSLACK"),
    (30, "PR_GET_TIMERSLACK"),
    (36, "PR_SET_CHILD_SUBREAPER"),
    (37, "PR_GET_CHILD_SUBREAPER"),
    (38, "PR_SET_NO_NEW_PRIVS"),
    (39, "PR_GET_NO_NEW_PRIVS"),
    (50, "PR_SVE_SET_VL"),
    (51, "PR_SVE_GET_VL"),
    (54, "PR_PAC_RESET_KEYS"),
    (55, "PR_SET_TAGGED_ADDR_CTRL"),
    (56, "PR_GET_TAGGED_ADDR_CTRL"),
    (0x53564d41, "PR_SET_VMA"),
];

static FUTEX_OPS: &[(i64, &str)] = &[
    (0, "FUTEX_WAIT"),
    (1, "FUTEX_WAKE"),
    (2, "FUTEX_FD"),
    (3, "FUTEX_REQUEUE"),
    (4, "FUTEX_CMP_REQUEUE"),
    (5, "FUTEX_WAKE_OP"),
    (6, "FUTEX_LOCK_PI"),
    (7, "FUTEX_UNLOCK_PI"),
    (8, "FUTEX_TRYLOCK_PI"),
    (9, "FUTEX_WAIT_BITSET"),
    (10, "FUTEX_WAKE_BITSET"),
    (11, "FUTEX_WAIT_REQUEUE_PI"),
    (12, "FUTEX_CMP_REQUEUE_PI"),
    (13, "FUTEX_LOCK_PI2"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The test guest's ABI: every guest prints the same way, in its own flag values.
    static ABI: std::sync::LazyLock<&'static crate::abi::Abi> = std::sync::LazyLock::new(|| crate::testutil::test_arch().abi);

    #[test]
    fn openat_line_decodes_path_and_flags() {
        crossrun_memory::install_fault_handler(None);
        let path = b"/etc/passwd\0";
        let o_directory = ABI.open_flag_names.iter().find(|f| f.1 == "O_DIRECTORY").unwrap().0 as u64;
        let args = [(-100i64) as u64, path.as_ptr() as u64, 0o2000000 | o_directory, 0, 0, 0];
        let kinds = [Arg::Dirfd, Arg::Str, Arg::OpenFlags, Arg::Mode];
        let line = format(*ABI, "openat", &kinds, &args, Some(Ok(3)), Ret::Int);
        let pid = std::process::id();
        assert_eq!(line, format!("{pid} openat(AT_FDCWD,\"/etc/passwd\",O_RDONLY|O_DIRECTORY|O_CLOEXEC) = 3"));
        let args = [(-100i64) as u64, path.as_ptr() as u64, 0o101, 0o644, 0, 0];
        let line = format(*ABI, "openat", &kinds, &args, Some(Err(2)), Ret::Int);
        assert!(line.ends_with("\",O_WRONLY|O_CREAT,0644) = -1 ENOENT (No such file or directory)"), "{line}");
    }

    #[test]
    fn buffers_mmap_and_signals() {
        crossrun_memory::install_fault_handler(None);
        let data = b"hi\n\x01";
        let args = [1, data.as_ptr() as u64, 4, 0, 0, 0];
        let line = format(*ABI, "write", &[Arg::Int, Arg::InBuf, Arg::Unsigned], &args, Some(Ok(4)), Ret::Int);
        assert!(line.ends_with(" write(1,\"hi\\n\\x01\",4) = 4"), "{line}");
        let args = [0, 4096, 3, 0x22, u64::MAX, 0];
        let kinds = [Arg::Hex, Arg::Unsigned, Arg::Prot, Arg::MapFlags, Arg::Int, Arg::Hex];
        let line = format(*ABI, "mmap", &kinds, &args, Some(Ok(0x7f00_0000_0000)), Ret::Hex);
        assert!(line.ends_with("mmap(0x0,4096,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0x0) = 0x7f0000000000"), "{line}");
        assert_eq!(signal_name(11), "SIGSEGV");
        assert_eq!(signal_name(34), "SIGRT_2");
        let line = format(*ABI, "exit_group", &[Arg::Int], &[3, 0, 0, 0, 0, 0], None, Ret::NoReturn);
        assert!(line.ends_with(" exit_group(3)"), "{line}");
    }
}
