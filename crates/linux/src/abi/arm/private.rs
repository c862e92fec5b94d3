//! The ARM-private system calls (arch/arm/kernel/traps.c, arm_syscall), numbered from
//! __ARM_NR_BASE (0x0f0000).
//!
//! - `set_tls(value)` sets TPIDRURO, the user read-only thread register (what
//!   `mrc p15, 0, rN, c13, c0, 3` and `__kuser_get_tls` read); `get_tls()` returns it;
//! - `cacheflush(start, end, flags)` makes the instruction cache see code written in
//!   `[start, end)`: crossrun drops its translations there (flags must be 0);
//! - `breakpoint()` backs the pc up over the `svc` and raises SIGTRAP there;
//! - `usr26`/`usr32` switch 26-bit mode on cores that have it; no core crossrun models
//!   has HWCAP_26BIT, so the kernel answers them with SIGILL (ILL_ILLTRP).
//!
//! Other numbers below 0x0f0800 are ENOSYS (by design, for feature probes), as every
//! call crossrun does not know.

use crate::arch::FaultCause;
use crate::dispatch::{Ctx, Stop};
use crate::errno::{Errno, SysResult};
use crossrun_a32::location;
use crossrun_memory::{page_down, page_up};

/// The ARM-private call numbers crossrun implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Private {
    Breakpoint = 0x0f_0001,
    Cacheflush = 0x0f_0002,
    Usr26 = 0x0f_0003,
    Usr32 = 0x0f_0004,
    SetTls = 0x0f_0005,
    GetTls = 0x0f_0006,
}

/// The name of an ARM-private call number.
pub fn name(nr: u64) -> Option<&'static str> {
    Some(match nr {
        0x0f_0001 => "breakpoint",
        0x0f_0002 => "cacheflush",
        0x0f_0003 => "usr26",
        0x0f_0004 => "usr32",
        0x0f_0005 => "set_tls",
        0x0f_0006 => "get_tls",
        _ => return None,
    })
}

pub fn set_tls(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    ctx.cpu.thread_pointer = a[0] & 0xffff_ffff;
    Ok(0)
}

pub fn get_tls(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    Ok(ctx.cpu.thread_pointer)
}

/// cacheflush(start, end, flags): EINVAL for a reversed range or non-zero flags, EFAULT
/// for a range that is not all mapped (the kernel's flush faults there), else the
/// range's translations are dropped.
pub fn cacheflush(ctx: &mut Ctx<'_>, a: [u64; 6]) -> SysResult {
    let (start, end, flags) = (a[0], a[1], a[2]);
    if end < start || flags != 0 {
        return Err(Errno::EINVAL);
    }
    if end > ctx.abi.task_size {
        return Err(Errno::EFAULT);
    }
    if start == end {
        return Ok(0);
    }
    let (first, last) = (page_down(start), page_up(end));
    if !ctx.process.space().owns(first, last - first) {
        return Err(Errno::EFAULT);
    }
    ctx.process.invalidate_code(start, end);
    Ok(0)
}

/// Raises a synchronous signal for the instruction at the pc, as the kernel's
/// force_sig_fault from a system call does: a handler runs when the call returns, with
/// its frame recording r0 as the call left it; without one the process dies. The call's
/// "result" is then r0 as the delivery set it.
fn raise(ctx: &mut Ctx<'_>, cause: FaultCause, addr: u64) -> SysResult {
    match ctx.process.deliver_fault(ctx.thread, ctx.cpu, cause, addr) {
        Ok(()) => Ok(ctx.cpu.x[0]),
        Err(fatal) => {
            ctx.stop = Some(Stop::Fatal(fatal));
            Ok(0)
        }
    }
}

/// breakpoint(): SIGTRAP (TRAP_BRKPT) at the `svc`, to which the pc is moved back.
pub fn breakpoint(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    ctx.cpu.pc = ctx.cpu.pc.wrapping_sub(location::svc_len(ctx.cpu.pc) as u64);
    let at = location::address_of(ctx.cpu.pc) as u64;
    raise(ctx, FaultCause::Breakpoint { imm: 0 }, at)
}

/// usr26() and usr32(): SIGILL (ILL_ILLTRP) at the `svc`, the pc after it.
pub fn usr26_32(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    let svc = location::address_of(ctx.cpu.pc).wrapping_sub(location::svc_len(ctx.cpu.pc));
    raise(ctx, FaultCause::IllegalTrap, svc as u64)
}

#[cfg(test)]
mod tests {
    use super::super::tests::arm_guest;

    #[test]
    fn set_tls_sets_tpidruro_and_get_tls_reads_it() {
        let mut g = arm_guest();
        assert_eq!(g.call("set_tls", &[0x7654_3210]), 0);
        assert_eq!(g.cpu.thread_pointer, 0x7654_3210);
        assert_eq!(g.call("get_tls", &[]) as u32, 0x7654_3210);
        // Unknown private calls are ENOSYS, as feature probes expect.
        assert_eq!(g.call_nr(0x0f_0007, &[]), None);
        assert_eq!(g.cpu.x[0] as u32 as i32, -libc::ENOSYS);
    }

    #[test]
    fn cacheflush_drops_translations_of_mapped_code_only() {
        let mut g = arm_guest();
        let dropped = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = dropped.clone();
        g.process.set_code_invalidator(Box::new(move |s, e| seen.lock().unwrap().push((s, e))));
        let code = g.alloc(8192);
        assert_eq!(g.call("cacheflush", &[code + 4, code + 100, 0]), 0);
        assert_eq!(*dropped.lock().unwrap(), [(code + 4, code + 100)]);
        assert_eq!(g.call("cacheflush", &[code + 100, code + 4, 0]), -(libc::EINVAL as i64));
        assert_eq!(g.call("cacheflush", &[code, code + 4, 1]), -(libc::EINVAL as i64), "flags must be 0");
        assert_eq!(g.call("cacheflush", &[code, code + 3 * 4096, 0]), -(libc::EFAULT as i64), "not all mapped");
        assert_eq!(dropped.lock().unwrap().len(), 1);
    }
}
