//! The riscv64 kernel's signal frame, byte for byte (arch/riscv/kernel/signal.c and the
//! uapi `asm/sigcontext.h`, `asm/ucontext.h`, `asm/ptrace.h`).
//!
//! ```text
//! struct rt_sigframe { siginfo_t info; struct ucontext uc; }            1088 bytes
//!   info                        0   128
//!   uc.uc_flags               128     8
//!   uc.uc_link                136     8
//!   uc.uc_stack               144    24   (ss_sp 8, ss_flags 4 + 4 pad, ss_size 8)
//!   uc.uc_sigmask             168     8   (+ 120 bytes of padding to 1024 bits)
//!   uc.uc_mcontext            304   784   (struct sigcontext, 16-byte aligned)
//!     sc_regs                   0   256   pc, then x1..x31 (struct user_regs_struct)
//!     sc_fpregs               256   528   union __riscv_fp_state:
//!       d.f[32]               256   256   f0..f31
//!       d.fcsr                512     4
//!       extension header      772    12   reserved (u32, zero) and the first
//!                                         __riscv_ctx_hdr {magic, size}
//! ```
//! crossrun has no vector state, so the header is the END header (magic 0, size 0) the
//! kernel writes for a hart without V; sigreturn refuses anything else, as a kernel
//! without V does. Handlers always get (signo, &info, &uc) in a0..a2, whatever
//! SA_SIGINFO says (the kernel passes them regardless), and return to the vDSO's
//! `__vdso_rt_sigreturn` through ra: riscv has no SA_RESTORER. A fault leaves nothing in
//! the frame beyond siginfo: the riscv64 sigcontext has no fault address or cause.

use crate::abi::layout::{field, CStruct, Headers, SigStack};
use crate::guest;
use crate::signal::{BadFrame, FrameRequest, Restored, SignalArch};
use crossrun_ir::CpuState;

/// The riscv64 signal frame.
pub static SIGNALS: SignalArch = SignalArch { setup, restore, trampoline: &TRAMPOLINE, sa_restorer: false, frame_layouts };

/// `li a7, 139` (rt_sigreturn); `ecall`: the vDSO's `__vdso_rt_sigreturn`.
const TRAMPOLINE: [u8; 8] = {
    let (a, b) = (0x08b0_0893u32.to_le_bytes(), 0x0000_0073u32.to_le_bytes());
    [a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]]
};

pub const SIGINFO: usize = 0;
pub const UC: usize = 128;
pub const UC_FLAGS: usize = UC;
pub const UC_LINK: usize = UC + 8;
pub const UC_STACK_SP: usize = UC + 16;
pub const UC_STACK_FLAGS: usize = UC + 24;
pub const UC_STACK_SIZE: usize = UC + 32;
pub const UC_SIGMASK: usize = UC + 40;
pub const MCONTEXT: usize = UC + 176;
/// `sc_regs`: slot 0 is the pc, slot n is x(n).
pub const SC_REGS: usize = MCONTEXT;
pub const SC_FPREGS: usize = MCONTEXT + 256;
pub const SC_FCSR: usize = SC_FPREGS + 256;
/// `__riscv_extra_ext_header.reserved` and `.hdr`, at the end of the fp union.
pub const SC_EXT_RESERVED: usize = SC_FPREGS + 516;
pub const SC_EXT_HDR: usize = SC_FPREGS + 520;
/// sizeof(struct rt_sigframe).
pub const FRAME_SIZE: usize = SC_FPREGS + 528;

/// The frame as the riscv64 headers declare it (`struct rt_sigframe` is the kernel's
/// own, arch/riscv/kernel/signal.c, transcribed); the extension header sits in the
/// reserved words at the end of the fp union's largest member, `q`.
fn frame_layouts() -> Vec<CStruct> {
    let members: &[(&'static str, usize, usize)] = &[
        ("info", SIGINFO, 128),
        ("uc.uc_flags", UC_FLAGS, 8),
        ("uc.uc_link", UC_LINK, 8),
        ("uc.uc_stack.ss_sp", UC_STACK_SP, 8),
        ("uc.uc_stack.ss_flags", UC_STACK_FLAGS, 4),
        ("uc.uc_stack.ss_size", UC_STACK_SIZE, 8),
        ("uc.uc_sigmask", UC_SIGMASK, 8),
        ("uc.uc_mcontext", MCONTEXT, FRAME_SIZE - MCONTEXT),
        ("uc.uc_mcontext.sc_regs.pc", SC_REGS, 8),
        ("uc.uc_mcontext.sc_regs.ra", SC_REGS + 8, 8),
        ("uc.uc_mcontext.sc_regs.t6", SC_REGS + 8 * 31, 8),
        ("uc.uc_mcontext.sc_fpregs", SC_FPREGS, FRAME_SIZE - SC_FPREGS),
        ("uc.uc_mcontext.sc_fpregs.d.f", SC_FPREGS, 32 * 8),
        ("uc.uc_mcontext.sc_fpregs.d.fcsr", SC_FCSR, 4),
        ("uc.uc_mcontext.sc_fpregs.q.reserved[0]", SC_EXT_RESERVED, 4),
        ("uc.uc_mcontext.sc_fpregs.q.reserved[1]", SC_EXT_HDR, 4),
        ("uc.uc_mcontext.sc_fpregs.q.reserved[2]", SC_EXT_HDR + 4, 4),
    ];
    vec![CStruct {
        c_type: "struct rt_sigframe",
        headers: Headers::Own(
            "#include <stddef.h>\n#include <asm/sigcontext.h>\n#include <asm/siginfo.h>\n#include <asm/signal.h>\n\
             #include <asm/ucontext.h>\n",
        ),
        decl: "struct rt_sigframe { siginfo_t info; struct ucontext uc; };",
        size: FRAME_SIZE,
        members: members.iter().map(|&(m, o, n)| (m, field(o, n))).collect(),
        exprs: vec![],
    }]
}

/// `fcsr` in the frame: fflags in bits 4:0, frm in bits 7:5.
fn fcsr(cpu: &CpuState) -> u32 {
    (cpu.fp_status & 0x1f) | (cpu.fp_control & 7) << 5
}

fn put(buf: &mut [u8], off: usize, v: &[u8]) {
    buf[off..off + v.len()].copy_from_slice(v);
}

fn get_u64(buf: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(buf[off..off + 8].try_into().expect("8 bytes"))
}

fn get_u32(buf: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(buf[off..off + 4].try_into().expect("4 bytes"))
}

/// The frame's bytes for the interrupted state `cpu`.
fn encode(cpu: &CpuState, info: &[u8; 128], sigmask: u64, altstack: SigStack) -> Vec<u8> {
    let mut b = vec![0u8; FRAME_SIZE];
    put(&mut b, SIGINFO, info);
    put(&mut b, UC_STACK_SP, &altstack.sp.to_le_bytes());
    put(&mut b, UC_STACK_FLAGS, &altstack.flags.to_le_bytes());
    put(&mut b, UC_STACK_SIZE, &altstack.size.to_le_bytes());
    put(&mut b, UC_SIGMASK, &sigmask.to_le_bytes());
    put(&mut b, SC_REGS, &cpu.pc.to_le_bytes());
    for n in 1..32 {
        put(&mut b, SC_REGS + 8 * n, &cpu.x[n].to_le_bytes());
    }
    for n in 0..32 {
        put(&mut b, SC_FPREGS + 8 * n, &(cpu.v[n] as u64).to_le_bytes());
    }
    put(&mut b, SC_FCSR, &fcsr(cpu).to_le_bytes());
    // The reserved word and the END header stay zero.
    b
}

/// Puts the registers saved in frame bytes `b` back; None for a bad frame.
fn decode(b: &[u8], cpu: &mut CpuState) -> Option<Restored> {
    if b.len() < FRAME_SIZE || get_u32(b, SC_EXT_RESERVED) != 0 || get_u64(b, SC_EXT_HDR) != 0 {
        return None;
    }
    cpu.pc = get_u64(b, SC_REGS);
    for n in 1..32 {
        cpu.x[n] = get_u64(b, SC_REGS + 8 * n);
    }
    for n in 0..32 {
        cpu.v[n] = get_u64(b, SC_FPREGS + 8 * n) as u128;
    }
    let fcsr = get_u32(b, SC_FCSR);
    cpu.fp_status = fcsr & 0x1f;
    cpu.fp_control = (fcsr >> 5) & 7;
    // An exception return drops any LR reservation.
    cpu.monitor.valid = false;
    Some(Restored {
        sigmask: get_u64(b, UC_SIGMASK),
        altstack: Some(SigStack {
            sp: get_u64(b, UC_STACK_SP),
            flags: get_u32(b, UC_STACK_FLAGS) as i32,
            size: get_u64(b, UC_STACK_SIZE),
        }),
    })
}

/// setup_rt_frame: the frame 16-byte aligned below `top`; the handler gets (signo, &info,
/// &uc) in a0..a2, sp at the frame and returns through ra.
fn setup(cpu: &mut CpuState, req: &FrameRequest<'_>) -> Result<(), BadFrame> {
    let frame_at = req.top.wrapping_sub(FRAME_SIZE as u64) & !15;
    let bytes = encode(cpu, req.info, req.sigmask, req.altstack);
    guest::write(frame_at, &bytes).map_err(|_| BadFrame { addr: frame_at })?;
    cpu.x[10] = req.signo as u64;
    cpu.x[11] = frame_at + SIGINFO as u64;
    cpu.x[12] = frame_at + UC as u64;
    cpu.x[2] = frame_at;
    cpu.x[1] = req.restorer;
    cpu.pc = req.handler;
    cpu.monitor.valid = false;
    Ok(())
}

/// rt_sigreturn: the frame is at sp.
fn restore(cpu: &mut CpuState) -> Result<Restored, BadFrame> {
    let at = cpu.x[2];
    let bad = BadFrame { addr: at };
    let mut b = vec![0u8; FRAME_SIZE];
    guest::read(at, &mut b).map_err(|_| bad)?;
    let mut restored = cpu.clone();
    let r = decode(&b, &mut restored).ok_or(bad)?;
    *cpu = restored;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signal::deliver::{Delivery, SA_SIGINFO};
    use crate::signal::siginfo::{self, SigInfo};
    use crate::sys::signal::bit;
    use crate::testutil::Guest;

    #[test]
    fn layout_is_the_riscv64_kernels() {
        // sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext) (=176) +
        // sizeof(struct sigcontext) (=256 + 528).
        assert_eq!(FRAME_SIZE, 1088);
        assert_eq!(MCONTEXT - UC, 176);
        assert_eq!(FRAME_SIZE % 16, 0);
    }

    fn sample_cpu(sp: u64) -> CpuState {
        let mut cpu = CpuState::default();
        for i in 1..32 {
            cpu.x[i] = 0xb000 + i as u64;
        }
        for i in 0..32 {
            cpu.v[i] = 0xffff_ffff_0000_0000 | i as u128;
        }
        cpu.x[2] = sp;
        cpu.pc = 0x1_0000;
        cpu.fp_status = 0x1f;
        cpu.fp_control = 3;
        cpu
    }

    #[test]
    fn delivery_passes_info_without_sa_siginfo_and_sigreturn_restores_everything() {
        const SIG: i32 = 41;
        let mut g = Guest::for_arch(&super::super::ARCH);
        let stack = vec![0u8; 64 << 10];
        let top = (stack.as_ptr() as u64 + stack.len() as u64) & !15;
        // No SA_SIGINFO, and the guest's sigaction has no sa_restorer field at all.
        let act = [0x2_0000u64, 0, bit(libc::SIGUSR2)];
        assert_eq!(g.call("rt_sigaction", &[SIG as u64, act.as_ptr() as u64, 0, 8]), 0);
        g.cpu = sample_cpu(top - 8);
        let before = g.cpu.clone();
        let mask_before = g.thread.sigmask;
        let d = Delivery { info: SigInfo::sent(SIG, siginfo::SI_QUEUE), fault: None };
        let (_, action) = g.process.take_action(SIG);
        assert_eq!(action.flags & SA_SIGINFO, 0);
        g.process.deliver(&mut g.thread, &mut g.cpu, &d, &action).unwrap();
        let frame_at = g.cpu.x[2];
        assert_eq!(frame_at % 16, 0);
        assert!(frame_at + FRAME_SIZE as u64 <= top - 8);
        assert_eq!((g.cpu.x[10], g.cpu.x[11], g.cpu.x[12]), (SIG as u64, frame_at, frame_at + 128));
        assert_eq!(g.cpu.pc, 0x2_0000);
        // ra: the sigreturn trampoline, which is `li a7, 139; ecall`.
        let mut code = [0u8; 8];
        crate::guest::read(g.cpu.x[1], &mut code).unwrap();
        assert_eq!(code, TRAMPOLINE);
        let rd = |off: usize| crate::guest::read_u64(frame_at + off as u64).unwrap();
        assert_eq!(rd(SC_REGS), 0x1_0000, "pc");
        assert_eq!(rd(SC_REGS + 8 * 10), 0xb00a, "a0");
        assert_eq!(rd(SC_FPREGS + 8 * 31), 0xffff_ffff_0000_001f, "f31");
        assert_eq!(crate::guest::read_u32(frame_at + SC_FCSR as u64).unwrap(), 0x1f | 3 << 5, "fcsr");
        assert_eq!(rd(UC_SIGMASK), mask_before);
        assert_eq!(crate::guest::read_u32(frame_at).unwrap(), SIG as u32, "si_signo, though no SA_SIGINFO");
        assert_eq!(g.thread.sigmask, mask_before | bit(SIG) | bit(libc::SIGUSR2));
        // The handler scribbles, then returns through rt_sigreturn.
        for i in 1..32 {
            g.cpu.x[i] = 0xdead;
        }
        g.cpu.x[2] = frame_at;
        g.cpu.v = [7; 32];
        g.cpu.fp_status = 0;
        g.cpu.fp_control = 0;
        let r = g.call("rt_sigreturn", &[]);
        assert_eq!(r as u64, before.x[10]);
        assert_eq!(g.cpu.x, before.x);
        assert_eq!(g.cpu.v.map(|v| v as u64), before.v.map(|v| v as u64));
        assert_eq!((g.cpu.pc, g.cpu.fp_status, g.cpu.fp_control), (before.pc, before.fp_status, before.fp_control));
        assert_eq!(g.thread.sigmask, mask_before);
    }

    #[test]
    fn sigreturn_refuses_frames_with_extension_state_it_does_not_have() {
        let mut cpu = sample_cpu(0);
        let mut b = encode(&cpu, &[0; 128], 0, SigStack::default());
        assert!(decode(&b, &mut cpu).is_some());
        b[SC_EXT_HDR..SC_EXT_HDR + 4].copy_from_slice(&0x5346_5457u32.to_le_bytes()); // RISCV_V_MAGIC
        assert!(decode(&b, &mut cpu).is_none());
        let mut b = encode(&cpu, &[0; 128], 0, SigStack::default());
        b[SC_EXT_RESERVED] = 1;
        assert!(decode(&b, &mut cpu).is_none());
    }
}
