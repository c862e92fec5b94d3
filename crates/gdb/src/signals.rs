//! Linux signal numbers (the same for every guest crossrun runs: asm-generic's, which are
//! x86's) to gdb's own numbering, which the remote protocol uses, and back.

use gdbstub::common::Signal;

const TABLE: &[(i32, Signal)] = &[
    (libc::SIGHUP, Signal::SIGHUP),
    (libc::SIGINT, Signal::SIGINT),
    (libc::SIGQUIT, Signal::SIGQUIT),
    (libc::SIGILL, Signal::SIGILL),
    (libc::SIGTRAP, Signal::SIGTRAP),
    (libc::SIGABRT, Signal::SIGABRT),
    (libc::SIGBUS, Signal::SIGBUS),
    (libc::SIGFPE, Signal::SIGFPE),
    (libc::SIGKILL, Signal::SIGKILL),
    (libc::SIGUSR1, Signal::SIGUSR1),
    (libc::SIGSEGV, Signal::SIGSEGV),
    (libc::SIGUSR2, Signal::SIGUSR2),
    (libc::SIGPIPE, Signal::SIGPIPE),
    (libc::SIGALRM, Signal::SIGALRM),
    (libc::SIGTERM, Signal::SIGTERM),
    (libc::SIGCHLD, Signal::SIGCHLD),
    (libc::SIGCONT, Signal::SIGCONT),
    (libc::SIGSTOP, Signal::SIGSTOP),
    (libc::SIGTSTP, Signal::SIGTSTP),
    (libc::SIGTTIN, Signal::SIGTTIN),
    (libc::SIGTTOU, Signal::SIGTTOU),
    (libc::SIGURG, Signal::SIGURG),
    (libc::SIGXCPU, Signal::SIGXCPU),
    (libc::SIGXFSZ, Signal::SIGXFSZ),
    (libc::SIGVTALRM, Signal::SIGVTALRM),
    (libc::SIGPROF, Signal::SIGPROF),
    (libc::SIGWINCH, Signal::SIGWINCH),
    (libc::SIGIO, Signal::SIGIO),
    (libc::SIGPWR, Signal::SIGPWR),
    (libc::SIGSYS, Signal::SIGSYS),
];

/// gdb numbers real-time signals 33..=63 from 45 (GDB_SIGNAL_REALTIME_33); 32 is 77 and
/// 64 is 78, added later.
const GDB_REALTIME_33: u8 = 45;
const GDB_REALTIME_63: u8 = 75;
const GDB_REALTIME_32: u8 = 77;
const GDB_REALTIME_64: u8 = 78;

pub fn from_linux(sig: i32) -> Signal {
    if let Some(&(_, s)) = TABLE.iter().find(|(l, _)| *l == sig) {
        return s;
    }
    match sig {
        32 => Signal(GDB_REALTIME_32),
        33..=63 => Signal(GDB_REALTIME_33 + (sig - 33) as u8),
        64 => Signal(GDB_REALTIME_64),
        _ => Signal(143), // GDB_SIGNAL_UNKNOWN
    }
}

pub fn to_linux(sig: Signal) -> Option<i32> {
    if let Some(&(l, _)) = TABLE.iter().find(|(_, s)| *s == sig) {
        return Some(l);
    }
    match sig.0 {
        GDB_REALTIME_32 => Some(32),
        n @ GDB_REALTIME_33..=GDB_REALTIME_63 => Some(33 + (n - GDB_REALTIME_33) as i32),
        GDB_REALTIME_64 => Some(64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_differ_where_gdb_and_linux_differ() {
        assert_eq!(from_linux(libc::SIGBUS), Signal(10));
        assert_eq!(from_linux(libc::SIGUSR1), Signal(30));
        assert_eq!(from_linux(libc::SIGSEGV), Signal(11));
        assert_eq!(from_linux(34), Signal(46));
        // SIGSTKFLT (16) has no gdb number.
        assert_eq!(from_linux(16), Signal(143));
        for sig in (1..=64).filter(|&s| s != 16) {
            assert_eq!(to_linux(from_linux(sig)), Some(sig), "{sig}");
        }
    }
}
