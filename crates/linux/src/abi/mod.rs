//! What differs from one guest architecture to another, as data.
//!
//! One [`Abi`] value per guest architecture (each guest module's `ABI`) holds:
//! - the system call table: per number, the handler, the name and the argument kinds
//!   strace prints ([`SyscallDef`]), sorted by number;
//! - how the syscall number, arguments and result sit in the registers;
//! - the layouts of the kernel structures the guest exchanges with the kernel
//!   ([`layout::Layouts`]);
//! - the flag and number sets whose values differ from the host's (open flags), and the
//!   few architecture constants the handlers need (MINSIGSTKSZ, guest-only PROT bits).
//!
//! The handlers in [`crate::sys`] are written once against this description, so another
//! guest (riscv64 shares the asm-generic numbering and layouts; armv7 has its own numbers,
//! 32-bit layouts and `stat64`) is another file like `aarch64/`, not a change to them.

/// A guest's system call table: one row per call, `name => handler, [argument kinds],
/// result kind[, restart rule];`, where `name` is the variant of the guest's `Sysno`
/// (optionally followed by `as "kernel_name"` when the crate's name differs from the
/// kernel's) and the restart rule an [`Interrupted`] variant (`Eintr` when absent).
macro_rules! syscall_table {
    ($Sysno:ident; $($name:ident $(as $alias:literal)? => $handler:path, [$($arg:ident),*], $ret:ident $(, $intr:ident)?;)*) => {
        &[$($crate::abi::SyscallDef {
            nr: $Sysno::$name as u32,
            name: syscall_table!(@name $Sysno::$name $(, $alias)?),
            handler: $handler,
            args: &[$($crate::abi::Arg::$arg),*],
            ret: $crate::abi::Ret::$ret,
            interrupted: syscall_table!(@interrupted $($intr)?),
        },)*]
    };
    (@name $sysno:expr) => {
        $sysno.name()
    };
    (@name $sysno:expr, $alias:literal) => {
        $alias
    };
    (@interrupted) => {
        $crate::abi::Interrupted::Eintr
    };
    (@interrupted $intr:ident) => {
        $crate::abi::Interrupted::$intr
    };
}

#[macro_use]
mod asm_generic;
pub mod aarch64;
pub mod arm;
pub mod asm_generic_layout;
pub mod host;
pub mod layout;
pub mod riscv64;

use crate::dispatch::Ctx;
use crate::errno::SysResult;
use crossrun_ir::CpuState;

/// A system call handler: the six raw argument registers in, the raw result out.
pub type Handler = fn(&mut Ctx<'_>, [u64; 6]) -> SysResult;

/// How strace prints one argument. Values are always the guest's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A C `int` (also file descriptors), printed signed.
    Int,
    /// A `long`/`off_t`, printed signed.
    Long,
    /// An unsigned count or size.
    Unsigned,
    Hex,
    /// A pointer: `NULL` or hex.
    Ptr,
    /// A directory fd for the *at calls (`AT_FDCWD`).
    Dirfd,
    /// A NUL-terminated string (paths, names).
    Str,
    /// A buffer the guest passes in; its length is the next argument.
    InBuf,
    /// A buffer the kernel fills; its length is the return value.
    OutBuf,
    /// A mode, printed in octal.
    Mode,
    OpenFlags,
    AtFlags,
    Prot,
    MapFlags,
    Signal,
    Clock,
    FcntlCmd,
    Whence,
    FutexOp,
    SigHow,
    Resource,
    Ioctl,
    Advice,
    Prctl,
}

/// How strace prints the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    Int,
    Hex,
    Mode,
    /// The call does not return (exit, exit_group); strace prints it before it runs.
    NoReturn,
}

/// What a call interrupted by a signal does once the handler returns, as the kernel's
/// -ERESTART* codes decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupted {
    /// Fails with EINTR (sleeps, poll/select, sigtimedwait...).
    Eintr,
    /// Restarts if the handler has SA_RESTART (-ERESTARTSYS: read, write, wait4...).
    Restart,
    /// futex: restarts like `Restart` for FUTEX_WAIT(_BITSET) without a timeout.
    RestartFutexWait,
    /// Always EINTR, even when the signal came before the call started (rt_sigsuspend:
    /// its own mask let the signal in).
    AlwaysEintr,
    /// Not a call that can be interrupted: rt_sigreturn, whose "result" is the restored
    /// return register.
    NotACall,
}

/// One row of a guest's system call table.
#[derive(Clone, Copy, Debug)]
pub struct SyscallDef {
    pub nr: u32,
    pub name: &'static str,
    pub handler: Handler,
    pub args: &'static [Arg],
    pub ret: Ret,
    pub interrupted: Interrupted,
}

/// A translation between guest and host values of a flag word in which some bits sit at
/// different positions. `pairs` lists (guest bit, host bit) for every bit that moves;
/// the guest bits listed and the host bits listed must be the same set of positions, so
/// the translation is a permutation of bits: every other bit passes through unchanged,
/// which keeps bits neither side knows intact for the host kernel to reject as the
/// guest's would.
#[derive(Clone, Copy, Debug)]
pub struct FlagMap {
    pub pairs: &'static [(u32, u32)],
}

impl FlagMap {
    fn moved(&self) -> u32 {
        self.pairs.iter().fold(0, |m, &(g, _)| m | g)
    }

    pub fn to_host(&self, guest: u32) -> u32 {
        let mut out = guest & !self.moved();
        for &(g, h) in self.pairs {
            if guest & g != 0 {
                out |= h;
            }
        }
        out
    }

    pub fn to_guest(&self, host: u32) -> u32 {
        let mut out = host & !self.moved();
        for &(g, h) in self.pairs {
            if host & h != 0 {
                out |= g;
            }
        }
        out
    }
}

/// Everything crossrun needs to know about one guest architecture's Linux ABI.
#[derive(Debug)]
pub struct Abi {
    /// The architecture's name in messages.
    pub name: &'static str,
    /// The system call table, sorted by number.
    pub syscalls: &'static [SyscallDef],
    /// The name of any system call number the architecture defines (implemented or not).
    pub syscall_name: fn(u64) -> Option<&'static str>,
    /// The syscall number and its six arguments, from the registers.
    pub syscall_args: fn(&CpuState) -> (u64, [u64; 6]),
    /// Puts a syscall number and its arguments in the registers (a restarted call gets
    /// them back; tests make calls with it).
    pub set_syscall: fn(&mut CpuState, u64, &[u64; 6]),
    /// Puts a result in the return register.
    pub set_return: fn(&mut CpuState, u64),
    /// The return register.
    pub result: fn(&CpuState) -> u64,
    /// Host errno to the guest's errno.
    pub errno_to_guest: fn(i32) -> i32,
    pub layouts: &'static layout::Layouts,
    /// `open`/`fcntl(F_GETFL/F_SETFL)` flags.
    pub open_flags: FlagMap,
    /// Names of the guest's open flags, for strace (access mode excluded).
    pub open_flag_names: &'static [(u32, &'static str)],
    /// PROT_* bits only this architecture has (e.g. arm64 PROT_BTI, PROT_MTE).
    pub arch_prot_bits: u32,
    /// The guest's MINSIGSTKSZ, which `sigaltstack` enforces.
    pub minsigstksz: u64,
    /// TASK_SIZE: one past the highest user address the guest's kernel allows
    /// (munmap, mprotect and friends refuse ranges beyond it).
    pub task_size: u64,
    /// SHMLBA, the alignment shmat's SHM_RND rounds down to.
    pub shmlba: u64,
}

impl Abi {
    /// The table row for a syscall number.
    pub fn lookup(&self, nr: u64) -> Option<&'static SyscallDef> {
        let nr = u32::try_from(nr).ok()?;
        self.syscalls.binary_search_by_key(&nr, |d| d.nr).ok().map(|i| &self.syscalls[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_map_is_a_bit_permutation() {
        let m = FlagMap { pairs: &[(0x10, 0x40), (0x40, 0x20), (0x20, 0x10)] };
        assert_eq!(m.to_host(0x10), 0x40);
        assert_eq!(m.to_host(0x1 | 0x40 | 0x100), 0x1 | 0x20 | 0x100);
        for v in 0..0x200u32 {
            assert_eq!(m.to_guest(m.to_host(v)), v);
        }
    }
}
