//! The arm kernel's signal frames, byte for byte, and the registers a handler starts
//! with (arch/arm/kernel/signal.c: setup_frame, setup_rt_frame, setup_return,
//! restore_sigframe; arch/arm/kernel/signal.h; arch/arm/include/asm/ucontext.h; the
//! uapi asm/sigcontext.h).
//!
//! A handler without SA_SIGINFO gets a `sigframe`, one with it an `rt_sigframe`, which is
//! the siginfo followed by a `sigframe`:
//! ```text
//! struct sigframe { struct ucontext uc; unsigned long retcode[4]; }     760 bytes
//!   uc.uc_flags             0    4   0x5ac3c35a in a sigframe (a value sc.trap_no never
//!                                    has), 0 in an rt_sigframe
//!   uc.uc_link              4    4
//!   uc.uc_stack             8   12   ss_sp, ss_flags, ss_size (rt_sigframe only)
//!   uc.uc_mcontext         20   84   struct sigcontext: trap_no, error_code, oldmask,
//!                                    r0..r10, fp, ip, sp, lr, pc, cpsr, fault_address
//!   uc.uc_sigmask         104    8   (+ 120 bytes of padding)
//!   uc.uc_regspace        232  512   8-byte aligned: struct aux_sigframe =
//!     vfp.magic           232    4   0x56465001 (VFP_MAGIC)
//!     vfp.size            236    4   288 (VFP_STORAGE_SIZE)
//!     vfp.ufp.fpregs[32]  240  256   d0..d31
//!     vfp.ufp.fpscr       496    4
//!     vfp.ufp_exc         504   12   fpexc, fpinst, fpinst2
//!     end_magic           520    4   0
//!   retcode[4]            744   16   the return code, for handlers without SA_RESTORER
//! struct rt_sigframe { siginfo_t info; struct sigframe sig; }          888 bytes
//! ```
//! The frame is 8-byte aligned below the stack (ATPCS). The handler gets r0 = signo (and
//! r1 = &info, r2 = &uc for SA_SIGINFO), sp = the frame, lr = its SA_RESTORER or the
//! return code, pc = the handler in the state its bit 0 selects; CPSR's N, Z, C, V, Q,
//! J, the IT state and E are cleared (GE is kept), and FPSCR's Len and Stride. Without
//! SA_RESTORER the handler returns through the kernel's `sigreturn_codes` (`mov r7,
//! #nr; svc #0` in Arm or Thumb, for sigreturn or rt_sigreturn), here in the
//! trampoline page; the kernel also copies them into `retcode`, and so does crossrun.
//!
//! sigreturn (119) reads a `sigframe` at sp, rt_sigreturn (173) an `rt_sigframe`, which
//! also restores the alternate stack; both refuse an sp that is not 8-byte aligned, a
//! CPSR that is not user mode or masks IRQs, and a VFP record whose magic or size is
//! wrong (the kernel's badframe: SIGSEGV). A fault's frame records what the 32-bit
//! kernel does: trap_no 14 and the FSR (short-descriptor format, WnR in bit 11) for
//! aborts, trap_no 6 for undefined instructions, and the faulting address.

use crate::abi::layout::{field, CStruct, Headers, SigStack};
use crate::arch::FaultCause;
use crate::dispatch::{Ctx, Stop};
use crate::errno::SysResult;
use crate::guest;
use crate::signal::{BadFrame, FrameRequest, Restored, SignalArch};
use crossrun_a32::location;
use crossrun_ir::CpuState;

/// The arm signal frames.
pub static SIGNALS: SignalArch = SignalArch { setup, restore: restore_rt, trampoline: &TRAMPOLINE, sa_restorer: true, frame_layouts };

/// The sigreturn numbers the return codes load into r7.
const NR_SIGRETURN: u32 = 119;
const NR_RT_SIGRETURN: u32 = 173;

/// The kernel's `sigreturn_codes` (arch/arm/kernel/sigreturn_codes.S), with `svc #0` as
/// arm64's compat codes have it (EABI takes the number from r7, not the immediate):
/// slot n (12 bytes) holds the Arm `mov r7, #nr; svc #0` at +0 and the Thumb
/// `movs r7, #nr; svc #0` at +8; slot 0 is sigreturn's, slot 1 rt_sigreturn's. A return
/// address is the page + 4 * idx (+1 for Thumb), idx = 2 * thumb + 3 * SA_SIGINFO.
const CODES: [u32; 6] = [
    0xe3a0_7000 | NR_SIGRETURN,              // mov  r7, #119
    0xef00_0000,                             // svc  #0
    0xdf00_2700 | NR_SIGRETURN,              // movs r7, #119; svc #0 (Thumb)
    0xe3a0_7000 | NR_RT_SIGRETURN,           // mov  r7, #173
    0xef00_0000,                             // svc  #0
    0xdf00_2700 | NR_RT_SIGRETURN,           // movs r7, #173; svc #0 (Thumb)
];

const TRAMPOLINE: [u8; 24] = {
    let mut b = [0u8; 24];
    let mut i = 0;
    while i < 6 {
        let w = CODES[i].to_le_bytes();
        b[4 * i] = w[0];
        b[4 * i + 1] = w[1];
        b[4 * i + 2] = w[2];
        b[4 * i + 3] = w[3];
        i += 1;
    }
    b
};

pub const SIGINFO_SIZE: usize = 128;
// Offsets in a sigframe.
pub const UC_FLAGS: usize = 0;
pub const UC_LINK: usize = 4;
pub const UC_STACK_SP: usize = 8;
pub const UC_STACK_FLAGS: usize = 12;
pub const UC_STACK_SIZE: usize = 16;
pub const MCONTEXT: usize = 20;
pub const SC_TRAP_NO: usize = MCONTEXT;
pub const SC_ERROR_CODE: usize = MCONTEXT + 4;
pub const SC_OLDMASK: usize = MCONTEXT + 8;
/// r0..r15, then cpsr.
pub const SC_R0: usize = MCONTEXT + 12;
pub const SC_SP: usize = SC_R0 + 4 * 13;
pub const SC_LR: usize = SC_R0 + 4 * 14;
pub const SC_PC: usize = SC_R0 + 4 * 15;
pub const SC_CPSR: usize = SC_R0 + 4 * 16;
pub const SC_FAULT_ADDRESS: usize = SC_R0 + 4 * 17;
pub const UC_SIGMASK: usize = 104;
pub const UC_REGSPACE: usize = 232;
pub const VFP_MAGIC_AT: usize = UC_REGSPACE;
pub const VFP_SIZE_AT: usize = UC_REGSPACE + 4;
pub const VFP_FPREGS: usize = UC_REGSPACE + 8;
pub const VFP_FPSCR: usize = VFP_FPREGS + 256;
pub const VFP_FPEXC: usize = VFP_FPREGS + 264;
pub const VFP_STORAGE_SIZE: usize = 288;
pub const END_MAGIC: usize = UC_REGSPACE + VFP_STORAGE_SIZE;
pub const RETCODE: usize = 744;
/// sizeof(struct sigframe) and sizeof(struct rt_sigframe).
pub const SIGFRAME_SIZE: usize = 760;
pub const RT_SIGFRAME_SIZE: usize = SIGINFO_SIZE + SIGFRAME_SIZE;

pub const VFP_MAGIC: u32 = 0x5646_5001;
/// A sigframe's uc_flags.
const SIGFRAME_UC_FLAGS: u32 = 0x5ac3_c35a;
/// FPEXC as the kernel saves it for a thread that has used VFP: EN.
const FPEXC_EN: u32 = 1 << 30;

// CPSR bits.
const MODE_MASK: u32 = 0x1f;
const USR_MODE: u32 = 0x10;
const PSR_I: u32 = 1 << 7;

/// FPSCR's status bits (crossrun-a32 keeps them in `fpsr`): N, Z, C, V, QC and the
/// cumulative exception flags.
const FPSCR_STATUS: u32 = 0xf800_009f;
/// FPSCR's control bits crossrun-a32 keeps (in `fpcr`): AHP, DN, FZ, RMode, Stride, Len
/// (the exception trap enables read as zero).
const FPSCR_CONTROL: u32 = 0x07f7_0000;
/// FPSCR.Len and FPSCR.Stride, which a handler starts with cleared.
const FPSCR_VECTOR: u32 = 0x0037_0000;

/// The frames as the arm headers declare them: `struct ucontext`, `struct
/// vfp_sigframe`, `struct aux_sigframe` (arch/arm/include/asm/ucontext.h, with the
/// kernel's two-word sigset_t), `struct sigframe` and `struct rt_sigframe`
/// (arch/arm/kernel/signal.h) are the kernel's own, transcribed; `struct sigcontext`
/// is the uapi one.
fn frame_layouts() -> Vec<CStruct> {
    const HEADERS: Headers = Headers::Own(
        "#include <stddef.h>\n#include <asm/sigcontext.h>\n#include <asm/siginfo.h>\n#include <asm/signal.h>\n\
         typedef struct { unsigned long sig[2]; } kernel_sigset_t;\n\
         struct ucontext { unsigned long uc_flags; struct ucontext *uc_link; stack_t uc_stack;\n\
           struct sigcontext uc_mcontext; kernel_sigset_t uc_sigmask;\n\
           int __unused[32 - (sizeof(kernel_sigset_t) / sizeof(int))];\n\
           unsigned long uc_regspace[128] __attribute__((__aligned__(8))); };\n\
         struct user_vfp { unsigned long long fpregs[32]; unsigned long fpscr; };\n\
         struct user_vfp_exc { unsigned long fpexc; unsigned long fpinst; unsigned long fpinst2; };\n\
         struct vfp_sigframe { unsigned long magic; unsigned long size; struct user_vfp ufp;\n\
           struct user_vfp_exc ufp_exc; } __attribute__((__aligned__(8)));\n\
         struct aux_sigframe { struct vfp_sigframe vfp; unsigned long end_magic; } __attribute__((__aligned__(8)));\n\
         struct sigframe { struct ucontext uc; unsigned long retcode[4]; };\n\
         struct rt_sigframe { struct siginfo info; struct sigframe sig; };\n",
    );
    let s = |c_type, size, members: &[(&'static str, usize, usize)]| CStruct {
        c_type,
        headers: HEADERS,
        decl: "",
        size,
        members: members.iter().map(|&(m, o, n)| (m, field(o, n))).collect(),
        exprs: vec![],
    };
    let aux = |o: usize| o - UC_REGSPACE;
    vec![
        s(
            "struct sigframe",
            SIGFRAME_SIZE,
            &[
                ("uc.uc_flags", UC_FLAGS, 4),
                ("uc.uc_link", UC_LINK, 4),
                ("uc.uc_stack.ss_sp", UC_STACK_SP, 4),
                ("uc.uc_stack.ss_flags", UC_STACK_FLAGS, 4),
                ("uc.uc_stack.ss_size", UC_STACK_SIZE, 4),
                ("uc.uc_mcontext", MCONTEXT, 84),
                ("uc.uc_mcontext.trap_no", SC_TRAP_NO, 4),
                ("uc.uc_mcontext.error_code", SC_ERROR_CODE, 4),
                ("uc.uc_mcontext.oldmask", SC_OLDMASK, 4),
                ("uc.uc_mcontext.arm_r0", SC_R0, 4),
                ("uc.uc_mcontext.arm_fp", SC_R0 + 4 * 11, 4),
                ("uc.uc_mcontext.arm_ip", SC_R0 + 4 * 12, 4),
                ("uc.uc_mcontext.arm_sp", SC_SP, 4),
                ("uc.uc_mcontext.arm_lr", SC_LR, 4),
                ("uc.uc_mcontext.arm_pc", SC_PC, 4),
                ("uc.uc_mcontext.arm_cpsr", SC_CPSR, 4),
                ("uc.uc_mcontext.fault_address", SC_FAULT_ADDRESS, 4),
                ("uc.uc_sigmask", UC_SIGMASK, 8),
                ("uc.uc_regspace", UC_REGSPACE, 512),
                ("retcode", RETCODE, 16),
            ],
        ),
        s("struct rt_sigframe", RT_SIGFRAME_SIZE, &[("info", 0, SIGINFO_SIZE), ("sig", SIGINFO_SIZE, SIGFRAME_SIZE)]),
        s(
            "struct aux_sigframe",
            aux(END_MAGIC) + 8,
            &[
                ("vfp.magic", aux(VFP_MAGIC_AT), 4),
                ("vfp.size", aux(VFP_SIZE_AT), 4),
                ("vfp.ufp.fpregs", aux(VFP_FPREGS), 256),
                ("vfp.ufp.fpscr", aux(VFP_FPSCR), 4),
                ("vfp.ufp_exc.fpexc", aux(VFP_FPEXC), 4),
                ("vfp.ufp_exc.fpinst2", aux(VFP_FPEXC) + 8, 4),
                ("end_magic", aux(END_MAGIC), 4),
            ],
        ),
        s("struct vfp_sigframe", VFP_STORAGE_SIZE, &[("ufp", 8, 264), ("ufp_exc", 272, 12)]),
    ]
}

fn fpscr(cpu: &CpuState) -> u32 {
    (cpu.fp_control & FPSCR_CONTROL) | (cpu.fp_status & FPSCR_STATUS)
}

fn put32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

fn get32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().expect("4 bytes"))
}

/// What a fault leaves in the sigcontext: (trap_no, error_code, fault_address).
fn fault_records(fault: Option<(FaultCause, u64)>) -> (u32, u32, u32) {
    const WNR: u32 = 1 << 11;
    let wnr = |write: bool| if write { WNR } else { 0 };
    let Some((cause, addr)) = fault else { return (0, 0, 0) };
    let addr = addr as u32;
    match cause {
        // do_undefinstr: arm_notify_die(..., err 0, trap 6).
        FaultCause::Undefined { .. } => (6, 0, 0),
        FaultCause::IllegalTrap => (0, 0, 0),
        // A BKPT is a prefetch abort with the debug-event IFSR.
        FaultCause::Breakpoint { .. } => (0, 0x2, 0),
        // __do_user_fault: trap 14, the FSR, the FAR. Short-descriptor fault status:
        // translation fault (page) 0x7, permission fault (page) 0xf, alignment fault
        // 0x1, synchronous external abort 0x8.
        FaultCause::Data { write, mapped } => (14, wnr(write) | if mapped { 0xf } else { 0x7 }, addr),
        FaultCause::Bus { write } => (14, wnr(write) | 0x8, addr),
        FaultCause::Alignment { write } => (14, wnr(write) | 0x1, addr),
        FaultCause::Fetch => (14, 0x7, addr),
        FaultCause::PcAlignment => (14, 0x1, addr),
    }
}

/// A sigframe's bytes for the interrupted state `cpu` (uc_flags, uc_link and uc_stack
/// left for the caller).
fn encode_sigframe(cpu: &CpuState, req: &FrameRequest<'_>) -> Vec<u8> {
    let mut b = vec![0u8; SIGFRAME_SIZE];
    let (trap_no, error_code, fault_address) = fault_records(req.fault);
    put32(&mut b, SC_TRAP_NO, trap_no);
    put32(&mut b, SC_ERROR_CODE, error_code);
    put32(&mut b, SC_OLDMASK, req.sigmask as u32);
    for n in 0..15 {
        put32(&mut b, SC_R0 + 4 * n, cpu.x[n] as u32);
    }
    put32(&mut b, SC_PC, location::address_of(cpu.pc));
    put32(&mut b, SC_CPSR, crossrun_a32::cpsr(cpu));
    put32(&mut b, SC_FAULT_ADDRESS, fault_address);
    b[UC_SIGMASK..UC_SIGMASK + 8].copy_from_slice(&req.sigmask.to_le_bytes());
    put32(&mut b, VFP_MAGIC_AT, VFP_MAGIC);
    put32(&mut b, VFP_SIZE_AT, VFP_STORAGE_SIZE as u32);
    for n in 0..32 {
        let d = cpu.get(crossrun_a32::d_register(n as u8)) as u64;
        b[VFP_FPREGS + 8 * n..VFP_FPREGS + 8 * n + 8].copy_from_slice(&d.to_le_bytes());
    }
    put32(&mut b, VFP_FPSCR, fpscr(cpu));
    put32(&mut b, VFP_FPEXC, FPEXC_EN);
    // fpinst, fpinst2 and end_magic stay zero.
    b
}

/// setup_frame / setup_rt_frame and setup_return.
fn setup(cpu: &mut CpuState, req: &FrameRequest<'_>) -> Result<(), BadFrame> {
    let rt = req.sa_siginfo;
    let size = if rt { RT_SIGFRAME_SIZE } else { SIGFRAME_SIZE } as u64;
    let frame_at = req.top.wrapping_sub(size) & !7 & 0xffff_ffff;
    let sig_at = if rt { frame_at + SIGINFO_SIZE as u64 } else { frame_at };
    let mut sf = encode_sigframe(cpu, req);
    if rt {
        put32(&mut sf, UC_STACK_SP, req.altstack.sp as u32);
        put32(&mut sf, UC_STACK_FLAGS, req.altstack.flags as u32);
        put32(&mut sf, UC_STACK_SIZE, req.altstack.size as u32);
    } else {
        put32(&mut sf, UC_FLAGS, SIGFRAME_UC_FLAGS);
    }
    let handler_thumb = req.handler & 1 != 0;
    let idx = 2 * handler_thumb as usize + if rt { 3 } else { 0 };
    let lr = if req.trampoline {
        put32(&mut sf, RETCODE, CODES[idx]);
        put32(&mut sf, RETCODE + 4, CODES.get(idx + 1).copied().unwrap_or(0));
        req.restorer + 4 * idx as u64 + handler_thumb as u64
    } else {
        req.restorer
    };
    let bad = BadFrame { addr: frame_at };
    if rt {
        guest::write(frame_at, req.info).map_err(|_| bad)?;
    }
    guest::write(sig_at, &sf).map_err(|_| bad)?;
    // The handler's CPSR: flags, Q, J, IT and E cleared, GE kept, T from the handler.
    let cpsr = crossrun_a32::cpsr(cpu) & !(0xff00_0000 | 1 << 9) & !(0x3f << 10);
    crossrun_a32::set_cpsr(cpu, cpsr);
    cpu.fp_control &= !FPSCR_VECTOR;
    cpu.pc = location::location(req.handler as u32 & !1, handler_thumb, 0);
    cpu.x[0] = req.signo as u64;
    if rt {
        cpu.x[1] = frame_at;
        cpu.x[2] = sig_at;
    }
    cpu.x[13] = frame_at;
    cpu.x[14] = lr & 0xffff_ffff;
    cpu.monitor.valid = false;
    Ok(())
}

/// restore_sigframe: the sigframe at `at` into the registers; None for a bad frame.
fn restore_sigframe(cpu: &mut CpuState, at: u64) -> Option<u64> {
    let mut b = vec![0u8; SIGFRAME_SIZE];
    guest::read(at, &mut b).ok()?;
    let cpsr = get32(&b, SC_CPSR);
    // valid_user_regs: user mode with IRQs unmasked (the kernel clears F and A).
    if cpsr & MODE_MASK != USR_MODE || cpsr & PSR_I != 0 {
        return None;
    }
    if get32(&b, VFP_MAGIC_AT) != VFP_MAGIC || get32(&b, VFP_SIZE_AT) != VFP_STORAGE_SIZE as u32 {
        return None;
    }
    let mut r = cpu.clone();
    for n in 0..15 {
        r.x[n] = get32(&b, SC_R0 + 4 * n) as u64;
    }
    for n in 0..32 {
        let d = u64::from_le_bytes(b[VFP_FPREGS + 8 * n..VFP_FPREGS + 8 * n + 8].try_into().expect("8 bytes"));
        r.set(crossrun_a32::d_register(n as u8), d.into());
    }
    let fpscr = get32(&b, VFP_FPSCR);
    r.fp_status = fpscr & FPSCR_STATUS;
    r.fp_control = fpscr & FPSCR_CONTROL;
    // The return address's low bits are ignored as an exception return ignores them.
    let thumb = cpsr & (1 << 5) != 0;
    let pc = get32(&b, SC_PC) & if thumb { !1 } else { !3 };
    r.pc = location::location(pc, false, 0);
    crossrun_a32::set_cpsr(&mut r, cpsr);
    r.pc = location::with_fpscr(r.pc, fpscr);
    // An exception return clears the exclusive monitor.
    r.monitor.valid = false;
    *cpu = r;
    Some(u64::from_le_bytes(b[UC_SIGMASK..UC_SIGMASK + 8].try_into().expect("8 bytes")))
}

/// The frame must sit 8-byte aligned at sp.
fn frame_at(cpu: &CpuState) -> Result<u64, BadFrame> {
    let sp = cpu.x[13] & 0xffff_ffff;
    if sp % 8 != 0 {
        return Err(BadFrame { addr: sp });
    }
    Ok(sp)
}

/// rt_sigreturn: the rt_sigframe at sp, with its alternate stack.
fn restore_rt(cpu: &mut CpuState) -> Result<Restored, BadFrame> {
    let at = frame_at(cpu)?;
    let bad = BadFrame { addr: at };
    let sig_at = at + SIGINFO_SIZE as u64;
    let mut st = [0u8; 12];
    guest::read(sig_at + UC_STACK_SP as u64, &mut st).map_err(|_| bad)?;
    let sigmask = restore_sigframe(cpu, sig_at).ok_or(bad)?;
    let altstack = SigStack { sp: get32(&st, 0) as u64, flags: get32(&st, 4) as i32, size: get32(&st, 8) as u64 };
    Ok(Restored { sigmask, altstack: Some(altstack) })
}

/// sigreturn: the sigframe at sp; the alternate stack is left as it is.
fn restore_nonrt(cpu: &mut CpuState) -> Result<Restored, BadFrame> {
    let at = frame_at(cpu)?;
    let sigmask = restore_sigframe(cpu, at).ok_or(BadFrame { addr: at })?;
    Ok(Restored { sigmask, altstack: None })
}

/// sigreturn (119), for handlers installed without SA_SIGINFO.
pub fn sigreturn(ctx: &mut Ctx<'_>, _: [u64; 6]) -> SysResult {
    match ctx.process.sigreturn_with(ctx.thread, ctx.cpu, ctx.abi.minsigstksz, restore_nonrt) {
        Ok(r0) => Ok(r0),
        Err(f) => {
            ctx.stop = Some(Stop::Fatal(f));
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::arm_guest;
    use super::*;
    use crate::signal::deliver::{Delivery, SA_RESTORER, SA_SIGINFO};
    use crate::signal::siginfo::{self, SigInfo};
    use crate::sys::signal::bit;
    use crate::testutil::Guest;

    const SIG: i32 = libc::SIGUSR1;

    fn sample_cpu(sp: u64, thumb: bool) -> CpuState {
        let mut cpu = CpuState::default();
        for i in 0..15 {
            cpu.x[i] = 0xa000 + i as u64;
        }
        for i in 0..32 {
            cpu.set(crossrun_a32::d_register(i), 0x1111_0000_0000_0000 | u128::from(i));
        }
        cpu.x[13] = sp;
        cpu.pc = location::location(0x1_0400, thumb, if thumb { 0x08 } else { 0 });
        cpu.nzcv = 0x9000_0000;
        cpu.fp_status = 0x0800_0010; // QC, IXC
        cpu.fp_control = 0x0340_0000; // DN, FZ, round towards plus infinity
        cpu
    }

    fn install(g: &mut Guest, handler: u64, flags: u64, restorer: u64) {
        let l = g.process.abi().layouts.sigaction;
        let act = g.alloc(64);
        let mut r = crate::abi::layout::Record::zeroed(l.size);
        r.set(l.handler, handler);
        r.set(l.flags, flags);
        r.set(l.restorer.unwrap(), restorer);
        r.set(l.mask, bit(libc::SIGUSR2));
        r.write(act).unwrap();
        assert_eq!(g.call("rt_sigaction", &[SIG as u64, act, 0, 8]), 0);
    }

    fn deliver(g: &mut Guest) {
        let d = Delivery { info: SigInfo::sent(SIG, siginfo::SI_QUEUE), fault: None };
        let (_, action) = g.process.take_action(SIG);
        g.process.deliver(&mut g.thread, &mut g.cpu, &d, &action).unwrap();
    }

    #[test]
    fn an_rt_handler_gets_the_rt_sigframe_and_rt_sigreturn_restores_everything() {
        let mut g = arm_guest();
        let stack = g.alloc(64 << 10);
        let top = stack + (64 << 10) - 4;
        install(&mut g, 0x2_0001, SA_SIGINFO | SA_RESTORER, 0x3_0000);
        g.cpu = sample_cpu(top, true);
        let cpsr = crossrun_a32::cpsr(&g.cpu);
        crossrun_a32::set_cpsr(&mut g.cpu, cpsr | 0xf << 16); // GE
        let before = g.cpu.clone();
        let mask_before = g.thread.sigmask;
        deliver(&mut g);
        let frame = g.cpu.x[13];
        assert_eq!(frame % 8, 0);
        assert_eq!(frame, (top - RT_SIGFRAME_SIZE as u64) & !7);
        assert_eq!((g.cpu.x[0], g.cpu.x[1], g.cpu.x[2]), (SIG as u64, frame, frame + 128));
        assert_eq!(g.cpu.x[14], 0x3_0000, "lr: the SA_RESTORER");
        assert_eq!((location::address_of(g.cpu.pc), location::thumb(g.cpu.pc), location::itstate(g.cpu.pc)), (0x2_0000, true, 0));
        let handler_cpsr = crossrun_a32::cpsr(&g.cpu);
        assert_eq!(handler_cpsr & 0xf800_0000, 0, "flags cleared");
        assert_eq!(handler_cpsr & (0xf << 16), 0xf << 16, "GE kept");
        assert_eq!(g.cpu.fp_control & FPSCR_VECTOR, 0);
        let uc = frame + 128;
        let rd = |off: usize| crate::guest::read_u32(uc + off as u64).unwrap();
        assert_eq!(crate::guest::read_u32(frame).unwrap(), SIG as u32, "si_signo");
        assert_eq!(rd(UC_FLAGS), 0);
        assert_eq!(rd(SC_R0 + 4 * 7), 0xa007);
        assert_eq!(rd(SC_SP), top as u32);
        assert_eq!(rd(SC_PC), 0x1_0400);
        let cpsr = rd(SC_CPSR);
        assert_eq!(cpsr & 0xf000_0000, 0x9000_0000);
        assert_eq!(cpsr & (1 << 5), 1 << 5, "T");
        assert_eq!(cpsr & MODE_MASK, USR_MODE);
        assert_eq!(rd(SC_OLDMASK), mask_before as u32);
        assert_eq!(rd(VFP_MAGIC_AT), VFP_MAGIC);
        assert_eq!(rd(VFP_SIZE_AT), 288);
        assert_eq!(crate::guest::read_u64(uc + VFP_FPREGS as u64 + 8 * 31).unwrap(), 0x1111_0000_0000_001f);
        assert_eq!(rd(VFP_FPSCR), 0x0b40_0010);
        assert_eq!(rd(END_MAGIC), 0);
        assert_eq!(g.thread.sigmask, mask_before | bit(SIG) | bit(libc::SIGUSR2));
        // The handler scribbles, then returns through rt_sigreturn.
        for i in 0..15 {
            g.cpu.x[i] = 0xdead;
        }
        g.cpu.x[13] = frame;
        g.cpu.v = [7; 32];
        g.cpu.fp_status = 0;
        g.cpu.fp_control = 0;
        g.cpu.nzcv = 0;
        let r = g.call("rt_sigreturn", &[]);
        assert_eq!(r as u64, before.x[0]);
        assert_eq!(g.cpu.x[..15], before.x[..15]);
        // D0..D31, all of Q0..Q15 (the vector registers beyond are not arm's).
        assert_eq!(g.cpu.v[..16], before.v[..16]);
        assert_eq!((g.cpu.pc, g.cpu.nzcv, g.cpu.fp_status, g.cpu.fp_control), (before.pc, before.nzcv, before.fp_status, before.fp_control), "pc with T and IT");
        assert_eq!(crossrun_a32::cpsr(&g.cpu), crossrun_a32::cpsr(&before));
        assert_eq!(g.thread.sigmask, mask_before);
    }

    #[test]
    fn a_handler_without_sa_siginfo_gets_a_sigframe_and_the_trampoline() {
        let mut g = arm_guest();
        let stack = g.alloc(64 << 10);
        let top = stack + (64 << 10);
        install(&mut g, 0x2_0000, 0, 0);
        g.cpu = sample_cpu(top, false);
        let before = g.cpu.clone();
        deliver(&mut g);
        let frame = g.cpu.x[13];
        assert_eq!(frame, top - SIGFRAME_SIZE as u64);
        assert_eq!(g.cpu.x[1], before.x[1], "no siginfo argument");
        assert_eq!(crate::guest::read_u32(frame).unwrap(), SIGFRAME_UC_FLAGS);
        assert!(!location::thumb(g.cpu.pc));
        // lr: the Arm sigreturn code in the trampoline page, which the frame's retcode
        // repeats.
        let lr = g.cpu.x[14];
        assert_eq!(lr & 3, 0);
        assert_eq!(crate::guest::read_u32(lr).unwrap(), 0xe3a0_7077, "mov r7, #119");
        assert_eq!(crate::guest::read_u32(lr + 4).unwrap(), 0xef00_0000, "svc #0");
        assert_eq!(crate::guest::read_u32(frame + RETCODE as u64).unwrap(), 0xe3a0_7077);
        // The handler changes r4 and the stack pointer's frame gets read back by
        // sigreturn (not rt_sigreturn: that would read a siginfo first).
        g.cpu.x[4] = 0;
        let r = g.call("sigreturn", &[]);
        assert_eq!(r as u64, before.x[0]);
        assert_eq!(g.cpu.x[4], before.x[4]);
        assert_eq!(g.cpu.pc, before.pc);
    }

    #[test]
    fn thumb_handlers_without_a_restorer_return_through_thumb_code() {
        let mut g = arm_guest();
        let stack = g.alloc(16 << 10);
        install(&mut g, 0x2_0001, SA_SIGINFO, 0);
        g.cpu = sample_cpu(stack + (16 << 10), false);
        deliver(&mut g);
        let lr = g.cpu.x[14];
        assert_eq!(lr & 1, 1, "Thumb");
        let word = crate::guest::read_u32(lr & !1).unwrap();
        assert_eq!(word, 0xdf00_27ad, "movs r7, #173; svc #0");
    }

    #[test]
    fn bad_frames_are_a_fatal_sigsegv() {
        let mut g = arm_guest();
        let stack = g.alloc(16 << 10);
        install(&mut g, 0x2_0000, SA_SIGINFO | SA_RESTORER, 0x3_0000);
        g.cpu = sample_cpu(stack + (16 << 10), false);
        deliver(&mut g);
        let frame = g.cpu.x[13];
        // A CPSR that is not user mode.
        let cpsr_at = frame + 128 + SC_CPSR as u64;
        let cpsr = crate::guest::read_u32(cpsr_at).unwrap();
        crate::guest::write_u32(cpsr_at, cpsr | 0x3).unwrap();
        assert!(matches!(g.call_raw("rt_sigreturn", &[]), Some(Stop::Fatal(f)) if f.sig == libc::SIGSEGV));
        crate::guest::write_u32(cpsr_at, cpsr).unwrap();
        // A VFP record of the wrong size.
        g.cpu.x[13] = frame;
        crate::guest::write_u32(frame + 128 + VFP_SIZE_AT as u64, 144).unwrap();
        assert!(matches!(g.call_raw("rt_sigreturn", &[]), Some(Stop::Fatal(_))));
        // A misaligned sp.
        g.cpu.x[13] = frame + 4;
        assert!(matches!(g.call_raw("rt_sigreturn", &[]), Some(Stop::Fatal(_))));
    }

    #[test]
    fn faults_record_the_short_descriptor_fsr() {
        assert_eq!(fault_records(Some((FaultCause::Data { write: true, mapped: false }, 0x1234))), (14, 0x807, 0x1234));
        assert_eq!(fault_records(Some((FaultCause::Data { write: false, mapped: true }, 8))), (14, 0xf, 8));
        assert_eq!(fault_records(Some((FaultCause::Alignment { write: false }, 0x1001))), (14, 0x1, 0x1001));
        assert_eq!(fault_records(Some((FaultCause::Undefined { insn: 0xe7f0_00f0 }, 0x1_0000))), (6, 0, 0));
        assert_eq!(fault_records(None), (0, 0, 0));
    }
}
