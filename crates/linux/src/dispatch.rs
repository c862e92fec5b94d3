//! The system call dispatcher: table lookup, the handler, errno conversion, logging.

use crate::abi::{Abi, Arg, Ret, SyscallDef};
use crate::errno::Errno;
use crate::fatal::FatalSignal;
use crate::process::{Process, ThreadState};
use crate::strace;
use crossrun_ir::CpuState;

/// Why the guest thread must stop running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// exit/exit_group with this status (already masked to 0..=255).
    Exit(i32),
    /// The guest is to die of a signal.
    Fatal(FatalSignal),
}

/// What a handler can reach.
pub struct Ctx<'a> {
    pub process: &'a Process,
    pub abi: &'static Abi,
    pub thread: &'a mut ThreadState,
    /// The guest registers; `pc` is already past the `svc`.
    pub cpu: &'a mut CpuState,
    /// Set by a handler that ends the thread (its return value is then ignored).
    pub stop: Option<Stop>,
}

impl Ctx<'_> {
    /// Logs something the guest asked for that crossrun does not do (under
    /// `log_unimplemented`, like qemu's `-d unimp`).
    pub fn unimplemented(&self, what: std::fmt::Arguments<'_>) {
        if self.process.config().log_unimplemented {
            crossrun_exec::logfile::line(format_args!("crossrun: unimplemented {what}"));
        }
    }
}

/// The kernel fails with EFAULT rather than write into a page crossrun write-protected
/// for its translated code: the buffers the table says the kernel fills (their size is
/// the next argument) are made writable first, so such a call (a JIT reading code from a
/// file) neither fails nor loses data. Other writes are retried by `sys::raw`.
fn release_out_buffers(kinds: &[Arg], args: &[u64; 6]) {
    for (i, kind) in kinds.iter().enumerate() {
        if *kind == Arg::OutBuf {
            let len = args.get(i + 1).copied().unwrap_or(0);
            crossrun_memory::code_pages::release(args[i], args[i].saturating_add(len));
        }
    }
}

impl Process {
    /// Carries out the system call the guest thread stopped at: number `nr` and `args`
    /// as the registers gave them, `def` its table row; the result goes into the return
    /// register. `Some` if the thread must stop instead of continuing.
    pub(crate) fn syscall(&self, thread: &mut ThreadState, cpu: &mut CpuState, nr: u64, args: [u64; 6], def: Option<&'static SyscallDef>) -> Option<Stop> {
        let abi = self.abi();
        let trace = self.config().strace;
        if trace {
            if let Some(d) = def.filter(|d| d.ret == Ret::NoReturn) {
                crossrun_exec::logfile::line(format_args!("{}", strace::format(abi, d.name, d.args, &args, None, d.ret)));
            }
        }
        let result = match def {
            Some(d) => {
                if crossrun_memory::code_pages::any_protected() {
                    release_out_buffers(d.args, &args);
                }
                let mut ctx = Ctx { process: self, abi, thread, cpu, stop: None };
                let r = (d.handler)(&mut ctx, args);
                if let Some(stop) = ctx.stop {
                    if trace && d.ret != Ret::NoReturn {
                        crossrun_exec::logfile::line(format_args!("{} = ?", strace::format(abi, d.name, d.args, &args, None, Ret::NoReturn)));
                    }
                    return Some(stop);
                }
                r
            }
            None => {
                if self.config().log_unimplemented {
                    let name = (abi.syscall_name)(nr).unwrap_or("unknown");
                    crossrun_exec::logfile::line(format_args!("crossrun: unimplemented syscall {nr} ({name})"));
                }
                Err(Errno::ENOSYS)
            }
        };
        // The one place a host errno becomes the guest's.
        let result = result.map_err(|e| (abi.errno_to_guest)(e.0));
        if trace {
            let line = match def {
                Some(d) => strace::format(abi, d.name, d.args, &args, Some(result), d.ret),
                None => {
                    let name = (abi.syscall_name)(nr).map_or_else(|| format!("syscall_{nr}"), str::to_owned);
                    strace::format(abi, &name, &[crate::abi::Arg::Hex; 6], &args, Some(result), Ret::Int)
                }
            };
            crossrun_exec::logfile::line(format_args!("{line}"));
        }
        let raw = match result {
            Ok(v) => v,
            Err(e) => (-(e as i64)) as u64,
        };
        (abi.set_return)(cpu, raw);
        None
    }
}
