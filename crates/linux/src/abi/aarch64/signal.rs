//! The arm64 kernel's signal frame, byte for byte, and the registers a handler starts
//! with (arch/arm64/kernel/signal.c: setup_rt_frame, setup_return, restore_sigframe).
//!
//! From arch/arm64/kernel/signal.c and arch/arm64/include/uapi/asm/sigcontext.h:
//! ```text
//! struct rt_sigframe { siginfo_t info; struct ucontext uc; }          4688 bytes
//!   info                      0   128
//!   uc.uc_flags             128     8
//!   uc.uc_link              136     8
//!   uc.uc_stack             144    24   (ss_sp 8, ss_flags 4 + 4 pad, ss_size 8)
//!   uc.uc_sigmask           168     8   (+ 120 bytes of padding to 1024 bits)
//!   uc.uc_mcontext          304  4384   (struct sigcontext, 16-byte aligned)
//!     fault_address           0     8
//!     regs[31]                8   248
//!     sp                    256     8
//!     pc                    264     8
//!     pstate                272     8
//!     __reserved[4096]      288  4096   (16-byte aligned): records, each
//!                                       { u32 magic; u32 size; ... }, then a null one
//! struct frame_record { u64 fp, lr; }   just above the rt_sigframe (16-byte aligned)
//! ```
//! Records written: `fpsimd_context` (magic 0x46508001, 528 bytes: fpsr, fpcr, vregs[32])
//! always, `esr_context` (magic 0x45535201, 16 bytes) for faults, then the 8-byte null
//! terminator. The frame is always sizeof(struct rt_sigframe) (the kernel rounds up to
//! at least that), as crossrun has no SVE/SME state to add.

use crate::abi::layout::{field, CStruct, Headers, SigStack};
use crate::arch::FaultCause;
use crate::errno::Errno;
use crate::guest;
use crate::signal::{BadFrame, FrameRequest, Restored, SignalArch};
use crossrun_ir::CpuState;

/// The aarch64 signal frame.
pub static SIGNALS: SignalArch = SignalArch { setup, restore, trampoline: &TRAMPOLINE, sa_restorer: true, frame_layouts };

/// `mov x8, #139` (rt_sigreturn); `svc #0`: the vDSO's `__kernel_rt_sigreturn`.
const TRAMPOLINE: [u8; 8] = {
    let (a, b) = (0xd280_1168u32.to_le_bytes(), 0xd400_0001u32.to_le_bytes());
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
pub const MC_FAULT_ADDRESS: usize = MCONTEXT;
pub const MC_REGS: usize = MCONTEXT + 8;
pub const MC_SP: usize = MCONTEXT + 256;
pub const MC_PC: usize = MCONTEXT + 264;
pub const MC_PSTATE: usize = MCONTEXT + 272;
pub const MC_RESERVED: usize = MCONTEXT + 288;
pub const RESERVED_SIZE: usize = 4096;
/// sizeof(struct rt_sigframe).
pub const FRAME_SIZE: usize = MC_RESERVED + RESERVED_SIZE;
/// sizeof(struct frame_record).
pub const FRAME_RECORD_SIZE: usize = 16;

/// Every record starts with `struct _aarch64_ctx { u32 magic; u32 size; }`.
pub const CTX_MAGIC: usize = 0;
pub const CTX_SIZE: usize = 4;
pub const FPSIMD_MAGIC: u32 = 0x4650_8001;
pub const FPSIMD_SIZE: usize = 528;
pub const FPSIMD_FPSR: usize = 8;
pub const FPSIMD_FPCR: usize = 12;
pub const FPSIMD_VREGS: usize = 16;
pub const ESR_MAGIC: u32 = 0x4553_5201;
pub const ESR_SIZE: usize = 16;
pub const ESR_ESR: usize = 8;
pub const EXTRA_MAGIC: u32 = 0x4558_5401;

/// The frame as the arm64 headers declare it: `struct rt_sigframe` and `struct
/// frame_record` are the kernel's own (arch/arm64/kernel/signal.c and
/// asm/stacktrace/frame.h), transcribed.
fn frame_layouts() -> Vec<CStruct> {
    const HEADERS: Headers = Headers::Own(
        "#include <stddef.h>\n#include <asm/sigcontext.h>\n#include <asm/siginfo.h>\n#include <asm/signal.h>\n\
         #include <asm/ucontext.h>\n",
    );
    let s = |c_type, decl, size, members: &[(&'static str, usize, usize)], exprs: Vec<(String, u64)>| CStruct {
        c_type,
        headers: HEADERS,
        decl,
        size,
        members: members.iter().map(|&(m, o, n)| (m, field(o, n))).collect(),
        exprs,
    };
    let mc = |o: usize| o - MCONTEXT;
    vec![
        s(
            "struct rt_sigframe",
            "struct rt_sigframe { siginfo_t info; struct ucontext uc; };",
            FRAME_SIZE,
            &[
                ("info", SIGINFO, 128),
                ("uc", UC, FRAME_SIZE - UC),
                ("uc.uc_flags", UC_FLAGS, 8),
                ("uc.uc_link", UC_LINK, 8),
                ("uc.uc_stack.ss_sp", UC_STACK_SP, 8),
                ("uc.uc_stack.ss_flags", UC_STACK_FLAGS, 4),
                ("uc.uc_stack.ss_size", UC_STACK_SIZE, 8),
                ("uc.uc_sigmask", UC_SIGMASK, 8),
                ("uc.uc_mcontext", MCONTEXT, FRAME_SIZE - MCONTEXT),
                ("uc.uc_mcontext.fault_address", MC_FAULT_ADDRESS, 8),
                ("uc.uc_mcontext.regs", MC_REGS, 31 * 8),
                ("uc.uc_mcontext.sp", MC_SP, 8),
                ("uc.uc_mcontext.pc", MC_PC, 8),
                ("uc.uc_mcontext.pstate", MC_PSTATE, 8),
                ("uc.uc_mcontext.__reserved", MC_RESERVED, RESERVED_SIZE),
            ],
            vec![],
        ),
        s(
            "struct sigcontext",
            "",
            FRAME_SIZE - MCONTEXT,
            &[("regs", mc(MC_REGS), 31 * 8), ("__reserved", mc(MC_RESERVED), RESERVED_SIZE)],
            vec![],
        ),
        s(
            "struct fpsimd_context",
            "",
            FPSIMD_SIZE,
            &[
                ("head.magic", CTX_MAGIC, 4),
                ("head.size", CTX_SIZE, 4),
                ("fpsr", FPSIMD_FPSR, 4),
                ("fpcr", FPSIMD_FPCR, 4),
                ("vregs", FPSIMD_VREGS, 32 * 16),
            ],
            vec![("FPSIMD_MAGIC".into(), FPSIMD_MAGIC as u64)],
        ),
        s(
            "struct esr_context",
            "",
            ESR_SIZE,
            &[("head.magic", CTX_MAGIC, 4), ("head.size", CTX_SIZE, 4), ("esr", ESR_ESR, 8)],
            vec![("ESR_MAGIC".into(), ESR_MAGIC as u64), ("EXTRA_MAGIC".into(), EXTRA_MAGIC as u64)],
        ),
        s(
            "struct frame_record",
            "struct frame_record { unsigned long long fp; unsigned long long lr; };",
            FRAME_RECORD_SIZE,
            &[("fp", 0, 8), ("lr", 8, 8)],
            vec![],
        ),
    ]
}

/// PSTATE bits kept from a frame: N, Z, C, V.
pub const PSTATE_NZCV: u64 = 0xf000_0000;
/// PSTATE bits that must be zero for a valid EL0 AArch64 state: M[4:0] (EL0t, AArch64)
/// and the D, A, I, F masks.
const PSTATE_MUST_BE_ZERO: u64 = 0x3df;

/// The interrupted state, saved in a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub x: [u64; 31],
    pub sp: u64,
    pub pc: u64,
    pub pstate: u64,
    pub fpsr: u32,
    pub fpcr: u32,
    pub v: [u128; 32],
    pub sigmask: u64,
    pub altstack: SigStack,
}

impl Saved {
    pub fn from_cpu(cpu: &CpuState, sigmask: u64, altstack: SigStack) -> Saved {
        let mut x = [0; 31];
        x.copy_from_slice(&cpu.x[..31]);
        Saved {
            x,
            sp: cpu.x[31],
            pc: cpu.pc,
            pstate: cpu.nzcv as u64 & PSTATE_NZCV,
            fpsr: cpu.fp_status,
            fpcr: cpu.fp_control,
            v: cpu.v,
            sigmask,
            altstack,
        }
    }

    /// Puts the saved registers back (not the mask and altstack, which are kernel state).
    pub fn restore_cpu(&self, cpu: &mut CpuState) {
        cpu.x[..31].copy_from_slice(&self.x);
        cpu.x[31] = self.sp;
        cpu.pc = self.pc;
        cpu.nzcv = (self.pstate & PSTATE_NZCV) as u32;
        cpu.fp_status = self.fpsr;
        cpu.fp_control = self.fpcr;
        cpu.v = self.v;
        // An exception return clears the exclusive monitor.
        cpu.monitor.valid = false;
    }
}

/// A frame's contents, as written to the guest.
#[derive(Clone, Debug)]
pub struct Frame {
    pub info: Option<[u8; 128]>,
    pub saved: Saved,
    pub fault_address: u64,
    /// ESR_EL1 for faults: an `esr_context` record is added.
    pub esr: Option<u64>,
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

impl Frame {
    /// The rt_sigframe bytes (FRAME_SIZE), followed by the frame record.
    pub fn encode(&self, frame_record: [u64; 2]) -> Vec<u8> {
        let mut b = vec![0u8; FRAME_SIZE + FRAME_RECORD_SIZE];
        if let Some(info) = &self.info {
            put(&mut b, SIGINFO, info);
        }
        let s = &self.saved;
        put(&mut b, UC_STACK_SP, &s.altstack.sp.to_le_bytes());
        put(&mut b, UC_STACK_FLAGS, &s.altstack.flags.to_le_bytes());
        put(&mut b, UC_STACK_SIZE, &s.altstack.size.to_le_bytes());
        put(&mut b, UC_SIGMASK, &s.sigmask.to_le_bytes());
        put(&mut b, MC_FAULT_ADDRESS, &self.fault_address.to_le_bytes());
        for (i, r) in s.x.iter().enumerate() {
            put(&mut b, MC_REGS + 8 * i, &r.to_le_bytes());
        }
        put(&mut b, MC_SP, &s.sp.to_le_bytes());
        put(&mut b, MC_PC, &s.pc.to_le_bytes());
        put(&mut b, MC_PSTATE, &s.pstate.to_le_bytes());
        let mut at = MC_RESERVED;
        put(&mut b, at + CTX_MAGIC, &FPSIMD_MAGIC.to_le_bytes());
        put(&mut b, at + CTX_SIZE, &(FPSIMD_SIZE as u32).to_le_bytes());
        put(&mut b, at + FPSIMD_FPSR, &s.fpsr.to_le_bytes());
        put(&mut b, at + FPSIMD_FPCR, &s.fpcr.to_le_bytes());
        for (i, v) in s.v.iter().enumerate() {
            put(&mut b, at + FPSIMD_VREGS + 16 * i, &v.to_le_bytes());
        }
        at += FPSIMD_SIZE;
        if let Some(esr) = self.esr {
            put(&mut b, at + CTX_MAGIC, &ESR_MAGIC.to_le_bytes());
            put(&mut b, at + CTX_SIZE, &(ESR_SIZE as u32).to_le_bytes());
            put(&mut b, at + ESR_ESR, &esr.to_le_bytes());
        }
        // The terminator (magic 0, size 0) is already zero.
        put(&mut b, FRAME_SIZE, &frame_record[0].to_le_bytes());
        put(&mut b, FRAME_SIZE + 8, &frame_record[1].to_le_bytes());
        b
    }

    /// Writes the frame at `addr` (the frame record goes right above it).
    pub fn write(&self, addr: u64, frame_record: [u64; 2]) -> Result<(), Errno> {
        guest::write(addr, &self.encode(frame_record))
    }
}

/// Parses the rt_sigframe bytes the way the kernel's restore_sigframe does; None for a
/// bad frame.
pub fn decode(b: &[u8]) -> Option<Saved> {
    if b.len() < FRAME_SIZE {
        return None;
    }
    let mut x = [0u64; 31];
    for (i, r) in x.iter_mut().enumerate() {
        *r = get_u64(b, MC_REGS + 8 * i);
    }
    let pstate = get_u64(b, MC_PSTATE);
    if pstate & PSTATE_MUST_BE_ZERO != 0 {
        return None;
    }
    // Walk the records: an fpsimd_context is required, unknown ones are refused, as the
    // kernel does (crossrun never writes an extra_context).
    let mut fp = None;
    let mut at = MC_RESERVED;
    loop {
        if at + 8 > MC_RESERVED + RESERVED_SIZE {
            return None;
        }
        let (magic, size) = (get_u32(b, at + CTX_MAGIC), get_u32(b, at + CTX_SIZE) as usize);
        if magic == 0 {
            if size != 0 {
                return None;
            }
            break;
        }
        if size < 8 || size % 16 != 0 || at + size > MC_RESERVED + RESERVED_SIZE {
            return None;
        }
        match magic {
            FPSIMD_MAGIC if size == FPSIMD_SIZE && fp.is_none() => {
                let mut v = [0u128; 32];
                for (i, r) in v.iter_mut().enumerate() {
                    let reg = at + FPSIMD_VREGS + 16 * i;
                    *r = u128::from_le_bytes(b[reg..reg + 16].try_into().expect("16 bytes"));
                }
                fp = Some((get_u32(b, at + FPSIMD_FPSR), get_u32(b, at + FPSIMD_FPCR), v));
            }
            ESR_MAGIC => {}
            _ => return None,
        }
        at += size;
    }
    let (fpsr, fpcr, v) = fp?;
    Some(Saved {
        x,
        sp: get_u64(b, MC_SP),
        pc: get_u64(b, MC_PC),
        pstate,
        fpsr,
        fpcr,
        v,
        sigmask: get_u64(b, UC_SIGMASK),
        altstack: SigStack {
            sp: get_u64(b, UC_STACK_SP),
            flags: get_u32(b, UC_STACK_FLAGS) as i32,
            size: get_u64(b, UC_STACK_SIZE),
        },
    })
}

/// Reads the frame at `addr` back; None if it cannot be read or is bad.
pub fn read(addr: u64) -> Option<Saved> {
    let mut b = vec![0u8; FRAME_SIZE];
    guest::read(addr, &mut b).ok()?;
    decode(&b)
}

/// setup_rt_frame: the frame record `{x29, x30}` 16-byte aligned below `top`, the
/// rt_sigframe below it; the handler gets (signo, &info, &uc) in x0..x2, sp at the
/// frame, x29 at the record and returns to the restorer through x30.
fn setup(cpu: &mut CpuState, req: &FrameRequest<'_>) -> Result<(), BadFrame> {
    let record_at = req.top.wrapping_sub(FRAME_RECORD_SIZE as u64) & !15;
    let frame_at = record_at.wrapping_sub(FRAME_SIZE as u64);
    // sigcontext.fault_address is the FAR: 0 for faults that set none.
    let (fault_address, esr) = match req.fault {
        Some((cause @ (FaultCause::Undefined { .. } | FaultCause::Breakpoint { .. }), _)) => (0, esr(&cause)),
        Some((cause, addr)) => (addr, esr(&cause)),
        None => (0, None),
    };
    // arm64 copies the siginfo and passes it only for SA_SIGINFO handlers.
    let f = Frame {
        info: req.sa_siginfo.then_some(*req.info),
        saved: Saved::from_cpu(cpu, req.sigmask, req.altstack),
        fault_address,
        esr,
    };
    f.write(frame_at, [cpu.x[29], cpu.x[30]]).map_err(|_| BadFrame { addr: frame_at })?;
    cpu.x[0] = req.signo as u64;
    if req.sa_siginfo {
        cpu.x[1] = frame_at + SIGINFO as u64;
        cpu.x[2] = frame_at + UC as u64;
    }
    cpu.x[31] = frame_at;
    cpu.x[29] = record_at;
    cpu.x[30] = req.restorer;
    cpu.pc = req.handler;
    cpu.monitor.valid = false;
    Ok(())
}

/// rt_sigreturn: the frame is at sp, which must be 16-byte aligned.
fn restore(cpu: &mut CpuState) -> Result<Restored, BadFrame> {
    let at = cpu.x[31];
    let bad = BadFrame { addr: at };
    if at % 16 != 0 {
        return Err(bad);
    }
    let saved = read(at).ok_or(bad)?;
    saved.restore_cpu(cpu);
    Ok(Restored { sigmask: saved.sigmask, altstack: Some(saved.altstack) })
}

/// The ESR_EL1 value the kernel reports in the frame's esr_context for a fault (EC in
/// bits 31:26, IL bit 25), or None for causes that write no esr_context.
fn esr(cause: &FaultCause) -> Option<u64> {
    const IL: u64 = 1 << 25;
    let wnr = |write: bool| if write { 1 << 6 } else { 0 };
    Some(match *cause {
        FaultCause::Undefined { .. } | FaultCause::IllegalTrap => return None,
        // A data abort from EL0: translation fault (level 3) when nothing is mapped,
        // else a permission fault (level 3); WnR for writes.
        FaultCause::Data { write, mapped } => (0x24 << 26) | IL | wnr(write) | if mapped { 0x0f } else { 0x07 },
        // An external abort (what a SIGBUS from a truncated file mapping reports).
        FaultCause::Bus { write } => (0x24 << 26) | IL | wnr(write) | 0x10,
        // An alignment fault.
        FaultCause::Alignment { write } => (0x24 << 26) | IL | wnr(write) | 0x21,
        // An instruction abort from EL0 (translation fault, level 3).
        FaultCause::Fetch => (0x20 << 26) | IL | 0x07,
        FaultCause::Breakpoint { imm } => (0x3c << 26) | IL | imm as u64,
        FaultCause::PcAlignment => (0x22 << 26) | IL,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_the_arm64_kernels() {
        // sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext) (=176) +
        // sizeof(struct sigcontext) (=4384).
        assert_eq!(FRAME_SIZE, 4688);
        assert_eq!(MCONTEXT - UC, 176);
        assert_eq!(MC_RESERVED - MCONTEXT, 288);
        assert_eq!(FRAME_SIZE - MCONTEXT, 4384);
        assert_eq!(UC_SIGMASK - UC, 40);
        assert_eq!(MC_PC - MCONTEXT, 264);
        assert_eq!(FRAME_SIZE % 16, 0);
        assert_eq!(MC_RESERVED % 16, 0);
        assert_eq!(FPSIMD_SIZE, 8 + 4 + 4 + 32 * 16);
    }

    fn sample() -> Saved {
        let mut cpu = CpuState::default();
        for i in 0..32 {
            cpu.x[i] = 0x1000 + i as u64 * 0x0101_0101;
            cpu.v[i] = (i as u128) << 100 | 0xdead_beef_0000 | i as u128;
        }
        cpu.pc = 0x40_1234;
        cpu.nzcv = 0xa000_0000;
        cpu.fp_status = 0x0800_009f;
        cpu.fp_control = 0x0300_0000;
        Saved::from_cpu(&cpu, 0x8000_0000_0000_0201, SigStack { sp: 0x7000, flags: 2, size: 8192 })
    }

    #[test]
    fn encode_decode_round_trips_every_register() {
        let s = sample();
        let f = Frame { info: Some([7; 128]), saved: s.clone(), fault_address: 0x10, esr: Some(0x9200_0047) };
        let b = f.encode([0x11, 0x22]);
        assert_eq!(b.len(), FRAME_SIZE + 16);
        assert_eq!(&b[..128], &[7; 128]);
        assert_eq!(get_u32(&b, MC_RESERVED), FPSIMD_MAGIC);
        assert_eq!(get_u32(&b, MC_RESERVED + 4), 528);
        assert_eq!(get_u32(&b, MC_RESERVED + 528), ESR_MAGIC);
        assert_eq!(get_u64(&b, MC_RESERVED + 528 + 8), 0x9200_0047);
        assert_eq!(get_u64(&b, MC_RESERVED + 544), 0, "null terminator");
        assert_eq!(get_u64(&b, MC_FAULT_ADDRESS), 0x10);
        assert_eq!(get_u64(&b, MC_REGS + 8 * 30), s.x[30]);
        assert_eq!(get_u64(&b, MC_SP), s.sp);
        assert_eq!(get_u64(&b, MC_PSTATE), 0xa000_0000);
        assert_eq!(get_u64(&b, FRAME_SIZE + 8), 0x22);
        assert_eq!(decode(&b), Some(s.clone()));
        let mut cpu = CpuState::default();
        cpu.monitor.valid = true;
        s.restore_cpu(&mut cpu);
        let again = Saved::from_cpu(&cpu, s.sigmask, s.altstack);
        assert_eq!(again, s);
        assert!(!cpu.monitor.valid);
    }

    #[test]
    fn bad_frames_are_refused() {
        let f = Frame { info: None, saved: sample(), fault_address: 0, esr: None };
        let good = f.encode([0, 0]);
        let mut b = good.clone();
        b[MC_PSTATE] |= 0x5; // EL1h
        assert_eq!(decode(&b), None);
        let mut b = good.clone();
        b[MC_RESERVED..MC_RESERVED + 4].copy_from_slice(&0x1234u32.to_le_bytes());
        assert_eq!(decode(&b), None, "unknown record");
        let mut b = good;
        b[MC_RESERVED..MC_RESERVED + 8].fill(0);
        assert_eq!(decode(&b), None, "no fpsimd record");
    }

    // Delivery through the generic signal code with this frame.

    use crate::signal::deliver::{Delivery, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTORER, SA_SIGINFO};
    use crate::signal::pending;
    use crate::signal::siginfo::{self, SigInfo};
    use crate::sys::signal::{bit, Disposition};
    use crate::testutil::Guest;

    fn aarch64_guest() -> Guest {
        Guest::for_arch(&super::super::ARCH)
    }

    /// A real-time signal no other test uses.
    const SIG: i32 = 40;

    fn install(g: &mut Guest, handler: u64, flags: u64, mask: u64) {
        let act = [handler, flags, 0x5000, mask];
        assert_eq!(g.call("rt_sigaction", &[SIG as u64, act.as_ptr() as u64, 0, 8]), 0);
    }

    fn sample_cpu(stack_top: u64) -> CpuState {
        let mut cpu = CpuState::default();
        for i in 0..31 {
            cpu.x[i] = 0xa000 + i as u64;
        }
        for i in 0..32 {
            cpu.v[i] = 0x1111_2222_3333_4444_5555_6666_7777_0000 + i as u128;
        }
        cpu.x[31] = stack_top;
        cpu.pc = 0x40_0000;
        cpu.nzcv = 0x6000_0000;
        cpu.fp_status = 0x10;
        cpu.fp_control = 0x0040_0000;
        cpu
    }

    #[test]
    fn delivery_builds_the_frame_and_sigreturn_restores_everything() {
        let mut g = aarch64_guest();
        let stack = vec![0u8; 64 << 10];
        let top = (stack.as_ptr() as u64 + stack.len() as u64) & !15;
        install(&mut g, 0x41_0000, SA_SIGINFO | SA_RESTORER, bit(libc::SIGUSR2));
        g.cpu = sample_cpu(top - 8); // an unaligned sp: the frame is still aligned
        let before = g.cpu.clone();
        let mask_before = g.thread.sigmask;
        let info = SigInfo::sent(SIG, siginfo::SI_QUEUE);
        let d = Delivery { info, fault: None };
        let (_, action) = g.process.take_action(SIG);
        g.process.deliver(&mut g.thread, &mut g.cpu, &d, &action).unwrap();
        let frame_at = g.cpu.x[31];
        assert_eq!(frame_at % 16, 0);
        assert_eq!(g.cpu.x[29], frame_at + FRAME_SIZE as u64, "x29 = the frame record, right above");
        assert!(g.cpu.x[29] + 16 <= top - 8);
        assert_eq!((g.cpu.x[0], g.cpu.x[1], g.cpu.x[2]), (SIG as u64, frame_at, frame_at + 128));
        assert_eq!((g.cpu.x[30], g.cpu.pc), (0x5000, 0x41_0000));
        assert_eq!(g.thread.sigmask, mask_before | bit(SIG) | bit(libc::SIGUSR2));
        // The frame, read back at the kernel's offsets.
        let rd = |off: usize| crate::guest::read_u64(frame_at + off as u64).unwrap();
        assert_eq!(rd(MC_PC), 0x40_0000);
        assert_eq!(rd(MC_REGS + 8 * 7), 0xa007);
        assert_eq!(rd(UC_SIGMASK), mask_before);
        assert_eq!(rd(FRAME_SIZE), 0xa000 + 29, "frame record: fp");
        assert_eq!(rd(FRAME_SIZE + 8), 0xa000 + 30, "frame record: lr");
        assert_eq!(crate::guest::read_u32(frame_at).unwrap(), SIG as u32, "si_signo");
        // The handler scribbles over everything, then returns through rt_sigreturn.
        for i in 0..31 {
            g.cpu.x[i] = 0xdead;
        }
        g.cpu.v = [7; 32];
        g.cpu.nzcv = 0;
        g.cpu.fp_status = 0;
        g.cpu.fp_control = 0;
        let r = g.call("rt_sigreturn", &[]);
        assert_eq!(r as u64, before.x[0]);
        // Every register comes back, x8 (which held rt_sigreturn's number) included.
        let (after, expect) = (g.cpu.clone(), before.clone());
        assert_eq!(after.x, expect.x);
        assert_eq!(after.v, expect.v);
        assert_eq!((after.pc, after.nzcv, after.fp_status, after.fp_control), (expect.pc, expect.nzcv, expect.fp_status, expect.fp_control));
        assert_eq!(g.thread.sigmask, mask_before);
    }

    #[test]
    fn sigreturn_with_a_bad_frame_is_a_fatal_sigsegv() {
        let mut g = aarch64_guest();
        g.cpu.x[31] = 8; // unreadable
        let stop = g.call_raw("rt_sigreturn", &[]);
        assert!(matches!(stop, Some(crate::dispatch::Stop::Fatal(f)) if f.sig == libc::SIGSEGV));
        g.cpu.x[31] = 0x1008; // misaligned
        assert!(matches!(g.call_raw("rt_sigreturn", &[]), Some(crate::dispatch::Stop::Fatal(_))));
    }

    #[test]
    fn altstack_onstack_nodefer_resethand() {
        let mut g = aarch64_guest();
        let alt = vec![0u8; 16 << 10];
        let ss = [alt.as_ptr() as u64, 0, alt.len() as u64];
        assert_eq!(g.call("sigaltstack", &[ss.as_ptr() as u64, 0]), 0);
        install(&mut g, 0x42_0000, SA_ONSTACK | SA_NODEFER | SA_RESETHAND | SA_RESTORER, 0);
        let stack = vec![0u8; 16 << 10];
        g.cpu = sample_cpu((stack.as_ptr() as u64 + stack.len() as u64) & !15);
        let mask_before = g.thread.sigmask;
        let d = Delivery { info: SigInfo::sent(SIG, 0), fault: None };
        let (_, action) = g.process.take_action(SIG);
        g.process.deliver(&mut g.thread, &mut g.cpu, &d, &action).unwrap();
        let sp = g.cpu.x[31];
        assert!(sp >= alt.as_ptr() as u64 && sp < alt.as_ptr() as u64 + alt.len() as u64, "frame on the altstack");
        assert_eq!(g.thread.sigmask, mask_before, "SA_NODEFER: not blocked");
        assert_eq!(g.cpu.x[1], 0xa001, "no SA_SIGINFO: x1 untouched");
        let table = g.process.signals.lock().unwrap();
        assert_eq!(table.disposition(SIG), Disposition::Default, "SA_RESETHAND");
        drop(table);
        // The saved uc_stack says the interrupted code was not on the altstack.
        let flags = crate::guest::read_u32(sp + UC_STACK_FLAGS as u64).unwrap();
        assert_eq!(flags, 0);
    }

    /// A signal recorded just before the call (the window turns the host call away) is,
    /// for the guest, a signal before its `svc`: the handler runs and then the call,
    /// even one the kernel never fails with EINTR and without SA_RESTART.
    #[test]
    fn a_call_the_window_turned_away_runs_again_after_the_handler() {
        let mut g = aarch64_guest();
        let stack = vec![0u8; 64 << 10];
        let top = (stack.as_ptr() as u64 + stack.len() as u64) & !15;
        install(&mut g, 0x41_0000, SA_SIGINFO | SA_RESTORER, 0);
        g.cpu = sample_cpu(top);
        g.cpu.pc = 0x40_0004; // just past the `svc` at 0x40_0000
        let word = 0u32;
        let args = [&word as *const u32 as u64, 1 | 128, 1, 0, 0, 0]; // FUTEX_WAKE_PRIVATE
        let mut info = [0u8; siginfo::SIZE];
        info[..4].copy_from_slice(&SIG.to_le_bytes());
        pending::record(SIG, &info);
        assert_eq!(g.call("futex", &args), -(libc::EINTR as i64));
        let futex = g.nr("futex");
        g.process.after_syscall(&mut g.thread, &mut g.cpu, futex, &args, crate::abi::Interrupted::RestartFutexWait).unwrap();
        assert_eq!(g.cpu.pc, 0x41_0000, "the handler runs");
        let frame_at = g.cpu.x[31];
        let rd = |off: usize| crate::guest::read_u64(frame_at + off as u64).unwrap();
        assert_eq!(rd(MC_PC), 0x40_0000, "and returns to the svc");
        assert_eq!(rd(MC_REGS), args[0], "with the call's first argument back in x0");
        assert_eq!(pending::recorded(), 0);
    }
}
