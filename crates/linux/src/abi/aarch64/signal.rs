//! The arm64 kernel's signal frame, byte for byte.
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

use crate::errno::Errno;
use crate::guest;
use crate::abi::layout::SigStack;
use crossrun_ir::CpuState;

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

pub const FPSIMD_MAGIC: u32 = 0x4650_8001;
pub const FPSIMD_SIZE: usize = 528;
pub const ESR_MAGIC: u32 = 0x4553_5201;
pub const ESR_SIZE: usize = 16;
pub const EXTRA_MAGIC: u32 = 0x4558_5401;

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
            fpsr: cpu.fpsr,
            fpcr: cpu.fpcr,
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
        cpu.fpsr = self.fpsr;
        cpu.fpcr = self.fpcr;
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
        put(&mut b, at, &FPSIMD_MAGIC.to_le_bytes());
        put(&mut b, at + 4, &(FPSIMD_SIZE as u32).to_le_bytes());
        put(&mut b, at + 8, &s.fpsr.to_le_bytes());
        put(&mut b, at + 12, &s.fpcr.to_le_bytes());
        for (i, v) in s.v.iter().enumerate() {
            put(&mut b, at + 16 + 16 * i, &v.to_le_bytes());
        }
        at += FPSIMD_SIZE;
        if let Some(esr) = self.esr {
            put(&mut b, at, &ESR_MAGIC.to_le_bytes());
            put(&mut b, at + 4, &(ESR_SIZE as u32).to_le_bytes());
            put(&mut b, at + 8, &esr.to_le_bytes());
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

/// Why a frame could not be restored (the kernel's `badframe`: the guest gets SIGSEGV).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadFrame;

/// Parses the rt_sigframe bytes the way the kernel's restore_sigframe does.
pub fn decode(b: &[u8]) -> Result<Saved, BadFrame> {
    if b.len() < FRAME_SIZE {
        return Err(BadFrame);
    }
    let mut x = [0u64; 31];
    for (i, r) in x.iter_mut().enumerate() {
        *r = get_u64(b, MC_REGS + 8 * i);
    }
    let pstate = get_u64(b, MC_PSTATE);
    if pstate & PSTATE_MUST_BE_ZERO != 0 {
        return Err(BadFrame);
    }
    // Walk the records: an fpsimd_context is required, unknown ones are refused, as the
    // kernel does (crossrun never writes an extra_context).
    let mut fp = None;
    let mut at = MC_RESERVED;
    loop {
        if at + 8 > MC_RESERVED + RESERVED_SIZE {
            return Err(BadFrame);
        }
        let (magic, size) = (get_u32(b, at), get_u32(b, at + 4) as usize);
        if magic == 0 {
            if size != 0 {
                return Err(BadFrame);
            }
            break;
        }
        if size < 8 || size % 16 != 0 || at + size > MC_RESERVED + RESERVED_SIZE {
            return Err(BadFrame);
        }
        match magic {
            FPSIMD_MAGIC if size == FPSIMD_SIZE && fp.is_none() => {
                let mut v = [0u128; 32];
                for (i, r) in v.iter_mut().enumerate() {
                    *r = u128::from_le_bytes(b[at + 16 + 16 * i..at + 32 + 16 * i].try_into().expect("16 bytes"));
                }
                fp = Some((get_u32(b, at + 8), get_u32(b, at + 12), v));
            }
            ESR_MAGIC => {}
            _ => return Err(BadFrame),
        }
        at += size;
    }
    let (fpsr, fpcr, v) = fp.ok_or(BadFrame)?;
    Ok(Saved {
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

/// Reads the frame at `addr` back.
pub fn read(addr: u64) -> Result<Saved, BadFrame> {
    let mut b = vec![0u8; FRAME_SIZE];
    guest::read(addr, &mut b).map_err(|_| BadFrame)?;
    decode(&b)
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
        cpu.fpsr = 0x0800_009f;
        cpu.fpcr = 0x0300_0000;
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
        assert_eq!(decode(&b), Ok(s.clone()));
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
        assert_eq!(decode(&b), Err(BadFrame));
        let mut b = good.clone();
        b[MC_RESERVED..MC_RESERVED + 4].copy_from_slice(&0x1234u32.to_le_bytes());
        assert_eq!(decode(&b), Err(BadFrame), "unknown record");
        let mut b = good;
        b[MC_RESERVED..MC_RESERVED + 8].fill(0);
        assert_eq!(decode(&b), Err(BadFrame), "no fpsimd record");
    }
}
