//! riscv64 structure layouts: the asm-generic 64-bit ones, which riscv64 takes unchanged
//! from asm-generic (the same as aarch64's, whose module spells them out), except
//! `struct sigaction`: riscv64 defines no SA_RESTORER, so the kernel's sigaction has no
//! `sa_restorer` member.

use crate::abi::aarch64::layout as generic;
use crate::abi::layout::*;

/// `struct sigaction` without `sa_restorer`: handler, flags, mask.
pub const SIGACTION: SigactionLayout =
    SigactionLayout { size: 24, handler: field(0, 8), flags: field(8, 8), restorer: None, mask: field(16, 8) };

pub static LAYOUTS: Layouts = Layouts {
    timespec: generic::TIMESPEC,
    timeval: generic::TIMEVAL,
    stat: generic::STAT,
    statfs: generic::STATFS,
    rlimit: generic::RLIMIT,
    sigaction: SIGACTION,
    stack: generic::STACK,
    termios: generic::TERMIOS,
    winsize: generic::WINSIZE,
    flock: generic::FLOCK,
    utsname: generic::UTSNAME,
    sysinfo: generic::SYSINFO,
    tms: generic::TMS,
    rusage: generic::RUSAGE,
    iovec: generic::IOVEC,
    word: 8,
};
